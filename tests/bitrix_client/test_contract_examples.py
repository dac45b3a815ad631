"""Contract: every response or error envelope from the official docs parses into the right thing.

Files are discovered, not listed: a new response example in the folder that nobody classified fails
`test_every_example_is_classified`.
"""
from __future__ import annotations

from dataclasses import replace

import pytest
import responses

from bitrix_client import (AccessDenied, ApiError, AuthError, BatchError, OperationTimeLimit, PaymentRequired,
                           RateLimited, RetryPolicy)

from tests.bitrix_client.bitrix_fakes import CLIENT_ID, CLIENT_SECRET, PORTAL, TOKEN_URL
from tests.reference_examples import BITRIX24, bitrix24_example

# Examples that are requests, event payloads or form posts: nothing for a client to parse.
NOT_RESPONSES = {
    "crm_duplicate_findbycomm_request.json", "crm_entity_mergebatch_request.json", "event_onappinstall.json",
    "event_onappuninstall.json", "event_oncrmleadadd_form_flat.json", "event_oncrmleadadd_nested.json",
    "app_page_post_install_form.json", "placement_post_crm_deal_detail_tab_form.json",
    "placement_post_crm_requisite_autocomplete_form.json",
}
# error file -> (HTTP status the docs give, expected class)
ERRORS = {
    "error_expired_token.json": (401, AuthError),
    "error_query_limit_exceeded.json": (503, RateLimited),
    "error_operation_time_limit.json": (429, OperationTimeLimit),
    "error_envelope_handler_already_exist.json": (400, ApiError),
    "crm_entity_mergebatch_error_response.json": (400, ApiError),
}
BATCHES = {"batch_response.json", "batch_response_error_halt0.json"}
OAUTH = {"oauth_refresh_response_ru.json", "oauth_refresh_response_en.json", "oauth_error_payment_required.json"}


def all_examples() -> list[str]:
    return sorted(p.name for p in BITRIX24.glob("*.json"))


def plain_results() -> list[str]:
    return [n for n in all_examples() if n not in NOT_RESPONSES | set(ERRORS) | BATCHES | OAUTH]


def test_every_example_is_classified():
    names = all_examples()
    assert len(names) >= 25
    for name in names:
        body = bitrix24_example(name)
        if name in NOT_RESPONSES:
            assert "result" not in body and "error" not in body
        else:
            assert "result" in body or "error" in body or "access_token" in body, name


@pytest.mark.parametrize("name", plain_results())
def test_success_envelope_parses_to_its_result(name, http, make_client):
    body = bitrix24_example(name)
    http.post(PORTAL + "some.method", json=body)
    envelope = make_client().call_envelope("some.method")
    assert envelope["result"] == body["result"]
    assert envelope.get("total") == body.get("total")


def test_list_example_keeps_total(http, make_client):
    http.post(PORTAL + "crm.contact.list", json=bitrix24_example("crm_contact_list_response_multifields.json"))
    envelope = make_client().call_envelope("crm.contact.list")
    assert envelope["total"] == 5 and [c["ID"] for c in envelope["result"]][:2] == ["75", "74"]


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_example_raises_its_class(name, http, make_client):
    status, cls = ERRORS[name]
    http.post(PORTAL + "some.method", json=bitrix24_example(name), status=status)
    client = make_client(retry=RetryPolicy(attempts=1, sleep=lambda s: None))
    if cls is AuthError:  # expired_token is refreshed first; make the refresh fail to see the class
        http.get(TOKEN_URL, json={"error": "invalid_grant", "error_description": "Invalid grant"}, status=400)
    with pytest.raises(cls) as caught:
        client.call("some.method")
    assert type(caught.value) is cls
    assert caught.value.status == (400 if cls is AuthError else status)


def test_numeric_error_example_keeps_code_and_description(http, make_client):
    http.post(PORTAL + "crm.entity.mergeBatch", json=bitrix24_example("crm_entity_mergebatch_error_response.json"), status=400)
    with pytest.raises(ApiError) as caught:
        make_client().call("crm.entity.mergeBatch", {"params": {"entityTypeId": 3, "entityIds": [1]}})
    assert caught.value.code == "0" and "two elements" in caught.value.description


def test_batch_example_returns_every_command(http, make_client):
    http.post(PORTAL + "batch", json=bitrix24_example("batch_response.json"))
    results = make_client().batch({"get_user": ("user.current", {}),
                                   "get_department": ("department.get", {"ID": "$result[get_user][UF_DEPARTMENT]"})})
    assert list(results) == ["get_user", "get_department"]
    assert results["get_user"]["NAME"] == "John" and results["get_department"][0]["NAME"] == "DEMO"


def test_batch_halt0_example_raises_every_command_error(http, make_client):
    http.post(PORTAL + "batch", json=bitrix24_example("batch_response_error_halt0.json"))
    with pytest.raises(BatchError) as caught:
        make_client().batch({"get_user": ("user.current", {}), "get_department": ("department.get", {})})
    assert caught.value.results == {}
    assert set(caught.value.errors) == {"get_user", "get_department"}
    assert all(isinstance(e, AccessDenied) and e.code == "insufficient_scope" for e in caught.value.errors.values())


@pytest.mark.parametrize(("name", "portal"), [("oauth_refresh_response_ru.json", "https://portal.bitrix24.ru/rest/"),
                                              ("oauth_refresh_response_en.json", "https://portal.bitrix24.com/rest/")])
def test_oauth_refresh_example_becomes_credentials(name, portal, http, oauth, creds):
    body = bitrix24_example(name)
    http.get(TOKEN_URL, json=body, match=[responses.matchers.query_param_matcher(
        {"grant_type": "refresh_token", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
         "refresh_token": creds.refresh_token})])
    stale = replace(creds, member_id=body["member_id"])
    fresh = oauth.refresh(stale)
    assert (fresh.access_token, fresh.refresh_token) == (body["access_token"], body["refresh_token"])
    assert fresh.client_endpoint == portal  # the portal, not `domain` (the OAuth host)
    assert fresh.expires_at == body["expires"] and fresh.user_id is None


def test_oauth_payment_required_example_raises_payment_required(http, oauth, creds):
    http.get(TOKEN_URL, json=bitrix24_example("oauth_error_payment_required.json"), status=400)
    with pytest.raises(PaymentRequired):
        oauth.refresh(creds)
