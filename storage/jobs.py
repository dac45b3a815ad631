"""Long-running background jobs and their progress, which the pages poll."""
from __future__ import annotations

import json
import uuid
from typing import Any

import sqlite_utils

from storage.db import immediate_transaction
from storage.portals import utc_now

QUEUED = "queued"
RUNNING = "running"
DONE = "done"
FAILED = "failed"
CANCELLED = "cancelled"
ACTIVE_STATES = (QUEUED, RUNNING)
FINAL_STATES = (DONE, FAILED, CANCELLED)


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    return dict(
        row,
        params=json.loads(row["params"] or "{}"),
        result=json.loads(row["result"]) if row["result"] else None,
        cancel_requested=bool(row["cancel_requested"]),
    )


def get_job(db: sqlite_utils.Database, job_id: str) -> dict[str, Any] | None:
    rows = list(db["jobs"].rows_where("id = ?", [job_id], limit=1))
    return _decoded(rows[0]) if rows else None


def active_job(db: sqlite_utils.Database, member_id: str, kind: str) -> dict[str, Any] | None:
    rows = list(db["jobs"].rows_where(
        "member_id = ? and kind = ? and state in (?, ?)", [member_id, kind, *ACTIVE_STATES],
        order_by="created_at desc, rowid desc", limit=1))
    return _decoded(rows[0]) if rows else None


def latest_job(db: sqlite_utils.Database, member_id: str, kind: str) -> dict[str, Any] | None:
    rows = list(db["jobs"].rows_where("member_id = ? and kind = ?", [member_id, kind],
                                      order_by="created_at desc, rowid desc", limit=1))
    return _decoded(rows[0]) if rows else None


def start_job(db: sqlite_utils.Database, member_id: str, kind: str, params: dict[str, Any] | None = None,
              started_by: int | None = None) -> tuple[dict[str, Any], bool]:
    """Queue a job unless one of the same kind is already active for the portal.

    Returns (job, created). Checked and inserted under one write lock, so two clicks in two web
    workers start one job.
    """
    with immediate_transaction(db):
        existing = active_job(db, member_id, kind)
        if existing is not None:
            return existing, False
        now = utc_now()
        job_id = uuid.uuid4().hex
        db["jobs"].insert({
            "id": job_id, "member_id": member_id, "kind": kind, "state": QUEUED, "done": 0, "total": 0,
            "message": None, "params": json.dumps(params or {}, ensure_ascii=False), "result": None,
            "started_by": started_by, "cancel_requested": 0, "created_at": now, "updated_at": now,
        })
    return get_job(db, job_id), True


def report_progress(db: sqlite_utils.Database, job_id: str, done: int, total: int | None = None,
                    message: str | None = None) -> None:
    updates: dict[str, Any] = {"state": RUNNING, "done": done, "updated_at": utc_now()}
    if total is not None:
        updates["total"] = total
    if message is not None:
        updates["message"] = message
    db["jobs"].update(job_id, updates)


def finish_job(db: sqlite_utils.Database, job_id: str, state: str, result: Any = None,
               message: str | None = None) -> None:
    if state not in FINAL_STATES:
        raise ValueError(f"a job finishes as one of {FINAL_STATES}, not {state!r}")
    db["jobs"].update(job_id, {
        "state": state, "result": json.dumps(result, ensure_ascii=False) if result is not None else None,
        "message": message, "updated_at": utc_now(),
    })


def request_cancel(db: sqlite_utils.Database, job_id: str) -> None:
    db["jobs"].update(job_id, {"cancel_requested": 1, "updated_at": utc_now()})


def is_cancel_requested(db: sqlite_utils.Database, job_id: str) -> bool:
    job = get_job(db, job_id)
    return bool(job and job["cancel_requested"])
