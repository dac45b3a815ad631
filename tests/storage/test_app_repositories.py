"""Repositories behind the web app: portals, events, settings, jobs (storage/portals.py, events.py,
settings.py, jobs.py)."""
from __future__ import annotations

import json

import pytest

from storage.events import finish_event, get_event, list_events, record_event, without_tokens
from storage.jobs import finish_job, get_job, is_cancel_requested, latest_job, report_progress, request_cancel, start_job
from storage.portals import Installation, get_portal, list_portals, mark_uninstalled, save_installation
from storage.settings import delete_setting, get_setting, get_settings, set_setting


def installation(**overrides) -> Installation:
    values = dict(member_id="m1", domain="a.bitrix24.ru", client_endpoint="https://a.bitrix24.ru/rest/",
                  server_endpoint="https://oauth.bitrix24.tech/rest/", access_token="at", refresh_token="rt",
                  expires_at=1.0, application_token="app", scope="crm", installer_user_id=1)
    values.update(overrides)
    return Installation(**values)


def test_reinstall_keeps_first_install_time_and_known_values(db):
    first = save_installation(db, installation())
    again = save_installation(db, installation(access_token="at2", refresh_token=None, installer_user_id=None))

    assert again.installed_at == first.installed_at
    assert (again.access_token, again.refresh_token, again.installer_user_id) == ("at2", "rt", 1)


def test_portal_repr_never_shows_tokens(db):
    secrets = dict(access_token="secret-access", refresh_token="secret-refresh", application_token="secret-app")
    portal = save_installation(db, installation(**secrets))

    for text in (repr(portal), repr(installation(**secrets))):
        assert "secret-" not in text


def test_uninstall_clears_app_and_user_tokens_of_that_portal_only(db):
    save_installation(db, installation())
    save_installation(db, installation(member_id="m2"))
    db["user_tokens"].insert_all([{"member_id": "m1", "user_id": 5, "access_token": "u"},
                                  {"member_id": "m2", "user_id": 5, "access_token": "u"}], pk=("member_id", "user_id"))

    mark_uninstalled(db, "m1")

    gone = get_portal(db, "m1")
    assert (gone.status, gone.access_token, gone.refresh_token, gone.application_token) == ("uninstalled", None, None, None)
    assert [row["member_id"] for row in db["user_tokens"].rows] == ["m2"]
    assert [p.member_id for p in list_portals(db)] == ["m2"]


def test_portal_origin_is_taken_from_the_rest_endpoint(db):
    portal = save_installation(db, installation(client_endpoint="http://127.0.0.1:5001/rest/", domain="127.0.0.1:5001"))

    assert portal.origin == "http://127.0.0.1:5001"


def test_events_are_stored_without_credentials_and_finish_once(db):
    payload = {"event": "ONCRMLEADADD", "data": {"FIELDS": {"ID": "5"}},
               "auth": {"member_id": "m1", "access_token": "a", "refresh_token": "r", "application_token": "t"}}

    event_id = record_event(db, "m1", "ONCRMLEADADD", "5", payload)
    finish_event(db, event_id, "done", "ok")

    event = get_event(db, event_id)
    assert event["payload"]["auth"] == {"member_id": "m1"} and event["state"] == "done"
    assert payload["auth"]["access_token"] == "a"  # the caller's dict is left alone
    assert [e["id"] for e in list_events(db, "m1")] == [event_id]
    with pytest.raises(ValueError):
        finish_event(db, event_id, "queued", "back to the queue?")


def test_without_tokens_keeps_payloads_without_auth_block_as_they_are():
    assert without_tokens({"event": "X", "auth": "not a dict"}) == {"event": "X", "auth": "not a dict"}


def test_settings_round_trip_json_values_per_portal(db):
    set_setting(db, "m1", "rules", {"fill": ["INN", "KPP"]})
    set_setting(db, "m2", "rules", None)

    assert get_setting(db, "m1", "rules") == {"fill": ["INN", "KPP"]}
    assert get_setting(db, "m1", "missing", default=3) == 3
    delete_setting(db, "m1", "rules")
    assert get_settings(db, "m1") == {} and get_settings(db, "m2") == {"rules": None}


def test_a_second_start_of_an_active_job_returns_the_running_one(db):
    job, created = start_job(db, "m1", "bulk_fill", {"only_empty": True}, started_by=3)
    same, created_again = start_job(db, "m1", "bulk_fill")

    assert created and not created_again and same["id"] == job["id"]
    assert job["params"] == {"only_empty": True} and job["state"] == "queued"


def test_job_progress_cancel_and_finish(db):
    job, _ = start_job(db, "m1", "bulk_fill")

    report_progress(db, job["id"], 10, total=40, message="10 of 40")
    request_cancel(db, job["id"])
    assert is_cancel_requested(db, job["id"])
    finish_job(db, job["id"], "cancelled", result={"filled": 10})

    stored = get_job(db, job["id"])
    assert (stored["done"], stored["total"], stored["state"], stored["result"]) == (10, 40, "cancelled", {"filled": 10})
    new_job, created = start_job(db, "m1", "bulk_fill")
    assert created and latest_job(db, "m1", "bulk_fill")["id"] == new_job["id"]
    with pytest.raises(ValueError):
        finish_job(db, job["id"], "running")


def test_job_params_are_json_in_the_table(db):
    job, _ = start_job(db, "m1", "scan", {"entity": "company"})

    assert json.loads(db["jobs"].get(job["id"])["params"]) == {"entity": "company"}
