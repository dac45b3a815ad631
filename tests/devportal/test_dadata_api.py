"""The DaData stand-in answers the real `dadata` client over real HTTP like DaData does (dadata.md §2–4)."""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import httpx
import pytest
from dadata import Dadata
from flask import Flask
from werkzeug.serving import make_server

from devportal import dadata_api
from devportal.dadata_fixtures import FIXTURES_DIR, GENERATED_FILE
from devportal.testing import running_devportal

KEY = "test-dadata-key"
CASES = json.loads(GENERATED_FILE.read_text(encoding="utf-8"))["cases"]
SBERBANK_INN = "7707083893"


def _serve(**config) -> Iterator[str]:
    app = Flask("dadata-test")
    app.config.update(DADATA_API_KEYS=[KEY], **config)
    app.register_blueprint(dadata_api.bp)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/dadata{dadata_api.SUGGESTIONS_PATH}/"
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    yield from _serve(DADATA_RATE_LIMIT=1000)


def _client(base_url: str, key: str = KEY) -> Dadata:
    """The real client, its suggestions host swapped for devportal (the only supported override)."""
    client = Dadata(key)
    client._suggestions._client.base_url = base_url
    return client


@pytest.fixture
def dadata(base_url: str) -> Iterator[Dadata]:
    with _client(base_url) as client:
        yield client


def test_find_party_returns_the_recorded_answer_unchanged(dadata: Dadata):
    recorded = json.loads((FIXTURES_DIR / "find-party_legal-main-and-branch_sberbank.json").read_text("utf-8"))
    assert dadata.find_by_id("party", SBERBANK_INN) == recorded["suggestions"]


def test_branch_type_main_returns_the_head_office_only(dadata: Dadata):
    found = dadata.find_by_id("party", SBERBANK_INN, branch_type="MAIN")
    assert [s["data"]["branch_type"] for s in found] == ["MAIN"]


def test_kpp_picks_one_branch(dadata: Dadata):
    all_rows = dadata.find_by_id("party", CASES["main_with_branches"])
    branch = next(s for s in all_rows if s["data"]["branch_type"] == "BRANCH")
    picked = dadata.find_by_id("party", CASES["main_with_branches"], kpp=branch["data"]["kpp"])
    assert picked == [branch]


def test_head_office_comes_first_and_branches_have_their_own_kpp(dadata: Dadata):
    rows = dadata.find_by_id("party", CASES["main_with_branches"])
    assert rows[0]["data"]["branch_type"] == "MAIN"
    assert len(rows) >= 3
    assert len({r["data"]["kpp"] for r in rows}) == len(rows)


def test_count_limits_the_number_of_suggestions(dadata: Dadata):
    assert len(dadata.find_by_id("party", CASES["main_with_branches"], count=2)) == 2


def test_find_by_ogrn_finds_the_same_company(dadata: Dadata):
    by_inn = dadata.find_by_id("party", CASES["liquidated"])
    assert dadata.find_by_id("party", by_inn[0]["data"]["ogrn"]) == by_inn


def test_type_filter_separates_individuals_from_companies(dadata: Dadata):
    inn = CASES["individual"]
    assert dadata.find_by_id("party", inn, type="LEGAL") == []
    [row] = dadata.find_by_id("party", inn, type="INDIVIDUAL")
    assert row["data"]["fio"]["surname"] and row["data"]["kpp"] is None


def test_status_filter_accepts_a_list(dadata: Dadata):
    inn = CASES["liquidated"]
    assert dadata.find_by_id("party", inn, status=["ACTIVE"]) == []
    [row] = dadata.find_by_id("party", inn, status=["ACTIVE", "LIQUIDATED"])
    assert row["data"]["state"]["liquidation_date"] is not None


def test_data_only_recordings_are_served_as_suggestions(dadata: Dadata):
    [row] = dadata.find_by_id("party", "7719402047")
    assert row["value"] == row["data"]["name"]["short_with_opf"]
    assert row["data"]["inn"] == "7719402047"


def test_unknown_inn_is_not_an_error(dadata: Dadata):
    assert dadata.find_by_id("party", "7707083894") == []
    assert dadata.find_by_id("bank", "049999999") == []


def test_suggest_party_matches_word_prefixes_case_insensitively(dadata: Dadata):
    found = dadata.suggest("party", "северный вет", branch_type="MAIN")
    assert [s["data"]["inn"] for s in found] == [CASES["main_with_branches"]]


def test_suggest_party_ranks_active_head_offices_first(dadata: Dadata):
    found = dadata.suggest("party", "северный ветер", count=20)
    assert found[0]["data"]["branch_type"] == "MAIN"
    assert {s["data"]["branch_type"] for s in found[1:]} == {"BRANCH"}


def test_suggest_party_finds_names_with_nested_quotes(dadata: Dadata):
    [row] = dadata.suggest("party", "лесная поляна")
    assert row["value"] == 'ООО "ТОРГОВЫЙ ДОМ "ЛЕСНАЯ ПОЛЯНА"'


def test_find_bank_by_bic_returns_the_recorded_answer(dadata: Dadata):
    recorded = json.loads((FIXTURES_DIR / "find-bank_sberbank-044525225.json").read_text("utf-8"))
    assert dadata.find_by_id("bank", "044525225") == recorded["suggestions"]


def test_find_bank_by_inn_lists_branches_and_kpp_picks_one(dadata: Dadata):
    head = dadata.find_by_id("bank", CASES["bank_1"])[0]["data"]
    by_inn = dadata.find_by_id("bank", head["inn"])
    assert {s["data"]["bic"] for s in by_inn} == {CASES["bank_1"], CASES["bank_1_branch"]}
    [branch] = dadata.find_by_id("bank", head["inn"], kpp=by_inn[1]["data"]["kpp"])
    assert branch["data"]["opf"]["type"] == "BANK_BRANCH"


def _status_of(call) -> httpx.Response:
    with pytest.raises(httpx.HTTPStatusError) as caught:
        call()
    return caught.value.response


def test_missing_key_is_401(base_url: str):
    response = httpx.post(base_url + "findById/party", json={"query": SBERBANK_INN})
    assert response.status_code == 401


def test_wrong_key_is_403(base_url: str):
    with _client(base_url, key="not-a-key") as client:
        assert _status_of(lambda: client.find_by_id("party", SBERBANK_INN)).status_code == 403


def test_query_longer_than_300_characters_is_413(dadata: Dadata):
    assert _status_of(lambda: dadata.suggest("party", "а" * 301)).status_code == 413


def test_body_that_is_not_json_is_400(base_url: str):
    response = httpx.post(base_url + "suggest/party", content=b"{not json",
                          headers={"Authorization": f"Token {KEY}", "Content-Type": "application/json"})
    assert response.status_code == 400


def test_get_instead_of_post_is_405(base_url: str):
    response = httpx.get(base_url + "findById/party", headers={"Authorization": f"Token {KEY}"})
    assert response.status_code == 405


def test_exhausted_daily_quota_answers_403_with_dadatas_body():
    for base_url in _serve(DADATA_DAILY_QUOTA=2, DADATA_RATE_LIMIT=1000):
        with _client(base_url) as client:
            client.find_by_id("party", SBERBANK_INN)
            client.suggest("party", "ромашка")
            response = _status_of(lambda: client.find_by_id("party", SBERBANK_INN))
    assert response.status_code == 403
    assert response.json() == {"family": "CLIENT_ERROR", "reason": "Forbidden",
                                "message": f"Feature 'SUGGESTIONS' disabled for token '{KEY}'"}


def test_more_requests_per_second_than_the_limit_get_429():
    statuses = []
    for base_url in _serve(DADATA_RATE_LIMIT=3):
        with httpx.Client(base_url=base_url, headers={"Authorization": f"Token {KEY}"}) as client:
            statuses = [client.post("findById/party", json={"query": SBERBANK_INN}).status_code for _ in range(10)]
    # ten requests cannot spread over the >3 seconds it would take to stay under 3 per second
    assert 429 in statuses and statuses[0] == 200


def test_a_running_devportal_answers_with_the_default_key():
    with running_devportal() as portal, _client(f"{portal.base_url}/dadata{dadata_api.SUGGESTIONS_PATH}/",
                                                dadata_api.DEFAULT_API_KEY) as client:
        assert client.find_by_id("party", CASES["individual"])[0]["data"]["type"] == "INDIVIDUAL"
