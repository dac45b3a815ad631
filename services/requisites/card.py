"""The requisites card tab as a service: what the page calls, each step one thin method.

    service = RequisitesService(db=db, member_id=m, client=user_client, source=lambda: make_source(db, m, config),
                                user_id=uid, lang="ru")
    service.card(owner)                                   # one batch read → CardView
    service.search("7707083893")                          # DaData only (cached) → SearchView
    service.preview(owner, key, bik=…, account=…)         # one batch read → PreviewView (diff + both modes)
    service.apply(owner, key, Mode.FILL_EMPTY, …)         # one batch read + journal + one batch write
    service.undo_last(owner)                              # one batch read + one batch write

Order inside `apply`: inputs are validated, then DaData is asked, then the portal is read, the plan
built and journalled, and only then written — so a bad input or a DaData error changes nothing.
`client` should carry the user's own token, so the portal's CRM permissions apply.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import sqlite_utils

from bitrix_client import PortalClient
from requisites.candidates import build_candidates, find_candidate, inn_from_key, kpp_from_key
from requisites.dadata_source import MAX_QUERY_LENGTH, DadataSource
from requisites.mapping import map_bank, map_party
from requisites.model import Candidate, Message, Mode, PortalSnapshot, QueryKind, RequisitesError
from requisites.plans import (build_plan, choose_requisite, preview_fingerprint, require_no_undo_conflicts,
                              undo_plan, written_values)
from requisites.validation import classify_query, require, validate_bik, validate_inn, validate_settlement_account
from services.requisites import views
from services.requisites.portal_io import JOURNAL_KIND, UNDOABLE, Owner, apply_one, read_snapshot, write_undo
from storage import journal

SourceFactory = Callable[[], DadataSource]
NAME_PARTS = ("TITLE", "LAST_NAME", "NAME", "SECOND_NAME")  # a company's title; a contact's full name in that order


def name_of(record: Mapping[str, Any] | None) -> str | None:
    """The record's own name as a registry name query (`suggest/party`), for a card without a known INN."""
    parts = [" ".join(str(record.get(key) or "").split()) for key in NAME_PARTS] if record else []
    name = " ".join(part for part in parts if part)[:MAX_QUERY_LENGTH].strip()
    return name or None


class CandidateNotFound(RequisitesError):
    def __init__(self) -> None:
        super().__init__(Message("Запись не найдена в реестре — повторите поиск.",
                                 "The record is not in the registry any more — search again."))


class BankNotFound(RequisitesError):
    def __init__(self, bik: str) -> None:
        super().__init__(Message(f"Банк с БИК {bik} не найден в справочнике Банка России.",
                                 f"No bank with BIK {bik} in the Bank of Russia directory."))


class ChangedSincePreview(RequisitesError):
    def __init__(self) -> None:
        super().__init__(Message(
            "Пока вы смотрели сравнение, реквизиты этой записи (или данные реестра) изменились. Ничего не "
            "записано — проверьте обновлённое сравнение и нажмите кнопку ещё раз.",
            "While you were looking at the comparison, this record's requisites (or the registry data) changed. "
            "Nothing was written — check the updated comparison and press the button again."))


class NothingToUndo(RequisitesError):
    def __init__(self) -> None:
        super().__init__(Message("Нет изменений, которые можно отменить.", "There is no change to undo."))


class RequisitesService:
    def __init__(self, *, db: sqlite_utils.Database, member_id: str, client: PortalClient,
                 source: DadataSource | SourceFactory, user_id: int | None = None,
                 inn_field: str | None = None, lang: str = "ru"):
        self.db, self.member_id, self.client, self.user_id = db, member_id, client, user_id
        self.inn_field, self.lang = inn_field, lang
        self._source = source

    @property
    def source(self) -> DadataSource:
        """Created on first use: the card view works even when no DaData key is set."""
        if not isinstance(self._source, DadataSource):
            self._source = self._source()
        return self._source

    # ------------------------------------------------------------ steps the page calls

    def card(self, owner: Owner) -> views.CardView:
        """The record itself is read in the same batch: its INN field and its name prefill the search."""
        snapshot, record = read_snapshot(self.client, owner, with_owner=True)
        return views.card_view(snapshot, inn_hint=self._inn_hint(snapshot, record), name_hint=name_of(record),
                               last_change=self._last_change(owner), lang=self.lang)

    def search(self, query: str, *, kpp: str | None = None) -> views.SearchView:
        checked = classify_query(query)
        value = require(checked)
        if checked.kind is QueryKind.NAME:
            suggestions = self.source.suggest_party(value)
        else:
            suggestions = self.source.find_party(value, kpp=kpp)
        candidates = build_candidates(suggestions)
        return views.SearchView(query=value, query_kind=checked.kind.value,
                                candidates=[views.candidate_view(c, self.lang) for c in candidates],
                                more_branches_hint=self._more_branches_hint(candidates))

    def preview(self, owner: Owner, candidate_key: str, *, bik: str | None = None, account: str | None = None,
                requisite_ids: Iterable[str] = (), target_requisite_id: str | None = None) -> views.PreviewView:
        candidate, bank, bank_warnings = self._registry(candidate_key, bik, account)
        snapshot = self._snapshot_for(owner, candidate, bank, requisite_ids, target_requisite_id)
        plans = {mode: build_plan(snapshot, candidate, mode, bank=bank, bank_warnings=bank_warnings, confirmed=True,
                                  target_requisite_id=target_requisite_id) for mode in Mode}
        some = plans[Mode.REPLACE]
        return views.PreviewView(
            candidate=views.candidate_view(candidate, self.lang), target_requisite_id=some.target_requisite_id,
            rows=views.diff_rows(some.diff, plans[Mode.FILL_EMPTY], some, self.lang),
            changes={mode.value: sum(len(v) for v in written_values(plan).values()) for mode, plan in plans.items()},
            warnings=views.texts(some.warnings, self.lang), address_text=map_party(candidate).address_text,
            fingerprint=preview_fingerprint(some))

    def apply(self, owner: Owner, candidate_key: str, mode: Mode | str, *, bik: str | None = None,
              account: str | None = None, confirmed: bool = False, requisite_ids: Iterable[str] = (),
              target_requisite_id: str | None = None, fingerprint: str | None = None) -> views.ApplyResult:
        """Write one mode's plan. With the preview's `fingerprint`, refuse (ChangedSincePreview, nothing
        written) when the fresh read no longer matches what the user was shown."""
        mode = Mode(mode)
        candidate, bank, bank_warnings = self._registry(candidate_key, bik, account)
        snapshot = self._snapshot_for(owner, candidate, bank, requisite_ids, target_requisite_id)
        plan = build_plan(snapshot, candidate, mode, bank=bank, bank_warnings=bank_warnings, confirmed=confirmed,
                          target_requisite_id=target_requisite_id)
        if fingerprint is not None and fingerprint != preview_fingerprint(plan):
            raise ChangedSincePreview()
        if plan.is_empty:
            return views.ApplyResult(journal_id=None, mode=mode.value, requisite_id=target_requisite_id,
                                     created_requisite=False, changed=[], warnings=views.texts(plan.warnings, self.lang))
        job = apply_one(self.client, self.db, member_id=self.member_id, user_id=self.user_id, owner=owner,
                        plan=plan, party_title=candidate.title)
        requisite_id = plan.target_requisite_id or job.after.get("requisite_id")
        return views.ApplyResult(journal_id=job.journal_id, mode=mode.value, requisite_id=requisite_id,
                                 created_requisite=plan.target_requisite_id is None, changed=views.changed_rows(plan, self.lang),
                                 warnings=views.texts(plan.warnings, self.lang))

    def undo_last(self, owner: Owner, *, force: bool = False) -> views.UndoResult:
        entry = journal.last_entry(self.db, self.member_id, JOURNAL_KIND, owner.entity_type, owner.id,
                                   statuses=UNDOABLE)
        if entry is None:
            raise NothingToUndo()
        before, after = entry["before"], entry["after"]
        requisite_id = str(after.get("requisite_id") or (before.get("requisite") or {}).get("id") or "")
        snapshot, _ = read_snapshot(self.client, owner, bank_details_for=[requisite_id] if requisite_id else [])
        if not force:
            require_no_undo_conflicts(after, snapshot)
        writes = undo_plan(entry)
        if writes:
            write_undo(self.client, writes)
        journal.mark_undone(self.db, entry["id"])
        return views.UndoResult(journal_id=entry["id"],
                                restored=[f"{w.op.value} {w.target}" for w in writes])

    # ------------------------------------------------------------ helpers

    def _registry(self, candidate_key: str, bik: str | None, account: str | None
                  ) -> tuple[Candidate, dict[str, str] | None, tuple[Message, ...]]:
        """The picked registry record and, optionally, the bank — inputs checked before any lookup."""
        inn = require(validate_inn(inn_from_key(candidate_key)))
        bank_inputs = None
        if bik or account:
            bank_inputs = (require(validate_bik(bik)), require(validate_settlement_account(account, bik)))
        kpp = kpp_from_key(candidate_key)
        candidate = find_candidate(build_candidates(self.source.find_party(inn, kpp=kpp)), candidate_key)
        if candidate is None:
            raise CandidateNotFound()
        if bank_inputs is None:
            return candidate, None, ()
        found = self.source.find_bank(bank_inputs[0])
        if not found:
            raise BankNotFound(bank_inputs[0])
        fields, warnings = map_bank(found[0], bank_inputs[1])
        return candidate, fields, warnings

    def _snapshot_for(self, owner: Owner, candidate: Candidate, bank: Mapping | None, requisite_ids: Iterable[str],
                      target_requisite_id: str | None) -> PortalSnapshot:
        """One batch; bank details are read for the requisite ids the page already knows. Only if the
        target requisite turns out to be another one is a second read needed."""
        hints = [str(i) for i in requisite_ids] + ([str(target_requisite_id)] if target_requisite_id else [])
        snapshot, _ = read_snapshot(self.client, owner, bank_details_for=hints if bank else [])
        if not bank:
            return snapshot
        target = snapshot.requisite(target_requisite_id) if target_requisite_id else \
            choose_requisite(snapshot, map_party(candidate))  # the same rule the plan applies
        if target is not None and target.id not in snapshot.bank_details_loaded_for:
            snapshot, _ = read_snapshot(self.client, owner, bank_details_for=[target.id])
        return snapshot

    def _inn_hint(self, snapshot: PortalSnapshot, record: Mapping[str, Any] | None) -> str | None:
        values = [r.fields.get("RQ_INN") for r in snapshot.requisites]
        if record and self.inn_field:
            values.append(record.get(self.inn_field))
        for value in values:
            checked = validate_inn(value) if value else None
            if checked is not None and checked.ok:
                return checked.value
        return None

    def _last_change(self, owner: Owner) -> views.LastChange | None:
        entry = journal.last_entry(self.db, self.member_id, JOURNAL_KIND, owner.entity_type, owner.id,
                                   statuses=UNDOABLE)
        return views.last_change(entry) if entry else None

    def _more_branches_hint(self, candidates: tuple[Candidate, ...]) -> str | None:
        main = next((c for c in candidates if c.branch_type == "MAIN" and c.branch_count), None)
        shown = sum(1 for c in candidates if c.branch_type == "BRANCH" and c.inn == (main.inn if main else None))
        if main is None or main.branch_count <= shown:
            return None
        return Message(f"Показано филиалов: {shown} из {main.branch_count}. Чтобы найти нужный, введите его КПП.",
                       f"Showing {shown} of {main.branch_count} branches. Enter a branch's KPP to find it."
                       ).text(self.lang)

