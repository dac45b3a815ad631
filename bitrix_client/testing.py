"""A stand-in for one list method and `batch`, for this package's tests and the read benchmark.

Not used by the app. It implements exactly what `iter_list` relies on, the way the portal does:
`filter[>ID]` plus equality filters, `order[ID]=ASC`, 50-row pages, `start=-1` (no `total`),
PHP-bracket `cmd` strings, and `$result[key][…]` references resolved after `parse_str` as Bitrix's
`CRestUtil::processBatchElement` does — an unresolvable path leaves the partially resolved value
(e.g. the whole previous page), which then fails as a filter. Transport-free: `handle` takes the
method and decoded JSON body and returns (HTTP status, JSON body); tests wrap it in `responses`,
the benchmark in `http.server`. devportal is the full portal stand-in; this is the small one.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from typing import Any

from bitrix_client.encoding import parse_query

PAGE_SIZE = 50
_REFERENCE = re.compile(r"\$result((?:\[[^\]]+\])+)")
_PATH_PART = re.compile(r"\[([^\]]+)\]")


def _error(code: str, description: str = "") -> dict[str, str]:
    return {"error": code, "error_description": description}


class ListPortalStandIn:
    """`count` records with IDs 1..count, served by `method` and by `batch` commands calling it."""

    def __init__(self, count: int, method: str = "crm.contact.list", access_token: str | None = None):
        self.method = method
        self.access_token = access_token  # None accepts any token
        self.records = [{"ID": str(i), "NAME": f"Contact {i}", "TYPE_ID": "CLIENT" if i % 3 else "PARTNER"}
                        for i in range(1, count + 1)]
        self._ids = list(range(1, count + 1))
        self.list_params: list[dict[str, Any]] = []  # every list query executed, for assertions
        self.requests = 0
        self.limit_once_at_cursor: str | None = None  # answer OPERATION_TIME_LIMIT once at this cursor

    def handle(self, method: str, body: Mapping[str, Any]) -> tuple[int, dict[str, Any]]:
        self.requests += 1
        params = dict(body)
        if self.access_token is not None and params.pop("auth", None) != self.access_token:
            return 401, _error("expired_token", "The access token provided has expired")
        params.pop("auth", None)
        if method == "batch":
            return 200, {"result": self._batch(params.get("cmd") or {}), "time": {}}
        if method != self.method:
            return 404, _error("ERROR_METHOD_NOT_FOUND", "Method not found!")
        result, failure = self._list(params)
        return (200, {"result": result, "time": {}}) if failure is None else (400, failure)

    def _list(self, params: Mapping[str, Any]) -> tuple[Any, dict[str, str] | None]:
        self.list_params.append(dict(params))
        conditions = dict(params.get("filter") or {})
        cursor = conditions.pop(">ID", 0)
        if not isinstance(cursor, (int, str)) or not str(cursor).lstrip("-").isdigit():
            return None, _error("INVALID_FILTER", "filter value must be a number")
        if self.limit_once_at_cursor is not None and str(cursor) == self.limit_once_at_cursor:
            self.limit_once_at_cursor = None
            return None, _error("OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit")
        page: list[dict[str, Any]] = []
        for record in self.records[bisect.bisect_right(self._ids, int(cursor)):]:
            if all(record.get(key) == value for key, value in conditions.items()):
                page.append(record)
                if len(page) == PAGE_SIZE:
                    break
        select = params.get("select")
        if select:
            fields = set(select.values() if isinstance(select, Mapping) else select)
            page = [{k: v for k, v in record.items() if k in fields} for record in page]
        return page, None

    def _batch(self, cmd: Mapping[str, str]) -> dict[str, Any]:
        results: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        for key, command in cmd.items():
            method, _, query = command.partition("?")
            params = self._resolve(parse_query(query), results)
            result, failure = self._list(params) if method == self.method else (None, _error("ERROR_METHOD_NOT_FOUND"))
            if failure is None:
                results[key] = result
            else:
                errors[key] = failure
        # PHP sends empty sections as [] (RU batch.md)
        return {"result": results or [], "result_error": errors or [], "result_total": [], "result_next": []}

    def _resolve(self, value: Any, results: dict[str, Any]) -> Any:
        if isinstance(value, dict):
            return {key: self._resolve(item, results) for key, item in value.items()}
        match = _REFERENCE.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            return value
        node: Any = results
        for part in _PATH_PART.findall(match.group(1)):
            try:
                node = node[int(part) if isinstance(node, list) and part.isdigit() else part]
            except (KeyError, IndexError, TypeError):
                break  # PHP keeps the partially resolved value
        return node
