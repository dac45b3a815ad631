"""PHP conventions Bitrix24 speaks on the wire: bracket form keys in, PHP-array JSON out.

`fields[PHONE][0][VALUE]=…` becomes nested dicts; `select[]=ID` appends. A dict whose keys are
0..n-1 is a list (PHP has one array type; both spellings reach the methods alike).
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Iterator
from urllib.parse import parse_qsl, urlencode

_KEY_PART = re.compile(r"\[([^\[\]]*)\]")


def split_key(key: str) -> list[str]:
    """'a[b][]' -> ['a', 'b', ''] (PHP: unmatched brackets keep the raw name)."""
    head, bracket, rest = key.partition("[")
    if not bracket or not head:
        return [key]
    parts = _KEY_PART.findall("[" + rest)
    if "".join(f"[{p}]" for p in parts) != "[" + rest:
        return [key]
    return [head, *parts]


def parse_pairs(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Build nested params from (key, value) pairs the way PHP fills $_POST."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = split_key(key)
        node = root
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if part == "":
                part = str(_next_index(node))
            if last:
                node[part] = value
            else:
                child = node.get(part)
                if not isinstance(child, dict):
                    child = node[part] = {}
                node = child
    return normalize(root)


def parse_query(query: str) -> dict[str, Any]:
    return parse_pairs(parse_qsl(query, keep_blank_values=True))


def _next_index(node: dict) -> int:
    ints = [int(k) for k in node if isinstance(k, str) and k.isdigit()]
    return max(ints) + 1 if ints else 0


def normalize(value: Any) -> Any:
    """Dicts keyed 0..n-1 become lists, recursively; JSON lists stay lists."""
    if isinstance(value, dict):
        items = {k: normalize(v) for k, v in value.items()}
        keys = list(items)
        if keys and all(isinstance(k, str) and k.isdigit() for k in keys) \
                and sorted(int(k) for k in keys) == list(range(len(keys))):
            return [items[str(i)] for i in range(len(keys))]
        return items
    if isinstance(value, list):
        return [normalize(v) for v in value]
    return value


def flatten(data: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Nested data -> bracket form pairs, as Bitrix24 POSTs events (values become strings)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from flatten(value, f"{prefix}[{key}]" if prefix else str(key))
    elif isinstance(data, (list, tuple)):
        for index, value in enumerate(data):
            yield from flatten(value, f"{prefix}[{index}]")
    elif prefix:
        yield prefix, _scalar(data)


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "1"
    if value is False:
        return ""
    return str(value)


def encode(data: Any) -> str:
    """application/x-www-form-urlencoded body with PHP bracket keys."""
    return urlencode(list(flatten(data)))


def php_array(mapping: dict) -> dict | list:
    """How PHP's json_encode prints an array: `[]` when empty, a list when keyed 0..n-1."""
    if not mapping:
        return []
    return normalize({str(k): v for k, v in mapping.items()}) if all(
        str(k).isdigit() for k in mapping) else dict(mapping)


def param(params: dict, name: str, default: Any = None) -> Any:
    """Bitrix resolves parameter names case-insensitively (id/ID/Id, fields/FIELDS)."""
    for candidate in (name, name.lower(), name.upper(), name[:1].upper() + name[1:]):
        if candidate in params:
            return params[candidate]
    lowered = name.lower()
    for key, value in params.items():
        if isinstance(key, str) and key.lower() == lowered:
            return value
    return default


def as_list(value: Any) -> list:
    """A list parameter however it arrived: JSON list, PHP-array dict, or a single scalar."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    return [value]


def as_int(value: Any) -> int:
    """An integer parameter however it arrived (5, "5", " 5 "); 0 for anything that is not one."""
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return 0
