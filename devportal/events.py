"""Event delivery as the portal does it (bitrix24-rest.md §9): a form-encoded POST with PHP bracket
keys to every bound handler, from a background queue, once — no retries; offline handlers get a
queue entry for `event.offline.get` instead, keeping only the latest state per object.
"""
from __future__ import annotations

import hashlib
import logging
import queue
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import requests

from devportal import clock, php

if TYPE_CHECKING:
    from devportal.state import Origin, Portal

log = logging.getLogger(__name__)

CRM_EVENTS = frozenset(f"ONCRM{entity}{action}" for entity in ("LEAD", "CONTACT", "COMPANY", "DEAL")
                       for action in ("ADD", "UPDATE", "DELETE"))
KNOWN_EVENTS = CRM_EVENTS | {"ONAPPINSTALL", "ONAPPUNINSTALL", "ONAPPUPDATE", "ONOFFLINEEVENT",
                             "ONCRMREQUISITEADD", "ONCRMREQUISITEUPDATE", "ONCRMREQUISITEDELETE",
                             "ONCRMBANKDETAILADD", "ONCRMBANKDETAILUPDATE", "ONCRMBANKDETAILDELETE"}


@dataclass
class Delivery:
    """One attempted POST, kept so tests and the UI can see what was sent and what came back."""
    url: str
    event: str
    form: list[tuple[str, str]]
    status: int | None = None
    error: str | None = None


class EventSender:
    """A single daemon thread POSTing queued events; failures are logged and dropped (no retries)."""

    def __init__(self, timeout: float = 5.0):
        self.timeout = timeout
        self.deliveries: list[Delivery] = []
        self._queue: queue.Queue[Delivery | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def post(self, url: str, payload: dict) -> Delivery:
        delivery = Delivery(url, str(payload.get("event", "")), list(php.flatten(payload)))
        self.deliveries.append(delivery)
        self._ensure_thread()
        self._queue.put(delivery)
        return delivery

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """True once every queued event has been attempted."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=self.timeout + 1)
            self._thread = None

    def _ensure_thread(self) -> None:
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="devportal-events", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        with requests.Session() as session:
            while True:
                delivery = self._queue.get()
                try:
                    if delivery is None:
                        return
                    self._send(session, delivery)
                finally:
                    self._queue.task_done()

    def _send(self, session: requests.Session, delivery: Delivery) -> None:
        try:
            response = session.post(delivery.url, data=delivery.form, timeout=self.timeout,
                                    headers={"User-Agent": "Bitrix24 Webhook Engine"}, allow_redirects=False)
            delivery.status = response.status_code
        except requests.RequestException as exc:
            delivery.error = type(exc).__name__
            log.info("event %s to %s lost: %s", delivery.event, delivery.url, delivery.error)


def portal_auth(portal: "Portal") -> dict:
    """The auth keys every event carries, with or without tokens."""
    return {"domain": portal.options.domain, "server_endpoint": portal.options.rest_url,
            "client_endpoint": portal.options.rest_url, "member_id": portal.options.member_id,
            "application_token": portal.app.application_token}


def crm_event_payload(portal: "Portal", event: str, handler: dict, entity_id: int, user_id: int) -> dict:
    """Exactly the keys of examples/event_oncrmleadadd_form_flat.json, tokens of `user_id`."""
    tokens = portal.issue_tokens(user_id)
    base = portal_auth(portal)
    auth = {"access_token": tokens.access_token, "expires_in": str(portal.options.token_lifetime),
            "scope": portal.app.scope, "domain": base["domain"], "server_endpoint": base["server_endpoint"],
            "status": portal.app.status, "client_endpoint": base["client_endpoint"], "member_id": base["member_id"],
            "refresh_token": tokens.refresh_token, "application_token": base["application_token"]}
    return {"event": event, "event_handler_id": str(handler["id"]), "data": {"FIELDS": {"ID": str(entity_id)}},
            "ts": str(int(clock.now())), "auth": auth}


def fire(portal: "Portal", event: str, entity_id: int, origin: "Origin") -> None:
    """Deliver a CRM event to this app's handlers (nothing before installFinish, §1.1)."""
    if not portal.app.installed:
        return
    for handler in [h for h in portal.handlers if h["event"] == event]:
        if handler["offline"]:
            if not (origin.auth_connector and origin.auth_connector == handler["auth_connector"]):
                _queue_offline(portal, event, entity_id, origin)
            continue
        user_id = int(handler["auth_type"]) or origin.user_id
        portal.sender.post(handler["handler"], crm_event_payload(portal, event, handler, entity_id, user_id))


def _queue_offline(portal: "Portal", event: str, entity_id: int, origin: "Origin") -> None:
    message_id = hashlib.md5(f"{event}|{entity_id}".encode()).hexdigest()
    for row in list(portal.offline.values()):
        if row["MESSAGE_ID"] == message_id and not row["PROCESS_ID"]:
            portal.offline.delete(row["ID"])     # only the latest state per object survives
    row_id = portal.offline.next_id()
    portal.offline.insert(row_id, {
        "ID": str(row_id), "TIMESTAMP_X": clock.iso(), "EVENT_NAME": event,
        "EVENT_DATA": {"FIELDS": {"ID": str(entity_id)}}, "EVENT_ADDITIONAL": {"user_id": str(origin.user_id)},
        "MESSAGE_ID": message_id, "PROCESS_ID": ""})


def app_event_payload(portal: "Portal", event: str, data: dict[str, Any], with_tokens: bool) -> dict:
    """ONAPPINSTALL (tokens, examples/event_onappinstall.json) or ONAPPUNINSTALL (no tokens)."""
    base = portal_auth(portal)
    if not with_tokens:
        auth = base
    else:
        tokens = portal.issue_tokens(portal.app.installed_by)
        auth = {"domain": base["domain"], "scope": portal.app.scope, "access_token": tokens.access_token,
                "refresh_token": tokens.refresh_token, "expires_in": str(portal.options.token_lifetime),
                "server_endpoint": base["server_endpoint"], "status": portal.app.status,
                "client_endpoint": base["client_endpoint"], "member_id": base["member_id"],
                "application_token": base["application_token"]}
    return {"event": event, "data": data, "ts": str(int(clock.now())), "auth": auth}
