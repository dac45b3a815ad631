"""Ground truth for the hold-out set: which true entity each record is, which lead belongs to which
contact or company (and whether the lead itself shows the evidence), and the look-alike pairs of
different entities that an engine must never put together, by kind.
"""
from __future__ import annotations

import itertools
import random
from collections import defaultdict

from benchmarks.dedupe_holdout_parts.cards import linked
from benchmarks.dedupe_holdout_parts.records import Rec
from benchmarks.dedupe_holdout_parts.titles import title_key
from benchmarks.dedupe_holdout_parts.world import World

# Tokens that different people (or companies) share, and the kind of trap each sharing is.
PERSON_SHARED = {"o:": "shared_office_phone", "h:": "family_phone", "f:": "family_email",
                 "g:": "generic_mailbox", "n:": "namesake"}
COMPANY_SHARED = {"inn:": "branch", "cp:": "shared_company_phone", "site:": "shared_site",
                  "dom:": "shared_mail_domain", "title:": "same_name_company"}
# Look-alikes whose every pair of cards is a trap (same or near-same names), not just the cards sharing a token.
WHOLE_RELATIONS = {"namesake", "father_son", "branch", "sister_company", "same_name_other_city", "similar_title",
                   "ip_same_initials"}
PAIRS_PER_TOKEN = 6
_COMPANY_PREFIXES = tuple(COMPANY_SHARED)
PAIRS_PER_RELATION = 16


def company_token_owners(world: World) -> dict[str, set[str]]:
    """Which companies (in the CRM or only named in leads) own each identifying token."""
    owners: dict[str, set[str]] = defaultdict(set)
    for c in world.companies + world.offline:
        tokens = {f"inn:{c.inn}", f"title:{title_key(c.core)}"}
        tokens |= {f"inn:{c.inn}:{c.kpp}"} if c.kpp else set()
        tokens |= {f"cp:{n}" for n in c.phones}
        tokens |= {f"site:{c.site}", f"dom:{c.mail_domain}"} if c.site else set()
        for token in tokens:
            owners[token].add(c.key)
    return owners


def unique_company_tokens(world: World) -> set[str]:
    return {t for t, keys in company_token_owners(world).items() if len(keys) == 1}


def link_leads(leads: list[Rec], contact_cards: dict[str, list[Rec]], company_cards: dict[str, list[Rec]],
               unique: set[str]) -> dict[str, dict]:
    """For each lead: its person and company if the CRM has them, whether the lead shows evidence of
    them, and the companies it can only be guessed at: a lead that shows nothing pinning one CRM company
    (no INN, phone or site that the cards of one company alone show) but shares a title, phone or site
    with some — linking it to them is neither right nor wrong (the issue accepts a title as a link)."""
    holders: dict[str, set[str]] = defaultdict(set)
    for key, cards in company_cards.items():
        for token in (t for r in cards for t in r.tokens if t.startswith(_COMPANY_PREFIXES)):
            holders[token].add(key)
    links = {}
    for lead in leads:
        company = lead.truth_company
        company_evidence = bool(company) and any(lead.tokens & r.tokens & unique for r in company_cards.get(company, ()))
        if company_evidence:
            lead.tokens.add(f"c:{company}")
        person = lead.person.key if contact_cards.get(lead.person.key) else None
        person_evidence = bool(person) and any(linked(lead, r) for r in contact_cards[person])
        lead.ambiguous = set()
        if not any(t in unique and t in holders for t in lead.tokens):  # nothing pins one company of the CRM
            lead.ambiguous = {key for t in lead.tokens if t.startswith(_COMPANY_PREFIXES)
                              for key in holders.get(t, ())} - {company}
        links[lead.id] = {"person": person, "company": company if company_cards.get(company or "") else None,
                          "person_evidence": person_evidence, "company_evidence": company_evidence,
                          "ambiguous_companies": sorted(lead.ambiguous)}
    return links


def _allowed(a: Rec, b: Rec) -> tuple[Rec, Rec] | None:
    """Scored pairs only: same type (lower id first), or a lead with a contact or company (lead first)."""
    if a.type == b.type:
        return (a, b) if int(a.id) < int(b.id) else (b, a)
    if a.type == "lead" and b.type != "lead":
        return a, b
    if b.type == "lead" and a.type != "lead":
        return b, a
    return None


def _company_of(rec: Rec) -> str | None:
    return rec.entity if rec.type == "company" else rec.truth_company


def hard_negatives(rng: random.Random, world: World, records: list[Rec]) -> list[dict]:
    found: dict[tuple[str, str], str] = {}

    def add(a: Rec, b: Rec, kind: str) -> None:
        pair = _allowed(a, b)
        if pair is None or a.entity == b.entity:
            return
        if pair[0].type == "lead" and pair[1].type == "company" and (
                pair[1].entity == pair[0].truth_company or pair[1].entity in pair[0].ambiguous):
            return  # its own company, or one it can only be guessed at
        key = (f"{pair[0].type}:{pair[0].id}", f"{pair[1].type}:{pair[1].id}")
        found.setdefault(key, kind)

    by_entity: dict[str, list[Rec]] = defaultdict(list)
    for rec in records:
        by_entity[rec.entity].append(rec)
    for keys, kind in world.relations.items():
        if kind not in WHOLE_RELATIONS:
            continue  # families count only where both cards show the shared phone or mailbox (below)
        a, b = sorted(keys)
        cross = list(itertools.product(by_entity.get(a, ()), by_entity.get(b, ())))
        for x, y in rng.sample(cross, min(PAIRS_PER_RELATION, len(cross))):
            add(x, y, kind)

    index: dict[str, list[Rec]] = defaultdict(list)
    for rec in records:
        wanted = COMPANY_SHARED if rec.type in ("company", "lead") else {}
        wanted = {**wanted, **(PERSON_SHARED if rec.type in ("contact", "lead") else {})}
        for token in sorted(rec.tokens):
            if token.startswith(tuple(wanted)) and token.count(":") == 1:
                index[token].append(rec)
    for token, recs in index.items():
        if len({r.entity for r in recs}) < 2:
            continue
        prefix = token[:token.index(":") + 1]
        people = prefix in PERSON_SHARED
        candidates = [(x, y) for x, y in itertools.combinations(recs, 2) if x.entity != y.entity
                      and ((x.type != "company" and y.type != "company") if people else "company" in (x.type, y.type))]
        for x, y in rng.sample(candidates, min(PAIRS_PER_TOKEN, len(candidates))):
            if people:
                kind = world.relations.get(frozenset((x.entity, y.entity)), PERSON_SHARED[prefix])
            else:
                kind = world.relations.get(frozenset((_company_of(x), _company_of(y))), COMPANY_SHARED[prefix])
                if prefix == "inn:" and "lead" in (x.type, y.type):
                    kind = "lead_branch_inn"
            add(x, y, kind)
    return [{"kind": kind, "a": a, "b": b} for (a, b), kind in sorted(found.items())]
