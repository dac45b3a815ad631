"""Per-portal settings chosen by the portal admin (DaData key, auto-fill rules, …), stored as JSON values."""
from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from storage.portals import utc_now


def get_setting(db: sqlite_utils.Database, member_id: str, key: str, default: Any = None) -> Any:
    rows = list(db["portal_settings"].rows_where("member_id = ? and key = ?", [member_id, key], limit=1))
    return json.loads(rows[0]["value"]) if rows else default


def get_settings(db: sqlite_utils.Database, member_id: str) -> dict[str, Any]:
    rows = db["portal_settings"].rows_where("member_id = ?", [member_id], order_by="key")
    return {row["key"]: json.loads(row["value"]) for row in rows}


def set_setting(db: sqlite_utils.Database, member_id: str, key: str, value: Any) -> None:
    db["portal_settings"].upsert(
        {"member_id": member_id, "key": key, "value": json.dumps(value, ensure_ascii=False), "updated_at": utc_now()},
        pk=("member_id", "key"),
    )


def delete_setting(db: sqlite_utils.Database, member_id: str, key: str) -> None:
    db["portal_settings"].delete_where("member_id = ? and key = ?", [member_id, key])


def delete_settings(db: sqlite_utils.Database, member_id: str) -> None:
    """Used when the admin uninstalls with «delete app data» ticked."""
    db["portal_settings"].delete_where("member_id = ?", [member_id])
