"""Bitrix24 row shapes for the generator: exactly what crm.contact/company/lead.list (select ["*",
"PHONE", "EMAIL", "WEB", "UF_*"]) and crm.requisite.list return — strings for ids, nulls for empties,
multi-fields as lists of {ID, VALUE_TYPE, VALUE, TYPE_ID}."""
from __future__ import annotations

import itertools
import random

_multifield_ids = itertools.count(1001)


def multifield(type_id: str, values: list[tuple[str, str]]) -> list[dict]:
    return [{"ID": str(next(_multifield_ids)), "VALUE_TYPE": value_type, "VALUE": value, "TYPE_ID": type_id}
            for value, value_type in values]


def _dates(rng: random.Random) -> dict:
    day = rng.randrange(1, 28)
    month = rng.randrange(1, 13)
    created = f"20{rng.randrange(18, 26)}-{month:02d}-{day:02d}T{rng.randrange(8, 20):02d}:{rng.randrange(60):02d}:00+03:00"
    return {"DATE_CREATE": created, "DATE_MODIFY": created, "CREATED_BY_ID": str(rng.randrange(1, 40)),
            "MODIFY_BY_ID": str(rng.randrange(1, 40)), "ASSIGNED_BY_ID": str(rng.randrange(1, 40))}


def _address(city: str | None) -> dict:
    return {"ADDRESS": None, "ADDRESS_2": None, "ADDRESS_CITY": city, "ADDRESS_POSTAL_CODE": None,
            "ADDRESS_REGION": None, "ADDRESS_PROVINCE": None, "ADDRESS_COUNTRY": "Россия" if city else None,
            "ADDRESS_COUNTRY_CODE": None, "ADDRESS_LOC_ADDR_ID": None}


def _utm() -> dict:
    return {"UTM_SOURCE": None, "UTM_MEDIUM": None, "UTM_CAMPAIGN": None, "UTM_CONTENT": None, "UTM_TERM": None}


def _comms(phones, emails, webs) -> dict:
    row = {"HAS_PHONE": "Y" if phones else "N", "HAS_EMAIL": "Y" if emails else "N", "HAS_IMOL": "N"}
    if phones:
        row["PHONE"] = multifield("PHONE", phones)
    if emails:
        row["EMAIL"] = multifield("EMAIL", emails)
    if webs:
        row["WEB"] = multifield("WEB", webs)
    return row


def contact_row(rng, record_id, first, middle, last, phones, emails, webs, company_id, comments, post="") -> dict:
    row = {"ID": str(record_id), "HONORIFIC": None, "NAME": first, "SECOND_NAME": middle or None,
           "LAST_NAME": last or None, "PHOTO": None, "BIRTHDATE": "", "TYPE_ID": "CLIENT", "SOURCE_ID": "CALL",
           "SOURCE_DESCRIPTION": None, "POST": post or None, "COMMENTS": comments or None, "OPENED": "Y",
           "EXPORT": "Y", "COMPANY_ID": company_id or None, "LEAD_ID": None, "ORIGINATOR_ID": None,
           "ORIGIN_ID": None, "ORIGIN_VERSION": None, "FACE_ID": None, "LAST_ACTIVITY_BY": "1",
           "LAST_ACTIVITY_TIME": None, **_dates(rng), **_address(None), **_utm(),
           "UF_CRM_1687188367": "", **_comms(phones, emails, webs)}
    return row


def company_row(rng, record_id, title, phones, emails, webs, city, comments, banking="") -> dict:
    return {"ID": str(record_id), "COMPANY_TYPE": "CUSTOMER", "TITLE": title, "LOGO": None, "LEAD_ID": None,
            "BANKING_DETAILS": banking or None, "INDUSTRY": rng.choice(["IT", "MANUFACTURING", "OTHER", "TELECOM"]),
            "REVENUE": "0", "CURRENCY_ID": "RUB", "EMPLOYEES": "EMPLOYEES_1", "COMMENTS": comments or None,
            "OPENED": "Y", "IS_MY_COMPANY": "N", "ORIGINATOR_ID": None, "ORIGIN_ID": None, "ORIGIN_VERSION": None,
            **_dates(rng), **_address(city), "REG_ADDRESS": None, "REG_ADDRESS_CITY": None, **_utm(),
            "LAST_ACTIVITY_BY": "1", "LAST_ACTIVITY_TIME": None, "UF_CRM_1687188367": "",
            **_comms(phones, emails, webs)}


def lead_row(rng, record_id, title, first, middle, last, company_title, phones, emails, comments, inn_field) -> dict:
    return {"ID": str(record_id), "TITLE": title, "HONORIFIC": None, "NAME": first or None,
            "SECOND_NAME": middle or None, "LAST_NAME": last or None, "BIRTHDATE": "", "COMPANY_TITLE": company_title or None,
            "SOURCE_ID": rng.choice(["WEB", "CALL", "EMAIL", "ADVERTISING"]), "SOURCE_DESCRIPTION": None,
            "STATUS_ID": "NEW", "STATUS_DESCRIPTION": None, "STATUS_SEMANTIC_ID": "P", "POST": None,
            "CURRENCY_ID": "RUB", "OPPORTUNITY": "0.00", "IS_MANUAL_OPPORTUNITY": "N", "OPENED": "Y",
            "COMMENTS": comments or None, "COMPANY_ID": None, "CONTACT_ID": None, "IS_RETURN_CUSTOMER": "N",
            **_dates(rng), **_address(None), **_utm(), "UF_CRM_INN": inn_field or "",
            "UF_CRM_1687188367": "", **_comms(phones, emails, [])}


def requisite_row(record_id, owner_type, owner_id, name, inn, kpp, ogrn, company_name, entrepreneur) -> dict:
    row = {"ID": str(record_id), "ENTITY_TYPE_ID": owner_type, "ENTITY_ID": str(owner_id),
           "PRESET_ID": "2" if entrepreneur else "1", "NAME": name, "CODE": None, "XML_ID": None,
           "ACTIVE": "Y", "ADDRESS_ONLY": "N", "SORT": "500", "RQ_NAME": None, "RQ_FIRST_NAME": None,
           "RQ_LAST_NAME": None, "RQ_SECOND_NAME": None, "RQ_COMPANY_NAME": company_name,
           "RQ_COMPANY_FULL_NAME": None, "RQ_INN": inn, "RQ_KPP": kpp or None,
           "RQ_OGRN": None if entrepreneur else ogrn, "RQ_OGRNIP": ogrn if entrepreneur else None,
           "RQ_OKPO": None, "RQ_OKTMO": None, "RQ_OKVED": None, "RQ_DIRECTOR": None, "RQ_ACCOUNTANT": None,
           "RQ_VAT_PAYER": "N"}
    return row
