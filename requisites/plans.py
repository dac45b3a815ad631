"""Write plans — «fill empty» and «replace» — with the before-snapshot, and the undo of a plan.

A plan is data: which requisite to create or update, whether the legal address is added or
updated, whether a bank detail is added or updated, and the previous values of everything it
touches. `commands.py` turns the writes into one batch; `undo_writes()` turns a journal entry back
into writes that restore the previous values and delete what the fill created.

Rules:
* the requisite is matched by INN (+KPP for branches); a new one is created when none matches;
* FILL_EMPTY writes only fields the portal leaves empty, REPLACE every field the registry has;
* the legal address is one value (its parts belong together): FILL_EMPTY writes it only where the
  portal has none, REPLACE rewrites it — but never with the city-only address the registry keeps
  for entrepreneurs over a fuller one;
* a party that is not ACTIVE is never planned without `confirmed=True`.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

from requisites.diff import ADDRESS_PARTS, diff_fields, is_blank
from requisites.mapping import map_party, resolve_preset
from requisites.model import (
    ADDRESS_LEGAL, NEW_REQUISITE, Candidate, ConfirmationRequired,
    FieldDiff, FieldState, InvalidInput, Message, Mode, Op, Plan, PortalBankDetail, PortalRequisite,
    PortalSnapshot, Proposal, Section, UndoConflict, Write,
)

__all__ = ["build_plan", "choose_requisite", "preview_fingerprint", "undo_plan", "undo_writes", "written_values",
           "undo_conflicts", "require_no_undo_conflicts"]

_WRITES_IN = {
    Mode.FILL_EMPTY: {FieldState.EMPTY},
    Mode.REPLACE: {FieldState.EMPTY, FieldState.DIFFERENT, FieldState.FORMAT},
}


def _digits(value: Any) -> str:
    return "".join(ch for ch in str(value or "") if ch.isdigit())


def _usable(requisites: tuple[PortalRequisite, ...]) -> list[PortalRequisite]:
    return [r for r in requisites if str(r.fields.get("ADDRESS_ONLY") or "N") != "Y"]


def choose_requisite(snapshot: PortalSnapshot, proposal: Proposal) -> PortalRequisite | None:
    """The portal requisite this registry record belongs to, or None (→ create one).

    Same INN and same KPP (or no KPP on the portal side) wins; then the one requisite with no INN
    at all, which someone started and left blank.
    """
    usable = _usable(snapshot.requisites)
    same_inn = [r for r in usable if _digits(r.fields.get("RQ_INN")) == proposal.inn]
    kpp = proposal.kpp or ""
    for wanted in (lambda r: str(r.fields.get("RQ_KPP") or "") == kpp,
                   lambda r: is_blank(r.fields.get("RQ_KPP"))):
        found = [r for r in same_inn if wanted(r)]
        if found:
            return found[0]
    blank = [r for r in usable if is_blank(r.fields.get("RQ_INN"))]
    return blank[0] if len(blank) == 1 else None


def _chosen_target(snapshot: PortalSnapshot, proposal: Proposal, target_id: str | None) -> PortalRequisite | None:
    if target_id is None:
        return choose_requisite(snapshot, proposal)
    target = snapshot.requisite(target_id)
    if target is None:
        raise InvalidInput(Message(f"Реквизит {target_id} не найден у этой записи CRM.",
                                   f"Requisite {target_id} does not belong to this CRM record."))
    held = _digits(target.fields.get("RQ_INN"))
    if held and held != proposal.inn:
        raise InvalidInput(Message(
            f"В выбранном реквизите ИНН {held}, а в реестре — {proposal.inn}. Выберите другой реквизит.",
            f"The chosen requisite holds INN {held} but the registry record is {proposal.inn}. Pick another one."))
    return target


def _address_writes(proposal: Proposal, current: Mapping[str, Any] | None, mode: Mode
                    ) -> tuple[tuple[FieldDiff, ...], bool]:
    """(diff rows, whether the address is written)."""
    if not proposal.address:
        return (), False
    rows = diff_fields(Section.ADDRESS, current, proposal.address, names=ADDRESS_PARTS)
    portal_blank = current is None or all(is_blank(current.get(p)) for p in ADDRESS_PARTS)
    if portal_blank:
        return rows, True
    if mode is Mode.FILL_EMPTY:
        return rows, False
    fuller_on_portal = proposal.address_is_partial and not is_blank(current.get("ADDRESS_1"))
    return rows, not fuller_on_portal and any(r.state is not FieldState.SAME for r in rows)


def _matching_bank_detail(snapshot: PortalSnapshot, requisite_id: str, bank: Mapping[str, str]
                          ) -> PortalBankDetail | None:
    if requisite_id not in snapshot.bank_details_loaded_for:
        raise ValueError(f"bank details of requisite {requisite_id} were not read; cannot plan safely")
    account = _digits(bank.get("RQ_ACC_NUM"))
    return next((b for b in snapshot.bank_details_of(requisite_id)
                 if _digits(b.fields.get("RQ_ACC_NUM")) == account), None)


def _full_address(parts: Mapping[str, str]) -> dict[str, str]:
    """Every part, blank where the registry has none: a rewritten address keeps no stale office number."""
    return {p: parts.get(p, "") for p in ADDRESS_PARTS}


def _previous(fields: Mapping[str, Any], names) -> dict[str, Any]:
    return {n: (None if is_blank(fields.get(n)) else fields.get(n)) for n in names}


def _owner_fields(snapshot: PortalSnapshot, preset: Mapping[str, Any], proposal: Proposal) -> dict[str, Any]:
    return {"ENTITY_TYPE_ID": snapshot.owner_type_id, "ENTITY_ID": snapshot.owner_id,
            "PRESET_ID": str(preset.get("ID")), "NAME": proposal.requisite_name}


def _preset_warning(target: PortalRequisite | None, preset: Mapping[str, Any]) -> tuple[Message, ...]:
    if target is None or target.preset_id in (None, "", str(preset.get("ID"))):
        return ()
    return (Message(
        f"Реквизит создан по другому шаблону (ID {target.preset_id}); поля, которых нет в шаблоне, "
        "сохранятся, но в карточке не будут видны.",
        f"The requisite uses another preset (ID {target.preset_id}); fields outside that preset are "
        "stored but not shown in the card."),)


Part = tuple[tuple[FieldDiff, ...], list[Write], dict[str, Any] | None]  # diff rows, writes, before-entry


def _bank_part(snapshot: PortalSnapshot, target: PortalRequisite | None, proposal: Proposal, mode: Mode,
               country_id: str) -> Part:
    if not proposal.bank:
        return (), [], None
    existing = _matching_bank_detail(snapshot, target.id, proposal.bank) if target else None
    if existing is None:
        rows = diff_fields(Section.BANK, None, proposal.bank)
        fields = {"COUNTRY_ID": country_id, **proposal.bank}
        return rows, [Write(Op.BANK_DETAIL_ADD, target.id if target else NEW_REQUISITE, fields)], {"id": None}
    updatable = {k: v for k, v in proposal.bank.items() if k != "NAME"}  # NAME is the user's label
    rows = diff_fields(Section.BANK, existing.fields, updatable)
    changed = {r.field: r.proposed for r in rows if r.state in _WRITES_IN[mode]}
    if not changed:
        return rows, [], None
    before = {"id": existing.id, "fields": _previous(existing.fields, changed)}
    return rows, [Write(Op.BANK_DETAIL_UPDATE, existing.id, changed)], before


def _requisite_part(snapshot: PortalSnapshot, target: PortalRequisite | None, preset: Mapping[str, Any],
                    proposal: Proposal, mode: Mode) -> Part:
    rows = diff_fields(Section.REQUISITE, target.fields if target else None, proposal.requisite)
    if target is None:
        fields = {**_owner_fields(snapshot, preset, proposal), **proposal.requisite}
        return rows, [Write(Op.REQUISITE_ADD, None, fields)], {"id": None}
    changed = {r.field: r.proposed for r in rows if r.state in _WRITES_IN[mode]}
    if not changed:
        return rows, [], None
    return rows, [Write(Op.REQUISITE_UPDATE, target.id, changed)], {"id": target.id,
                                                                      "fields": _previous(target.fields, changed)}


def _address_part(snapshot: PortalSnapshot, target: PortalRequisite | None, proposal: Proposal, mode: Mode) -> Part:
    current = snapshot.address_of(target.id) if target else None
    rows, write = _address_writes(proposal, current.parts if current else None, mode)
    if not write:
        return rows, [], None
    requisite_ref = target.id if target else NEW_REQUISITE
    op = Op.ADDRESS_UPDATE if current else Op.ADDRESS_ADD
    before = {"requisite_id": requisite_ref, "type_id": ADDRESS_LEGAL, "existed": current is not None,
              "parts": _previous(current.parts, ADDRESS_PARTS) if current else None}
    return rows, [Write(op, requisite_ref, _full_address(proposal.address), address_type=ADDRESS_LEGAL)], before


def build_plan(snapshot: PortalSnapshot, candidate: Candidate, mode: Mode, *,
               bank: Mapping[str, str] | None = None, bank_warnings: tuple[Message, ...] = (),
               confirmed: bool = False, target_requisite_id: str | None = None) -> Plan:
    """Plan filling `snapshot`'s owner from `candidate` (and optionally one bank detail)."""
    if candidate.requires_confirmation and not confirmed:
        raise ConfirmationRequired(candidate.warning or Message("Нужно подтверждение.", "Confirmation needed."))
    proposal = replace(map_party(candidate), bank=dict(bank) if bank else None)
    preset = resolve_preset(snapshot.presets, proposal.kind)
    target = _chosen_target(snapshot, proposal, target_requisite_id)
    parts = {  # in write order: the requisite first, its address and bank detail may refer to it
        "requisite": _requisite_part(snapshot, target, preset, proposal, mode),
        "address": _address_part(snapshot, target, proposal, mode),
        "bank_detail": _bank_part(snapshot, target, proposal, mode, str(preset.get("COUNTRY_ID") or "1")),
    }
    writes = [write for _, part_writes, _ in parts.values() for write in part_writes]
    before: dict[str, Any] = {"owner": {"type_id": snapshot.owner_type_id, "id": snapshot.owner_id},
                              "candidate_key": candidate.key}
    before.update({name: entry for name, (_, _, entry) in parts.items() if entry is not None})
    if target is not None and writes and "requisite" not in before:
        before["requisite"] = {"id": target.id, "fields": {}}
    return Plan(mode=mode, owner_type_id=snapshot.owner_type_id, owner_id=snapshot.owner_id,
                candidate_key=candidate.key, writes=tuple(writes),
                diff=tuple(row for rows, _, _ in parts.values() for row in rows), before=before,
                warnings=proposal.warnings + bank_warnings + _preset_warning(target, preset),
                target_requisite_id=target.id if target else None)


def preview_fingerprint(plan: Plan) -> str:
    """A digest of what a preview showed: the requisite it targets and both sides of every compared field.

    The diff is the same for both modes, so a preview's fingerprint can be checked against the plan
    built when the user presses either button; a difference means the portal (or the registry)
    changed in between, and writing would overwrite what the user never saw.
    """
    seen = [plan.target_requisite_id, [[r.section.value, r.field, r.current, r.proposed] for r in plan.diff]]
    return hashlib.sha256(json.dumps(seen, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


# ---------------------------------------------------------------- journal payloads and undo

_SECTION_OF = {
    Op.REQUISITE_ADD: Section.REQUISITE.value, Op.REQUISITE_UPDATE: Section.REQUISITE.value,
    Op.ADDRESS_ADD: Section.ADDRESS.value, Op.ADDRESS_UPDATE: Section.ADDRESS.value,
    Op.BANK_DETAIL_ADD: Section.BANK.value, Op.BANK_DETAIL_UPDATE: Section.BANK.value,
}
_BINDING_FIELDS = frozenset({"ENTITY_TYPE_ID", "ENTITY_ID", "PRESET_ID", "COUNTRY_ID"})


def written_values(plan: Plan) -> dict[str, Any]:
    """What the plan writes, by section ("requisite", "address", "bank") — stored in the journal's
    `after` and used to spot later edits and to show what changed."""
    return {_SECTION_OF[w.op]: {k: v for k, v in w.fields.items() if k not in _BINDING_FIELDS}
            for w in plan.writes}


def _restore(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {k: ("" if v is None else v) for k, v in fields.items()}


def undo_writes(before: Mapping[str, Any], after: Mapping[str, Any],
                applied: Collection[Op] | None = None) -> tuple[Write, ...]:
    """Writes that put back `before` and remove what the fill created (journal entry → plan).

    `after` must hold the ids the fill got back: ``requisite_id`` and, when a bank detail was
    added, ``bank_detail_id``. `applied` limits the undo to the operations that actually ran (a
    batch that failed half-way); None means all of them. Deleting a created requisite also deletes
    its address and bank details (bitrix24-rest.md §7.3), so that one write is enough.
    """
    ran = set(Op) if applied is None else set(applied)
    requisite = before.get("requisite") or {}
    requisite_id = requisite.get("id") or after.get("requisite_id")
    if requisite.get("id") is None and "requisite" in before:
        created = Op.REQUISITE_ADD in ran and after.get("requisite_id")
        return (Write(Op.REQUISITE_DELETE, str(after["requisite_id"])),) if created else ()
    writes: list[Write] = []
    if requisite.get("fields") and Op.REQUISITE_UPDATE in ran:
        writes.append(Write(Op.REQUISITE_UPDATE, str(requisite_id), _restore(requisite["fields"])))
    address = before.get("address")
    if address and ran & {Op.ADDRESS_ADD, Op.ADDRESS_UPDATE}:
        if address.get("existed"):
            writes.append(Write(Op.ADDRESS_UPDATE, str(requisite_id), _restore(address["parts"]),
                                address_type=address["type_id"]))
        else:
            writes.append(Write(Op.ADDRESS_DELETE, str(requisite_id), address_type=address["type_id"]))
    bank = before.get("bank_detail")
    if bank and ran & {Op.BANK_DETAIL_ADD, Op.BANK_DETAIL_UPDATE}:
        if bank.get("id"):
            writes.append(Write(Op.BANK_DETAIL_UPDATE, str(bank["id"]), _restore(bank["fields"])))
        elif after.get("bank_detail_id"):
            writes.append(Write(Op.BANK_DETAIL_DELETE, str(after["bank_detail_id"])))
    return tuple(writes)


def undo_plan(journal_entry: Mapping[str, Any]) -> tuple[Write, ...]:
    """The writes that undo one journal entry (`before`/`after` as the service journals them).

    A fully applied entry is undone whole; a half-applied one (``after.status == "partial"``) only
    in the operations listed in ``after.ran``.
    """
    after = journal_entry["after"] or {}
    ran = None if after.get("status") == "applied" else {Op(value) for value in after.get("ran", [])}
    return undo_writes(journal_entry["before"] or {}, after, applied=ran)


def undo_conflicts(after: Mapping[str, Any], snapshot: PortalSnapshot) -> tuple[str, ...]:
    """Fields someone changed after our write (undoing would overwrite their edit)."""
    written = after.get("written") or {}
    requisite_id = str(after.get("requisite_id") or "")
    changed: list[str] = []
    requisite = snapshot.requisite(requisite_id)
    address = snapshot.address_of(requisite_id)
    bank_detail_id = str(after.get("bank_detail_id") or "")
    current_sources = {
        Section.REQUISITE.value: requisite.fields if requisite else None,
        Section.ADDRESS.value: address.parts if address else None,
        Section.BANK.value: next((b.fields for b in snapshot.bank_details if b.id == bank_detail_id), None),
    }
    for section, values in written.items():
        current = current_sources.get(section)
        for name, value in values.items():
            now = None if current is None else current.get(name)
            if str(now or "").strip() != str(value or "").strip():
                changed.append(f"{section}.{name}")
    return tuple(changed)


def require_no_undo_conflicts(after: Mapping[str, Any], snapshot: PortalSnapshot) -> None:
    conflicts = undo_conflicts(after, snapshot)
    if conflicts:
        raise UndoConflict(Message(
            "После заполнения эти поля уже меняли вручную, отмена перезаписала бы правку: " + ", ".join(conflicts),
            "These fields were edited after the fill; undoing would overwrite that edit: " + ", ".join(conflicts)),
            conflicts)
