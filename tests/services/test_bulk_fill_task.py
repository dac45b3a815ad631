"""The bulk-fill task body: every way it cannot even begin ends the job with a reason in ru and en,
before any request is sent (the strict mock and pytest-httpx fail the test on any)."""
from __future__ import annotations

import time

import pytest
import responses

from services.bulk_fill import run_bulk_fill_task, start_bulk_fill, stop_bulk_fill
from services.requisites.bulk import JOB_KIND
from storage import jobs, open_database
from storage.portals import Installation, mark_uninstalled, save_installation
from storage.tokens import save_user_tokens

MEMBER_ID = "bulk-member"
CONFIG = {"DADATA_API_KEY": "", "CLIENT_ID": "app", "CLIENT_SECRET": "secret",
          "OAUTH_SERVERS": ["https://oauth.bitrix.info"], "RATE_LIMIT": (1000.0, 1000)}


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.delenv("PORYADOK_DADATA_API_KEY", raising=False)
    database = open_database(str(tmp_path / "bulk.sqlite"))
    save_installation(database, Installation(
        member_id=MEMBER_ID, domain="portal.bitrix24.ru", client_endpoint="https://portal.bitrix24.ru/rest/",
        server_endpoint="https://oauth.bitrix.info/rest/", access_token="app-token", refresh_token="app-refresh",
        expires_at=time.time() + 3600, application_token="app-application-token", scope="crm",
        installer_user_id=1))
    with responses.RequestsMock(assert_all_requests_are_fired=True):
        yield database
    database.conn.close()


def queued(db, user_id=1) -> str:
    job, created = start_bulk_fill(db, MEMBER_ID, user_id, enqueue=lambda job_id: None)
    assert created
    return job["id"]


def test_a_job_without_the_starting_admins_tokens_fails_with_a_reason(db):
    job_id = queued(db)
    run_bulk_fill_task(db, CONFIG, job_id)
    job = jobs.get_job(db, job_id)
    assert job["state"] == "failed"
    assert job["result"]["stopped_by"]["ru"].startswith("Нет ключа доступа администратора")
    assert job["result"]["stopped_by"]["en"].startswith("The starting administrator's access key is missing")


def test_a_job_without_a_dadata_key_fails_with_the_registry_message(db, httpx_mock):
    save_user_tokens(db, MEMBER_ID, 1, "admin-token", "admin-refresh", time.time() + 3600)
    job_id = queued(db)
    run_bulk_fill_task(db, CONFIG, job_id)
    job = jobs.get_job(db, job_id)
    assert job["state"] == "failed" and "DaData" in job["result"]["stopped_by"]["ru"]


def test_a_job_for_an_uninstalled_portal_fails(db):
    job_id = queued(db)
    mark_uninstalled(db, MEMBER_ID)
    run_bulk_fill_task(db, CONFIG, job_id)
    assert jobs.get_job(db, job_id)["state"] == "failed"


def test_a_finished_job_is_not_run_again(db):
    job_id = queued(db)
    jobs.finish_job(db, job_id, jobs.CANCELLED)
    assert run_bulk_fill_task(db, CONFIG, job_id) == f"job {job_id} is not waiting to run"
    assert jobs.get_job(db, job_id)["state"] == "cancelled"


def test_one_run_per_portal_and_stop_marks_it(db):
    enqueued = []
    first, created = start_bulk_fill(db, MEMBER_ID, 1, enqueue=enqueued.append)
    second, created_again = start_bulk_fill(db, MEMBER_ID, 2, enqueue=enqueued.append)
    assert created and not created_again and second["id"] == first["id"] and enqueued == [first["id"]]
    assert first["started_by"] == 1 and first["kind"] == JOB_KIND
    assert stop_bulk_fill(db, MEMBER_ID)["id"] == first["id"]
    assert jobs.get_job(db, first["id"])["cancel_requested"] is True
