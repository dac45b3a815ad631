"""POST /app and /placement/<code>: only the installed portal's own users get a page, checked on the
STORED portal; the page carries a signed token, never the Bitrix24 tokens."""
from __future__ import annotations

import re

import pytest

from app.security import read_frame_token
from storage.tokens import load_credentials
from tests.app.portal_fakes import APPLICATION_TOKEN, MEMBER_ID, PORTAL_HOST, PORTAL_REST, placement_post

TABS = ("CRM_COMPANY_DETAIL_TAB", "CRM_CONTACT_DETAIL_TAB", "CRM_LEAD_DETAIL_TAB")


def open_tab(client, code="CRM_COMPANY_DETAIL_TAB", **overrides):
    query, form = placement_post(code, **overrides)
    return client.post(f"/placement/{code}", query_string=query, data=form), form


def frame_token(page: str) -> str:
    return re.search(r'<meta name="poryadok-token" content="([^"]+)">', page).group(1)


# The company and contact tabs show the requisites feature (tests/app/test_requisites_api.py, tests/browser/).
@pytest.mark.parametrize(("code", "entity_word"), [("CRM_LEAD_DETAIL_TAB", "Лид")])
def test_card_tab_shows_the_connected_view_for_the_record(client, installed_portal, bitrix, code, entity_word):
    query, form = placement_post(code)
    bitrix.user_current(form["AUTH_ID"], user_id=7)

    response = client.post(f"/placement/{code}", query_string=query, data=form)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Приложение установлено и подключено" in page
    assert f"{entity_word} № 42" in page
    assert "Мария Иванова (ID 7)" in page and PORTAL_HOST in page


def test_app_page_is_the_default_placement(client, installed_portal, bitrix, config):
    query, form = placement_post("DEFAULT", entity_id=None)
    bitrix.user_current(form["AUTH_ID"])
    bitrix.method("user.admin", True, token=form["AUTH_ID"])  # the page offers its admin parts to admins only

    response = client.post("/app", query_string=query, data=form)

    assert response.status_code == 200
    claims = read_frame_token(config["SECRET_KEY"], frame_token(response.get_data(as_text=True)), max_age=60)
    assert (claims.placement, claims.entity_id) == ("DEFAULT", None)


def test_user_is_checked_on_the_stored_portal_with_the_users_own_token(client, installed_portal, bitrix, http):
    query, form = placement_post("CRM_COMPANY_DETAIL_TAB")
    bitrix.user_current(form["AUTH_ID"])

    client.post("/placement/CRM_COMPANY_DETAIL_TAB", query_string=query, data=form)

    [call] = http.calls
    assert call.request.url == PORTAL_REST + "user.current"


def test_page_carries_a_signed_token_for_its_xhr_and_no_bitrix_tokens(client, installed_portal, bitrix, config):
    query, form = placement_post("CRM_CONTACT_DETAIL_TAB", entity_id="8061")
    bitrix.user_current(form["AUTH_ID"], user_id=7)

    page = client.post("/placement/CRM_CONTACT_DETAIL_TAB", query_string=query, data=form).get_data(as_text=True)

    claims = read_frame_token(config["SECRET_KEY"], frame_token(page), max_age=60)
    assert (claims.member_id, claims.user_id, claims.placement, claims.entity_id, claims.lang) == (
        MEMBER_ID, 7, "CRM_CONTACT_DETAIL_TAB", "8061", "ru")
    for secret in (form["AUTH_ID"], form["REFRESH_ID"], APPLICATION_TOKEN):
        assert secret not in page


def test_users_tokens_are_kept_for_card_tab_work(client, installed_portal, bitrix, db):
    query, form = placement_post("CRM_COMPANY_DETAIL_TAB")
    bitrix.user_current(form["AUTH_ID"], user_id=7)

    client.post("/placement/CRM_COMPANY_DETAIL_TAB", query_string=query, data=form)

    stored = load_credentials(db, MEMBER_ID, 7)
    assert (stored.access_token, stored.refresh_token) == (form["AUTH_ID"], form["REFRESH_ID"])
    assert stored.client_endpoint == PORTAL_REST


def test_frame_page_is_framable_only_by_the_portal_and_sets_no_cookie(client, installed_portal, bitrix):
    query, form = placement_post("CRM_LEAD_DETAIL_TAB")
    bitrix.user_current(form["AUTH_ID"])

    response = client.post("/placement/CRM_LEAD_DETAIL_TAB", query_string=query, data=form)

    assert response.headers["Content-Security-Policy"] == f"frame-ancestors 'self' https://{PORTAL_HOST}"
    assert "X-Frame-Options" not in response.headers
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_page_is_in_english_when_the_portal_says_lang_en(client, installed_portal, bitrix):
    query, form = placement_post("CRM_LEAD_DETAIL_TAB", LANG="en")
    bitrix.user_current(form["AUTH_ID"])

    page = client.post("/placement/CRM_LEAD_DETAIL_TAB", query_string=query, data=form).get_data(as_text=True)

    assert "The app is installed and connected" in page and "Lead #42" in page
    assert "Приложение установлено" not in page


def test_crm_data_on_the_page_is_escaped(client, installed_portal, bitrix):
    query, form = placement_post("CRM_COMPANY_DETAIL_TAB", entity_id='"><script>alert(2)</script>')
    bitrix.user_current(form["AUTH_ID"], name="<script>alert(1)</script>", last_name="<b>Bold</b>")

    page = client.post("/placement/CRM_COMPANY_DETAIL_TAB", query_string=query, data=form).get_data(as_text=True)

    assert "<script>alert(1)</script>" not in page and "<script>alert(2)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page


def test_expired_auth_id_is_renewed_once_with_the_refresh_id(client, installed_portal, bitrix, http, db):
    query, form = placement_post("CRM_COMPANY_DETAIL_TAB")
    bitrix.method("user.current", None, token=form["AUTH_ID"], status=401,
                  body={"error": "expired_token", "error_description": "The access token provided has expired"})
    http.get("https://oauth.bitrix24.tech/oauth/token/", json={
        "access_token": "renewed-user-access", "refresh_token": "renewed-user-refresh", "expires_in": 3600,
        "member_id": MEMBER_ID, "client_endpoint": PORTAL_REST, "server_endpoint": "https://oauth.bitrix24.tech/rest/",
        "domain": "oauth.bitrix24.tech", "scope": "crm", "status": "L", "user_id": 7})
    bitrix.user_current("renewed-user-access", user_id=7)

    response = client.post("/placement/CRM_COMPANY_DETAIL_TAB", query_string=query, data=form)

    assert response.status_code == 200
    stored = load_credentials(db, MEMBER_ID, 7)
    assert (stored.access_token, stored.refresh_token) == ("renewed-user-access", "renewed-user-refresh")


# --- refusals: no outgoing request at all ------------------------------------------------------------------

@pytest.mark.parametrize("overrides", [
    {"DOMAIN": "evil.example.com"},
    {"DOMAIN": "other.bitrix24.ru"},
    {"DOMAIN": f"{PORTAL_HOST}.evil.com"},
    {"member_id": "unknown-member-id"},
    {"SERVER_ENDPOINT": "https://evil.example.com/rest/"},
    {"APPLICATION_TOKEN": "forged-application-token"},
])
def test_foreign_or_unknown_portal_gets_403_without_any_outgoing_request(client, installed_portal, http, db,
                                                                         overrides):
    response, _ = open_tab(client, **overrides)

    assert response.status_code == 403
    assert len(http.calls) == 0
    assert list(db["user_tokens"].rows) == []
    assert "poryadok-token" not in response.get_data(as_text=True)


def test_unknown_portal_page_explains_in_russian(client, http):
    response, _ = open_tab(client)

    assert response.status_code == 403
    assert "не установлено на этом портале" in response.get_data(as_text=True)


def test_foreign_portal_page_explains_in_english_when_lang_is_en(client, installed_portal, http):
    response, _ = open_tab(client, DOMAIN="evil.example.com", LANG="en")

    page = response.get_data(as_text=True)
    assert "did not come from the portal the app is installed on" in page
    assert "X-Frame-Options" not in response.headers


def test_uninstalled_portal_gets_403_without_any_request(client, installed_portal, db, http):
    from storage.portals import mark_uninstalled

    mark_uninstalled(db, MEMBER_ID)

    response, _ = open_tab(client)

    assert response.status_code == 403 and len(http.calls) == 0


def test_user_the_portal_does_not_recognise_gets_403_and_nothing_is_stored(client, installed_portal, bitrix, db):
    query, form = placement_post("CRM_COMPANY_DETAIL_TAB")
    bitrix.method("user.current", None, token=form["AUTH_ID"], status=401,
                  body={"error": "NO_AUTH_FOUND", "error_description": "Wrong authorization data"})

    response = client.post("/placement/CRM_COMPANY_DETAIL_TAB", query_string=query, data=form)

    assert response.status_code == 403
    assert "не подтвердил вашего пользователя" in response.get_data(as_text=True)
    assert list(db["user_tokens"].rows) == []


def test_unknown_placement_code_is_404_without_any_request(client, installed_portal, http):
    query, form = placement_post("CRM_DEAL_DETAIL_TAB")

    response = client.post("/placement/CRM_DEAL_DETAIL_TAB", query_string=query, data=form)

    assert response.status_code == 404 and len(http.calls) == 0
    assert "CRM_DEAL_DETAIL_TAB" in response.get_data(as_text=True)


def test_placement_field_must_match_the_url(client, installed_portal, http):
    query, form = placement_post("CRM_LEAD_DETAIL_TAB")

    response = client.post("/placement/CRM_COMPANY_DETAIL_TAB", query_string=query, data=form)

    assert response.status_code == 400 and len(http.calls) == 0


def test_default_placement_is_not_served_as_a_card_tab(client, installed_portal, http):
    query, form = placement_post("DEFAULT")

    assert client.post("/placement/DEFAULT", query_string=query, data=form).status_code == 404


def test_registry_has_a_page_for_every_bound_tab_and_only_those():
    from placements.registry import PLACES
    from services.install import CARD_TABS, PLACEMENT_DEFAULT

    assert set(PLACES) == set(CARD_TABS) | {PLACEMENT_DEFAULT}
