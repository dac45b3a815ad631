"""How long to wait before trying again. The decision *whether* to retry lives in `PortalClient._request`.

Everything time-related is injectable (`sleep`, `clock`, `jitter`) so tests run with zero real sleeps.
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded, jittered exponential backoff plus the rules for waiting out OPERATION_TIME_LIMIT.

    `attempts` counts every try of one call (so 5 = the first try and up to 4 retries).
    Delay before retry n (1-based) is `min(max_delay, base_delay * 2**(n-1))`, then "equal jitter":
    half of it fixed, half random, so clients that collided do not collide again in step.
    """

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    # OPERATION_TIME_LIMIT (background work only): wait until `operating_reset_at`, or this long when
    # no envelope has told us yet or the reset we knew of has passed; refuse waits longer than
    # `max_operation_wait`. 60 s = one minute bucket of Bitrix24's sliding ten-minute window.
    operation_limit_fallback: float = 60.0
    max_operation_wait: float = 600.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    clock: Callable[[], float] = field(default=time.time, repr=False)
    jitter: Callable[[], float] = field(default=random.random, repr=False)

    def backoff(self, retry_number: int) -> float:
        """Seconds to wait before retry number `retry_number` (1 = the first retry)."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(0, retry_number - 1))
        return ceiling / 2 + self.jitter() * ceiling / 2

    def operation_wait(self, retry_at: float | None) -> float | None:
        """Seconds until the method's time budget resets, or None if that is too long to wait.

        A `retry_at` that is already behind us says nothing any more (typically a second 429 right
        after waiting it out: the next minute bucket has yet to drop out), so the fallback applies
        instead of a zero wait that would spend every remaining attempt within milliseconds.
        """
        remaining = None if retry_at is None else retry_at - self.clock()
        wait = remaining if remaining is not None and remaining > 0 else self.operation_limit_fallback
        return wait if wait <= self.max_operation_wait else None
