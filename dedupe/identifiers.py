"""Russian company identifiers: INN, KPP, OGRN/OGRNIP — validated by their check digits.

They come from requisites (crm.requisite.list: RQ_INN, RQ_KPP, RQ_OGRN, RQ_OGRNIP), and from text
people type: «ИНН 7707083893» in COMMENTS, a bare INN in BANKING_DETAILS or in a UF_CRM_* field.
A number that fails its checksum is ignored rather than trusted.
"""
from __future__ import annotations

import re
from typing import NamedTuple

_INN_10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN_12_WEIGHTS_1 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN_12_WEIGHTS_2 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_KPP = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")
_LABELLED_INN = re.compile(r"(?i)инн\s*(?:/\s*кпп)?\s*[:№#]?\s*(\d{10}|\d{12})(?!\d)")
_LABELLED_KPP = re.compile(r"(?i)(?:кпп|инн\s*/\s*кпп\s*[:№#]?\s*\d{10}\s*/)\s*[:№#]?\s*(\d{9})(?!\d)")
_DIGITS_ONLY = re.compile(r"^\s*(\d{10}|\d{12})\s*$")


class LegalId(NamedTuple):
    """One legal identity of a record: a company's head office or branch, or an entrepreneur."""
    inn: str
    kpp: str = ""
    ogrn: str = ""


def _checksum(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights)) % 11 % 10


def is_valid_inn(inn: str) -> bool:
    if not inn.isdigit():
        return False
    if len(inn) == 10:
        return inn != "0000000000" and _checksum(inn, _INN_10_WEIGHTS) == int(inn[9])
    if len(inn) == 12:
        return (_checksum(inn, _INN_12_WEIGHTS_1) == int(inn[10])
                and _checksum(inn, _INN_12_WEIGHTS_2) == int(inn[11]))
    return False


def is_valid_kpp(kpp: str) -> bool:
    return bool(_KPP.match(kpp))


def is_valid_ogrn(ogrn: str) -> bool:
    if not ogrn.isdigit():
        return False
    if len(ogrn) == 13:
        return int(ogrn[:12]) % 11 % 10 == int(ogrn[12])
    if len(ogrn) == 15:
        return int(ogrn[:14]) % 13 % 10 == int(ogrn[14])
    return False


def _digits(value: object) -> str:
    return re.sub(r"\s", "", value) if isinstance(value, str) else ""


def legal_id_from_requisite(requisite: dict) -> LegalId | None:
    """A crm.requisite.list row → LegalId, or None when it carries no valid INN."""
    inn = _digits(requisite.get("RQ_INN"))
    if not is_valid_inn(inn):
        return None
    kpp = _digits(requisite.get("RQ_KPP")).upper()
    ogrn = _digits(requisite.get("RQ_OGRN")) or _digits(requisite.get("RQ_OGRNIP"))
    return LegalId(inn, kpp if is_valid_kpp(kpp) else "", ogrn if is_valid_ogrn(ogrn) else "")


def legal_ids_in_text(text: str) -> list[LegalId]:
    """«ИНН 7707083893», «ИНН/КПП 7707083893/770701001» inside free text."""
    kpps = [kpp for kpp in _LABELLED_KPP.findall(text) if is_valid_kpp(kpp)]
    inns = [inn for inn in _LABELLED_INN.findall(text) if is_valid_inn(inn)]
    kpp = kpps[0] if len(inns) == 1 and len(kpps) == 1 and len(inns[0]) == 10 else ""
    return [LegalId(inn, kpp) for inn in dict.fromkeys(inns)]


# A client's settlement account: 20 digits on balance accounts 401–408 (40702… a firm, 40802… an
# entrepreneur). A correspondent account (30101…) is the bank's, shared by all its clients: never read.
# Only equality matters here, so the control key against the BIK is not checked: a mistyped account
# equals no other anyway.
_ACCOUNT = re.compile(r"(?<!\d)(40[1-8]\d{17})(?!\d)")


def settlement_accounts(text: str) -> tuple[str, ...]:
    """Settlement accounts written in a card's BANKING_DETAILS («Р/с 40702810… в ПАО Сбербанк»)."""
    return tuple(dict.fromkeys(_ACCOUNT.findall(text))) if "40" in text else ()


def bare_inn(value: object) -> str:
    """A field that holds nothing but a valid INN (BANKING_DETAILS, UF_CRM_* fields)."""
    if not isinstance(value, str):
        return ""
    match = _DIGITS_ONLY.match(value)
    return match.group(1) if match and is_valid_inn(match.group(1)) else ""
