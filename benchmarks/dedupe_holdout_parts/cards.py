"""Cards (records) for one true person or company: the original and its later duplicates.

A duplicate is made against an earlier card of the same entity (its anchor) and keeps exactly one
kind of evidence chosen here — a shared mobile, a mailbox under an alias, a name plus the company, a
mistyped phone plus the name… — so every labelled duplicate can be found from the data alone, and
nothing else is copied from the anchor that would make it easier.
"""
from __future__ import annotations

import random

from benchmarks.dedupe_holdout_parts.channels import format_phone, mailbox_key
from benchmarks.dedupe_holdout_parts.records import (
    ANY_STYLES, LIGHT_STYLES, ORIGINAL_STYLES, SHARED, STRONG, Rec, comment_email, company_card_channels,
    company_inn_text, company_title, name_styles, title_token, render_name, requisite, requisite_tokens,
    show_email, show_mobile, show_office, show_typo_mobile)
from benchmarks.dedupe_holdout_parts.text import pick_weighted
from benchmarks.dedupe_holdout_parts.titles import title_key
from benchmarks.dedupe_holdout_parts.world import Company, Person, World


def has(rec: Rec, prefix: str) -> list[str]:
    return sorted(t for t in rec.tokens if t.startswith(prefix))


def linked(a: Rec, b: Rec) -> bool:
    """Whether two person cards carry enough shared evidence to be called one person: a strong
    identifier, or the same name plus a shared phone/mailbox/company or a phone one slip away."""
    common = a.tokens & b.tokens
    if any(t.startswith(STRONG) for t in common):
        return True
    if not (a.named and b.named):
        return False
    near = {t[2:] for t in a.tokens if t.startswith("t:")} & {t[2:] for t in b.tokens if t.startswith("m:")} \
        or {t[2:] for t in b.tokens if t.startswith("t:")} & {t[2:] for t in a.tokens if t.startswith("m:")}
    return bool(near) or any(t.startswith(SHARED + ("c:",)) for t in common)


class PersonCards:
    """Renders contact and lead cards for people of one world."""

    def __init__(self, rng: random.Random, world: World, unique_company_tokens: set[str]):
        self.rng, self.world, self.unique = rng, world, unique_company_tokens

    def _name(self, rec: Rec, p: Person, table, max_damage: int) -> None:
        style = pick_weighted(self.rng, name_styles(p, table))
        damages = self.rng.choices(range(max_damage + 1), (55, 35, 10)[:max_damage + 1])[0]
        render_name(self.rng, rec, p, style, damages)

    def _home(self, rec: Rec, p: Person) -> None:
        rec.add("PHONE", "HOME", format_phone(self.rng, p.home_phone), f"h:{p.home_phone}")

    def _set_company(self, rec: Rec, company: Company) -> None:
        rec.company = company
        rec.tokens.add(f"c:{company.key}")

    def original(self, rec: Rec, p: Person) -> None:
        """What the first manager typed: most of what they knew, in their own spelling."""
        rng = self.rng
        self._name(rec, p, ORIGINAL_STYLES, 1 if rng.random() < 0.12 else 0)
        for i, number in enumerate(p.mobiles):
            if rng.random() < (0.85, 0.35)[min(i, 1)]:
                show_mobile(rng, rec, number, "MOBILE" if i == 0 else rng.choice(("WORK", "OTHER")))
        for i, address in enumerate(p.emails):
            if rng.random() < (0.6, 0.3)[min(i, 1)]:
                show_email(rng, rec, address, "e:", 0.1)
        self.extras_original(rec, p)
        if p.records > 1 and not any(t.startswith(STRONG) for t in rec.tokens):
            self._ensure_strong(rec, p)

    def extras_original(self, rec: Rec, p: Person) -> None:
        rng = self.rng
        if p.work_email and rng.random() < 0.7:
            show_email(rng, rec, p.work_email, "w:", 0.1)
        if p.office_phone and rng.random() < 0.5:
            show_office(rng, rec, p, with_ext=p.ext is not None and rng.random() < 0.9)
        if p.home_phone and rng.random() < 0.9:
            self._home(rec, p)
        if p.family_email and rng.random() < 0.9:
            show_email(rng, rec, p.family_email, "f:", 0.1)
        if p.company and p.company.generic and rng.random() < 0.08:
            show_email(rng, rec, rng.choice(p.company.generic), "g:", 0.1)
        if p.company and p.company.in_crm and rng.random() < 0.85:
            self._set_company(rec, p.company)
            rec.fields["POST"] = p.post if rng.random() < 0.6 else rec.fields.get("POST")

    def _ensure_strong(self, rec: Rec, p: Person) -> None:
        if not p.mobiles and not p.emails:
            p.mobiles.append(self.world.phones.mobile())
        if p.mobiles:
            show_mobile(self.rng, rec, p.mobiles[0])
        else:
            show_email(self.rng, rec, p.emails[0], "e:", 0.1)

    # ------------------------------------------------------------------ duplicates

    def evidence_options(self, anchor: Rec, p: Person, for_lead: bool = False) -> list[tuple[str, float]]:
        named = anchor.named
        options = []
        if has(anchor, "m:"):
            options += [("mobile", 35), ("typo_phone", 6 if named else 0)]
        if has(anchor, "e:"):
            options += [("email", 18), ("comment_email", 4 if named else 0), ("email_only", 0 if for_lead else 3)]
        if has(anchor, "w:"):
            options.append(("work_email", 8))
        if has(anchor, "x:"):
            options.append(("office_ext", 5))
        # the world never gives two colleagues one surname and first name, so name + company is proof
        at_company = p.company is not None and f"c:{p.company.key}" in anchor.tokens
        if named and at_company and not for_lead:
            options.append(("name_company", 10))
        if named and any(has(anchor, s) for s in ("h:", "o:", "f:")):
            options.append(("shared_phone_name", 4))
        if named and (has(anchor, "e:") or at_company) and not for_lead:
            options.append(("new_phone", 4))
        if has(anchor, "m:") and p.company and p.company.in_crm and not for_lead:
            options.append(("second_company", 3))
        return [(o, w) for o, w in options if w > 0]

    def duplicate(self, rec: Rec, p: Person, anchor: Rec, evidence: str, strong_styles=ANY_STYLES) -> None:
        """Make `rec` a later card of `p` that shares `evidence` (and only that) with `anchor`."""
        rng = self.rng
        rec.tags += ["duplicate", f"evidence={evidence}"]
        strong_name = evidence in ("mobile", "email", "work_email", "office_ext", "second_company")
        if evidence == "email_only":
            address = rng.choice([a for a in p.emails if f"e:{_key(a)}" in anchor.tokens])
            show_email(rng, rec, address, "e:", 0.5)
            rec.tags.append("name=none")
            return
        self._name(rec, p, strong_styles if strong_name else LIGHT_STYLES, 2 if strong_name else 1)
        if evidence in ("mobile", "second_company"):
            show_mobile(rng, rec, rng.choice(has(anchor, "m:"))[2:])
        elif evidence == "typo_phone":
            number = rng.choice(has(anchor, "m:"))[2:]
            show_typo_mobile(rng, rec, number, self.world.phones.taken)
        elif evidence in ("email", "comment_email", "new_phone") and has(anchor, "e:"):
            address = rng.choice([a for a in p.emails if f"e:{_key(a)}" in anchor.tokens])
            if evidence == "comment_email":
                comment_email(rng, rec, address)
            else:
                show_email(rng, rec, address, "e:", 0.6, display=f"{p.first} {p.last}")
        elif evidence == "work_email":
            show_email(rng, rec, p.work_email, "w:", 0.4)
        elif evidence == "office_ext":
            show_office(rng, rec, p, with_ext=True)
        elif evidence == "shared_phone_name":
            shared = rng.choice([t for s in ("h:", "o:", "f:") for t in has(anchor, s)])
            if shared.startswith("h:"):
                self._home(rec, p)
            elif shared.startswith("o:"):
                show_office(rng, rec, p, with_ext=False)
            else:
                show_email(rng, rec, p.family_email, "f:", 0.3)
        if evidence == "new_phone":
            p.mobiles.append(self.world.phones.mobile())
            show_mobile(rng, rec, p.mobiles[-1])
            if not has(anchor, "e:"):
                self._set_company(rec, p.company)
        if evidence == "name_company":
            self._set_company(rec, p.company)
        if evidence == "second_company":
            other = rng.choice(self.world.companies)
            if other is not p.company:
                self._set_company(rec, other)
                rec.fields["POST"] = rng.choice(("Консультант", "Директор", "Менеджер проекта", "Совладелец"))
        self._fresh_extras(rec, p, anchor)

    def _fresh_extras(self, rec: Rec, p: Person, anchor: Rec) -> None:
        """Sometimes a duplicate also knows something its anchor did not (a second mobile, an e-mail)."""
        rng = self.rng
        for number in p.mobiles:
            if f"m:{number}" not in anchor.tokens and f"m:{number}" not in rec.tokens and rng.random() < 0.25:
                show_mobile(rng, rec, number)
        for address in p.emails:
            if f"e:{_key(address)}" not in anchor.tokens and rng.random() < 0.2:
                show_email(rng, rec, address, "e:", 0.3)

    def duplicate_of(self, rec: Rec, p: Person, cards: list[Rec]) -> None:
        rng = self.rng
        for anchor in rng.sample(cards, len(cards)):
            options = self.evidence_options(anchor, p)
            if options:
                self.duplicate(rec, p, anchor, pick_weighted(rng, options))
                return
        raise AssertionError(f"no evidence available for a duplicate of {p.key}")


def _key(address: str) -> str:
    return mailbox_key(address)


# ------------------------------------------------------------------ companies

class CompanyCards:
    def __init__(self, rng: random.Random, unique_tokens: set[str]):
        self.rng, self.unique = rng, unique_tokens

    def _title(self, rec: Rec, c: Company, typo_rate: float, reform: bool = False) -> None:
        title, slipped = company_title(self.rng, c, typo_rate, reform)
        rec.fields["TITLE"] = title
        rec.tokens |= title_token(c)
        rec.tags.append("title=slip" if slipped else "title=clean")

    def _requisite(self, rec: Rec, c: Company, kpp_shown: bool) -> None:
        rec.requisites.append(requisite(c, kpp_shown, spaced_inn=self.rng.random() < 0.02))
        rec.tokens |= requisite_tokens(c, kpp_shown)

    def original(self, rec: Rec, c: Company) -> None:
        rng = self.rng
        self._title(rec, c, 0.02)
        if rng.random() < (0.9 if c.trap else 0.65):
            self._requisite(rec, c, kpp_shown=c.trap == "branch" or rng.random() < 0.92)
        elif rng.random() < 0.12 and c.trap != "branch":
            company_inn_text(rng, rec, c, rng.choice(("BANKING_DETAILS", "COMMENTS")))
        phones = [n for i, n in enumerate(c.phones) if rng.random() < (0.85, 0.4, 0.3)[min(i, 2)]]
        emails = [a for a in c.generic if rng.random() < 0.6]
        company_card_channels(rng, rec, c, phones, rng.random() < 0.55, emails)
        rec.tags.append("original")
        self._ensure_identifiable(rec, c)

    def _ensure_identifiable(self, rec: Rec, c: Company) -> None:
        """A card whose title others share (or an ИП's, a person's name) keeps one identifier of its own:
        a bare «ООО Альфа» among several Альфы would be a coin toss, not a test. Offices of one
        organisation share title, site and mailboxes, and another phone looks like the same office's
        second line, so their cards always carry the requisite with the KPP (that is why they exist)."""
        ambiguous_title = c.ip_name or c.trap or f"title:{title_key(c.core)}" not in self.unique
        if c.trap == "branch" and f"inn:{c.inn}:{c.kpp}" not in rec.tokens \
                or ambiguous_title and not any(not t.startswith("title:") for t in rec.tokens & self.unique):
            self._requisite(rec, c, kpp_shown=True)

    def options(self, anchor: Rec, c: Company) -> list[tuple[str, float]]:
        unique = anchor.tokens & self.unique
        options = []
        if any(t.startswith("inn:") for t in unique) and anchor.requisites:
            options.append(("inn", 40))
        if any(t.startswith("inn:") for t in unique) and c.trap != "branch":
            options.append(("inn_text", 8))
        options += [("phone", 25)] if any(t.startswith("cp:") for t in unique) else []
        options += [("site", 10)] if any(t.startswith("site:") for t in unique) else []
        options += [("mail_domain", 7)] if any(t.startswith("dom:") for t in unique) else []
        if any(t.startswith("title:") for t in unique) and c.trap is None:
            options.append(("title_only", 5))
        return options

    def duplicate_of(self, rec: Rec, c: Company, cards: list[Rec]) -> None:
        rng = self.rng
        anchor = rng.choice(cards)
        options = self.options(anchor, c)
        if not options:  # give the anchor the requisite a later manager will copy
            self._requisite(anchor, c, kpp_shown=True)
            options = self.options(anchor, c)
        evidence = pick_weighted(rng, options)
        rec.tags += ["duplicate", f"evidence={evidence}"]
        unique = anchor.tokens & self.unique
        self._title(rec, c, 0.0 if evidence == "title_only" else 0.1, reform=rng.random() < 0.3)
        if evidence == "title_only":
            return
        if evidence == "inn":
            self._requisite(rec, c, kpp_shown=f"inn:{c.inn}:{c.kpp}" in anchor.tokens or rng.random() < 0.9)
        elif evidence == "inn_text":
            company_inn_text(rng, rec, c, rng.choice(("BANKING_DETAILS", "COMMENTS", "UF_CRM_1687188367")))
        phones = [t[3:] for t in sorted(unique) if t.startswith("cp:")] if evidence == "phone" else []
        site = evidence == "site"
        domains = sorted(t[4:] for t in unique if t.startswith("dom:")) if evidence == "mail_domain" else []
        emails = [a for a in c.generic if a.rpartition("@")[2] in domains][:1]
        if evidence == "mail_domain" and not emails:
            emails = [f"{rng.choice(('director', 'buh', 'zakupki'))}@{domains[0]}"]
        phones = phones[:1] + [n for n in c.phones if f"cp:{n}" not in anchor.tokens and rng.random() < 0.3]
        company_card_channels(rng, rec, c, phones, site, emails)
        self._ensure_identifiable(rec, c)
