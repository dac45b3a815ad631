"""CRM records from the generated world: one card per entity, duplicate cards with distortions,
leads, requisites, and the labels that say which records are truly the same."""
from __future__ import annotations

import itertools
import random

import dedupe_distort as d
import dedupe_rows as rows
from dedupe_data import World
from dedupe_world import DIMINUTIVES, Firm, Person

_LEAD_TITLES = ["Заявка с сайта", "Входящий звонок", "Заявка с формы обратной связи", "Запрос КП", "Лид с выставки",
                "Заказ обратного звонка", "Письмо на почту"]


class Builder:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.world = World(self.rng)
        self.ids = {kind: itertools.count(1) for kind in ("contact", "company", "lead", "requisite")}
        self.out = {"contacts": [], "companies": [], "leads": [], "requisites": []}
        self.labels = {"contact": {}, "company": {}, "lead": {}}
        self.firm_records: dict[str, list[str]] = {}
        self.person_records: dict[str, list[str]] = {}
        self.company_on_card: set[str] = set()
        self.lead_channel: dict[str, str] = {}

    # ------------------------------------------------------------------ companies
    def company_card(self, firm: Firm, duplicate: bool) -> None:
        rng = self.rng
        record_id = str(next(self.ids["company"]))
        core = d.typo(rng, firm.core) if duplicate and rng.random() < 0.08 and len(firm.core) > 7 else firm.core
        title = d.company_title_variant(rng, firm.form, core) if (duplicate or rng.random() < 0.5) else f"{firm.form} «{core}»"
        keep = [rng.random() < 0.85 for _ in range(4)] if duplicate else [True, True, True, True]
        phones = [(d.format_phone(rng, n), "WORK") for n in firm.phones] if keep[0] else []
        emails = [(d.email_variant(rng, e) if duplicate and rng.random() < 0.3 else e, "WORK") for e in firm.emails] if keep[1] else []
        webs = [(self.site_variant(firm.domain), "WORK")] if firm.domain and keep[2] else []
        requisite = rng.random() < (0.45 if duplicate else 0.75) or firm.head or self.is_trap(firm)
        if duplicate and not (phones or emails or webs or requisite):
            phones = [(d.format_phone(rng, firm.phones[0]), "WORK")]
        banking = firm.inn if not requisite and rng.random() < 0.1 else ""
        city = firm.city if rng.random() < 0.5 else None
        self.out["companies"].append(rows.company_row(rng, record_id, title, phones, emails, webs, city, "", banking))
        if requisite:
            name = "Филиал" if firm.head else "Организация" if firm.form != "ИП" else "ИП"
            self.out["requisites"].append(rows.requisite_row(
                next(self.ids["requisite"]), "4", record_id, name, firm.inn, firm.kpp, firm.ogrn,
                f"{firm.form} \"{firm.core}\"", firm.form == "ИП"))
        self.labels["company"][record_id] = firm.key
        self.firm_records.setdefault(firm.key, []).append(record_id)

    def is_trap(self, firm: Firm) -> bool:
        return firm.key in self.trap_firms

    def site_variant(self, domain: str) -> str:
        return self.rng.choice([domain, f"www.{domain}", f"https://{domain}/", f"http://www.{domain}", f"https://{domain}/contacts"])

    # ------------------------------------------------------------------ people
    def name_fields(self, person: Person, duplicate: bool) -> tuple[str, str, str]:
        rng = self.rng
        first, middle, last = person.first, person.middle, person.last
        if rng.random() < 0.4:
            first, middle, last = (d.yo_swap(part) for part in (first, middle, last))
        if not duplicate:
            # Father and son differ only in the patronymic: their own cards keep it.
            return first, (middle if rng.random() < 0.8 or person.key in self.fathers_and_sons else ""), last
        kind = rng.choice(["none"] * 5 + ["case", "yo", "lookalike", "swap", "no_middle", "no_middle",
                                           "typo_last", "typo_first", "short", "short", "one_field"])
        if kind == "case":
            first, last = d.case_change(rng, first), d.case_change(rng, last)
        elif kind == "lookalike":
            last = d.lookalike(rng, last)
        elif kind == "swap":
            first, last = last, first
        elif kind == "no_middle":
            middle = ""
        elif kind == "typo_last":
            last = d.typo(rng, last)
        elif kind == "typo_first":
            first = d.typo(rng, first)
        elif kind == "short" and person.first in DIMINUTIVES:
            first, middle = rng.choice(DIMINUTIVES[person.first]), ""
        elif kind == "one_field":
            first, middle, last = rng.choice([f"{last} {first} {middle}", f"{first} {last}"]), "", ""
        return first, middle, last

    def contact_card(self, person: Person, duplicate: bool, scenario: str = "") -> None:
        rng = self.rng
        record_id = str(next(self.ids["contact"]))
        first, middle, last = self.name_fields(person, duplicate and scenario not in ("phone_typo", "name_company"))
        phones = [(d.format_phone(rng, n), "MOBILE") for n in person.mobiles]
        if person.office_phone:
            phones.append((d.format_phone(rng, person.office_phone, person.extension), "WORK"))
        emails = [(e, "WORK") for e in person.emails]
        comments = ""
        if duplicate:
            phones, emails, comments = self.distort_contacts(person, scenario, phones, emails)
        company = self.firm_records.get(person.firm, [None])
        company_id = company[0] if person.firm and (rng.random() < 0.8 or scenario == "name_company") else None
        if duplicate and company_id and len(company) > 1 and rng.random() < 0.3:
            company_id = rng.choice(company)
        self.out["contacts"].append(rows.contact_row(rng, record_id, first, middle, last, phones, emails, [], company_id, comments))
        if company_id and not duplicate:
            self.company_on_card.add(person.key)
        self.labels["contact"][record_id] = person.key
        self.person_records.setdefault(person.key, []).append(record_id)

    def distort_contacts(self, person: Person, scenario: str, phones, emails):
        rng = self.rng
        comments = ""
        if scenario == "same_phone":
            emails = emails if rng.random() < 0.3 else []
        elif scenario == "same_email":
            phones = []
            emails = [(d.email_variant(rng, e), t) for e, t in emails]
        elif scenario == "both":
            emails = [(d.email_variant(rng, e) if rng.random() < 0.5 else e, t) for e, t in emails]
        elif scenario == "phone_typo":
            phones = [(d.format_phone(rng, d.mistype_digit(rng, person.mobiles[0])), "MOBILE")]
            emails = []
        elif scenario == "phone_replaced":
            phones = [(d.format_phone(rng, self.world.numbers.mobile()), "MOBILE")]
            emails = [(d.email_variant(rng, e), t) for e, t in emails]
        elif scenario == "name_company":
            phones, emails = [], []
        elif scenario == "email_in_comments":
            comments = d.comment_with(rng, email=person.emails[0])
            emails = []
            phones = phones if rng.random() < 0.3 else []
        elif scenario == "office_ext":
            extension = person.extension if rng.random() < 0.5 else ""
            phones = [(d.format_phone(rng, person.office_phone, extension), "WORK")]
            emails = []
        return phones, emails, comments

    def scenario(self, person: Person) -> str:
        rng = self.rng
        options = []
        if person.mobiles:
            options += ["same_phone"] * 35 + ["phone_typo"] * 8
        if person.emails:
            options += ["same_email"] * 20 + ["email_in_comments"] * 5
            options += ["phone_replaced"] * 7
        if person.mobiles and person.emails:
            options += ["both"] * 15
        if person.key in self.company_on_card:
            options += ["name_company"] * 7
        if person.office_phone:
            options += ["office_ext"] * 4
        return rng.choice(options) if options else ""

    # ------------------------------------------------------------------ leads
    def lead_card(self, person: Person, firm: Firm | None, firm_title: str = "") -> None:
        rng = self.rng
        record_id = str(next(self.ids["lead"]))
        roll = rng.random()
        if roll < 0.15:
            first, middle, last = rng.choice(DIMINUTIVES.get(person.first, [person.first]) + [person.first]), "", ""
        elif roll < 0.20:
            first, middle, last = "", "", ""
        else:
            first, middle, last = self.name_fields(person, duplicate=True)
            middle = middle if rng.random() < 0.3 else ""
        phones, emails, evidence = [], [], False
        if not person.mobiles and not person.emails:
            person.mobiles.append(self.world.numbers.mobile())   # the number this person calls from
        # People write in through their usual channel, sometimes through the other one.
        channel = self.lead_channel.setdefault(
            person.key, "phone" if person.mobiles and (not person.emails or rng.random() < 0.65) else "email")
        if person.mobiles and rng.random() < (0.92 if channel == "phone" else 0.35):
            phones.append((d.format_phone(rng, person.mobiles[0] if rng.random() < 0.85 else rng.choice(person.mobiles)), "WORK"))
        if person.office_phone and (rng.random() < 0.3 or not phones):
            phones.append((d.format_phone(rng, person.office_phone, person.extension), "WORK"))
            evidence = True
        if person.emails and (rng.random() < (0.92 if channel == "email" else 0.35) or not phones):
            email = rng.choice(person.emails)
            emails.append((d.email_variant(rng, email) if rng.random() < 0.4 else email, "WORK"))
            evidence = evidence or (firm is not None and (email in firm.emails or (bool(firm.domain) and email.endswith("@" + firm.domain))))
        company_title, inn_field, comments = "", "", ""
        if firm is not None and rng.random() < 0.6:
            company_title = d.company_title_variant(rng, firm.form, firm.core)
            evidence = True
            if rng.random() < 0.25 or (firm.key in self.heads_with_branches and rng.random() < 0.6):
                inn_field = firm.inn
        elif firm_title:
            company_title = firm_title
        if emails and rng.random() < 0.1:
            comments, emails = d.comment_with(rng, email=emails[0][0]), []
        if not phones and not emails and not comments:
            phones = [(d.format_phone(rng, (person.mobiles or [person.office_phone])[0]), "MOBILE")]
        title = rng.choice(_LEAD_TITLES)
        self.out["leads"].append(rows.lead_row(rng, record_id, title, first, middle, last, company_title,
                                               phones, emails, comments, inn_field))
        in_crm = firm is not None and firm.key in self.firm_records
        self.labels["lead"][record_id] = {"person": person.key, "company": firm.key if (in_crm and evidence) else None}
        self.person_records.setdefault(person.key, []).append("lead:" + record_id)
        if inn_field and firm.key in self.heads_with_branches:
            self.lead_inn_traps.append((record_id, firm.key))


def build_dataset(n_contacts: int, n_companies: int, n_leads: int, seed: int) -> dict:
    b = Builder(seed)
    rng, world = b.rng, b.world
    world.add_firms(int(n_companies * 0.8))
    b.trap_firms = {key for kind, x, y in world.relations if kind != "business_centre_phone" for key in (x, y)}
    b.heads_with_branches = {x for kind, x, _ in world.relations if kind == "branch"}
    b.lead_inn_traps = []
    b.fathers_and_sons = set()
    firms = list(world.firms.values())
    for firm in firms:
        b.company_card(firm, duplicate=False)
    while len(b.out["companies"]) < n_companies:
        b.company_card(rng.choice(firms), duplicate=True)

    world.add_people(int(n_contacts * 0.8), [firm.key for firm in firms])
    b.fathers_and_sons = {key for kind, x, y in world.relations if kind == "father_son" for key in (x, y)}
    people = list(world.people.values())
    for person in people:
        b.contact_card(person, duplicate=False)
    while len(b.out["contacts"]) < n_contacts:
        person = rng.choice(people)
        scenario = b.scenario(person)
        if scenario:
            b.contact_card(person, duplicate=True, scenario=scenario)

    while len(b.out["leads"]) < n_leads:
        roll = rng.random()
        if roll < 0.35:
            person = rng.choice(people)
            firm = world.firms.get(person.firm)
            repeats = 1 if rng.random() < 0.8 else 2
        else:
            employer = rng.choice(firms) if rng.random() < 0.35 else None
            person = world.new_person(firm=employer)
            firm = employer
            repeats = rng.choice((2, 2, 3)) if roll < 0.55 else 1
        outside_title = "" if firm else (d.company_title_variant(rng, "ООО", rng.choice(firms).core + " Плюс")
                                         if rng.random() < 0.2 else "")
        for _ in range(repeats):
            if len(b.out["leads"]) < n_leads:
                b.lead_card(person, firm, outside_title)

    b.out["labels"] = {**b.labels, "hard_negatives": hard_negatives(b)}
    return b.out


def hard_negatives(b: Builder) -> list[dict]:
    pairs = []
    people_kinds = {"family_shared_contact", "father_son", "namesake"}
    for kind, x, y in b.world.relations:
        records = b.person_records if kind in people_kinds else {k: ["company:" + r for r in v] for k, v in b.firm_records.items()}
        for left in records.get(x, []):
            for right in records.get(y, []):
                pairs.append({"kind": kind, "a": _ref(left), "b": _ref(right)})
    pairs += _office_neighbours(b)
    for lead_id, head in b.lead_inn_traps:
        for kind, x, y in b.world.relations:
            if kind == "branch" and x == head:
                pairs += [{"kind": "lead_inn_of_branch", "a": "lead:" + lead_id, "b": "company:" + r}
                          for r in b.firm_records.get(y, [])]
    return pairs


def _office_neighbours(b: Builder) -> list[dict]:
    """Colleagues on one office line, and people who share a role mailbox such as info@."""
    pairs = []
    for kind, attribute in (("office_phone", "office_phone"), ("role_mailbox", "emails")):
        holders: dict[str, list[Person]] = {}
        for person in b.world.people.values():
            values = [person.office_phone] if attribute == "office_phone" else [e for e in person.emails if e.split("@")[0] in ("info", "sales", "office", "zakaz")]
            for value in values:
                if value:
                    holders.setdefault(value, []).append(person)
        for group in holders.values():
            for left, right in itertools.combinations(group[:12], 2):
                for a in b.person_records.get(left.key, []):
                    for c in b.person_records.get(right.key, []):
                        pairs.append({"kind": kind, "a": _ref(a), "b": _ref(c)})
    return pairs


def _ref(record: str) -> str:
    return record if ":" in record else "contact:" + record
