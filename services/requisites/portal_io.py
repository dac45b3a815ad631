"""The REST side of requisites: read one owner in one batch, write plans in as few batches as
possible, journal every plan BEFORE the portal changes, roll back a plan that half-failed.

Used by the card tab (one plan, `halt`) and by the bulk fill (many plans packed ≤50 commands per
batch, never splitting a plan: its later commands refer to the requisite its first one creates).
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from bitrix_client import ApiError, BatchError, BitrixError, PortalClient, TransportError
from requisites.candidates import inn_from_key
from requisites.commands import created_ids, read_commands, snapshot_from_results, write_commands
from requisites.model import OWNER_COMPANY, OWNER_CONTACT, Message, Plan, PortalSnapshot, RequisitesError
from requisites.plans import undo_writes, written_values
from storage import journal

log = logging.getLogger(__name__)

JOURNAL_KIND = "requisites"
MAX_BATCH = 50
PENDING, APPLIED, FAILED, PARTIAL = "pending", "applied", "failed", "partial"
UNDOABLE = (APPLIED, PARTIAL)  # journal statuses whose changes are (partly) on the portal
ORIGIN_CARD, ORIGIN_BULK = "card", "bulk"  # where a journalled change was made


@dataclass(frozen=True)
class Owner:
    """The company or contact whose requisites are read and written."""

    type_id: int
    id: str

    @classmethod
    def company(cls, company_id: str | int) -> Owner:
        return cls(OWNER_COMPANY, str(company_id))

    @classmethod
    def contact(cls, contact_id: str | int) -> Owner:
        return cls(OWNER_CONTACT, str(contact_id))

    @property
    def entity_type(self) -> str:
        return {OWNER_COMPANY: "company", OWNER_CONTACT: "contact"}[self.type_id]


class WriteFailed(RequisitesError):
    """The portal refused the write; whatever part of it ran was rolled back (unless `rolled_back` is False)."""

    def __init__(self, cause: BitrixError | None, *, journal_id: int, rolled_back: bool = True):
        reason_ru, reason_en = _reason(cause, "ru"), _reason(cause, "en")
        tail_ru = "" if rolled_back else " Часть изменений осталась — её можно отменить."
        tail_en = "" if rolled_back else " Part of the change remains — it can be undone."
        super().__init__(Message(f"Портал не принял изменения: {reason_ru}{tail_ru}",
                                 f"The portal refused the change: {reason_en}{tail_en}"))
        self.cause, self.journal_id, self.rolled_back = cause, journal_id, rolled_back


def _reason(cause: BitrixError | None, lang: str) -> str:
    """The client's text; for a codeless refusal the client could not classify (`"error": ""` with, say,
    a validation text — "Access denied."/"not found" already arrive as AccessDenied/NotFound) it only
    has a generic "try again later", so the portal's own (token-redacted) words are shown instead."""
    if cause is None:
        return "неизвестная ошибка" if lang == "ru" else "unknown error"
    if type(cause) is ApiError and not cause.code and cause.description:
        return f"«{cause.description.strip()}»"
    return cause.user_message(lang)


# ---------------------------------------------------------------- reading

def read_snapshot(client: PortalClient, owner: Owner, *, bank_details_for: Iterable[str] = (),
                  with_owner: bool = False) -> tuple[PortalSnapshot, Mapping[str, Any] | None]:
    """ONE batch: presets, the owner's requisites, their addresses, bank details of the given requisites
    (ids from an earlier read; any that are not the owner's are ignored), optionally the owner record."""
    ids = list(bank_details_for)
    results = client.batch(read_commands(owner.type_id, owner.id, bank_detail_requisite_ids=ids,
                                         with_owner=with_owner))
    snapshot = snapshot_from_results(owner.type_id, owner.id, results, bank_detail_requisite_ids=ids)
    owner_record = results.get("owner") if with_owner else None
    return snapshot, owner_record if isinstance(owner_record, Mapping) else None


# ---------------------------------------------------------------- writing

@dataclass
class PlanJob:
    """One plan on its way to the portal, with its journal entry. `party_title` names the registry record
    the plan comes from; `origin` says where the change was made (the card tab or the bulk fill)."""

    owner: Owner
    plan: Plan
    party_title: str
    origin: str = ORIGIN_CARD
    journal_id: int = 0
    status: str = PENDING
    after: dict[str, Any] | None = None
    error: BitrixError | None = None


def _journal_pending(db: sqlite_utils.Database, member_id: str, user_id: int | None, job: PlanJob) -> None:
    """The entry pages read: `after` holds what was done as data (mode, origin, party); `summary` is
    the same for a person reading the table, and nothing parses it."""
    plan, inn = job.plan, inn_from_key(job.plan.candidate_key)
    job.after = {"status": PENDING, "mode": plan.mode.value, "origin": job.origin, "candidate_key": plan.candidate_key,
                 "party": {"title": job.party_title, "inn": inn}, "written": written_values(plan)}
    if plan.target_requisite_id is not None:  # a created one's id is added once the portal returns it
        job.after["requisite_id"] = plan.target_requisite_id
    job.journal_id = journal.add_entry(
        db, member_id=member_id, kind=JOURNAL_KIND, entity_type=job.owner.entity_type, entity_id=job.owner.id,
        user_id=user_id, summary=f"{job.origin} {plan.mode.value}: {job.party_title} (ИНН {inn})",
        before=dict(plan.before), after=job.after)


def _pack(jobs: Sequence[PlanJob]) -> list[list[tuple[int, PlanJob]]]:
    """Groups of plans whose commands fit one batch request; a plan is never split."""
    groups: list[list[tuple[int, PlanJob]]] = []
    size = MAX_BATCH
    for index, job in enumerate(jobs):
        count = len(job.plan.writes)
        if size + count > MAX_BATCH:
            groups.append([])
            size = 0
        groups[-1].append((index, job))
        size += count
    return groups


def _prefix(index: int, many: bool) -> str:
    return f"p{index}_" if many else ""


def _settle(job: PlanJob, prefix: str, results: Mapping[str, Any], errors: Mapping[str, BitrixError]) -> list:
    """Record what happened to one plan; return the writes that undo its half-done part (if any)."""
    keys = list(write_commands(job.plan.writes, prefix))
    ran = {w.op for w, key in zip(job.plan.writes, keys) if key in results}
    ids = created_ids(results, prefix)
    job.after = {**(job.after or {}), **ids}
    if len(ran) == len(keys):
        job.status = APPLIED
        return []
    job.error = next((errors[k] for k in keys if k in errors), None)
    job.after["error"] = getattr(job.error, "code", None)
    job.status = FAILED if not ran else PARTIAL
    job.after["ran"] = sorted(op.value for op in ran)
    return list(undo_writes(job.plan.before, job.after, applied=ran)) if ran else []


def _send(client: PortalClient, commands: Mapping[str, tuple[str, dict]], halt: bool
          ) -> tuple[dict[str, Any], dict[str, BitrixError]]:
    try:
        return client.batch(commands, halt=halt), {}
    except BatchError as error:
        return dict(error.results), dict(error.errors)


def _roll_back(client: PortalClient, undo: list[tuple[PlanJob, list]]) -> None:
    """Undo the half-done plans of one batch in one more batch; success turns PARTIAL into FAILED."""
    commands: dict[str, tuple[str, dict]] = {}
    for index, (job, writes) in enumerate(undo):
        commands.update(write_commands(writes, f"u{index}_"))
    if not commands:
        return
    try:
        _, errors = _send(client, commands, halt=False)
    except BitrixError:
        log.exception("rolling back a half-written requisites plan failed")
        return
    for index, (job, writes) in enumerate(undo):
        if not any(key.startswith(f"u{index}_") for key in errors):
            job.status = FAILED
            job.after["rolled_back"] = True


def apply_plans(client: PortalClient, db: sqlite_utils.Database, *, member_id: str, user_id: int | None,
                jobs: Sequence[PlanJob], halt: bool = False) -> list[PlanJob]:
    """Journal every plan (pending), then write them; each job ends APPLIED, FAILED (nothing left
    behind) or PARTIAL (rollback failed: the journal entry can still be undone)."""
    jobs = [job for job in jobs if not job.plan.is_empty]
    for job in jobs:
        _journal_pending(db, member_id, user_id, job)
    many = len(jobs) > 1
    for group in _pack(jobs):
        commands: dict[str, tuple[str, dict]] = {}
        for index, job in group:
            commands.update(write_commands(job.plan.writes, _prefix(index, many)))
        try:
            results, errors = _send(client, commands, halt)
        except BitrixError as error:  # the whole request failed: nothing ran — or, on a timeout, unknown
            for _, job in group:
                job.status, job.error = FAILED, error
                job.after = {**(job.after or {}), "error": getattr(error, "code", type(error).__name__),
                             "uncertain": isinstance(error, TransportError)}
            continue
        undo = [(job, writes) for index, job in group
                if (writes := _settle(job, _prefix(index, many), results, errors))]
        _roll_back(client, undo)
    for job in jobs:
        job.after = {**(job.after or {}), "status": job.status}
        journal.update_after(db, job.journal_id, job.after)
    return jobs


def apply_one(client: PortalClient, db: sqlite_utils.Database, *, member_id: str, user_id: int | None,
              owner: Owner, plan: Plan, party_title: str) -> PlanJob:
    """One plan from the card tab in one batch (halt on the first refusal); raises WriteFailed if the
    portal refused."""
    job = apply_plans(client, db, member_id=member_id, user_id=user_id,
                      jobs=[PlanJob(owner, plan, party_title)], halt=True)[0]
    if job.status != APPLIED:
        raise WriteFailed(job.error, journal_id=job.journal_id, rolled_back=job.status == FAILED)
    return job


def write_undo(client: PortalClient, writes: Sequence) -> None:
    """Run the writes of an undo in one batch (halt on the first refusal)."""
    client.batch(write_commands(writes), halt=True)

