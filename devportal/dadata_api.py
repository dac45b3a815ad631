"""DaData stand-in over HTTP: the suggestions host, mirrored under /dadata/suggestions/api/4_1/rs/.

Point the real `dadata` client here by swapping the base URL of its suggestions client (see
devportal/README.md): ``Dadata(key)._suggestions._client.base_url = "<devportal>/dadata/suggestions/api/4_1/rs/"``.

Behaviour follows shared/reference/dadata.md §2:
- `Authorization: Token <key>`: missing → 401, unknown key → 403, daily quota used up → 403 with the
  documented body ``{"family": "CLIENT_ERROR", "reason": "Forbidden", "message": "Feature 'SUGGESTIONS'
  disabled for token '<key>'"}``;
- more than DADATA_RATE_LIMIT requests in one second from one client IP → 429 (the limit is per IP);
- not found → 200 ``{"suggestions": []}``; query over 300 characters → 413; body not JSON → 400.

Settings (Flask config, all optional): DADATA_API_KEYS (accepted keys, default DEFAULT_API_KEY),
DADATA_RATE_LIMIT (requests per second per IP, default 30), DADATA_DAILY_QUOTA (per key per Moscow
day, default 10 000 — the free plan), DADATA_FIXTURES_DIR (where the answers live).
"""
from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections import defaultdict
from pathlib import Path

from flask import Blueprint, Response, current_app, request

from devportal.dadata_directory import Directory, PartyFilter, status_filter
from devportal.dadata_fixtures import FIXTURES_DIR

bp = Blueprint("dadata", __name__, url_prefix="/dadata")
SUGGESTIONS_PATH = "/suggestions/api/4_1/rs"
DEFAULT_API_KEY = "devportal-dadata-key"
MAX_QUERY_LENGTH = 300      # dadata.md §2 (spec): longer → 413
MAX_COUNT = 20              # dadata.md §2 (spec); UNVERIFIED what DaData does above it — we clip
_MOSCOW = dt.timezone(dt.timedelta(hours=3))   # the free quota rolls over at Moscow midnight


class _State:
    """Per-app counters: requests in the current second per IP, requests today per key."""

    def __init__(self, directory: Directory):
        self.directory = directory
        self.lock = threading.Lock()
        self.second: dict[str, tuple[int, int]] = {}                      # ip -> (unix second, count)
        self.used_today: dict[tuple[str, dt.date], int] = defaultdict(int)  # (key, Moscow day) -> count

    def over_rate(self, ip: str, limit: int) -> bool:
        now = int(time.time())
        with self.lock:
            second, count = self.second.get(ip, (now, 0))
            count = count + 1 if second == now else 1
            self.second[ip] = (now, count)
        return count > limit

    def spend_quota(self, key: str, quota: int) -> bool:
        """Count one request against `key`'s daily quota; False when it was already used up."""
        day = dt.datetime.now(_MOSCOW).date()
        with self.lock:
            if self.used_today[(key, day)] >= quota:
                return False
            self.used_today[(key, day)] += 1
            return True


def _state() -> _State:
    app = current_app._get_current_object()
    state = app.extensions.get("devportal.dadata")
    if state is None:
        folder = Path(app.config.get("DADATA_FIXTURES_DIR") or FIXTURES_DIR)
        state = app.extensions["devportal.dadata"] = _State(Directory.from_fixtures(folder))
    return state


def _json(payload: object, status: int = 200) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False), status=status, mimetype="application/json")


def _error(status: int, reason: str, message: str) -> Response:
    # Only the 403 quota body is documented (dadata.md §2); the other bodies reuse its shape (UNVERIFIED).
    family = "CLIENT_ERROR" if status < 500 else "SERVER_ERROR"
    return _json({"family": family, "reason": reason, "message": message}, status)


@bp.before_request
def _guard() -> Response | None:
    """Rate limit, key and quota — in that order, as a per-IP limit sits in front of the API."""
    state = _state()
    config = current_app.config
    if state.over_rate(request.remote_addr or "?", int(config.get("DADATA_RATE_LIMIT", 30))):
        return _error(429, "Too Many Requests", "Too many requests per second")
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Token" or not key.strip():
        return _error(401, "Unauthorized", "API key is missing: send 'Authorization: Token <key>'")
    key = key.strip()
    if key not in set(config.get("DADATA_API_KEYS", (DEFAULT_API_KEY,))):
        return _error(403, "Forbidden", "Unknown API key")
    if not state.spend_quota(key, int(config.get("DADATA_DAILY_QUOTA", 10_000))):
        return _error(403, "Forbidden", f"Feature 'SUGGESTIONS' disabled for token '{key}'")
    return None


class _BadRequest(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@bp.errorhandler(_BadRequest)
def _bad_request(err: _BadRequest) -> Response:
    return _error(err.status, "Bad Request" if err.status == 400 else "Payload Too Large", str(err))


def _body() -> tuple[dict, str, int]:
    """The JSON body, its `query` and the clipped `count`; raises _BadRequest like DaData's 400/413."""
    body = request.get_json(silent=True, force=True)
    if not isinstance(body, dict):
        raise _BadRequest(400, "Request body must be a JSON object")
    query = body.get("query")
    if not isinstance(query, str):
        raise _BadRequest(400, "'query' must be a string")
    if len(query) > MAX_QUERY_LENGTH:
        raise _BadRequest(413, f"'query' is longer than {MAX_QUERY_LENGTH} characters")
    count = body.get("count", 10)
    if isinstance(count, bool) or not isinstance(count, int):
        raise _BadRequest(400, "'count' must be an integer")
    return body, query, max(1, min(count, MAX_COUNT))


def _party_filter(body: dict) -> PartyFilter:
    return PartyFilter(kpp=body.get("kpp"), branch_type=body.get("branch_type"), type=body.get("type"),
                       status=status_filter(body.get("status")))


@bp.post(f"{SUGGESTIONS_PATH}/findById/party")
def find_party() -> Response:
    body, query, count = _body()
    return _json({"suggestions": _state().directory.find_party(query, _party_filter(body), count)})


@bp.post(f"{SUGGESTIONS_PATH}/suggest/party")
def suggest_party() -> Response:
    body, query, count = _body()
    return _json({"suggestions": _state().directory.suggest_party(query, _party_filter(body), count)})


@bp.post(f"{SUGGESTIONS_PATH}/findById/bank")
def find_bank() -> Response:
    body, query, count = _body()
    return _json({"suggestions": _state().directory.find_bank(query, body.get("kpp"), count)})
