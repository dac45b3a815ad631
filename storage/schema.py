"""Every table of the app, declared in one place. `ensure_schema` is idempotent and runs at open."""
from __future__ import annotations

import sqlite_utils

# table name -> (columns, primary key). Columns are sqlite-utils types.
TABLES: dict[str, tuple[dict[str, type], str | tuple[str, ...]]] = {
    # One row per installed portal, keyed by the stable member_id (the domain can change).
    "portals": (
        {
            "member_id": str,
            "domain": str,
            "client_endpoint": str,
            "server_endpoint": str,
            "access_token": str,
            "refresh_token": str,
            "expires_at": float,
            "application_token": str,
            "scope": str,
            "status": str,  # installed | uninstalled
            "installer_user_id": int,
            "installed_at": str,
            "updated_at": str,
        },
        "member_id",
    ),
    # A user's own tokens from placement requests, so card-tab work runs with that user's CRM rights.
    "user_tokens": (
        {
            "member_id": str,
            "user_id": int,
            "access_token": str,
            "refresh_token": str,
            "expires_at": float,
            "updated_at": str,
        },
        ("member_id", "user_id"),
    ),
    # Who is refreshing a token pair right now (single flight without holding SQLite's write lock during
    # the OAuth call). user_id 0 = the portal's app tokens (Bitrix24 user ids start at 1).
    "refresh_leases": (
        {"member_id": str, "user_id": int, "owner": str, "expires_at": float},
        ("member_id", "user_id"),
    ),
    # Per-portal settings set by the portal admin (DaData key, auto-fill rules, ...), JSON values.
    "portal_settings": (
        {"member_id": str, "key": str, "value": str, "updated_at": str},
        ("member_id", "key"),
    ),
    # Leaky bucket shared by every process that calls one portal.
    "rate_buckets": (
        {"key": str, "level": float, "updated_at": float},
        "key",
    ),
    # Long-running background jobs and their progress, polled by the pages.
    "jobs": (
        {
            "id": str,
            "member_id": str,
            "kind": str,
            "state": str,  # queued | running | done | failed | cancelled
            "done": int,
            "total": int,
            "message": str,
            "params": str,  # JSON
            "result": str,  # JSON
            "started_by": int,
            "cancel_requested": int,
            "created_at": str,
            "updated_at": str,
        },
        "id",
    ),
    # Every change the app makes to CRM data, with the values it replaced, so it can be undone.
    "journal": (
        {
            "id": int,
            "member_id": str,
            "kind": str,  # requisites | merge | lead_automation | ...
            "entity_type": str,
            "entity_id": str,
            "user_id": int,
            "summary": str,
            "before": str,  # JSON snapshot taken before the write
            "after": str,  # JSON of what was written
            "created_at": str,
            "undone_at": str,
        },
        "id",
    ),
    # DaData answers by INN(+KPP), so repeated and bulk lookups cost one call per distinct key.
    "registry_cache": (
        {"key": str, "payload": str, "fetched_at": float},
        "key",
    ),
    # Incoming portal events, recorded before they are processed in the background.
    "events": (
        {
            "id": int,
            "member_id": str,
            "event": str,
            "entity_id": str,
            "payload": str,  # JSON without tokens
            "received_at": str,
            "state": str,  # queued | done | failed
            "message": str,
        },
        "id",
    ),
}

INDEXES: list[tuple[str, list[str]]] = [
    ("jobs", ["member_id", "kind"]),
    ("journal", ["member_id", "entity_type", "entity_id"]),
    ("events", ["member_id", "event"]),
]


def ensure_schema(db: sqlite_utils.Database) -> None:
    for name, (columns, pk) in TABLES.items():
        table = db[name]
        if not table.exists():
            table.create(columns, pk=pk, not_null=set())
        else:
            missing = {col: typ for col, typ in columns.items() if col not in table.columns_dict}
            for col, typ in missing.items():
                table.add_column(col, typ)
    for name, columns in INDEXES:
        db[name].create_index(columns, if_not_exists=True)
