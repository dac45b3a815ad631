"""The leaky-bucket arithmetic and the in-memory collaborators."""
from __future__ import annotations

import pytest

from bitrix_client.leaky_bucket import LeakyBucket
from bitrix_client.memory import InMemoryRateLimiter

from tests.bitrix_client.bitrix_fakes import FakeClock


def test_all_but_one_of_the_burst_passes_then_each_request_waits_one_drain_interval():
    bucket = LeakyBucket(rate=20, burst=5)
    level, updated, waits = 0.0, None, []
    for _ in range(8):
        level, wait = bucket.reserve(level, updated, 100.0)
        updated = 100.0
        waits.append(round(wait, 6))
    assert waits == [0, 0, 0, 0, 0.05, 0.1, 0.15, 0.2]


def test_one_request_of_the_portals_burst_stays_free_for_network_delay():
    # the portal counts arrivals, we count departures; see LeakyBucket.ceiling (found by tests/e2e)
    assert LeakyBucket(rate=2, burst=50).ceiling == 49
    assert LeakyBucket(rate=2, burst=50).reserve(48.0, 0.0, 0.0) == (49.0, 0.0)
    assert LeakyBucket(rate=2, burst=50).reserve(49.0, 0.0, 0.0) == (50.0, 0.5)
    assert LeakyBucket(rate=1, burst=1).reserve(0.0, None, 0.0) == (1.0, 0.0)  # nothing to spare


def test_bucket_drains_over_time_and_never_below_empty():
    bucket = LeakyBucket(rate=2, burst=50)
    assert bucket.reserve(50.0, 0.0, 10.0) == (31.0, 0.0)
    assert bucket.reserve(3.0, 0.0, 1000.0) == (1.0, 0.0)
    assert bucket.reserve(0.0, 10.0, 5.0) == (1.0, 0.0)  # a clock behind the stored time drains nothing


def test_invalid_bucket_is_refused():
    with pytest.raises(ValueError):
        LeakyBucket(rate=0, burst=5)


def test_in_memory_limiter_sleeps_per_portal():
    clock = FakeClock(0.0)
    limiter = InMemoryRateLimiter(rate=2, burst=2, clock=clock.time, sleep=clock.sleep)
    for _ in range(3):
        limiter.acquire("a")
    limiter.acquire("b")  # another portal has its own bucket
    assert clock.sleeps == [0.5, 0.5]  # burst 2 keeps one request of headroom
