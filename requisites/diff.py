"""Field-by-field comparison of what the portal holds with what the registry says."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from requisites.model import FieldDiff, FieldState, Section

__all__ = ["compare_values", "diff_fields", "is_blank", "ADDRESS_PARTS"]

ADDRESS_PARTS = ("ADDRESS_1", "ADDRESS_2", "CITY", "POSTAL_CODE", "REGION", "PROVINCE", "COUNTRY")
_QUOTES = re.compile(r"[«»„“”\"']")


def is_blank(value: Any) -> bool:
    return value is None or not str(value).strip()


def _loose(value: Any) -> str:
    """Same value spelled differently compares equal: quotes, case, ё/е, spaces."""
    text = _QUOTES.sub(" ", str(value)).casefold().replace("ё", "е")
    return " ".join(text.split())


def compare_values(current: Any, proposed: Any) -> FieldState:
    if is_blank(current):
        return FieldState.SAME if is_blank(proposed) else FieldState.EMPTY
    if str(current).strip() == str(proposed).strip():
        return FieldState.SAME
    if _loose(current) == _loose(proposed):
        return FieldState.FORMAT
    return FieldState.DIFFERENT


def _as_text(value: Any) -> str | None:
    return None if is_blank(value) else str(value).strip()


def diff_fields(section: Section, current: Mapping[str, Any] | None, proposed: Mapping[str, Any],
                names: Iterable[str] | None = None) -> tuple[FieldDiff, ...]:
    """One `FieldDiff` per proposed field, in the proposal's order.

    With `names` (used for the address, which is written as a whole) every listed field is
    compared, and a portal value the registry lacks shows as DIFFERENT with proposed "" — replacing
    the address clears it.
    """
    current = current or {}
    rows = []
    for name in names if names is not None else proposed.keys():
        value = proposed.get(name)
        if is_blank(value):
            if names is not None and not is_blank(current.get(name)):
                rows.append(FieldDiff(section, name, _as_text(current.get(name)), "", FieldState.DIFFERENT))
            continue
        rows.append(FieldDiff(section, name, _as_text(current.get(name)), str(value),
                              compare_values(current.get(name), value)))
    return tuple(rows)
