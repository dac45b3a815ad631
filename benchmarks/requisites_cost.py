"""REST requests and DaData calls for filling one company card, and for a bulk fill of N companies
whose INNs repeat — against devportal over real HTTP (its REST and its DaData stand-in).

    .venv/bin/python benchmarks/requisites_cost.py [--companies 1000] [--distinct 20] [--fast]

The client paces itself with the real SqliteRateLimiter (2 req/s, burst 50 — the cloud's limits) and
devportal enforces the same bucket, so the wall time is the realistic one; `--fast` lifts both
limits to measure only our own cost. Requests are counted on the client's HTTP session; DaData calls
are the adapter's counter (cache hits are free). Setting up the companies is not counted, but it
goes through the same bucket, so the bulk run starts with a busy portal.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bitrix_client import Credentials, OAuthServer, PortalClient  # noqa: E402
from devportal.dadata_api import DEFAULT_API_KEY  # noqa: E402
from devportal.dadata_fixtures import GENERATED_FILE  # noqa: E402
from devportal.testing import running_devportal  # noqa: E402
from requisites.dadata_source import DadataSource, SourceSettings  # noqa: E402
from requisites.model import Mode  # noqa: E402
from services.requisites import Owner, RequisitesService  # noqa: E402
from services.requisites.bulk import run_bulk_fill  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.ratelimit import SqliteRateLimiter  # noqa: E402
from storage.registry_cache import SqliteRegistryCache  # noqa: E402

SBERBANK_MAIN = "7707083893|773601001|1027700132195"


class CountingSession(requests.Session):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.methods: list[str] = []

    def request(self, method, url, *args, **kwargs):  # noqa: D401 - requests' signature
        self.count += 1
        self.methods.append(url.rsplit("/", 1)[-1])
        return super().request(method, url, *args, **kwargs)


class NoCheckpoint:
    def load_checkpoint(self):
        return None

    def save(self, done, total, checkpoint):
        self.last = (done, total)

    def stop_requested(self):
        return False

    def clear_checkpoint(self):
        pass


def active_inns(limit: int) -> list[str]:
    cases = json.loads(GENERATED_FILE.read_text(encoding="utf-8"))["cases"]
    inns = ["7707083893"] + [inn for name, inn in sorted(cases.items())
                             if name.startswith(("active_", "main_with_branches", "public_company", "no_kpp",
                                                 "nested_quotes", "nonprofit"))]
    return inns[:limit]


def make_client(portal, limiter, user_id: int) -> tuple[PortalClient, CountingSession]:
    tokens = portal.tokens_for(user_id)
    creds = Credentials(member_id=portal.member_id, client_endpoint=portal.rest_url, server_endpoint=portal.rest_url,
                        access_token=tokens.access_token, refresh_token=tokens.refresh_token, user_id=user_id)
    session = CountingSession()
    client = PortalClient(creds, oauth=OAuthServer(portal.client_id, portal.client_secret, [portal.base_url]),
                          rate_limiter=limiter, session=session)
    return client, session


def make_source(portal, db) -> DadataSource:
    settings = SourceSettings(suggestions_url=f"{portal.base_url}/dadata/suggestions/api/4_1/rs/")
    return DadataSource(DEFAULT_API_KEY, cache=SqliteRegistryCache(db), settings=settings)


def one_card(portal, db, limiter) -> list[tuple[str, int, int]]:
    client, session = make_client(portal, limiter, 1)
    source = make_source(portal, db)
    service = RequisitesService(db=db, member_id=portal.member_id, client=client, source=source, user_id=1)
    owner = Owner.company(portal.add("company", {"TITLE": "Карточка для замера"}))
    rows = []
    for step, action in [
        ("open the tab", lambda: service.card(owner)),
        ("search by INN", lambda: service.search("7707083893")),
        ("preview (diff, both modes)", lambda: service.preview(owner, SBERBANK_MAIN)),
        ("fill empty + bank detail", lambda: service.apply(owner, SBERBANK_MAIN, Mode.FILL_EMPTY, bik="044525225",
                                                           account="40702810238000139300")),
        ("undo", lambda: service.undo_last(owner)),
    ]:
        rest, calls = session.count, source.calls
        action()
        rows.append((step, session.count - rest, source.calls - calls))
    return rows


def seed_companies(portal, limiter, count: int, inns: list[str]) -> None:
    client, _ = make_client(portal, limiter, 1)
    ids = [portal.add("company", {"TITLE": f"Компания {n}"}) for n in range(count)]
    commands = {f"r{n}": ("crm.requisite.add", {"fields": {
        "ENTITY_TYPE_ID": 4, "ENTITY_ID": cid, "PRESET_ID": 1, "NAME": "Организация", "RQ_INN": inns[n % len(inns)]}})
        for n, cid in enumerate(ids)}
    client.batch(commands)


def bulk(portal, db, limiter, count: int, distinct: int) -> dict:
    inns = active_inns(distinct)
    seed_companies(portal, limiter, count, inns)
    client, session = make_client(portal, limiter, 1)
    source = make_source(portal, db)
    started = time.monotonic()
    report = run_bulk_fill(client, source, db, member_id=portal.member_id, user_id=1, progress=NoCheckpoint())
    elapsed = time.monotonic() - started
    counts = report.to_dict()["counts"]
    by_method: dict[str, int] = {}
    for name in session.methods:
        by_method[name] = by_method.get(name, 0) + 1
    return {"companies": count, "distinct_inns": len(inns), **counts, "rest_requests": session.count,
            "rest_by_method": by_method, "dadata_calls": source.calls, "dadata_cache_hits": source.cache_hits,
            "seconds": round(elapsed, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--distinct", type=int, default=20, help="distinct INNs the companies share")
    parser.add_argument("--fast", action="store_true", help="lift the 2 req/s limit on both sides")
    args = parser.parse_args(argv)
    limits = {"rate": 1000.0, "burst": 100000} if args.fast else {"rate": 2.0, "burst": 50}
    with tempfile.TemporaryDirectory() as folder, running_devportal(**limits) as portal:
        db = open_database(str(Path(folder) / "bench.sqlite"))
        # one bucket per portal for every client, as in production (storage.ratelimit)
        limiter = None if args.fast else SqliteRateLimiter(db)
        print("Filling one company card (devportal, Sberbank recorded answer):")
        print(f"  {'step':32} {'REST requests':>13} {'DaData calls':>13}")
        for step, rest, calls in one_card(portal, db, limiter):
            print(f"  {step:32} {rest:>13} {calls:>13}")
        bulk_db = open_database(str(Path(folder) / "bulk.sqlite"))  # an empty registry cache for the bulk run
        result = bulk(portal, bulk_db, limiter, args.companies, args.distinct)
        bulk_db.conn.close()
        print(f"\nBulk fill of {result['companies']} companies sharing {result['distinct_inns']} INNs "
              f"({'no rate limit' if args.fast else '2 req/s, burst 50'}):")
        for key in ("filled", "skipped", "failed", "rest_requests", "dadata_calls", "dadata_cache_hits", "seconds"):
            print(f"  {key:20} {result[key]}")
        print(f"  {'rest_by_method':20} {json.dumps(result['rest_by_method'], sort_keys=True)}")
        db.conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
