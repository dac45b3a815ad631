"""CRM records as managers created them, before spelling: which channels, name parts and company a card
shows, and where the duplicate evidence comes from. Also the label checker: records of different real
entities must never be indistinguishable (same channel or same employer with compatible names, or the same
company title without anything that tells the organisations apart)."""
from __future__ import annotations

import random

from . import vocab as V
from .world import Org, Person, World, core_key, plain_core, title_key


class Chan:
    __slots__ = ("key", "kind", "value", "vtype", "where", "ext", "shared", "org")

    def __init__(self, kind, value, vtype, shared=None, org=None, ext=None, where="field"):
        self.kind, self.value, self.vtype, self.shared, self.org, self.ext, self.where = kind, value, vtype, shared, org, ext, where
        if kind == "phone":
            self.key = "t:" + value
        elif kind == "email":
            local, domain = value
            self.key = "e:" + V.mailbox_key(local, domain)
        else:
            self.key = "w:" + value

    def copy(self, where="field"):
        return Chan(self.kind, self.value, self.vtype, self.shared, self.org, self.ext, where)


class Rec:
    """A contact card or a lead: one person as one manager typed them."""
    __slots__ = ("kind", "person", "seq", "date", "level", "first_mode", "dim", "show_last", "patr_mode", "style",
                 "chans", "company_card", "lead_org", "lead_evidence", "label_company", "show_post", "show_city",
                 "notes", "rid", "evidence", "inn_branch_trap", "requisite", "status", "source", "title_style",
                 "branch_marker")

    def __init__(self, kind, person, date, level):
        self.kind, self.person, self.date, self.level = kind, person, date, level
        self.first_mode, self.dim, self.show_last, self.patr_mode, self.style = "full", None, True, "full", "normal"
        self.chans: list[Chan] = []
        self.company_card = None
        self.lead_org = None
        self.lead_evidence: list[str] = []
        self.label_company = None
        self.show_post = self.show_city = False
        self.notes: list[str] = []
        self.rid = None
        self.evidence = "first"
        self.inn_branch_trap = None
        self.requisite = False
        self.status = self.source = None
        self.title_style, self.branch_marker = None, False

    def make_full(self):
        self.first_mode, self.dim, self.show_last, self.patr_mode = "full", None, True, "full"


class Card:
    """A company card."""
    __slots__ = ("org", "date", "level", "title_style", "show_city", "chans", "requisite", "inn_in_comment",
                 "banking", "notes", "rid", "evidence", "branch_marker")

    def __init__(self, org, date, level):
        self.org, self.date, self.level = org, date, level
        self.title_style = "short"
        self.show_city = False
        self.chans: list[Chan] = []
        self.requisite = self.inn_in_comment = self.banking = self.branch_marker = False
        self.notes: list[str] = []
        self.rid = None
        self.evidence = "first"


START = 1420070400          # 2015-01-01
END = 1751328000            # 2025-07-01


def _later(rng: random.Random, date: int) -> int:
    return min(END - 3600, date + int(rng.expovariate(1 / (400 * 86400))) + rng.randrange(600, 86400))


def _pick(rng: random.Random, options: list[tuple[str, float]]) -> str:
    total = sum(w for _, w in options)
    x = rng.random() * total
    for name, weight in options:
        x -= weight
        if x < 0:
            return name
    return options[-1][0]


# ---------------------------------------------------------------------- company cards
def plan_companies(world: World) -> list[Card]:
    rng = world.rng
    cards: list[Card] = []
    for org in world.orgs:
        if org.cards == 0:
            continue
        first = Card(org, rng.randrange(START, END - 86400 * 30), 0)
        first.title_style = _pick(rng, [("short", 50), ("full", 8), ("suffix", 8), ("bare", 22), ("upper", 4), ("lower", 3),
                                        ("with_city", 3), ("double_quotes", 2)])
        first.show_city = org.confusable or rng.random() < 0.65
        if org.phones and rng.random() < 0.78:
            first.chans.append(Chan("phone", org.phones[0], "WORK", "office" if org.form != "ИП" else None, org,
                                    ext=None))
        if len(org.phones) > 1 and rng.random() < 0.35:
            first.chans.append(Chan("phone", org.phones[1], "WORK", "office", org))
        if org.hotline and rng.random() < 0.6:
            first.chans.append(Chan("phone", org.hotline, "WORK", "office", org))
        if org.mailbox and rng.random() < 0.5:
            first.chans.append(Chan("email", (org.mailbox, org.domain), "WORK", "generic", org))
        if org.domain and rng.random() < 0.55:
            first.chans.append(Chan("web", org.domain, "WORK", None, org))
        first.requisite = rng.random() < (0.85 if org.confusable else 0.55)
        first.inn_in_comment = not first.requisite and rng.random() < 0.06
        first.banking = bool(org.bank) and rng.random() < 0.15
        if org.kind == "branch":
            first.branch_marker = rng.random() < 0.45
        cards.append(first)
        made = [first]
        for _ in range(org.cards - 1):
            source = rng.choice(made)
            card = Card(org, _later(rng, source.date), 1)
            card.title_style = _pick(rng, [("short", 30), ("full", 10), ("suffix", 12), ("bare", 25), ("upper", 5),
                                           ("lower", 7), ("with_city", 5), ("double_quotes", 3), ("typo", 3)])
            card.branch_marker = org.kind == "branch" and rng.random() < 0.4
            options = [("title_city", 14)]
            if source.requisite or source.inn_in_comment:
                options.append(("inn", 36))
            if any(c.kind == "phone" for c in source.chans):
                options.append(("phone", 30))
            if any(c.kind == "email" for c in source.chans):
                options.append(("email", 12))
            if any(c.kind == "web" for c in source.chans):
                options.append(("web", 8))
            card.evidence = _pick(rng, options)
            if card.evidence == "inn":
                card.requisite = rng.random() < 0.8
                card.inn_in_comment = not card.requisite
            elif card.evidence == "title_city":
                card.show_city = True
                card.title_style = rng.choice(["short", "bare", "suffix", "lower"])
                if org.confusable:
                    card.requisite = True
            else:
                card.chans.append(rng.choice([c for c in source.chans if c.kind == card.evidence]).copy())
            card.show_city = card.show_city or org.confusable or rng.random() < 0.5
            for extra in (Chan("phone", org.phones[-1], "WORK", "office" if org.form != "ИП" else None, org),
                          Chan("email", (org.mailbox, org.domain), "WORK", "generic", org) if org.mailbox else None,
                          Chan("web", org.domain, "WORK", None, org) if org.domain else None):
                if extra and rng.random() < 0.25 and all(c.key != extra.key for c in card.chans):
                    card.chans.append(extra)
            if not card.requisite and rng.random() < (0.6 if org.confusable else 0.3):
                card.requisite = True
            card.banking = bool(org.bank) and rng.random() < 0.1
            cards.append(card)
            made.append(card)
    return cards


def check_companies(cards: list[Card]) -> int:
    """Cards of different organisations with the same bare title must differ in INN, KPP or city; where they
    would not, both cards get their requisites (an INN+KPP pair is unique to one organisation)."""
    groups: dict[str, list[Card]] = {}
    for card in cards:
        groups.setdefault(core_key(card.org), []).append(card)
    fixed = 0
    for members in groups.values():
        if len({c.org.eid for c in members}) < 2:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a.org is b.org:
                    continue
                if a.requisite and b.requisite:
                    continue
                if a.show_city and b.show_city and a.org.city is not b.org.city:
                    continue
                if a.org.form == "ИП" and b.org.form == "ИП" and "suffix" not in (a.title_style, b.title_style) \
                        and a.org.owner.first != b.org.owner.first:
                    continue    # both titles carry the full name and the first names differ
                a.requisite = b.requisite = True
                a.inn_in_comment = b.inn_in_comment = False
                fixed += 1
    return fixed


# ---------------------------------------------------------------------- people
def person_channels(p: Person) -> dict[str, list[Chan]]:
    pool: dict[str, list[Chan]] = {"mobile": [Chan("phone", m, "MOBILE") for m in p.mobiles]}
    org = p.employer
    if p.email:
        pool["email"] = [Chan("email", p.email, "HOME" if p.email[1] in V.PUBLIC_DOMAINS.items else "WORK")]
    if org is not None and p.work_email:
        pool["work_email"] = [Chan("email", (p.work_email, org.domain), "WORK", None, org)]
    if org is not None and p.role == "owner":
        if org.phones[0] in p.mobiles:
            pool["mobile"] = [Chan("phone", m, "MOBILE", None, org if m == org.phones[0] else None) for m in p.mobiles]
        else:
            pool["office"] = [Chan("phone", org.phones[0], "WORK", None, org)]
    elif org is not None:
        pool["office"] = [Chan("phone", ph, "WORK", "office", org) for ph in org.phones]
        if org.mailbox:
            pool["generic"] = [Chan("email", (org.mailbox, org.domain), "WORK", "generic", org)]
    h = p.household
    if h is not None:
        if h.phone and h.phone not in p.mobiles:
            pool["home"] = [Chan("phone", h.phone, "HOME", "home")]
        elif h.phone:       # the household's shared number is this person's own mobile
            for c in pool["mobile"]:
                if c.value == h.phone:
                    c.shared = "home"
        if h.email:
            pool["family"] = [Chan("email", h.email, "HOME", "family")]
    return pool


def _office_ext(rng: random.Random, chan: Chan) -> Chan:
    chan = chan.copy()
    if rng.random() < 0.6:
        chan.ext = str(rng.choice([rng.randrange(100, 999), rng.randrange(10, 99), rng.randrange(1000, 9999)]))
    return chan


def _typo_phone(world: World, number: str) -> str:
    rng = world.rng
    for _ in range(20):
        digits = list(number)
        i = rng.randrange(3, 10)
        if rng.random() < 0.6:
            digits[i] = str((int(digits[i]) + rng.choice([1, 9, 3, 7, 5])) % 10)
        else:
            j = i - 1
            digits[i], digits[j] = digits[j], digits[i]
        typo = "".join(digits)
        if typo != number and typo not in world.used_phones:
            world.used_phones.add(typo)
            return typo
    return number


def _name_shape(rng: random.Random, rec: Rec, dup: bool) -> None:
    p = rec.person
    if dup:
        rec.first_mode = _pick(rng, [("full", 80), ("dim", 10), ("init", 4), (None, 6)])
        rec.show_last = rng.random() < 0.86
        rec.patr_mode = "full" if rng.random() < 0.42 else None
    else:
        rec.first_mode = _pick(rng, [("full", 92), ("dim", 3), ("init", 3), (None, 2)])
        rec.show_last = rng.random() < 0.95
        rec.patr_mode = "full" if rng.random() < 0.58 else None
    if rec.first_mode == "dim" and p.first not in V.DIMINUTIVES:
        rec.first_mode = "full"
    if rec.first_mode == "dim":
        rec.dim = rng.choice(V.DIMINUTIVES[p.first])
        rec.patr_mode = None if rng.random() < 0.85 else rec.patr_mode
    if rec.first_mode == "init":
        rec.show_last = True
        rec.patr_mode = "init" if rng.random() < 0.8 else None
    if rec.first_mode is None:
        rec.show_last = True
        rec.patr_mode = None
    rec.style = _pick(rng, [("normal", 86), ("swapped", 5), ("one_field_name", 6), ("one_field_last", 2), ("fio_name", 1)])


def plan_contacts(world: World, cards_by_org: dict[str, list[Card]]) -> list[Rec]:
    rng = world.rng
    recs: list[Rec] = []
    for p in world.people:
        if p.cards == 0:
            continue
        pool = person_channels(p)
        org = p.employer
        org_cards = cards_by_org.get(org.eid) if org is not None else None
        first = Rec("contact", p, rng.randrange(START, END - 86400 * 30), 0)
        _name_shape(rng, first, False)
        if rng.random() < 0.86:
            first.chans.append(pool["mobile"][0].copy())
        if "email" in pool and rng.random() < 0.5:
            first.chans.append(pool["email"][0].copy())
        if "work_email" in pool and rng.random() < 0.45:
            first.chans.append(pool["work_email"][0].copy())
        if "office" in pool and rng.random() < 0.25:
            first.chans.append(_office_ext(rng, rng.choice(pool["office"])))
        if "generic" in pool and rng.random() < 0.06:
            first.chans.append(pool["generic"][0].copy())
        if "home" in pool and rng.random() < 0.4:
            first.chans.append(pool["home"][0].copy())
        if "family" in pool and rng.random() < 0.45:
            first.chans.append(pool["family"][0].copy())
        if org_cards and rng.random() < 0.8:
            first.company_card = org_cards[0] if rng.random() < 0.75 else rng.choice(org_cards)
        if not first.chans and first.company_card is None:
            first.chans.append(pool["mobile"][0].copy())
        if len(first.chans) > 1 and rng.random() < 0.03:
            first.chans[-1].where = "comment"
        first.show_post = p.post is not None and rng.random() < 0.55
        first.show_city = rng.random() < 0.35
        first.requisite = p.role == "owner" and rng.random() < 0.25
        recs.append(first)
        made = [first]
        for _ in range(p.cards - 1):
            source = rng.choice(made)
            rec = Rec("contact", p, _later(rng, source.date), 1)
            _name_shape(rng, rec, True)
            own_phones = [c for c in source.chans if c.kind == "phone" and c.shared is None]
            own_mails = [c for c in source.chans if c.kind == "email" and c.shared is None]
            options = []
            if own_phones:
                options += [("phone", 40), ("phone_typo", 5), ("comment_phone", 4)]
            if own_mails:
                options += [("email", 18), ("comment_email", 3)]
            if own_phones and own_mails:
                options.append(("phone_email", 10))
            if len(p.mobiles) > 1 and (own_mails or source.company_card):
                options.append(("new_phone", 6))
            if source.company_card is not None and org_cards:
                options.append(("name_company", 6))
            if source.requisite:
                options.append(("requisite", 4))
            if "home" in pool and any(c.key == pool["home"][0].key for c in source.chans):
                options.append(("home", 3))
            if not options:     # the earlier card shows only a shared line / mailbox: the same one plus the whole name
                options = [("shared", 1)]
            rec.evidence = ev = _pick(rng, options)
            _show_common_evidence(rng, rec, ev, source.chans, own_phones, own_mails)
            if ev == "comment_email":
                rec.chans.append(rng.choice(own_mails).copy("comment"))
            if ev == "phone_typo":
                base = rng.choice(own_phones)
                rec.chans.append(Chan("phone", _typo_phone(world, base.value), base.vtype))
            if ev == "new_phone":
                used = {c.value for c in source.chans}
                fresh = [c for c in pool["mobile"] if c.value not in used] or pool["mobile"]
                rec.chans.append(fresh[-1].copy())
                if own_mails and rng.random() < 0.7:
                    rec.chans.append(rng.choice(own_mails).copy())
                elif source.company_card is not None:
                    rec.company_card = source.company_card
            if ev == "home":
                rec.chans.append(pool["home"][0].copy())
            if ev == "requisite":
                rec.requisite = True
            if ev in ("phone_typo", "new_phone", "name_company", "home", "requisite"):
                if rec.first_mode not in ("full", "dim"):
                    rec.first_mode, rec.dim = "full", None
                rec.show_last = True
            if ev == "home":
                rec.make_full()
            if ev == "name_company" or (org_cards and rng.random() < 0.55):
                rec.company_card = source.company_card if source.company_card and rng.random() < 0.7 else (
                    rng.choice(org_cards) if org_cards else None)
            if ev == "name_company" and "office" in pool and rng.random() < 0.4:
                rec.chans.append(_office_ext(rng, rng.choice(pool["office"])))
            # other things the person gave this manager
            for group, chance in (("mobile", 0.15), ("email", 0.12), ("work_email", 0.15), ("family", 0.1)):
                if group in pool and rng.random() < chance:
                    extra = pool[group][-1 if group == "mobile" else 0]
                    if all(c.key != extra.key for c in rec.chans):
                        rec.chans.append(extra.copy())
            rec.show_post = p.post is not None and rng.random() < 0.45
            rec.show_city = rng.random() < 0.3
            recs.append(rec)
            made.append(rec)
    return recs


def _new_org_title(world: World, taken: set[str]) -> str:
    """A company the CRM has no card for (the lead's employer is not a client yet)."""
    rng = world.rng
    for _ in range(30):
        core = plain_core(rng)
        key = V.loose_title_key(core)
        if key and key not in taken:
            return rng.choice(["ООО «{}»", "ООО {}", "{}", "АО «{}»", "ИП {}", "{}"]).format(core) if not core.startswith(("ИП",)) else core
    return ""


def plan_leads(world: World, n_leads: int, contact_recs: list[Rec], cards_by_org: dict[str, list[Card]]) -> list[Rec]:
    rng = world.rng
    leads: list[Rec] = []
    by_person: dict[str, list[Rec]] = {}
    for rec in contact_recs:
        by_person.setdefault(rec.person.eid, []).append(rec)
    carded = [p for p in world.people if p.cards > 0]
    taken = {core_key(o) for o in world.orgs}

    def name_company(rec: Rec, org: Org) -> None:
        rec.lead_org = org
        rec.lead_evidence.append("title")
        styles = ["short", "short", "bare", "bare", "lower", "suffix", "full", "upper", "typo"]
        if org.form == "ИП":
            styles.remove("suffix")        # "ИП Иванов А. С." would not say which Иванов
        rec.title_style = rng.choice(styles)
        rec.branch_marker = org.parent is not None and rng.random() < 0.3
    branched = [o for o in world.orgs if o.branches and o.cards > 0]
    orgs_with_cards = [o for o in world.orgs if o.cards > 0 and o.form != "ИП"]
    for_trap = max(0, min(len(branched), n_leads // 150))

    def lead_for(p: Person, earlier: list[Rec], fresh: bool) -> Rec:
        base_date = max((r.date for r in earlier), default=rng.randrange(START, END - 86400 * 60))
        rec = Rec("lead", p, _later(rng, base_date) if earlier else base_date, 1)
        pool = person_channels(p)
        rec.first_mode = _pick(rng, [("full", 60), ("dim", 8), (None, 4)] if not earlier else [("full", 70), ("dim", 10)])
        rec.show_last = rng.random() < (0.45 if not earlier else 0.5)
        rec.patr_mode = "full" if rec.show_last and rng.random() < 0.4 else None
        if rec.first_mode == "dim" and p.first in V.DIMINUTIVES:
            rec.dim = rng.choice(V.DIMINUTIVES[p.first])
        elif rec.first_mode == "dim":
            rec.first_mode = "full"
        if rec.first_mode is None:
            rec.show_last = True
        rec.style = _pick(rng, [("normal", 88), ("one_field_name", 8), ("swapped", 2), ("fio_name", 2)])
        if earlier:
            source = rng.choice(earlier)
            own_phones = [c for c in source.chans if c.kind == "phone" and c.shared is None and c.where == "field"]
            own_mails = [c for c in source.chans if c.kind == "email" and c.shared is None and c.where == "field"]
            options = []
            if own_phones:
                options += [("phone", 55), ("comment_phone", 3)]
            if own_mails:
                options.append(("email", 22))
            if own_phones and own_mails:
                options.append(("phone_email", 12))
            if source.company_card is not None or source.lead_org is not None:
                options.append(("name_company", 6))
            field_chans = list(source.chans)
            if not options and field_chans:
                options = [("shared", 1)]
            elif not options:
                options = [("phone", 1)]
                own_phones = [pool["mobile"][0]]
            rec.evidence = ev = _pick(rng, options)
            _show_common_evidence(rng, rec, ev, field_chans, own_phones, own_mails)
            if ev == "name_company":
                rec.first_mode, rec.dim, rec.show_last = "full", None, True
                if p.employer is not None:
                    name_company(rec, p.employer)
            if rng.random() < 0.12 and len(p.mobiles) > 1:
                rec.chans.append(pool["mobile"][-1].copy())
        else:
            rec.evidence = "fresh"
            if rng.random() < 0.85:
                rec.chans.append(pool["mobile"][0].copy())
            if "email" in pool and (not rec.chans or rng.random() < 0.4):
                rec.chans.append(pool["email"][0].copy())
            if not rec.chans:
                rec.chans.append(pool["mobile"][0].copy())
        org = p.employer
        if org is not None and org.cards > 0:
            if rng.random() < 0.4 and "title" not in rec.lead_evidence:
                name_company(rec, org)
            if "work_email" in pool and rng.random() < 0.3:
                rec.chans.append(pool["work_email"][0].copy())
            if "office" in pool and rng.random() < 0.12:
                rec.chans.append(_office_ext(rng, pool["office"][0]))
            if rng.random() < 0.06:
                rec.lead_org = org
                rec.lead_evidence.append("inn_kpp" if org.kpp and (org.branches or org.parent) else "inn")
        elif fresh and rng.random() < 0.2:
            rec.notes.append("company:" + _new_org_title(world, taken))
        rec.status, rec.source = V.LEAD_STATUSES.pick(rng), V.LEAD_SOURCES.pick(rng)
        return rec

    # 1. branched companies' INN in a lead (no KPP): a trap for "same INN = same company"
    for org in branched[:for_trap]:
        p = world.new_person(city=org.city)
        rec = lead_for(p, [], True)
        rec.lead_org, rec.lead_evidence = org, ["inn"]
        rec.inn_branch_trap = org
        rec.notes = [n for n in rec.notes if not n.startswith("company:")]
        p.leads += 1
        leads.append(rec)
    while len(leads) < n_leads:
        x = rng.random()
        if x < 0.36 and carded:                         # somebody who already has a contact card
            p = rng.choice(carded)
            k = 1 if rng.random() < 0.85 else 2
            earlier = by_person[p.eid]
        elif x < 0.46 and orgs_with_cards:              # a new person from a client company
            p = world.new_person()
            org = rng.choice(orgs_with_cards)
            if not world.employ(p, org):
                continue
            p.city = org.city
            k, earlier = 1, []
        elif x < 0.58:                                  # a new person who writes several times
            p = world.new_person()
            k, earlier = rng.choice([2, 2, 2, 3, 4]), []
        else:
            p = world.new_person()
            k, earlier = 1, []
        made = list(earlier)
        for i in range(min(k, n_leads - len(leads))):
            rec = lead_for(p, made, not made)
            p.leads += 1
            leads.append(rec)
            made.append(rec)
    return leads


# ---------------------------------------------------------------------- the label checker for people
def _first_view(rec: Rec):
    if rec.first_mode == "full":
        return ("set", (rec.person.first,))
    if rec.first_mode == "dim":
        return ("set", tuple(V.DIMINUTIVE_OF.get(rec.dim, [rec.person.first])))
    if rec.first_mode == "init":
        return ("init", rec.person.first[0])
    return None


def _first_compatible(a, b) -> bool:
    if a is None or b is None:
        return True
    if a[0] == "init" and b[0] == "init":
        return a[1] == b[1]
    if a[0] == "init":
        return any(n[0] == a[1] for n in b[1])
    if b[0] == "init":
        return any(n[0] == b[1] for n in a[1])
    return bool(set(a[1]) & set(b[1]))


def names_compatible(a: Rec, b: Rec) -> bool:
    pa, pb = a.person, b.person
    if a.show_last and b.show_last and pa.last_key != pb.last_key:
        return False
    if not _first_compatible(_first_view(a), _first_view(b)):
        return False
    if a.patr_mode and b.patr_mode:
        if a.patr_mode == "full" and b.patr_mode == "full":
            return pa.father == pb.father
        return pa.patr[0] == pb.patr[0]
    return True


def record_keys(rec: Rec) -> list[str]:
    keys = [c.key for c in rec.chans]
    if rec.company_card is not None:            # same-named firms count as one: "works at «Вектор»"
        keys.append("emp:" + title_key(rec.company_card.org))
    if rec.lead_org is not None and "title" in rec.lead_evidence:
        keys.append("emp:" + title_key(rec.lead_org))
    if rec.requisite and rec.person.inn:
        keys.append("inn:" + rec.person.inn)
    return keys


def check_people(recs: list[Rec], rounds: int = 4) -> dict[str, int]:
    """Make every pair of records of different people that share a channel or an employer distinguishable by
    name: first show the whole name on the less explicit record(s); where the names are truly identical
    (namesakes), the later record loses the shared channel / employer link."""
    stats = {"shown_full": 0, "dropped": 0}
    for _ in range(rounds):
        index: dict[str, list[Rec]] = {}
        for rec in recs:
            for key in record_keys(rec):
                index.setdefault(key, []).append(rec)
        changed = 0
        for key, members in index.items():
            if len(members) < 2:
                continue
            first_entity = members[0].person
            if all(m.person is first_entity for m in members):
                continue
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    if a.person is b.person or not names_compatible(a, b):
                        continue
                    for rec in (a, b):
                        if (rec.first_mode, rec.show_last, rec.patr_mode) != ("full", True, "full"):
                            rec.make_full()
                            stats["shown_full"] += 1
                            changed += 1
                    if names_compatible(a, b):
                        later = b if (b.kind, b.date) >= (a.kind, a.date) else a
                        if key.startswith("emp:"):
                            later.company_card = None
                            if later.lead_org is not None:
                                later.lead_evidence = [e for e in later.lead_evidence if e != "title"]
                        elif key.startswith("inn:"):
                            later.requisite = False
                        else:
                            later.chans = [c for c in later.chans if c.key != key]
                        stats["dropped"] += 1
                        changed += 1
        if not changed:
            break
    return stats


def lead_company_label(rec: Rec) -> str | None:
    """The organisation a lead shows unambiguous evidence of, or None."""
    found: list[Org] = []
    org = rec.lead_org
    if org is not None:
        family_has_branches = bool(org.branches) or org.parent is not None
        for ev in rec.lead_evidence:
            if ev == "title" and (org.title_unique or rec.branch_marker and org.parent is not None):
                found.append(org)
            elif ev == "inn" and not family_has_branches:
                found.append(org)
            elif ev == "inn_kpp":
                found.append(org)
    for chan in rec.chans:
        if chan.org is None:
            continue
        o = chan.org
        family_has_branches = bool(o.branches) or o.parent is not None
        if chan.kind == "phone" or chan.shared == "generic":      # office phones and a branch's mailbox are its own
            found.append(o)
        elif chan.kind == "email" and not family_has_branches:
            found.append(o)
    eids = sorted({o.eid for o in found if o.cards > 0})
    return eids[0] if len(eids) == 1 else None


def _show_common_evidence(rng, rec, ev: str, shared_chans, own_phones, own_mails) -> None:
    """The evidence kinds a later contact card and a lead show alike."""
    if ev == "shared":
        rec.chans.append(rng.choice(shared_chans).copy())
        rec.make_full()
    if ev in ("phone", "phone_email"):
        rec.chans.append(rng.choice(own_phones).copy())
    if ev in ("email", "phone_email"):
        rec.chans.append(rng.choice(own_mails).copy())
    if ev == "comment_phone":
        rec.chans.append(rng.choice(own_phones).copy("comment"))
