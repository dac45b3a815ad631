"""Tokens as `bitrix_client.Credentials`: the portal's app tokens (`portals`) and users' own (`user_tokens`).

`SqliteTokenStore` is the `bitrix_client.TokenStore` every process shares. Bitrix24 refresh tokens are
one-shot, so only one thread in any process may refresh a pair at a time (single flight). The OAuth
call can take as long as its HTTP timeout, and SQLite's write lock is database-wide — holding it
that long would stall every writer of every portal (rate limiter, events, jobs). So the lock is held
only for short bookkeeping transactions and the flight itself is a *lease* in `refresh_leases`:

1. in an `immediate_transaction`: re-read the row; if its access token is no longer the stale one,
   someone refreshed already → return it; if another owner's lease is live → commit, sleep a poll
   interval and look again; otherwise write our lease (owner id, expiry) and commit;
2. call the OAuth server outside any transaction;
3. in an `immediate_transaction`: store the rotated pair (unless the row changed meanwhile, e.g. a
   reinstall, or the portal was uninstalled) and delete the lease if it is still ours.
   A failed refresh deletes the lease too and re-raises.

A lease expires `lease_seconds` after it was taken (above `OAuthServer`'s default timeout of 5 s
connect + 20 s read), so an owner that crashed blocks the others only until then. If that owner
crashed after the OAuth server had rotated the pair, the stored refresh token is spent: the next
owner's refresh is refused and surfaces as `AuthError` code `REFRESH_INTERRUPTED` (the user must open
the app again or reinstall it) — one attempt, never a loop.

Why not `fcntl.flock` on a lock file per portal beside the database: it would free a crashed
owner's lock at once, but needs the database's file path (absent for `:memory:`, hidden by
`sqlite_utils.Database`), leaves lock files to manage, and is invisible when inspecting the
database; the lease keeps the mutex where the tokens are, and crashes are rare next to slow servers.
The `threading.Lock` lets threads share one store object, since one SQLite connection cannot hold
two transactions at once.
"""
from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlite_utils

from bitrix_client import AuthError, Credentials, PortalGone, TransportError
from storage.db import immediate_transaction
from storage.portals import get_portal, utc_now

# Above OAuthServer's default timeout (5 s connect + 20 s read), so a live owner keeps its lease.
REFRESH_LEASE_SECONDS = 30.0
LEASE_POLL_SECONDS = 0.05
APP_TOKENS_USER_ID = 0  # the lease key's user_id for the portal's app tokens (Bitrix24 user ids start at 1)


def load_credentials(db: sqlite_utils.Database, member_id: str, user_id: int | None = None) -> Credentials | None:
    """Credentials of an installed portal (user_id None) or of one of its users; None if absent."""
    portal = get_portal(db, member_id)
    if portal is None or not portal.is_installed:
        return None
    if user_id is None:
        access, refresh, expires_at = portal.access_token, portal.refresh_token, portal.expires_at
    else:
        rows = list(db["user_tokens"].rows_where("member_id = ? AND user_id = ?", [member_id, user_id], limit=1))
        if not rows:
            return None
        access, refresh, expires_at = rows[0]["access_token"], rows[0]["refresh_token"], rows[0]["expires_at"]
    if not access:
        return None
    return Credentials(member_id=member_id, client_endpoint=portal.client_endpoint,
                       server_endpoint=portal.server_endpoint, access_token=access, refresh_token=refresh,
                       expires_at=expires_at, user_id=user_id)


def save_user_tokens(db: sqlite_utils.Database, member_id: str, user_id: int, access_token: str,
                     refresh_token: str | None, expires_at: float | None) -> None:
    """Keep a user's tokens from a placement request (AUTH_ID / REFRESH_ID) for work done as that user."""
    db["user_tokens"].upsert(
        {"member_id": member_id, "user_id": int(user_id), "access_token": access_token,
         "refresh_token": refresh_token, "expires_at": expires_at, "updated_at": utc_now()},
        pk=("member_id", "user_id"),
    )


def save_credentials(db: sqlite_utils.Database, credentials: Credentials) -> None:
    """Store rotated tokens (and the portal address the OAuth server reported) for their owner."""
    if credentials.user_id is not None:
        save_user_tokens(db, credentials.member_id, credentials.user_id, credentials.access_token,
                         credentials.refresh_token, credentials.expires_at)
        return
    db["portals"].update(credentials.member_id, {
        "access_token": credentials.access_token, "refresh_token": credentials.refresh_token,
        "expires_at": credentials.expires_at, "client_endpoint": credentials.client_endpoint,
        "domain": urlsplit(credentials.client_endpoint).netloc, "updated_at": utc_now(),
    })


@dataclass(frozen=True)
class _Claim:
    """What `_claim_lease` found: tokens someone else already renewed, or a lease we now hold."""

    credentials: Credentials
    refreshed_by_other: bool = False
    took_over_expired_lease: bool = False


class SqliteTokenStore:
    """`bitrix_client.TokenStore` over the `portals` and `user_tokens` tables, single flight by lease.

    `clock` must be wall time (`time.time`): lease expiries are compared across processes.
    """

    def __init__(self, db: sqlite_utils.Database, *, lease_seconds: float = REFRESH_LEASE_SECONDS,
                 poll_seconds: float = LEASE_POLL_SECONDS, clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep):
        self.db = db
        self.lease_seconds, self.poll_seconds = lease_seconds, poll_seconds
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()

    def refresh_single_flight(
        self, stale: Credentials, refresh: Callable[[Credentials], Credentials]
    ) -> Credentials:
        owner = uuid.uuid4().hex
        claim = self._claim_lease(stale, owner)
        if claim.refreshed_by_other:
            return claim.credentials
        try:
            fresh = refresh(claim.credentials)  # network I/O: no transaction is open here
        except BaseException as error:
            self._release_lease(stale, owner)
            if isinstance(error, AuthError) and claim.took_over_expired_lease:
                raise AuthError("REFRESH_INTERRUPTED", "the refresh token was refused after another worker's "
                                "refresh was interrupted (it may have spent the one-shot token)",
                                error.status) from error
            raise
        return self._store_refreshed(stale, fresh, owner)

    def client_endpoint_moved(self, member_id: str, new_client_endpoint: str) -> None:
        with self._lock, immediate_transaction(self.db):
            if get_portal(self.db, member_id) is not None:
                self.db["portals"].update(member_id, {
                    "client_endpoint": new_client_endpoint,
                    "domain": urlsplit(new_client_endpoint).netloc, "updated_at": utc_now(),
                })

    # ----- the lease ----------------------------------------------------------------------------

    def _claim_lease(self, stale: Credentials, owner: str) -> _Claim:
        """Wait (outside any transaction) while another owner's lease is live; then take it ourselves."""
        give_up_at = self._clock() + 2 * self.lease_seconds  # a lease ends by then unless owners keep failing
        while True:
            with self._lock, immediate_transaction(self.db):
                stored = self._stored(stale)
                if stored is None:
                    raise PortalGone("NOT_INSTALLED", "no stored tokens for this portal", None)
                if stored.access_token != stale.access_token:
                    return _Claim(stored, refreshed_by_other=True)
                now, lease = self._clock(), self._lease(stale)
                if lease is None or lease["expires_at"] <= now:
                    self.db["refresh_leases"].upsert(
                        {**_lease_key(stale), "owner": owner, "expires_at": now + self.lease_seconds},
                        pk=("member_id", "user_id"))
                    return _Claim(stored, took_over_expired_lease=lease is not None)
            if self._clock() >= give_up_at:
                raise TransportError("another worker's token refresh did not finish in time")
            self._sleep(self.poll_seconds)

    def _store_refreshed(self, stale: Credentials, fresh: Credentials, owner: str) -> Credentials:
        """Keep the rotated pair unless the row changed meanwhile (reinstall) or the portal is gone."""
        with self._lock, immediate_transaction(self.db):
            self._delete_lease(stale, owner)
            current = self._stored(stale)
            if current is not None and current.access_token == stale.access_token:
                save_credentials(self.db, fresh)
                current = fresh
        if current is None:
            raise PortalGone("NOT_INSTALLED", "the portal was uninstalled during the token refresh", None)
        return current

    def _release_lease(self, stale: Credentials, owner: str) -> None:
        with self._lock, immediate_transaction(self.db):
            self._delete_lease(stale, owner)

    def _delete_lease(self, stale: Credentials, owner: str) -> None:
        """Only our own lease: after an expiry another owner may hold it now."""
        key = _lease_key(stale)
        self.db["refresh_leases"].delete_where("member_id = ? AND user_id = ? AND owner = ?",
                                               [key["member_id"], key["user_id"], owner])

    def _lease(self, stale: Credentials) -> dict | None:
        key = _lease_key(stale)
        rows = self.db["refresh_leases"].rows_where("member_id = ? AND user_id = ?",
                                                    [key["member_id"], key["user_id"]], limit=1)
        return next(iter(rows), None)

    def _stored(self, stale: Credentials) -> Credentials | None:
        """The stored pair for `stale`'s owner; None once the portal is not installed."""
        portal = get_portal(self.db, stale.member_id)
        if portal is None or not portal.is_installed:
            return None
        stored = load_credentials(self.db, stale.member_id, stale.user_id)
        if stored is None and stale.user_id is not None:
            return stale  # a user's tokens that were never saved: refresh and keep them now
        return stored


def _lease_key(credentials: Credentials) -> dict[str, object]:
    user_id = APP_TOKENS_USER_ID if credentials.user_id is None else int(credentials.user_id)
    return {"member_id": credentials.member_id, "user_id": user_id}
