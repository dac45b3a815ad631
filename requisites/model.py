"""Data the requisites logic passes around: frozen dataclasses and the package's error types.

Nothing here does work; every module of the package speaks in these types, and the service turns
them into REST calls and JSON.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# Bitrix24 entity type ids (bitrix24-rest.md §5.1) and the one address type we write (§7.4).
OWNER_CONTACT = 3
OWNER_COMPANY = 4
ENTITY_REQUISITE = 8
ADDRESS_LEGAL = "6"

# Placeholder for "the id of the requisite this same batch creates"; commands.py turns it into a
# `$result[...]` reference.
NEW_REQUISITE = "$new_requisite"


@dataclass(frozen=True)
class Message:
    """A user-facing text in Russian (first) and English."""

    ru: str
    en: str

    def text(self, lang: str | None = "ru") -> str:
        return self.en if (lang or "ru").lower().startswith("en") else self.ru


class RequisitesError(Exception):
    """Base of this package's errors; each carries a message for the user in ru and en."""

    def __init__(self, message: Message):
        super().__init__(message.en)
        self.message = message

    def user_message(self, lang: str | None = "ru") -> str:
        return self.message.text(lang)


class InvalidInput(RequisitesError, ValueError):
    """What the user typed is not a valid identifier; nothing was looked up or written."""


class ConfirmationRequired(RequisitesError):
    """The registry marks the party as not active; filling needs an explicit confirmation."""


class PresetNotFound(RequisitesError):
    """The portal has no active requisite preset for this kind of party."""


class UndoConflict(RequisitesError):
    """Values changed after our write; undoing would overwrite someone's later edit."""

    def __init__(self, message: Message, fields: tuple[str, ...]):
        super().__init__(message)
        self.fields = fields


class QueryKind(StrEnum):
    INN_LEGAL = "inn_legal"          # 10 digits
    INN_INDIVIDUAL = "inn_individual"  # 12 digits
    OGRN = "ogrn"                    # 13 digits
    OGRNIP = "ogrnip"                # 15 digits
    NAME = "name"                    # free text for suggest/party

    @property
    def is_identifier(self) -> bool:
        return self is not QueryKind.NAME


@dataclass(frozen=True)
class Checked:
    """Outcome of validating one input: the cleaned value, or an error, and what kind it is."""

    value: str | None
    error: Message | None = None
    kind: QueryKind | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class Mode(StrEnum):
    FILL_EMPTY = "fill_empty"  # touch only fields the portal leaves empty
    REPLACE = "replace"        # overwrite every mapped field the registry has a value for


class PartyStatus(StrEnum):
    ACTIVE = "ACTIVE"
    LIQUIDATING = "LIQUIDATING"
    LIQUIDATED = "LIQUIDATED"
    BANKRUPT = "BANKRUPT"
    REORGANIZING = "REORGANIZING"


class PartyKind(StrEnum):
    LEGAL = "LEGAL"
    INDIVIDUAL = "INDIVIDUAL"


@dataclass(frozen=True)
class Candidate:
    """One registry record the user can pick: a head office, a branch, or an entrepreneur."""

    key: str
    kind: PartyKind
    branch_type: str | None  # MAIN | BRANCH | None (entrepreneurs)
    inn: str
    kpp: str | None
    ogrn: str | None
    title: str
    address: str | None
    status: str
    warning: Message | None
    branch_count: int | None
    data: Mapping[str, Any] = field(compare=False, repr=False)  # DaData's `data` object

    @property
    def requires_confirmation(self) -> bool:
        return self.status != PartyStatus.ACTIVE


@dataclass(frozen=True)
class Proposal:
    """What the registry says, already in Bitrix24 field names and the uniform format."""

    kind: PartyKind
    inn: str
    kpp: str | None
    requisite_name: str
    requisite: Mapping[str, str]           # RQ_* -> value (only fields the registry has)
    address: Mapping[str, str] | None      # crm.address parts for TYPE_ID 6
    address_text: str | None               # DaData's unrestricted value, for display
    address_is_partial: bool = False       # entrepreneurs: the registry knows only the city
    bank: Mapping[str, str] | None = None  # crm.requisite.bankdetail fields
    warnings: tuple[Message, ...] = ()


@dataclass(frozen=True)
class PortalRequisite:
    id: str
    preset_id: str | None
    name: str | None
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class PortalAddress:
    requisite_id: str
    type_id: str
    parts: Mapping[str, Any]


@dataclass(frozen=True)
class PortalBankDetail:
    id: str
    requisite_id: str
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class PortalSnapshot:
    """What the portal holds for one company or contact, read in one batch."""

    owner_type_id: int
    owner_id: str
    requisites: tuple[PortalRequisite, ...] = ()
    addresses: tuple[PortalAddress, ...] = ()
    bank_details: tuple[PortalBankDetail, ...] = ()
    bank_details_loaded_for: frozenset[str] = frozenset()
    presets: tuple[Mapping[str, Any], ...] = ()

    def requisite(self, requisite_id: str) -> PortalRequisite | None:
        return next((r for r in self.requisites if r.id == str(requisite_id)), None)

    def address_of(self, requisite_id: str, type_id: str = ADDRESS_LEGAL) -> PortalAddress | None:
        return next((a for a in self.addresses
                     if a.requisite_id == str(requisite_id) and a.type_id == str(type_id)), None)

    def bank_details_of(self, requisite_id: str) -> tuple[PortalBankDetail, ...]:
        return tuple(b for b in self.bank_details if b.requisite_id == str(requisite_id))


class FieldState(StrEnum):
    SAME = "same"            # identical
    FORMAT = "format"        # same value, different spelling (quotes, case, spaces)
    EMPTY = "empty"          # the portal has nothing, the registry has a value
    DIFFERENT = "different"  # both filled and they differ


class Section(StrEnum):
    REQUISITE = "requisite"
    ADDRESS = "address"
    BANK = "bank"


@dataclass(frozen=True)
class FieldDiff:
    section: Section
    field: str
    current: str | None
    proposed: str
    state: FieldState


class Op(StrEnum):
    """Write operations, named by the REST method that performs them."""

    REQUISITE_ADD = "crm.requisite.add"
    REQUISITE_UPDATE = "crm.requisite.update"
    REQUISITE_DELETE = "crm.requisite.delete"
    ADDRESS_ADD = "crm.address.add"
    ADDRESS_UPDATE = "crm.address.update"
    ADDRESS_DELETE = "crm.address.delete"
    BANK_DETAIL_ADD = "crm.requisite.bankdetail.add"
    BANK_DETAIL_UPDATE = "crm.requisite.bankdetail.update"
    BANK_DETAIL_DELETE = "crm.requisite.bankdetail.delete"


@dataclass(frozen=True)
class Write:
    """One write. `target` is the requisite id (requisite ops, addresses, bank-detail add) or the
    bank-detail id (its update/delete); NEW_REQUISITE means the requisite this batch creates."""

    op: Op
    target: str | None
    fields: Mapping[str, Any] = field(default_factory=dict)
    address_type: str | None = None


@dataclass(frozen=True)
class Plan:
    """Everything one fill will do, plus the values it replaces (for the journal and undo)."""

    mode: Mode
    owner_type_id: int
    owner_id: str
    candidate_key: str
    writes: tuple[Write, ...]
    diff: tuple[FieldDiff, ...]
    before: Mapping[str, Any]
    warnings: tuple[Message, ...] = ()
    target_requisite_id: str | None = None  # the requisite updated; None when the plan creates one

    @property
    def is_empty(self) -> bool:
        return not self.writes

    def writes_of(self, op: Op) -> tuple[Write, ...]:
        return tuple(w for w in self.writes if w.op is op)
