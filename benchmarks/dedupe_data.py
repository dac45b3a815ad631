"""Seeded, labelled CRM data for the duplicate engine: contacts, companies, leads and requisites as
JSON Lines in Bitrix24 list shapes, plus labels.json with the true entity of every record and the
hard-negative pairs (records that look alike but are different entities), by kind.

    python benchmarks/dedupe_data.py --out /tmp/dd --contacts 20000 --companies 2000 --leads 3000 --seed 7

Duplicates carry the distortions of real CRMs (formats, typos, short names, swapped fields, aliases,
mailboxes typed into comments, extensions …); the world carries the traps (office lines, families,
father and son, namesakes, role mailboxes, branches, same-name firms, similar long names,
entrepreneurs with the same initials, a lead with the INN of a firm that has branches).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from dedupe_world import (CITIES, REGION_OF_CITY, Firm, Names, Numbers, Person, firm_core,  # noqa: E402
                          gendered_surname, inn10, inn12, long_title_sibling, ogrn, patronymic)
from dedupe_distort import translit  # noqa: E402

_FORMS = (["ООО"] * 62 + ["ИП"] * 18 + ["АО"] * 8 + ["ЗАО"] * 4 + ["ПАО"] * 2 + ["АНО"] * 1)
_PUBLIC = (["mail.ru"] * 30 + ["yandex.ru"] * 16 + ["ya.ru"] * 3 + ["gmail.com"] * 18 + ["bk.ru"] * 6
           + ["list.ru"] * 5 + ["inbox.ru"] * 4 + ["rambler.ru"] * 5)


class World:
    def __init__(self, rng: random.Random):
        self.rng, self.names, self.numbers = rng, Names(rng), Numbers(rng)
        self.firms: dict[str, Firm] = {}
        self.people: dict[str, Person] = {}
        self.relations: list[tuple[str, str, str]] = []      # (kind, entity a, entity b)
        self.extensions: dict[str, set[str]] = defaultdict(set)
        self.corporate_logins: dict[str, set[str]] = {}

    # ------------------------------------------------------------------ firms
    def city(self) -> str:
        return self.rng.choice([name for name, _ in CITIES] + ["Москва"] * 6 + ["Санкт-Петербург"] * 3)

    def new_firm(self, form: str | None = None, core: str | None = None, city: str | None = None) -> Firm:
        rng = self.rng
        form = form or rng.choice(_FORMS)
        city = city or self.city()
        region = REGION_OF_CITY.get(city, "77")
        if form == "ИП":
            female = rng.random() < 0.4
            last, first, father = self.names.surname(female), self.names.first(female), self.names.father()
            core = core or (f"{last} {first[0]}.{patronymic(father, female)[0]}." if rng.random() < 0.6
                            else f"{last} {first} {patronymic(father, female)}")
            inn, kpp = inn12(rng, region), ""
        else:
            core = core or firm_core(rng)
            inn = inn10(rng, region)
            kpp = inn[:4] + "01001"
        key = f"F{len(self.firms) + 1}"
        phones = [self.numbers.landline(city)] + ([self.numbers.landline(city)] if rng.random() < 0.3 else [])
        domain = ""
        if form != "ИП" and rng.random() < 0.75:
            domain = translit(core.split()[0]).replace("-", "").replace("'", "")[:14] + f"{rng.randrange(1, 999)}" + rng.choice((".ru", ".ru", ".com", ".su"))
        emails = [f"{rng.choice(('info', 'sales', 'office', 'zakaz'))}@{domain}"] if domain else []
        if not domain and rng.random() < 0.6:
            emails = [f"{translit(core.split()[0])}{rng.randrange(10, 999)}@{rng.choice(_PUBLIC)}"]
        firm = Firm(key, form, core, city, inn, kpp, ogrn(rng, region, form == "ИП"), phones, domain, emails)
        self.firms[key] = firm
        return firm

    def add_firms(self, count: int) -> None:
        rng = self.rng
        while len(self.firms) < count:
            firm = self.new_firm()
            roll = rng.random()
            if roll < 0.05 and firm.form != "ИП":            # branches: same INN, own KPP, own city and phone
                for _ in range(rng.choice((1, 2))):
                    city = self.city()
                    branch = self.new_firm(firm.form, firm.core if rng.random() < 0.6 else f"{firm.core} филиал {city}", city)
                    branch.inn, branch.ogrn, branch.head = firm.inn, firm.ogrn, firm.key
                    branch.kpp = REGION_OF_CITY.get(city, "77") + firm.inn[2:4] + "43" + f"{rng.randrange(1, 999):03d}"
                    branch.domain, branch.emails = firm.domain, ([f"{city[:3].lower()}@{firm.domain}"] if firm.domain else [])
                    self.relations.append(("branch", firm.key, branch.key))
            elif roll < 0.09 and firm.form != "ИП":          # the same common name in another city
                twin = self.new_firm(firm.form, firm.core, rng.choice([c for c, _ in CITIES if c != firm.city]))
                self.relations.append(("same_name_other_city", firm.key, twin.key))
            elif roll < 0.12:                                 # similar long names
                sibling = long_title_sibling(firm.core, rng)
                if sibling:
                    other = self.new_firm(firm.form, sibling, firm.city)
                    self.relations.append(("similar_long_name", firm.key, other.key))
            elif roll < 0.16 and firm.form == "ИП" and "." in firm.core:   # ИП Иванов И.И. twice
                twin = self.new_firm("ИП", firm.core, firm.city)
                self.relations.append(("entrepreneur_initials", firm.key, twin.key))
            elif roll < 0.18 and len(self.firms) > 2:         # a business centre's shared reception line
                neighbour = self.new_firm(city=firm.city)
                neighbour.phones.append(firm.phones[0])
                self.relations.append(("business_centre_phone", firm.key, neighbour.key))

    # ------------------------------------------------------------------ people
    def new_person(self, female: bool | None = None, last: str | None = None, first: str | None = None,
                   middle: str | None = None, firm: Firm | None = None) -> Person:
        rng = self.rng
        female = rng.random() < 0.5 if female is None else female
        last = last or self.names.surname(female)
        first = first or self.names.first(female)
        middle = middle if middle is not None else patronymic(self.names.father(), female)
        key = f"P{len(self.people) + 1}"
        mobiles = [self.numbers.mobile()] if rng.random() < 0.93 else []
        if rng.random() < 0.08:
            mobiles.append(self.numbers.mobile())
        emails = [self.personal_email(first, last)] if rng.random() < 0.7 else []
        person = Person(key, female, first, middle, last, mobiles, emails)
        if firm is not None:
            self.employ(person, firm)
        self.people[key] = person
        return person

    def personal_email(self, first: str, last: str) -> str:
        rng = self.rng
        f, l_ = translit(first), translit(last)
        login = rng.choice([f"{f}.{l_}", f"{l_}.{f}", f"{f[0]}{l_}", f"{l_}{rng.randrange(60, 99)}",
                            f"{f}_{l_}{rng.randrange(1, 99)}", f"{f}.{l_}{rng.randrange(1970, 2005)}"])
        return f"{login}{rng.randrange(1, 9999)}@{rng.choice(_PUBLIC)}"

    def employ(self, person: Person, firm: Firm) -> None:
        rng = self.rng
        person.firm = firm.key
        if rng.random() < 0.5:
            person.office_phone = firm.phones[0]
            if rng.random() < 0.5:
                extension = f"{rng.randrange(100, 999)}"
                while extension in self.extensions[firm.key]:
                    extension = f"{rng.randrange(100, 999)}"
                self.extensions[firm.key].add(extension)
                person.extension = extension
        if firm.domain and rng.random() < 0.4:
            # Mail servers hand out each address once: the second s.komarov gets s.komarov2.
            login = f"{translit(person.first)[0]}.{translit(person.last)}"
            taken = self.corporate_logins.setdefault(firm.domain, set())
            unique, n = login, 1
            while unique in taken:
                n += 1
                unique = f"{login}{n}"
            taken.add(unique)
            person.emails.insert(0, f"{unique}@{firm.domain}")
        elif firm.emails and rng.random() < 0.08:
            person.emails.insert(0, firm.emails[0])               # the role mailbox as their own

    def add_people(self, count: int, firm_keys: list[str]) -> None:
        rng = self.rng
        firm_weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(firm_keys))]
        while len(self.people) < count:
            employer = self.firms[rng.choices(firm_keys, weights=firm_weights)[0]] if rng.random() < 0.65 else None
            person = self.new_person(firm=employer)
            roll = rng.random()
            if roll < 0.06:                                   # spouse: shared home line and/or family mailbox
                spouse = self.new_person(not person.female, gendered_surname(person.last, not person.female))
                home = self.numbers.landline(self.city()) if rng.random() < 0.6 else person.mobiles[0] if person.mobiles else ""
                family_mail = f"{translit(person.last)}y{rng.randrange(1, 99)}@{rng.choice(_PUBLIC)}"
                for member in (person, spouse):
                    if home:
                        member.mobiles.append(home)
                    if rng.random() < 0.5 or not home:
                        member.emails.append(family_mail)
                self.relations.append(("family_shared_contact", person.key, spouse.key))
            elif roll < 0.08 and not person.female:           # father and son: same name, other patronymic
                son = self.new_person(False, person.last, person.first, patronymic(person.first, False))
                while person.middle == son.middle:
                    person.middle = patronymic(self.names.father(), False)
                home = self.numbers.landline(self.city())
                person.mobiles.append(home)
                son.mobiles.append(home)
                self.relations.append(("father_son", person.key, son.key))
            elif roll < 0.10:                                 # a namesake with contacts of his own
                twin = self.new_person(person.female, person.last, person.first,
                                       person.middle if rng.random() < 0.5 else None)
                self.relations.append(("namesake", person.key, twin.key))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--contacts", type=int, default=20000)
    parser.add_argument("--companies", type=int, default=2000)
    parser.add_argument("--leads", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    from dedupe_records import build_dataset   # noqa: E402 — kept apart: records from the world
    dataset = build_dataset(args.contacts, args.companies, args.leads, args.seed)
    os.makedirs(args.out, exist_ok=True)
    for name in ("contacts", "companies", "leads", "requisites"):
        with open(os.path.join(args.out, f"{name}.jsonl"), "w", encoding="utf-8") as handle:
            for row in dataset[name]:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out, "labels.json"), "w", encoding="utf-8") as handle:
        json.dump(dataset["labels"], handle, ensure_ascii=False)
    counts = {name: len(dataset[name]) for name in ("contacts", "companies", "leads", "requisites")}
    print(f"written to {args.out}: {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
