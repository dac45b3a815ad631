"""View models for the requisites pages: plain data with texts already in the user's language.

Pages render these (escaping is the template's job) or send `to_dict()` as JSON; they hold no
logic of their own.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from requisites.diff import ADDRESS_PARTS
from requisites.model import Candidate, FieldDiff, Message, Mode, Plan, PortalSnapshot
from requisites.plans import written_values
from services.requisites.portal_io import ORIGIN_BULK

# Field captions (ru, en) for the tab's tables.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "RQ_COMPANY_NAME": ("Краткое наименование", "Short name"),
    "RQ_COMPANY_FULL_NAME": ("Полное наименование", "Full name"),
    "RQ_INN": ("ИНН", "INN"), "RQ_KPP": ("КПП", "KPP"), "RQ_OGRN": ("ОГРН", "OGRN"),
    "RQ_OGRNIP": ("ОГРНИП", "OGRNIP"), "RQ_OKPO": ("ОКПО", "OKPO"), "RQ_OKTMO": ("ОКТМО", "OKTMO"),
    "RQ_OKVED": ("ОКВЭД", "OKVED"), "RQ_COMPANY_REG_DATE": ("Дата регистрации", "Registration date"),
    "RQ_DIRECTOR": ("Генеральный директор", "Director"), "RQ_CEO_NAME": ("Руководитель", "Head"),
    "RQ_CEO_WORK_POS": ("Должность руководителя", "Head's position"),
    "RQ_LAST_NAME": ("Фамилия", "Last name"), "RQ_FIRST_NAME": ("Имя", "First name"),
    "RQ_SECOND_NAME": ("Отчество", "Patronymic"), "RQ_NAME": ("ФИО", "Full name"),
    "ADDRESS_1": ("Улица, дом", "Street, house"), "ADDRESS_2": ("Квартира / офис", "Flat / office"),
    "CITY": ("Город", "City"), "POSTAL_CODE": ("Индекс", "Postal code"), "REGION": ("Район", "District"),
    "PROVINCE": ("Область", "Region"), "COUNTRY": ("Страна", "Country"),
    "NAME": ("Название", "Name"), "RQ_BANK_NAME": ("Банк", "Bank"), "RQ_BIK": ("БИК", "BIK"),
    "RQ_COR_ACC_NUM": ("Корр. счёт", "Correspondent account"), "RQ_ACC_NUM": ("Расчётный счёт", "Account"),
    "RQ_BANK_ADDR": ("Адрес банка", "Bank address"), "RQ_SWIFT": ("SWIFT", "SWIFT"),
    "RQ_ACC_CURRENCY": ("Валюта счёта", "Account currency"),
}
SHOWN_REQUISITE_FIELDS = [name for name in FIELD_LABELS if name.startswith("RQ_") and name not in
                          {"RQ_BANK_NAME", "RQ_BIK", "RQ_COR_ACC_NUM", "RQ_ACC_NUM", "RQ_BANK_ADDR", "RQ_SWIFT",
                           "RQ_ACC_CURRENCY"}]


def label(name: str, lang: str) -> str:
    ru, en = FIELD_LABELS.get(name, (name, name))
    return en if lang.startswith("en") else ru


def texts(messages: tuple[Message, ...] | list[Message], lang: str) -> list[str]:
    return [m.text(lang) for m in messages]


class View:
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class FieldRow(View):
    field: str
    label: str
    value: str


@dataclass(frozen=True)
class RequisiteView(View):
    id: str
    name: str
    preset: str
    fields: list[FieldRow]
    legal_address: list[FieldRow]


@dataclass(frozen=True)
class LastChange(View):
    """The app's last undoable change of the record, as data: the page words it in the user's language."""

    mode: str                # fill_empty | replace
    bulk: bool               # made by the bulk fill rather than in the card
    title: str | None        # the registry record it came from
    inn: str | None
    at: str                  # when it was journalled (UTC, ISO 8601)
    user_id: int | None


@dataclass(frozen=True)
class CardView(View):
    owner_type_id: int
    owner_id: str
    requisites: list[RequisiteView]
    inn_hint: str | None     # a valid INN from a requisite, else from the configured company field
    name_hint: str | None    # the record's title / full name: the search's prefill when no INN is known
    can_undo: bool
    last_change: LastChange | None


@dataclass(frozen=True)
class CandidateView(View):
    key: str
    title: str
    inn: str
    kpp: str | None
    ogrn: str | None
    kind: str
    branch_type: str | None
    address: str | None
    status: str
    warning: str | None
    requires_confirmation: bool


@dataclass(frozen=True)
class SearchView(View):
    query: str
    query_kind: str
    candidates: list[CandidateView]
    more_branches_hint: str | None = None


@dataclass(frozen=True)
class DiffRow(View):
    section: str
    field: str
    label: str
    current: str | None
    proposed: str
    state: str
    fill_empty_writes: bool
    replace_writes: bool


@dataclass(frozen=True)
class PreviewView(View):
    candidate: CandidateView
    target_requisite_id: str | None   # None: a new requisite would be created
    rows: list[DiffRow]
    changes: dict[str, int]            # mode -> number of fields it would write
    warnings: list[str]
    address_text: str | None = None
    fingerprint: str = ""              # send it back with «apply»: a portal changed since is then refused


@dataclass(frozen=True)
class ApplyResult(View):
    journal_id: int | None
    mode: str
    requisite_id: str | None
    created_requisite: bool
    changed: list[FieldRow]
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class UndoResult(View):
    journal_id: int
    restored: list[str]


# ---------------------------------------------------------------- builders

def candidate_view(candidate: Candidate, lang: str) -> CandidateView:
    return CandidateView(
        key=candidate.key, title=candidate.title, inn=candidate.inn, kpp=candidate.kpp, ogrn=candidate.ogrn,
        kind=candidate.kind.value, branch_type=candidate.branch_type, address=candidate.address,
        status=candidate.status, warning=candidate.warning.text(lang) if candidate.warning else None,
        requires_confirmation=candidate.requires_confirmation)


def _rows(values: dict[str, Any], names: list[str] | tuple[str, ...], lang: str) -> list[FieldRow]:
    return [FieldRow(n, label(n, lang), str(values[n]).strip()) for n in names
            if values.get(n) is not None and str(values[n]).strip()]


def last_change(entry: Mapping[str, Any]) -> LastChange:
    """A journal entry of a requisites fill (portal_io) → LastChange, from its structured `after`."""
    after = entry["after"] or {}
    party = after.get("party") or {}
    return LastChange(mode=str(after.get("mode") or ""), bulk=after.get("origin") == ORIGIN_BULK,
                      title=party.get("title"), inn=party.get("inn"), at=entry["created_at"],
                      user_id=entry["user_id"])


def card_view(snapshot: PortalSnapshot, *, inn_hint: str | None, name_hint: str | None,
              last_change: LastChange | None, lang: str) -> CardView:
    preset_names = {str(p.get("ID")): str(p.get("NAME") or "") for p in snapshot.presets}
    requisites = []
    for requisite in snapshot.requisites:
        address = snapshot.address_of(requisite.id)
        requisites.append(RequisiteView(
            id=requisite.id, name=str(requisite.name or ""), preset=preset_names.get(requisite.preset_id or "", ""),
            fields=_rows(dict(requisite.fields), SHOWN_REQUISITE_FIELDS, lang),
            legal_address=_rows(dict(address.parts), ADDRESS_PARTS, lang) if address else []))
    return CardView(owner_type_id=snapshot.owner_type_id, owner_id=snapshot.owner_id, requisites=requisites,
                    inn_hint=inn_hint, name_hint=name_hint, can_undo=last_change is not None, last_change=last_change)


def diff_rows(rows: tuple[FieldDiff, ...], fill_empty: Plan, replace: Plan, lang: str) -> list[DiffRow]:
    """The side-by-side table; each row says whether «Заполнить пустые» / «Заменить всё» would write it."""
    by_mode = {mode: written_values(plan) for mode, plan in ((Mode.FILL_EMPTY, fill_empty), (Mode.REPLACE, replace))}

    def writes(mode: Mode, row: FieldDiff) -> bool:
        return row.field in by_mode[mode].get(row.section.value, {})

    return [DiffRow(section=r.section.value, field=r.field, label=label(r.field, lang), current=r.current,
                    proposed=r.proposed, state=r.state.value, fill_empty_writes=writes(Mode.FILL_EMPTY, r),
                    replace_writes=writes(Mode.REPLACE, r)) for r in rows]


def changed_rows(plan: Plan, lang: str) -> list[FieldRow]:
    """What a fill wrote, for the «what changed» list after applying."""
    return [FieldRow(f"{section}.{name}", label(name, lang), str(value))
            for section, values in written_values(plan).items() for name, value in values.items()
            if name != "NAME" or section != "requisite"]
