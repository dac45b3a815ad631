"""The true world behind the hold-out records: people and companies, and the look-alikes that must
stay apart (branches, sister companies, same names in other cities, entrepreneurs with the same
initials, namesakes, fathers and sons, families sharing a phone or a mailbox, colleagues sharing an
office phone or info@).

Records are rendered from this world by dedupe_holdout.py; identifiers are valid (INN, KPP, OGRN,
OGRNIP via requisites.checksums) and unique unless sharing is the point.
"""
from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass, field

from benchmarks.dedupe_holdout_parts.channels import (
    CITIES, GENERIC_LOCALS, City, MailRegistry, PhoneBook, draw_unique, make_site, pick_city)
from benchmarks.dedupe_holdout_parts.text import (
    MALE_NAMES, feminine_surname, patronymic_of, pick_father, pick_first_name, pick_surname, pick_weighted)
from benchmarks.dedupe_holdout_parts.titles import LEGAL_FORMS, SISTER_SUFFIXES, make_core, near_core
from requisites.checksums import complete_inn10, complete_inn12, complete_ogrn, complete_ogrnip

POSTS = ("Генеральный директор", "Директор", "Коммерческий директор", "Главный бухгалтер", "Бухгалтер",
         "Менеджер по закупкам", "Менеджер", "Руководитель отдела продаж", "Начальник отдела снабжения",
         "Снабженец", "Инженер", "Главный инженер", "Офис-менеджер", "Секретарь", "Юрист", "Логист", "Прораб")
_FORM_WEIGHTS = tuple((form, w) for form, (_, w) in LEGAL_FORMS.items())


@dataclass(eq=False)
class Company:
    key: str
    city: City
    form: str                      # "ООО", …, or "ИП"
    core: str                      # the name without legal form; "Фамилия Имя Отчество" for an ИП
    inn: str
    kpp: str | None
    ogrn: str                      # OGRN, or OGRNIP for an ИП
    phones: list[str]
    site: str | None
    mail_domain: str | None
    generic: list[str]             # info@…, sales@… of this company
    in_crm: bool = True
    trap: str | None = None        # which look-alike relation this company was built for
    branch_label: str | None = None
    ip_name: tuple[str, str, str] | None = None
    size: float = 1.0
    exts: set[str] = field(default_factory=set)
    staff_names: set[tuple[str, str]] = field(default_factory=set)  # (surname, first name) of its people
    records: int = 1


@dataclass(eq=False)
class Person:
    key: str
    female: bool
    last: str
    first: str
    middle: str | None
    year: int
    city: City
    mobiles: list[str]
    emails: list[str]
    company: Company | None = None
    post: str | None = None
    work_email: str | None = None
    office_phone: str | None = None
    ext: str | None = None
    home_phone: str | None = None
    family_email: str | None = None
    trap: str | None = None
    birthdate: str | None = None
    records: int = 1


class World:
    """Builds people and companies; `relations` names the deliberate look-alike pairs."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.phones = PhoneBook(rng)
        self.mail = MailRegistry(rng)
        self.sites: set[str] = set()
        self.inns: set[str] = set()
        self.companies: list[Company] = []     # in the CRM
        self.offline: list[Company] = []       # employers the CRM has no card for
        self.people: list[Person] = []
        self.relations: dict[frozenset[str], str] = {}  # person or company key pairs -> look-alike kind
        self._seq = itertools.count(1)
        self._cum_sizes: list[float] = []

    # ------------------------------------------------------------------ identifiers

    def _unique_inn(self, make) -> str:
        return draw_unique(make, self.inns)

    def org_identifiers(self, city: City) -> tuple[str, str, str]:
        rng = self.rng
        office = rng.choice(city.tax_offices)
        inn = self._unique_inn(lambda: complete_inn10(office + f"{rng.randrange(100000):05d}"))
        kpp = office + "01001"
        ogrn = complete_ogrn(rng.choice("15") + f"{rng.randrange(2, 25):02d}" + city.region + f"{rng.randrange(10**7):07d}")
        return inn, kpp, ogrn

    def person_inn(self, city: City) -> str:
        office = self.rng.choice(city.tax_offices)
        return self._unique_inn(lambda: complete_inn12(office + f"{self.rng.randrange(10**6):06d}"))

    def ogrnip(self, city: City) -> str:
        return complete_ogrnip("3" + f"{self.rng.randrange(4, 25):02d}" + city.region + f"{self.rng.randrange(10**9):09d}")

    # ------------------------------------------------------------------ companies

    def _company(self, city: City, form: str, core: str, in_crm: bool = True, **kw) -> Company:
        rng = self.rng
        key = ("C" if in_crm else "X") + f"{next(self._seq):07d}"
        if form == "ИП":
            inn, kpp, ogrn = self.person_inn(city), None, self.ogrnip(city)
            phones = [self.phones.mobile()] + ([self.phones.landline(city)] if rng.random() < 0.3 else [])
        else:
            inn, kpp, ogrn = self.org_identifiers(city)
            phones = [self.phones.landline(city) for _ in range(1 + (rng.random() < 0.3))]
            if rng.random() < 0.08:
                phones.append(self.phones.toll_free())
        has_site = rng.random() < (0.35 if form == "ИП" else 0.8)
        site = make_site(rng, core if form != "ИП" else core.split()[0], city, self.sites) if has_site else None
        generic = [f"{pick_weighted(rng, GENERIC_LOCALS)}@{site}"] if site and form != "ИП" else []
        if generic and rng.random() < 0.35:
            extra = f"{pick_weighted(rng, GENERIC_LOCALS)}@{site}"
            generic += [extra] if extra not in generic else []
        company = Company(key, city, form, core, inn, kpp, ogrn, phones, site, site, generic, in_crm=in_crm,
                          size=min(rng.paretovariate(1.2), 150.0), **kw)
        (self.companies if in_crm else self.offline).append(company)
        return company

    def organisation(self, city: City | None = None, core: str | None = None, in_crm: bool = True, **kw) -> Company:
        city = city or pick_city(self.rng)
        return self._company(city, pick_weighted(self.rng, _FORM_WEIGHTS), core or make_core(self.rng), in_crm, **kw)

    def entrepreneur(self, name: tuple[str, str, str] | None = None, **kw) -> Company:
        rng = self.rng
        if name is None:
            female = rng.random() < 0.4
            name = (pick_surname(rng, female), pick_first_name(rng, female),
                    patronymic_of(pick_father(rng)[0], female))
        return self._company(pick_city(rng), "ИП", " ".join(name), ip_name=name, **kw)

    def company_with_lookalikes(self) -> list[Company]:
        """One CRM company, sometimes with the look-alikes that must never be merged into it."""
        group = self._company_group()
        for a, b in itertools.combinations(group, 2):
            self.relations[frozenset((a.key, b.key))] = a.trap
        return group

    def _company_group(self) -> list[Company]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.03:  # head office and branches: one INN, one OGRN, a KPP per office
            head = self.organisation(trap="branch")
            out = [head]
            for city in rng.sample([c for c in CITIES if c is not head.city], rng.choice((1, 1, 2))):
                branch = self._company(city, head.form, head.core, trap="branch",
                                       branch_label=f"Филиал в г. {city.name}")
                self.inns.discard(branch.inn)
                branch.inn, branch.ogrn, branch.site, branch.mail_domain = head.inn, head.ogrn, head.site, head.site
                branch.kpp = rng.choice(city.tax_offices) + "43001"
                branch.generic = list(head.generic)
                out.append(branch)
            return out
        if roll < 0.05:  # sister companies of one holding: one office phone and site, two INNs
            first = self.organisation(trap="sister_company")
            second = self._company(first.city, pick_weighted(rng, _FORM_WEIGHTS),
                                   first.core + rng.choice(SISTER_SUFFIXES), trap="sister_company")
            second.phones = [first.phones[0]] + second.phones[1:]
            second.site = second.mail_domain = first.site
            second.generic = list(first.generic)
            return [first, second]
        if roll < 0.075:  # the same common name in another city
            first = self.organisation(trap="same_name_other_city")
            city = rng.choice([c for c in CITIES if c is not first.city])
            return [first, self._company(city, first.form, first.core, trap="same_name_other_city")]
        if roll < 0.095:  # long names one word apart
            first = self.organisation(trap="similar_title")
            return [first, self.organisation(core=near_core(rng, first.core), trap="similar_title")]
        if roll < 0.11:  # entrepreneurs with the same surname and initials
            first = self.entrepreneur(trap="ip_same_initials")
            return [first, self.entrepreneur(self._same_initials(first.ip_name), trap="ip_same_initials")]
        return [self.entrepreneur() if roll < 0.25 else self.organisation()]

    def _same_initials(self, name: tuple[str, str, str]) -> tuple[str, str, str]:
        last, first, middle = name
        female = middle.endswith("на")
        pool = [r[0] for r in MALE_NAMES] if not female else [n for n in
                                                              ("Елена", "Екатерина", "Евгения", "Ольга", "Оксана", "Анна", "Алина",
                                                               "Алёна", "Анастасия", "Татьяна", "Тамара", "Наталья", "Надежда",
                                                               "Нина", "Мария", "Марина", "Маргарита", "Ирина", "Инна", "Яна")]
        firsts = [n for n in pool if n[0] == first[0] and n != first] or [first]
        fathers = [r[0] for r in MALE_NAMES if patronymic_of(r[0], female)[0] == middle[0]
                   and patronymic_of(r[0], female) != middle]
        new_middle = patronymic_of(self.rng.choice(fathers), female) if fathers else middle
        new_first = self.rng.choice(firsts)
        if (new_first, new_middle) == (first, middle):
            new_middle = patronymic_of(self.rng.choice([r[0] for r in MALE_NAMES]), female)
        return last, new_first, new_middle

    def finish_companies(self) -> None:
        """Employees are spread over CRM and offline employers by a heavy-tailed size."""
        self._employers = self.companies + self.offline
        self._cum_sizes = list(itertools.accumulate(c.size for c in self._employers))

    def pick_employer(self) -> Company:
        point = self.rng.random() * self._cum_sizes[-1]
        return self._employers[bisect.bisect_left(self._cum_sizes, point)]

    # ------------------------------------------------------------------ people

    def person(self, female: bool | None = None, last: str | None = None, first: str | None = None,
               middle: str | None = None, employer: Company | None = None, year: int | None = None,
               trap: str | None = None) -> Person:
        rng = self.rng
        female = rng.random() < 0.5 if female is None else female
        last = last or pick_surname(rng, female)
        fixed_first = first
        first = first or pick_first_name(rng, female)
        while employer and (last, first) in employer.staff_names and not fixed_first:
            first = pick_first_name(rng, female)
        if middle is None and rng.random() > 0.03:
            middle = patronymic_of(pick_father(rng)[0], female)
        year = year or rng.randint(1958, 2003)
        city = employer.city if employer and rng.random() < 0.85 else pick_city(rng)
        mobiles = [self.phones.mobile() for _ in range(rng.choices((0, 1, 2), (10, 75, 15))[0])]
        emails = [self.mail.personal(last, first, middle, year) for _ in range(rng.choices((0, 1, 2), (30, 65, 5))[0])]
        p = Person(f"P{next(self._seq):07d}", female, last, first, middle, year, city, mobiles, emails, trap=trap)
        if rng.random() < 0.12:
            p.birthdate = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T03:00:00+03:00"
        if employer:
            self.employ(p, employer)
        self.people.append(p)
        return p

    def employ(self, p: Person, company: Company) -> None:
        """Give `p` a job at `company` — unless a colleague there has the same surname and first name:
        two such people at one company could not be told apart by name and company, so none is made."""
        if (p.last, p.first) in company.staff_names:
            return
        company.staff_names.add((p.last, p.first))
        rng = self.rng
        p.company, p.post = company, rng.choice(POSTS)
        if company.mail_domain and rng.random() < 0.65:
            p.work_email = self.mail.corporate(p.last, p.first, p.middle, company.mail_domain)
        if company.phones and company.form != "ИП":
            p.office_phone = rng.choice(company.phones[:2])
            if rng.random() < 0.45:
                for _ in range(20):
                    ext = str(rng.randrange(10, 1000))
                    if ext not in company.exts:
                        company.exts.add(ext)
                        p.ext = ext
                        break

    def people_group(self) -> list[Person]:
        """One contact-to-be, or a deliberate look-alike pair (relations records which)."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.006:
            return self._father_and_son()
        if roll < 0.014:
            return self._family(shared="family_phone")
        if roll < 0.022:
            return self._family(shared="family_email")
        if roll < 0.034:
            a = self.person(employer=self._maybe_employer())
            b = self.person(a.female, a.last, a.first, a.middle, employer=self._maybe_employer(), trap="namesake")
            if not a.middle:
                b.middle = None
            a.trap = "namesake"
            self._relate(a, b, "namesake")
            return [a, b]
        return [self.person(employer=self._maybe_employer())]

    def _maybe_employer(self) -> Company | None:
        return self.pick_employer() if self.rng.random() < 0.6 else None

    def _relate(self, a: Person, b: Person, kind: str) -> None:
        self.relations[frozenset((a.key, b.key))] = kind

    def _father_and_son(self) -> list[Person]:
        rng = self.rng
        first = rng.choice([r[0] for r in MALE_NAMES[:20]])
        father = self.person(False, first=first, year=rng.randint(1950, 1970), trap="father_son",
                             employer=self._maybe_employer())
        while father.middle in (None, patronymic_of(first, False)):
            father.middle = patronymic_of(pick_father(rng)[0], False)
        son = self.person(False, father.last, first, patronymic_of(first, False), year=father.year + rng.randint(22, 32),
                          trap="father_son", employer=self._maybe_employer())
        son.city = father.city
        father.home_phone = son.home_phone = self.phones.landline(father.city)
        self._relate(father, son, "father_son")
        return [father, son]

    def _family(self, shared: str) -> list[Person]:
        rng = self.rng
        a = self.person(False, trap=shared, employer=self._maybe_employer())
        b_first = pick_first_name(rng, True)
        b = self.person(True, feminine_surname(a.last), b_first, trap=shared, year=a.year + rng.randint(-5, 25))
        b.city = a.city
        if shared == "family_phone":
            a.home_phone = b.home_phone = (self.phones.landline(a.city) if rng.random() < 0.6 else self.phones.mobile())
        else:
            a.family_email = b.family_email = self.mail.personal(a.last + "y", a.first[:1] + b_first[:1], None, a.year)
        self._relate(a, b, shared)
        return [a, b]

    def relative_of(self, p: Person) -> Person:
        """A grown child of the man `p`, using his family's home phone or family mailbox."""
        rng = self.rng
        female = rng.random() < 0.5
        first = pick_first_name(rng, female)
        while first == p.first:
            first = pick_first_name(rng, female)
        middle = patronymic_of(p.first, female) if any(r[0] == p.first for r in MALE_NAMES) else None
        child = self.person(female, feminine_surname(p.last) if female else p.last, first, middle,
                            year=p.year + rng.randint(20, 30), trap=p.trap)
        child.home_phone, child.family_email, child.city = p.home_phone, p.family_email, p.city
        self._relate(p, child, "family_email" if p.family_email else "family_phone")
        return child
