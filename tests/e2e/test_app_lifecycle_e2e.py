"""The app's life on a portal, over real HTTP against devportal: install, a card tab opened by a manager,
events delivered and processed, an expired token refreshed, uninstall."""
from __future__ import annotations

import re
import time
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
import requests

from app.security import read_frame_token
from services.portal_clients import app_client
from storage.events import get_event, list_events
from storage.portals import get_portal
from storage.tokens import load_credentials
from tests.e2e.e2e_helpers import SECRET_KEY, post_frame

pytestmark = pytest.mark.e2e

TABS = ("CRM_COMPANY_DETAIL_TAB", "CRM_CONTACT_DETAIL_TAB", "CRM_LEAD_DETAIL_TAB")
EVENTS = ("ONCRMLEADADD", "ONAPPUNINSTALL", "ONAPPUPDATE")


def bound_in_devportal(stack) -> tuple[set, set]:
    """(placement, handler) and (event, handler) pairs as devportal itself reports them."""
    admin = stack.portal.tokens_for(1).access_token
    placements = stack.portal.call("placement.get", auth=admin)["result"]
    events = stack.portal.call("event.get", auth=admin)["result"]
    return ({(p["placement"], p["handler"]) for p in placements},
            {(e["event"], e["handler"]) for e in events})


def with_domain(url: str, domain: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query), DOMAIN=domain)
    return urlunsplit(parts._replace(query=urlencode(query)))


def last_delivery(stack, event: str):
    return [d for d in stack.portal.deliveries if d.event == event][-1]


def test_install_page_stores_the_portal_and_binds_tabs_and_events_in_devportal(start_stack):
    stack = start_stack()

    page = post_frame(stack.portal.install())

    assert page.status_code == 200 and "BX24.installFinish()" in page.text
    stored = get_portal(stack.db, stack.portal.member_id)
    assert stored.is_installed and stored.domain == stack.portal.domain
    assert stored.client_endpoint == stack.portal.rest_url
    assert stored.application_token == stack.portal.application_token
    placements, events = bound_in_devportal(stack)
    assert placements == {(code, f"{stack.app_url}/placement/{code}") for code in TABS}
    assert events == {(event, f"{stack.app_url}/events") for event in EVENTS}
    assert app_client(stack.db, stack.app.config, stored).call("app.info")["INSTALLED"] is False


def test_install_finish_delivers_onappinstall_and_the_portal_reports_installed(start_stack):
    stack = start_stack()
    post_frame(stack.portal.install())
    bindings_before = bound_in_devportal(stack)

    assert stack.portal.finish_install() and stack.portal.wait_for_events()

    delivery = last_delivery(stack, "ONAPPINSTALL")
    assert (delivery.url, delivery.status) == (f"{stack.app_url}/install", 200)
    (event,) = list_events(stack.db, stack.portal.member_id)
    assert (event["event"], event["state"]) == ("ONAPPINSTALL", "queued")
    assert stack.drain() == 1
    assert get_event(stack.db, event["id"])["state"] == "done"
    assert bound_in_devportal(stack) == bindings_before  # re-binding on the worker duplicated nothing
    stored = get_portal(stack.db, stack.portal.member_id)
    assert app_client(stack.db, stack.app.config, stored).call("app.info")["INSTALLED"] is True


def test_manager_tab_stores_their_tokens_and_the_page_carries_only_a_signed_token(installed):
    frame = installed.portal.placement_post(2, "CRM_COMPANY_DETAIL_TAB", {"ID": "5"})

    tab = post_frame(frame)

    assert tab.status_code == 200
    stored = load_credentials(installed.db, installed.portal.member_id, 2)
    assert (stored.access_token, stored.refresh_token) == (frame.form["AUTH_ID"], frame.form["REFRESH_ID"])
    token = re.search(r'name="poryadok-token" content="([^"]+)"', tab.text).group(1)
    claims = read_frame_token(SECRET_KEY, token, max_age=60)
    assert (claims.member_id, claims.user_id, claims.placement, claims.entity_id) == (
        installed.portal.member_id, 2, "CRM_COMPANY_DETAIL_TAB", "5")
    assert "AUTH_ID" not in tab.text
    assert frame.form["AUTH_ID"] not in tab.text and frame.form["REFRESH_ID"] not in tab.text


def test_tab_post_naming_another_domain_is_refused_without_calling_anyone(installed):
    frame = installed.portal.placement_post(2, "CRM_COMPANY_DETAIL_TAB", {"ID": "5"})
    before = installed.log.mark()

    refused = post_frame(frame, url=with_domain(frame.url, "127.0.0.1:1"))

    assert refused.status_code == 403
    assert "Запрос пришёл не с того портала" in refused.text
    assert installed.log.since(before) == []
    assert load_credentials(installed.db, installed.portal.member_id, 2) is None


def test_lead_added_through_devportal_rest_is_delivered_recorded_and_processed(installed):
    lead_id = installed.portal.call("crm.lead.add", {"fields": {"TITLE": "Лид через REST"}})["result"]
    assert installed.portal.wait_for_events()

    delivery = last_delivery(installed, "ONCRMLEADADD")
    assert (delivery.url, delivery.status) == (f"{installed.app_url}/events", 200)
    (event,) = [e for e in list_events(installed.db, installed.portal.member_id) if e["event"] == "ONCRMLEADADD"]
    assert (event["entity_id"], event["state"]) == (str(lead_id), "queued")
    assert installed.drain() == 1
    assert get_event(installed.db, event["id"])["state"] == "done"


def test_event_with_a_forged_application_token_is_refused(installed):
    installed.portal.add("lead", {"TITLE": "Настоящий лид"})
    assert installed.portal.wait_for_events()
    genuine = last_delivery(installed, "ONCRMLEADADD").form
    forged = [(key, "0" * 32 if key == "auth[application_token]" else value) for key, value in genuine]
    recorded = len(list_events(installed.db, installed.portal.member_id))

    answer = requests.post(f"{installed.app_url}/events", data=forged, timeout=10)

    assert answer.status_code == 401 and answer.json()["error"] == "event_refused"
    assert len(list_events(installed.db, installed.portal.member_id)) == recorded
    assert requests.post(f"{installed.app_url}/events", data=genuine, timeout=10).status_code == 200


def test_expired_app_token_is_refreshed_once_and_the_used_refresh_token_dies(start_stack):
    stack = start_stack(token_lifetime=2)
    stack.install()
    stale = get_portal(stack.db, stack.portal.member_id)
    time.sleep(max(0.0, stale.expires_at - time.time()) + 0.05)  # our expiry is never before devportal's
    before = stack.log.mark()

    user = app_client(stack.db, stack.app.config, stale).call("user.current")

    assert user["ID"] == "1"
    assert stack.log.since(before) == [("/rest/user.current", 401), ("/oauth/token/", 200),
                                       ("/rest/user.current", 200)]
    renewed = get_portal(stack.db, stack.portal.member_id)
    assert renewed.access_token != stale.access_token and renewed.refresh_token != stale.refresh_token
    second = stack.log.mark()
    assert app_client(stack.db, stack.app.config, stale).call("user.current")["ID"] == "1"
    assert "/oauth/token/" not in [path for path, _ in stack.log.since(second)]  # found the stored pair
    reused = requests.get(stack.portal.oauth_token_url, timeout=10, params={
        "grant_type": "refresh_token", "client_id": stack.portal.client_id,
        "client_secret": stack.portal.client_secret, "refresh_token": stale.refresh_token})
    assert (reused.status_code, reused.json()["error"]) == (400, "invalid_grant")


def test_uninstall_forgets_the_portal_and_refuses_its_old_frames_and_events(installed):
    tab = installed.portal.placement_post(2, "CRM_COMPANY_DETAIL_TAB", {"ID": "5"})
    assert post_frame(tab).status_code == 200
    installed.portal.add("lead", {"TITLE": "Лид до удаления"})
    assert installed.portal.wait_for_events()
    lead_event = last_delivery(installed, "ONCRMLEADADD").form

    installed.portal.uninstall()
    assert installed.portal.wait_for_events()

    assert last_delivery(installed, "ONAPPUNINSTALL").status == 200
    gone = get_portal(installed.db, installed.portal.member_id)
    assert gone.status == "uninstalled"
    assert (gone.access_token, gone.refresh_token, gone.application_token) == (None, None, None)
    assert installed.db["user_tokens"].count == 0
    assert installed.drain() == 2  # the lead event and ONAPPUNINSTALL
    before, recorded = installed.log.mark(), len(list_events(installed.db, installed.portal.member_id))
    page = post_frame(tab)
    assert page.status_code == 403 and "не установлено на этом портале" in page.text
    assert requests.post(f"{installed.app_url}/events", data=lead_event, timeout=10).status_code == 401
    assert len(list_events(installed.db, installed.portal.member_id)) == recorded
    assert installed.log.since(before) == []
