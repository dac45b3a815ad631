"""Helpers for the bitrix_client tests: constants, envelopes, a fake clock and `FakeListPortal`.

`FakeListPortal` is a small stand-in for a portal's list methods and `batch` that really implements
what the client relies on: `filter[>ID]`, `order[ID]=ASC`, `start=-1` (no `total`), 50-row pages,
PHP-bracket `cmd` strings and `$result[key][…]` references resolved the way Bitrix's
CRestUtil::processBatchElement does (an unresolvable path leaves the partial value).
"""
from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import responses

from bitrix_client.encoding import parse_query

PORTAL = "https://portal.bitrix24.ru/rest/"
OAUTH_ENDPOINT = "https://oauth.bitrix.info/rest/"
TOKEN_URL = "https://oauth.bitrix.info/oauth/token/"
CLIENT_ID = "local.5f0c9b1e2a3d44.00000000"
CLIENT_SECRET = "client-secret-value-123"
ACCESS = "old-access-token-aaaa"
REFRESH = "old-refresh-token-bbbb"


def envelope(result: Any, **extra: Any) -> dict[str, Any]:
    return {"result": result, "time": {"start": 1.0, "finish": 1.1, "duration": 0.1}, **extra}


def error(code: Any, description: str = "") -> dict[str, Any]:
    return {"error": code, "error_description": description}


def sent_json(call) -> dict[str, Any]:
    return json.loads(call.request.body)


class FakeClock:
    """Time that only moves when the code under test sleeps."""

    def __init__(self, now: float = 1_700_000_000.0):
        self.now = now
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


# ----- a list-method + batch stand-in ---------------------------------------------------------------

_REFERENCE = re.compile(r"\$(result)((?:\[[^\]]+\])+)")


class FakeListPortal:
    PAGE = 50

    def __init__(self, count: int, method: str = "crm.contact.list", access_token: str = ACCESS):
        self.method = method
        self.access_token = access_token
        self.records = [{"ID": str(i), "NAME": f"Contact {i}", "TYPE_ID": "CLIENT" if i % 3 else "PARTNER"}
                        for i in range(1, count + 1)]
        self.list_params: list[dict[str, Any]] = []  # every list query executed, for assertions
        self.http_requests = 0
        self.limit_once_at_cursor: str | None = None  # answer OPERATION_TIME_LIMIT once at this cursor

    def register(self, mock: responses.RequestsMock) -> None:
        pattern = re.compile(re.escape(PORTAL) + r"(batch|" + re.escape(self.method) + r")$")
        mock.add_callback(responses.POST, pattern, callback=self.handle)

    def handle(self, request) -> tuple[int, dict[str, str], str]:
        self.http_requests += 1
        body = json.loads(request.body)
        if body.pop("auth", None) != self.access_token:
            return 401, {}, json.dumps(error("expired_token", "The access token provided has expired"))
        method = urlsplit(request.url).path.rsplit("/", 1)[-1]
        if method == "batch":
            return 200, {}, json.dumps({"result": self._batch(body["cmd"]), "time": {}})
        result, failure = self._list(body)
        return (200, {}, json.dumps(envelope(result))) if failure is None else (400, {}, json.dumps(failure))

    def _list(self, params: dict[str, Any]) -> tuple[Any, dict | None]:
        self.list_params.append(params)
        conditions = dict(params.get("filter") or {})
        cursor = conditions.pop(">ID", 0)
        if not isinstance(cursor, (int, str)) or not str(cursor).lstrip("-").isdigit():
            return None, error("INVALID_FILTER", "filter value must be a number")
        if self.limit_once_at_cursor is not None and str(cursor) == self.limit_once_at_cursor:
            self.limit_once_at_cursor = None
            return None, error("OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit")
        rows = [r for r in self.records if int(r["ID"]) > int(cursor)
                and all(r.get(k) == v for k, v in conditions.items())]
        page = rows[: self.PAGE]
        select = params.get("select")
        if select:
            fields = list(select.values()) if isinstance(select, dict) else list(select)
            page = [{k: v for k, v in r.items() if k in fields} for r in page]
        return page, None

    def _batch(self, cmd: dict[str, str]) -> dict[str, Any]:
        sections: dict[str, dict[str, Any]] = {"result": {}, "result_error": {}}
        for key, command in cmd.items():
            method, _, query = command.partition("?")
            params = self._resolve(parse_query(query), sections)
            result, failure = self._list(params) if method == self.method else (None, error("ERROR_METHOD_NOT_FOUND"))
            if failure is None:
                sections["result"][key] = result
            else:
                sections["result_error"][key] = failure
        return {name: value or [] for name, value in sections.items()} | {"result_total": [], "result_next": []}

    def _resolve(self, value: Any, sections: dict[str, Any]) -> Any:
        if isinstance(value, dict):
            return {k: self._resolve(v, sections) for k, v in value.items()}
        match = _REFERENCE.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            return value
        node: Any = sections["result"]
        for part in re.findall(r"\[([^\]]+)\]", match.group(2)):
            part_key: Any = int(part) if isinstance(node, list) and part.isdigit() else part
            try:
                node = node[part_key]
            except (KeyError, IndexError, TypeError):
                break  # PHP keeps the partially resolved value
        return node
