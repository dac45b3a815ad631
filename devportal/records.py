"""In-memory rows with Bitrix24 list semantics: filter operators, order, 50-row pages, `start=-1`.

Filter keys carry an operator prefix (bitrix24-rest.md §4.4): `>=`, `>`, `<=`, `<`, `@` (in), `!@`,
`%` (substring), `=%`/`%=` (LIKE with explicit %), `!%`, `=` (default), `!=`/`!` (not equal). A list
value with `=` means IN, as in the legacy filters. Text compares case-insensitively (MySQL collation).
Unknown filter fields are ignored, as the legacy list methods do.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from devportal import clock
from devportal.php import as_list

PAGE_SIZE = 50
OPERATORS = (">=", "<=", "!@", "=%", "%=", "!%", "!=", ">", "<", "@", "%", "=", "!")
NUMERIC_TYPES = {"integer", "double", "user", "crm_company", "crm_contact", "crm_lead", "crm_entity",
                 "crm_quote", "crm_category", "location"}
DATE_TYPES = {"date", "datetime"}

Getter = Callable[[dict, str], Any]


def _plain_get(row: dict, name: str) -> Any:
    return row.get(name)


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Condition:
    op: str
    field: str
    value: Any
    kind: str            # "number", "date", "text" or "multi"

    def matches(self, actual: Any) -> bool:
        if self.kind == "multi":
            values = [item["VALUE"] for item in actual or ()]
            wanted = {str(v).strip().lower() for v in as_list(self.value)}
            hit = any(v.strip().lower() in wanted for v in values)
            return not hit if self.op in ("!", "!=", "!@", "!%") else hit
        if self.op in ("@", "!@") or (self.op in ("=", "!", "!=") and isinstance(self.value, (list, dict))):
            hit = any(self._equal(actual, v) for v in as_list(self.value))
            return not hit if self.op.startswith("!") else hit
        if self.op == "=":
            return self._equal(actual, self.value)
        if self.op in ("!", "!="):
            return not self._equal(actual, self.value)
        if self.op in ("%", "!%"):
            hit = str(self.value).lower() in ("" if actual is None else str(actual)).lower()
            return hit if self.op == "%" else not hit
        if self.op in ("=%", "%="):
            return _like(str(self.value)).fullmatch("" if actual is None else str(actual)) is not None
        return self._compare(actual)

    def _key(self, value: Any) -> Any:
        if self.kind == "number":
            return _number(value)
        if self.kind == "date":
            return clock.normalize_datetime(str(value)) if value not in (None, "") else None
        return None if value is None else str(value).lower()

    def _equal(self, actual: Any, wanted: Any) -> bool:
        if wanted in (None, "") or wanted is False:
            return actual in (None, "")
        return actual is not None and self._key(actual) == self._key(wanted)

    def _compare(self, actual: Any) -> bool:
        left, right = self._key(actual), self._key(self.value)
        if left is None or right is None:
            return False
        return {">": left > right, ">=": left >= right, "<": left < right, "<=": left <= right}[self.op]


def _like(pattern: str) -> re.Pattern:
    parts = (".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern)
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def parse_filter(filter_: Any, field_types: dict[str, str]) -> list[Condition]:
    """Turn {'>ID': 5, '%TITLE': 'ром'} into conditions; fields the object lacks are dropped."""
    conditions = []
    for key, value in (filter_ or {}).items() if isinstance(filter_, dict) else ():
        key = str(key).strip()
        op = next((o for o in OPERATORS if key.startswith(o)), "=")
        name = key[len(op):] if key.startswith(op) else key
        name = name.upper() if name.upper() in field_types else name
        if name not in field_types:
            continue
        type_ = field_types[name]
        kind = "multi" if type_ == "crm_multifield" else "number" if type_ in NUMERIC_TYPES \
            else "date" if type_ in DATE_TYPES else "text"
        conditions.append(Condition(op, name, value, kind))
    return conditions


def parse_order(order: Any, field_types: dict[str, str]) -> list[tuple[str, bool]]:
    """[(field, descending)], unknown fields dropped; default ID ascending."""
    result = []
    for key, direction in (order or {}).items() if isinstance(order, dict) else ():
        name = str(key).upper()
        if name in field_types:
            result.append((name, str(direction).upper() == "DESC"))
    return result or [("ID", False)]


class Table:
    """Rows keyed by integer ID, kept in ID order so `>ID` cursors start with a bisect."""

    def __init__(self, field_types: dict[str, str], getter: Getter = _plain_get):
        self.field_types = field_types
        self.getter = getter
        self.rows: dict[int, dict] = {}
        self._ids: list[int] = []
        self.last_id = 0

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, row_id: Any) -> bool:
        return _int(row_id) in self.rows

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id

    def insert(self, row_id: int, row: dict) -> dict:
        self.rows[row_id] = row
        if self._ids and row_id < self._ids[-1]:
            bisect.insort(self._ids, row_id)
        else:
            self._ids.append(row_id)
        self.last_id = max(self.last_id, row_id)
        return row

    def get(self, row_id: Any) -> dict | None:
        return self.rows.get(_int(row_id))

    def delete(self, row_id: Any) -> dict | None:
        row = self.rows.pop(_int(row_id), None)
        if row is not None:
            index = bisect.bisect_left(self._ids, _int(row_id))
            del self._ids[index]
        return row

    def values(self) -> Iterator[dict]:
        return (self.rows[i] for i in list(self._ids))

    def find(self, filter_: Any = None, order: Any = None) -> Iterator[dict]:
        """Matching rows in the requested order (lazy when ordered by ID ascending)."""
        conditions = parse_filter(filter_, self.field_types)
        sort = parse_order(order, self.field_types)
        matching = (row for row in self._candidates(conditions)
                    if all(c.matches(self.getter(row, c.field)) for c in conditions))
        if sort == [("ID", False)]:
            return matching
        return iter(_sorted(list(matching), sort, self.field_types, self.getter))

    def _candidates(self, conditions: list[Condition]) -> Iterable[dict]:
        """Rows in ID order, skipping ahead when a `>ID`/`>=ID` condition allows (the ID cursor)."""
        lower = 0
        for c in conditions:
            if c.field == "ID" and c.op in (">", ">=") and _number(c.value) is not None:
                bound = int(_number(c.value))
                lower = max(lower, bisect.bisect_right(self._ids, bound) if c.op == ">"
                            else bisect.bisect_left(self._ids, bound))
        ids = self._ids[lower:]
        return (self.rows[i] for i in ids if i in self.rows)


def _sorted(rows: list[dict], sort: list[tuple[str, bool]], types: dict[str, str], getter: Getter) -> list[dict]:
    for name, descending in reversed(sort):
        numeric = types.get(name) in NUMERIC_TYPES

        def key(row: dict, name=name, numeric=numeric) -> tuple:
            value = getter(row, name)
            if value in (None, ""):
                return (0, 0 if numeric else "")
            return (1, _number(value) or 0) if numeric else (1, str(value).lower())
        rows.sort(key=key, reverse=descending)
    return rows


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


@dataclass
class Page:
    rows: list[dict]
    total: int             # 0 when start=-1 skipped the count, as the portal prints it (huge-data.md)
    next: int | None


def paginate(matching: Iterator[dict], start: Any) -> Page:
    """50 rows from `start`; `start=-1` reads the first 50 without counting (huge-data.md)."""
    offset = _int(start) if start not in (None, "") else 0
    if offset == -1:
        rows = []
        for row in matching:
            rows.append(row)
            if len(rows) == PAGE_SIZE:
                break
        return Page(rows, 0, None)
    offset = max(offset, 0)
    rows, total = [], 0
    for row in matching:
        if offset <= total < offset + PAGE_SIZE:
            rows.append(row)
        total += 1
    has_next = offset + PAGE_SIZE < total
    return Page(rows, total, offset + PAGE_SIZE if has_next else None)
