"""Write hold-out records exactly as the Bitrix24 list methods return them.

Field sets follow `crm.contact.list` / `crm.company.list` / `crm.lead.list` with
select ["*", "PHONE", "EMAIL", "WEB", "UF_*"] (multi-fields appear only when the card has values) and
`crm.requisite.list` (reference: shared/reference/bitrix24-rest.md §5, §7; examples/bitrix24/).
"""
from __future__ import annotations

import json
import random
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

from benchmarks.dedupe_holdout_parts.records import SOURCES, Rec

_ADDRESS = ("ADDRESS ADDRESS_2 ADDRESS_CITY ADDRESS_POSTAL_CODE ADDRESS_REGION ADDRESS_PROVINCE ADDRESS_COUNTRY "
            "ADDRESS_COUNTRY_CODE ADDRESS_LOC_ADDR_ID").split()
_UTM = "UTM_SOURCE UTM_MEDIUM UTM_CAMPAIGN UTM_CONTENT UTM_TERM".split()
CONTACT_KEYS = ("ID POST COMMENTS HONORIFIC NAME SECOND_NAME LAST_NAME PHOTO LEAD_ID TYPE_ID SOURCE_ID "
                "SOURCE_DESCRIPTION COMPANY_ID BIRTHDATE EXPORT HAS_PHONE HAS_EMAIL HAS_IMOL DATE_CREATE DATE_MODIFY "
                "ASSIGNED_BY_ID CREATED_BY_ID MODIFY_BY_ID OPENED ORIGINATOR_ID ORIGIN_ID ORIGIN_VERSION FACE_ID").split() \
    + _ADDRESS + _UTM + ["LAST_ACTIVITY_TIME", "LAST_ACTIVITY_BY", "UF_CRM_1649077234", "UF_CRM_1712040161"]
COMPANY_KEYS = ("ID COMPANY_TYPE TITLE LOGO LEAD_ID HAS_PHONE HAS_EMAIL HAS_IMOL ASSIGNED_BY_ID CREATED_BY_ID "
                "MODIFY_BY_ID BANKING_DETAILS INDUSTRY REVENUE CURRENCY_ID EMPLOYEES COMMENTS DATE_CREATE DATE_MODIFY "
                "OPENED IS_MY_COMPANY ORIGINATOR_ID ORIGIN_ID ORIGIN_VERSION").split() + _ADDRESS + ["ADDRESS_LEGAL"] \
    + [f"REG_{k}" for k in _ADDRESS] + _UTM \
    + ["LAST_ACTIVITY_BY", "LAST_ACTIVITY_TIME", "LAST_COMMUNICATION_TIME", "UF_CRM_1687188367"]
LEAD_KEYS = ("ID TITLE HONORIFIC NAME SECOND_NAME LAST_NAME COMPANY_TITLE COMPANY_ID CONTACT_ID IS_RETURN_CUSTOMER "
             "BIRTHDATE SOURCE_ID SOURCE_DESCRIPTION STATUS_ID STATUS_DESCRIPTION POST COMMENTS CURRENCY_ID "
             "OPPORTUNITY IS_MANUAL_OPPORTUNITY HAS_PHONE HAS_EMAIL HAS_IMOL ASSIGNED_BY_ID CREATED_BY_ID "
             "MODIFY_BY_ID DATE_CREATE DATE_MODIFY DATE_CLOSED STATUS_SEMANTIC_ID OPENED ORIGINATOR_ID ORIGIN_ID "
             "MOVED_BY_ID MOVED_TIME").split() + _ADDRESS + _UTM \
    + ["LAST_ACTIVITY_TIME", "LAST_ACTIVITY_BY", "UF_CRM_1701173519", "UF_CRM_1642411020"]
KEYS = {"contact": CONTACT_KEYS, "company": COMPANY_KEYS, "lead": LEAD_KEYS}
FILES = {"contact": "contacts.jsonl", "company": "companies.jsonl", "lead": "leads.jsonl"}
_TITLES = (("Заявка с сайта", 15), ("Заявка с формы «Обратный звонок»", 8), ("Входящий звонок", 6),
           ("Входящий звонок {phone}", 8), ("{name} - заявка с сайта", 8), ("Письмо от {email}", 5),
           ("Заказ звонка", 5), ("Авито: {product}", 4), ("{company}", 6), ("Открытая линия: {first}", 4),
           ("Новый лид", 6), ("Расчёт стоимости: {product}", 5))
_PRODUCTS = ("бетон М300", "металлопрокат", "доставка", "вентиляция", "кондиционер", "окна ПВХ", "спецтехника",
             "аренда склада", "бухгалтерское обслуживание", "ремонт офиса", "упаковка")


def stamp(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+03:00")


def finish_lead_title(rng: random.Random, lead: Rec) -> None:
    """A lead's TITLE as telephony, web forms, mail and open lines make it (unless it already holds an INN)."""
    fields = lead.fields
    if fields.get("TITLE"):
        return
    phone = next((v for _, v in lead.multi.get("PHONE", ())), None)
    email = next((v for _, v in lead.multi.get("EMAIL", ())), None)
    name = " ".join(x for x in (fields.get("NAME"), fields.get("LAST_NAME")) if x)
    options = [(t, w) for t, w in _TITLES
               if ("{phone}" not in t or phone) and ("{email}" not in t or email)
               and ("{name}" not in t or name) and ("{first}" not in t or fields.get("NAME"))
               and ("{company}" not in t or fields.get("COMPANY_TITLE"))]
    template = rng.choices([t for t, _ in options], [w for _, w in options])[0]
    fields["TITLE"] = template.format(phone=(phone or "").strip(), email=(email or "").strip(), name=name,
                                      first=fields.get("NAME") or "", company=fields.get("COMPANY_TITLE") or "",
                                      product=rng.choice(_PRODUCTS))
    fields["SOURCE_ID"] = rng.choice(SOURCES)
    status = rng.choices(("NEW", "IN_PROCESS", "PROCESSED", "JUNK", "UC_A1B2C3"), (40, 25, 15, 10, 10))[0]
    fields.update({"STATUS_ID": status, "STATUS_SEMANTIC_ID": "F" if status == "JUNK" else "P",
                   "CURRENCY_ID": "RUB", "OPPORTUNITY": rng.choice(("0.00", "0.00", "15000.00", "84500.00")),
                   "IS_MANUAL_OPPORTUNITY": "N", "IS_RETURN_CUSTOMER": "N", "OPENED": "Y"})
    if rng.random() < 0.3:
        fields["UTM_SOURCE"] = rng.choice(("yandex", "google", "vk", "avito"))
        fields["UF_CRM_1642411020"] = str(rng.randrange(100000, 999999))


def _row(rng: random.Random, rec: Rec, field_ids, company_ids: dict[str, list[tuple]]) -> dict:
    fields = dict(rec.fields)
    fields["ID"] = rec.id
    fields["DATE_CREATE"] = stamp(rec.created)
    fields["DATE_MODIFY"] = stamp(rec.created + timedelta(days=rng.randrange(0, 400) * (rng.random() < 0.6)))
    fields.setdefault("MODIFY_BY_ID", fields["ASSIGNED_BY_ID"])
    if rec.type == "contact":
        fields.update({"EXPORT": "Y", "OPENED": "Y", "TYPE_ID": fields.get("TYPE_ID") or rng.choice(("CLIENT", "CLIENT", "SUPPLIER", "PARTNER", "OTHER")),
                       "SOURCE_ID": rng.choice(SOURCES),
                       "BIRTHDATE": rec.person.birthdate if rec.person.birthdate and rng.random() < 0.5 else ""})
        if rec.company is not None:
            fields["COMPANY_ID"] = _company_id(rng, rec, company_ids)
    if rec.type == "company":
        fields.update({"OPENED": "Y", "IS_MY_COMPANY": "N", "CURRENCY_ID": "RUB", "REVENUE": "0",
                       "UF_CRM_1687188367": fields.get("UF_CRM_1687188367") or ""})
    row = {key: fields.get(key) for key in KEYS[rec.type]}
    row["HAS_PHONE"] = "Y" if rec.multi.get("PHONE") else "N"
    row["HAS_EMAIL"] = "Y" if rec.multi.get("EMAIL") else "N"
    row["HAS_IMOL"] = "N"
    for kind in ("PHONE", "EMAIL", "WEB"):
        if rec.multi.get(kind):
            row[kind] = [{"ID": field_ids[(id(rec), kind, i)], "VALUE_TYPE": value_type, "VALUE": value,
                          "TYPE_ID": kind} for i, (value_type, value) in enumerate(rec.multi[kind])]
    return row


def _company_id(rng: random.Random, rec: Rec, company_ids: dict[str, list[tuple]]) -> str:
    """A contact points at one card of its company — preferably one that existed when it was created."""
    cards = company_ids[rec.company.key]
    earlier = [cid for created, cid in cards if created <= rec.created]
    return rng.choice(earlier or [cards[0][1]])


def write_dataset(rng: random.Random, data: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    records: list[Rec] = sorted(data["records"], key=lambda r: (r.created, r.type, int(r.id)))
    field_ids, next_field = {}, rng.randrange(100, 900)
    for rec in records:  # multi-field values share one id sequence across entity types
        for kind in ("PHONE", "EMAIL", "WEB"):
            for i, _ in enumerate(rec.multi.get(kind, ())):
                field_ids[(id(rec), kind, i)] = str(next_field)
                next_field += 1
    company_ids = {key: sorted((r.created, r.id) for r in cards) for key, cards in data["company_cards"].items()}
    next_requisite = rng.randrange(1, 60)
    with ExitStack() as stack:
        handles = {kind: stack.enter_context(open(out / name, "w", encoding="utf-8")) for kind, name in FILES.items()}
        requisites = stack.enter_context(open(out / "requisites.jsonl", "w", encoding="utf-8"))
        for rec in sorted(records, key=lambda r: (r.type, int(r.id))):
            handles[rec.type].write(json.dumps(_row(rng, rec, field_ids, company_ids), ensure_ascii=False) + "\n")
        for rec in records:
            for requisite in rec.requisites:
                row = dict(requisite, ID=str(next_requisite), ENTITY_ID=rec.id,
                           DATE_CREATE=stamp(rec.created + timedelta(hours=rng.randrange(0, 72))),
                           CREATED_BY_ID=rec.fields["ASSIGNED_BY_ID"], XML_ID=None)
                requisites.write(json.dumps(row, ensure_ascii=False) + "\n")
                next_requisite += 1
    (out / "labels.json").write_text(json.dumps(data["labels"], ensure_ascii=False), encoding="utf-8")
