"""One whole run: world → plans → label checks → Bitrix rows → files (contacts / companies / leads /
requisites .jsonl and labels.json)."""
from __future__ import annotations

import json
import os
import random

import orjson

from . import vocab as V
from .plan import (Card, Rec, check_companies, check_people, lead_company_label, plan_companies, plan_contacts,
                   plan_leads)
from .render import Ids, comment_channel, company_title, iso, multi_fields, name_fields, noise_note, shown_name
from .world import World, make_orgs, make_people

SELLER_SITES = ["stroymarket-pro.ru", "okna-komfort.ru", "teplo-dom.ru", "promsnab24.ru"]
MANAGERS = [str(i) for i in (1, 1, 3, 5, 7, 8, 12, 14, 15, 19, 22, 23, 27, 30, 31, 36, 41)]


def _assign_ids(items: list, rng: random.Random) -> None:
    order = sorted(range(len(items)), key=lambda i: (items[i].date, i))
    next_id = 1
    for i in order:
        items[i].rid = str(next_id)
        next_id += 1 + (rng.randrange(1, 4) if rng.random() < 0.06 else 0)   # deleted records leave gaps


def _empty(rng: random.Random):
    return None if rng.random() < 0.55 else ""


def _address(rng: random.Random, street: str, city) -> dict:
    return {"ADDRESS": street, "ADDRESS_2": None, "ADDRESS_CITY": city.name, "ADDRESS_POSTAL_CODE": f"{rng.randrange(101000, 692999)}",
            "ADDRESS_REGION": None, "ADDRESS_PROVINCE": None, "ADDRESS_COUNTRY": "Россия", "ADDRESS_COUNTRY_CODE": None,
            "ADDRESS_LOC_ADDR_ID": None}


def _no_address(empty) -> dict:
    return {"ADDRESS": empty, "ADDRESS_2": None, "ADDRESS_CITY": empty, "ADDRESS_POSTAL_CODE": None, "ADDRESS_REGION": None,
            "ADDRESS_PROVINCE": None, "ADDRESS_COUNTRY": None, "ADDRESS_COUNTRY_CODE": None, "ADDRESS_LOC_ADDR_ID": None}


def _inn_text(rng: random.Random, org, with_kpp: bool) -> str:
    if with_kpp and org.kpp:
        return rng.choice([f"ИНН/КПП {org.inn}/{org.kpp}", f"ИНН {org.inn} КПП {org.kpp}", f"ИНН: {org.inn}, КПП: {org.kpp}"])
    return rng.choice([f"ИНН {org.inn}", f"ИНН: {org.inn}", f"инн {org.inn}", f"ИНН{org.inn}", f"Реквизиты: ИНН {org.inn}"])


def company_row(rng: random.Random, card: Card, ids: Ids) -> dict:
    org = card.org
    empty = _empty(rng)
    comments = []
    if rng.random() < 0.3:
        comments.append(rng.choice(V.COMPANY_NOTES))
    if card.inn_in_comment:
        comments.append(_inn_text(rng, org, org.parent is not None or bool(org.branches) or rng.random() < 0.4))
    banking = empty
    if card.banking and org.bank:
        bank, bik, ks = org.bank
        account = "40702810" + f"{(int(org.inn) * 7 + 13) % 10 ** 12:012d}"
        banking = f"Р/с {account} в {bank}\nБИК {bik}\nК/с {ks}"
        if rng.random() < 0.4:
            banking = _inn_text(rng, org, True) + "\n" + banking
            if not card.requisite:
                card.inn_in_comment = True     # the INN is visible on the card after all
    fields = multi_fields(rng, card.chans, card.level, ids)
    row = {"ID": card.rid, "COMPANY_TYPE": org.ctype, "TITLE": company_title(rng, card), "LOGO": None, "LEAD_ID": None,
           "HAS_PHONE": "Y" if "PHONE" in fields else "N", "HAS_EMAIL": "Y" if "EMAIL" in fields else "N", "HAS_IMOL": "N",
           "ASSIGNED_BY_ID": rng.choice(MANAGERS), "CREATED_BY_ID": rng.choice(MANAGERS), "MODIFY_BY_ID": rng.choice(MANAGERS),
           "BANKING_DETAILS": banking, "INDUSTRY": org.industry, "REVENUE": rng.choice(["0", "", None, "1500000.00"]),
           "CURRENCY_ID": "RUB", "EMPLOYEES": rng.choice(["EMPLOYEES_1", "EMPLOYEES_2", "EMPLOYEES_3", "EMPLOYEES_4", None]),
           "COMMENTS": "\n".join(comments) if comments else empty, "DATE_CREATE": iso(card.date),
           "DATE_MODIFY": iso(card.date + rng.randrange(0, 86400 * 90)), "OPENED": "Y", "IS_MY_COMPANY": "N",
           "ORIGINATOR_ID": None, "ORIGIN_ID": None, "ORIGIN_VERSION": None}
    if card.show_city:
        row.update(_address(rng, org.street if rng.random() < 0.6 else None, org.city))
        if rng.random() < 0.15:
            row["ADDRESS_CITY"] = "г. " + org.city.name
    else:
        row.update(_no_address(empty))
    row.update({"ADDRESS_LEGAL": None, "REG_ADDRESS": None, "UTM_SOURCE": None, "UTM_MEDIUM": None, "UTM_CAMPAIGN": None,
                "UTM_CONTENT": None, "UTM_TERM": None, "LAST_ACTIVITY_TIME": iso(card.date + rng.randrange(0, 86400 * 200)),
                "LAST_ACTIVITY_BY": rng.choice(MANAGERS), "UF_CRM_1597660112": rng.choice(["", None, "Опт", "Розница"]),
                "UF_CRM_1611043452": None})
    row.update(fields)
    return row


def requisite_row(rng: random.Random, rid: str, entity_type: str, entity_id: str, org, date: int, director: str) -> dict:
    ip = org.form == "ИП"
    owner = org.owner
    if ip:
        name = f"ИП {owner.last} {owner.first} {owner.patr}"
        full = f"Индивидуальный предприниматель {owner.last} {owner.first} {owner.patr}"
    else:
        short = f'{org.form} "{org.core.replace("«", "").replace("»", "")}"'
        name = short.upper() if rng.random() < 0.4 else short
        if org.parent is not None and rng.random() < 0.5:
            name = f"Филиал {name} в г. {org.city.name}"
        full = f'{V.LEGAL_FORMS[org.form]} "{org.core.replace("«", "").replace("»", "")}"'
    e = "" if rng.random() < 0.7 else None
    return {"ID": rid, "ENTITY_TYPE_ID": entity_type, "ENTITY_ID": entity_id, "PRESET_ID": "2" if ip else "1",
            "DATE_CREATE": iso(date), "DATE_MODIFY": iso(date + rng.randrange(0, 86400 * 30)), "CREATED_BY_ID": rng.choice(MANAGERS),
            "MODIFY_BY_ID": rng.choice(MANAGERS), "NAME": rng.choice(["Организация", "Реквизиты", name]) if not ip else rng.choice(["ИП", name]),
            "CODE": None, "XML_ID": None, "ORIGINATOR_ID": None, "ACTIVE": "Y", "ADDRESS_ONLY": "N", "SORT": "500",
            "RQ_NAME": name if ip else e, "RQ_FIRST_NAME": owner.first if ip else e, "RQ_LAST_NAME": owner.last if ip else e,
            "RQ_SECOND_NAME": owner.patr if ip else e, "RQ_COMPANY_ID": e, "RQ_COMPANY_NAME": e if ip else name,
            "RQ_COMPANY_FULL_NAME": e if ip else full, "RQ_COMPANY_REG_DATE": e, "RQ_DIRECTOR": e if ip else director,
            "RQ_ACCOUNTANT": e, "RQ_CEO_NAME": e, "RQ_CEO_WORK_POS": e, "RQ_CONTACT": e, "RQ_EMAIL": e, "RQ_PHONE": e,
            "RQ_FAX": e, "RQ_IDENT_DOC": e, "RQ_IDENT_DOC_SER": e, "RQ_IDENT_DOC_NUM": e, "RQ_INN": org.inn,
            "RQ_KPP": e if ip else org.kpp, "RQ_USRLE": e, "RQ_IFNS": e, "RQ_OGRN": e if ip else org.ogrn,
            "RQ_OGRNIP": org.ogrn if ip else e, "RQ_OKPO": e, "RQ_OKTMO": e, "RQ_OKVED": rng.choice(["46.90", "41.20", "62.01", "47.19", e]),
            "RQ_OKPO_CODE": None, "RQ_VAT_PAYER": rng.choice(["Y", "N"]), "RQ_RESIDENCE_COUNTRY": e}


def person_row(rng: random.Random, rec: Rec, ids: Ids, person_card: dict) -> dict:
    p = rec.person
    empty = _empty(rng)
    names = name_fields(rng, rec, empty)
    comments = []
    if rng.random() < 0.22:
        comments.append(noise_note(rng))
    for c in rec.chans:
        if c.where == "comment":
            comments.insert(rng.randrange(len(comments) + 1), comment_channel(rng, c, rec.level))
    fields = multi_fields(rng, rec.chans, rec.level, ids)
    common = {"HONORIFIC": None, "NAME": names[0], "SECOND_NAME": names[1], "LAST_NAME": names[2]}
    post = p.post if rec.show_post and p.post else empty
    if rec.kind == "lead":
        company_title_text = empty
        if rec.lead_org is not None and "title" in rec.lead_evidence:
            company_title_text = _lead_company_title(rng, rec)
        for note in rec.notes:
            if note.startswith("company:"):
                company_title_text = note[8:] or empty
        for ev in rec.lead_evidence:
            if ev in ("inn", "inn_kpp"):
                comments.append(_inn_text(rng, rec.lead_org, ev == "inn_kpp"))
        if rng.random() < 0.35:
            comments.insert(0, rng.choice(V.LEAD_NOTES))
        title = V.LEAD_TITLES.pick(rng)
        phone = fields.get("PHONE", [{}])[0].get("VALUE")
        shown = shown_name(tuple(x or "" for x in names))
        if ("{phone}" in title and not phone) or ("{name}" in title and not shown) or ("{company}" in title and not company_title_text):
            title = "Заявка с сайта"
        title = title.format(site=rng.choice(SELLER_SITES), phone=phone, name=shown, company=company_title_text,
                             num=rng.randrange(1000, 99999))
        converted = rec.status == "CONVERTED" and p.eid in person_card
        row = {"ID": rec.rid, "TITLE": title, **common, "COMPANY_TITLE": company_title_text, "COMPANY_ID": None,
               "CONTACT_ID": person_card[p.eid] if converted else None, "IS_RETURN_CUSTOMER": "Y" if converted else "N",
               "BIRTHDATE": "", "SOURCE_ID": rec.source, "SOURCE_DESCRIPTION": empty, "STATUS_ID": rec.status,
               "STATUS_DESCRIPTION": None, "POST": post, "COMMENTS": "\n".join(comments) if comments else empty,
               "CURRENCY_ID": "RUB", "OPPORTUNITY": rng.choice(["0.00", "0.00", "15000.00", "120000.00", "4500.00"]),
               "IS_MANUAL_OPPORTUNITY": "N", "HAS_PHONE": "Y" if "PHONE" in fields else "N",
               "HAS_EMAIL": "Y" if "EMAIL" in fields else "N", "HAS_IMOL": "Y" if rec.source == "WEB" and rng.random() < 0.2 else "N",
               "ASSIGNED_BY_ID": rng.choice(MANAGERS), "CREATED_BY_ID": rng.choice(MANAGERS), "MODIFY_BY_ID": rng.choice(MANAGERS),
               "DATE_CREATE": iso(rec.date), "DATE_MODIFY": iso(rec.date + rng.randrange(0, 86400 * 20)),
               "DATE_CLOSED": iso(rec.date + 86400 * 3) if rec.status in ("CONVERTED", "JUNK") else "",
               "STATUS_SEMANTIC_ID": {"CONVERTED": "S", "JUNK": "F"}.get(rec.status, "P"), "OPENED": "Y",
               "ORIGINATOR_ID": None, "ORIGIN_ID": None, "MOVED_BY_ID": rng.choice(MANAGERS), "MOVED_TIME": iso(rec.date + 3600)}
    else:
        birth = ""
        if rng.random() < 0.06:
            day = int(p.eid[1:]) * 7919 % 28 + 1
            birth = f"{p.birth}-{int(p.eid[1:]) % 12 + 1:02d}-{day:02d}T00:00:00+03:00"
        row = {"ID": rec.rid, "POST": post, "COMMENTS": "\n".join(comments) if comments else empty, **common, "PHOTO": None,
               "LEAD_ID": None, "TYPE_ID": rng.choice(["CLIENT", "CLIENT", "CLIENT", "SUPPLIER", "PARTNER", "OTHER"]),
               "SOURCE_ID": rng.choice(["CALL", "WEB", "EMAIL", "RECOMMENDATION", "SELF", "OTHER", None]),
               "SOURCE_DESCRIPTION": empty, "COMPANY_ID": rec.company_card.rid if rec.company_card is not None else None,
               "BIRTHDATE": birth, "EXPORT": "Y", "HAS_PHONE": "Y" if "PHONE" in fields else "N",
               "HAS_EMAIL": "Y" if "EMAIL" in fields else "N", "HAS_IMOL": "N", "DATE_CREATE": iso(rec.date),
               "DATE_MODIFY": iso(rec.date + rng.randrange(0, 86400 * 60)), "ASSIGNED_BY_ID": rng.choice(MANAGERS),
               "CREATED_BY_ID": rng.choice(MANAGERS), "MODIFY_BY_ID": rng.choice(MANAGERS), "OPENED": "Y",
               "ORIGINATOR_ID": None, "ORIGIN_ID": None, "ORIGIN_VERSION": None, "FACE_ID": None}
    if rec.show_city:
        row.update(_address(rng, p.street if rng.random() < 0.3 else None, p.city))
    else:
        row.update(_no_address(empty))
    row.update({"UTM_SOURCE": None, "UTM_MEDIUM": None, "UTM_CAMPAIGN": None, "UTM_CONTENT": None, "UTM_TERM": None,
                "LAST_ACTIVITY_TIME": iso(rec.date + rng.randrange(0, 86400 * 100)), "LAST_ACTIVITY_BY": rng.choice(MANAGERS),
                "UF_CRM_1597660231": rng.choice(["", None, "Да", "Нет"])})
    row.update(fields)
    return row


def _lead_company_title(rng: random.Random, rec: Rec) -> str:
    card = Card(rec.lead_org, rec.date, 1)
    card.title_style, card.branch_marker = rec.title_style, rec.branch_marker
    return company_title(rng, card)


# ---------------------------------------------------------------------- hard negatives
_SHARED_KIND = {"office": "colleagues_office_phone", "generic": "generic_mailbox", "home": "family_shared_phone",
                "family": "family_shared_email"}
_LEAD_KIND = {"office": "lead_colleague_office_phone", "generic": "lead_generic_mailbox", "home": "lead_family_phone",
              "family": "lead_family_email"}


def hard_negatives(world: World, recs: list[Rec], cards: list[Card], leads: list[Rec]) -> list[dict]:
    out: list[dict] = []
    seen: set[tuple[str, str]] = set()
    father_son = {frozenset((a.eid, b.eid)) for kind, a, b in world.person_pairs if kind == "father_son"}

    def ref(x) -> str:
        return f"{'company' if isinstance(x, Card) else x.kind}:{x.rid}"

    def add(kind: str, a, b) -> None:
        ra, rb = ref(a), ref(b)
        pair = (ra, rb) if ra < rb else (rb, ra)
        if ra != rb and pair not in seen:
            seen.add(pair)
            out.append({"kind": kind, "a": pair[0], "b": pair[1]})

    index: dict[str, list[tuple[Rec, str]]] = {}
    for rec in recs + leads:
        for c in rec.chans:
            if c.shared in _SHARED_KIND:
                index.setdefault(c.key, []).append((rec, c.shared))
    for key, members in index.items():
        added = 0
        for i, (a, shared) in enumerate(members):
            for b, _ in members[i + 1:]:
                if a.person is b.person or added >= 4:
                    continue
                if shared == "home" and frozenset((a.person.eid, b.person.eid)) in father_son:
                    kind = "father_son" if "lead" not in (a.kind, b.kind) else "lead_father_son"
                else:
                    kind = (_LEAD_KIND if "lead" in (a.kind, b.kind) else _SHARED_KIND)[shared]
                add(kind, a, b)
                added += 1
    first_rec: dict[str, Rec] = {}
    for rec in recs + leads:
        first_rec.setdefault(rec.person.eid, rec)
    for kind, a, b in world.person_pairs:
        if kind in ("full_namesake", "father_son") and a.eid in first_rec and b.eid in first_rec:
            add(kind, first_rec[a.eid], first_rec[b.eid])
    first_card: dict[str, Card] = {}
    for card in cards:
        if card.org.eid not in first_card or (card.requisite and not first_card[card.org.eid].requisite):
            first_card[card.org.eid] = card
    for kind, members in world.groups:
        present = [first_card[o.eid] for o in members if o.eid in first_card]
        for i, a in enumerate(present):
            for b in present[i + 1:]:
                add(kind, a, b)
    for lead in leads:
        org = lead.inn_branch_trap
        if org is None:
            continue
        for o in [org] + org.branches:
            if o.eid in first_card:
                add("lead_inn_of_branched_company", lead, first_card[o.eid])
    return out


# ---------------------------------------------------------------------- the run
def generate(out: str, n_contacts: int, n_companies: int, n_leads: int, seed: int) -> dict:
    rng = random.Random(seed)
    world = World(rng)
    make_orgs(world, n_companies)
    make_people(world, n_contacts)
    cards = plan_companies(world)
    company_fixes = check_companies(cards)
    _assign_ids(cards, rng)
    cards_by_org: dict[str, list[Card]] = {}
    for card in sorted(cards, key=lambda c: int(c.rid)):
        cards_by_org.setdefault(card.org.eid, []).append(card)
    recs = plan_contacts(world, cards_by_org)
    leads = plan_leads(world, n_leads, recs, cards_by_org)
    people_fixes = check_people(recs + leads)
    _assign_ids(recs, rng)
    _assign_ids(leads, rng)
    for lead in leads:
        lead.label_company = lead_company_label(lead)

    os.makedirs(out, exist_ok=True)
    ids = Ids()
    def dumps(row: dict) -> str:            # compact UTF-8 JSON, keys in Bitrix order
        return orjson.dumps(row).decode("utf-8")
    requisites = []
    directors = {}
    with open(os.path.join(out, "companies.jsonl"), "w", encoding="utf-8") as handle:
        for card in sorted(cards, key=lambda c: int(c.rid)):
            handle.write(dumps(company_row(rng, card, ids)) + "\n")
            if card.requisite:
                org = card.org
                if org.eid not in directors:
                    d = world.rng
                    directors[org.eid] = f"{V.SURNAMES.pick(d)} {V.MALE_FIRST.pick(d)} {V.patronymic(V.FATHER_FIRST.pick(d), 'm')}"
                requisites.append((card.date + rng.randrange(60, 86400 * 10), "4", card.rid, org, directors[org.eid]))
    person_card: dict[str, str] = {}
    for rec in sorted(recs, key=lambda r: int(r.rid)):
        person_card.setdefault(rec.person.eid, rec.rid)
    with open(os.path.join(out, "contacts.jsonl"), "w", encoding="utf-8") as handle:
        for rec in sorted(recs, key=lambda r: int(r.rid)):
            handle.write(dumps(person_row(rng, rec, ids, person_card)) + "\n")
            if rec.requisite and rec.person.role == "owner":
                requisites.append((rec.date + rng.randrange(60, 86400 * 10), "3", rec.rid, rec.person.employer, ""))
    with open(os.path.join(out, "leads.jsonl"), "w", encoding="utf-8") as handle:
        for rec in sorted(leads, key=lambda r: int(r.rid)):
            handle.write(dumps(person_row(rng, rec, ids, person_card)) + "\n")
    requisites.sort(key=lambda r: (r[0], r[1], int(r[2])))
    with open(os.path.join(out, "requisites.jsonl"), "w", encoding="utf-8") as handle:
        for n, (date, entity_type, entity_id, org, director) in enumerate(requisites, 1):
            handle.write(dumps(requisite_row(rng, str(n), entity_type, entity_id, org, date, director)) + "\n")

    labels = {"contact": {r.rid: r.person.eid for r in sorted(recs, key=lambda r: int(r.rid))},
              "company": {c.rid: c.org.eid for c in sorted(cards, key=lambda c: int(c.rid))},
              # "org": the firm the lead's title or INN was made to name, whether or not that is unambiguous
              "lead": {r.rid: {"person": r.person.eid, "company": r.label_company,
                               "org": r.lead_org.eid if r.lead_org else None} for r in sorted(leads, key=lambda r: int(r.rid))},
              "hard_negatives": hard_negatives(world, recs, cards, leads)}
    with open(os.path.join(out, "labels.json"), "w", encoding="utf-8") as handle:
        json.dump(labels, handle, ensure_ascii=False)
    return {"contacts": len(recs), "companies": len(cards), "leads": len(leads), "requisites": len(requisites),
            "people": len(world.people), "organisations": len(world.orgs), "company_fixes": company_fixes, **people_fixes,
            "hard_negatives": len(labels["hard_negatives"])}
