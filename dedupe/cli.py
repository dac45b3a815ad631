"""`poryadok dedupe find [--contacts F] [--companies F] [--leads F] [--requisites F] --out clusters.json`

Each input is a JSON Lines file of rows as crm.contact/company/lead.list (select ["*", "PHONE",
"EMAIL", "WEB", "UF_*"]) and crm.requisite.list return them; a line may also hold a whole list
response ({"result": [...]}). Output: {"clusters": [{"entity_type", "ids", "score", "reasons"}]}.
Progress goes to stderr; only the result goes to --out, written at the end, so bad input changes nothing.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from typing import NoReturn

import orjson

from dedupe.engine import find_duplicates_in_records
from dedupe.parallel import usable_cores
from dedupe.reading import InputError, read_inputs

_MESSAGES = {
    "ru": {
        "bad_json": "{path}, строка {line}: не JSON ({error})",
        "not_record": "{path}, строка {line}: ожидалась запись CRM (объект JSON), а не {kind}",
        "missing": "файл не найден: {path}",
        "no_input": "укажите хотя бы один входной файл: --contacts, --companies, --leads",
        "done": "готово за {seconds:.1f} с: групп {count}, результат в {out}",
    },
    "en": {
        "bad_json": "{path}, line {line}: not JSON ({error})",
        "not_record": "{path}, line {line}: expected a CRM record (a JSON object), got {kind}",
        "missing": "file not found: {path}",
        "no_input": "give at least one input file: --contacts, --companies, --leads",
        "done": "done in {seconds:.1f} s: {count} groups, result in {out}",
    },
}


def _lang() -> str:
    return "en" if os.environ.get("LANG", "").lower().startswith("en") else "ru"


def _text(key: str, **values) -> str:
    return _MESSAGES[_lang()][key].format(**values)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="poryadok dedupe", description="Find duplicate leads, contacts and companies.")
    commands = parser.add_subparsers(dest="command", required=True)
    find = commands.add_parser("find", help="find duplicate groups in JSON Lines exports")
    for name in ("contacts", "companies", "leads", "requisites"):
        find.add_argument(f"--{name}", metavar="FILE", help=f"JSON Lines of crm.{name[:-1] if name != 'companies' else 'company'} rows")
    find.add_argument("--out", required=True, metavar="FILE", help="where to write clusters.json")
    return parser


def main(argv: list[str] | None = None) -> NoReturn:
    """The console command: `run`, then exit at once. Freeing a run's millions of objects one by one
    at interpreter exit takes half a second at 200k records and serves nobody: the result is written
    and closed by then."""
    code = run(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def run(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    inputs = (args.contacts, args.companies, args.leads, args.requisites)
    if not any(inputs[:3]):
        print(_text("no_input"), file=sys.stderr)
        return 2
    for path in inputs:
        if path and not os.path.isfile(path):
            print(_text("missing", path=path), file=sys.stderr)
            return 2
    started = time.perf_counter()
    # A run builds a few million small objects and no reference cycles: the cyclic collector would
    # only re-scan them over and over (3× the run time at 200k records). Memory is freed on exit.
    gc.disable()
    cores = usable_cores()              # the CLI is single-threaded, so it may fork (parallel.py)

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {message}", file=sys.stderr)

    try:
        records = read_inputs(args.contacts, args.companies, args.leads, args.requisites, cores)
    except InputError as error:
        print(_text(error.key, **error.values), file=sys.stderr)
        return 2
    say(f"records read: {len(records)}")
    clusters = find_duplicates_in_records(records, progress=say, cores=cores)
    _write_atomically(args.out, orjson.dumps({"clusters": [cluster.to_json() for cluster in clusters]}))
    print(_text("done", seconds=time.perf_counter() - started, count=len(clusters), out=args.out), file=sys.stderr)
    return 0


def _write_atomically(path: str, payload: bytes) -> None:
    temporary = f"{path}.tmp{os.getpid()}"
    with open(temporary, "wb") as handle:
        handle.write(payload)
    os.replace(temporary, path)


if __name__ == "__main__":
    main()
