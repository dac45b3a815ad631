"""Registry records the user picks from: head office first, then each branch by KPP.

One INN can return several records (dadata.md §2): the head office and its branches, or — for an
entrepreneur who closed and re-registered — several OGRNIPs. Anything not ACTIVE carries a warning
and `requires_confirmation`; plans refuse it unless the caller confirms explicitly (plans.py).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from requisites.formatting import format_org_name, proper_case_person
from requisites.model import Candidate, Message, PartyKind, PartyStatus

__all__ = ["build_candidates", "candidate_key", "find_candidate", "inn_from_key", "kpp_from_key",
           "STATUS_WARNINGS"]

KEY_SEPARATOR = "|"

STATUS_WARNINGS: dict[str, Message] = {
    PartyStatus.LIQUIDATING: Message(
        "Организация ликвидируется. Заполнить реквизиты можно только после подтверждения.",
        "The organisation is being liquidated. Requisites are filled only after you confirm."),
    PartyStatus.LIQUIDATED: Message(
        "Организация ликвидирована. Заполнить реквизиты можно только после подтверждения.",
        "The organisation has been liquidated. Requisites are filled only after you confirm."),
    PartyStatus.BANKRUPT: Message(
        "Организация признана банкротом. Заполнить реквизиты можно только после подтверждения.",
        "The organisation has been declared bankrupt. Requisites are filled only after you confirm."),
    PartyStatus.REORGANIZING: Message(
        "Организация в процессе реорганизации. Заполнить реквизиты можно только после подтверждения.",
        "The organisation is being reorganised. Requisites are filled only after you confirm."),
}
_UNKNOWN_STATUS = Message(
    "Статус в реестре неизвестен. Заполнить реквизиты можно только после подтверждения.",
    "The registry status is unknown. Requisites are filled only after you confirm.")


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def candidate_key(data: Mapping[str, Any]) -> str:
    """Stable key of one record: INN | KPP | OGRN (KPP tells branches apart, OGRN re-registered IPs)."""
    return KEY_SEPARATOR.join(_text(data.get(k)) or "" for k in ("inn", "kpp", "ogrn"))


def inn_from_key(key: str) -> str:
    return key.split(KEY_SEPARATOR)[0]


def kpp_from_key(key: str) -> str | None:
    parts = key.split(KEY_SEPARATOR)
    return parts[1] or None if len(parts) > 1 else None


def _title(suggestion: Mapping[str, Any], data: Mapping[str, Any], kind: PartyKind) -> str:
    name = data.get("name") if isinstance(data.get("name"), Mapping) else {}
    if kind is PartyKind.INDIVIDUAL:
        fio = data.get("fio") if isinstance(data.get("fio"), Mapping) else {}
        person = " ".join(str(fio[k]) for k in ("surname", "name", "patronymic") if fio.get(k)) \
            or name.get("full") or ""
        if person:
            return "ИП " + proper_case_person(person)
    return format_org_name(name.get("short_with_opf") or suggestion.get("value") or name.get("full_with_opf"))


def _candidate(suggestion: Mapping[str, Any]) -> Candidate | None:
    data = suggestion.get("data")
    if not isinstance(data, Mapping) or not _text(data.get("inn")):
        return None
    kind = PartyKind.INDIVIDUAL if data.get("type") == PartyKind.INDIVIDUAL else PartyKind.LEGAL
    state = data.get("state") if isinstance(data.get("state"), Mapping) else {}
    status = _text(state.get("status")) or "UNKNOWN"
    address = data.get("address") if isinstance(data.get("address"), Mapping) else {}
    return Candidate(
        key=candidate_key(data),
        kind=kind,
        branch_type=_text(data.get("branch_type")) if kind is PartyKind.LEGAL else None,
        inn=_text(data.get("inn")) or "",
        kpp=_text(data.get("kpp")),
        ogrn=_text(data.get("ogrn")),
        title=_title(suggestion, data, kind),
        address=_text(address.get("unrestricted_value") or address.get("value")),
        status=status,
        warning=None if status == PartyStatus.ACTIVE else STATUS_WARNINGS.get(status, _UNKNOWN_STATUS),
        branch_count=data.get("branch_count") if isinstance(data.get("branch_count"), int) else None,
        data=data,
    )


def _order(candidate: Candidate) -> tuple:
    return (
        candidate.inn,
        candidate.status != PartyStatus.ACTIVE,   # active records first
        candidate.branch_type == "BRANCH",        # head office before branches
        candidate.kpp or "",
        candidate.ogrn or "",
    )


def build_candidates(suggestions: Iterable[Mapping[str, Any]]) -> tuple[Candidate, ...]:
    """DaData party suggestions → candidates: one per record, head office first, branches by KPP."""
    seen: dict[str, Candidate] = {}
    for suggestion in suggestions:
        candidate = _candidate(suggestion)
        if candidate is not None and candidate.key not in seen:
            seen[candidate.key] = candidate
    return tuple(sorted(seen.values(), key=_order))


def find_candidate(candidates: Iterable[Candidate], key: str) -> Candidate | None:
    return next((c for c in candidates if c.key == key), None)
