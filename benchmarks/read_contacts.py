"""Read N contacts through PortalClient.iter_list from a local portal that enforces the 2 req/s bucket.

    .venv/bin/python benchmarks/read_contacts.py --n 100000 [--start-full] [--rate 2 --burst 50]

The server (127.0.0.1, ephemeral port, stopped at exit) is self-contained: `crm.contact.list` and
`batch` come from `bitrix_client.testing.ListPortalStandIn` (ID cursor, `start=-1`, batch references),
and a leaky bucket answers 503 QUERY_LIMIT_EXCEEDED beyond `burst` requests, draining `rate` per
second — the cloud limits (RU limits.md). devportal/ had no importable test server when this was
written. The client uses the real `SqliteRateLimiter` on a temporary database, so it paces itself
and should see no 503s. `--start-full` starts both buckets full, as if the portal had just been busy.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bitrix_client import Credentials, OAuthServer, PortalClient  # noqa: E402
from bitrix_client.paging import PAGE_SIZE, PAGES_PER_BATCH  # noqa: E402
from bitrix_client.testing import ListPortalStandIn  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.ratelimit import SqliteRateLimiter  # noqa: E402

MEMBER = "bench-member"
TOKEN = "bench-access-token"


class BucketedPortal:
    """The stand-in behind a portal-side leaky bucket that refuses (does not queue) excess requests."""

    def __init__(self, count: int, rate: float, burst: int, start_full: bool):
        self.stand_in = ListPortalStandIn(count, access_token=TOKEN)
        self.rate, self.burst = rate, burst
        self.level, self.updated = (float(burst) if start_full else 0.0), time.monotonic()
        self.lock = threading.Lock()
        self.accepted = 0
        self.refused = 0

    def admit(self) -> bool:
        with self.lock:
            now = time.monotonic()
            self.level = max(0.0, self.level - (now - self.updated) * self.rate)
            self.updated = now
            if self.level + 1 > self.burst:
                self.refused += 1
                return False
            self.level += 1
            self.accepted += 1
            return True

    def handle(self, method: str, body: dict) -> tuple[int, dict]:
        if not self.admit():
            return 503, {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}
        with self.lock:
            return self.stand_in.handle(method, body)


@contextmanager
def serve(portal: BucketedPortal):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            status, payload = portal.handle(self.path.rsplit("/", 1)[-1], body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def expected_requests(n: int) -> int:
    """One plain call for the first page, then batches of 50 pages; a full last batch needs one more look."""
    per_batch = PAGE_SIZE * PAGES_PER_BATCH
    if n < PAGE_SIZE:
        return 1
    return 1 + (n - PAGE_SIZE) // per_batch + 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="contacts on the portal")
    parser.add_argument("--rate", type=float, default=2.0, help="bucket drain per second (Enterprise: 5)")
    parser.add_argument("--burst", type=int, default=50, help="bucket size (Enterprise: 250)")
    parser.add_argument("--start-full", action="store_true", help="both buckets start full")
    args = parser.parse_args(argv)

    portal = BucketedPortal(args.n, args.rate, args.burst, args.start_full)
    with tempfile.TemporaryDirectory() as tmp, serve(portal) as base:
        db = open_database(str(Path(tmp) / "bench.db"))
        limiter = SqliteRateLimiter(db, rate=args.rate, burst=args.burst)
        if args.start_full:
            for _ in range(args.burst):
                limiter.reserve(MEMBER)
        creds = Credentials(MEMBER, f"{base}/rest/", f"{base}/rest/", TOKEN)
        oauth = OAuthServer("bench", "bench-secret", allowed_servers=[base])
        started = time.perf_counter()
        with PortalClient(creds, oauth=oauth, rate_limiter=limiter) as client:
            ids = [int(record["ID"]) for record in client.iter_list("crm.contact.list", select=["ID", "NAME"])]
        wall = time.perf_counter() - started
        oauth.close()
        db.conn.close()

    if ids != list(range(1, args.n + 1)):
        print(f"FAILED: got {len(ids)} records, not 1..{args.n} exactly once in order", file=sys.stderr)
        return 1
    requests_made = portal.accepted + portal.refused
    ideal_requests = expected_requests(args.n)
    ideal_wait = (ideal_requests if args.start_full else max(0, ideal_requests - args.burst)) / args.rate
    print(f"records read            {len(ids):,} (every ID once, ascending)")
    print(f"HTTP requests           {requests_made} ({portal.accepted} accepted, {portal.refused} answered 503)")
    print(f"records per request     {len(ids) / max(1, portal.accepted):,.1f}")
    print(f"503 QUERY_LIMIT_EXCEEDED {portal.refused}")
    print(f"wall time               {wall:.2f} s")
    print(f"ideal requests          {ideal_requests} = 1 + floor((N - 50) / 2500) + 1")
    print(f"steady-state ideal      N / 2500 / {args.rate:g} = {args.n / (PAGE_SIZE * PAGES_PER_BATCH) / args.rate:.2f} s"
          " (no burst credit)")
    print(f"ideal with this bucket  {'R' if args.start_full else f'max(0, R - {args.burst})'} / {args.rate:g} = "
          f"{ideal_wait:.2f} s waiting for the bucket{' (started full)' if args.start_full else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
