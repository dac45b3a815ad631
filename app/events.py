"""`POST /events`: every REST event the portal sends. Checked, recorded, queued, answered at once.

Bitrix24 does not retry events, so the answer must be quick: the request only authenticates the
event, records it (without tokens) and enqueues it for the worker.

Who is believed:
* any event — when `auth[application_token]` equals the token stored for that installed `member_id`
  (constant-time compare);
* ONAPPINSTALL / ONAPPUPDATE carrying tokens — also when the allow-listed OAuth server confirms those
  tokens are ours for that `member_id` (`app.info`): ONAPPINSTALL is how an unknown portal first
  introduces itself, and ONAPPUPDATE brings a NEW application_token, which cannot match the stored one.
Anything else: 401, nothing stored, nothing sent anywhere.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask import Blueprint, current_app, g, jsonify, request

from app.db import get_db
from app.errors import Refused
from app.offers import offer_from_event
from app.security import same_secret
from bitrix_client import AuthError, ForbiddenHost
from services.install import (EVENT_APP_INSTALL, EVENT_APP_UNINSTALL, EVENT_APP_UPDATE, InstallNotConfirmed,
                              install_portal, uninstall_portal)
from storage.events import record_event
from storage.portals import get_portal

bp = Blueprint("events", __name__)

LIFECYCLE_EVENTS = frozenset({EVENT_APP_INSTALL, EVENT_APP_UPDATE})
_BRACKETS = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])+)$")


def parse_php_form(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """`auth[member_id]=…&data[FIELDS][ID]=…` → {"auth": {"member_id": …}, "data": {"FIELDS": {"ID": …}}}.

    Keys without brackets stay flat; `[]` appends to a list. A key that clashes with an existing
    value of another shape is ignored rather than guessed at.
    """
    result: dict[str, Any] = {}
    for key, value in pairs:
        match = _BRACKETS.match(key)
        path = [match.group(1), *re.findall(r"\[([^\[\]]*)\]", match.group(2))] if match else [key]
        _put(result, path, value)
    return result


def _put(target: dict[str, Any], path: list[str], value: str) -> None:
    node: Any = target
    for part, following in zip(path, path[1:]):
        expected = list if following == "" else dict
        child = node.setdefault(part, expected()) if isinstance(node, dict) else None
        if not isinstance(child, expected):
            return
        node = child
    if isinstance(node, list):
        node.append(value)
    elif not isinstance(node.get(path[-1]), (dict, list)):
        node[path[-1]] = value


def incoming_payload() -> dict[str, Any]:
    """The event as a nested dict, from a PHP-bracket form (what Bitrix24 sends) or a JSON body."""
    if request.is_json:
        body = request.get_json(silent=True)
        return body if isinstance(body, dict) else {}
    return parse_php_form(request.form.items(multi=True))


def is_event_post() -> bool:
    """A REST event rather than a frame page: events carry `event`, frame POSTs never do."""
    if request.is_json:
        body = request.get_json(silent=True)
        return isinstance(body, dict) and "event" in body
    return "event" in request.form


def entity_id_of(payload: dict[str, Any]) -> str | None:
    data = payload.get("data")
    fields = data.get("FIELDS") if isinstance(data, dict) else None
    value = fields.get("ID") if isinstance(fields, dict) else None
    return str(value) if value not in (None, "") else None


@bp.post("/events")
def receive_event():
    g.answering_event = True  # refusals are JSON even when the event came to the install URL
    payload = incoming_payload()
    event = str(payload.get("event") or "").upper()
    auth = payload.get("auth") if isinstance(payload.get("auth"), dict) else {}
    member_id = str(auth.get("member_id") or "")
    if not event or not member_id:
        raise Refused(400, "event_malformed")

    db = get_db()
    if event in LIFECYCLE_EVENTS and auth.get("access_token"):
        accept_install_event(db, auth)
    else:
        portal = get_portal(db, member_id)
        if portal is None or not portal.is_installed or not same_secret(
                auth.get("application_token"), portal.application_token):
            raise Refused(401, "event_refused")
        if event == EVENT_APP_UNINSTALL:
            data = payload.get("data") if isinstance(payload.get("data"), dict) else {}
            uninstall_portal(db, member_id, clean=str(data.get("CLEAN", "0")) == "1")

    event_id = record_event(db, member_id, event, entity_id_of(payload), payload)
    current_app.extensions["poryadok.tasks"].process_event(event_id)
    return jsonify(ok=True, event_id=event_id)


def accept_install_event(db, auth: dict[str, Any]) -> None:
    """Store the portal from an ONAPPINSTALL/ONAPPUPDATE once its tokens are confirmed; 401 otherwise."""
    offer = offer_from_event(auth, refusal_status=401)
    try:
        install_portal(db, current_app.config, offer, bind=False)
    except (InstallNotConfirmed, AuthError, ForbiddenHost):
        raise Refused(401, "event_refused") from None
