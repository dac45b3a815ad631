"""Incoming portal events: recorded when they arrive (without any token), processed in the background."""
from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from storage.portals import utc_now

QUEUED = "queued"
DONE = "done"
FAILED = "failed"

# Keys of an event's `auth` block that are credentials; they never reach the events table.
SECRET_AUTH_KEYS = frozenset({"access_token", "refresh_token", "application_token"})


def without_tokens(payload: dict[str, Any]) -> dict[str, Any]:
    """A copy of an event payload with the credentials taken out of its `auth` block."""
    clean = dict(payload)
    auth = payload.get("auth")
    if isinstance(auth, dict):
        clean["auth"] = {key: value for key, value in auth.items() if key not in SECRET_AUTH_KEYS}
    return clean


def record_event(db: sqlite_utils.Database, member_id: str, event: str, entity_id: str | None,
                 payload: dict[str, Any]) -> int:
    table = db["events"].insert(
        {
            "member_id": member_id,
            "event": event,
            "entity_id": entity_id,
            "payload": json.dumps(without_tokens(payload), ensure_ascii=False),
            "received_at": utc_now(),
            "state": QUEUED,
            "message": None,
        }
    )
    return int(table.last_pk)


def get_event(db: sqlite_utils.Database, event_id: int) -> dict[str, Any] | None:
    rows = list(db["events"].rows_where("id = ?", [event_id], limit=1))
    if not rows:
        return None
    row = rows[0]
    row["payload"] = json.loads(row["payload"] or "{}")
    return row


def finish_event(db: sqlite_utils.Database, event_id: int, state: str, message: str) -> None:
    if state not in {DONE, FAILED}:
        raise ValueError(f"an event finishes as {DONE} or {FAILED}, not {state!r}")
    db["events"].update(event_id, {"state": state, "message": message})


def list_events(db: sqlite_utils.Database, member_id: str, limit: int = 50) -> list[dict[str, Any]]:
    rows = db["events"].rows_where("member_id = ?", [member_id], order_by="id desc", limit=limit)
    return [dict(row, payload=json.loads(row["payload"] or "{}")) for row in rows]
