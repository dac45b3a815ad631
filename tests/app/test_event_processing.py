"""The worker side of events: one huey task per recorded event, the outcome written back to the event."""
from __future__ import annotations

import pytest
from huey import SqliteHuey

from services.tasks import EVENT_HANDLERS, BackgroundTasks, handle_event
from storage.events import get_event, record_event
from tests.app.portal_fakes import MEMBER_ID, event_payload, php_form


def test_event_without_a_handler_is_recorded_as_received_and_nothing_else(db, config):
    event_id = record_event(db, MEMBER_ID, "ONCRMLEADADD", "1000983",
                            event_payload("event_oncrmleadadd_nested.json"))

    note = handle_event(db, config, event_id)

    event = get_event(db, event_id)
    assert event["state"] == "done" and event["message"] == note
    assert note == "received; no handler for ONCRMLEADADD in this version"


def test_failing_handler_marks_the_event_failed_and_lets_huey_retry(db, config, monkeypatch):
    def broken(db, config, event):
        raise RuntimeError("token abc123 in a message that must not be stored")

    monkeypatch.setitem(EVENT_HANDLERS, "ONCRMLEADADD", broken)
    event_id = record_event(db, MEMBER_ID, "ONCRMLEADADD", "1", {})

    with pytest.raises(RuntimeError):
        handle_event(db, config, event_id)

    event = get_event(db, event_id)
    assert event["state"] == "failed" and event["message"] == "RuntimeError"


def test_rebind_for_a_portal_uninstalled_meanwhile_does_nothing(db, config, installed_portal, http):
    from storage.portals import mark_uninstalled

    event_id = record_event(db, MEMBER_ID, "ONAPPUPDATE", None, {})
    mark_uninstalled(db, MEMBER_ID)

    assert handle_event(db, config, event_id) == "portal is not installed any more; nothing to bind"
    assert len(http.calls) == 0


def test_queued_event_waits_in_sqlite_until_a_worker_runs_it(db, app):
    tasks = BackgroundTasks({**app.config, "HUEY_IMMEDIATE": False})
    assert isinstance(tasks.huey, SqliteHuey)
    event_id = record_event(db, MEMBER_ID, "ONCRMLEADADD", "5", {})

    tasks.process_event(event_id)

    assert get_event(db, event_id)["state"] == "queued"  # the web request returned before any work
    assert tasks.huey.pending_count() == 1
    task = tasks.huey.dequeue()
    tasks.huey.execute(task)
    assert get_event(db, event_id)["state"] == "done"


def test_failed_processing_never_turns_the_portals_delivery_into_an_error(client, installed_portal, db, monkeypatch):
    def broken(db, config, event):
        raise RuntimeError("portal down")

    monkeypatch.setitem(EVENT_HANDLERS, "ONCRMLEADADD", broken)

    response = client.post("/events", data=php_form(event_payload("event_oncrmleadadd_nested.json")))

    assert response.status_code == 200
    assert [row["state"] for row in db["events"].rows] == ["failed"]
