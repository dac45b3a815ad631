"""The DaData adapter: real `dadata` client over mocked httpx; our errors, retries, rate limit, cache."""
from __future__ import annotations

import json

import httpx
import pytest

from requisites.dadata_source import (
    DADATA_BUCKET, BadApiKey, DadataSource, NoApiKey, QuotaExhausted, RateLimit, RegistryRateLimited,
    RegistryRejected, RegistryTimeout, RegistryUnavailable, SourceSettings, resolve_api_key,
)
from requisites.model import InvalidInput
from tests.requisites.requisites_testdata import load_fixture

BASE = "https://suggestions.dadata.ru/suggestions/api/4_1/rs/"
PARTY_URL = BASE + "findById/party"
KEY = "secret-key-123"
SBER = load_fixture("find-party_legal-main-and-branch_sberbank.json")
BANK = load_fixture("find-bank_sberbank-044525225.json")


class DictCache:
    """In-memory stand-in for storage.registry_cache with a hand-moved clock."""

    def __init__(self):
        self.rows, self.now = {}, 0.0

    def get(self, key, max_age_seconds):
        if key not in self.rows or self.now - self.rows[key][0] > max_age_seconds:
            return False, None
        return True, json.loads(self.rows[key][1])

    def put(self, key, payload):
        self.rows[key] = (self.now, json.dumps(payload))


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)


@pytest.fixture
def sleeps():
    return Sleeps()


@pytest.fixture
def source(sleeps):
    def make(cache=None, key=KEY, **settings):
        return DadataSource(key, cache=cache, settings=SourceSettings(**settings),
                            rate_limit=RateLimit(10_000, sleep=sleeps), sleep=sleeps)
    return make


def test_find_party_posts_to_find_by_id_with_token_and_returns_suggestions(httpx_mock, source):
    httpx_mock.add_response(url=PARTY_URL, method="POST", json=SBER)
    found = source().find_party("ИНН 7707 083 893")
    assert [s["data"]["branch_type"] for s in found] == ["MAIN", "BRANCH"]
    request = httpx_mock.get_requests()[0]
    assert request.headers["Authorization"] == f"Token {KEY}"
    assert json.loads(request.content) == {"query": "7707083893", "count": 20}


def test_base_url_can_point_at_another_host(httpx_mock, source):
    other = "http://127.0.0.1:5999/dadata/suggestions/api/4_1/rs/"
    httpx_mock.add_response(url=other + "findById/party", json={"suggestions": []})
    assert source(suggestions_url=other).find_party("7707083893") == []


def test_kpp_narrows_the_lookup_to_one_branch(httpx_mock, source):
    httpx_mock.add_response(url=PARTY_URL, json={"suggestions": SBER["suggestions"][1:]})
    source().find_party("7707083893", kpp="380843001")
    assert json.loads(httpx_mock.get_requests()[0].content)["kpp"] == "380843001"


def test_suggest_party_and_find_bank_use_their_endpoints(httpx_mock, source):
    httpx_mock.add_response(url=BASE + "suggest/party", json=SBER)
    httpx_mock.add_response(url=BASE + "findById/bank", json=BANK)
    src = source()
    assert len(src.suggest_party("сбербанк", count=5)) == 2
    assert src.find_bank("БИК 044525225")[0]["data"]["correspondent_account"] == "30101810400000000225"
    bodies = [json.loads(r.content) for r in httpx_mock.get_requests()]
    assert bodies == [{"query": "сбербанк", "count": 5}, {"query": "044525225", "count": 1}]


@pytest.mark.parametrize("typed", ["7707083894", "12345", "сбербанк", ""])
def test_invalid_identifier_never_reaches_dadata(httpx_mock, source, typed):
    with pytest.raises(InvalidInput):
        source().find_party(typed)
    assert httpx_mock.get_requests() == []


def test_invalid_bik_and_kpp_never_reach_dadata(httpx_mock, source):
    with pytest.raises(InvalidInput):
        source().find_bank("04452522")
    with pytest.raises(InvalidInput):
        source().find_party("7707083893", kpp="12")
    assert httpx_mock.get_requests() == []


# ---------------------------------------------------------------- errors

QUOTA_BODY = {"family": "CLIENT_ERROR", "reason": "Forbidden",
              "message": f"Feature 'SUGGESTIONS' disabled for token '{KEY}'"}


@pytest.mark.parametrize("status, body, error", [
    (401, {"detail": "no key"}, BadApiKey),
    (403, {"family": "CLIENT_ERROR", "reason": "Forbidden", "message": "Invalid token"}, BadApiKey),
    (403, QUOTA_BODY, QuotaExhausted),
    (413, {}, RegistryRejected),
    (400, {}, RegistryRejected),
])
def test_configuration_errors_become_our_errors_without_retry(httpx_mock, source, sleeps, status, body, error):
    httpx_mock.add_response(url=PARTY_URL, status_code=status, json=body)
    src = source()
    with pytest.raises(error) as caught:
        src.find_party("7707083893")
    assert src.calls == 1 and sleeps == []
    assert caught.value.user_message("ru") and caught.value.user_message("en")


def test_no_error_text_or_chain_carries_the_key(httpx_mock, source):
    httpx_mock.add_response(url=PARTY_URL, status_code=403, json=QUOTA_BODY)
    src = source()
    with pytest.raises(QuotaExhausted) as caught:
        src.find_party("7707083893")
    error = caught.value
    texts = [str(error), repr(error), error.user_message("ru"), error.user_message("en"), repr(src)]
    assert not any(KEY in text for text in texts)
    assert error.__cause__ is None and error.__context__ is None
    assert "полночь" in error.user_message("ru")


def test_rate_limited_answer_is_retried_with_backoff(httpx_mock, source, sleeps):
    httpx_mock.add_response(url=PARTY_URL, status_code=429, json={})
    httpx_mock.add_response(url=PARTY_URL, json=SBER)
    src = source()
    assert len(src.find_party("7707083893")) == 2
    assert src.calls == 2 and sleeps == [0.5]


@pytest.mark.parametrize("status, error", [(429, RegistryRateLimited), (502, RegistryUnavailable)])
def test_persistent_failure_gives_up_after_two_retries(httpx_mock, source, sleeps, status, error):
    for _ in range(3):
        httpx_mock.add_response(url=PARTY_URL, status_code=status, json={})
    src = source()
    with pytest.raises(error):
        src.find_party("7707083893")
    assert src.calls == 3 and sleeps == [0.5, 1.0]


def test_timeout_is_retried_then_reported(httpx_mock, source):
    for _ in range(3):
        httpx_mock.add_exception(httpx.ReadTimeout("slow"), url=PARTY_URL)
    with pytest.raises(RegistryTimeout) as caught:
        source().find_party("7707083893")
    assert "вовремя" in caught.value.user_message("ru")


def test_connection_failure_is_reported_as_unavailable(httpx_mock, source):
    for _ in range(3):
        httpx_mock.add_exception(httpx.ConnectError("refused"), url=PARTY_URL)
    with pytest.raises(RegistryUnavailable):
        source().find_party("7707083893")


def test_answer_that_is_not_json_is_reported_as_unavailable(httpx_mock, source):
    httpx_mock.add_response(url=PARTY_URL, text="<html>maintenance</html>")
    with pytest.raises(RegistryUnavailable):
        source(retries=0).find_party("7707083893")


# ---------------------------------------------------------------- cache

def test_cache_hit_costs_no_call(httpx_mock, source):
    httpx_mock.add_response(url=PARTY_URL, json=SBER)
    cache = DictCache()
    src = source(cache=cache)
    first = src.find_party("7707083893")
    again = source(cache=cache).find_party("ИНН: 7707083893")
    assert first == again and len(httpx_mock.get_requests()) == 1


def test_stale_entry_is_asked_again(httpx_mock, source):
    httpx_mock.add_response(url=PARTY_URL, json=SBER)
    httpx_mock.add_response(url=PARTY_URL, json=SBER)
    cache = DictCache()
    src = source(cache=cache, party_max_age=100)
    src.find_party("7707083893")
    cache.now = 101
    src.find_party("7707083893")
    assert src.calls == 2


def test_not_found_is_cached_for_a_shorter_time(httpx_mock, source):
    httpx_mock.add_response(url=PARTY_URL, json={"suggestions": []})
    httpx_mock.add_response(url=PARTY_URL, json={"suggestions": []})
    cache = DictCache()
    src = source(cache=cache, party_max_age=1000, empty_max_age=10)
    src.find_party("7736207543")
    cache.now = 5
    src.find_party("7736207543")
    assert src.calls == 1 and src.cache_hits == 1
    cache.now = 11
    src.find_party("7736207543")
    assert src.calls == 2


def test_branch_is_served_from_the_cached_whole_inn_answer(httpx_mock, source):
    httpx_mock.add_response(url=PARTY_URL, json=SBER)
    src = source(cache=DictCache())
    src.find_party("7707083893")
    branch = src.find_party("7707083893", kpp="380843001")
    assert [s["data"]["kpp"] for s in branch] == ["380843001"] and src.calls == 1


def test_branch_missing_from_the_cached_answer_is_looked_up_by_kpp(httpx_mock, source):
    httpx_mock.add_response(url=PARTY_URL, json=SBER)
    other_branch = json.loads(json.dumps(SBER["suggestions"][1]))
    other_branch["data"]["kpp"] = "540602001"
    httpx_mock.add_response(url=PARTY_URL, json={"suggestions": [other_branch]})
    src = source(cache=DictCache())
    src.find_party("7707083893")
    assert src.find_party("7707083893", kpp="540602001")[0]["data"]["kpp"] == "540602001"
    assert json.loads(httpx_mock.get_requests()[1].content)["kpp"] == "540602001"


def test_failed_lookup_is_not_cached(httpx_mock, source):
    httpx_mock.add_response(url=PARTY_URL, status_code=403, json=QUOTA_BODY)
    cache = DictCache()
    with pytest.raises(QuotaExhausted):
        source(cache=cache).find_party("7707083893")
    assert cache.rows == {}


# ---------------------------------------------------------------- process-wide pieces

def test_one_client_per_key_per_process(source):
    assert source()._client is source()._client
    assert source(key="another-key")._client is not source()._client


def test_every_source_of_the_process_shares_one_limit_below_dadatas_30_per_second():
    first = DadataSource("key-of-portal-a", settings=SourceSettings(retries=0))
    second = DadataSource("key-of-portal-b")  # another portal, another key: the same server IP (dadata.md §2)
    assert first._limit is second._limit
    assert 1.0 / first._limit._interval == SourceSettings().requests_per_second < 30


class SharedBucket(list):
    """Records the keys a source reserves in the shared (cross-process) limiter."""

    def acquire(self, key):
        self.append(key)


def test_every_request_sent_takes_a_slot_in_the_shared_bucket_and_a_cache_hit_none(httpx_mock, sleeps):
    shared = SharedBucket()
    source = DadataSource(KEY, cache=DictCache(), rate_limit=RateLimit(10_000, sleep=sleeps), shared_limit=shared,
                          sleep=sleeps)
    httpx_mock.add_response(url=PARTY_URL, status_code=429)
    httpx_mock.add_response(url=PARTY_URL, json=SBER)
    source.find_party("7707083893")  # a 429, then the retry
    source.find_party("7707083893")  # from the cache
    assert shared == [DADATA_BUCKET, DADATA_BUCKET] and source.calls == 2


def test_rate_limit_spaces_calls_below_the_configured_rate():
    clock = [100.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        clock[0] += seconds

    limit = RateLimit(20, clock=lambda: clock[0], sleep=sleep)
    for _ in range(5):
        limit.acquire()
    assert slept == pytest.approx([0.05, 0.05, 0.05, 0.05])
    assert clock[0] - 100.0 == pytest.approx(0.2)  # calls at 0, 50, 100, 150, 200 ms: 20 per second


def test_api_key_comes_from_the_portal_then_the_default_then_the_environment(monkeypatch):
    monkeypatch.setenv("PORYADOK_DADATA_API_KEY", "from-env")
    assert resolve_api_key("portal-key", "config-key") == "portal-key"
    assert resolve_api_key(" ", "config-key") == "config-key"
    assert resolve_api_key(None, None) == "from-env"
    monkeypatch.delenv("PORYADOK_DADATA_API_KEY")
    with pytest.raises(NoApiKey) as caught:
        resolve_api_key(None, "")
    assert "ключ DaData" in caught.value.user_message("ru")
    with pytest.raises(NoApiKey):
        DadataSource("")
