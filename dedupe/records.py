"""Raw Bitrix24 rows (crm.*.list with select ["*", "PHONE", "EMAIL", "WEB", "UF_*"], crm.requisite.list)
→ normalised Records. Each row is read once; only what matching needs is kept.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from dedupe.emails import Email, emails_in_text, normalize_email
from dedupe.identifiers import LegalId, bare_inn, legal_id_from_requisite, legal_ids_in_text, settlement_accounts
from dedupe.model import COMPANY, CONTACT, LEAD, Record
from dedupe.names import parse_person_name
from dedupe.phones import Phone, phones_in_text, phones_of_value
from dedupe.places import normalize_city, normalize_street_address
from dedupe.text import clean_str
from dedupe.titles import CompanyTitle, normalize_title, with_own_city_noted
from dedupe.web import normalize_site

_DIGIT = re.compile(r"\d")
# crm.requisite ENTITY_TYPE_ID of the owner.
_OWNER_CONTACT, _OWNER_COMPANY = "3", "4"


def legal_ids_by_owner(requisites: Iterable[dict]) -> dict[tuple[str, str], list[LegalId]]:
    """crm.requisite.list rows → {(owner kind, owner id): [LegalId, …]}; rows without a valid INN are skipped."""
    owners: dict[tuple[str, str], list[LegalId]] = {}
    for row in requisites:
        owner = {_OWNER_CONTACT: CONTACT, _OWNER_COMPANY: COMPANY}.get(clean_str(row.get("ENTITY_TYPE_ID")))
        legal_id = legal_id_from_requisite(row)
        if owner and legal_id:
            owners.setdefault((owner, clean_str(row.get("ENTITY_ID"))), []).append(legal_id)
    return owners


def read_records(contacts: Iterable[dict], companies: Iterable[dict], leads: Iterable[dict],
                 requisites: Iterable[dict]) -> list[Record]:
    """Every row normalised, in the order the engine expects: companies, contacts, leads. A contact
    is given its company's title (to meet leads naming it) and each owner its requisites."""
    legal, firms, titles = read_companies(companies, requisites)
    return firms + contact_records(contacts, legal, titles) + [lead_record(row) for row in leads]


def read_companies(companies: Iterable[dict], requisites: Iterable[dict]
                   ) -> tuple[dict[tuple[str, str], list[LegalId]], list[Record], dict[str, CompanyTitle]]:
    """(requisites by owner, company records, company id → title): what reading contacts needs."""
    legal = legal_ids_by_owner(requisites)
    firms = [company_record(row, legal.get((COMPANY, _text(row.get("ID"))), [])) for row in companies]
    return legal, firms, {record.id: record.title for record in firms}


def contact_records(rows: Iterable[dict], legal: dict[tuple[str, str], list[LegalId]],
                    titles: dict[str, CompanyTitle]) -> list[Record]:
    return [contact_record(row, legal.get((CONTACT, _text(row.get("ID"))), []), titles) for row in rows]


def company_record(row: dict, legal_ids: list[LegalId]) -> Record:
    text_ids = _ids_in_fields(row, ("COMMENTS", "BANKING_DETAILS"))
    phones, emails, domains = _channels(row)
    address = normalize_street_address(f"{_text(row.get('ADDRESS'))} {_text(row.get('ADDRESS_2'))}")
    city = _city(row)
    return Record(
        kind=COMPANY, id=_text(row.get("ID")), title=with_own_city_noted(normalize_title(_text(row.get("TITLE"))), city),
        phones=phones, emails=emails, domains=domains, legal_ids=_unique(legal_ids + text_ids), city=city,
        address=address, accounts=settlement_accounts(_text(row.get("BANKING_DETAILS"))))


def contact_record(row: dict, legal_ids: list[LegalId], company_titles: dict[str, CompanyTitle]) -> Record:
    company_id = _text(row.get("COMPANY_ID"))
    company_id = "" if company_id == "0" else company_id
    phones, emails, domains = _channels(row)
    return Record(
        kind=CONTACT, id=_text(row.get("ID")), name=_person_name(row),
        title=company_titles.get(company_id), company_id=company_id,
        phones=phones, emails=emails, domains=domains, legal_ids=_unique(legal_ids) if legal_ids else ())


def lead_record(row: dict) -> Record:
    company_title = _text(row.get("COMPANY_TITLE"))
    phones, emails, domains = _channels(row)
    return Record(
        kind=LEAD, id=_text(row.get("ID")), name=_person_name(row),
        title=normalize_title(company_title) if company_title else None, company_id=_linked_id(row, "COMPANY_ID"),
        phones=phones, emails=emails, domains=domains,
        legal_ids=_unique(_ids_in_fields(row, ("COMMENTS", "TITLE"))), city=_city(row),
        linked_contact=_linked_id(row, "CONTACT_ID"))


def _linked_id(row: dict, field: str) -> str:
    """A lead's CONTACT_ID / COMPANY_ID: the link Bitrix24 already holds ("0" or empty: none)."""
    value = _text(row.get(field))
    return "" if value == "0" else value


def _text(value: object) -> str:
    return value.strip() if value.__class__ is str else clean_str(value)


def _person_name(row: dict):
    get = row.get
    return parse_person_name(_text(get("NAME")), _text(get("SECOND_NAME")), _text(get("LAST_NAME")))


def _channels(row: dict) -> tuple[tuple[Phone, ...], tuple[Email, ...], tuple[str, ...]]:
    """Phones, mailboxes and site/mail domains: the multi-fields, plus what is typed into COMMENTS."""
    comments = _text(row.get("COMMENTS"))
    emails = _emails(row, comments)
    return _phones(row, comments), emails, _domains(row, emails)


def _multi_values(row: dict, field: str) -> list[str]:
    items = row.get(field)
    if not items or items.__class__ is not list:
        return []
    values = []
    for item in items:
        if item.__class__ is dict:
            value = item.get("VALUE")
            values.append(value.strip() if value.__class__ is str else clean_str(value))
    return values


def _phones(row: dict, comments: str) -> tuple[Phone, ...]:
    found: tuple[Phone, ...] = ()
    for value in _multi_values(row, "PHONE"):
        found += phones_of_value(value)
    if comments and _DIGIT.search(comments):
        found += tuple(Phone(e164, extension, from_comments=True) for e164, extension in phones_in_text(comments))
    if len(found) < 2 or len({(phone.e164, phone.extension) for phone in found}) == len(found):
        return found
    unique: dict[tuple[str, str], Phone] = {}
    for phone in found:
        unique.setdefault((phone.e164, phone.extension), phone)
    return tuple(unique.values())


def _emails(row: dict, comments: str) -> tuple[Email, ...]:
    emails: dict[str, Email] = {}
    for value in _multi_values(row, "EMAIL"):
        # «ivan@mail.ru; petrov@gmail.com» typed into one value is two addresses.
        found = [normalize_email(value)] if value.count("@") < 2 else emails_in_text(value, from_comments=False)
        for email in found:
            if email and email.mailbox not in emails:
                emails[email.mailbox] = email
    if "@" in comments:
        for email in emails_in_text(comments):
            emails.setdefault(email.mailbox, email)
    return tuple(emails.values())


def _domains(row: dict, emails: tuple[Email, ...]) -> tuple[str, ...]:
    domains = [domain for value in _multi_values(row, "WEB") if (domain := normalize_site(value))]
    domains += [email.company_domain for email in emails if email.company_domain]
    return tuple(dict.fromkeys(domains)) if len(domains) > 1 else tuple(domains)


def _ids_in_fields(row: dict, fields: tuple[str, ...]) -> list[LegalId]:
    found: list[LegalId] = []
    for field in fields:
        text = clean_str(row.get(field))
        if text:
            inn = bare_inn(text)
            found += [LegalId(inn)] if inn else (legal_ids_in_text(text) if "инн" in text.lower() else [])
    for key, value in row.items():
        if key.startswith("UF_") and isinstance(value, str):
            inn = bare_inn(value)
            found += [LegalId(inn)] if inn else (legal_ids_in_text(value) if "инн" in value.lower() else [])
    return found


def _unique(legal_ids: list[LegalId]) -> tuple[LegalId, ...]:
    """Drop an INN-only entry when the same INN is also known with its KPP."""
    with_kpp = {legal_id.inn for legal_id in legal_ids if legal_id.kpp}
    kept = [legal_id for legal_id in legal_ids if legal_id.kpp or legal_id.inn not in with_kpp]
    return tuple(dict.fromkeys(kept))


def _city(row: dict) -> str:
    return normalize_city(_text(row.get("ADDRESS_CITY")) or _text(row.get("REG_ADDRESS_CITY")))
