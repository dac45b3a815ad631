"""Long-running background jobs and their progress, which the pages poll.

A worker that dies (killed, machine restarted) leaves its job "running" for ever and would block every
new start. So an active job silent for longer than `STALE_AFTER_SECONDS[state]` is taken as lost: the
next read marks it failed with `message = WORKER_LOST`, after which a new start is possible. A
worker that was only slow learns it on its next report (`report_progress` returns False) and stops;
it can neither revive the job nor overwrite how it ended.
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
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
STALE_AFTER_SECONDS = {
    # longer than a healthy worker may spend between two reports: a background client waits out the
    # portal's operating-time limit, whose window is 10 minutes (bitrix24-rest.md §4)
    RUNNING: 15 * 60,
    # a queued job may wait behind other portals' long jobs (the worker runs two at a time by default)
    QUEUED: 60 * 60,
}
WORKER_LOST = "worker_lost"  # the message of a job whose worker stopped reporting; pages translate it
_ACTIVE = f"state in ('{QUEUED}', '{RUNNING}')"


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    return dict(
        row,
        params=json.loads(row["params"] or "{}"),
        result=json.loads(row["result"]) if row["result"] else None,
        cancel_requested=bool(row["cancel_requested"]),
    )


def _worker_lost(row: dict[str, Any]) -> bool:
    limit = STALE_AFTER_SECONDS.get(row["state"])
    if limit is None or not row["updated_at"]:
        return False
    return (datetime.now(timezone.utc) - datetime.fromisoformat(row["updated_at"])).total_seconds() > limit


def _checked(db: sqlite_utils.Database, row: dict[str, Any]) -> dict[str, Any]:
    """The row as it really is: an active job silent for too long has lost its worker (and is marked so)."""
    if _worker_lost(row):
        db.execute(f"update jobs set state = ?, message = ?, result = ?, updated_at = ? "
                   f"where id = ? and updated_at = ? and {_ACTIVE}",
                   [FAILED, WORKER_LOST, json.dumps({"error": WORKER_LOST}), utc_now(), row["id"], row["updated_at"]])
        row = next(db["jobs"].rows_where("id = ?", [row["id"]]))
    return _decoded(row)


def get_job(db: sqlite_utils.Database, job_id: str) -> dict[str, Any] | None:
    rows = list(db["jobs"].rows_where("id = ?", [job_id], limit=1))
    return _checked(db, rows[0]) if rows else None


def active_job(db: sqlite_utils.Database, member_id: str, kind: str) -> dict[str, Any] | None:
    """The portal's queued or running job of this kind — one whose worker is lost does not count."""
    rows = db["jobs"].rows_where(f"member_id = ? and kind = ? and {_ACTIVE}", [member_id, kind],
                                 order_by="created_at desc, rowid desc")
    return next((job for job in (_checked(db, row) for row in rows) if job["state"] in ACTIVE_STATES), None)


def latest_job(db: sqlite_utils.Database, member_id: str, kind: str) -> dict[str, Any] | None:
    rows = list(db["jobs"].rows_where("member_id = ? and kind = ?", [member_id, kind],
                                      order_by="created_at desc, rowid desc", limit=1))
    return _checked(db, rows[0]) if rows else None


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
                    message: str | None = None) -> bool:
    """Record progress of an active job; False when the job has ended meanwhile (stopped, or its worker
    taken as lost) — the worker should then stop."""
    updates: dict[str, Any] = {"state": RUNNING, "done": done, "updated_at": utc_now()}
    if total is not None:
        updates["total"] = total
    if message is not None:
        updates["message"] = message
    assignments = ", ".join(f"{name} = ?" for name in updates)
    cursor = db.execute(f"update jobs set {assignments} where id = ? and {_ACTIVE}", [*updates.values(), job_id])
    return cursor.rowcount == 1


def finish_job(db: sqlite_utils.Database, job_id: str, state: str, result: Any = None,
               message: str | None = None) -> bool:
    """End an active job; False (and nothing changed) when it had already ended."""
    if state not in FINAL_STATES:
        raise ValueError(f"a job finishes as one of {FINAL_STATES}, not {state!r}")
    cursor = db.execute(
        f"update jobs set state = ?, result = ?, message = ?, updated_at = ? where id = ? and {_ACTIVE}",
        [state, json.dumps(result, ensure_ascii=False) if result is not None else None, message, utc_now(), job_id])
    return cursor.rowcount == 1


def request_cancel(db: sqlite_utils.Database, job_id: str) -> None:
    db.execute("update jobs set cancel_requested = 1 where id = ?", [job_id])


def is_cancel_requested(db: sqlite_utils.Database, job_id: str) -> bool:
    job = get_job(db, job_id)
    return bool(job and job["cancel_requested"])
