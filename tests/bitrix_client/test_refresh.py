"""expired_token → one refresh through the token store → one retry; never a loop."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
import responses
from responses import matchers, registries

from bitrix_client import AuthError, ForbiddenHost, PortalClient

from tests.bitrix_client.bitrix_fakes import ACCESS, CLIENT_ID, CLIENT_SECRET, PORTAL, REFRESH, TOKEN_URL, envelope, error

EXPIRED = error("expired_token", "The access token provided has expired")


def token_response(n: int, **extra):
    return {"access_token": f"new-access-{n}", "refresh_token": f"new-refresh-{n}", "expires_in": 3600,
            "member_id": "member-1", "client_endpoint": PORTAL, "server_endpoint": "https://oauth.bitrix.info/rest/",
            "domain": "oauth.bitrix.info", **extra}


def auth_of(call) -> str:
    return json.loads(call.request.body)["auth"]


@pytest.fixture
def ordered_http():
    with responses.RequestsMock(assert_all_requests_are_fired=True, registry=registries.OrderedRegistry) as mock:
        yield mock


def test_expired_token_is_refreshed_once_and_the_call_retried(ordered_http, make_client, store, clock):
    ordered_http.post(PORTAL + "crm.contact.get", json=EXPIRED, status=401)
    ordered_http.get(TOKEN_URL, json=token_response(1), match=[matchers.query_param_matcher(
        {"grant_type": "refresh_token", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "refresh_token": REFRESH})])
    ordered_http.post(PORTAL + "crm.contact.get", json=envelope({"ID": "1"}))
    client = make_client()
    assert client.call("crm.contact.get", {"id": 1}) == {"ID": "1"}
    calls = ordered_http.calls
    assert [auth_of(calls[0]), auth_of(calls[2])] == [ACCESS, "new-access-1"]
    assert client.credentials.refresh_token == "new-refresh-1"
    assert client.credentials.expires_at == clock.now + 3600
    assert store.get("member-1").access_token == "new-access-1" and store.refresh_calls == 1
    assert clock.sleeps == []


def test_second_expired_token_after_refresh_is_an_auth_error_not_a_loop(ordered_http, make_client, store):
    ordered_http.post(PORTAL + "crm.contact.get", json=EXPIRED, status=401)
    ordered_http.get(TOKEN_URL, json=token_response(1))
    ordered_http.post(PORTAL + "crm.contact.get", json=EXPIRED, status=401)
    with pytest.raises(AuthError) as caught:
        make_client().call("crm.contact.get", {"id": 1})
    assert caught.value.code == "expired_token" and store.refresh_calls == 1 and len(ordered_http.calls) == 3


@pytest.mark.parametrize("code", ["invalid_token", "NO_AUTH_FOUND"])
def test_other_auth_errors_are_not_refreshed(http, make_client, store, code):
    http.post(PORTAL + "app.info", json=error(code), status=401)
    with pytest.raises(AuthError):
        make_client().call("app.info")
    assert store.refresh_calls == 0


def test_rejected_refresh_token_raises_auth_error_and_keeps_the_stored_pair(ordered_http, make_client, store):
    ordered_http.post(PORTAL + "app.info", json=EXPIRED, status=401)
    ordered_http.get(TOKEN_URL, json=error("invalid_grant", "Invalid grant"), status=400)
    with pytest.raises(AuthError) as caught:
        make_client().call("app.info")
    assert caught.value.code == "invalid_grant"
    assert store.get("member-1").refresh_token == REFRESH


def test_token_refreshed_elsewhere_is_reused_without_asking_oauth(ordered_http, make_client, store, creds):
    store.save(replace(creds, access_token="refreshed-by-another-process", refresh_token="r2"))
    ordered_http.post(PORTAL + "app.info", json=EXPIRED, status=401)
    ordered_http.post(PORTAL + "app.info", json=envelope({"ID": 1}))
    client = make_client()
    client.call("app.info")
    assert auth_of(ordered_http.calls[1]) == "refreshed-by-another-process" and store.refresh_calls == 0


def test_without_a_token_store_the_client_refreshes_directly(ordered_http, make_client):
    ordered_http.post(PORTAL + "app.info", json=EXPIRED, status=401)
    ordered_http.get(TOKEN_URL, json=token_response(7))
    ordered_http.post(PORTAL + "app.info", json=envelope({"ID": 1}))
    client = make_client(token_store=None)
    client.call("app.info")
    assert client.credentials.access_token == "new-access-7"


def test_user_tokens_are_refreshed_as_that_user(ordered_http, make_client, store, creds):
    user = replace(creds, user_id=42, access_token="user-access-1", refresh_token="user-refresh-1")
    store.save(user)
    ordered_http.post(PORTAL + "crm.contact.update", json=EXPIRED, status=401)
    ordered_http.get(TOKEN_URL, json=token_response(3, user_id=42),
                     match=[matchers.query_param_matcher({"grant_type": "refresh_token", "client_id": CLIENT_ID,
                                                          "client_secret": CLIENT_SECRET, "refresh_token": "user-refresh-1"})])
    ordered_http.post(PORTAL + "crm.contact.update", json=envelope(True))
    make_client(credentials=user).call("crm.contact.update", {"id": 1, "fields": {"NAME": "B"}})
    assert store.get("member-1", 42).access_token == "new-access-3"
    assert store.get("member-1").access_token == ACCESS  # the app's own tokens are untouched


def test_refresh_against_a_server_not_on_the_allow_list_sends_nothing(http, make_client, creds, store):
    evil = replace(creds, server_endpoint="https://oauth.bitrix.info.evil.example/rest/")
    store.save(evil)
    http.post(PORTAL + "app.info", json=EXPIRED, status=401)
    with pytest.raises(ForbiddenHost):
        make_client(credentials=evil).call("app.info")
    assert [c.request.url for c in http.calls] == [PORTAL + "app.info"]


def test_secrets_never_reach_the_log(ordered_http, make_client, caplog):
    caplog.set_level("DEBUG")
    ordered_http.post(PORTAL + "app.info", json=error("expired_token", f"token {ACCESS} expired"), status=401)
    ordered_http.get(TOKEN_URL, json=token_response(1))
    ordered_http.post(PORTAL + "app.info", json=error("ACCESS_DENIED", "no"), status=403)
    with pytest.raises(Exception) as caught:
        make_client().call("app.info")
    text = caplog.text + str(caught.value) + repr(caught.value)
    assert "app.info" in caplog.text
    for secret in (ACCESS, REFRESH, CLIENT_SECRET, "new-access-1", "new-refresh-1"):
        assert secret not in text


def test_client_repr_hides_tokens(make_client):
    client = make_client()
    assert ACCESS not in repr(client) and ACCESS not in repr(client.credentials)
    assert isinstance(client, PortalClient)
