"""Cleaning and validating what people type: INN, OGRN(IP), KPP, BIK and bank accounts.

Every validator returns a `Checked` (cleaned value, or an error in ru/en) and never raises on bad
input; `require()` turns a failed `Checked` into `InvalidInput` for callers that want an exception.
A wrong checksum is reported here, so it never reaches DaData.
"""
from __future__ import annotations

import re
import unicodedata

from requisites import checksums
from requisites.model import Checked, InvalidInput, Message, QueryKind

__all__ = [
    "clean_identifier", "classify_query", "require",
    "validate_inn", "validate_ogrn", "validate_ogrnip", "validate_kpp", "validate_bik",
    "validate_settlement_account", "validate_correspondent_account",
]

MIN_NAME_QUERY = 3
MAX_NAME_QUERY = 300  # suggest/party rejects longer queries with 413 (dadata.md §2)

# A label people paste in front of the number: «ИНН: 7707083893», "INN 7707…", «р/с №…».
_LABEL = re.compile(
    r"^(?:огрнип|ogrnip|огрн|ogrn|инн|inn|кпп|kpp|бик|bik|bic|р/с|р\.?\s?с\.?|к/с|к\.?\s?с\.?|сч[её]т|#)"
    r"(?=[\s:#.\d]|$)[\s:#.]*",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_.]+")
# Cyrillic letters that look like the Latin ones a KPP may hold.
_LOOKALIKES = str.maketrans("АВЕКМНОРСТХ", "ABEKMHOPCTX")
_KPP = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")


def _msg(ru: str, en: str) -> Message:
    return Message(ru, en)


def _strip_labels(text: str) -> tuple[str, bool]:
    labelled = False
    while True:
        match = _LABEL.match(text)
        if not match or not match.group(0):
            return text, labelled
        text, labelled = text[match.end():].lstrip(), True


def _normalize(text: str | None) -> str:
    # «№» first: NFKC would turn it into "No".
    return unicodedata.normalize("NFKC", str(text or "").replace("№", "#")).strip()


def clean_identifier(text: str | None) -> str:
    """Drop labels («ИНН:», "INN", «№»), spaces (incl. non-breaking), dashes and dots.

    Unicode digits (full-width etc.) become ASCII through NFKC. Letters stay, so callers can
    tell a name from a number.
    """
    text, _ = _strip_labels(_normalize(text))
    return _SEPARATORS.sub("", text)


def _digits_only(value: str) -> bool:
    return value.isascii() and value.isdigit()


def require(checked: Checked) -> str:
    """The cleaned value, or `InvalidInput` with the check's message."""
    if checked.error is not None:
        raise InvalidInput(checked.error)
    return checked.value or ""


# ---------------------------------------------------------------- identifiers

def validate_inn(text: str | None) -> Checked:
    value = clean_identifier(text)
    if not value:
        return Checked(None, _msg("Введите ИНН.", "Enter an INN."))
    if not _digits_only(value):
        return Checked(None, _msg("ИНН состоит только из цифр.", "An INN contains digits only."))
    if len(value) not in (10, 12):
        return Checked(None, _msg(
            f"ИНН — это 10 цифр у организации или 12 у ИП и физлица, а здесь {len(value)}.",
            f"An INN has 10 digits (organisation) or 12 (entrepreneur, person); this one has {len(value)}."))
    if not checksums.is_valid_inn(value):
        return Checked(None, _msg(
            "Контрольная цифра ИНН не сходится — проверьте, нет ли опечатки.",
            "The INN check digit does not match — please look for a typo."))
    kind = QueryKind.INN_LEGAL if len(value) == 10 else QueryKind.INN_INDIVIDUAL
    return Checked(value, kind=kind)


def _validate_registration_number(text: str | None, length: int, name_ru: str, name_en: str,
                                  is_valid, kind: QueryKind) -> Checked:
    value = clean_identifier(text)
    if not _digits_only(value) or len(value) != length:
        return Checked(None, _msg(f"{name_ru} — это {length} цифр.", f"An {name_en} has {length} digits."))
    if not is_valid(value):
        return Checked(None, _msg(
            f"Контрольная цифра {name_ru} не сходится — проверьте, нет ли опечатки.",
            f"The {name_en} check digit does not match — please look for a typo."))
    return Checked(value, kind=kind)


def validate_ogrn(text: str | None) -> Checked:
    return _validate_registration_number(text, 13, "ОГРН", "OGRN", checksums.is_valid_ogrn, QueryKind.OGRN)


def validate_ogrnip(text: str | None) -> Checked:
    return _validate_registration_number(text, 15, "ОГРНИП", "OGRNIP", checksums.is_valid_ogrnip,
                                         QueryKind.OGRNIP)


def validate_kpp(text: str | None) -> Checked:
    """KPP: 4 digits, 2 digits or Latin capitals (since 2013), 3 digits (dadata.md §5.5)."""
    value = clean_identifier(text).upper().translate(_LOOKALIKES)
    if not _KPP.match(value):
        return Checked(None, _msg(
            "КПП — 9 знаков: 4 цифры, затем 2 цифры или латинские буквы, затем 3 цифры.",
            "A KPP has 9 characters: 4 digits, then 2 digits or Latin letters, then 3 digits."))
    return Checked(value)


def validate_bik(text: str | None) -> Checked:
    value = clean_identifier(text)
    if not _digits_only(value) or len(value) != 9:
        return Checked(None, _msg("БИК — это 9 цифр.", "A BIK (bank identifier) has 9 digits."))
    return Checked(value)


# ---------------------------------------------------------------- accounts against the BIK

def _account_and_bik(account: str | None, bik: str | None, label_ru: str, label_en: str
                     ) -> tuple[str, str] | Checked:
    bik_checked = validate_bik(bik)
    if not bik_checked.ok:
        return bik_checked
    value = clean_identifier(account)
    if not _digits_only(value) or len(value) != 20:
        return Checked(None, _msg(f"{label_ru} — это 20 цифр.", f"A {label_en} has 20 digits."))
    return value, bik_checked.value


def validate_settlement_account(account: str | None, bik: str | None) -> Checked:
    """Settlement account against its bank's BIK (dadata.md §5.7).

    Accounts at a Bank of Russia cash centre (BIK digits 7–9 `000`–`002`) may be keyed like a
    correspondent account — UNVERIFIED (§5.7), so either keying is accepted for them.
    """
    parsed = _account_and_bik(account, bik, "Расчётный счёт", "settlement account")
    if isinstance(parsed, Checked):
        return parsed
    value, bik_value = parsed
    ok = checksums.is_valid_settlement_account(value, bik_value)
    if not ok and bik_value[6:9] in ("000", "001", "002"):
        ok = checksums.is_valid_correspondent_account(value, bik_value, strict=False)
    if not ok:
        return Checked(None, _msg(
            "Расчётный счёт не сходится с БИК: проверьте номер счёта и БИК банка.",
            "The settlement account does not match the BIK: check both the account and the bank's BIK."))
    return Checked(value)


def validate_correspondent_account(account: str | None, bik: str | None) -> Checked:
    """Correspondent account against the BIK: checksum and BIK digits 7–9 = last three (§5.7)."""
    parsed = _account_and_bik(account, bik, "Корреспондентский счёт", "correspondent account")
    if isinstance(parsed, Checked):
        return parsed
    value, bik_value = parsed
    if not checksums.is_valid_correspondent_account(value, bik_value, strict=False):
        return Checked(None, _msg(
            "Корреспондентский счёт не сходится с БИК.",
            "The correspondent account does not match the BIK."))
    if not checksums.correspondent_account_matches_bik_number(value, bik_value):
        return Checked(None, _msg(
            "Корреспондентский счёт принадлежит другому банку: его последние три цифры должны совпадать "
            "с последними тремя цифрами БИК.",
            "The correspondent account belongs to another bank: its last three digits must equal the "
            "BIK's last three."))
    return Checked(value)


# ---------------------------------------------------------------- the search box

def classify_query(text: str | None) -> Checked:
    """What the user typed into the search box: an INN, OGRN, OGRNIP (validated) or a name query.

    The result's `kind` tells which; `value` is the cleaned number or the name with spaces
    collapsed.
    """
    raw = _normalize(text)
    if not raw:
        return Checked(None, _msg("Введите ИНН, ОГРН или название.", "Enter an INN, OGRN or a name."))
    stripped, labelled = _strip_labels(raw)
    compact = _SEPARATORS.sub("", stripped)
    if compact and _digits_only(compact):
        return _classify_number(compact)
    if labelled:
        return Checked(None, _msg("После «ИНН»/«ОГРН» ожидаются цифры.",
                                  "Digits are expected after “INN”/“OGRN”."))
    name = " ".join(raw.split())
    if len(name) < MIN_NAME_QUERY:
        return Checked(None, _msg(f"Для поиска по названию введите хотя бы {MIN_NAME_QUERY} символа.",
                                  f"Type at least {MIN_NAME_QUERY} characters to search by name."))
    if len(name) > MAX_NAME_QUERY:
        return Checked(None, _msg(f"Слишком длинный запрос: не больше {MAX_NAME_QUERY} символов.",
                                  f"The query is too long: at most {MAX_NAME_QUERY} characters."))
    return Checked(name, kind=QueryKind.NAME)


def _classify_number(digits: str) -> Checked:
    if len(digits) in (10, 12):
        return validate_inn(digits)
    if len(digits) == 13:
        return validate_ogrn(digits)
    if len(digits) == 15:
        return validate_ogrnip(digits)
    return Checked(None, _msg(
        f"Число из {len(digits)} цифр не похоже ни на ИНН (10 или 12 цифр), ни на ОГРН (13), ни на ОГРНИП (15).",
        f"A {len(digits)}-digit number is neither an INN (10 or 12 digits), an OGRN (13) nor an OGRNIP (15)."))
