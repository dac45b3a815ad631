"""Independent, seeded, labelled test data for a CRM duplicate finder ("blind" set: written from a
description of how Russian sales teams fill Bitrix24, not from any duplicate engine).

    python benchmarks/dedupe_blind.py --out DIR --contacts 20000 --companies 2000 --leads 3000 --seed 7
    python benchmarks/dedupe_quality.py --data DIR

What it models. A world of real people and organisations, then CRM records as managers typed them over years.
People have weighted Russian first names, patronymics from their fathers' names, gendered surnames (a long
tail of surnames, so namesakes occur naturally), mobiles, personal and work mailboxes, employers and posts.
Some live in households sharing a home phone or a family mailbox (spouses, parents and children, siblings, a
son named after his father who differs only in the patronymic); some have full namesakes elsewhere.
Organisations are ООО/АО/ПАО/ЗАО/ИП/АНО/ГБУ/МУП…, with valid INN/KPP/OGRN/OGRNIP, offices phones, domains and
generic mailboxes; some have branches (one INN, different KPPs), some share a common name («Альфа»,
«Стройсервис») in different cities, some have near-identical long names, some entrepreneurs share surname
and initials. About 14–15 % of people and organisations get 2–4 cards, and each later card carries the
evidence a real duplicate carries: the same phone in another format or with a mistyped digit, the same
mailbox with case / spaces / mailto: / domain typos / Yandex aliases / Gmail dots and +tags, a new mobile
plus the old mailbox, the channel only in COMMENTS, the same name at the same company, the same INN on two
company cards; names swapped, in one field, without patronymic, with ё/е, typos, Latin look-alike letters,
diminutives (Саша/Александр); titles with the legal form short/full/absent and every kind of quotes. Leads
come for existing contacts, for employees of existing companies (title, INN, office phone, corporate mail),
several times from one person, or fresh.

Files written to --out: contacts.jsonl, companies.jsonl, leads.jsonl, requisites.jsonl (rows as Bitrix24's
REST crm.*.list return them) and labels.json: {"contact": {id: person}, "company": {id: organisation},
"lead": {id: {"person": person, "company": organisation or null}}, "hard_negatives": [{"kind", "a", "b"}]}.
A lead's company is set only when the lead itself shows unambiguous evidence of it. A label checker makes
sure records of different entities are never indistinguishable (a shared channel or employer always comes
with names that differ; same-titled companies always differ in INN, KPP or city).

The output is byte-identical for the same seed and sizes.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from dedupe_blind_parts.build import generate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="directory to write the .jsonl files and labels.json into")
    parser.add_argument("--contacts", type=int, default=20000)
    parser.add_argument("--companies", type=int, default=2000)
    parser.add_argument("--leads", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    stats = generate(args.out, args.contacts, args.companies, args.leads, args.seed)
    if not args.quiet:
        print(f"wrote {args.out}: " + ", ".join(f"{k} {v}" for k, v in stats.items())
              + f" in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
