"""Seeded, labelled HOLD-OUT data for the duplicate finder (issue 5).

Built independently of the engine (`dedupe/`) and of its own benchmark data, from how Russian CRM
data really gets duplicated: managers re-creating a client years later, web forms, imports, calls.
Most records are unique; ~10-20 % of contacts sit in duplicate groups of 2-4.

    .venv/bin/python benchmarks/dedupe_holdout.py --seed 7 --contacts 20000 --companies 2000 \\
        --leads 2000 --out var/holdout

Writes, in the shapes Bitrix24 returns them (ids as strings, multi-fields as lists of
{ID, VALUE_TYPE, VALUE, TYPE_ID}): contacts.jsonl, companies.jsonl, leads.jsonl (list methods with
select ["*", "PHONE", "EMAIL", "WEB", "UF_*"]) and requisites.jsonl (crm.requisite.list rows, company
ones with ENTITY_TYPE_ID "4" and a few person ones with "3"), plus labels.json:

    {"format": "poryadok-dedupe-holdout/1", "seed": …, "counts": {…},
     "entities": {"contact": {id: true_key}, "company": {…}, "lead": {…}},   # same key = same entity
     "lead_links": {lead_id: {"person": key|null, "company": key|null,
                              "person_evidence": bool, "company_evidence": bool,
                              "ambiguous_companies": [keys]}},
     "hard_negatives": [{"kind": …, "a": "contact:12", "b": "contact:57"}, …],  # never the same entity
     "tags": {"contact:12": ["duplicate", "evidence=mobile", "name=initials", …], …}}

A lead's person/company is set when the CRM holds that person/company; *_evidence says whether the
lead itself shows something that identifies them (otherwise linking it is neither right nor wrong);
ambiguous_companies are those a lead that pins no single company shares a title, phone or site with —
linking to them is neither right nor wrong either (the issue accepts a title as a link).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.dedupe_holdout_parts.bitrix import finish_lead_title, write_dataset
from benchmarks.dedupe_holdout_parts.cards import CompanyCards, PersonCards
from benchmarks.dedupe_holdout_parts.labels import hard_negatives, link_leads, unique_company_tokens
from benchmarks.dedupe_holdout_parts.leads import LeadMaker
from benchmarks.dedupe_holdout_parts.records import Rec, filler_comment, person_requisite
from benchmarks.dedupe_holdout_parts.world import Company, Person, World

START, END = datetime(2017, 1, 9, 9, 0), datetime(2025, 11, 28, 19, 0)
LEADS_FROM = datetime(2024, 1, 9, 9, 0)
MANAGERS = ("1", "6", "9", "12", "15", "17", "23", "28", "31", "36", "40", "44", "52", "57", "61", "73", "88", "95")


class Generator:
    def __init__(self, seed: int, contacts: int, companies: int, leads: int,
                 contact_dup_rate: float = 0.07, company_dup_rate: float = 0.05):
        self.rng = random.Random(seed)
        self.seed, self.sizes = seed, {"contact": contacts, "company": companies, "lead": leads}
        self.dup_rates = {"contact": contact_dup_rate, "company": company_dup_rate}
        self.world = World(self.rng)

    def _record_count(self, kind: str) -> int:
        if self.rng.random() < self.dup_rates[kind]:
            return self.rng.choices((2, 3, 4), (70, 22, 8))[0]
        return 1

    def plan(self) -> None:
        """Decide the true entities and how many cards each has, exactly filling the requested sizes."""
        world, total = self.world, 0
        while total < self.sizes["company"]:
            for c in world.company_with_lookalikes():
                c.records = min(self._record_count("company"), self.sizes["company"] - total)
                total += c.records
        world.companies = [c for c in world.companies if c.records > 0]
        for _ in range(max(20, self.sizes["contact"] // 40)):
            world.organisation(in_crm=False)
        world.finish_companies()
        total = 0
        while total < self.sizes["contact"]:
            for p in world.people_group():
                p.records = min(self._record_count("contact"), self.sizes["contact"] - total)
                total += p.records

    def new_rec(self, kind: str, owner: Person | Company, after: Rec | None = None) -> Rec:
        rng = self.rng
        if after is not None:
            gap = timedelta(minutes=rng.randrange(5, 14400)) if kind == "lead" else \
                timedelta(days=rng.expovariate(1 / 200), hours=rng.randrange(1, 9))
            created = min(after.created + gap, END)
        else:
            start = LEADS_FROM if kind == "lead" else START
            created = start + timedelta(seconds=rng.randrange(int((END - start).total_seconds())))
        manager = rng.choice(MANAGERS)
        if after is not None and rng.random() < 0.3:
            manager = after.fields["ASSIGNED_BY_ID"]
        rec = Rec(kind, owner.key, created, {"ASSIGNED_BY_ID": manager,
                                             "CREATED_BY_ID": manager if rng.random() < 0.7 else rng.choice(MANAGERS)})
        if isinstance(owner, Person):
            rec.person = owner
            rec.tokens.add(f"n:{owner.last}|{owner.first}|{owner.middle or ''}")
            if kind == "contact" and owner.city and rng.random() < 0.2:
                rec.fields["ADDRESS_CITY"] = owner.city.name
            filler_comment(rng, rec)
        return rec

    def cards_for(self, owner, count: int, kind: str, render) -> list[Rec]:
        cards: list[Rec] = []
        for i in range(count):
            rec = self.new_rec(kind, owner, after=self.rng.choice(cards) if cards else None)
            (render.original(rec, owner) if i == 0 else render.duplicate_of(rec, owner, cards))
            cards.append(rec)
        return cards

    def build(self) -> dict:
        self.plan()
        world, rng = self.world, self.rng
        unique = unique_company_tokens(world)
        company_render = CompanyCards(rng, unique)
        company_cards = {c.key: self.cards_for(c, c.records, "company", company_render) for c in world.companies}
        for c in world.companies:
            for rec in company_cards[c.key]:
                self._company_fields(rec, c)
        person_render = PersonCards(rng, world, unique)
        contact_cards = {p.key: self.cards_for(p, p.records, "contact", person_render)
                         for p in list(world.people) if p.records > 0}
        for cards in contact_cards.values():
            for rec in cards:
                if rng.random() < 0.01:
                    rec.requisites.append(person_requisite(rec.person))
        leads = LeadMaker(rng, world, person_render, self.new_rec, contact_cards, company_cards,
                          unique).make(self.sizes["lead"])
        for lead in leads:
            finish_lead_title(rng, lead)
        records = [r for cards in company_cards.values() for r in cards] \
            + [r for cards in contact_cards.values() for r in cards] + leads
        assign_ids(rng, records)
        return {"records": records, "company_cards": company_cards,
                "labels": self.labels(records, leads, contact_cards, company_cards, unique)}

    def _company_fields(self, rec: Rec, c: Company) -> None:
        rng = self.rng
        rec.fields.update({
            "COMPANY_TYPE": rng.choice(("CUSTOMER", "CUSTOMER", "SUPPLIER", "PARTNER", "OTHER")),
            "INDUSTRY": rng.choice(("IT", "MANUFACTURING", "TELECOM", "CONSULTING", "FINANCE", "DELIVERY", "OTHER")),
            "EMPLOYEES": rng.choice(("EMPLOYEES_1", "EMPLOYEES_2", "EMPLOYEES_3", "EMPLOYEES_4")),
            "ADDRESS_CITY": c.city.name if rng.random() < 0.3 else None})

    def labels(self, records, leads, contact_cards, company_cards, unique) -> dict:
        entities: dict[str, dict[str, str]] = {"contact": {}, "company": {}, "lead": {}}
        for rec in records:
            entities[rec.type][rec.id] = rec.entity
        lead_links = link_leads(leads, contact_cards, company_cards, unique)
        return {"format": "poryadok-dedupe-holdout/1", "seed": self.seed,
                "counts": {kind: len(ids) for kind, ids in entities.items()},
                "entities": entities, "lead_links": lead_links,
                "hard_negatives": hard_negatives(self.rng, self.world, records),
                "tags": {f"{r.type}:{r.id}": r.tags for r in records}}


def assign_ids(rng: random.Random, records: list[Rec]) -> None:
    """Bitrix ids grow with creation time, per entity type, with gaps where cards were deleted."""
    next_id = {"contact": rng.randrange(1, 40), "company": rng.randrange(1, 40), "lead": rng.randrange(1, 400)}
    for rec in sorted(records, key=lambda r: r.created):
        rec.id = str(next_id[rec.type])
        next_id[rec.type] += 1 + (rng.randrange(1, 30) if rng.random() < 0.04 else 0)


def generate(seed: int, contacts: int, companies: int, leads: int, out: Path) -> dict:
    data = Generator(seed, contacts, companies, leads).build()
    write_dataset(random.Random(seed + 1), data, out)
    return data["labels"]


def add_size_arguments(parser: argparse.ArgumentParser) -> None:
    """--seed and the three sizes, shared with the scorer."""
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--contacts", type=int, default=20000)
    parser.add_argument("--companies", type=int, default=2000)
    parser.add_argument("--leads", type=int, default=2000)


def check_sizes(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if min(args.contacts, args.companies, args.leads) < 1:
        parser.error("--contacts, --companies and --leads must be at least 1")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_size_arguments(parser)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    check_sizes(parser, args)
    labels = generate(args.seed, args.contacts, args.companies, args.leads, args.out)
    kinds: dict[str, int] = {}
    for pair in labels["hard_negatives"]:
        kinds[pair["kind"]] = kinds.get(pair["kind"], 0) + 1
    print(json.dumps({"out": str(args.out), "counts": labels["counts"], "hard_negatives": kinds},
                     ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
