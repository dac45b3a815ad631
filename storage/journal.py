"""The journal: every change the app makes to CRM data, with the values it replaced.

An entry is written BEFORE the portal is changed (``after.status = "pending"``), completed with the
ids the write returned (``"applied"``) or marked ``"failed"``, and stamped `undone_at` once undone.
`before`/`after` are JSON; their shape belongs to the feature that writes them.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlite_utils

from storage.portals import utc_now

__all__ = ["add_entry", "get_entry", "update_after", "mark_undone", "last_entry", "list_entries"]


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    return dict(row, before=json.loads(row["before"] or "null"), after=json.loads(row["after"] or "null"))


def add_entry(db: sqlite_utils.Database, *, member_id: str, kind: str, entity_type: str, entity_id: str,
              user_id: int | None, summary: str, before: Any, after: Any) -> int:
    table = db["journal"]
    table.insert({
        "member_id": member_id, "kind": kind, "entity_type": entity_type, "entity_id": str(entity_id),
        "user_id": user_id, "summary": summary,
        "before": json.dumps(before, ensure_ascii=False), "after": json.dumps(after, ensure_ascii=False),
        "created_at": utc_now(), "undone_at": None,
    })
    return int(table.last_pk)


def get_entry(db: sqlite_utils.Database, entry_id: int) -> dict[str, Any] | None:
    rows = list(db["journal"].rows_where("id = ?", [entry_id], limit=1))
    return _decoded(rows[0]) if rows else None


def update_after(db: sqlite_utils.Database, entry_id: int, after: Any) -> None:
    db["journal"].update(entry_id, {"after": json.dumps(after, ensure_ascii=False)})


def mark_undone(db: sqlite_utils.Database, entry_id: int) -> None:
    db["journal"].update(entry_id, {"undone_at": utc_now()})


def last_entry(db: sqlite_utils.Database, member_id: str, kind: str, entity_type: str, entity_id: str,
               *, statuses: Sequence[str] | None = None, include_undone: bool = False) -> dict[str, Any] | None:
    """The newest entry for one CRM record (optionally only those whose ``after.status`` is in `statuses`)."""
    where = "member_id = ? and kind = ? and entity_type = ? and entity_id = ?"
    args: list[Any] = [member_id, kind, entity_type, str(entity_id)]
    if not include_undone:
        where += " and undone_at is null"
    if statuses:
        where += f" and json_extract(after, '$.status') in ({', '.join('?' * len(statuses))})"
        args.extend(statuses)
    rows = list(db["journal"].rows_where(where, args, order_by="id desc", limit=1))
    return _decoded(rows[0]) if rows else None


def list_entries(db: sqlite_utils.Database, member_id: str, kind: str | None = None,
                 limit: int = 50) -> list[dict[str, Any]]:
    where, args = "member_id = ?", [member_id]
    if kind is not None:
        where += " and kind = ?"
        args.append(kind)
    return [_decoded(r) for r in db["journal"].rows_where(where, args, order_by="id desc", limit=limit)]
