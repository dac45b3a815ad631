"""Quality of `poryadok dedupe find` on generated, labelled data: pairwise precision / recall / F1 per
type and overall, and wrongly merged hard-negative pairs by kind.

    python benchmarks/dedupe_quality.py                       # 20k contacts, 2k companies, 3k leads, seed 7
    python benchmarks/dedupe_quality.py --seed 11 --show-errors 10
    python benchmarks/dedupe_quality.py --data DIR             # data written by dedupe_data.py (or another generator
                                                               # with the same labels.json format)

The engine runs as a subprocess exactly as users run it. Pairs: every two records inside one
cluster; for `mixed` clusters only lead↔contact and lead↔company pairs count.

labels.json: {"contact": {id: entity}, "company": {id: entity}, "lead": {id: {"person": entity,
"company": entity or null}}, "hard_negatives": [{"kind", "a": "contact:1", "b": "contact:2"}, …]}.
True pairs: same entity within a type; lead↔contact when the lead's person is the contact's entity;
lead↔company when the lead carries evidence of its company (title, INN, company mail/phone).
"""
from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.dirname(os.path.abspath(__file__))


def generate(out: str, contacts: int, companies: int, leads: int, seed: int) -> None:
    subprocess.run([sys.executable, os.path.join(HERE, "dedupe_data.py"), "--out", out, "--contacts", str(contacts),
                    "--companies", str(companies), "--leads", str(leads), "--seed", str(seed)], check=True)


def add_data_options(parser: argparse.ArgumentParser, contacts: int, companies: int, leads: int) -> None:
    """The options both benchmarks share: existing data, or the sizes and seed to generate it with."""
    parser.add_argument("--data", help="existing data directory (contacts/companies/leads/requisites.jsonl, "
                                       "labels.json) instead of generating")
    parser.add_argument("--contacts", type=int, default=contacts)
    parser.add_argument("--companies", type=int, default=companies)
    parser.add_argument("--leads", type=int, default=leads)
    parser.add_argument("--seed", type=int, default=7)


@contextlib.contextmanager
def prepared_data(args: argparse.Namespace) -> Iterator[tuple[str, str]]:
    """The data directory (--data, or generated into a scratch directory) and the engine's output path;
    both live only as long as the block."""
    with tempfile.TemporaryDirectory() as scratch:
        data = args.data or os.path.join(scratch, "data")
        if not args.data:
            generate(data, args.contacts, args.companies, args.leads, args.seed)
        yield data, os.path.join(scratch, "clusters.json")


def read_results(data: str, out: str) -> tuple[list[dict], dict]:
    with open(out, encoding="utf-8") as handle:
        clusters = json.load(handle)["clusters"]
    with open(os.path.join(data, "labels.json"), encoding="utf-8") as handle:
        labels = json.load(handle)
    return clusters, labels


def engine_command(data: str, out: str) -> list[str]:
    command = [sys.executable, os.path.join(ROOT, "poryadok.py"), "dedupe", "find", "--out", out]
    for name in ("contacts", "companies", "leads", "requisites"):
        path = os.path.join(data, f"{name}.jsonl")
        if os.path.exists(path):
            command += [f"--{name}", path]
    return command


def run_engine(data: str, out: str) -> float:
    started = time.perf_counter()
    subprocess.run(engine_command(data, out), check=True)
    return time.perf_counter() - started


def predicted_pairs(clusters: list[dict]) -> dict[str, set[frozenset]]:
    found: dict[str, set[frozenset]] = defaultdict(set)
    for cluster in clusters:
        kind = cluster["entity_type"]
        refs = cluster["ids"] if kind == "mixed" else [f"{kind}:{i}" for i in cluster["ids"]]
        for a, b in itertools.combinations(refs, 2):
            if kind != "mixed" or (a.split(":")[0] == "lead") != (b.split(":")[0] == "lead"):
                found[kind].add(frozenset((a, b)))
    return found


def true_pairs(labels: dict) -> dict[str, set[frozenset]]:
    truth: dict[str, set[frozenset]] = defaultdict(set)
    by_entity: dict[tuple[str, str], list[str]] = defaultdict(list)
    for kind in ("contact", "company"):
        for record_id, entity in labels[kind].items():
            by_entity[(kind, entity)].append(f"{kind}:{record_id}")
    lead_people: dict[str, list[str]] = defaultdict(list)
    for record_id, label in labels["lead"].items():
        lead_people[label["person"]].append(f"lead:{record_id}")
    for (kind, _), refs in by_entity.items():
        truth[kind].update(frozenset(pair) for pair in itertools.combinations(refs, 2))
    for person, refs in lead_people.items():
        truth["lead"].update(frozenset(pair) for pair in itertools.combinations(refs, 2))
        truth["mixed"].update(frozenset((lead, contact)) for lead in refs for contact in by_entity.get(("contact", person), []))
    for record_id, label in labels["lead"].items():
        if label.get("company"):
            truth["mixed"].update(frozenset((f"lead:{record_id}", company))
                                  for company in by_entity.get(("company", label["company"]), []))
    return truth


def evaluate(clusters: list[dict], labels: dict) -> dict:
    predicted, truth = predicted_pairs(clusters), true_pairs(labels)
    report = {}
    for kind in ("contact", "company", "lead", "mixed", "overall"):
        p = set().union(*predicted.values()) if kind == "overall" else predicted.get(kind, set())
        t = set().union(*truth.values()) if kind == "overall" else truth.get(kind, set())
        hits = len(p & t)
        precision = hits / len(p) if p else 1.0
        recall = hits / len(t) if t else 1.0
        report[kind] = {"predicted": len(p), "true": len(t), "correct": hits,
                        "precision": precision, "recall": recall, "f1": _f1(precision, recall)}
    everything = set().union(*predicted.values())
    wrong = Counter()
    for negative in labels.get("hard_negatives", []):
        if frozenset((negative["a"], negative["b"])) in everything:
            wrong[negative["kind"]] += 1
    report["hard_negative_merges"] = dict(wrong)
    report["hard_negative_pairs"] = dict(Counter(n["kind"] for n in labels.get("hard_negatives", [])))
    report["links_to_own_firm"] = own_firm = _links_to_own_firm(predicted.get("mixed", set()) - truth.get("mixed", set()),
                                                                labels)
    if own_firm is not None:
        overall = report["overall"]
        precision = (overall["correct"] + own_firm) / overall["predicted"] if overall["predicted"] else 1.0
        report["overall_own_firm_right"] = {"precision": precision, "f1": _f1(precision, overall["recall"])}
    return report


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _links_to_own_firm(wrong: set[frozenset], labels: dict) -> int | None:
    """Of the lead→company links the labels call wrong, those to the firm the generator made the lead name
    (a generator that labels a firm only on unambiguous evidence records it as "org"); None when the
    labels do not say."""
    leads = labels["lead"]
    if not any("org" in label for label in leads.values()):
        return None
    found = 0
    for pair in wrong:
        lead, other = sorted(pair, key=lambda ref: not ref.startswith("lead:"))
        if other.startswith("company:") and leads[lead[5:]].get("org") == labels["company"][other[8:]]:
            found += 1
    return found


def print_report(report: dict, title: str) -> None:
    print(title)
    print(f"{'type':<9}{'pred':>9}{'true':>9}{'precision':>11}{'recall':>9}{'F1':>8}")
    for kind in ("contact", "company", "lead", "mixed", "overall"):
        row = report[kind]
        print(f"{kind:<9}{row['predicted']:>9}{row['true']:>9}{row['precision']:>11.4f}{row['recall']:>9.4f}{row['f1']:>8.4f}")
    if "overall_own_firm_right" in report:
        counted = report["overall_own_firm_right"]
        print(f"of the wrong lead→company links, {report['links_to_own_firm']} are to the firm the generator made "
              f"the lead name (its labels name a firm only on unambiguous evidence); counted as right: overall "
              f"precision {counted['precision']:.4f}, F1 {counted['f1']:.4f}")
    merges = report["hard_negative_merges"]
    print(f"hard-negative pairs wrongly merged: {sum(merges.values())}"
          + "".join(f"\n  {kind:<26}{merges.get(kind, 0):>5} of {total}" for kind, total in sorted(report["hard_negative_pairs"].items())))


def show_errors(clusters: list[dict], labels: dict, limit: int) -> None:
    predicted, truth = predicted_pairs(clusters), true_pairs(labels)
    reasons = {}
    for cluster in clusters:
        refs = cluster["ids"] if cluster["entity_type"] == "mixed" else [f"{cluster['entity_type']}:{i}" for i in cluster["ids"]]
        for a, b in itertools.combinations(refs, 2):
            reasons[frozenset((a, b))] = cluster["reasons"]
    for kind in ("contact", "company", "lead", "mixed"):
        wrong = sorted(predicted.get(kind, set()) - truth.get(kind, set()), key=sorted)[:limit]
        missed = sorted(truth.get(kind, set()) - predicted.get(kind, set()), key=sorted)[:limit]
        for pair in wrong:
            print(f"WRONG  {kind}: {sorted(pair)} {reasons.get(pair)}")
        for pair in missed:
            print(f"MISSED {kind}: {sorted(pair)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_options(parser, contacts=20000, companies=2000, leads=3000)
    parser.add_argument("--show-errors", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    with prepared_data(args) as (data, out):
        seconds = run_engine(data, out)
        clusters, labels = read_results(data, out)
    report = evaluate(clusters, labels)
    print_report(report, f"dedupe quality on {data if args.data else f'seed {args.seed}'} "
                         f"({len(labels['contact'])} contacts, {len(labels['company'])} companies, "
                         f"{len(labels['lead'])} leads), engine {seconds:.1f} s")
    if args.show_errors:
        show_errors(clusters, labels, args.show_errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
