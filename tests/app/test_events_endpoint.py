"""POST /events: only the portal's own application_token gets an event in; the rest is 401 and nothing."""
from __future__ import annotations

import pytest

from app.events import parse_php_form
from storage.events import list_events
from storage.portals import get_portal
from storage.settings import get_settings, set_setting
from storage.tokens import save_user_tokens
from tests.app.portal_fakes import (ALL_BIND_KEYS, APPLICATION_TOKEN, MEMBER_ID, PORTAL_HOST, PORTAL_REST,
                                    event_payload, example, php_form)


def lead_event_form(**auth_overrides) -> dict[str, str]:
    """The documented flat form of ONCRMLEADADD, re-aimed at our portal."""
    form = example("event_oncrmleadadd_form_flat.json")
    form.update({"auth[domain]": PORTAL_HOST, "auth[client_endpoint]": PORTAL_REST, "auth[member_id]": MEMBER_ID,
                 "auth[application_token]": APPLICATION_TOKEN})
    form.update({f"auth[{key}]": value for key, value in auth_overrides.items()})
    return form


def all_events(db) -> list[dict]:
    return list(db["events"].rows)


def test_php_bracket_form_becomes_the_nested_payload_the_docs_show():
    flat = example("event_oncrmleadadd_form_flat.json")

    assert parse_php_form(flat.items()) == example("event_oncrmleadadd_nested.json")


def test_php_bracket_parser_keeps_lists_and_ignores_clashing_shapes():
    parsed = parse_php_form([("a[]", "1"), ("a[]", "2"), ("b", "flat"), ("b[x]", "nested"), ("c[d][e]", "deep")])

    assert parsed == {"a": ["1", "2"], "b": "flat", "c": {"d": {"e": "deep"}}}


def test_lead_event_with_the_stored_token_is_recorded_without_tokens_and_processed(client, installed_portal, db, http):
    response = client.post("/events", data=lead_event_form())

    assert response.status_code == 200
    [event] = list_events(db, MEMBER_ID)
    assert (event["event"], event["entity_id"]) == ("ONCRMLEADADD", "1000983")
    assert event["payload"]["data"] == {"FIELDS": {"ID": "1000983"}}
    assert event["payload"]["auth"]["member_id"] == MEMBER_ID
    for secret in ("access_token", "refresh_token", "application_token"):
        assert secret not in event["payload"]["auth"]
    # Processed by the (immediate) worker: recorded as received, with no automation pretended.
    assert event["state"] == "done"
    assert "no handler for ONCRMLEADADD" in event["message"]
    assert len(http.calls) == 0


def test_nested_json_event_is_accepted_like_the_form(client, installed_portal, db):
    response = client.post("/events", json=event_payload("event_oncrmleadadd_nested.json"))

    assert response.status_code == 200
    assert [e["entity_id"] for e in list_events(db, MEMBER_ID)] == ["1000983"]


def test_no_stored_token_ever_appears_in_the_events_table(client, installed_portal, db):
    form = lead_event_form()
    client.post("/events", data=form)

    raw = db.execute("select payload from events").fetchone()[0]
    for secret in (form["auth[access_token]"], form["auth[refresh_token]"], APPLICATION_TOKEN):
        assert secret not in raw


@pytest.mark.parametrize("auth", [
    {"application_token": "forged-token-0000000000000000000"},
    {"application_token": APPLICATION_TOKEN[:-1]},
    {"application_token": ""},
    {"member_id": "unknown-member-id"},
])
def test_forged_or_unknown_events_get_401_and_nothing_is_done(client, installed_portal, db, http, auth):
    response = client.post("/events", data=lead_event_form(**auth))

    assert response.status_code == 401
    assert response.get_json()["error"] == "event_refused"
    assert all_events(db) == []
    assert get_portal(db, MEMBER_ID).access_token == installed_portal.access_token
    assert len(http.calls) == 0


def test_event_without_any_application_token_is_refused(client, installed_portal, db, http):
    form = lead_event_form()
    del form["auth[application_token]"]

    assert client.post("/events", data=form).status_code == 401
    assert all_events(db) == []


def test_event_for_a_portal_that_was_never_installed_is_refused(client, db, http):
    assert client.post("/events", data=lead_event_form()).status_code == 401
    assert all_events(db) == [] and list(db["portals"].rows) == []


def test_event_without_name_or_portal_is_a_bad_request(client, installed_portal, db):
    assert client.post("/events", data={"event": "ONCRMLEADADD"}).status_code == 400
    assert client.post("/events", data={"auth[member_id]": MEMBER_ID}).status_code == 400
    assert all_events(db) == []


def test_uninstall_event_marks_portal_uninstalled_and_deletes_every_token(client, installed_portal, db, http):
    save_user_tokens(db, MEMBER_ID, 7, "user-access", "user-refresh", None)
    payload = event_payload("event_onappuninstall.json")

    response = client.post("/events", data=php_form(payload))

    assert response.status_code == 200
    portal = get_portal(db, MEMBER_ID)
    assert portal.status == "uninstalled"
    assert (portal.access_token, portal.refresh_token, portal.application_token) == (None, None, None)
    assert list(db["user_tokens"].rows) == []
    [event] = list_events(db, MEMBER_ID)
    assert event["event"] == "ONAPPUNINSTALL" and event["state"] == "done"
    assert len(http.calls) == 0


def test_events_after_uninstall_are_refused(client, installed_portal, db):
    client.post("/events", data=php_form(event_payload("event_onappuninstall.json")))

    assert client.post("/events", data=lead_event_form()).status_code == 401
    assert [e["event"] for e in list_events(db, MEMBER_ID)] == ["ONAPPUNINSTALL"]


@pytest.mark.parametrize(("clean", "settings_left"), [("1", {}), ("0", {"dadata_key": "k"})])
def test_uninstall_drops_portal_settings_only_when_the_admin_asked_to_clean(client, installed_portal, db,
                                                                             clean, settings_left):
    set_setting(db, MEMBER_ID, "dadata_key", "k")
    payload = event_payload("event_onappuninstall.json")
    payload["data"]["CLEAN"] = clean

    client.post("/events", data=php_form(payload))

    assert get_settings(db, MEMBER_ID) == settings_left


def test_forged_uninstall_changes_nothing(client, installed_portal, db):
    payload = event_payload("event_onappuninstall.json", application_token="forged")

    assert client.post("/events", data=php_form(payload)).status_code == 401
    assert get_portal(db, MEMBER_ID).is_installed


# --- ONAPPINSTALL / ONAPPUPDATE: tokens confirmed by the OAuth server --------------------------------------

def test_onappinstall_from_an_unknown_portal_is_stored_once_the_oauth_server_confirms_it(client, bitrix, db):
    payload = event_payload("event_onappinstall.json")
    token = payload["auth"]["access_token"]
    bitrix.app_info(token)
    bitrix.admin_check(token)  # in the request: only an administrator's tokens are kept
    bitrix.current_bindings(token=token)  # then the worker binds our handlers with the new tokens
    bitrix.batch({key: True for key in ALL_BIND_KEYS}, token=token)

    response = client.post("/events", data=php_form(payload))

    assert response.status_code == 200
    portal = get_portal(db, MEMBER_ID)
    assert portal.is_installed and portal.domain == PORTAL_HOST
    assert (portal.access_token, portal.refresh_token) == (token, payload["auth"]["refresh_token"])
    assert portal.application_token == APPLICATION_TOKEN
    [event] = list_events(db, MEMBER_ID)
    assert event["state"] == "done" and "bound 6" in event["message"]


def test_install_event_with_a_non_administrators_tokens_stores_nothing(client, bitrix, installed_portal, db):
    """Any portal user who opens the app holds this app's tokens; they must not become the app's tokens."""
    payload = event_payload("event_onappinstall.json", access_token="ordinary-user-token",
                            application_token="attacker-chosen-token")
    payload["event"] = "ONAPPUPDATE"
    bitrix.app_info("ordinary-user-token", user_id=7)
    bitrix.admin_check("ordinary-user-token", admin=False)

    response = client.post("/events", data=php_form(payload))

    assert response.status_code == 401
    portal = get_portal(db, MEMBER_ID)
    assert (portal.access_token, portal.application_token) == (installed_portal.access_token, APPLICATION_TOKEN)
    assert all_events(db) == []


def test_onappinstall_the_oauth_server_does_not_confirm_stores_nothing(client, bitrix, db):
    payload = event_payload("event_onappinstall.json")
    bitrix.app_info(payload["auth"]["access_token"], member_id="someone-else")

    response = client.post("/events", data=php_form(payload))

    assert response.status_code == 401
    assert list(db["portals"].rows) == [] and all_events(db) == []


@pytest.mark.parametrize("auth", [
    {"domain": "evil.example.com", "client_endpoint": "https://evil.example.com/rest/"},
    {"client_endpoint": "https://evil.example.com/rest/"},
    {"client_endpoint": f"https://user@{PORTAL_HOST}/rest/"},
    {"server_endpoint": "https://evil.example.com/rest/"},
    {"server_endpoint": "http://oauth.bitrix24.tech/rest/"},
])
def test_onappinstall_naming_foreign_hosts_is_refused_without_any_request(client, http, db, auth):
    payload = event_payload("event_onappinstall.json", **auth)

    response = client.post("/events", data=php_form(payload))

    assert response.status_code == 401
    assert len(http.calls) == 0
    assert list(db["portals"].rows) == [] and all_events(db) == []


def test_onappupdate_replaces_the_application_token_and_rebinds(client, installed_portal, bitrix, db):
    payload = event_payload("event_onappinstall.json", application_token="new-application-token-after-update",
                            access_token="fresh-access-after-update", refresh_token="fresh-refresh-after-update")
    payload["event"] = "ONAPPUPDATE"
    payload["data"] = {"VERSION": "2", "PREVIOUS_VERSION": "1", "LANGUAGE_ID": "ru"}
    bitrix.app_info("fresh-access-after-update")
    bitrix.admin_check("fresh-access-after-update")
    bitrix.current_bindings(token="fresh-access-after-update")  # Bitrix24 dropped every handler on update
    bitrix.batch({key: True for key in ALL_BIND_KEYS}, token="fresh-access-after-update")

    response = client.post("/events", data=php_form(payload))

    assert response.status_code == 200
    portal = get_portal(db, MEMBER_ID)
    assert portal.application_token == "new-application-token-after-update"
    assert portal.access_token == "fresh-access-after-update"
    assert portal.installed_at == installed_portal.installed_at
    # The old token no longer opens the door; the new one does.
    assert client.post("/events", data=lead_event_form()).status_code == 401
    new_token_form = lead_event_form(application_token="new-application-token-after-update")
    assert client.post("/events", data=new_token_form).status_code == 200


def test_onappupdate_without_tokens_and_with_a_wrong_token_is_refused(client, installed_portal, db, http):
    payload = event_payload("event_onappuninstall.json", application_token="forged")
    payload["event"] = "ONAPPUPDATE"

    assert client.post("/events", data=php_form(payload)).status_code == 401
    assert all_events(db) == [] and len(http.calls) == 0


def test_onappinstall_posted_to_the_install_url_is_handled_as_an_event(client, bitrix, db):
    """Bitrix24 may deliver ONAPPINSTALL to the app's install handler instead of /events."""
    payload = event_payload("event_onappinstall.json")
    token = payload["auth"]["access_token"]
    bitrix.app_info(token)
    bitrix.admin_check(token)
    bitrix.current_bindings(token=token)
    bitrix.batch({key: True for key in ALL_BIND_KEYS}, token=token)

    response = client.post("/install", data=php_form(payload))

    assert response.status_code == 200 and response.get_json()["ok"] is True
    assert get_portal(db, MEMBER_ID).application_token == APPLICATION_TOKEN


def test_forged_event_posted_to_the_install_url_is_refused_like_any_other(client, installed_portal, db, http):
    response = client.post("/install", data=lead_event_form(application_token="forged"))

    assert response.status_code == 401 and response.get_json()["error"] == "event_refused"
    assert all_events(db) == [] and len(http.calls) == 0
