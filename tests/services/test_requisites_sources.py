"""The DaData source a portal gets: the admin's key over the server default, the configured base URL, and
one rate limit for every process of the server (DaData counts requests per IP)."""
from __future__ import annotations

import json
import multiprocessing
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from requisites.checksums import complete_inn10
from requisites.dadata_source import NoApiKey
from services.requisites.sources import DADATA_SHARED_BURST, DADATA_SHARED_RATE, inn_field, make_source
from storage.db import open_database
from storage.settings import set_setting
from tests.services.requisites_fixtures import db  # noqa: F401 (fixture)

BASE = "http://127.0.0.1:5999/dadata/suggestions/api/4_1/rs/"


def test_portal_admins_key_and_configured_url_are_used(db, httpx_mock):  # noqa: F811
    set_setting(db, "m1", "dadata_api_key", "portal-key")
    httpx_mock.add_response(url=BASE + "findById/bank", json={"suggestions": []})
    source = make_source(db, "m1", {"DADATA_API_KEY": "server-key", "DADATA_SUGGESTIONS_URL": BASE})
    assert source.find_bank("044525225") == []
    assert httpx_mock.get_requests()[0].headers["Authorization"] == "Token portal-key"
    assert "portal-key" not in repr(source)


def test_server_default_key_is_used_when_the_portal_has_none(db, httpx_mock):  # noqa: F811
    httpx_mock.add_response(url=BASE + "findById/bank", json={"suggestions": []})
    make_source(db, "m1", {"DADATA_API_KEY": "server-key", "DADATA_SUGGESTIONS_URL": BASE}).find_bank("044525225")
    assert httpx_mock.get_requests()[0].headers["Authorization"] == "Token server-key"


def test_no_key_anywhere_is_a_clear_error(db, monkeypatch):  # noqa: F811
    monkeypatch.delenv("PORYADOK_DADATA_API_KEY", raising=False)
    with pytest.raises(NoApiKey):
        make_source(db, "m1", {"DADATA_API_KEY": ""})


def test_inn_field_setting_is_optional(db):  # noqa: F811
    assert inn_field(db, "m1") is None
    set_setting(db, "m1", "requisites_inn_field", " UF_CRM_INN ")
    assert inn_field(db, "m1") == "UF_CRM_INN"


# ---------------------------------------------------------------- one limit for every process

def test_a_portals_source_takes_its_slots_in_the_shared_dadata_bucket(db, httpx_mock):  # noqa: F811
    httpx_mock.add_response(url=BASE + "findById/bank", json={"suggestions": []})
    make_source(db, "m1", {"DADATA_API_KEY": "server-key", "DADATA_SUGGESTIONS_URL": BASE}).find_bank("044525225")
    assert db["rate_buckets"].get("dadata")["level"] > 0


class FakeDadata(BaseHTTPRequestHandler):
    """Answers every lookup with nothing found and notes when each request arrived."""

    arrivals: ClassVar[list[float]] = []

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).arrivals.append(time.time())
        body = json.dumps({"suggestions": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def look_up_many(db_path, base_url, inns, barrier, results):
    """One app process (a gunicorn worker, the huey consumer): its own source, the common database."""
    try:
        db = open_database(db_path)
        source = make_source(db, "m1", {"DADATA_API_KEY": "server-key", "DADATA_SUGGESTIONS_URL": base_url})
        barrier.wait(timeout=30)
        for inn in inns:
            source.find_party(inn)
        db.conn.close()
        results.put(source.calls)
    except Exception as exc:  # noqa: BLE001 - reported to the test
        results.put(f"error: {type(exc).__name__}: {exc}")


def test_two_processes_together_stay_under_dadatas_30_requests_a_second(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeDadata)
    FakeDadata.arrivals = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}/suggestions/api/4_1/rs/"
    db_path = str(tmp_path / "app.sqlite")
    open_database(db_path).conn.close()
    workers, each = 2, 20  # each process alone is held to 20/s; two of them unshared would send ~40 in a second
    inns = [complete_inn10(f"77{n:07d}") for n in range(workers * each)]  # distinct: no cache hits
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(workers), ctx.Queue()
    processes = [ctx.Process(target=look_up_many, args=(db_path, base_url, inns[i::workers], barrier, results))
                 for i in range(workers)]
    try:
        for process in processes:
            process.start()
        outcomes = [results.get(timeout=60) for _ in processes]
        for process in processes:
            process.join(timeout=30)
    finally:
        server.shutdown()
        server.server_close()
    assert outcomes == [each] * workers
    arrivals = sorted(FakeDadata.arrivals)
    busiest_second = max(sum(1 for t in arrivals[i:] if t < start + 1.0) for i, start in enumerate(arrivals))
    # the shared bucket: BURST - 1 at once, then RATE a second (+1 for a request on the window's edge)
    assert busiest_second <= DADATA_SHARED_BURST - 1 + DADATA_SHARED_RATE + 1 < 30
