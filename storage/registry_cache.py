"""DaData answers cached by key (INN+KPP, BIK, …) so repeated and bulk lookups cost one call per key.

The cache is shared by every portal: registry data is public and the same for all of them, and
DaData's rate limit and quota are per server IP (dadata.md §2). Payloads are JSON.
"""
from __future__ import annotations

import json
import time
from typing import Any

import sqlite_utils

__all__ = ["SqliteRegistryCache", "get_cached", "put_cached", "delete_older_than"]


def get_cached(db: sqlite_utils.Database, key: str, max_age_seconds: float, now: float | None = None) -> tuple[bool, Any]:
    """(hit, payload). A row older than `max_age_seconds` is a miss."""
    rows = list(db["registry_cache"].rows_where("key = ?", [key], limit=1))
    if not rows:
        return False, None
    now = time.time() if now is None else now
    if now - float(rows[0]["fetched_at"] or 0) > max_age_seconds:
        return False, None
    return True, json.loads(rows[0]["payload"])


def put_cached(db: sqlite_utils.Database, key: str, payload: Any, now: float | None = None) -> None:
    db["registry_cache"].upsert(
        {"key": key, "payload": json.dumps(payload, ensure_ascii=False),
         "fetched_at": time.time() if now is None else now},
        pk="key")


def delete_older_than(db: sqlite_utils.Database, max_age_seconds: float, now: float | None = None) -> int:
    """Drop stale rows; returns how many went."""
    cutoff = (time.time() if now is None else now) - max_age_seconds
    count = db.execute("select count(*) from registry_cache where fetched_at < ?", [cutoff]).fetchone()[0]
    db["registry_cache"].delete_where("fetched_at < ?", [cutoff])
    return count


class SqliteRegistryCache:
    """The cache interface `requisites.dadata_source` expects, backed by the `registry_cache` table."""

    def __init__(self, db: sqlite_utils.Database):
        self._db = db

    def get(self, key: str, max_age_seconds: float) -> tuple[bool, Any]:
        return get_cached(self._db, key, max_age_seconds)

    def put(self, key: str, payload: Any) -> None:
        put_cached(self._db, key, payload)
