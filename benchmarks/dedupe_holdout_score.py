"""Score the duplicate finder's CLI on the independent hold-out set (benchmarks/dedupe_holdout.py).

    .venv/bin/python benchmarks/dedupe_holdout_score.py --seed 7 --contacts 20000 --companies 2000 \\
        --leads 2000 [--data var/holdout-7] [--explain 5] [--json-out metrics.json]

Generates the data (unless --data already holds it), runs
`poryadok.py dedupe find --contacts … --companies … --leads … --requisites … --out clusters.json` as a
subprocess in the repository, and prints pairwise precision / recall / F1 per type (contact, company,
lead, mixed lead links) and overall, the hard-negative pairs wrongly merged by kind, wall time and the
peak RSS of the CLI's process tree. `--explain N` prints N false positives and N false negatives with
both records side by side, to learn error classes from (not a list to memorise).

Pairs: a cluster of one type claims every pair of its ids. A "mixed" cluster claims every lead×contact
and lead×company pair in it. A lead×contact pair is true when the lead shows evidence of that person
(`lead_links`), lead×company likewise; a link to the lead's own person/company without such evidence,
or to a company the lead can only be guessed at (`ambiguous_companies`), counts neither way. Contact×contact pairs
inside a mixed cluster are not scored (the contact clusters say that).
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.dedupe_holdout import add_size_arguments, check_sizes, generate

TYPES = ("contact", "company", "lead")
INPUTS = {"contact": "contacts.jsonl", "company": "companies.jsonl", "lead": "leads.jsonl"}


# ------------------------------------------------------------------ running the CLI

def tree_memory_kib(root_pid: int) -> tuple[int, int]:
    """(current RSS summed over a process and its descendants, plus the in-memory files they hold;
    largest VmHWM among them), KiB, from /proc.

    VmHWM is the kernel's own high-water mark of a process since its exec, so a spike between two
    samples still shows up in it. An in-memory file (memfd: the engine's workers pass their results
    through one) is memory no RSS shows, so its size is added once."""
    total, high, stack, memory_files = 0, 0, [root_pid], {}
    while stack:
        pid = stack.pop()
        try:
            fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
            total += int(fields.get("VmRSS", "0 kB").split()[0])
            high = max(high, int(fields.get("VmHWM", "0 kB").split()[0]))
            memory_files.update(_memory_files(pid))
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            continue
        stack += child_pids(pid)
    return total + sum(memory_files.values()) // 1024, high


def _memory_files(pid: int) -> dict[int, int]:
    """inode → size in bytes of each memfd file the process holds open."""
    found = {}
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            if os.readlink(fd).startswith("/memfd:"):
                status = os.stat(fd)
                found[status.st_ino] = status.st_size
        except OSError:                         # closed meanwhile
            continue
    return found


def child_pids(pid: int) -> list[int]:
    """The direct children of a process, from /proc (none once it has gone)."""
    try:
        return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
                for child in (task / "children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
        return []


def run_cli(data: Path, out: Path, timeout: float) -> dict:
    python = ROOT / ".venv" / "bin" / "python"
    command = [str(python if python.exists() else Path(sys.executable)), "poryadok.py", "dedupe", "find",
               "--contacts", str(data / INPUTS["contact"]), "--companies", str(data / INPUTS["company"]),
               "--leads", str(data / INPUTS["lead"]), "--requisites", str(data / "requisites.jsonl"),
               "--out", str(out)]
    stderr_path = out.with_suffix(".stderr.txt")
    peak = [0, 0]
    started = time.perf_counter()
    with open(stderr_path, "w") as stderr:
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)

        def sample() -> None:
            while process.poll() is None:
                rss, high = tree_memory_kib(process.pid)
                peak[0], peak[1] = max(peak[0], rss), max(peak[1], high)
                time.sleep(0.02)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
        sampler.join()
    wall = time.perf_counter() - started
    return {"command": " ".join(command), "exit_code": code, "wall_s": wall, "peak_tree_rss_mib": peak[0] / 1024,
            "max_process_hwm_mib": peak[1] / 1024, "stderr": stderr_path}


# ------------------------------------------------------------------ reading clusters

def read_clusters(path: Path, labels: dict) -> tuple[dict[str, list[dict]], list[str]]:
    """Clusters by family (contact/company/lead/mixed), plus contract violations found on the way."""
    problems: list[str] = []
    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or not isinstance(document.get("clusters"), list):
        return {}, ["top level is not {\"clusters\": [...]}"]
    families: dict[str, list[dict]] = defaultdict(list)
    for n, cluster in enumerate(document["clusters"]):
        kind, ids = cluster.get("entity_type"), cluster.get("ids")
        if kind not in (*TYPES, "mixed") or not isinstance(ids, list) or len(ids) < 2:
            problems.append(f"cluster {n}: bad entity_type or ids")
            continue
        if not isinstance(cluster.get("score"), (int, float)) or not isinstance(cluster.get("reasons"), list):
            problems.append(f"cluster {n}: score/reasons missing")
        members = []
        for raw in ids:
            typed = raw if kind == "mixed" else f"{kind}:{raw}"
            record_type, _, record_id = str(typed).partition(":")
            if record_type not in TYPES or record_id not in labels["entities"][record_type]:
                problems.append(f"cluster {n}: unknown id {raw!r}")
                continue
            members.append((record_type, record_id))
        if len(set(members)) != len(members):
            problems.append(f"cluster {n}: repeated id")
        families[kind].append({"members": sorted(set(members)), "score": cluster.get("score"),
                               "reasons": cluster.get("reasons")})
    return families, problems


# ------------------------------------------------------------------ scoring

def _pair(a: tuple[str, str], b: tuple[str, str]) -> tuple:
    return (a, b) if (a[0], int(a[1])) <= (b[0], int(b[1])) else (b, a)


class Truth:
    def __init__(self, labels: dict):
        self.entity = {t: labels["entities"][t] for t in TYPES}
        self.links = labels["lead_links"]
        self.groups = {t: defaultdict(list) for t in TYPES}
        for t in TYPES:
            for record_id, key in self.entity[t].items():
                self.groups[t][key].append(record_id)

    def same(self, a, b) -> bool:
        return self.entity[a[0]][a[1]] == self.entity[b[0]][b[1]]

    def mixed_status(self, lead_id: str, other: tuple[str, str]) -> str:
        """'true', 'neutral' or 'false' for a lead linked to a contact or company record."""
        link = self.links[lead_id]
        side = "person" if other[0] == "contact" else "company"
        if link[side] != self.entity[other[0]][other[1]]:
            return "neutral" if self.entity[other[0]][other[1]] in link["ambiguous_companies"] else "false"
        return "true" if link[f"{side}_evidence"] else "neutral"

    def true_pairs(self, family: str):
        if family in TYPES:
            for ids in self.groups[family].values():
                for a, b in itertools.combinations(sorted(ids, key=int), 2):
                    yield (family, a), (family, b)
            return
        for lead_id, link in self.links.items():
            for side, record_type in (("person", "contact"), ("company", "company")):
                if link[side] and link[f"{side}_evidence"]:
                    for other in self.groups[record_type].get(link[side], ()):
                        yield ("lead", lead_id), (record_type, other)


def predicted_pairs(family: str, clusters: list[dict]) -> set:
    pairs = set()
    for cluster in clusters:
        members = cluster["members"]
        if family == "mixed":
            leads = [m for m in members if m[0] == "lead"]
            pairs |= {(lead, m) for lead in leads for m in members if m[0] != "lead"}
        else:
            pairs |= {_pair(a, b) for a, b in itertools.combinations(members, 2)}
    return pairs


def score(truth: Truth, families: dict[str, list[dict]]) -> tuple[dict, dict]:
    metrics, errors = {}, {}
    for family in (*TYPES, "mixed"):
        predicted = predicted_pairs(family, families.get(family, []))
        true = {_pair(a, b) if family != "mixed" else (a, b) for a, b in truth.true_pairs(family)}
        if family == "mixed":
            status = {p: truth.mixed_status(p[0][1], p[1]) for p in predicted}
            fp = {p for p, s in status.items() if s == "false"}
            tp = {p for p, s in status.items() if s == "true"}
        else:
            tp = predicted & true
            fp = predicted - true
        fn = true - tp
        metrics[family] = _prf(len(tp), len(fp), len(fn))
        errors[family] = (fp, fn)
    totals = [sum(metrics[f][k] for f in metrics) for k in ("tp", "fp", "fn")]
    metrics["overall"] = _prf(*totals)
    return metrics, errors


def _prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def hard_negative_merges(labels: dict, families: dict[str, list[dict]]) -> dict[str, list[int]]:
    """kind -> [pairs listed, pairs merged]. A pair counts as merged where it would be scored: two records
    of one type in one cluster of that type, a lead and a contact/company in one mixed cluster."""
    where: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for family, clusters in families.items():
        for n, cluster in enumerate(clusters):
            for record_type, record_id in cluster["members"]:
                where[(family, record_type, record_id)].add(n)
    result: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for pair in labels["hard_negatives"]:
        a, b = (tuple(pair[k].split(":", 1)) for k in ("a", "b"))
        family = a[0] if a[0] == b[0] else "mixed"
        kind = f"{pair['kind']} ({a[0]}-{b[0]})"
        result[kind][0] += 1
        result[kind][1] += bool(where.get((family, *a), set()) & where.get((family, *b), set()))
    return dict(result)


# ------------------------------------------------------------------ explaining errors

def _evidence_class(family: str, pair: tuple, tags: dict[str, list[str]]) -> str:
    """How the generator made the later record of a true pair (its evidence and name style)."""
    a, b = (":".join(x) for x in pair)
    later = b if family == "mixed" or (pair[1][0], int(pair[1][1])) > (pair[0][0], int(pair[0][1])) else a
    if family == "mixed":
        later = a  # the lead
        if pair[1][0] == "company":
            kinds = [t for t in tags[later] if t.startswith("company_evidence=")]
            return ",".join(kinds) or "company via " + next((t for t in tags[later] if t.startswith("lead=")), "?")
    evidence = next((t for t in tags[later] if t.startswith("evidence=")), "evidence=?")
    return evidence


def recall_by_evidence(truth: Truth, errors: dict, tags: dict[str, list[str]]) -> dict[str, list[int]]:
    """family/evidence -> [true pairs, missed pairs]: which kinds of duplicate the engine misses."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for family in (*TYPES, "mixed"):
        missed = errors[family][1]
        for a, b in truth.true_pairs(family):
            pair = (a, b) if family == "mixed" else _pair(a, b)
            row = table[f"{family} {_evidence_class(family, pair, tags)}"]
            row[0] += 1
            row[1] += pair in missed
    return dict(table)


def load_records(data: Path) -> dict[tuple[str, str], dict]:
    records = {}
    for record_type, name in INPUTS.items():
        with open(data / name, encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                records[(record_type, row["ID"])] = row
    with open(data / "requisites.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["ENTITY_TYPE_ID"] == "4" and ("company", row["ENTITY_ID"]) in records:
                records[("company", row["ENTITY_ID"])].setdefault("_requisites", []).append(
                    f"ИНН {row['RQ_INN']} КПП {row['RQ_KPP']}")
    return records


def describe(record_type: str, row: dict) -> list[str]:
    lines = [f"{record_type}:{row['ID']}  created {row['DATE_CREATE'][:10]} by {row['ASSIGNED_BY_ID']}"]
    if record_type == "company":
        lines.append(f"TITLE: {row['TITLE']}")
        lines += [f"requisite: {r}" for r in row.get("_requisites", [])]
    else:
        lines.append("name: " + " | ".join(f"{k}={row.get(k)!r}" for k in ("LAST_NAME", "NAME", "SECOND_NAME")))
    for key in ("COMPANY_ID", "COMPANY_TITLE", "TITLE", "POST", "BANKING_DETAILS", "UF_CRM_1701173519",
                "UF_CRM_1687188367", "COMMENTS"):
        if row.get(key) and not (key == "TITLE" and record_type == "company"):
            lines.append(f"{key}: {str(row[key]).replace(chr(10), ' / ')}")
    lines += [f"{k}: " + ", ".join(f"{v['VALUE']} ({v['VALUE_TYPE']})" for v in row[k])
              for k in ("PHONE", "EMAIL", "WEB") if row.get(k)]
    return lines


def print_side_by_side(left: list[str], right: list[str], width: int = 64) -> None:
    for a, b in itertools.zip_longest(left, right, fillvalue=""):
        print(f"  {a[:width]:<{width}} | {b[:width]}")


def explain(n: int, data: Path, labels: dict, families, errors, seed: int) -> None:
    rng = random.Random(seed)
    records = load_records(data)
    reasons = {}
    for family, clusters in families.items():
        for cluster in clusters:
            for member in cluster["members"]:
                reasons.setdefault((family, member), (cluster["score"], cluster["reasons"]))
    negatives = {(p["a"], p["b"]): p["kind"] for p in labels["hard_negatives"]}
    for label, index in (("FALSE POSITIVES (merged, but different entities)", 0),
                         ("FALSE NEGATIVES (same entity, not merged)", 1)):
        pool = sorted((family, pair) for family, pair_sets in errors.items() for pair in pair_sets[index])
        print(f"\n=== {label}: showing {min(n, len(pool))} of {len(pool)}")
        for family, (a, b) in rng.sample(pool, min(n, len(pool))):
            kind = negatives.get((":".join(a), ":".join(b))) or negatives.get((":".join(b), ":".join(a)))
            print(f"\n[{family}] {':'.join(a)} vs {':'.join(b)}" + (f"  — hard negative: {kind}" if kind else ""))
            if index == 0:
                score_, why = reasons.get((family, a), (None, []))
                print(f"  engine score {score_}: {'; '.join(map(str, why))[:200]}")
            print_side_by_side(describe(a[0], records[a]), describe(b[0], records[b]))
            tags = labels["tags"]
            print_side_by_side([", ".join(tags[":".join(a)])], [", ".join(tags[":".join(b)])])


# ------------------------------------------------------------------ report

def print_report(run: dict, labels: dict, metrics: dict, merges: dict, problems: list[str]) -> None:
    counts = labels["counts"]
    print(f"hold-out seed {labels['seed']}: {counts['contact']} contacts, {counts['company']} companies, "
          f"{counts['lead']} leads")
    print(f"command: {run['command']}")
    print(f"exit code {run['exit_code']}, wall {run['wall_s']:.2f} s, peak RSS {run['peak_tree_rss_mib']:.0f} MiB "
          f"(whole process tree, sampled every 20 ms); largest VmHWM of one process {run['max_process_hwm_mib']:.0f} MiB")
    print(f"\n{'pairs':<9}{'true':>9}{'found':>9}{'TP':>9}{'FP':>7}{'FN':>8}{'precision':>11}{'recall':>9}{'F1':>8}")
    for family, m in metrics.items():
        print(f"{family:<9}{m['tp'] + m['fn']:>9}{m['tp'] + m['fp']:>9}{m['tp']:>9}{m['fp']:>7}{m['fn']:>8}"
              f"{m['precision']:>11.4f}{m['recall']:>9.4f}{m['f1']:>8.4f}")
    merged = sum(m for _, m in merges.values())
    print(f"\nhard negatives wrongly merged: {merged} of {sum(t for t, _ in merges.values())} listed pairs")
    for kind, (total, hit) in sorted(merges.items()):
        print(f"  {kind:<44}{hit:>6} / {total}")
    if problems:
        print(f"\noutput contract problems: {len(problems)} (first: {problems[:3]})")


def print_recall_table(table: dict[str, list[int]]) -> None:
    print("\nrecall by how the duplicate was made (family, evidence: missed / true pairs)")
    for key, (total, missed) in sorted(table.items(), key=lambda kv: (-kv[1][1], kv[0])):
        print(f"  {key:<52}{missed:>6} / {total:<6} recall {1 - missed / total:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_size_arguments(parser)
    parser.add_argument("--data", type=Path, help="directory of a generated set (generated there if absent)")
    parser.add_argument("--explain", type=int, default=0, metavar="N")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args(argv)
    check_sizes(parser, args)
    data = args.data or ROOT / "var" / f"holdout-{args.seed}-{args.contacts}-{args.companies}-{args.leads}"
    if not (data / "labels.json").exists():
        print(f"generating hold-out data in {data} …", file=sys.stderr)
        generate(args.seed, args.contacts, args.companies, args.leads, data)
    labels = json.loads((data / "labels.json").read_text(encoding="utf-8"))
    run = run_cli(data, data / "clusters.json", args.timeout)
    if run["exit_code"] != 0 or not (data / "clusters.json").exists():
        tail = Path(run["stderr"]).read_text(errors="replace")[-2000:]
        print(f"the CLI failed (exit {run['exit_code']}):\n{run['command']}\n{tail}", file=sys.stderr)
        return 1
    families, problems = read_clusters(data / "clusters.json", labels)
    metrics, errors = score(Truth(labels), families)
    merges = hard_negative_merges(labels, families)
    print_report(run, labels, metrics, merges, problems)
    print_recall_table(recall_by_evidence(Truth(labels), errors, labels["tags"]))
    if args.explain:
        explain(args.explain, data, labels, families, errors, args.seed)
    if args.json_out:
        args.json_out.write_text(json.dumps({"run": {k: str(v) if isinstance(v, Path) else v for k, v in run.items()},
                                             "metrics": metrics, "hard_negatives": merges,
                                             "contract_problems": problems}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
