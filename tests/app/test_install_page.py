"""POST /install: verify on the allow-listed OAuth server, store, bind idempotently, finish install."""
from __future__ import annotations

import time

import pytest

from storage.portals import get_portal
from tests.app.portal_fakes import (ALL_BIND_KEYS, APPLICATION_TOKEN, MEMBER_ID, PORTAL_HOST, PUBLIC_URL,
                                    batch_commands, example, install_post)


def post_install(client, query, form):
    return client.post("/install", query_string=query, data=form)


def test_install_verifies_tokens_stores_portal_binds_handlers_and_finishes(client, bitrix, http, db):
    query, form = install_post()
    bitrix.app_info(form["AUTH_ID"], user_id=1)
    bitrix.current_bindings(token=form["AUTH_ID"])
    bitrix.batch({key: True for key in ALL_BIND_KEYS}, token=form["AUTH_ID"])

    response = post_install(client, query, form)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "BX24.installFinish()" in page
    assert form["AUTH_ID"] not in page and form["REFRESH_ID"] not in page
    portal = get_portal(db, MEMBER_ID)
    assert portal.is_installed
    assert (portal.domain, portal.client_endpoint) == (PORTAL_HOST, f"https://{PORTAL_HOST}/rest/")
    assert portal.server_endpoint == form["SERVER_ENDPOINT"]
    assert (portal.access_token, portal.refresh_token) == (form["AUTH_ID"], form["REFRESH_ID"])
    assert portal.application_token == APPLICATION_TOKEN
    assert portal.scope == form["APPLICATION_SCOPE"] and portal.installer_user_id == 1
    assert time.time() + 3500 < portal.expires_at <= time.time() + 3600
    # The OAuth server was asked first, before anything went to the portal.
    assert http.calls[0].request.url.startswith("https://oauth.bitrix24.tech/rest/app.info")


def test_install_binds_tabs_with_russian_and_english_titles_and_events_to_public_url(client, bitrix, http):
    query, form = install_post()
    bitrix.app_info(form["AUTH_ID"])
    bitrix.current_bindings(token=form["AUTH_ID"])
    bitrix.batch({key: True for key in ALL_BIND_KEYS}, token=form["AUTH_ID"])

    assert post_install(client, query, form).status_code == 200

    commands = batch_commands(http.calls[-1])
    method, params = commands["placement_CRM_COMPANY_DETAIL_TAB"]
    assert method == "placement.bind"
    assert params["HANDLER"] == f"{PUBLIC_URL}/placement/CRM_COMPANY_DETAIL_TAB"
    assert params["LANG_ALL"]["ru"]["TITLE"].startswith("Порядок")
    assert params["LANG_ALL"]["en"]["TITLE"].startswith("Poryadok")
    for event in ("ONCRMLEADADD", "ONAPPUNINSTALL", "ONAPPUPDATE"):
        assert commands[f"event_{event}"] == ("event.bind", {"event": event, "handler": f"{PUBLIC_URL}/events"})


def test_install_binds_only_the_handlers_that_are_missing(client, bitrix, http):
    query, form = install_post()
    bitrix.app_info(form["AUTH_ID"])
    bitrix.current_bindings(
        token=form["AUTH_ID"],
        placements=[{"placement": "CRM_COMPANY_DETAIL_TAB", "userId": 0,
                     "handler": f"{PUBLIC_URL}/placement/CRM_COMPANY_DETAIL_TAB", "title": "Порядок"}],
        events=[{"event": "ONCRMLEADADD", "handler": f"{PUBLIC_URL}/events", "auth_type": "0", "offline": 0}],
    )
    missing = [key for key in ALL_BIND_KEYS if key not in {"placement_CRM_COMPANY_DETAIL_TAB", "event_ONCRMLEADADD"}]
    bitrix.batch({key: True for key in missing}, token=form["AUTH_ID"])

    assert post_install(client, query, form).status_code == 200


def test_install_with_every_handler_bound_sends_no_bind_request(client, bitrix, http):
    query, form = install_post()
    bitrix.app_info(form["AUTH_ID"])
    bitrix.current_bindings(
        token=form["AUTH_ID"],
        placements=[{"placement": code, "handler": f"{PUBLIC_URL}/placement/{code}"}
                    for code in ("CRM_COMPANY_DETAIL_TAB", "CRM_CONTACT_DETAIL_TAB", "CRM_LEAD_DETAIL_TAB")],
        events=[{"event": event, "handler": f"{PUBLIC_URL}/events"}
                for event in ("ONCRMLEADADD", "ONAPPUNINSTALL", "ONAPPUPDATE")],
    )

    assert post_install(client, query, form).status_code == 200
    assert len(http.calls) == 2  # app.info + the one read of what is bound


def test_handler_already_exists_error_counts_as_bound(client, bitrix, db):
    query, form = install_post()
    bitrix.app_info(form["AUTH_ID"])
    bitrix.current_bindings(token=form["AUTH_ID"])
    already = example("error_envelope_handler_already_exist.json")
    bitrix.batch({key: True for key in ALL_BIND_KEYS if key != "event_ONAPPUPDATE"},
                 {"event_ONAPPUPDATE": already}, token=form["AUTH_ID"])

    response = post_install(client, query, form)

    assert response.status_code == 200
    assert "BX24.installFinish()" in response.get_data(as_text=True)


def test_a_real_bind_failure_shows_an_error_and_does_not_finish_install(client, bitrix, db):
    query, form = install_post()
    bitrix.app_info(form["AUTH_ID"])
    bitrix.current_bindings(token=form["AUTH_ID"])
    bitrix.batch({key: True for key in ALL_BIND_KEYS if key != "placement_CRM_LEAD_DETAIL_TAB"},
                 {"placement_CRM_LEAD_DETAIL_TAB": {"error": "ACCESS_DENIED", "error_description": "Access denied."}},
                 token=form["AUTH_ID"])

    response = post_install(client, query, form)

    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "installFinish" not in page
    assert "только администратор портала" in page
    assert get_portal(db, MEMBER_ID) is None


@pytest.mark.parametrize("domain", [
    "evil.example.com", "127.0.0.1", "bitrix24.ru", "portal.bitrix24.ru.evil.com", "portal.bitrix24.ru@evil.com",
    "portal.bitrix24.ru/../evil", "http://portal.bitrix24.ru", "", "portal.bitrix24.ru:8443",
])
def test_install_from_an_implausible_portal_domain_is_refused_without_any_request(client, http, db, domain):
    query, form = install_post(DOMAIN=domain)

    response = post_install(client, query, form)

    assert response.status_code in (400, 403)
    assert len(http.calls) == 0
    assert get_portal(db, MEMBER_ID) is None


@pytest.mark.parametrize("server_endpoint", [
    "https://evil.example.com/rest/", "http://oauth.bitrix24.tech/rest/", "https://oauth.bitrix24.tech.evil.com/rest/",
    "https://oauth.bitrix24.tech:8443/rest/", "https://user@evil.example.com/rest/", "file:///etc/passwd", "",
])
def test_install_naming_a_foreign_oauth_server_is_refused_without_any_request(client, http, db, server_endpoint):
    query, form = install_post(SERVER_ENDPOINT=server_endpoint)

    response = post_install(client, query, form)

    assert response.status_code in (400, 403)
    assert len(http.calls) == 0
    assert get_portal(db, MEMBER_ID) is None


def test_foreign_domain_refusal_is_explained_in_russian_by_default(client, http):
    query, form = install_post(DOMAIN="evil.example.com")

    page = post_install(client, query, form).get_data(as_text=True)

    assert "не похож на адрес портала Битрикс24" in page


@pytest.mark.parametrize("app_info", [
    {"member_id": "another-portal-member-id"},
    {"domain": "other.bitrix24.ru"},
    {"client_id": "local.someone-elses-app"},
])
def test_tokens_the_oauth_server_attributes_elsewhere_are_not_stored(client, bitrix, db, app_info):
    query, form = install_post()
    bitrix.app_info(form["AUTH_ID"], **app_info)

    response = post_install(client, query, form)

    assert response.status_code == 403
    assert "не подтвердил" in response.get_data(as_text=True)
    assert get_portal(db, MEMBER_ID) is None


def test_install_page_opened_with_a_non_administrators_tokens_stores_nothing(client, bitrix, db):
    query, form = install_post()
    bitrix.app_info(form["AUTH_ID"], user_id=7)
    bitrix.batch(  # reading what is bound is administrator-only
        {}, {"placements": {"error": "ACCESS_DENIED", "error_description": "Access denied!"},
             "events": {"error": "ACCESS_DENIED", "error_description": "Access denied!"}}, token=form["AUTH_ID"])

    response = post_install(client, query, form)

    assert response.status_code == 403
    assert "только администратор портала" in response.get_data(as_text=True)
    assert get_portal(db, MEMBER_ID) is None


def test_tokens_the_oauth_server_rejects_are_not_stored(client, bitrix, db):
    query, form = install_post()
    bitrix.app_info(form["AUTH_ID"], status=401,
                    body={"error": "invalid_token", "error_description": "Unable to get application by token"})

    response = post_install(client, query, form)

    assert response.status_code == 403
    assert get_portal(db, MEMBER_ID) is None


def test_unpaid_app_is_told_so_and_nothing_is_stored(client, bitrix, db):
    query, form = install_post()
    bitrix.app_info(form["AUTH_ID"], status=402, body=example("oauth_error_payment_required.json"))

    response = post_install(client, query, form)

    assert response.status_code == 403
    assert "Срок оплаты приложения" in response.get_data(as_text=True)
    assert get_portal(db, MEMBER_ID) is None


def test_install_page_without_member_id_names_the_missing_field(client, http):
    query, form = install_post()
    del form["member_id"]

    response = post_install(client, query, form)

    assert response.status_code == 400
    assert "member_id" in response.get_data(as_text=True)
    assert len(http.calls) == 0


def test_install_page_speaks_english_when_the_portal_language_is_english(client, bitrix):
    query, form = install_post(LANG="en")
    bitrix.app_info(form["AUTH_ID"])
    bitrix.current_bindings(token=form["AUTH_ID"])
    bitrix.batch({key: True for key in ALL_BIND_KEYS}, token=form["AUTH_ID"])

    page = post_install(client, query, form).get_data(as_text=True)

    assert "Installing Poryadok" in page and 'lang="en"' in page
    assert "Установка" not in page


def test_install_page_may_be_framed_only_by_the_installing_portal(client, bitrix):
    query, form = install_post()
    bitrix.app_info(form["AUTH_ID"])
    bitrix.current_bindings(token=form["AUTH_ID"])
    bitrix.batch({key: True for key in ALL_BIND_KEYS}, token=form["AUTH_ID"])

    response = post_install(client, query, form)

    assert response.headers["Content-Security-Policy"] == f"frame-ancestors 'self' https://{PORTAL_HOST}"
    assert "X-Frame-Options" not in response.headers
    assert "Set-Cookie" not in response.headers


def test_reinstall_after_uninstall_starts_a_fresh_install_record(client, bitrix, db):
    from storage.portals import mark_uninstalled

    query, form = install_post()
    for _ in range(2):
        bitrix.app_info(form["AUTH_ID"])
        bitrix.current_bindings(token=form["AUTH_ID"])
        bitrix.batch({key: True for key in ALL_BIND_KEYS}, token=form["AUTH_ID"])
    assert post_install(client, query, form).status_code == 200
    first = get_portal(db, MEMBER_ID)
    mark_uninstalled(db, MEMBER_ID)

    assert post_install(client, query, form).status_code == 200

    again = get_portal(db, MEMBER_ID)
    assert again.is_installed and again.access_token == form["AUTH_ID"]
    assert again.installed_at >= first.installed_at


def test_no_token_reaches_the_logs_during_install_placement_and_events(client, bitrix, caplog):
    import logging

    from tests.app.portal_fakes import event_payload, php_form, placement_post

    caplog.set_level(logging.DEBUG)
    query, form = install_post()
    bitrix.app_info(form["AUTH_ID"])
    bitrix.current_bindings(token=form["AUTH_ID"])
    bitrix.batch({key: True for key in ALL_BIND_KEYS if key != "event_ONAPPUPDATE"},
                 {"event_ONAPPUPDATE": example("error_envelope_handler_already_exist.json")}, token=form["AUTH_ID"])
    tab_query, tab_form = placement_post("CRM_COMPANY_DETAIL_TAB")
    bitrix.user_current(tab_form["AUTH_ID"])
    lead = event_payload("event_oncrmleadadd_nested.json")

    assert post_install(client, query, form).status_code == 200
    assert client.post("/placement/CRM_COMPANY_DETAIL_TAB", query_string=tab_query, data=tab_form).status_code == 200
    assert client.post("/events", data=php_form(lead)).status_code == 200
    assert client.post("/events", data=php_form(event_payload("event_onappuninstall.json"))).status_code == 200

    secrets = [form["AUTH_ID"], form["REFRESH_ID"], APPLICATION_TOKEN, tab_form["AUTH_ID"], tab_form["REFRESH_ID"],
               lead["auth"]["access_token"], lead["auth"]["refresh_token"], "test-client-secret", "test-secret-key"]
    assert caplog.records  # the flow did log (binding warnings, events), just never a secret
    for secret in secrets:
        assert secret not in caplog.text
