"""Leads for the hold-out set: new people, existing contacts writing in again (often with only a
first name and a phone), new people from companies the CRM knows (INN, title, office phone, corporate
mailbox or site), repeated form submissions, and the traps: a namesake of a client, a colleague calling
from the shared office number, a lead with a branch's INN and KPP, a relative on the family phone.
"""
from __future__ import annotations

import random

from benchmarks.dedupe_holdout_parts.cards import PersonCards, has
from benchmarks.dedupe_holdout_parts.channels import format_phone, format_site
from benchmarks.dedupe_holdout_parts.records import (
    Rec, company_title, show_email, show_mobile, show_office, title_token)
from benchmarks.dedupe_holdout_parts.text import pick_weighted
from benchmarks.dedupe_holdout_parts.titles import title_key
from benchmarks.dedupe_holdout_parts.world import Company, Person, World

LEAD_STYLES = (("first_only", 30), ("fields", 20), ("fl_in_name", 14), ("lf_in_name", 8), ("no_patronymic", 10),
               ("lfm_in_name", 4), ("initials", 3), ("none", 4), ("upper_fields", 2), ("first_patronymic", 5))
LEAD_KINDS = (("new", 50), ("existing_contact", 26), ("company_new_person", 9), ("lead_namesake", 2.5),
              ("lead_office_phone", 2.5), ("lead_branch_inn", 1.5), ("lead_family", 1.5))
INN_FIELD = "UF_CRM_1701173519"   # «ИНН клиента» on the lead form


class LeadMaker:
    def __init__(self, rng: random.Random, world: World, cards: PersonCards, new_rec,
                 contact_cards: dict[str, list[Rec]], company_cards: dict[str, list[Rec]], unique: set[str]):
        self.rng, self.world, self.cards, self.new_rec = rng, world, cards, new_rec
        self.contact_cards, self.company_cards, self.unique = contact_cards, company_cards, unique
        people = [p for p in world.people if contact_cards.get(p.key)]
        self.clients = rng.sample(people, len(people))      # each existing contact writes in at most once
        self.families = [p for p in people if p.trap in ("father_son", "family_phone", "family_email")
                         and not p.female and any(has(r, "h:") or has(r, "f:") for r in contact_cards[p.key])]
        self.branches = [c for c in world.companies if c.trap == "branch" and company_cards.get(c.key)]
        self.orgs = [c for c in world.companies if not c.ip_name and company_cards.get(c.key)]
        self.offices = sorted({t[2:] for cards_ in contact_cards.values() for r in cards_ for t in r.tokens
                               if t.startswith("o:")})
        self.office_owner = {n: c for c in world.companies for n in c.phones}

    def make(self, n: int) -> list[Rec]:
        leads: list[Rec] = []
        while len(leads) < n:
            kind = pick_weighted(self.rng, LEAD_KINDS)
            first = getattr(self, "_" + kind)()
            if first is None:
                continue
            leads.append(first)
            p = first.person
            size = self.rng.choices((1, 2, 3), (92, 6, 2))[0]
            for _ in range(min(size - 1, n - len(leads))):
                leads.append(self._again(p, leads[-1]))
        return leads

    # ------------------------------------------------------------------ kinds

    def _lead(self, p: Person, kind: str, after: Rec | None = None) -> Rec:
        rec = self.new_rec("lead", p, after)
        rec.truth_company = p.company.key if p.company and p.company.in_crm else None
        rec.tags.append(f"lead={kind}")
        return rec

    def _new(self) -> Rec:
        roll = self.rng.random()
        employer = self.rng.choice(self.world.offline) if roll < 0.35 else None
        p = self.world.person(employer=employer)
        rec = self._lead(p, "new")
        self._own_channels(rec, p, LEAD_STYLES)
        if employer and self.rng.random() < 0.5:
            rec.fields["COMPANY_TITLE"] = company_title(self.rng, employer)[0]
            rec.tokens |= title_token(employer)
        return rec

    def _existing_contact(self) -> Rec | None:
        while self.clients:
            p = self.clients.pop()
            cards = self.contact_cards[p.key]
            anchor = self.rng.choice(cards)
            options = self.cards.evidence_options(anchor, p, for_lead=True)
            company = p.company if p.company and p.company.in_crm and self.company_cards.get(p.company.key) else None
            if anchor.named and company:
                options.append(("name_company_title", 10))
            if not options:
                continue
            evidence = pick_weighted(self.rng, options)
            rec = self._lead(p, "existing_contact")
            if evidence == "name_company_title":
                rec.tags += ["duplicate", "evidence=name_company_title"]
                self.cards._name(rec, p, (("fields", 40), ("fl_in_name", 30), ("no_patronymic", 30)), 1)
                self._company_evidence(rec, company, at_least=1)
            else:
                self.cards.duplicate(rec, p, anchor, evidence, strong_styles=LEAD_STYLES)
                if company and self.rng.random() < 0.3:
                    self._company_evidence(rec, company, at_least=1)
            return rec
        return None

    def _company_new_person(self) -> Rec:
        company = self.rng.choice(self.orgs)
        p = self.world.person(employer=company)
        rec = self._lead(p, "company_new_person")
        self._own_channels(rec, p, LEAD_STYLES, keep=0.6)
        self._company_evidence(rec, company, at_least=self.rng.choice((1, 1, 2)))
        return rec

    def _lead_namesake(self) -> Rec | None:
        q = self.rng.choice(self.clients) if self.clients else None
        if q is None or not q.middle:
            return None
        p = self.world.person(q.female, q.last, q.first, q.middle, employer=self.rng.choice((None, self.rng.choice(self.world.offline))))
        rec = self._lead(p, "lead_namesake")
        self._own_channels(rec, p, (("fields", 70), ("lfm_in_name", 30)), keep=1.0)
        return rec

    def _lead_office_phone(self) -> Rec | None:
        number = self.rng.choice(self.offices) if self.offices else None
        company = self.office_owner.get(number)
        if company is None:
            return None
        p = self.world.person(employer=company)
        p.office_phone, p.ext = number, None
        rec = self._lead(p, "lead_office_phone")
        self.cards._name(rec, p, (("fields", 50), ("fl_in_name", 30), ("no_patronymic", 20)), 0)
        show_office(self.rng, rec, p, with_ext=False)
        if self.rng.random() < 0.4:
            self._company_evidence(rec, company, at_least=1)
        return rec

    def _lead_branch_inn(self) -> Rec | None:
        if not self.branches:
            return None
        company = self.rng.choice(self.branches)
        p = self.world.person(employer=company)
        rec = self._lead(p, "lead_branch_inn")
        self._own_channels(rec, p, LEAD_STYLES, keep=0.8)
        self._show_inn(rec, company, with_kpp=True)
        return rec

    def _lead_family(self) -> Rec | None:
        if not self.families:
            return None
        child = self.world.relative_of(self.rng.choice(self.families))
        rec = self._lead(child, "lead_family")
        self.cards._name(rec, child, (("fields", 40), ("fl_in_name", 40), ("first_only", 20)), 0)
        if child.home_phone:
            rec.add("PHONE", "HOME", format_phone(self.rng, child.home_phone), f"h:{child.home_phone}")
        else:
            show_email(self.rng, rec, child.family_email, "f:", 0.2)
        return rec

    def _again(self, p: Person, previous: Rec) -> Rec:
        """The same person submitting the form again or calling a few days later."""
        rec = self._lead(p, "repeat", after=previous)
        options = [(o, w) for o, w in self.cards.evidence_options(previous, p, for_lead=True)
                   if o not in ("shared_phone_name",)]
        if not options:  # the first lead showed nothing personal: show the same phone again
            if not p.mobiles:
                p.mobiles.append(self.world.phones.mobile())
            show_mobile(self.rng, previous, p.mobiles[0])
            options = [("mobile", 1)]
        self.cards.duplicate(rec, p, previous, pick_weighted(self.rng, options), strong_styles=LEAD_STYLES)
        if previous.fields.get("COMPANY_TITLE") and self.rng.random() < 0.5:
            rec.fields["COMPANY_TITLE"] = previous.fields["COMPANY_TITLE"]
            rec.tokens |= {t for t in previous.tokens if t.startswith("title:")}
        return rec

    # ------------------------------------------------------------------ what a lead shows

    def _own_channels(self, rec: Rec, p: Person, styles, keep: float = 1.0) -> None:
        self.cards._name(rec, p, styles, 1)
        if p.mobiles and self.rng.random() < keep:
            show_mobile(self.rng, rec, p.mobiles[0])
        if p.emails and self.rng.random() < 0.5 * keep:
            show_email(self.rng, rec, p.emails[0], "e:", 0.15)
        if p.work_email and self.rng.random() < 0.3:
            show_email(self.rng, rec, p.work_email, "w:", 0.1)
        if not any(t.startswith(("m:", "e:", "w:")) for t in rec.tokens) and self.rng.random() < 0.8:
            p.mobiles.append(self.world.phones.mobile())
            show_mobile(self.rng, rec, p.mobiles[-1])

    def _show_inn(self, rec: Rec, c: Company, with_kpp: bool) -> None:
        kpp = c.kpp if with_kpp and c.kpp else None
        text = self.rng.choice((f"ИНН {c.inn}" + (f" КПП {kpp}" if kpp else ""),
                                f"ИНН/КПП {c.inn}/{kpp}" if kpp else f"ИНН: {c.inn}"))
        where = self.rng.choice((INN_FIELD, "COMMENTS", "TITLE"))
        if where == "COMMENTS":
            rec.comment(text)
        elif where == "TITLE":
            rec.fields["TITLE"] = f"{company_title(self.rng, c)[0]} {text}"
        else:  # the form's INN field takes bare digits unless someone pasted "ИНН/КПП …" into it
            rec.fields[INN_FIELD] = text if kpp else c.inn
        rec.tokens.add(f"inn:{c.inn}")
        if kpp:
            rec.tokens.add(f"inn:{c.inn}:{kpp}")
        rec.tags.append(f"inn_in={where}")

    def _company_evidence(self, rec: Rec, c: Company, at_least: int) -> None:
        """Show `at_least` things that identify company `c` and no other."""
        rng = self.rng
        shown = set().union(*(r.tokens for r in self.company_cards[c.key])) & self.unique  # what the cards show
        options = [("inn", 30)] if any(t.startswith("inn:") for t in shown) else []
        if f"title:{title_key(c.core)}" in shown and c.trap is None and not c.ip_name:
            options.append(("title", 30))
        options += [("office_phone", 20)] if any(f"cp:{n}" in shown for n in c.phones) else []
        options += [("site", 10)] if c.site and f"site:{c.site}" in shown else []
        options += [("corporate_email", 15)] if c.mail_domain and f"dom:{c.mail_domain}" in shown else []
        options = options or [("inn", 1)]  # the cards show nothing usable: the lead still names its INN
        chosen = set()
        while len(chosen) < min(at_least, len(options)):
            chosen.add(pick_weighted(rng, options))
        for kind in sorted(chosen):
            rec.tags.append(f"company_evidence={kind}")
            if kind == "inn":
                self._show_inn(rec, c, with_kpp=c.trap == "branch" or rng.random() < 0.3)
            elif kind == "title":
                rec.fields["COMPANY_TITLE"] = company_title(rng, c)[0]
                rec.tokens |= title_token(c)
            elif kind == "office_phone":
                number = rng.choice([n for n in c.phones if f"cp:{n}" in shown])
                rec.add("PHONE", "WORK", format_phone(rng, number), f"cp:{number}")
            elif kind == "site":
                rec.add("WEB", "WORK", format_site(rng, c.site), f"site:{c.site}")
            elif rec.person.work_email and rec.person.company is c:
                show_email(rng, rec, rec.person.work_email, "w:", 0.1)
            else:  # a role mailbox: says which company, not which person
                show_email(rng, rec, f"{rng.choice(('zakupki', 'snab', 'tender', 'info'))}@{c.mail_domain}", "g:", 0.1)
        if "title" not in chosen and rng.random() < 0.4:
            rec.fields["COMPANY_TITLE"] = company_title(rng, c, typo_rate=0.2)[0]
            rec.tokens |= title_token(c)
