"""Starting, stopping and running «Заполнить реквизиты у всех компаний» as a background job.

The page starts a job (one per portal at a time) and polls `GET /api/jobs/<id>`; the huey worker runs
`run_bulk_fill_task`, which does the work with the tokens of the admin who started it (so the portal's
rights are that admin's) through `services.requisites.bulk.run_bulk_fill_job`. Stopping asks the job to
stop after its current chunk; starting again continues from the saved checkpoint.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

import sqlite_utils

from requisites.model import Message, RequisitesError
from services.portal_clients import user_client
from services.requisites.bulk import CHECKPOINT_SETTING, JOB_KIND, run_bulk_fill_job
from services.requisites.sources import inn_field, make_source
from storage import jobs as job_store
from storage.portals import get_portal
from storage.settings import get_setting
from storage.tokens import load_credentials

log = logging.getLogger(__name__)

PORTAL_NOT_INSTALLED = Message("Приложение больше не установлено на портале.", "The app is no longer installed.")
UNEXPECTED_FAILURE = Message("Заполнение прервалось из-за внутренней ошибки приложения. Запустите его снова.",
                             "The fill stopped on an internal error of the app. Please start it again.")
STARTER_TOKENS_MISSING = Message(
    "Нет ключа доступа администратора, запустившего заполнение. Откройте страницу приложения и запустите снова.",
    "The starting administrator's access key is missing. Open the app page and start again.")


def bulk_state(db: sqlite_utils.Database, member_id: str) -> dict[str, Any]:
    """The portal's latest bulk-fill job (the page then polls it) and whether a stopped run can be resumed."""
    job = job_store.latest_job(db, member_id, JOB_KIND)
    return {"job_id": job["id"] if job else None, "state": job["state"] if job else None,
            "can_resume": get_setting(db, member_id, CHECKPOINT_SETTING) is not None}


def start_bulk_fill(db: sqlite_utils.Database, member_id: str, user_id: int,
                    enqueue: Callable[[str], Any]) -> tuple[dict[str, Any], bool]:
    """Queue a run on behalf of `user_id`, or return the one already active; (job, created)."""
    job, created = job_store.start_job(db, member_id, JOB_KIND, params={"user_id": int(user_id)},
                                       started_by=int(user_id))
    if created:
        enqueue(job["id"])
    return job, created


def stop_bulk_fill(db: sqlite_utils.Database, member_id: str) -> dict[str, Any] | None:
    """Ask the active run to stop after its current chunk; None when nothing is running."""
    job = job_store.active_job(db, member_id, JOB_KIND)
    if job is not None:
        job_store.request_cancel(db, job["id"])
    return job


def _fail(db: sqlite_utils.Database, job_id: str, reason: Message) -> None:
    job_store.finish_job(db, job_id, job_store.FAILED, result={"stopped_by": {"ru": reason.ru, "en": reason.en}},
                         message=reason.ru)


def run_bulk_fill_task(db: sqlite_utils.Database, config: Mapping[str, Any], job_id: str) -> str:
    """The huey task body. Every way it can end is recorded on the job, in ru and en, for the page."""
    job = job_store.get_job(db, job_id)
    if job is None or job["state"] not in job_store.ACTIVE_STATES:
        return f"job {job_id} is not waiting to run"
    member_id, user_id = job["member_id"], job["started_by"]
    portal = get_portal(db, member_id)
    if portal is None or not portal.is_installed:
        _fail(db, job_id, PORTAL_NOT_INSTALLED)
        return "portal not installed"
    credentials = load_credentials(db, member_id, user_id) if user_id is not None else None
    if credentials is None:
        _fail(db, job_id, STARTER_TOKENS_MISSING)
        return "no tokens of the starting admin"
    try:
        source = make_source(db, member_id, config)
    except RequisitesError as error:  # no DaData key at all
        _fail(db, job_id, error.message)
        return "no registry source"
    if not job_store.report_progress(db, job_id, 0):  # running: collecting the companies comes first
        return f"job {job_id} ended before it began"
    try:
        with user_client(db, config, credentials, interactive=False) as client:
            report = run_bulk_fill_job(db, job_id, client=client, source=source, member_id=member_id,
                                       user_id=user_id, inn_field=inn_field(db, member_id))
    except Exception as error:  # noqa: BLE001 - never leave a job "running" forever; its checkpoint stays resumable
        log.warning("bulk fill job %s failed: %s", job_id, type(error).__name__)  # the class only: no secrets
        _fail(db, job_id, UNEXPECTED_FAILURE)
        return "failed"
    counts = report.to_dict()["counts"]
    return f"filled {counts['filled']}, skipped {counts['skipped']}, failed {counts['failed']}"
