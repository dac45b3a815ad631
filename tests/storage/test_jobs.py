"""A job whose worker died must not block the portal for ever: an active job silent for too long is taken
as lost (and says so), a new one can start, and the lost worker can neither revive nor overwrite it."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from storage import open_database
from storage.jobs import (FAILED, QUEUED, RUNNING, STALE_AFTER_SECONDS, WORKER_LOST, active_job, finish_job,
                          get_job, latest_job, report_progress, request_cancel, start_job)


@pytest.fixture
def db(tmp_path):
    database = open_database(str(tmp_path / "jobs.sqlite"))
    yield database
    database.conn.close()


def silent_for(db, job_id: str, seconds: float) -> None:
    """As if the job's last report was `seconds` ago."""
    then = datetime.now(timezone.utc) - timedelta(seconds=seconds)
    db["jobs"].update(job_id, {"updated_at": then.isoformat(timespec="seconds")})


def running_job(db) -> str:
    job, _ = start_job(db, "m1", "bulk_fill", started_by=1)
    assert report_progress(db, job["id"], 10, total=100)
    return job["id"]


def test_a_running_job_silent_longer_than_the_limit_is_taken_as_lost(db):
    job_id = running_job(db)
    silent_for(db, job_id, STALE_AFTER_SECONDS[RUNNING] + 60)
    job = get_job(db, job_id)
    assert (job["state"], job["message"], job["result"]) == (FAILED, WORKER_LOST, {"error": WORKER_LOST})
    assert job["done"] == 10  # how far it got is kept
    assert active_job(db, "m1", "bulk_fill") is None


def test_a_new_start_replaces_a_lost_job(db):
    job_id = running_job(db)
    silent_for(db, job_id, STALE_AFTER_SECONDS[RUNNING] + 60)
    new_job, created = start_job(db, "m1", "bulk_fill", started_by=2)
    assert created and new_job["id"] != job_id and new_job["state"] == QUEUED
    assert get_job(db, job_id)["message"] == WORKER_LOST
    assert latest_job(db, "m1", "bulk_fill")["id"] == new_job["id"]


def test_a_running_job_that_reported_within_the_limit_keeps_running(db):
    job_id = running_job(db)
    silent_for(db, job_id, STALE_AFTER_SECONDS[RUNNING] - 60)
    same, created = start_job(db, "m1", "bulk_fill")
    assert not created and same["id"] == job_id and same["state"] == RUNNING


def test_a_queued_job_may_wait_longer_than_a_running_one_may_be_silent(db):
    job, _ = start_job(db, "m1", "bulk_fill")
    silent_for(db, job["id"], STALE_AFTER_SECONDS[RUNNING] + 60)
    assert get_job(db, job["id"])["state"] == QUEUED
    silent_for(db, job["id"], STALE_AFTER_SECONDS[QUEUED] + 60)
    assert get_job(db, job["id"])["message"] == WORKER_LOST


def test_the_lost_workers_late_report_neither_revives_nor_overwrites_the_job(db):
    job_id = running_job(db)
    silent_for(db, job_id, STALE_AFTER_SECONDS[RUNNING] + 60)
    assert get_job(db, job_id)["state"] == FAILED
    assert report_progress(db, job_id, 50) is False
    assert finish_job(db, job_id, "done", result={"filled": []}) is False
    job = get_job(db, job_id)
    assert (job["state"], job["message"], job["done"]) == (FAILED, WORKER_LOST, 10)


def test_asking_a_dead_job_to_stop_does_not_keep_it_alive(db):
    job_id = running_job(db)
    silent_for(db, job_id, STALE_AFTER_SECONDS[RUNNING] + 60)
    request_cancel(db, job_id)
    assert get_job(db, job_id)["message"] == WORKER_LOST
