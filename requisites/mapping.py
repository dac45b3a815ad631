"""DaData party / bank → Bitrix24 requisite, legal address and bank-detail fields.

Field names and lengths: bitrix24-rest.md §7.3–7.5; DaData shapes: dadata.md §3–4. Only fields the
registry actually has appear in the result — a missing registry value never blanks a portal field.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from requisites.formatting import (collapse_spaces, format_date_ms, format_director, format_org_name,
                                   proper_case_person, split_person_name)
from requisites.model import Candidate, Message, PartyKind, PresetNotFound, Proposal

__all__ = ["map_party", "map_address", "map_bank", "resolve_preset", "PRESET_XML_IDS", "MAX_LENGTHS",
           "ACCOUNT_CURRENCY"]

# Default presets' reserved XML_IDs, then their RU names (bitrix24-rest.md §7.2).
PRESET_XML_IDS = {
    PartyKind.LEGAL: "#CRM_REQUISITE_PRESET_DEF_RU_COMPANY#",
    PartyKind.INDIVIDUAL: "#CRM_REQUISITE_PRESET_DEF_RU_INDIVIDUAL#",
}
PRESET_NAMES = {PartyKind.LEGAL: "Организация", PartyKind.INDIVIDUAL: "ИП"}
COUNTRY_RU = "1"
# The portal's own example bank detail stores "RUR" (bitrix24-rest.md §7.5, crm.requisite.bankdetail.get).
ACCOUNT_CURRENCY = "RUR"

# Maximum lengths from bitrix24-rest.md §7.3 (core validation map); longer values are cut.
MAX_LENGTHS = {
    "NAME": 255, "RQ_INN": 15, "RQ_KPP": 9, "RQ_OGRN": 13, "RQ_OGRNIP": 15, "RQ_OKPO": 12,
    "RQ_OKTMO": 11, "RQ_OKVED": 255, "RQ_COMPANY_NAME": 255, "RQ_COMPANY_FULL_NAME": 300,
    "RQ_COMPANY_REG_DATE": 30, "RQ_DIRECTOR": 150, "RQ_CEO_NAME": 150, "RQ_CEO_WORK_POS": 150,
    "RQ_NAME": 150, "RQ_FIRST_NAME": 50, "RQ_LAST_NAME": 50, "RQ_SECOND_NAME": 50,
}


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str | None:
    text = collapse_spaces(value) if value is not None else ""
    return text or None


def _join(*parts: str | None, sep: str = ", ") -> str | None:
    return sep.join(p for p in parts if p) or None


def _cut(fields: dict[str, str | None]) -> tuple[dict[str, str], tuple[Message, ...]]:
    """Drop empty values and cut over-long ones to the portal's limits, saying which were cut."""
    out: dict[str, str] = {}
    cut: list[Message] = []
    for name, value in fields.items():
        if not value:
            continue
        limit = MAX_LENGTHS.get(name)
        if limit and len(value) > limit:
            value = value[: limit - 1].rstrip() + "…"
            cut.append(Message(f"Поле {name} длиннее {limit} символов и обрезано.",
                               f"Field {name} is longer than {limit} characters and was shortened."))
        out[name] = value
    return out, tuple(cut)


# ---------------------------------------------------------------- presets

def resolve_preset(presets: Iterable[Mapping[str, Any]], kind: PartyKind) -> Mapping[str, Any]:
    """The portal's preset for a legal entity («Организация») or an entrepreneur («ИП»).

    Looked up in `crm.requisite.preset.list` output by XML_ID, then by NAME with COUNTRY_ID 1;
    inactive presets are skipped; ids are never assumed.
    """
    active = [p for p in presets if str(p.get("ACTIVE") or "Y") != "N"]
    by_xml = [p for p in active if p.get("XML_ID") == PRESET_XML_IDS[kind]]
    by_name = [p for p in active
               if collapse_spaces(p.get("NAME")) == PRESET_NAMES[kind] and str(p.get("COUNTRY_ID")) == COUNTRY_RU]
    for found in (by_xml, by_name):
        if found:
            return min(found, key=lambda p: int(p.get("ID") or 0))
    name = PRESET_NAMES[kind]
    raise PresetNotFound(Message(
        f"На портале нет активного шаблона реквизитов «{name}». Включите его в настройках CRM.",
        f"The portal has no active requisite preset “{name}”. Enable it in the CRM settings."))


# ---------------------------------------------------------------- address

def map_address(address: Mapping[str, Any] | None) -> tuple[dict[str, str] | None, str | None]:
    """DaData address → crm.address parts, plus the unrestricted text for display.

    Parts (bitrix24-rest.md §7.4): ADDRESS_1 street/house/block, ADDRESS_2 flat/office, CITY,
    POSTAL_CODE, REGION (district), PROVINCE (region), COUNTRY. When DaData gives no breakdown
    (`data` null, dadata.md §3) the whole text goes to ADDRESS_1.
    """
    address = _mapping(address)
    text = _text(address.get("unrestricted_value")) or _text(address.get("value"))
    data = address.get("data")
    if not isinstance(data, Mapping):
        return ({"ADDRESS_1": text} if text else None), text
    city = _text(data.get("city"))
    settlement = _text(data.get("settlement_with_type"))
    parts = {
        "ADDRESS_1": _join(
            settlement if city else None,
            _text(data.get("street_with_type")),
            _join(_text(data.get("house_type")), _text(data.get("house")), sep=" ") if data.get("house") else None,
            _join(_text(data.get("block_type")), _text(data.get("block")), sep=" ") if data.get("block") else None,
        ),
        "ADDRESS_2": _join(_text(data.get("flat_type")), _text(data.get("flat")), sep=" ") if data.get("flat") else None,
        "CITY": city or settlement,
        "POSTAL_CODE": _text(data.get("postal_code")),
        "REGION": _text(data.get("area_with_type")),
        "PROVINCE": _text(data.get("region_with_type")),
        "COUNTRY": _text(data.get("country")),
    }
    if not parts["ADDRESS_1"] and not parts["CITY"] and text:
        parts["ADDRESS_1"] = text
    clean = {k: v for k, v in parts.items() if v}
    return (clean or None), text


# ---------------------------------------------------------------- party

def _legal_fields(data: Mapping[str, Any]) -> dict[str, str | None]:
    name = _mapping(data.get("name"))
    management = _mapping(data.get("management"))
    director = format_director(management.get("name"), management.get("post"))
    is_branch = data.get("branch_type") == "BRANCH"
    reg_date = None if is_branch else (format_date_ms(_mapping(data.get("state")).get("registration_date"))
                                       or format_date_ms(data.get("ogrn_date")))
    return {
        "RQ_COMPANY_NAME": format_org_name(name.get("short_with_opf") or name.get("full_with_opf")) or None,
        "RQ_COMPANY_FULL_NAME": format_org_name(name.get("full_with_opf")) or None,
        "RQ_INN": _text(data.get("inn")),
        "RQ_KPP": _text(data.get("kpp")),
        "RQ_OGRN": _text(data.get("ogrn")),
        "RQ_OKPO": _text(data.get("okpo")),
        "RQ_OKTMO": _text(data.get("oktmo")),
        "RQ_OKVED": _text(data.get("okved")),
        "RQ_COMPANY_REG_DATE": reg_date,
        "RQ_DIRECTOR": director.name if director else None,
        "RQ_CEO_NAME": director.name if director else None,
        "RQ_CEO_WORK_POS": director.post if director else None,
    }


def _person_name(data: Mapping[str, Any]) -> tuple[str, str, str]:
    fio = _mapping(data.get("fio"))
    if fio.get("surname"):
        return (proper_case_person(fio.get("surname")), proper_case_person(fio.get("name")),
                proper_case_person(fio.get("patronymic")))
    # older answers: only name.full ("ИВАНОВ ИВАН ИВАНОВИЧ")
    return split_person_name(_mapping(data.get("name")).get("full"))


def _individual_fields(data: Mapping[str, Any]) -> dict[str, str | None]:
    last, first, middle = _person_name(data)
    full = _join(last, first, middle, sep=" ")
    state = _mapping(data.get("state"))
    return {
        "RQ_LAST_NAME": last or None,
        "RQ_FIRST_NAME": first or None,
        "RQ_SECOND_NAME": middle or None,
        "RQ_NAME": full,
        "RQ_COMPANY_NAME": f"ИП {full}" if full else None,
        "RQ_COMPANY_FULL_NAME": f"Индивидуальный предприниматель {full}" if full else None,
        "RQ_INN": _text(data.get("inn")),
        "RQ_OGRNIP": _text(data.get("ogrn")),
        "RQ_OKPO": _text(data.get("okpo")),
        "RQ_OKTMO": _text(data.get("oktmo")),
        "RQ_OKVED": _text(data.get("okved")),
        "RQ_COMPANY_REG_DATE": format_date_ms(state.get("registration_date")) or format_date_ms(data.get("ogrn_date")),
    }


def _requisite_name(fields: Mapping[str, str], data: Mapping[str, Any]) -> str:
    name = fields.get("RQ_COMPANY_NAME") or fields.get("RQ_INN") or "—"
    if data.get("branch_type") == "BRANCH" and fields.get("RQ_KPP"):
        return f"{name} (КПП {fields['RQ_KPP']})"
    return name


def map_party(candidate: Candidate) -> Proposal:
    """A picked registry record → what the requisite, its legal address and name should be."""
    data = candidate.data
    individual = candidate.kind is PartyKind.INDIVIDUAL
    raw = _individual_fields(data) if individual else _legal_fields(data)
    fields, cut = _cut(raw)
    address, address_text = map_address(_mapping(data.get("address")) or None)
    name, name_cut = _cut({"NAME": _requisite_name(fields, data)})
    warnings = cut + name_cut + ((candidate.warning,) if candidate.warning else ())
    return Proposal(
        kind=candidate.kind,
        inn=candidate.inn,
        kpp=candidate.kpp,
        requisite_name=name["NAME"],
        requisite=fields,
        address=address,
        address_text=address_text,
        address_is_partial=individual,  # dadata.md §3: for IPs only the registration city
        warnings=warnings,
    )


# ---------------------------------------------------------------- bank

def map_bank(suggestion: Mapping[str, Any], account: str) -> tuple[dict[str, str], tuple[Message, ...]]:
    """A `findById/bank` suggestion + the settlement account the user typed → bank-detail fields.

    `account` must already be validated against the BIK (validation.validate_settlement_account).
    """
    data = _mapping(suggestion.get("data"))
    names = _mapping(data.get("name"))
    short = format_org_name(names.get("short") or suggestion.get("value") or names.get("payment"))
    address = _mapping(data.get("address"))
    fields = {
        "NAME": f"{short} (…{account[-4:]})" if short else f"…{account[-4:]}",
        "RQ_BANK_NAME": format_org_name(names.get("payment") or short) or None,
        "RQ_BIK": _text(data.get("bic")),
        "RQ_COR_ACC_NUM": _text(data.get("correspondent_account")),
        "RQ_ACC_NUM": account,
        "RQ_BANK_ADDR": _text(address.get("unrestricted_value")) or _text(address.get("value")),
        "RQ_SWIFT": _text(data.get("swift")),
        "RQ_ACC_CURRENCY": ACCOUNT_CURRENCY,
    }
    status = _text(_mapping(data.get("state")).get("status"))
    warnings: tuple[Message, ...] = ()
    if status and status != "ACTIVE":
        warnings = (Message(f"По данным Банка России банк не действует (статус {status}) — проверьте БИК.",
                            f"The Bank of Russia lists this bank as not active ({status}) — check the BIK."),)
    out, cut = _cut(fields)
    return out, warnings + cut
