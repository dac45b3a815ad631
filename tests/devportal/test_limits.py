"""The cloud's limits: a leaky bucket per portal (503), operating time per method × app (429),
access tokens that expire (401)."""
from __future__ import annotations

import time

from tests.devportal.devportal_helpers import Rest, installed

from devportal.limits import LeakyBucket, OperatingLedger
from devportal.testing import running_devportal


class FakeClock:
    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_bucket_allows_the_burst_then_refuses_then_drains():
    clock = FakeClock()
    bucket = LeakyBucket(rate=2.0, burst=50, clock=clock)
    assert all(bucket.try_acquire("portal") for _ in range(50))
    assert not bucket.try_acquire("portal")
    clock.now += 1.0                                          # two requests' worth drained
    assert bucket.try_acquire("portal") and bucket.try_acquire("portal")
    assert not bucket.try_acquire("portal")


def test_bucket_is_per_portal():
    bucket = LeakyBucket(rate=2.0, burst=1, clock=FakeClock())
    assert bucket.try_acquire("a") and bucket.try_acquire("b")
    assert not bucket.try_acquire("a")


def test_ledger_blocks_one_method_for_one_caller_until_the_window_moves_on():
    clock = FakeClock(6000.0)
    ledger = OperatingLedger(limit=480, window=600, clock=clock)
    ledger.charge("crm.lead.list", "app", 481)
    assert ledger.blocked("crm.lead.list", "app")
    assert not ledger.blocked("crm.lead.get", "app") and not ledger.blocked("crm.lead.list", "webhook:x")
    assert ledger.reset_at("crm.lead.list", "app") == 6600
    clock.now = 6600.0
    assert not ledger.blocked("crm.lead.list", "app")


def test_reset_time_is_never_before_the_oldest_bucket_drops_out():
    clock = FakeClock(6000.35)
    ledger = OperatingLedger(limit=0.001, window=1.0, clock=clock)  # buckets of 0.1 s
    ledger.charge("crm.lead.list", "app", 1.0)
    reset_at = ledger.reset_at("crm.lead.list", "app")
    clock.now = reset_at
    assert reset_at == 6002 and not ledger.blocked("crm.lead.list", "app")


def test_scale_multiplies_measured_time():
    ledger = OperatingLedger(limit=10, window=600, scale=1000, clock=FakeClock())
    assert ledger.charge("m", "c", 0.02) == 20
    assert ledger.blocked("m", "c")


def test_a_batch_counts_as_one_request_for_the_rate_limit():
    with running_devportal(rate=0.001, burst=2) as handle:
        rest = Rest(handle)
        answer = rest("batch", {"cmd": {str(i): "crm.lead.list" for i in range(20)}})
        second = rest("crm.lead.list")
        third = rest("crm.lead.list")
    assert answer.status_code == 200 and answer.json()["result"]["result_error"] == []
    assert second.status_code == 200 and third.status_code == 503


def test_operating_time_blocks_only_the_spent_method_and_says_when_it_resets():
    with running_devportal(operating_limit=1.0, operating_scale=1e9) as handle:
        rest = Rest(handle)
        first = rest("crm.lead.list").json()
        blocked = rest("crm.lead.list")
        other = rest("crm.contact.list")
    assert first["time"]["operating"] > 1.0 and first["time"]["operating_reset_at"] > time.time()
    assert blocked.status_code == 429 and other.status_code == 200


def test_operating_time_is_charged_per_inner_batch_command_and_not_to_batch_itself():
    with running_devportal(operating_limit=1.0, operating_scale=1e9) as handle:
        rest = Rest(handle)
        answer = rest("batch", {"cmd": {"a": "crm.lead.list", "b": "crm.lead.list", "c": "crm.contact.list"}})
        again = rest("batch", {"cmd": {"d": "crm.deal.list"}})
    errors = answer.json()["result"]["result_error"]
    assert set(answer.json()["result"]["result"]) == {"a", "c"}
    assert errors == {"b": {"error": "OPERATION_TIME_LIMIT",
                            "error_description": "Method is blocked due to operation time limit"}}
    assert again.status_code == 200 and "operating" not in again.json()["time"]


def test_operating_time_is_kept_apart_for_the_app_and_the_webhook():
    with running_devportal(operating_limit=1.0, operating_scale=1e9, app_url="http://127.0.0.1:9") as handle:
        token = installed(handle)
        rest = Rest(handle)
        rest("crm.lead.list")
        assert rest("crm.lead.list").status_code == 429
        assert rest("crm.lead.list", auth=token).status_code == 200


def test_access_tokens_expire_after_the_configured_lifetime():
    with running_devportal(token_lifetime=1, app_url="http://127.0.0.1:9") as handle:
        token = installed(handle)
        rest = Rest(handle)
        assert rest("crm.lead.list", auth=token).status_code == 200
        time.sleep(1.1)
        response = rest("crm.lead.list", auth=token)
    assert response.status_code == 401 and response.json()["error"] == "expired_token"
