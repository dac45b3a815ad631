"""Event delivery like the portal's: form POSTs to bound handlers after installFinish, no retries,
tokens of the acting (or auth_type) user; offline handlers fill the queue for event.offline.get."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.devportal.devportal_helpers import Catcher, Rest, installed

from devportal.state import Origin
from devportal.testing import DevportalHandle, running_devportal


@pytest.fixture
def portal() -> Iterator[DevportalHandle]:
    with running_devportal(app_url="http://127.0.0.1:9") as handle:
        yield handle


def bind(portal: DevportalHandle, token: str, **params) -> None:
    Rest(portal).result("event.bind", params, auth=token)


def test_no_event_is_sent_before_install_finish(portal: DevportalHandle, catcher: Catcher):
    post = portal.install()
    bind(portal, post.form["AUTH_ID"], event="ONCRMLEADADD", handler=f"{catcher.url}/events")
    portal.add("lead", {"TITLE": "before"})
    portal.finish_install()
    portal.add("lead", {"TITLE": "after"})
    portal.wait_for_events()
    leads = [dict(r["form"])["data[FIELDS][ID]"] for r in catcher.wait_for(1) if r["path"] == "/events"]
    assert leads == ["2"]


def test_changes_made_in_the_portal_ui_are_announced_too(portal: DevportalHandle, catcher: Catcher):
    token = installed(portal)
    bind(portal, token, event="ONCRMCONTACTUPDATE", handler=f"{catcher.url}/events")
    contact = portal.add("contact", {"NAME": "Ира"}, user_id=2)
    with portal.portal.lock:
        portal.crm().update("contact", contact, {"NAME": "Ирина"}, Origin(2))
    portal.wait_for_events()
    (event,) = catcher.wait_for(1)
    form = dict(event["form"])
    assert form["event"] == "ONCRMCONTACTUPDATE" and form["data[FIELDS][ID]"] == str(contact)
    assert Rest(portal).result("user.current", auth=form["auth[access_token]"])["ID"] == "2"


def test_a_failing_handler_gets_the_event_once(portal: DevportalHandle):
    failing = Catcher(status=500)
    try:
        bind(portal, installed(portal), event="ONCRMCOMPANYADD", handler=f"{failing.url}/events")
        portal.add("company", {"TITLE": "A"})
        portal.wait_for_events()
        assert len(failing.wait_for(2, timeout=0.5)) == 1
        assert [d.status for d in portal.deliveries if d.event == "ONCRMCOMPANYADD"] == [500]
    finally:
        failing.close()


def test_an_unreachable_handler_loses_the_event_without_stopping_the_next(portal: DevportalHandle, catcher: Catcher):
    token = installed(portal)
    bind(portal, token, event="ONCRMLEADADD", handler="http://127.0.0.1:9/dead")
    bind(portal, token, event="ONCRMLEADADD", handler=f"{catcher.url}/alive")
    portal.add("lead", {"TITLE": "x"})
    portal.wait_for_events()
    assert [r["path"] for r in catcher.wait_for(1)] == ["/alive"]
    assert any(d.error for d in portal.deliveries if d.url.endswith("/dead"))


def test_auth_type_gives_the_handler_that_users_tokens(portal: DevportalHandle, catcher: Catcher):
    bind(portal, installed(portal), event="ONCRMLEADADD", handler=f"{catcher.url}/events", auth_type=3)
    portal.add("lead", {"TITLE": "x"}, user_id=2)
    portal.wait_for_events()
    (event,) = catcher.wait_for(1)
    token = dict(event["form"])["auth[access_token]"]
    assert Rest(portal).result("user.current", auth=token)["ID"] == "3"


def test_event_get_unbind_and_unknown_events(portal: DevportalHandle):
    token, rest = installed(portal), Rest(portal)
    bind(portal, token, event="onCrmLeadAdd", handler="https://app.example/e")
    assert rest.result("event.get", auth=token) == [{"event": "ONCRMLEADADD", "handler": "https://app.example/e",
                                                     "auth_type": "0", "offline": 0}]
    unknown = rest("event.bind", {"event": "ONNOTHING", "handler": "https://app.example/e"}, auth=token)
    assert (unknown.status_code, unknown.json()["error"]) == (400, "ERROR_EVENT_NOT_FOUND")
    assert rest.result("event.unbind", {"event": "ONCRMLEADADD", "handler": "https://app.example/e"},
                       auth=token) == {"count": 1}
    assert rest.result("event.get", auth=token) == []


def test_offline_events_keep_the_latest_state_per_object_and_clear_when_read(portal: DevportalHandle):
    token, rest = installed(portal), Rest(portal)
    bind(portal, token, event="ONCRMCONTACTUPDATE", event_type="offline")
    contact = portal.add("contact", {"NAME": "A"})
    for name in ("B", "C", "D"):
        rest.result("crm.contact.update", {"id": contact, "fields": {"NAME": name}}, auth=token)
    answer = rest.result("event.offline.get", auth=token)
    assert [e["EVENT_DATA"] for e in answer["events"]] == [{"FIELDS": {"ID": str(contact)}}]
    assert set(answer["events"][0]) == {"ID", "TIMESTAMP_X", "EVENT_NAME", "EVENT_DATA", "EVENT_ADDITIONAL",
                                        "MESSAGE_ID"}
    assert rest.result("event.offline.get", auth=token)["events"] == []


def test_offline_events_read_without_clearing_wait_for_their_process(portal: DevportalHandle):
    token, rest = installed(portal), Rest(portal)
    bind(portal, token, event="ONCRMLEADADD", event_type="offline")
    portal.add("lead", {"TITLE": "x"})
    kept = rest.result("event.offline.get", {"clear": 0}, auth=token)
    assert len(kept["events"]) == 1 and kept["process_id"]
    assert rest.result("event.offline.get", {"clear": 0}, auth=token)["events"] == []
    rest.result("event.offline.clear", {"process_id": kept["process_id"]}, auth=token)
    assert portal.portal.offline.rows == {}


def test_changes_carrying_the_handlers_auth_connector_are_not_echoed(portal: DevportalHandle):
    token, rest = installed(portal), Rest(portal)
    bind(portal, token, event="ONCRMLEADADD", event_type="offline", auth_connector="poryadok")
    rest.result("crm.lead.add", {"fields": {"TITLE": "ours"}, "auth_connector": "poryadok"}, auth=token)
    rest.result("crm.lead.add", {"fields": {"TITLE": "someone else's"}}, auth=token)
    events = rest.result("event.offline.get", auth=token)["events"]
    assert [e["EVENT_DATA"]["FIELDS"]["ID"] for e in events] == ["2"]


def test_requisite_changes_are_announced(portal: DevportalHandle, catcher: Catcher):
    token, rest = installed(portal), Rest(portal)
    bind(portal, token, event="ONCRMREQUISITEUPDATE", handler=f"{catcher.url}/events")
    company = portal.add("company", {"TITLE": "A"})
    requisite = rest.result("crm.requisite.add", {"fields": {"ENTITY_TYPE_ID": 4, "ENTITY_ID": company,
                                                             "PRESET_ID": 1, "NAME": "Организация"}}, auth=token)
    rest.result("crm.requisite.update", {"id": requisite, "fields": {"RQ_INN": "7707083893"}}, auth=token)
    portal.wait_for_events()
    (event,) = catcher.wait_for(1)
    assert dict(event["form"])["data[FIELDS][ID]"] == str(requisite)
