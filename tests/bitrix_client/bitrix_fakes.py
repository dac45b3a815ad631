"""Helpers for the bitrix_client tests: constants, envelopes, a fake clock and `FakeListPortal`."""
from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import responses

from bitrix_client.testing import ListPortalStandIn

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


# ----- the list stand-in behind `responses` --------------------------------------------------------

class FakeListPortal(ListPortalStandIn):
    """`bitrix_client.testing.ListPortalStandIn` answering this package's PORTAL through `responses`."""

    def __init__(self, count: int, method: str = "crm.contact.list"):
        super().__init__(count, method, access_token=ACCESS)

    @property
    def http_requests(self) -> int:
        return self.requests

    def register(self, mock: responses.RequestsMock) -> None:
        pattern = re.compile(re.escape(PORTAL) + r"(batch|" + re.escape(self.method) + r")$")
        mock.add_callback(responses.POST, pattern, callback=self._callback)

    def _callback(self, request) -> tuple[int, dict[str, str], str]:
        method = urlsplit(request.url).path.rsplit("/", 1)[-1]
        status, body = self.handle(method, json.loads(request.body))
        return status, {}, json.dumps(body)
