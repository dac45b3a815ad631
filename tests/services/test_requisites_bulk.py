"""The bulk fill over many companies: what is filled, skipped (with reason) and failed; REST and
DaData economy; stop and resume from the saved cursor."""
from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from requisites.checksums import complete_inn10, complete_ogrn
from requisites.dadata_source import QuotaExhausted
from services.requisites.bulk import (BulkReport, BulkStopped, SqliteJobProgress, collect_targets, run_bulk_fill,
                                      run_bulk_fill_job)
from services.requisites import Owner, RequisitesService
from storage import journal
from storage import jobs as job_store
from storage.settings import get_setting, set_setting
from tests.services.requisites_fixtures import DADATA, SBER, client, db, portal, source  # noqa: F401 (fixtures)

LIQUIDATED_INN = complete_inn10("780000009")
UNKNOWN_INN = complete_inn10("780000008")


def party(inn: str, status: str = "ACTIVE") -> dict:
    """A fictional head office shaped like the recorded Sberbank one, with valid control digits."""
    suggestion = copy.deepcopy(SBER["suggestions"][0])
    data = suggestion["data"]
    data.update(inn=inn, ogrn=complete_ogrn("10277" + inn[:7]), kpp=inn[:4] + "01001")
    data["name"]["short_with_opf"] = f'ООО "ФИРМА {inn}"'
    data["name"]["full_with_opf"] = f'ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "ФИРМА {inn}"'
    data["state"]["status"] = status
    return suggestion


class Registry:
    """DaData stand-in behind pytest-httpx: answers findById/party by INN and counts calls per INN."""

    def __init__(self, inns):
        self.parties = {inn: [party(inn)] for inn in inns}
        self.parties[LIQUIDATED_INN] = [party(LIQUIDATED_INN, "LIQUIDATED")]
        self.calls: list[str] = []
        self.quota_after: int | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        query = json.loads(request.content)["query"]
        self.calls.append(query)
        if self.quota_after is not None and len(self.calls) > self.quota_after:
            return httpx.Response(403, json={"message": "Feature 'SUGGESTIONS' disabled for token 'x'"})
        return httpx.Response(200, json={"suggestions": self.parties.get(query, [])})


class MemoryProgress:
    def __init__(self, stop_after_saves: int | None = None):
        self.checkpoint = None
        self.saves: list[tuple[int, int]] = []
        self.stop_after_saves = stop_after_saves

    def load_checkpoint(self):
        return copy.deepcopy(self.checkpoint)

    def save(self, done, total, checkpoint):
        self.saves.append((done, total))
        self.checkpoint = copy.deepcopy(checkpoint)

    def stop_requested(self):
        return self.stop_after_saves is not None and len(self.saves) >= self.stop_after_saves

    def clear_checkpoint(self):
        self.checkpoint = None


COMPANIES = 120
SHARED_INNS = [complete_inn10(f"77{n:07d}") for n in range(1, 31)]  # 30 distinct INNs over 120 companies


@pytest.fixture
def crm(portal):
    """Companies 1..120: most have a requisite with only an INN (repeated across companies); some are
    complete, some have a broken INN, some an INN only in UF_CRM_INN, one liquidated, one unknown."""
    for number in range(1, COMPANIES + 1):
        cid = str(number)
        portal.add_company(cid)
        inn = SHARED_INNS[number % len(SHARED_INNS)]
        if number % 10 == 0:      # complete already
            full = {"RQ_INN": inn, "RQ_KPP": inn[:4] + "01001", "RQ_OGRN": "1", "RQ_COMPANY_NAME": "x",
                    "RQ_COMPANY_FULL_NAME": "x", "RQ_COMPANY_REG_DATE": "01.01.2000", "RQ_DIRECTOR": "x"}
            portal.add_address(portal.add_requisite(4, cid, **full), CITY="Москва")
        elif number % 10 == 1:    # INN with a typo
            portal.add_requisite(4, cid, RQ_INN=inn[:-1] + str((int(inn[-1]) + 1) % 10))
        elif number % 10 == 2:    # INN only in a company field
            portal.companies[cid]["UF_CRM_INN"] = inn
        elif number == 3:
            portal.add_requisite(4, cid, RQ_INN=LIQUIDATED_INN)
        elif number == 4:
            portal.add_requisite(4, cid, RQ_INN=UNKNOWN_INN)
        else:
            portal.add_requisite(4, cid, RQ_INN=inn)
    portal.add_company("9999")  # no INN anywhere: not part of the job
    return portal


@pytest.fixture
def registry(httpx_mock):
    stand_in = Registry(SHARED_INNS)
    httpx_mock.add_callback(stand_in, url=DADATA + "findById/party", is_reusable=True)
    return stand_in


def run(client, source, db, progress, **kwargs):  # noqa: F811
    return run_bulk_fill(client, source, db, member_id="m1", user_id=1, progress=progress,
                         inn_field="UF_CRM_INN", **kwargs)


def test_the_report_names_every_company_by_its_title_read_with_its_chunk(crm, client, source, db, registry):  # noqa: F811
    crm.companies["5"]["TITLE"] = "ООО «Ромашка» <b>"
    report = run(client, source, db, MemoryProgress())
    rows = report.filled + report.skipped + report.failed
    assert len(rows) == COMPANIES and all(row["title"] == f"Company {row['company_id']}" for row in rows
                                          if row["company_id"] != "5")
    assert next(row for row in report.filled if row["company_id"] == "5")["title"] == "ООО «Ромашка» <b>"
    # the titles came with the address reads: one batch per chunk of ≤50 companies, not a request more
    reads = [b for b in crm.batches if "crm.address.list" in b]
    assert len(reads) == 3 and all(sorted(b) == ["crm.address.list", "crm.company.list"] for b in reads)


def test_companies_with_an_inn_are_collected_in_id_order(crm, client):  # noqa: F811
    targets = collect_targets(client, "UF_CRM_INN")
    assert [int(t.company_id) for t in targets] == list(range(1, COMPANIES + 1))
    assert targets[0].inn is None and targets[1].inn == SHARED_INNS[2] and targets[1].source_requisite is None


def test_bulk_fill_reports_filled_skipped_with_reason_and_costs_little(crm, client, source, db, registry):  # noqa: F811
    report = run(client, source, db, MemoryProgress())
    reasons = {}
    for item in report.skipped:
        reasons.setdefault(item["reason"], []).append(int(item["company_id"]))
    assert reasons["complete"] == list(range(10, COMPANIES + 1, 10))
    assert reasons["invalid_inn"] == list(range(1, COMPANIES, 10))
    assert reasons["not_active"] == [3] and reasons["not_found"] == [4]
    assert len(report.filled) == COMPANIES - 12 - 12 - 2 and report.failed == []
    filled_ids = {int(f["company_id"]) for f in report.filled}
    for cid in (5, 12, 119):
        assert cid in filled_ids
        (requisite,) = crm.requisites_of(4, str(cid))
        assert requisite["RQ_OGRN"] and crm.address_of(requisite["ID"])["CITY"] == "Москва"
    # DaData: one call per distinct INN looked up, not per company
    assert sorted(registry.calls) == sorted(set(registry.calls))
    looked_up = {SHARED_INNS[n % len(SHARED_INNS)] for n in range(1, COMPANIES + 1) if n % 10 not in (0, 1)
                 and n not in (3, 4)} | {LIQUIDATED_INN, UNKNOWN_INN}
    assert set(registry.calls) == looked_up
    # REST: presets, requisites and companies through the ID cursor, then per chunk one address read and
    # write batches of ≤50 commands — far below one request per company
    assert crm.http_requests <= 25
    writes = [m for m in crm.methods() if m.endswith(".add") or m.endswith(".update")]
    assert len(writes) >= len(report.filled)
    write_batches = [len(b) for b in crm.batches if all(m.endswith((".add", ".update")) for m in b)]
    assert sum(write_batches) == len(writes) and max(write_batches) == 50  # every write went in a batch of ≤50
    assert len(write_batches) <= 2 * 3  # 120 companies = 3 chunks of ≤50, each written in one or two batches


def test_the_card_tells_a_change_made_by_the_bulk_fill(crm, client, source, db, registry):  # noqa: F811
    run(client, source, db, MemoryProgress())
    service = RequisitesService(db=db, member_id="m1", client=client, source=source, user_id=7)
    change = service.card(Owner.company("5")).last_change
    assert (change.mode, change.bulk, change.inn, change.user_id) == ("fill_empty", True, SHARED_INNS[5], 1)
    assert change.title == f"ООО «ФИРМА {SHARED_INNS[5]}»"


def test_a_company_whose_inn_is_only_in_the_field_gets_a_new_requisite(crm, client, source, db, registry):  # noqa: F811
    run(client, source, db, MemoryProgress())
    (requisite,) = crm.requisites_of(4, "12")
    assert requisite["RQ_INN"] == crm.companies["12"]["UF_CRM_INN"] and requisite["PRESET_ID"] == "21"


def test_stop_and_resume_continue_from_the_cursor_without_redoing_work(crm, client, source, db, registry):  # noqa: F811
    progress = MemoryProgress(stop_after_saves=1)
    with pytest.raises(BulkStopped) as stopped:
        run(client, source, db, progress)
    assert stopped.value.state == job_store.CANCELLED
    cursor = progress.checkpoint["cursor"]
    first = len(progress.checkpoint["report"]["filled"])
    assert 0 < cursor < COMPANIES and first > 0
    journal_rows = db["journal"].count
    progress.stop_after_saves = None
    report = run(client, source, db, progress)
    assert progress.checkpoint is None
    assert len(report.filled) == COMPANIES - 26
    assert db["journal"].count == len(report.filled) and db["journal"].count > journal_rows
    assert sorted(int(f["company_id"]) for f in report.filled) == sorted({int(f["company_id"]) for f in report.filled})


def test_quota_exhausted_stops_the_run_keeps_the_checkpoint_and_resume_finishes(crm, client, source, db, registry):  # noqa: F811
    registry.quota_after = 5
    progress = MemoryProgress()
    with pytest.raises(BulkStopped) as stopped:
        run(client, source, db, progress)
    assert stopped.value.state == job_store.FAILED and isinstance(stopped.value.error, QuotaExhausted)
    filled_before = {f["company_id"] for f in progress.checkpoint["report"]["filled"]}
    untouched = [cid for cid in range(40, 100) if cid % 10 not in (0, 1, 2)]
    assert all(not any(r.get("RQ_OGRN") for r in crm.requisites_of(4, str(cid))) for cid in untouched)
    registry.quota_after = None
    report = run(client, source, db, progress)
    assert filled_before <= {f["company_id"] for f in report.filled}
    assert len(report.filled) == COMPANIES - 26


def test_job_function_records_progress_and_the_final_report(crm, client, source, db, registry):  # noqa: F811
    job, created = job_store.start_job(db, "m1", "requisites_bulk_fill", started_by=1)
    report = run_bulk_fill_job(db, job["id"], client=client, source=source, member_id="m1", user_id=1,
                               inn_field="UF_CRM_INN")
    stored = job_store.get_job(db, job["id"])
    assert created and stored["state"] == job_store.DONE
    assert stored["done"] == stored["total"] == COMPANIES
    assert stored["result"]["counts"] == BulkReport.from_dict(report.to_dict()).to_dict()["counts"]
    assert get_setting(db, "m1", "requisites_bulk_checkpoint") is None


def test_cancel_request_stops_the_job_with_its_checkpoint_saved(crm, client, source, db):  # noqa: F811
    job, _ = job_store.start_job(db, "m1", "requisites_bulk_fill", started_by=1)
    job_store.request_cancel(db, job["id"])
    run_bulk_fill_job(db, job["id"], client=client, source=source, member_id="m1", user_id=1, inn_field="UF_CRM_INN")
    stored = job_store.get_job(db, job["id"])
    assert stored["state"] == job_store.CANCELLED and "продолжить" in stored["result"]["stopped_by"]["ru"]
    assert SqliteJobProgress(db, "m1", job["id"]).load_checkpoint() is None  # stopped before the first chunk
    assert db["journal"].count == 0


def test_portal_refusal_ends_the_job_as_failed_with_the_portals_words(crm, client, source, db):  # noqa: F811
    crm.refuse["crm.requisite.list"] = "ACCESS_DENIED"
    job, _ = job_store.start_job(db, "m1", "requisites_bulk_fill", started_by=1)
    run_bulk_fill_job(db, job["id"], client=client, source=source, member_id="m1", user_id=1)
    stored = job_store.get_job(db, job["id"])
    assert stored["state"] == job_store.FAILED
    assert stored["result"]["stopped_by"]["ru"] and stored["result"]["stopped_by"]["en"]
    assert db["journal"].count == 0


def test_a_worker_taken_as_lost_stops_and_leaves_the_newer_runs_checkpoint_alone(crm, client, source, db):  # noqa: F811
    job, _ = job_store.start_job(db, "m1", "requisites_bulk_fill", started_by=1)
    job_store.report_progress(db, job["id"], 0)
    long_ago = datetime.now(timezone.utc) - timedelta(seconds=job_store.STALE_AFTER_SECONDS[job_store.RUNNING] + 60)
    db["jobs"].update(job["id"], {"updated_at": long_ago.isoformat(timespec="seconds")})
    newer, created = job_store.start_job(db, "m1", "requisites_bulk_fill", started_by=1)
    newer_checkpoint = {"cursor": 60, "report": {}}
    set_setting(db, "m1", "requisites_bulk_checkpoint", newer_checkpoint)

    run_bulk_fill_job(db, job["id"], client=client, source=source, member_id="m1", user_id=1)  # the old one wakes

    assert created and job_store.get_job(db, job["id"])["message"] == job_store.WORKER_LOST
    assert job_store.get_job(db, newer["id"])["state"] == job_store.QUEUED
    assert get_setting(db, "m1", "requisites_bulk_checkpoint") == newer_checkpoint
    assert db["journal"].count == 0


def test_a_refused_write_rolls_back_only_its_own_company_in_a_shared_batch(portal, client, source, db, registry):  # noqa: F811
    portal.add_company("1")
    portal.add_company("2")
    with_address = portal.add_requisite(4, "1", RQ_INN=SHARED_INNS[0])
    portal.add_address(with_address, CITY="Москва", ADDRESS_1="ул Вавилова, д 19")
    without_address = portal.add_requisite(4, "2", RQ_INN=SHARED_INNS[1])
    before = copy.deepcopy(portal.requisites_of(4, "2"))
    portal.refuse["crm.address.add"] = "ERROR_CORE"  # only company 2's plan needs an address
    report = run(client, source, db, MemoryProgress())
    assert any(batch.count("crm.requisite.update") == 2 for batch in portal.batches)  # both plans in one batch
    assert [row["company_id"] for row in report.filled] == ["1"] and portal.requisites_of(4, "1")[0]["RQ_OGRN"]
    (failed,) = report.failed
    assert failed["company_id"] == "2" and failed["status"] == "failed"
    filled_in = [{k: v for k, v in r.items() if v != ""} for r in portal.requisites_of(4, "2")]  # undone = blank again
    assert filled_in == before and portal.address_of(without_address) is None
    assert journal.get_entry(db, failed["journal_id"])["after"]["rolled_back"] is True
