"""OAuth server (one-shot refresh tokens, authorization_code), the install flow, placements."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from tests.devportal.devportal_helpers import Rest, installed

from devportal import install_flow
from devportal.testing import DevportalHandle, running_devportal


def refresh(handle: DevportalHandle, refresh_token: str, secret: str | None = None) -> requests.Response:
    return requests.get(handle.oauth_token_url, params={
        "grant_type": "refresh_token", "client_id": handle.client_id,
        "client_secret": secret or handle.client_secret, "refresh_token": refresh_token}, timeout=5)


def test_refresh_rotates_the_pair_and_a_refresh_token_works_once(devportal: DevportalHandle, rest: Rest):
    post = devportal.install()
    first = refresh(devportal, post.form["REFRESH_ID"])
    again = refresh(devportal, post.form["REFRESH_ID"])
    assert first.status_code == 200
    new = first.json()
    assert new["refresh_token"] != post.form["REFRESH_ID"] and new["user_id"] == 1
    assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")
    assert rest("crm.lead.list", auth=new["access_token"]).status_code == 200
    old = rest("crm.lead.list", auth=post.form["AUTH_ID"])
    assert (old.status_code, old.json()["error"]) == (401, "expired_token")
    assert refresh(devportal, new["refresh_token"]).status_code == 200


def test_refresh_needs_the_apps_secret(devportal: DevportalHandle):
    post = devportal.install()
    response = refresh(devportal, post.form["REFRESH_ID"], secret="wrong")
    assert (response.status_code, response.json()["error"]) == (401, "invalid_client")
    assert refresh(devportal, post.form["REFRESH_ID"]).status_code == 200      # nothing was used up


def test_an_unpaid_app_gets_payment_required_on_refresh_and_payment_expired_in_app_info():
    with running_devportal(app_url="http://127.0.0.1:9", payment_required=True) as unpaid:
        post = unpaid.install()
        response = refresh(unpaid, post.form["REFRESH_ID"])
        info = Rest(unpaid).result("app.info", auth=post.form["AUTH_ID"])
        assert (response.status_code, response.json()["error"]) == (402, "PAYMENT_REQUIRED")
        assert info["PAYMENT_EXPIRED"] == "Y"


def test_refresh_keeps_the_users_identity(devportal: DevportalHandle, rest: Rest):
    installed(devportal)
    pair = devportal.tokens_for(3)
    new = refresh(devportal, pair.refresh_token).json()
    assert new["user_id"] == 3 and rest.result("user.current", auth=new["access_token"])["ID"] == "3"


def test_authorization_code_flow_redirects_to_the_app_and_the_code_is_exchanged_once(devportal: DevportalHandle):
    installed(devportal)
    answer = requests.get(f"{devportal.base_url}/oauth/authorize/", params={"client_id": devportal.client_id,
                                                                            "state": "xyz"},
                          cookies={"devportal_user": "2"}, allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    location = urlsplit(answer.headers["Location"])
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert f"{location.scheme}://{location.netloc}{location.path}" == "http://127.0.0.1:9/app"
    assert query["state"] == "xyz" and query["member_id"] == devportal.member_id
    exchange = {"grant_type": "authorization_code", "client_id": devportal.client_id,
                "client_secret": devportal.client_secret, "code": query["code"]}
    tokens = requests.get(devportal.oauth_token_url, params=exchange, timeout=5)
    reuse = requests.get(devportal.oauth_token_url, params=exchange, timeout=5)
    assert tokens.status_code == 200 and tokens.json()["user_id"] == 2
    assert reuse.json()["error"] == "invalid_grant"


def test_app_info_says_installed_only_after_install_finish(devportal: DevportalHandle, rest: Rest):
    post = devportal.install()
    before = rest.result("app.info", auth=post.form["AUTH_ID"])
    devportal.finish_install()
    after = rest.result("app.info", auth=post.form["AUTH_ID"])
    assert (before["INSTALLED"], after["INSTALLED"]) == (False, True)
    assert after["client_id"] == devportal.client_id and after["install"]["member_id"] == devportal.member_id
    assert after["install"]["domain"] == devportal.domain and after["STATUS"] == "L"


def test_app_info_answers_on_the_server_endpoint(devportal: DevportalHandle):
    post = devportal.install()
    answer = requests.get(f"{post.form['SERVER_ENDPOINT']}app.info", params={"auth": post.form["AUTH_ID"]}, timeout=5)
    assert answer.status_code == 200 and answer.json()["result"]["client_id"] == devportal.client_id


def test_only_an_administrator_can_install(devportal: DevportalHandle):
    with pytest.raises(PermissionError):
        devportal.install(user_id=2)


def test_placements_are_shown_only_after_install_finish(devportal: DevportalHandle, rest: Rest):
    post = devportal.install()
    rest.result("placement.bind", {"PLACEMENT": "CRM_COMPANY_DETAIL_TAB", "HANDLER": "https://app.example/tab",
                                   "TITLE": "Реквизиты"}, auth=post.form["AUTH_ID"])
    with pytest.raises(install_flow.NotInstalled):
        devportal.placement_post(1, "CRM_COMPANY_DETAIL_TAB", {"ID": "1"})
    devportal.finish_install()
    tab = devportal.placement_post(1, "CRM_COMPANY_DETAIL_TAB", {"ID": "1"})
    assert tab.form["PLACEMENT"] == "CRM_COMPANY_DETAIL_TAB" and tab.query["DOMAIN"] == devportal.domain
    with pytest.raises(install_flow.NoPlacementHandler):
        devportal.placement_post(1, "CRM_LEAD_DETAIL_TAB", {"ID": "1"})


def test_a_manager_gets_no_app_page_before_install_finish_but_the_admin_gets_the_install_page(devportal):
    with pytest.raises(install_flow.NotInstalled):
        devportal.app_page_post(2)
    assert devportal.app_page_post(1).url.startswith("http://127.0.0.1:9/install?")
    devportal.finish_install()
    assert devportal.app_page_post(2).url.startswith("http://127.0.0.1:9/app?")


@pytest.mark.parametrize("params, code", [
    ({"HANDLER": "https://a.example/"}, "ERROR_ARGUMENT"),
    ({"PLACEMENT": "CRM_NOWHERE", "HANDLER": "https://a.example/"}, "ERROR_PLACEMENT_NOT_FOUND"),
    ({"PLACEMENT": "CRM_COMPANY_DETAIL_TAB", "HANDLER": "/relative"}, "ERROR_WRONG_HANDLER_URL"),
    ({"PLACEMENT": "CRM_COMPANY_DETAIL_TAB", "HANDLER": "ftp://a.example/"}, "ERROR_UNSUPPORTED_PROTOCOL"),
])
def test_placement_bind_refuses_bad_arguments(devportal: DevportalHandle, rest: Rest, params: dict, code: str):
    response = rest("placement.bind", params, auth=installed(devportal))
    assert response.status_code == 400 and response.json()["error"] == code


def test_missing_placement_argument_is_named(devportal: DevportalHandle, rest: Rest):
    body = rest("placement.bind", {"HANDLER": "https://a.example/"}, auth=installed(devportal)).json()
    assert body["argument"] == "PLACEMENT"


def test_placement_bind_get_and_unbind(devportal: DevportalHandle, rest: Rest):
    token = installed(devportal)
    bind = {"PLACEMENT": "CRM_CONTACT_DETAIL_TAB", "HANDLER": "https://app.example/c", "TITLE": "Порядок",
            "LANG_ALL": {"ru": {"TITLE": "Порядок"}, "en": {"TITLE": "Poryadok"}}}
    assert rest.result("placement.bind", bind, auth=token) is True
    duplicate = rest("placement.bind", bind, auth=token)
    assert duplicate.status_code == 400 and "already" in duplicate.json()["error_description"]
    (bound,) = rest.result("placement.get", auth=token)
    assert bound == {"placement": "CRM_CONTACT_DETAIL_TAB", "userId": 0, "handler": "https://app.example/c",
                     "options": [], "title": "Порядок", "description": "",
                     "langAll": {"ru": {"TITLE": "Порядок"}, "en": {"TITLE": "Poryadok"}}}
    assert rest.result("placement.unbind", {"PLACEMENT": "CRM_CONTACT_DETAIL_TAB"}, auth=token) == {"count": 1}
    assert rest.result("placement.get", auth=token) == []


def test_uninstall_revokes_tokens_and_drops_handlers(devportal: DevportalHandle, rest: Rest):
    token = installed(devportal)
    rest.result("placement.bind", {"PLACEMENT": "CRM_COMPANY_DETAIL_TAB", "HANDLER": "https://a.example/"},
                auth=token)
    rest.result("event.bind", {"event": "ONCRMLEADADD", "handler": "https://a.example/e"}, auth=token)
    devportal.uninstall()
    response = rest("crm.lead.list", auth=token)
    assert (response.status_code, response.json()["error"]) == (401, "invalid_token")
    assert devportal.portal.placements == [] and devportal.portal.handlers == []
    second = devportal.install()
    assert second.form["APPLICATION_TOKEN"] != "" and rest.result("placement.get", auth=second.form["AUTH_ID"]) == []
