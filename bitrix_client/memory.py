"""In-memory TokenStore and RateLimiter: for unit tests and single-process scripts.

They follow the same contracts as the SQLite versions in `storage/` but only within one process
(a `threading.Lock` instead of a database lock).
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace

from bitrix_client.credentials import Credentials
from bitrix_client.errors import PortalGone
from bitrix_client.leaky_bucket import LeakyBucket


class InMemoryTokenStore:
    """Holds Credentials keyed by (member_id, user_id); refreshes one at a time."""

    def __init__(self, credentials: Iterable[Credentials] = ()):
        self._lock = threading.Lock()
        self._rows: dict[tuple[str, int | None], Credentials] = {}
        self.refresh_calls = 0
        self.moves: list[tuple[str, str]] = []
        for item in credentials:
            self.save(item)

    def save(self, credentials: Credentials) -> None:
        with self._lock:
            self._rows[(credentials.member_id, credentials.user_id)] = credentials

    def get(self, member_id: str, user_id: int | None = None) -> Credentials | None:
        with self._lock:
            return self._rows.get((member_id, user_id))

    def refresh_single_flight(
        self, stale: Credentials, refresh: Callable[[Credentials], Credentials]
    ) -> Credentials:
        with self._lock:
            key = (stale.member_id, stale.user_id)
            stored = self._rows.get(key)
            if stored is None:
                raise PortalGone("NOT_INSTALLED", "no stored tokens for this portal", None)
            if stored.access_token != stale.access_token:
                return stored
            fresh = refresh(stored)
            self.refresh_calls += 1
            self._rows[key] = fresh
            return fresh

    def client_endpoint_moved(self, member_id: str, new_client_endpoint: str) -> None:
        with self._lock:
            self.moves.append((member_id, new_client_endpoint))
            for key, row in list(self._rows.items()):
                if key[0] == member_id:
                    self._rows[key] = replace(row, client_endpoint=new_client_endpoint)


class InMemoryRateLimiter:
    """A leaky bucket per key in a dict; `waits` records every pause it asked for."""

    def __init__(self, rate: float = 2.0, burst: int = 50, *,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self.bucket = LeakyBucket(rate, burst)
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._levels: dict[str, tuple[float, float]] = {}
        self.acquired: list[str] = []
        self.waits: list[float] = []

    def acquire(self, key: str) -> None:
        with self._lock:
            now = self._clock()
            level, updated_at = self._levels.get(key, (0.0, None))
            level, wait = self.bucket.reserve(level, updated_at, now)
            self._levels[key] = (level, now)
            self.acquired.append(key)
            self.waits.append(wait)
        if wait > 0:
            self._sleep(wait)
