"""Realistic Russian CRM data of any size, with duplicates in the forms they really take.

`seed_portal(portal, contacts=N)` creates N contacts plus about N/8 companies, N/10 leads, deals and
activities, through the same operations the REST methods use (so every record is well-formed):

- people from Faker's ru_RU name lists; mobile phones, free-mail and corporate e-mails;
- ~10 % of contacts are someone typed again: the phone in another format, the name swapped, with a
  typo, ё/е, a Latin look-alike letter, a diminutive, all caps, no patronymic; e-mails in other case,
  with a typo in the domain or with spaces; hard negatives too (family members sharing a phone,
  namesakes with different contacts);
- companies with legal forms and quotes in every spelling, ~60 % with a requisite (valid INN/OGRN
  check digits, legal address, sometimes a bank account), duplicates sharing an INN, branches (same INN,
  other KPP), an INN in the UF field for some; the DaData stand-in's organisations come last (the
  first rows of the newest-first list) without requisites, so filling them can be shown;
- ~30 % of leads come from people already in the CRM (same phone/e-mail in other spellings).
"""
from __future__ import annotations

import gc
import json
import random
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from faker.providers.address.ru_RU import Provider as AddressNames
from faker.providers.person.ru_RU import Provider as PersonNames

from devportal import addresses
from devportal import seed_variants as v
from devportal.crm import Crm
from devportal.dadata_fixtures import GENERATED_FILE
from devportal.requisites import Requisites
from devportal.state import Origin, Portal
from devportal.timeline import add_activity, add_comment
from requisites.checksums import (
    complete_correspondent_account,
    complete_inn10,
    complete_inn12,
    complete_ogrn,
    complete_ogrnip,
    complete_settlement_account,
)

ADMIN = Origin(1)
USER_IDS = (1, 2, 3)
NAME_ROOTS = ("Север", "Вектор", "Гранит", "Альфа", "Ромашка", "Техно", "Строй", "Агро", "Энерго", "Транс", "Пром",
              "Меридиан", "Восход", "Сибирь", "Волга", "Урал", "Ладога", "Континент", "Омега", "Полюс", "Радуга",
              "Кедр", "Берёза", "Феникс", "Орион", "Атлант", "Легион", "Партнёр", "Стандарт", "Прогресс")
NAME_TAILS = ("", "Строй", "Торг", "Сервис", "Логистик", "Пром", "Инвест", "Снаб", "Мед", "Софт", "Групп", "Трейд")
FORMS = ("ООО",) * 12 + ("АО",) * 2 + ("ЗАО", "ПАО", "НКО") + ("ИП",) * 3
LEAD_TITLES = ("Заявка с сайта", "Обратный звонок", "Входящий звонок", "Заявка из формы CRM", "Письмо на почту",
               "Чат с сайта", "Запрос коммерческого предложения")
BANKS = (("044525225", "ПАО Сбербанк"), ("044525593", "АО \"АЛЬФА-БАНК\""), ("044525974", "АО \"Тинькофф Банк\""),
         ("044525187", "Банк ВТБ (ПАО)"), ("045004641", "ПАО Сбербанк, Сибирский банк"))
SBERBANK = ("ПАО Сбербанк", "7707083893")


@dataclass
class SeedReport:
    contacts: int = 0
    companies: int = 0
    leads: int = 0
    deals: int = 0
    requisites: int = 0
    duplicate_contacts: int = 0
    duplicate_companies: int = 0
    duplicate_leads: int = 0


@dataclass
class Person:
    first: str
    middle: str
    last: str
    phone: str          # 10 national digits
    email: str | None


def seed_portal(portal: Portal, contacts: int, seed: int = 24) -> SeedReport:
    with portal.lock, _collector_paused():
        return _Seeder(portal, random.Random(seed)).run(max(0, int(contacts)))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Millions of small dicts that all stay alive: the cyclic collector would rescan them again and
    again (about a third of the time at 100,000 contacts) without ever freeing one."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Seeder:
    def __init__(self, portal: Portal, rng: random.Random):
        self.portal, self.rng = portal, rng
        self.crm, self.requisites = Crm(portal), Requisites(portal)
        self.report = SeedReport()
        self.people: list[tuple[int, Person]] = []
        self.companies: list[int] = []
        self.company_inns: list[tuple[int, str, str]] = []      # (company id, INN, title root)
        self.cities = list(AddressNames.city_names)
        self.streets = list(AddressNames.street_titles)

    def run(self, contacts: int) -> SeedReport:
        if contacts == 0:
            return self.report
        for _ in range(max(3, contacts // 8)):
            self._company()
        self._registry_companies()      # last, so the newest-first list opens with them (the demo's story)
        for _ in range(contacts):
            self._contact()
        for _ in range(max(1, contacts // 10)):
            self._lead()
        for company_id in self.companies[: max(1, len(self.companies) // 2)]:
            self._deal(company_id)
        for contact_id, _ in self.people[: max(1, contacts // 20)]:
            self._activity(contact_id)
        return self.report

    # -- people ----------------------------------------------------------------------------------
    def _new_person(self) -> Person:
        male = self.rng.random() < 0.5
        first = self.rng.choice(PersonNames.first_names_male if male else PersonNames.first_names_female)
        last = self.rng.choice(PersonNames.last_names_male if male else PersonNames.last_names_female)
        middle = self.rng.choice(PersonNames.middle_names_male if male else PersonNames.middle_names_female)
        phone = f"9{self.rng.randrange(10**9):09d}"
        email = v.email_for(first, last, self.rng) if self.rng.random() < 0.7 else None
        return Person(first, middle, last, phone, email)

    def _contact(self) -> None:
        rng = self.rng
        if self.people and rng.random() < 0.10:
            self._duplicate_contact()
            return
        person = self._new_person()
        if self.people and rng.random() < 0.01:                       # family member: same home phone
            person.phone = rng.choice(self.people)[1].phone
        fields = {"NAME": person.first, "SECOND_NAME": person.middle if rng.random() < 0.6 else "",
                  "LAST_NAME": person.last, "POST": rng.choice(("", "Менеджер", "Директор", "Бухгалтер", "Инженер")),
                  "PHONE": [{"VALUE": rng.choice(v.phone_variants(person.phone)[:3]), "VALUE_TYPE": "MOBILE"}],
                  "ASSIGNED_BY_ID": rng.choice(USER_IDS)}
        if person.email:
            fields["EMAIL"] = [{"VALUE": person.email, "VALUE_TYPE": rng.choice(("WORK", "HOME"))}]
        if self.companies and rng.random() < 0.5:
            fields["COMPANY_ID"] = rng.choice(self.companies)
        contact_id = self.crm.add("contact", fields, ADMIN)
        self.people.append((contact_id, person))
        self.report.contacts += 1

    def _duplicate_contact(self) -> None:
        rng = self.rng
        _, person = rng.choice(self.people)
        fields = {**v.person_variant(person.first, person.last, person.middle, rng),
                  "ASSIGNED_BY_ID": rng.choice(USER_IDS)}
        if rng.random() < 0.8:
            fields["PHONE"] = [{"VALUE": rng.choice(v.phone_variants(person.phone)), "VALUE_TYPE": "MOBILE"}]
        if person.email and rng.random() < 0.6:
            fields["EMAIL"] = [{"VALUE": v.email_variant(person.email, rng).strip(), "VALUE_TYPE": "WORK"}]
        if "PHONE" not in fields and "EMAIL" not in fields:
            fields["PHONE"] = [{"VALUE": v.phone_variants(person.phone)[0], "VALUE_TYPE": "WORK"}]
        contact_id = self.crm.add("contact", fields, ADMIN)
        self.people.append((contact_id, person))
        self.report.contacts += 1
        self.report.duplicate_contacts += 1

    # -- companies -------------------------------------------------------------------------------
    def _registry_companies(self) -> None:
        """Organisations the DaData stand-in knows, without requisites yet (INN in the UF field)."""
        known = [SBERBANK]
        if GENERATED_FILE.exists():
            for party in json.loads(GENERATED_FILE.read_text(encoding="utf-8"))["party"]:
                data = party["data"]
                if data.get("branch_type") in ("MAIN", None) and data.get("type") == "LEGAL":
                    known.append((party["value"].replace('"', "«", 1).replace('"', "»", 1), data["inn"]))
        for title, inn in reversed(dict(known).items()):        # ПАО Сбербанк ends up on top
            company_id = self.crm.add("company", {"TITLE": title, "UF_CRM_1687188367": inn,
                                                  "ASSIGNED_BY_ID": self.rng.choice(USER_IDS)}, ADMIN)
            self.companies.append(company_id)
            self.report.companies += 1

    def _company(self) -> None:
        rng = self.rng
        if self.company_inns and rng.random() < 0.08:
            self._duplicate_company()
            return
        form = rng.choice(FORMS)
        if form == "ИП":
            person = self._new_person()
            root = f"{person.last} {person.first} {person.middle}"
            title = rng.choice((f"ИП {person.last} {person.first[0]}.{person.middle[0]}.", f"ИП {root}", root))
        else:
            root = rng.choice(NAME_ROOTS) + rng.choice(NAME_TAILS)
            title = v.company_title(form, root, rng) if rng.random() < 0.3 else f"{form} «{root}»"
        domain = f"{v.translit(root.split()[0])}.ru"
        national = f"{rng.choice(('495', '499', '812', '343', '383', '846'))}{rng.randrange(10**7):07d}"
        fields = {"TITLE": title, "ASSIGNED_BY_ID": rng.choice(USER_IDS),
                  "INDUSTRY": rng.choice(("IT", "MANUFACTURING", "BANKING", "CONSULTING", "OTHER")),
                  "PHONE": [{"VALUE": rng.choice(v.phone_variants(national)[:2]), "VALUE_TYPE": "WORK"}],
                  "EMAIL": [{"VALUE": f"{rng.choice(('info', 'office', 'sales'))}@{domain}", "VALUE_TYPE": "WORK"}],
                  "WEB": [{"VALUE": f"https://{domain}", "VALUE_TYPE": "WORK"}]}
        inn = complete_inn12(f"77{rng.randrange(10**8):08d}") if form == "ИП" else \
            complete_inn10(f"77{rng.randrange(10**7):07d}")
        if rng.random() < 0.3:
            fields["UF_CRM_1687188367"] = inn
        company_id = self.crm.add("company", fields, ADMIN)
        self.companies.append(company_id)
        self.report.companies += 1
        if rng.random() < 0.6:
            self._requisite(company_id, form, root, inn, f"{inn[:4]}01001")
            self.company_inns.append((company_id, inn, root))
            if form != "ИП" and rng.random() < 0.03:              # a branch: same INN, other KPP
                branch = self.crm.add("company", {"TITLE": f"{title} (филиал в г. {rng.choice(self.cities)})",
                                                  "ASSIGNED_BY_ID": rng.choice(USER_IDS)}, ADMIN)
                self._requisite(branch, form, root, inn, f"{inn[:4]}{rng.randrange(2, 99):02d}001")
                self.companies.append(branch)
                self.report.companies += 1

    def _duplicate_company(self) -> None:
        rng = self.rng
        original, inn, root = rng.choice(self.company_inns)
        form = "ИП" if len(inn) == 12 else rng.choice(("ООО", "АО"))
        company_id = self.crm.add("company", {"TITLE": v.company_title(form, root, rng),
                                              "ASSIGNED_BY_ID": rng.choice(USER_IDS)}, ADMIN)
        if rng.random() < 0.7:
            self._requisite(company_id, form, root, inn, f"{inn[:4]}01001")
        self.companies.append(company_id)
        self.report.companies += 1
        self.report.duplicate_companies += 1

    def _requisite(self, company_id: int, form: str, root: str, inn: str, kpp: str) -> None:
        rng = self.rng
        person = self._new_person()
        if form == "ИП":
            fields = {"PRESET_ID": 2, "NAME": "ИП", "RQ_INN": inn, "RQ_LAST_NAME": person.last,
                      "RQ_FIRST_NAME": person.first, "RQ_SECOND_NAME": person.middle,
                      "RQ_OGRNIP": complete_ogrnip(f"3{rng.randrange(10**13):013d}")}
        else:
            fields = {"PRESET_ID": 1, "NAME": "Организация", "RQ_INN": inn, "RQ_KPP": kpp,
                      "RQ_COMPANY_NAME": f"{form} «{root}»",
                      "RQ_COMPANY_FULL_NAME": f'{v.LEGAL_FORMS.get(form, form).upper()} "{root.upper()}"',
                      "RQ_OGRN": complete_ogrn(f"1{rng.randrange(10**11):011d}"),
                      "RQ_DIRECTOR": f"{person.last} {person.first} {person.middle}",
                      "RQ_COMPANY_REG_DATE": f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}."
                                             f"{rng.randint(1995, 2022)}"}
        requisite_id = self.requisites.add({"ENTITY_TYPE_ID": 4, "ENTITY_ID": company_id, **fields}, ADMIN)
        self.report.requisites += 1
        city = rng.choice(self.cities)
        addresses.add(self.portal, {"TYPE_ID": 6, "ENTITY_TYPE_ID": 8, "ENTITY_ID": requisite_id,
                                    "ADDRESS_1": f"ул. {rng.choice(self.streets)}, д. {rng.randint(1, 120)}",
                                    "ADDRESS_2": f"офис {rng.randint(1, 500)}" if rng.random() < 0.5 else "",
                                    "CITY": city, "POSTAL_CODE": f"{rng.randint(101000, 692999)}",
                                    "COUNTRY": "Россия"}, ADMIN)
        if rng.random() < 0.35:
            bik, bank = rng.choice(BANKS)
            self.requisites.add_bank_detail({
                "ENTITY_ID": requisite_id, "NAME": bank, "RQ_BANK_NAME": bank, "RQ_BIK": bik,
                "RQ_ACC_NUM": complete_settlement_account(bik, f"40702810{rng.randrange(10**11):011d}"),
                "RQ_COR_ACC_NUM": complete_correspondent_account(bik), "RQ_ACC_CURRENCY": "RUB"}, ADMIN)

    # -- leads, deals, activities ----------------------------------------------------------------
    def _lead(self) -> None:
        rng = self.rng
        known = self.people and rng.random() < 0.3
        person = rng.choice(self.people)[1] if known else self._new_person()
        names = v.person_variant(person.first, person.last, person.middle, rng) if known else \
            {"NAME": person.first, "LAST_NAME": person.last if rng.random() < 0.7 else ""}
        fields = {"TITLE": rng.choice(LEAD_TITLES), **names, "ASSIGNED_BY_ID": rng.choice(USER_IDS),
                  "STATUS_ID": rng.choice(("NEW", "NEW", "IN_PROCESS", "PROCESSED", "JUNK")),
                  "SOURCE_ID": rng.choice(("WEB", "CALL", "EMAIL", "ADVERTISING")),
                  "PHONE": [{"VALUE": rng.choice(v.phone_variants(person.phone)), "VALUE_TYPE": "WORK"}]}
        if person.email and rng.random() < 0.6:
            fields["EMAIL"] = [{"VALUE": v.email_variant(person.email, rng).strip(), "VALUE_TYPE": "WORK"}]
        if self.company_inns and rng.random() < 0.2:
            fields["COMPANY_TITLE"] = f"ООО «{rng.choice(self.company_inns)[2]}»"
        self.crm.add("lead", fields, ADMIN)
        self.report.leads += 1
        self.report.duplicate_leads += int(bool(known))

    def _deal(self, company_id: int) -> None:
        contacts = self.portal.contact_companies.backward.targets(company_id)
        self.crm.add("deal", {"TITLE": f"Поставка №{self.rng.randint(100, 9999)}", "COMPANY_ID": company_id,
                              "CONTACT_IDS": contacts[:2], "OPPORTUNITY": str(self.rng.randint(10, 900) * 1000),
                              "ASSIGNED_BY_ID": self.rng.choice(USER_IDS)}, ADMIN)
        self.report.deals += 1

    def _activity(self, contact_id: int) -> None:
        add_activity(self.portal, {"OWNER_TYPE_ID": 3, "OWNER_ID": contact_id, "TYPE_ID": 2,
                                   "SUBJECT": "Звонок клиенту", "DIRECTION": 2}, ADMIN)
        if self.rng.random() < 0.5:
            add_comment(self.portal, {"ENTITY_TYPE": "contact", "ENTITY_ID": contact_id,
                                      "COMMENT": "Клиент просил перезвонить после обеда"}, ADMIN)
