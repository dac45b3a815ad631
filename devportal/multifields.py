"""PHONE / EMAIL / WEB / IM / LINK values of leads, contacts and companies (bitrix24-rest.md §5.4).

Legacy write semantics (RU crm-contact-update.md and the core's tryInternalizeMultiFields):
- an item without ID adds a value (empty values are skipped); existing values stay;
- {ID, VALUE, VALUE_TYPE} changes that value;
- {ID, DELETE: "Y"}, {ID, VALUE: ""} and a bare {ID} delete it;
- values not mentioned are kept; IDs of another record are ignored.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from devportal.errors import RestError
from devportal.php import as_list
from devportal.schema import DEFAULT_VALUE_TYPE, MULTIFIELD_TYPES

if TYPE_CHECKING:
    from devportal.state import Portal

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_EMAIL_LABELS = {"WORK": "Рабочий e-mail", "HOME": "Частный e-mail", "MAILING": "E-mail для рассылок",
                 "OTHER": "Другой e-mail"}


def apply(portal: "Portal", row: dict, fields: dict[str, Any]) -> None:
    """Merge the multi-field items of `fields` into `row["_fm"]`, validating e-mails first."""
    changes = {t: [i for i in as_list(fields[t]) if isinstance(i, dict)] for t in MULTIFIELD_TYPES if t in fields}
    _validate(changes)
    store = row.setdefault("_fm", {})
    for type_id, items in changes.items():
        values = store.setdefault(type_id, [])
        for item in items:
            _apply_item(portal, values, type_id, item)
        if not values:
            store.pop(type_id)


def _apply_item(portal: "Portal", values: list[dict], type_id: str, item: dict) -> None:
    item_id = str(item.get("ID") or "").strip()
    value = str(item.get("VALUE") if item.get("VALUE") is not None else "").strip()
    value_type = str(item.get("VALUE_TYPE") or "").strip() or DEFAULT_VALUE_TYPE[type_id]
    if item_id and item_id not in ("0",):
        existing = next((v for v in values if v["ID"] == item_id), None)
        if existing is None:
            return
        if str(item.get("DELETE", "")).upper() == "Y" or not value:
            values.remove(existing)
        else:
            existing.update(VALUE=value, VALUE_TYPE=value_type)
        return
    if value:
        values.append({"ID": str(portal.next_multifield_id()), "VALUE_TYPE": value_type, "VALUE": value})


def _validate(changes: dict[str, list[dict]]) -> None:
    for item in changes.get("EMAIL", []):
        value = str(item.get("VALUE") or "").strip()
        if value and str(item.get("DELETE", "")).upper() != "Y" and not _EMAIL.match(value):
            label = _EMAIL_LABELS.get(str(item.get("VALUE_TYPE") or "WORK"), "E-mail")
            # RU crm-contact-update.md: ERROR_CORE «Поле Рабочий e-mail содержит некорректный адрес»
            raise RestError("ERROR_CORE", f"Поле \"{label}\" содержит некорректный адрес", 400)


def render(row: dict, types: tuple[str, ...] = MULTIFIELD_TYPES) -> dict[str, list[dict]]:
    """Output form: only types that have values, each item with TYPE_ID (crm_multifield)."""
    store = row.get("_fm", {})
    return {t: [{**v, "TYPE_ID": t} for v in store[t]] for t in types if store.get(t)}


def flags(row: dict) -> dict[str, str]:
    store = row.get("_fm", {})
    has_imol = any(v["VALUE_TYPE"] in ("OPENLINE", "IMOL") for v in store.get("IM", []))
    return {"HAS_PHONE": "Y" if store.get("PHONE") else "N", "HAS_EMAIL": "Y" if store.get("EMAIL") else "N",
            "HAS_IMOL": "Y" if has_imol else "N"}


def values_of(row: dict, type_id: str) -> list[str]:
    return [v["VALUE"] for v in row.get("_fm", {}).get(type_id, [])]
