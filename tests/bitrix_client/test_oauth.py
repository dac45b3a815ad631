"""The OAuth server: exact allow-list, documented refresh request, nothing sent to other hosts."""
from __future__ import annotations

from dataclasses import replace

import pytest
import requests
from responses import matchers

from bitrix_client import AuthError, ForbiddenHost, OAuthServer, TransportError
from bitrix_client.hosts import BITRIX24_OAUTH_SERVERS

from tests.bitrix_client.bitrix_fakes import CLIENT_SECRET, REFRESH, TOKEN_URL, error


@pytest.mark.parametrize(("endpoint", "allowed"), [
    ("https://oauth.bitrix.info/rest/", True),
    ("https://OAUTH.Bitrix.Info/rest/", True),
    ("https://oauth.bitrix.info:443/rest/", True),
    ("https://oauth.bitrix.info.evil.example/rest/", False),
    ("https://evil.example/oauth.bitrix.info/rest/", False),
    ("https://xoauth.bitrix.info/rest/", False),
    ("https://sub.oauth.bitrix.info/rest/", False),
    ("http://oauth.bitrix.info/rest/", False),
    ("https://oauth.bitrix.info:8443/rest/", False),
    ("https://me@oauth.bitrix.info/rest/", False),
    ("oauth.bitrix.info", False),
    ("", False),
])
def test_allow_list_matches_scheme_host_and_port_exactly(oauth, endpoint, allowed):
    assert oauth.is_allowed(endpoint) is allowed


def test_default_allow_list_is_the_documented_regional_servers():
    server = OAuthServer("id", "secret")
    assert BITRIX24_OAUTH_SERVERS == ("https://oauth.bitrix24.tech", "https://oauth.bitrix.info")
    assert server.is_allowed("https://oauth.bitrix24.tech/rest/") and server.is_allowed("https://oauth.bitrix.info/rest/")
    assert not server.is_allowed("https://oauth.bitrix24.ru/rest/")
    server.close()


def test_refresh_uses_the_oauth_host_token_url_not_the_endpoint_path(http, oauth, creds):
    odd = replace(creds, server_endpoint="https://oauth.bitrix.info/some/other/path/")
    http.get(TOKEN_URL, json={"access_token": "a2", "refresh_token": "r2", "expires_in": 3600, "member_id": "member-1"})
    assert oauth.refresh(odd).access_token == "a2"


def test_refresh_on_a_foreign_server_sends_nothing(http, oauth, creds):
    with pytest.raises(ForbiddenHost):
        oauth.refresh(replace(creds, server_endpoint="https://oauth.evil.example/rest/"))
    assert len(http.calls) == 0


def test_refresh_for_another_portal_is_refused(http, oauth, creds):
    http.get(TOKEN_URL, json={"access_token": "a2", "refresh_token": "r2", "member_id": "someone-else"})
    with pytest.raises(AuthError) as caught:
        oauth.refresh(creds)
    assert caught.value.code == "MEMBER_MISMATCH"


def test_refresh_keeps_an_allowed_server_endpoint_when_told_of_a_foreign_one(http, oauth, creds):
    http.get(TOKEN_URL, json={"access_token": "a2", "refresh_token": "r2", "server_endpoint": "https://evil.example/rest/"})
    assert oauth.refresh(creds).server_endpoint == creds.server_endpoint


def test_refresh_without_refresh_token_is_an_auth_error(oauth, creds):
    with pytest.raises(AuthError):
        oauth.refresh(replace(creds, refresh_token=None))


def test_app_info_verifies_a_token_on_the_allowed_server(http, oauth):
    http.get("https://oauth.bitrix.info/rest/app.info", match=[matchers.query_param_matcher({"auth": "user-token"})],
             json={"result": {"ID": 3, "CODE": "local.x", "INSTALLED": True, "STATUS": "L"}})
    assert oauth.app_info("https://oauth.bitrix.info/rest/", "user-token")["INSTALLED"] is True


def test_app_info_with_a_bad_token_raises_auth_error(http, oauth):
    http.get("https://oauth.bitrix.info/rest/app.info", json=error("invalid_token", "Unable to get application by token"), status=401)
    with pytest.raises(AuthError):
        oauth.app_info("https://oauth.bitrix.info/rest/", "forged")


def test_app_info_on_a_foreign_server_sends_nothing(http, oauth):
    with pytest.raises(ForbiddenHost):
        oauth.app_info("https://attacker.example/rest/", "token")
    assert len(http.calls) == 0


def test_transport_error_does_not_quote_the_url_with_secrets(http, oauth, creds):
    http.get(TOKEN_URL, body=requests.ConnectionError(f"Max retries exceeded with url: /oauth/token/?client_secret={CLIENT_SECRET}"))
    with pytest.raises(TransportError) as caught:
        oauth.refresh(creds)
    message = str(caught.value) + repr(caught.value)
    assert CLIENT_SECRET not in message and REFRESH not in message and caught.value.__cause__ is None
    assert "oauth.bitrix.info" in message
