"""«Заполнить реквизиты у всех компаний»: a background job over every company that has an INN (in a
requisite or in a configured company field) but lacks requisite fields or a legal address.

REST economy: the preset list (1 request), every company requisite through the ID cursor
(`iter_list`, 2,500 rows per request), the company INN field the same way when configured; then per
chunk of ≤50 companies one batch reading their legal addresses and their titles (for the report), and
the plans written in batches of ≤50 commands. DaData: one call per distinct INN (the registry cache); head offices are
taken unless the requisite names a branch's KPP. Only FILL_EMPTY is used, and a party that is not
ACTIVE is skipped (it needs a person's confirmation in the card).

Stop and resume: the cursor (last company id done) and the report so far are saved after every
chunk; a run started later continues from there. A DaData key/quota problem stops the run the
same way, so it can be resumed once fixed.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import sqlite_utils

from bitrix_client import BitrixError, PortalClient
from requisites.candidates import build_candidates
from requisites.commands import READ_KEYS, list_rows, presets_command, snapshot_from_results
from requisites.dadata_source import DadataSource, RegistryError
from requisites.diff import is_blank
from requisites.model import (
    ADDRESS_LEGAL, ENTITY_REQUISITE, OWNER_COMPANY, Candidate, Message, Mode, PartyKind, PartyStatus, PortalSnapshot,
    PresetNotFound, RequisitesError,
)
from requisites.plans import build_plan, written_values
from requisites.validation import validate_inn, validate_kpp
from services.requisites.portal_io import APPLIED, MAX_BATCH, ORIGIN_BULK, Owner, PlanJob, apply_plans
from storage import jobs as job_store
from storage.settings import delete_setting, get_setting, set_setting

JOB_KIND = "requisites_bulk_fill"
CHECKPOINT_SETTING = "requisites_bulk_checkpoint"
CORE_FIELDS = {
    PartyKind.LEGAL: ("RQ_COMPANY_NAME", "RQ_COMPANY_FULL_NAME", "RQ_INN", "RQ_KPP", "RQ_OGRN",
                      "RQ_COMPANY_REG_DATE", "RQ_DIRECTOR"),
    PartyKind.INDIVIDUAL: ("RQ_LAST_NAME", "RQ_FIRST_NAME", "RQ_INN", "RQ_OGRNIP"),
}
REASONS = {
    "complete": Message("Реквизиты уже заполнены.", "Requisites are already complete."),
    "nothing_to_fill": Message("Пустых полей, которые знает реестр, нет.", "No empty field the registry knows."),
    "invalid_inn": Message("ИНН в карточке с ошибкой.", "The INN in the card is not valid."),
    "not_found": Message("ИНН не найден в реестре.", "The INN is not in the registry."),
    "not_active": Message("Организация не действует — заполните её вручную из карточки.",
                          "The party is not active — fill it from its card after checking."),
}


@dataclass
class Target:
    company_id: str
    inn: str | None
    kpp: str | None
    requisites: list[dict[str, Any]]
    source_requisite: dict[str, Any] | None  # the requisite the INN came from (None: the company field)
    title: str | None = None                 # the company's TITLE, read with its chunk, for the report


@dataclass
class BulkReport:
    filled: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)

    def skip(self, target: Target, reason: str, message: Message | None = None) -> None:
        text = message or REASONS[reason]
        self.skipped.append({"company_id": target.company_id, "title": target.title, "inn": target.inn,
                             "reason": reason, "message": {"ru": text.ru, "en": text.en}})

    def to_dict(self) -> dict[str, Any]:
        return {"filled": self.filled, "skipped": self.skipped, "failed": self.failed,
                "counts": {"filled": len(self.filled), "skipped": len(self.skipped), "failed": len(self.failed)}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> BulkReport:
        data = data or {}
        return cls(list(data.get("filled", [])), list(data.get("skipped", [])), list(data.get("failed", [])))


class JobProgress(Protocol):
    def load_checkpoint(self) -> dict[str, Any] | None: ...
    def save(self, done: int, total: int, checkpoint: dict[str, Any]) -> None: ...
    def stop_requested(self) -> bool: ...
    def clear_checkpoint(self) -> None: ...


class SqliteJobProgress:
    """Progress in the `jobs` row (storage.jobs); the resumable checkpoint in the portal's settings,
    so a job started after a stop continues where the previous one ended.

    Once the job has ended under this worker (taken as lost after a long silence, see storage.jobs)
    the checkpoint is no longer touched — a newer run may own it — and the run is asked to stop."""

    def __init__(self, db: sqlite_utils.Database, member_id: str, job_id: str):
        self.db, self.member_id, self.job_id = db, member_id, job_id
        self.ended = False

    def load_checkpoint(self) -> dict[str, Any] | None:
        return get_setting(self.db, self.member_id, CHECKPOINT_SETTING)

    def save(self, done: int, total: int, checkpoint: dict[str, Any]) -> None:
        counts = BulkReport.from_dict(checkpoint.get("report")).to_dict()["counts"]
        self.ended = not job_store.report_progress(
            self.db, self.job_id, done, total,
            message=f"filled {counts['filled']}, skipped {counts['skipped']}, failed {counts['failed']}")
        if not self.ended:
            set_setting(self.db, self.member_id, CHECKPOINT_SETTING, checkpoint)

    def stop_requested(self) -> bool:
        job = job_store.get_job(self.db, self.job_id)
        self.ended = self.ended or job is None or job["state"] not in job_store.ACTIVE_STATES
        return self.ended or bool(job["cancel_requested"])

    def clear_checkpoint(self) -> None:
        if not self.ended:
            delete_setting(self.db, self.member_id, CHECKPOINT_SETTING)


class BulkStopped(Exception):
    """The run ended early (stop requested, or DaData refused); the checkpoint is saved."""

    def __init__(self, state: str, report: BulkReport, error: RequisitesError | None = None):
        super().__init__(state)
        self.state, self.report, self.error = state, report, error


# ---------------------------------------------------------------- collecting the companies

def _valid_inn(value: Any) -> str | None:
    checked = validate_inn(value) if not is_blank(value) else None
    return checked.value if checked is not None and checked.ok else None


def _target(company_id: str, requisites: list[dict], field_value: Any) -> Target | None:
    usable = [r for r in requisites if str(r.get("ADDRESS_ONLY") or "N") != "Y"]
    for requisite in usable:
        inn = _valid_inn(requisite.get("RQ_INN"))
        if inn:
            kpp_check = validate_kpp(requisite.get("RQ_KPP")) if not is_blank(requisite.get("RQ_KPP")) else None
            kpp = kpp_check.value if kpp_check is not None and kpp_check.ok and len(inn) == 10 else None
            return Target(company_id, inn, kpp, usable, requisite)
    inn = _valid_inn(field_value)
    if inn:
        return Target(company_id, inn, None, usable, None)
    if any(not is_blank(r.get("RQ_INN")) for r in usable) or not is_blank(field_value):
        return Target(company_id, None, None, usable, None)  # has an INN, but a broken one
    return None


def collect_targets(client: PortalClient, inn_field: str | None = None) -> list[Target]:
    """Every company with an INN (valid or not), ascending by id."""
    by_company: dict[str, list[dict]] = {}
    for requisite in client.iter_list("crm.requisite.list", filter={"ENTITY_TYPE_ID": OWNER_COMPANY}):
        by_company.setdefault(str(requisite.get("ENTITY_ID")), []).append(requisite)
    field_values: dict[str, Any] = {}
    if inn_field:
        for company in client.iter_list("crm.company.list", select=["ID", inn_field]):
            if not is_blank(company.get(inn_field)):
                field_values[str(company["ID"])] = company.get(inn_field)
    ids = sorted(set(by_company) | set(field_values), key=int)
    return [t for cid in ids if (t := _target(cid, by_company.get(cid, []), field_values.get(cid)))]


def _chunks(targets: Sequence[Target]) -> Iterator[list[Target]]:
    """≤50 companies and ≤50 requisites per chunk, so one address page covers the chunk."""
    chunk: list[Target] = []
    requisites = 0
    for target in targets:
        count = len(target.requisites)
        if chunk and (len(chunk) >= MAX_BATCH or requisites + count > MAX_BATCH):
            yield chunk
            chunk, requisites = [], 0
        chunk.append(target)
        requisites += count
    if chunk:
        yield chunk


# ---------------------------------------------------------------- one company

def _looks_complete(target: Target, snapshot: PortalSnapshot) -> bool:
    requisite = target.source_requisite
    if requisite is None or target.inn is None:
        return False
    kind = PartyKind.INDIVIDUAL if len(target.inn) == 12 else PartyKind.LEGAL
    address = snapshot.address_of(str(requisite.get("ID")), ADDRESS_LEGAL)
    has_address = address is not None and not (is_blank(address.parts.get("ADDRESS_1"))
                                                and is_blank(address.parts.get("CITY")))
    return has_address and all(not is_blank(requisite.get(f)) for f in CORE_FIELDS[kind])


def _pick(source: DadataSource, target: Target) -> Candidate | None:
    candidates = build_candidates(source.find_party(target.inn, kpp=target.kpp))
    if target.kpp:
        return next((c for c in candidates if c.kpp == target.kpp), None)
    preferred = [c for c in candidates if c.branch_type in ("MAIN", None)]
    return (preferred or list(candidates) or [None])[0]


def _plan_for(target: Target, snapshot: PortalSnapshot, source: DadataSource, report: BulkReport) -> PlanJob | None:
    if target.inn is None:
        report.skip(target, "invalid_inn")
        return None
    if _looks_complete(target, snapshot):
        report.skip(target, "complete")
        return None
    candidate = _pick(source, target)
    if candidate is None:
        report.skip(target, "not_found")
        return None
    if candidate.status != PartyStatus.ACTIVE:
        report.skip(target, "not_active", candidate.warning)
        return None
    plan = build_plan(snapshot, candidate, Mode.FILL_EMPTY)
    if plan.is_empty:
        report.skip(target, "nothing_to_fill")
        return None
    return PlanJob(Owner.company(target.company_id), plan, candidate.title, origin=ORIGIN_BULK)


def _snapshot(target: Target, addresses: list[Mapping[str, Any]], presets: tuple) -> PortalSnapshot:
    """The card's parser over rows this run already holds: the company's requisites and its chunk's addresses."""
    return snapshot_from_results(OWNER_COMPANY, target.company_id, {
        READ_KEYS["requisites"]: target.requisites, READ_KEYS["addresses"]: addresses}, presets=presets)


def _read_chunk(client: PortalClient, chunk: Sequence[Target]) -> list[Mapping[str, Any]]:
    """ONE batch (≤50 companies, ≤50 requisites: one page each): the legal addresses of the chunk's
    requisites, returned, and the companies' titles, put on their targets."""
    commands = {"titles": ("crm.company.list", {"filter": {"@ID": [t.company_id for t in chunk]},
                                                 "select": ["ID", "TITLE"]})}
    ids = sorted({str(r.get("ID")) for t in chunk for r in t.requisites}, key=int)
    if ids:
        commands["addresses"] = ("crm.address.list", {"filter": {
            "ENTITY_TYPE_ID": ENTITY_REQUISITE, "TYPE_ID": ADDRESS_LEGAL, "@ENTITY_ID": ids}})
    results = client.batch(commands)
    titles = {str(c.get("ID")): str(c.get("TITLE") or "").strip() for c in list_rows(results["titles"])}
    for target in chunk:
        target.title = titles.get(target.company_id) or None
    return list_rows(results.get("addresses"))


def _record(report: BulkReport, jobs: Sequence[PlanJob], processed: Mapping[str, Target]) -> None:
    for job in jobs:
        target = processed[job.owner.id]
        entry = {"company_id": job.owner.id, "title": target.title, "inn": target.inn, "journal_id": job.journal_id}
        if job.status == APPLIED:
            report.filled.append({**entry, "fields": sorted(f"{s}.{n}" for s, v in written_values(job.plan).items()
                                                              for n in v)})
        else:
            error = job.error
            report.failed.append({**entry, "status": job.status, "code": getattr(error, "code", None),
                                  "message": {"ru": error.user_message("ru") if error else "",
                                              "en": error.user_message("en") if error else ""}})


# ---------------------------------------------------------------- the run

def run_bulk_fill(client: PortalClient, source: DadataSource, db: sqlite_utils.Database, *, member_id: str,
                  user_id: int | None, progress: JobProgress, inn_field: str | None = None) -> BulkReport:
    """Run (or resume) the bulk fill; raises BulkStopped when stopped early, with the checkpoint saved."""
    presets = tuple(client.call(*presets_command()) or ())
    targets = collect_targets(client, inn_field)
    checkpoint = progress.load_checkpoint() or {}
    report = BulkReport.from_dict(checkpoint.get("report"))
    cursor = int(checkpoint.get("cursor") or 0)
    pending = [t for t in targets if int(t.company_id) > cursor]
    done, total = len(targets) - len(pending), len(targets)
    for chunk in _chunks(pending):
        if progress.stop_requested():
            raise BulkStopped(job_store.CANCELLED, report)
        addresses = _read_chunk(client, chunk)
        jobs: list[PlanJob] = []
        stop: RequisitesError | None = None
        processed: list[Target] = []
        for target in chunk:
            try:
                job = _plan_for(target, _snapshot(target, addresses, presets), source, report)
            except (RegistryError, PresetNotFound) as error:  # affects every company: stop, resume later
                stop = error
                break
            processed.append(target)
            if job is not None:
                jobs.append(job)
        written = apply_plans(client, db, member_id=member_id, user_id=user_id, jobs=jobs)
        _record(report, written, {t.company_id: t for t in processed})
        done += len(processed)
        if processed:
            cursor = int(processed[-1].company_id)
        progress.save(done, total, {"cursor": cursor, "report": report.to_dict()})
        if stop is not None:
            raise BulkStopped(job_store.FAILED, report, stop)
    progress.clear_checkpoint()
    return report


def run_bulk_fill_job(db: sqlite_utils.Database, job_id: str, *, client: PortalClient, source: DadataSource,
                      member_id: str, user_id: int | None, inn_field: str | None = None) -> BulkReport:
    """The huey task body: runs the fill and records the job's final state, report and — when it ended
    early — why, in ru and en (`result["stopped_by"]`)."""
    progress = SqliteJobProgress(db, member_id, job_id)
    try:
        report = run_bulk_fill(client, source, db, member_id=member_id, user_id=user_id, progress=progress,
                               inn_field=inn_field)
    except BulkStopped as stopped:
        reason = stopped.error.message if stopped.error else STOPPED_ON_REQUEST
        _finish(db, job_id, stopped.state, stopped.report, reason)
        return stopped.report
    except BitrixError as error:  # e.g. the admin's token lost its rights: the report so far stays resumable
        report = BulkReport.from_dict((progress.load_checkpoint() or {}).get("report"))
        _finish(db, job_id, job_store.FAILED, report,
                Message(error.user_message("ru"), error.user_message("en")))
        return report
    job_store.finish_job(db, job_id, job_store.DONE, result=report.to_dict())
    return report


STOPPED_ON_REQUEST = Message("Остановлено. Запустите снова, чтобы продолжить с того же места.",
                             "Stopped. Start again to continue where it stopped.")


def _finish(db: sqlite_utils.Database, job_id: str, state: str, report: BulkReport, reason: Message) -> None:
    result = {**report.to_dict(), "stopped_by": {"ru": reason.ru, "en": reason.en}}
    job_store.finish_job(db, job_id, state, result=result, message=reason.ru)
