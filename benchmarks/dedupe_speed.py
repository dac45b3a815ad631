"""Speed and memory of `poryadok dedupe find` at 200,000 contacts + 10,000 companies + 10,000 leads,
with the quality (F1, wrong merges) at that size.

    python benchmarks/dedupe_speed.py                  # generates the data (≈25 s), then times the engine
    python benchmarks/dedupe_speed.py --data DIR       # reuse data written by dedupe_data.py
    python benchmarks/dedupe_speed.py --runs 3         # best and all runs (the machine is shared)

Wall time is the whole CLI process (start-up, reading, writing). Peak memory is the maximum RSS of
the CLI process and its children, read with getrusage(RUSAGE_CHILDREN) in a wrapper process so that
the data generator never counts, and the peak of the whole process tree, sampled from /proc in one
more run of its own: sampling every 20 ms takes CPU the engine's two processes would otherwise
have, so the timed runs are not sampled. Load average and CPU time are printed because on a shared
machine wall time depends on what else runs.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from dedupe_holdout_score import child_pids, tree_memory_kib  # noqa: E402
from dedupe_quality import (add_data_options, engine_command, evaluate, prepared_data,  # noqa: E402
                            print_report, read_results)

# Runs the CLI as its only child and reports that child's wall time, CPU time and peak RSS.
_WRAPPER = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[1:]).returncode
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "max_rss_kib": usage.ru_maxrss}))
"""


def time_engine(data: str, out: str, sample_tree: bool = False) -> dict:
    """One CLI run: wall, CPU, largest process's peak RSS; with `sample_tree`, also the peak RSS of its
    whole process tree (the sampling slows the run, so its times are not reported)."""
    command = engine_command(data, out)
    load_before = os.getloadavg()[0]
    # The CLI forks a worker per core: besides the largest process (getrusage), the CLI's whole process
    # tree (not the wrapper's) is sampled when asked. Output goes to files: a full pipe nobody reads would
    # block it.
    with tempfile.TemporaryFile("w+") as stdout_file, tempfile.TemporaryFile("w+") as stderr_file:
        wrapper = subprocess.Popen([sys.executable, "-c", _WRAPPER, *command], stdout=stdout_file, stderr=stderr_file,
                                   text=True)
        tree_peak_kib = 0
        while sample_tree and wrapper.poll() is None:
            tree_peak_kib = max(tree_peak_kib, sum(tree_memory_kib(pid)[0] for pid in child_pids(wrapper.pid)))
            time.sleep(0.02)
        wrapper.wait()
        stdout_file.seek(0)
        stderr_file.seek(0)
        stdout, stderr = stdout_file.read(), stderr_file.read()
    if wrapper.returncode:
        sys.stderr.write(stderr)
        raise SystemExit(f"benchmark wrapper failed with exit code {wrapper.returncode}")
    measured = json.loads(stdout.strip().splitlines()[-1])
    if sample_tree:
        measured["tree_peak_kib"] = tree_peak_kib
    if measured["code"] != 0:
        sys.stderr.write(stderr)
        raise SystemExit(f"engine failed with exit code {measured['code']}")
    measured["load_before"], measured["load_after"] = load_before, os.getloadavg()[0]
    return measured


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_options(parser, contacts=200_000, companies=10_000, leads=10_000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    with prepared_data(args) as (data, out):
        runs = [time_engine(data, out) for _ in range(args.runs)]
        sampled = time_engine(data, out, sample_tree=True)
        clusters, labels = read_results(data, out)
    print(f"machine: {os.cpu_count()} CPUs; records: {len(labels['contact'])} contacts, "
          f"{len(labels['company'])} companies, {len(labels['lead'])} leads")
    for n, run in enumerate(runs, start=1):
        print(f"run {n}: wall {run['wall']:.1f} s, CPU {run['cpu']:.1f} s, peak RSS of its largest process "
              f"{run['max_rss_kib'] / 1024:.0f} MiB (load average {run['load_before']:.1f} before, "
              f"{run['load_after']:.1f} after)")
    walls = sorted(run["wall"] for run in runs)
    print(f"wall: best {walls[0]:.1f} s, median {walls[len(walls) // 2]:.1f} s (target ≤ 15 s)")
    print(f"memory, from one more run sampled every 20 ms: peak RSS of the process tree "
          f"{sampled['tree_peak_kib'] / 1024:.0f} MiB, of its largest process {sampled['max_rss_kib'] / 1024:.0f} MiB "
          f"(target ≤ 1024 MiB; a sum over the forked processes, so pages they share are counted in each)")
    print_report(evaluate(clusters, labels), "quality at this size:")
    return 0


if __name__ == "__main__":
    sys.exit(main())
