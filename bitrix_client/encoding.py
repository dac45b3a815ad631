"""PHP-bracket query strings, the format of `batch` commands (`fields[PHONE][0][VALUE]=…`).

`build_query` mirrors PHP's `http_build_query` (keys and values urlencoded, None and empty arrays
left out, True/False as 1/0) so the portal's `parse_str` reads back exactly what we meant.
Encoding happens once here; we send the batch as a JSON body, so no second layer is added. (The
docs' "%26 becomes %2526" is that second layer, applied when the outer request is form-encoded.)

`BatchRef` renders a `$result[key][…]` reference to an earlier command's result. It is written
unencoded, as the docs' own examples are: Bitrix runs `parse_str` first and substitutes references
in the decoded values, and a literal `$result[...]` value survives `parse_str` unchanged.

`parse_query` is the inverse, used by test stand-ins and the benchmark server.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote_plus


@dataclass(frozen=True)
class BatchRef:
    """`$result[<key>][<path…>]`: the value of an earlier command in the same batch."""

    key: str
    path: tuple[str | int, ...] = ()

    def __str__(self) -> str:
        return "$result" + "".join(f"[{part}]" for part in (self.key, *self.path))


def _scalar(value: Any) -> str:
    if isinstance(value, BatchRef):
        return str(value)
    if value is True:
        return "1"
    if value is False:
        return "0"
    return quote_plus(str(value))


def _pairs(prefix: str, value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, Mapping):
        items = value.items()
    elif isinstance(value, (list, tuple)):
        items = enumerate(value)
    else:
        return [f"{prefix}={_scalar(value)}"]
    pairs: list[str] = []
    for key, item in items:
        pairs.extend(_pairs(f"{prefix}{quote_plus('[' + str(key) + ']')}", item))
    return pairs


def build_query(params: Mapping[str, Any] | None) -> str:
    """`{"filter": {">ID": 5}}` -> `filter%5B%3EID%5D=5`, as PHP's http_build_query would write it."""
    pairs: list[str] = []
    for key, value in (params or {}).items():
        pairs.extend(_pairs(quote_plus(str(key)), value))
    return "&".join(pairs)


_BRACKETED = re.compile(r"\[([^\]]*)\]")


def _split_key(key: str) -> list[str]:
    """`fields[PHONE][0][VALUE]` -> ["fields", "PHONE", "0", "VALUE"]."""
    head, bracket, _ = key.partition("[")
    return [head, *_BRACKETED.findall(key[len(head):])] if bracket else [key]


def parse_query(query: str) -> dict[str, Any]:
    """Parse a PHP-bracket query string into nested dicts (numeric keys stay strings, like PHP's)."""
    result: dict[str, Any] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        node = result
        *parents, leaf = _split_key(key)
        for part in parents:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[leaf if leaf != "" else str(len(node))] = value  # PHP's `key[]` appends
    return result
