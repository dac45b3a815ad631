"""`SqliteRateLimiter`: the per-portal leaky bucket in `rate_buckets`, shared by every process.

Web workers and the huey consumer all call the same portals, and Bitrix24 counts their requests
together (per portal and source IP), so the bucket lives in the database. Each `acquire` reserves a
slot in a short `immediate_transaction` and then sleeps, if it must, *outside* it — the lock is
never held while waiting. The arithmetic is `bitrix_client.leaky_bucket.LeakyBucket`.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable

import sqlite_utils

from bitrix_client.leaky_bucket import LeakyBucket
from storage.db import immediate_transaction


class SqliteRateLimiter:
    """`bitrix_client.RateLimiter`: 2 req/s with a burst of 50 by default (Enterprise: 5 and 250).

    The clock must be wall time (`time.time`): it is compared across processes.
    """

    def __init__(self, db: sqlite_utils.Database, rate: float = 2.0, burst: int = 50, *,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep):
        self.db = db
        self.bucket = LeakyBucket(rate, burst)
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()

    def reserve(self, key: str) -> float:
        """Take one slot in `key`'s bucket; returns how many seconds to wait before using it."""
        with self._lock, immediate_transaction(self.db):
            now = self._clock()  # read under the lock, so no process writes a later time before us
            rows = list(self.db["rate_buckets"].rows_where("key = ?", [key], limit=1))
            level, updated_at = (rows[0]["level"], rows[0]["updated_at"]) if rows else (0.0, None)
            level, wait = self.bucket.reserve(level or 0.0, updated_at, now)
            self.db["rate_buckets"].upsert({"key": key, "level": level, "updated_at": now}, pk="key")
        return wait

    def acquire(self, key: str) -> None:
        wait = self.reserve(key)
        if wait > 0:
            self._sleep(wait)
