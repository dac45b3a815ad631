"""The leaky-bucket arithmetic shared by every RateLimiter (in memory and in SQLite).

Bitrix24 counts requests per portal in a bucket that drains `rate` per second and refuses requests
beyond `burst` (RU limits.md: 2/s and 50, Enterprise 5/s and 250). We keep our own copy of that
bucket and *reserve* a slot before each request: the level may run above `ceiling`, and the caller
then waits until its slot has drained to it. One read-modify-write per request, so the
SQLite version holds its lock only for a moment and sleeps outside it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LeakyBucket:
    rate: float = 2.0  # requests drained per second
    burst: int = 50  # requests the portal accepts at once

    def __post_init__(self) -> None:
        if self.rate <= 0 or self.burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")

    @property
    def ceiling(self) -> int:
        """The level our copy may reach: one request below the portal's `burst`.

        We count a request when it leaves, the portal when it arrives, and the first request after a
        pause (which opens a connection) arrives later than those after it — so the portal's bucket
        drains behind ours. Filling ours to exactly `burst` then gets a 503 at every overflow; one
        request of headroom absorbs up to 1/rate seconds of such delay.
        """
        return self.burst - 1 if self.burst > 1 else self.burst

    def reserve(self, level: float, updated_at: float | None, now: float) -> tuple[float, float]:
        """Take one slot: returns (new level to store at `now`, seconds to wait before sending)."""
        elapsed = max(0.0, now - updated_at) if updated_at is not None else 0.0
        new_level = max(0.0, level - elapsed * self.rate) + 1.0
        return new_level, max(0.0, (new_level - self.ceiling) / self.rate)
