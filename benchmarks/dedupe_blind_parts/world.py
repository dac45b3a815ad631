"""The real world behind the CRM: people (with households, namesakes, fathers and sons) and organisations
(legal forms, branches sharing an INN, common names in several cities, near-identical long names,
entrepreneurs with the same surname and initials). Channels (phones, mailboxes, domains) are unique unless
they are deliberately shared (office phone, generic mailbox, home phone, family mailbox)."""
from __future__ import annotations

import random

from . import identifiers as ids
from . import vocab as V


class Org:
    __slots__ = ("eid", "form", "core", "kind", "city", "inn", "kpp", "ogrn", "year", "parent", "branches", "domain",
                 "phones", "hotline", "mailbox", "industry", "ctype", "cards", "owner", "employees", "street",
                 "bank", "group", "confusable", "title_unique", "names", "tkey")

    def __init__(self, eid):
        self.eid = eid
        self.parent = None
        self.branches = []
        self.owner = None
        self.employees = []
        self.names = set()
        self.tkey = None
        self.group = None          # (kind, group id) for deliberately confusable organisations
        self.confusable = False
        self.title_unique = True
        self.hotline = None
        self.domain = None
        self.mailbox = None


class Household:
    __slots__ = ("hid", "phone", "phone_kind", "email", "members", "kind")

    def __init__(self, hid, kind):
        self.hid, self.kind = hid, kind
        self.phone = self.email = None
        self.phone_kind = None
        self.members = []


class Person:
    __slots__ = ("eid", "gender", "first", "patr", "father", "last", "last_key", "city", "mobiles", "email",
                 "work_email", "employer", "post", "household", "cards", "leads", "inn", "birth", "namesake_of",
                 "role", "street")

    def __init__(self, eid):
        self.eid = eid
        self.household = None
        self.employer = None
        self.work_email = None
        self.email = None
        self.cards = 0
        self.leads = 0
        self.inn = None
        self.namesake_of = None
        self.role = None
        self.post = None


def copies(rng: random.Random, dup_rate: float) -> int:
    """How many CRM records one real entity gets: mostly one, 2–4 for about dup_rate of entities."""
    if rng.random() >= dup_rate:
        return 1
    x = rng.random()
    return 2 if x < 0.72 else 3 if x < 0.93 else 4


class World:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.orgs: list[Org] = []
        self.people: list[Person] = []
        self.households: list[Household] = []
        self.used_phones: set[str] = set()
        self.used_emails: set[str] = set()
        self.used_domains: set[str] = set()
        self.used_inn: set[str] = set()
        self.used_kpp: set[str] = set()
        self.groups: list[tuple[str, list[Org]]] = []      # confusable organisations, by kind
        self.person_pairs: list[tuple[str, Person, Person]] = []   # namesakes, fathers and sons, ИП initials

    # ------------------------------------------------------------------ channels
    def mobile(self) -> str:
        rng = self.rng
        while True:
            number = rng.choice(V.MOBILE_CODES) + f"{rng.randrange(10 ** 7):07d}"
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def landline(self, city: V.City) -> str:
        rng = self.rng
        while True:
            code = rng.choice(city.codes)
            rest = 10 - len(code)
            first = rng.choice("2345679") if len(code) == 3 else rng.choice("234567")
            number = code + first + f"{rng.randrange(10 ** (rest - 1)):0{rest - 1}d}"
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def hotline(self) -> str:
        while True:
            number = "800" + f"{self.rng.randrange(10 ** 7):07d}"
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def personal_email(self, first: str, last: str, birth: int) -> tuple[str, str]:
        rng = self.rng
        f, l = V.translit(first).replace("-", ""), V.translit(last).replace("-", "")
        for attempt in range(30):
            pattern = rng.randrange(12)
            yy, yyyy = f"{birth % 100:02d}", str(birth)
            local = [f"{f}.{l}", f"{f[0]}{l}", f"{l}.{f}", f"{l}_{f[0]}", f"{f}{yyyy}", f"{l}{yy}", f"{f}_{l}",
                     f"{l}{f[0]}", f"{f}.{l}{yy}", f"{l}-{f}", f"{f[0]}.{l}", f"{f}{l}{rng.randrange(1, 999)}"][pattern]
            if attempt > 3:
                local += str(rng.randrange(1, 9999))
            domain = V.PUBLIC_DOMAINS.pick(rng)
            key = V.mailbox_key(local, domain)
            if key not in self.used_emails:
                self.used_emails.add(key)
                return local, domain
        raise RuntimeError("no free mailbox")

    def work_local(self, person: Person, domain: str) -> str:
        rng = self.rng
        f, l = V.translit(person.first).replace("-", ""), V.translit(person.last).replace("-", "")
        for candidate in ([f"{f[0]}.{l}", f"{l}", f"{f}.{l}", f"{l}.{f[0]}", f"{f}", f"{l}{f[0]}"][rng.randrange(6):]
                          + [f"{f[0]}.{l}{n}" for n in range(2, 40)]):
            if f"{candidate}@{domain}" not in self.used_emails:
                self.used_emails.add(f"{candidate}@{domain}")
                return candidate
        raise RuntimeError("no free work mailbox")

    def org_domain(self, core: str) -> str:
        rng = self.rng
        base = V.translit(core).replace(" ", "-").replace("«", "").replace("»", "").strip("-")
        base = "".join(ch for ch in base if ch.isalnum() or ch == "-")[:24].strip("-") or "firma"
        for attempt in range(40):
            tld = rng.choice([".ru", ".ru", ".ru", ".ru", ".com", ".su", ".org", ".net", ".pro"])
            extra = "" if attempt == 0 else rng.choice(["-group", "-pro", "24", "-ltd", "-spb", "-msk", "-rus", "-tk", "-td",
                                                         str(rng.randrange(2, 99)), "-company", "-trade"])
            domain = f"{base}{extra}{tld}"
            if domain not in self.used_domains and domain not in V.PUBLIC_DOMAINS.items:
                self.used_domains.add(domain)
                return domain
        raise RuntimeError("no free domain")

    def inn10(self, city: V.City) -> str:
        return self._unused_inn(ids.make_inn10, city)

    def inn12(self, city: V.City) -> str:
        return self._unused_inn(ids.make_inn12, city)

    def _unused_inn(self, make, city: V.City) -> str:
        while True:
            inn = make(self.rng, city.region, f"{self.rng.randrange(1, 52):02d}")
            if inn not in self.used_inn:
                self.used_inn.add(inn)
                return inn

    def kpp(self, inn: str, city: V.City, reason: str) -> str:
        while True:
            kpp = ids.make_kpp(self.rng, city.region, inn[2:4] if city.region == inn[:2] else f"{self.rng.randrange(1, 52):02d}", reason)
            if (inn, kpp) not in self.used_kpp:
                self.used_kpp.add((inn, kpp))
                return kpp

    # ------------------------------------------------------------------ people
    def new_person(self, gender: str | None = None, city: V.City | None = None, last_male: str | None = None,
                   first: str | None = None, father: str | None = None, birth: int | None = None) -> Person:
        rng = self.rng
        p = Person(f"p{len(self.people) + 1}")
        p.gender = gender or ("m" if rng.random() < 0.52 else "f")
        p.first = first or (V.MALE_FIRST if p.gender == "m" else V.FEMALE_FIRST).pick(rng)
        p.father = father or V.FATHER_FIRST.pick(rng)
        p.patr = V.patronymic(p.father, p.gender)
        p.last_key = last_male or V.SURNAMES.pick(rng)
        p.last = V.surname_for(p.last_key, p.gender)
        p.city = city or V.CITY.pick(rng)
        p.birth = birth or rng.randrange(1955, 2004)
        p.mobiles = [self.mobile()]
        if rng.random() < 0.12:
            p.mobiles.append(self.mobile())      # a second / newer SIM
        if rng.random() < 0.62:
            p.email = self.personal_email(p.first, p.last, p.birth)
        p.street = rng.choice(V.STREETS) + f", д. {rng.randrange(1, 120)}" + (f", кв. {rng.randrange(1, 300)}" if rng.random() < 0.7 else "")
        self.people.append(p)
        return p

    def employ(self, person: Person, org: Org) -> bool:
        key = (person.first, person.last_key)
        if key in org.names:             # no two people with the same first name and surname in one firm
            return False
        person.employer = org
        org.employees.append(person)
        org.names.add(key)
        person.post = V.POSTS.pick(self.rng)
        if org.domain and self.rng.random() < 0.75:
            person.work_email = self.work_local(person, org.domain)
        return True

    def household(self, head: Person) -> list[Person]:
        """Relatives who are also in the CRM: a spouse, a grown child, or a son named after his father."""
        rng = self.rng
        kind = rng.choices(["spouses", "parent_child", "father_son", "siblings"], [50, 22, 14, 14])[0]
        h = Household(f"h{len(self.households) + 1}", kind)
        self.households.append(h)
        members = [head]
        if kind == "father_son":
            if head.gender != "m":
                head = self.new_person("m", head.city, head.last_key)
                members = [head]
            head.birth = min(head.birth, 1975)
            son = self.new_person("m", head.city, head.last_key, first=head.first, father=head.first,
                                  birth=head.birth + rng.randrange(22, 35))
            members.append(son)
            self.person_pairs.append(("father_son", head, son))
        elif kind == "spouses":
            keeps = rng.random() < 0.85
            partner = self.new_person("f" if head.gender == "m" else "m", head.city, head.last_key if keeps else None,
                                      birth=head.birth + rng.randrange(-6, 7))
            if partner.first == head.first:
                partner.first = (V.MALE_FIRST if partner.gender == "m" else V.FEMALE_FIRST).pick(rng)
            members.append(partner)
        elif kind == "parent_child":
            father_name = head.first if head.gender == "m" else V.FATHER_FIRST.pick(rng)
            child = self.new_person(None, head.city, head.last_key, father=father_name, birth=head.birth + rng.randrange(22, 35))
            if child.first == head.first:
                child.first = (V.MALE_FIRST if child.gender == "m" else V.FEMALE_FIRST).pick(rng)
            members.append(child)
        else:
            sib = self.new_person(None, head.city, head.last_key, father=head.father, birth=head.birth + rng.randrange(-8, 9))
            while sib.first == head.first:
                sib.first = (V.MALE_FIRST if sib.gender == "m" else V.FEMALE_FIRST).pick(rng)
            members.append(sib)
        for member in members:
            member.household = h
            h.members.append(member)
        x = rng.random()
        if kind == "father_son" or x < 0.55:
            h.phone = self.landline(head.city) if rng.random() < 0.6 else head.mobiles[0]
            h.phone_kind = "home" if h.phone not in head.mobiles else "shared_mobile"
        if kind != "father_son" and (x >= 0.55 or rng.random() < 0.25):
            sur = V.translit(head.last_key).replace("-", "")
            while True:
                local = rng.choice([f"{sur}y", f"semya.{sur}ykh", f"{sur}.family", f"{sur}s", f"dom.{sur}",
                                    f"{sur}{rng.randrange(1, 99)}", f"{sur}y{head.birth % 100:02d}"])
                domain = V.PUBLIC_DOMAINS.pick(rng)
                if V.mailbox_key(local, domain) not in self.used_emails:
                    self.used_emails.add(V.mailbox_key(local, domain))
                    break
            h.email = (local, domain)
        return members

    def namesake(self, person: Person) -> Person:
        """A different person with exactly the same full name, elsewhere, with his own phones and mail."""
        rng = self.rng
        city = V.CITY.pick(rng)
        for _ in range(5):
            if city is not person.city:
                break
            city = V.CITY.pick(rng)
        twin = self.new_person(person.gender, city, person.last_key, first=person.first, father=person.father)
        twin.namesake_of = person
        self.person_pairs.append(("full_namesake", person, twin))
        return twin


# ---------------------------------------------------------------------- organisations
_GOV = ["Городская поликлиника № {n} г. {city}", "Школа № {n}", "Детский сад № {n} г. {city}", "Водоканал", "Водоканал г. {city}",
        "Центр занятости населения г. {city}", "Жилищник района {street}", "Городская больница № {n} г. {city}",
        "Спортивная школа «{word}»", "Дом культуры «{word}»", "Управление благоустройства г. {city}",
        "Центр социального обслуживания «{word}»", "Колледж № {n}", "Теплосеть г. {city}", "Тепловые сети г. {city}",
        "Дирекция по строительству г. {city}", "МФЦ г. {city}", "Библиотека № {n}"]
_NKO = ["Центр развития «{word}»", "Фонд поддержки предпринимательства г. {city}", "Фонд «{word}»", "Ассоциация «{word}»",
        "Центр дополнительного образования «{word}»", "Спортивный клуб «{word}»", "Региональный центр «{word}»",
        "Благотворительный фонд «{word}»", "Союз строителей г. {city}", "Центр поддержки экспорта г. {city}"]
_LATIN = ["Digital Solutions", "ProfLine", "Smart Trade", "TechnoPark", "Prime Group", "Nordic Service", "Logic Systems",
          "Alfa Trade", "Green Line", "Expert Group", "Intelligent Systems", "SoftLab", "Best Way", "Optima", "Unit"]
_TEMPLATE_GENDER = [("m", "m"), ("f", "f"), ("f", "f"), ("m", "m"), ("m", "m"), ("n", "n"), ("m", "m"), ("f", "f"),
                    ("m", "m"), ("m", "m"), ("m", "m"), ("m", "m"), ("f", "f"), ("m", "m")]


def _agree(adj: str, gender: str) -> str:
    if gender == "m":
        return adj
    return adj[:-2] + ("ая" if gender == "f" else "ое")     # Уральский → Уральская / Уральское, Донской → Донская


def long_name(rng: random.Random, variant: int | None = None, region: str | None = None, template: int | None = None):
    template = rng.randrange(len(V.LONG_TEMPLATES)) if template is None else template
    variant = rng.randrange(2) if variant is None else variant
    region = region or rng.choice(V.LONG_ADJ_REGION)
    phrase = V.LONG_TEMPLATES[template][variant]
    gender = _TEMPLATE_GENDER[template][variant]
    return f"{_agree(region, gender)} {phrase}", region, template


def plain_core(rng: random.Random) -> str:
    x = rng.random()
    if x < 0.40:
        pre, suf = rng.choice(V.NAME_PREFIXES), rng.choice(V.NAME_SUFFIXES)
        if rng.random() < 0.35:
            pre += rng.choice(V.NAME_PREFIXES).lower()
        return pre + (suf.capitalize() if rng.random() < 0.2 else suf)
    if x < 0.43:
        return rng.choice(V.ONE_WORD_NAMES)                      # «Вектор», «Меридиан»: names many firms share
    if x < 0.58:
        return rng.choice(V.ONE_WORD_NAMES) + rng.choice(V.QUALIFIERS)
    if x < 0.66:
        pre, suf = rng.choice(V.NAME_PREFIXES), rng.choice(V.NAME_SUFFIXES)
        return pre + suf + rng.choice(V.QUALIFIERS)
    if x < 0.74:
        last = V.SURNAMES.pick(rng)
        return rng.choice([f"{last} и партнёры", f"{last} и К", f"Дом {last}ых" if last.endswith("ов") else f"{last} Групп",
                           f"Мастерская {last}а" if last.endswith(("ов", "ев", "ин")) else f"{last} и сыновья"])
    if x < 0.81:
        return long_name(rng)[0]
    if x < 0.90:
        return rng.choice(V.LATIN_A) + rng.choice(["", " "]) + rng.choice(V.LATIN_B) + ("" if rng.random() < 0.7 else " " + rng.choice(["Rus", "Pro", "Plus", "Group", "2", "Ltd"]))
    word = (rng.choice(V.ONE_WORD_NAMES) + rng.choice(V.QUALIFIERS) if rng.random() < 0.5
            else rng.choice(V.NAME_PREFIXES) + rng.choice(V.NAME_SUFFIXES))
    return rng.choice([f"Торговый дом «{word}»", f"ТД {word}", f"Компания {word}", f"НПП «{word}»", f"СК «{word}»",
                       f"ПКФ «{word}»", f"ГК {word}"])


def gov_core(rng: random.Random, form: str, city: V.City) -> str:
    template = rng.choice(_GOV if form in ("ГБУ", "МУП", "ФГУП") else _NKO)
    return template.format(n=rng.randrange(1, 400), word=rng.choice(V.ONE_WORD_NAMES), city=city.name,
                           street=rng.choice(["Марьино", "Измайлово", "Кунцево", "Выхино", "Перово", "Бибирево"]))


def _fill_org(world: World, org: Org, form: str, core: str, city: V.City, kind: str, cards: int) -> Org:
    rng = world.rng
    org.form, org.core, org.city, org.kind, org.cards = form, core, city, kind, cards
    org.year = rng.randrange(1995, 2024)
    org.street = rng.choice(V.STREETS) + f", д. {rng.randrange(1, 150)}" + (
        f", оф. {rng.randrange(1, 900)}" if rng.random() < 0.6 else f", стр. {rng.randrange(1, 9)}" if rng.random() < 0.3 else "")
    org.industry = rng.choice(V.INDUSTRIES) if rng.random() < 0.6 else None
    org.ctype = V.COMPANY_TYPES.pick(rng)
    org.bank = rng.choice(V.BANKS) if rng.random() < 0.8 else None
    if form == "ИП":
        org.inn = world.inn12(city)
        org.kpp = None
        org.ogrn = ids.make_ogrnip(rng, max(org.year, 2004), city.region)
    else:
        org.inn = world.inn10(city)
        org.kpp = world.kpp(org.inn, city, "01")
        org.ogrn = ids.make_ogrn(rng, max(org.year, rng.choice([2002, 2002, 2003])), city.region)
    share = {"ИП": 0.22, "ООО": 0.72, "АО": 0.9, "ПАО": 1.0, "ЗАО": 0.75, "ОАО": 0.8}.get(form, 0.6)
    if rng.random() < share:
        org.domain = world.org_domain(core if form != "ИП" else org.owner.last if org.owner else core)
        org.mailbox = rng.choice(["info", "info", "info", "office", "sales", "zakaz", "mail", "secretary", "priem"])
    org.phones = [world.landline(city)]
    if rng.random() < 0.2:
        org.phones.append(world.landline(city))
    if form in ("АО", "ПАО") and rng.random() < 0.4 or rng.random() < 0.05:
        org.hotline = world.hotline()
    world.orgs.append(org)
    return org


def new_org(world: World, form: str | None = None, core: str | None = None, city: V.City | None = None,
            kind: str = "plain", cards: int = 1, owner: Person | None = None) -> Org:
    rng = world.rng
    org = Org(f"o{len(world.orgs) + 1}")
    form = form or V.FORM.pick(rng)
    city = city or V.CITY.pick(rng)
    if form == "ИП":
        owner = owner or world.new_person(city=city, birth=rng.randrange(1960, 2000))
        org.owner = owner
        owner.employer, owner.role, owner.post, owner.inn = org, "owner", rng.choice(["ИП", "Индивидуальный предприниматель", "Собственник", "директор", None]), None
        core = f"{owner.last} {owner.first} {owner.patr}"
        _fill_org(world, org, form, core, city, "ip" if kind == "plain" else kind, cards)
        owner.inn = org.inn
        if rng.random() < 0.7:
            org.phones = [owner.mobiles[0]]        # an entrepreneur's "office" is his mobile
        owner.city = city
        org.employees.append(owner)
        org.names.add((owner.first, owner.last_key))
        return org
    if core is None:
        core = gov_core(rng, form, city) if form in ("ГБУ", "МУП", "ФГУП", "АНО", "НКО") else plain_core(rng)
    return _fill_org(world, org, form, core, city, kind, cards)


def _other_city(rng: random.Random, taken: list[V.City]) -> V.City:
    for _ in range(50):
        city = V.CITY.pick(rng)
        if city not in taken:
            return city
    return next(c for c in V.CITIES if c not in taken)


def make_orgs(world: World, n_cards: int, dup_rate: float = 0.15) -> None:
    rng = world.rng
    total = 0
    while total < n_cards:
        before = len(world.orgs)
        x = rng.random()
        if x < 0.03 and n_cards - total > 6:            # head office with branches: one INN, several KPPs
            head = new_org(world, rng.choice(["ООО", "ООО", "АО", "ПАО"]), kind="head", cards=copies(rng, dup_rate))
            members = [head]
            for _ in range(rng.choice([1, 1, 2, 3])):
                city = _other_city(rng, [m.city for m in members])
                branch = Org(f"o{len(world.orgs) + 1}")
                branch.parent = head
                branch.form, branch.core, branch.city, branch.kind = head.form, head.core, city, "branch"
                branch.cards = copies(rng, dup_rate)
                branch.year, branch.inn, branch.ogrn = head.year + rng.randrange(0, 5), head.inn, head.ogrn
                branch.kpp = world.kpp(head.inn, city, "43")
                branch.street = rng.choice(V.STREETS) + f", д. {rng.randrange(1, 150)}"
                branch.industry, branch.ctype, branch.bank = head.industry, head.ctype, head.bank
                branch.domain = head.domain
                branch.mailbox = (V.translit(city.name).split("-")[0][:10] if head.domain else None)
                branch.phones = [world.landline(city)]
                head.branches.append(branch)
                world.orgs.append(branch)
                members.append(branch)
            world.groups.append(("branch_same_inn", members))
        elif x < 0.047 and n_cards - total > 4:          # «Альфа» in Moscow, «Альфа» in Kazan …
            name = rng.choice(V.COMMON_NAMES) if rng.random() < 0.5 else plain_core(rng)
            members, cities = [], []
            for _ in range(rng.choice([2, 2, 3])):
                city = _other_city(rng, cities)
                cities.append(city)
                members.append(new_org(world, rng.choice(["ООО", "ООО", "ООО", "АО"]), name, city, "common", copies(rng, dup_rate)))
            world.groups.append(("common_name_other_city", members))
        elif x < 0.062 and n_cards - total > 3:          # near-identical long names, different INNs
            first_name, region, template = long_name(rng, 0)
            second_name = long_name(rng, 1, region, template)[0]
            city = V.CITY.pick(rng)
            a = new_org(world, rng.choice(["ООО", "АО"]), first_name, city, "long", copies(rng, dup_rate))
            b = new_org(world, rng.choice(["ООО", "АО", "ООО"]), second_name,
                        city if rng.random() < 0.5 else V.CITY.pick(rng), "long", copies(rng, dup_rate))
            world.groups.append(("similar_long_name", [a, b]))
        elif x < 0.077 and n_cards - total > 3:          # ИП Иванов А. С. and ИП Иванов А. С.
            city = V.CITY.pick(rng)
            one = world.new_person(city=city, birth=rng.randrange(1960, 1995))
            pool = V.MALE_FIRST if one.gender == "m" else V.FEMALE_FIRST
            names = [n for n in pool.items if n[0] == one.first[0] and n != one.first] or [one.first]
            fathers = [n for n in V.FATHER_FIRST.items if n[0] == one.father[0]]
            two = world.new_person(one.gender, V.CITY.pick(rng) if rng.random() < 0.5 else city, one.last_key,
                                   first=rng.choice(names), father=rng.choice(fathers), birth=rng.randrange(1960, 1995))
            if (two.first, two.patr) == (one.first, one.patr):
                two.first = names[0] if names[0] != one.first else two.first
            a = new_org(world, "ИП", city=one.city, kind="ip_pair", cards=copies(rng, dup_rate), owner=one)
            b = new_org(world, "ИП", city=two.city, kind="ip_pair", cards=copies(rng, dup_rate), owner=two)
            world.groups.append(("ip_same_initials", [a, b]))
        else:
            new_org(world, cards=copies(rng, dup_rate))
        total += sum(o.cards for o in world.orgs[before:])
    # trim the overshoot from the newest organisations with several cards, then drop whole cards if needed
    extra = total - n_cards
    for org in reversed(world.orgs):
        while extra > 0 and org.cards > 1:
            org.cards -= 1
            extra -= 1
    for org in reversed(world.orgs):
        if extra > 0 and org.cards == 1 and not org.group and org.kind in ("plain", "ip"):
            org.cards = 0
            extra -= 1
    mark_confusable(world)


def core_key(org: Org) -> str:
    """Titles a reader could take for the same organisation (entrepreneurs: by surname alone)."""
    if org.form == "ИП":
        return "ip:" + org.owner.last_key.lower().replace("ё", "е")
    return V.loose_title_key(org.core)


def title_key(org: Org) -> str:
    """What a full title identifies (entrepreneurs: the whole name)."""
    if org.tkey is not None:
        return org.tkey
    if org.form == "ИП":
        o = org.owner
        return "ip:" + V.loose_title_key(f"{o.last_key} {o.first} {o.patr}")
    return V.loose_title_key(org.core)


def mark_confusable(world: World) -> None:
    """Organisations whose bare title does not identify them (shared by another organisation)."""
    by_key: dict[str, list[Org]] = {}
    by_title: dict[str, list[Org]] = {}
    for org in world.orgs:
        if org.cards == 0:
            continue
        by_key.setdefault(core_key(org), []).append(org)
        org.tkey = title_key(org)
        by_title.setdefault(org.tkey, []).append(org)
    for orgs in by_key.values():
        if len(orgs) > 1:
            for org in orgs:
                org.confusable = True
    for orgs in by_title.values():
        if len(orgs) > 1:
            for org in orgs:
                org.title_unique = False
    for kind, members in world.groups:
        for org in members:
            org.group = kind
            org.confusable = True


def make_people(world: World, n_cards: int, dup_rate: float = 0.14) -> None:
    rng = world.rng
    employers = [o for o in world.orgs if o.form != "ИП" and o.cards > 0]
    weights = [rng.paretovariate(1.2) for _ in employers]
    pick_employer = V.Weighted(list(zip(employers, [min(w, 60.0) for w in weights]))) if employers else None
    for org in world.orgs:                           # some entrepreneurs also have a contact card of their own
        if org.owner is not None and rng.random() < 0.45:
            org.owner.cards = copies(rng, dup_rate)
    total = sum(p.cards for p in world.people)

    def settle(person: Person, avoid: Org | None = None) -> None:
        nonlocal total
        person.cards = copies(rng, dup_rate)
        total += person.cards
        if person.employer is None and pick_employer and rng.random() < 0.5:
            for _ in range(3):
                org = pick_employer.pick(rng)
                if org is not avoid and world.employ(person, org):
                    if rng.random() < 0.85:
                        person.city = org.city
                    break

    while total < n_cards:
        x = rng.random()
        if x < 0.007:
            a = world.new_person()
            settle(a)
            b = world.namesake(a)
            settle(b, avoid=a.employer)
        elif x < 0.075:
            head = world.new_person()
            for member in world.household(head):
                settle(member)
        else:
            settle(world.new_person())
    extra = total - n_cards
    for person in reversed(world.people):
        while extra > 0 and person.cards > 1:
            person.cards -= 1
            extra -= 1
        if extra <= 0:
            break
    for person in reversed(world.people):
        if extra <= 0:
            break
        if person.cards == 1 and person.household is None and person.namesake_of is None and person.role != "owner":
            person.cards = 0
            extra -= 1
