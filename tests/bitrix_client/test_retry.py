"""Every retry rule, with the fake clock: nothing here really sleeps."""
from __future__ import annotations

import pytest
import requests

from bitrix_client import ApiError, OperationTimeLimit, RateLimited, RetryPolicy, ServerError, TransportError

from tests.bitrix_client.bitrix_fakes import PORTAL, envelope, error

LIMIT = error("QUERY_LIMIT_EXCEEDED", "Too many requests")
TIME_LIMIT = error("OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit")


@pytest.mark.parametrize("status", [503, 429])  # 503 now; the docs said 429 until 2024-12 (bitrix24-rest.md §4.1)
def test_query_limit_is_retried_with_growing_backoff(http, make_client, clock, limiter, status):
    http.post(PORTAL + "crm.lead.get", json=LIMIT, status=status)
    http.post(PORTAL + "crm.lead.get", json=LIMIT, status=status)
    http.post(PORTAL + "crm.lead.get", json=envelope({"ID": "5"}))
    assert make_client().call("crm.lead.get", {"id": 5}) == {"ID": "5"}
    assert clock.sleeps == [0.5, 1.0]
    assert len(limiter.acquired) == 3  # the limiter is asked before every HTTP request, retries too


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_retried(http, make_client, status):
    http.post(PORTAL + "app.info", body="<html>gateway</html>", status=status)
    http.post(PORTAL + "app.info", json=envelope({"ID": 1}))
    assert make_client().call("app.info") == {"ID": 1}


def test_connection_errors_are_retried(http, make_client, clock):
    http.post(PORTAL + "app.info", body=requests.ConnectionError("refused"))
    http.post(PORTAL + "app.info", json=envelope(True))
    assert make_client().call("app.info") is True and len(clock.sleeps) == 1


def test_read_timeout_is_not_retried_because_a_write_may_have_happened(http, make_client, clock):
    http.post(PORTAL + "crm.contact.add", body=requests.ReadTimeout("slow"))
    with pytest.raises(TransportError) as caught:
        make_client().call("crm.contact.add", {"fields": {"NAME": "A"}})
    assert caught.value.retryable is False and clock.sleeps == [] and len(http.calls) == 1


def test_retries_are_bounded(http, make_client, clock):
    for _ in range(3):
        http.post(PORTAL + "app.info", json=LIMIT, status=503)
    with pytest.raises(RateLimited):
        make_client(retry=RetryPolicy(attempts=3, sleep=clock.sleep, jitter=lambda: 1.0)).call("app.info")
    assert len(http.calls) == 3 and clock.sleeps == [0.5, 1.0]


@pytest.mark.parametrize(("status", "body"), [(400, error("ERROR_CORE", "bad")), (403, error("ACCESS_DENIED")),
                                              (500, error("PORTAL_DELETED"))])
def test_errors_that_cannot_heal_are_not_retried(http, make_client, clock, status, body):
    http.post(PORTAL + "app.info", json=body, status=status)
    with pytest.raises(ApiError):
        make_client().call("app.info")
    assert clock.sleeps == []


def test_backoff_is_jittered_and_capped():
    low = RetryPolicy(jitter=lambda: 0.0, base_delay=1.0, max_delay=8.0)
    high = RetryPolicy(jitter=lambda: 1.0, base_delay=1.0, max_delay=8.0)
    assert [low.backoff(n) for n in (1, 2, 3, 4, 5)] == [0.5, 1.0, 2.0, 4.0, 4.0]
    assert [high.backoff(n) for n in (1, 2, 3, 4, 5)] == [1.0, 2.0, 4.0, 8.0, 8.0]


def test_operation_limit_waits_until_the_reset_for_background_work(http, make_client, clock):
    reset_at = clock.now + 120
    http.post(PORTAL + "crm.duplicate.findbycomm", json=envelope([], time={"operating_reset_at": reset_at}))
    http.post(PORTAL + "crm.duplicate.findbycomm", json=TIME_LIMIT, status=429)
    http.post(PORTAL + "crm.duplicate.findbycomm", json=envelope({"CONTACT": [1]}))
    client = make_client(interactive=False)
    client.call("crm.duplicate.findbycomm", {"type": "PHONE", "values": ["1"]})
    assert client.call("crm.duplicate.findbycomm", {"type": "PHONE", "values": ["2"]}) == {"CONTACT": [1]}
    assert clock.sleeps == [120]


def test_operation_limit_without_a_known_reset_waits_the_fallback(http, make_client, clock):
    http.post(PORTAL + "crm.contact.list", json=TIME_LIMIT, status=429)
    http.post(PORTAL + "crm.contact.list", json=envelope([]))
    make_client().call("crm.contact.list")
    assert clock.sleeps == [60.0]


def test_a_second_operation_limit_after_the_reset_waits_the_fallback_not_zero(http, make_client, clock):
    reset_at = clock.now + 120
    http.post(PORTAL + "crm.contact.list", json=envelope([], time={"operating_reset_at": reset_at}))
    http.post(PORTAL + "crm.contact.list", json=TIME_LIMIT, status=429)
    http.post(PORTAL + "crm.contact.list", json={**TIME_LIMIT, "time": {"operating_reset_at": reset_at}}, status=429)
    http.post(PORTAL + "crm.contact.list", json=envelope([{"ID": "1"}]))
    client = make_client()
    client.call("crm.contact.list")
    assert client.call("crm.contact.list") == [{"ID": "1"}]
    assert clock.sleeps == [120, RetryPolicy().operation_limit_fallback]


def test_an_operation_limit_that_outlasts_the_reset_gives_up_after_the_attempts(http, make_client, clock):
    http.post(PORTAL + "crm.contact.list", json=envelope([], time={"operating_reset_at": clock.now + 30}))
    for _ in range(3):
        http.post(PORTAL + "crm.contact.list", json=TIME_LIMIT, status=429)
    client = make_client(retry=RetryPolicy(attempts=3, sleep=clock.sleep, clock=clock.time))
    client.call("crm.contact.list")
    with pytest.raises(OperationTimeLimit):
        client.call("crm.contact.list")
    assert clock.sleeps == [30, 60.0] and len(http.calls) == 4


def test_operation_limit_fails_fast_for_interactive_work(http, make_client, clock):
    http.post(PORTAL + "crm.contact.get", json=envelope({}, time={"operating_reset_at": clock.now + 300}))
    http.post(PORTAL + "crm.contact.get", json=TIME_LIMIT, status=429)
    client = make_client(interactive=True)
    client.call("crm.contact.get", {"id": 1})
    with pytest.raises(OperationTimeLimit) as caught:
        client.call("crm.contact.get", {"id": 1})
    assert clock.sleeps == [] and caught.value.retry_at == clock.now + 300
    assert "минут" in caught.value.user_message("ru")


def test_operation_limit_too_far_away_is_not_waited_for(http, make_client, clock):
    http.post(PORTAL + "crm.contact.get", json={**TIME_LIMIT, "time": {"operating_reset_at": clock.now + 3600}}, status=429)
    with pytest.raises(OperationTimeLimit):
        make_client().call("crm.contact.get", {"id": 1})
    assert clock.sleeps == []


def test_non_json_success_is_an_api_error_not_a_crash(http, make_client):
    http.post(PORTAL + "app.info", body="<html>maintenance</html>", status=200)
    with pytest.raises(ApiError) as caught:
        make_client().call("app.info")
    assert caught.value.code == "INVALID_RESPONSE" and not isinstance(caught.value, ServerError)
