"""`/rest/<method>[.json]` and incoming webhooks `/rest/<user_id>/<code>/<method>[.json]`.

Order of checks for one HTTP request, as the cloud does it: the per-portal rate limit (503), then
authentication (401), then the method (404), scope (403), the app-context rule (403
WRONG_AUTH_TYPE), the method's operating-time budget (429); then the method runs under the portal
lock and its time is charged to method × app (or webhook).
"""
from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, request

from devportal import clock, errors, php
from devportal.errors import RestError
from devportal.rest.registry import METHODS, Call, Caller, Listing, has_scope
from devportal.state import Portal, current_portal

log = logging.getLogger(__name__)
bp = Blueprint("rest", __name__)
_WEBHOOK = re.compile(r"^(\d+)/([^/]+)/([^/]+?)/?$")
ALL_SCOPES = frozenset({"crm", "placement", "user", "user_brief", "user_basic", "im", "entity", "task", "department"})


def read_params() -> dict:
    """Query string, form body (PHP brackets) and JSON body, merged like $_REQUEST + JSON."""
    params = php.parse_pairs(request.args.items(multi=True))
    if request.is_json:
        body = request.get_json(silent=True)
        if isinstance(body, dict):
            params.update(body)
    else:
        params.update(php.parse_pairs(request.form.items(multi=True)))
    return params


def split_path(path: str) -> tuple[str, str | None, int | None]:
    """'crm.lead.add.json' -> ('crm.lead.add', None, None); '1/abc/crm.lead.add' -> (…, 'abc', 1)."""
    match = _WEBHOOK.match(path)
    method, code, user_id = (match.group(3), match.group(2), int(match.group(1))) if match else (path, None, None)
    method = method.strip("/")
    if method.lower().endswith(".json"):
        method = method[:-5]
    return method, code, user_id


def authenticate(portal: Portal, params: dict, code: str | None, user_id: int | None) -> Caller:
    if code is not None:
        if portal.webhooks.get(code) != user_id or user_id not in portal.users:
            raise errors.no_auth()
        return Caller(user_id, "webhook", ALL_SCOPES, webhook_code=code)
    token = params.pop("auth", None)
    if not token or not isinstance(token, str):
        raise errors.no_auth()
    record = portal.access_tokens.get(token)
    if record is None:
        raise errors.invalid_token()
    if record.expires_at <= clock.now():
        raise errors.expired_token()
    return Caller(record.user_id, "oauth", frozenset(s.strip() for s in record.scope.split(",")),
                  client_id=portal.app.client_id, token_expires=record.expires_at)


@dataclass
class Outcome:
    result: Any
    time: dict
    total: int | None = None
    next: int | None = None


def execute(portal: Portal, caller: Caller, name: str, params: dict, in_batch: bool = False) -> Outcome:
    """Run one method for `caller` (also used by batch for each command)."""
    spec = METHODS.get(name.lower())
    if spec is None:
        raise errors.method_not_found()
    if in_batch and not spec.batchable:
        raise errors.batch_method_not_allowed()
    if not has_scope(caller, spec.scope):
        raise errors.insufficient_scope()
    if spec.app_only and caller.kind != "oauth":
        raise errors.wrong_auth_type()
    key = (spec.name.lower(), caller.ledger_id)
    if spec.counts_operating and portal.ledger.blocked(*key):
        raise errors.operation_time_limit()
    started, ticks = time.time(), time.perf_counter()
    try:
        value = spec.func(Call(portal, caller, params))
    finally:
        processing = time.perf_counter() - ticks
        operating = portal.ledger.charge(*key, processing) if spec.counts_operating else 0.0
    block = time_block(started, processing)
    if spec.counts_operating:                     # batch itself is not counted (RU settings/performance)
        block.update(operating_reset_at=portal.ledger.reset_at(*key), operating=operating)
    if isinstance(value, Listing):
        return Outcome(value.rows, block, value.total, value.next)
    return Outcome(value, block)


def time_block(started: float, processing: float) -> dict:
    finished = time.time()
    return {"start": started, "finish": finished, "duration": finished - started, "processing": processing,
            "date_start": clock.iso(started), "date_finish": clock.iso(finished)}


def envelope(outcome: Outcome) -> dict:
    body: dict[str, Any] = {"result": outcome.result}
    if outcome.next is not None:
        body["next"] = outcome.next
    if outcome.total is not None:
        body["total"] = outcome.total
    body["time"] = outcome.time
    return body


def json_response(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status,
                    content_type="application/json; charset=utf-8")


@bp.route("/rest/<path:path>", methods=["GET", "POST"])
def rest(path: str) -> Response:
    portal = current_portal()
    method, code, user_id = split_path(path)
    try:
        if not portal.rate_limiter.try_acquire(portal.options.member_id):
            raise errors.query_limit()
        params = read_params()
        with portal.lock:
            caller = authenticate(portal, params, code, user_id)
            outcome = execute(portal, caller, method, params)
        return json_response(envelope(outcome))
    except RestError as error:
        return json_response(error.envelope(), error.status)
    except Exception:                              # the portal's own 500 envelope, never a traceback
        log.exception("devportal: %s failed", method)
        return json_response({"error": "INTERNAL_SERVER_ERROR", "error_description": "Internal server error"}, 500)
