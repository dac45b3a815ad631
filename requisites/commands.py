"""Plans and snapshots ↔ Bitrix24 batch commands and results (pure data, no HTTP).

The client's `batch()` takes ``{key: (method, params)}`` and returns ``{key: result}``; these
functions build the commands for one read of a card's requisites and for one write of a plan,
and parse what comes back. The id of a requisite created in the same batch is referenced as
``$result[<key of its add command>]`` (bitrix24-rest.md §4.3).

Reading uses only documented filters: requisites by owner, addresses by their read-only anchor
(the owning company/contact, `ANCHOR_TYPE_ID`/`ANCHOR_ID` — crm.address.list accepts every address
field as a filter), bank details by the requisite ids already known. Indexed references such as
``$result[rq][3][ID]`` are not used for reading: the Bitrix core resolves a missing index to the
whole enclosing list instead of failing (CRestUtil::processBatchElement in the core mirror).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from requisites.model import (
    ENTITY_REQUISITE, NEW_REQUISITE, Op, PortalAddress, PortalBankDetail, PortalRequisite, PortalSnapshot,
    Write,
)

__all__ = ["read_commands", "snapshot_from_results", "write_commands", "created_ids", "presets_command",
           "list_rows", "PRESET_SELECT", "READ_KEYS"]

PRESET_SELECT = ["ID", "NAME", "XML_ID", "COUNTRY_ID", "ACTIVE", "SORT"]
READ_KEYS = {"presets": "presets", "requisites": "requisites", "addresses": "addresses",
             "bank_details": "bank_details", "owner": "owner"}
_OWNER_GET = {3: "crm.contact.get", 4: "crm.company.get"}


def presets_command() -> tuple[str, dict[str, Any]]:
    return "crm.requisite.preset.list", {"select": PRESET_SELECT, "order": {"SORT": "ASC", "ID": "ASC"}}


def read_commands(owner_type_id: int, owner_id: str, *, bank_detail_requisite_ids: Iterable[str] = (),
                  with_presets: bool = True, with_owner: bool = False) -> dict[str, tuple[str, dict]]:
    """Commands for ONE batch that reads an owner's requisites, legal/other addresses and (for the
    given requisite ids) bank details; optionally the presets and the owner record itself."""
    commands: dict[str, tuple[str, dict]] = {}
    if with_presets:
        commands[READ_KEYS["presets"]] = presets_command()
    if with_owner:
        commands[READ_KEYS["owner"]] = (_OWNER_GET[owner_type_id], {"id": owner_id})
    commands[READ_KEYS["requisites"]] = ("crm.requisite.list", {
        "filter": {"ENTITY_TYPE_ID": owner_type_id, "ENTITY_ID": owner_id}, "order": {"ID": "ASC"}})
    commands[READ_KEYS["addresses"]] = ("crm.address.list", {
        "filter": {"ENTITY_TYPE_ID": ENTITY_REQUISITE, "ANCHOR_TYPE_ID": owner_type_id, "ANCHOR_ID": owner_id}})
    ids = sorted({str(i) for i in bank_detail_requisite_ids}, key=lambda v: (len(v), v))
    if ids:
        commands[READ_KEYS["bank_details"]] = ("crm.requisite.bankdetail.list", {
            "filter": {"@ENTITY_ID": ids}, "order": {"ID": "ASC"}})
    return commands


def list_rows(value: Any) -> list[Mapping[str, Any]]:
    """A list method's rows from a batch result."""
    if isinstance(value, Mapping):  # some list results arrive keyed by index
        value = list(value.values())
    return [row for row in (value or []) if isinstance(row, Mapping)]


def snapshot_from_results(owner_type_id: int, owner_id: str, results: Mapping[str, Any], *,
                          bank_detail_requisite_ids: Iterable[str] = (),
                          presets: Iterable[Mapping[str, Any]] | None = None) -> PortalSnapshot:
    """Parse a `read_commands` batch result. Rows that belong to someone else are dropped, so a
    filter the portal ignored can never leak another record's data into a plan."""
    owner_id = str(owner_id)
    requisites = tuple(
        PortalRequisite(id=str(r["ID"]), preset_id=str(r["PRESET_ID"]) if r.get("PRESET_ID") is not None else None,
                        name=r.get("NAME"), fields=dict(r))
        for r in list_rows(results.get(READ_KEYS["requisites"]))
        if str(r.get("ENTITY_ID")) == owner_id and str(r.get("ENTITY_TYPE_ID")) == str(owner_type_id) and r.get("ID"))
    own_ids = {r.id for r in requisites}
    addresses = tuple(
        PortalAddress(requisite_id=str(a["ENTITY_ID"]), type_id=str(a.get("TYPE_ID")), parts=dict(a))
        for a in list_rows(results.get(READ_KEYS["addresses"]))
        if str(a.get("ENTITY_TYPE_ID")) == str(ENTITY_REQUISITE) and str(a.get("ENTITY_ID")) in own_ids)
    loaded = frozenset(str(i) for i in bank_detail_requisite_ids) & own_ids
    bank_details = tuple(
        PortalBankDetail(id=str(b["ID"]), requisite_id=str(b["ENTITY_ID"]), fields=dict(b))
        for b in list_rows(results.get(READ_KEYS["bank_details"]))
        if str(b.get("ENTITY_ID")) in loaded and b.get("ID"))
    preset_rows = presets if presets is not None else list_rows(results.get(READ_KEYS["presets"]))
    return PortalSnapshot(owner_type_id=owner_type_id, owner_id=owner_id, requisites=requisites,
                          addresses=addresses, bank_details=bank_details, bank_details_loaded_for=loaded,
                          presets=tuple(dict(p) for p in preset_rows))


# ---------------------------------------------------------------- writes

def _key(prefix: str, op: Op) -> str:
    return prefix + op.name.lower()


def _requisite_ref(target: str | None, prefix: str) -> str:
    if target == NEW_REQUISITE:
        return f"$result[{_key(prefix, Op.REQUISITE_ADD)}]"
    return str(target)


def _command(write: Write, prefix: str) -> tuple[str, dict[str, Any]]:
    op = write.op
    fields = dict(write.fields)
    if op is Op.REQUISITE_ADD:
        return op.value, {"fields": fields}
    if op in (Op.REQUISITE_UPDATE, Op.BANK_DETAIL_UPDATE):
        return op.value, {"id": write.target, "fields": fields}
    if op in (Op.REQUISITE_DELETE, Op.BANK_DETAIL_DELETE):
        return op.value, {"id": write.target}
    if op is Op.BANK_DETAIL_ADD:
        return op.value, {"fields": {"ENTITY_ID": _requisite_ref(write.target, prefix), **fields}}
    address_key = {"TYPE_ID": write.address_type, "ENTITY_TYPE_ID": ENTITY_REQUISITE,
                   "ENTITY_ID": _requisite_ref(write.target, prefix)}
    if op is Op.ADDRESS_DELETE:
        return op.value, {"fields": address_key}
    return op.value, {"fields": {**address_key, **fields}}


def write_commands(writes: Iterable[Write], prefix: str = "") -> dict[str, tuple[str, dict[str, Any]]]:
    """Batch commands for one plan's writes, in order; `prefix` keeps several plans apart in one batch."""
    commands: dict[str, tuple[str, dict[str, Any]]] = {}
    for write in writes:
        key = _key(prefix, write.op)
        if key in commands:
            raise ValueError(f"one plan writes {write.op.value} twice; give each plan its own prefix")
        commands[key] = _command(write, prefix)
    return commands


def created_ids(results: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """Ids a batch created for one plan: ``requisite_id`` and ``bank_detail_id`` when present."""
    out = {}
    for name, op in (("requisite_id", Op.REQUISITE_ADD), ("bank_detail_id", Op.BANK_DETAIL_ADD)):
        value = results.get(_key(prefix, op))
        if value not in (None, False, ""):
            out[name] = str(value)
    return out
