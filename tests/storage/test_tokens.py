"""SqliteTokenStore: tokens as Credentials, and one refresh for many processes/threads (one-shot refresh tokens)."""
from __future__ import annotations

import json
import multiprocessing
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from bitrix_client import AuthError, Credentials, OAuthServer, PortalClient, PortalGone
from storage.db import open_database
from storage.events import record_event
from storage.portals import Installation, mark_uninstalled, save_installation
from storage.ratelimit import SqliteRateLimiter
from storage.tokens import SqliteTokenStore, load_credentials, save_credentials, save_user_tokens
from tests.bitrix_client.bitrix_fakes import FakeClock

MEMBER = "member-1"


def install(db, client_endpoint="https://portal.bitrix24.ru/rest/", server_endpoint="https://oauth.bitrix.info/rest/",
            access="access-0", refresh="refresh-0"):
    save_installation(db, Installation(member_id=MEMBER, domain=urlsplit(client_endpoint).netloc,
                                       client_endpoint=client_endpoint, server_endpoint=server_endpoint,
                                       access_token=access, refresh_token=refresh, expires_at=1.0,
                                       application_token="app-token", scope="crm,placement"))


def must_not_wait(_seconds):
    raise AssertionError("waited for a lease although none was live")


def write_lease(db, owner, expires_at, user_id=0):
    """A lease row as another worker (live or crashed) leaves it; user_id 0 = the app tokens."""
    db["refresh_leases"].insert({"member_id": MEMBER, "user_id": user_id, "owner": owner, "expires_at": expires_at})


# ----- plain repository behaviour -----------------------------------------------------------------

def test_portal_tokens_load_as_credentials(db):
    install(db)
    creds = load_credentials(db, MEMBER)
    assert (creds.access_token, creds.refresh_token, creds.user_id) == ("access-0", "refresh-0", None)
    assert creds.client_endpoint == "https://portal.bitrix24.ru/rest/"


def test_user_tokens_are_saved_and_loaded_with_the_portal_endpoints(db):
    install(db)
    save_user_tokens(db, MEMBER, 42, "user-access", "user-refresh", 123.0)
    creds = load_credentials(db, MEMBER, 42)
    assert (creds.access_token, creds.user_id, creds.expires_at) == ("user-access", 42, 123.0)
    assert creds.server_endpoint == "https://oauth.bitrix.info/rest/"
    assert load_credentials(db, MEMBER, 7) is None


def test_unknown_or_uninstalled_portals_have_no_credentials(db):
    assert load_credentials(db, "nobody") is None
    install(db)
    mark_uninstalled(db, MEMBER)
    assert load_credentials(db, MEMBER) is None


def test_refresh_happens_when_the_stored_token_is_the_stale_one(db):
    install(db)
    stale = load_credentials(db, MEMBER)
    fresh = SqliteTokenStore(db).refresh_single_flight(stale, lambda c: replace(c, access_token="a1", refresh_token="r1"))
    assert fresh.access_token == "a1"
    assert (load_credentials(db, MEMBER).access_token, load_credentials(db, MEMBER).refresh_token) == ("a1", "r1")


def test_someone_elses_refresh_is_reused_without_calling_refresh(db):
    install(db, access="already-new")
    stale = replace(load_credentials(db, MEMBER), access_token="access-0")

    def must_not_run(_):
        raise AssertionError("refresh called although the stored token is newer")

    assert SqliteTokenStore(db).refresh_single_flight(stale, must_not_run).access_token == "already-new"


def test_failed_refresh_changes_nothing_and_releases_the_lease(db):
    install(db)
    stale = load_credentials(db, MEMBER)

    def rejected(_):
        raise RuntimeError("invalid_grant")

    with pytest.raises(RuntimeError):
        SqliteTokenStore(db).refresh_single_flight(stale, rejected)
    assert load_credentials(db, MEMBER).refresh_token == "refresh-0"
    # the next refresh (another worker) proceeds at once: it never has to wait for a leftover lease
    fresh = SqliteTokenStore(db, sleep=must_not_wait).refresh_single_flight(
        stale, lambda c: replace(c, access_token="a1", refresh_token="r1"))
    assert fresh.access_token == "a1"


def test_refresh_for_an_uninstalled_portal_is_portal_gone(db):
    stale = Credentials(MEMBER, "https://p.bitrix24.ru/rest/", "https://oauth.bitrix.info/rest/", "x", "y")
    with pytest.raises(PortalGone):
        SqliteTokenStore(db).refresh_single_flight(stale, lambda c: c)


def test_user_refresh_rotates_only_that_users_pair(db):
    install(db)
    save_user_tokens(db, MEMBER, 42, "u-a0", "u-r0", None)
    stale = load_credentials(db, MEMBER, 42)
    SqliteTokenStore(db).refresh_single_flight(stale, lambda c: replace(c, access_token="u-a1", refresh_token="u-r1"))
    assert load_credentials(db, MEMBER, 42).refresh_token == "u-r1"
    assert load_credentials(db, MEMBER).refresh_token == "refresh-0"


def test_refresh_records_a_portal_address_reported_by_the_oauth_server(db):
    install(db)
    stale = load_credentials(db, MEMBER)
    SqliteTokenStore(db).refresh_single_flight(
        stale, lambda c: replace(c, access_token="a1", refresh_token="r1", client_endpoint="https://new.bitrix24.ru/rest/"))
    row = db["portals"].get(MEMBER)
    assert (row["client_endpoint"], row["domain"]) == ("https://new.bitrix24.ru/rest/", "new.bitrix24.ru")


def test_client_endpoint_moved_updates_endpoint_and_domain(db):
    install(db)
    SqliteTokenStore(db).client_endpoint_moved(MEMBER, "https://renamed.bitrix24.ru/rest/")
    row = db["portals"].get(MEMBER)
    assert (row["client_endpoint"], row["domain"]) == ("https://renamed.bitrix24.ru/rest/", "renamed.bitrix24.ru")
    assert load_credentials(db, MEMBER).client_endpoint == "https://renamed.bitrix24.ru/rest/"


# ----- single flight across threads and processes, over real HTTP ---------------------------------

class PortalAndOAuth:
    """A portal + OAuth server on 127.0.0.1 with one-shot refresh tokens; counts refreshes."""

    def __init__(self, token_delay: float = 0.3):
        self.token_delay = token_delay  # a slow OAuth server widens the window in which others hit the expired token
        self.token_requested = threading.Event()
        self.lock = threading.Lock()
        self.generation = 0
        self.valid_access: str | None = None  # "access-0" is expired from the start
        self.refresh_token = "refresh-0"
        self.refreshes = 0
        self.rejected_refreshes = 0
        self.served: list[str] = []

    def token(self, params: dict[str, str]) -> tuple[int, dict]:
        self.token_requested.set()
        time.sleep(self.token_delay)
        with self.lock:
            if params.get("grant_type") != "refresh_token" or params.get("refresh_token") != self.refresh_token:
                self.rejected_refreshes += 1
                return 400, {"error": "invalid_grant", "error_description": "Invalid grant"}
            self.generation += 1
            self.refreshes += 1
            self.valid_access, self.refresh_token = f"access-{self.generation}", f"refresh-{self.generation}"
            return 200, {"access_token": self.valid_access, "refresh_token": self.refresh_token,
                         "expires_in": 3600, "member_id": MEMBER}

    def rest(self, body: dict) -> tuple[int, dict]:
        with self.lock:
            if body.get("auth") != self.valid_access:
                return 401, {"error": "expired_token", "error_description": "The access token provided has expired"}
            self.served.append(body["auth"])
            return 200, {"result": {"ID": "1"}, "time": {}}


@contextmanager
def portal_server(token_delay: float = 0.3):
    state = PortalAndOAuth(token_delay)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def answer(self, status, payload):
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urlsplit(self.path)
            params = {k: v[0] for k, v in parse_qs(url.query).items()}
            self.answer(*(state.token(params) if url.path == "/oauth/token/" else (404, {"error": "NOT_FOUND"})))

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            self.answer(*state.rest(body))

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def call_with_stored_tokens(db_path: str, base: str, barrier=None) -> str:
    """What every worker does: load the stored (expired) tokens, call the portal, report the token used."""
    db = open_database(db_path)
    oauth = OAuthServer("client-id", "client-secret", allowed_servers=[base])
    client = PortalClient(load_credentials(db, MEMBER), oauth=oauth, token_store=SqliteTokenStore(db))
    try:
        if barrier is not None:
            barrier.wait(timeout=30)
        assert client.call("crm.contact.get", {"id": 1}) == {"ID": "1"}
        return client.credentials.access_token
    finally:
        client.close()
        oauth.close()
        db.conn.close()


def process_worker(db_path, base, barrier, results):
    try:
        results.put(call_with_stored_tokens(db_path, base, barrier))
    except Exception as exc:  # report instead of dying silently
        results.put(f"error: {type(exc).__name__}: {exc}")


def test_expired_token_is_refreshed_once_across_processes(db_path):
    workers = 4
    with portal_server() as (state, base):
        db = open_database(db_path)
        install(db, client_endpoint=f"{base}/rest/", server_endpoint=f"{base}/rest/")
        db.conn.close()
        ctx = multiprocessing.get_context("spawn")
        barrier, results = ctx.Barrier(workers), ctx.Queue()
        processes = [ctx.Process(target=process_worker, args=(db_path, base, barrier, results)) for _ in range(workers)]
        for process in processes:
            process.start()
        outcomes = [results.get(timeout=60) for _ in processes]
        for process in processes:
            process.join(timeout=30)
        assert outcomes == ["access-1"] * workers
        assert (state.refreshes, state.rejected_refreshes) == (1, 0)
        assert state.served == ["access-1"] * workers
    check = open_database(db_path)
    assert (load_credentials(check, MEMBER).access_token, load_credentials(check, MEMBER).refresh_token) == ("access-1", "refresh-1")
    check.conn.close()


@pytest.mark.parametrize("shared_store", [False, True], ids=["connection-per-thread", "one-store-for-all-threads"])
def test_expired_token_is_refreshed_once_across_threads(db_path, shared_store):
    threads = 6
    with portal_server() as (state, base):
        db = open_database(db_path)
        install(db, client_endpoint=f"{base}/rest/", server_endpoint=f"{base}/rest/")
        store = SqliteTokenStore(db)
        barrier, outcomes = threading.Barrier(threads), []

        def run():
            if not shared_store:
                outcomes.append(call_with_stored_tokens(db_path, base, barrier))
                return
            oauth = OAuthServer("client-id", "client-secret", allowed_servers=[base])
            with PortalClient(load_credentials(db, MEMBER), oauth=oauth, token_store=store) as client:
                barrier.wait(timeout=30)
                client.call("crm.contact.get", {"id": 1})
                outcomes.append(client.credentials.access_token)
            oauth.close()

        pool = [threading.Thread(target=run) for _ in range(threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join(timeout=60)
        db.conn.close()
    assert outcomes == ["access-1"] * threads
    assert (state.refreshes, state.rejected_refreshes) == (1, 0)


def test_other_processes_write_while_a_refresh_waits_for_the_oauth_server(db_path):
    """A slow OAuth answer (2 s) must not stall the rest of the app: while one process's refresh is in
    flight, another process takes a rate-limit slot for another portal and records an event at once."""
    with portal_server(token_delay=2.0) as (state, base):
        db = open_database(db_path)
        install(db, client_endpoint=f"{base}/rest/", server_endpoint=f"{base}/rest/")
        db.conn.close()
        ctx = multiprocessing.get_context("spawn")
        results = ctx.Queue()
        refresher = ctx.Process(target=process_worker, args=(db_path, base, None, results))
        refresher.start()
        try:
            assert state.token_requested.wait(timeout=30), "the worker never asked the OAuth server"
            other = open_database(db_path)
            other.conn.execute("PRAGMA busy_timeout = 200")  # 'database is locked' soon if a writer holds the lock
            started = time.monotonic()
            SqliteRateLimiter(other, rate=2.0, burst=50).acquire("another-portal")
            record_event(other, "another-portal", "ONCRMLEADADD", "7", {"event": "ONCRMLEADADD"})
            took, still_in_flight = time.monotonic() - started, state.refreshes == 0
            other.conn.close()
        finally:
            refresher.join(timeout=30)
        outcome = results.get(timeout=5)
    assert still_in_flight and took < 1.0, took
    assert (outcome, state.refreshes) == ("access-1", 1)


# ----- the refresh lease: waiting, expiry, failures -------------------------------------------------

def test_a_waiter_takes_the_lease_owners_new_tokens_without_refreshing(db):
    install(db)
    clock = FakeClock()
    write_lease(db, "other-worker", clock.now + 30)

    def other_worker_finishes(seconds):
        clock.sleep(seconds)
        renewed = replace(load_credentials(db, MEMBER), access_token="a1", refresh_token="r1")
        save_credentials(db, renewed)
        db["refresh_leases"].delete_where("owner = ?", ["other-worker"])

    def must_not_run(_):
        raise AssertionError("refreshed although another worker held the lease")

    store = SqliteTokenStore(db, clock=clock.time, sleep=other_worker_finishes)
    assert store.refresh_single_flight(load_credentials(db, MEMBER), must_not_run).access_token == "a1"
    assert len(clock.sleeps) == 1


def test_a_crashed_owners_lease_blocks_the_refresh_only_until_it_expires(db):
    install(db)
    clock = FakeClock()
    expires_at = clock.now + 30
    write_lease(db, "crashed-worker", expires_at)
    refreshed_at = []

    def refresh(creds):
        refreshed_at.append(clock.now)
        return replace(creds, access_token="a1", refresh_token="r1")

    store = SqliteTokenStore(db, clock=clock.time, sleep=clock.sleep)
    assert store.refresh_single_flight(load_credentials(db, MEMBER), refresh).access_token == "a1"
    assert refreshed_at == [pytest.approx(expires_at, abs=0.1)]  # not before the lease expired, not much later
    assert load_credentials(db, MEMBER).refresh_token == "r1"
    assert db["refresh_leases"].count == 0


def test_a_lease_on_the_app_tokens_does_not_hold_up_a_users_refresh(db):
    install(db)
    save_user_tokens(db, MEMBER, 42, "u-a0", "u-r0", None)
    write_lease(db, "other-worker", time.time() + 30)
    store = SqliteTokenStore(db, sleep=must_not_wait)
    fresh = store.refresh_single_flight(load_credentials(db, MEMBER, 42),
                                        lambda c: replace(c, access_token="u-a1", refresh_token="u-r1"))
    assert fresh.access_token == "u-a1"


def test_a_refresh_token_spent_by_a_crashed_owner_is_an_auth_error_not_a_loop(db_path):
    """The crashed owner got the rotated pair from the OAuth server but never stored it: the stored
    refresh token is dead. The next worker tries once, gets a clear AuthError and frees the lease."""
    with portal_server(token_delay=0) as (state, base):
        db = open_database(db_path)
        install(db, client_endpoint=f"{base}/rest/", server_endpoint=f"{base}/rest/")
        state.refresh_token = "refresh-1"  # rotated for the crashed owner
        write_lease(db, "crashed-worker", time.time() - 1)
        with pytest.raises(AuthError) as caught:
            call_with_stored_tokens(db_path, base)
        assert caught.value.code == "REFRESH_INTERRUPTED"
        assert "переустановите" in caught.value.user_message("ru") and "reinstall" in caught.value.user_message("en")
        assert (state.refreshes, state.rejected_refreshes) == (0, 1)
        assert db["refresh_leases"].count == 0
        db.conn.close()


def test_an_uninstall_during_the_refresh_is_not_undone_by_storing_the_new_pair(db):
    install(db)

    def uninstalled_meanwhile(creds):
        mark_uninstalled(db, MEMBER)
        return replace(creds, access_token="a1", refresh_token="r1")

    with pytest.raises(PortalGone):
        SqliteTokenStore(db).refresh_single_flight(load_credentials(db, MEMBER), uninstalled_meanwhile)
    row = db["portals"].get(MEMBER)
    assert (row["status"], row["access_token"], row["refresh_token"]) == ("uninstalled", None, None)
    assert db["refresh_leases"].count == 0
