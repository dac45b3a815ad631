"""The two cloud limits (bitrix24-rest.md §4.1–4.2).

- `LeakyBucket`: every REST request adds one to a per-portal level that drains `rate` per second;
  a request that would lift it above `burst` is refused (503 QUERY_LIMIT_EXCEEDED) and not counted.
- `OperatingLedger`: execution time per method × app (or webhook) in ten buckets over a sliding
  window (10 × 1 min in the cloud); above the limit that method answers 429 OPERATION_TIME_LIMIT for
  that caller until old buckets fall out. `operating_reset_at` = when the oldest bucket drops out.
"""
from __future__ import annotations

import math
import threading
import time
from collections import defaultdict, deque
from typing import Callable

BUCKETS_PER_WINDOW = 10


class LeakyBucket:
    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._levels: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def try_acquire(self, key: str) -> bool:
        with self._lock:
            now = self._clock()
            level, last = self._levels.get(key, (0.0, now))
            level = max(0.0, level - (now - last) * self.rate)
            if level + 1 > self.burst:
                self._levels[key] = (level, now)
                return False
            self._levels[key] = (level + 1, now)
            return True


class OperatingLedger:
    def __init__(self, limit: float, window: float, scale: float = 1.0, clock: Callable[[], float] = time.time):
        self.limit = limit
        self.window = window
        self.scale = scale
        self._bucket = window / BUCKETS_PER_WINDOW
        self._clock = clock
        self._spent: dict[tuple[str, str], deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def _expire(self, key: tuple[str, str], now: float) -> deque:
        buckets = self._spent[key]
        while buckets and buckets[0][0] <= now - self.window:
            buckets.popleft()
        return buckets

    def spent(self, method: str, caller: str) -> float:
        with self._lock:
            return sum(s for _, s in self._expire((method, caller), self._clock()))

    def blocked(self, method: str, caller: str) -> bool:
        return self.spent(method, caller) > self.limit

    def charge(self, method: str, caller: str, seconds: float) -> float:
        """Add measured time (× scale); returns the method's total within the window."""
        with self._lock:
            now = self._clock()
            buckets = self._expire((method, caller), now)
            start = now - (now % self._bucket)
            if buckets and buckets[-1][0] == start:
                buckets[-1] = (start, buckets[-1][1] + seconds * self.scale)
            else:
                buckets.append((start, seconds * self.scale))
            return sum(s for _, s in buckets)

    def reset_at(self, method: str, caller: str) -> int:
        with self._lock:
            now = self._clock()
            buckets = self._expire((method, caller), now)
            oldest = buckets[0][0] if buckets else now
            # Whole seconds like the cloud's, rounded UP: with a scaled-down window the buckets start at
            # fractions of a second, and a time rounded down would send clients back before the reset.
            return math.ceil(oldest + self.window)
