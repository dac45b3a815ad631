"""Tokens as `bitrix_client.Credentials`: the portal's app tokens (`portals`) and users' own (`user_tokens`).

`SqliteTokenStore` is the `bitrix_client.TokenStore` every process shares. Bitrix24 refresh tokens are
one-shot, so a refresh runs inside `immediate_transaction` (SQLite's RESERVED lock, held by one
connection in any process at a time): re-read the row, refresh only if nobody did already, store the
rotated pair, then release. The `threading.Lock` lets threads share one store object, since one
SQLite connection cannot hold two transactions.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urlsplit

import sqlite_utils

from bitrix_client import Credentials, PortalGone
from storage.db import immediate_transaction
from storage.portals import get_portal, utc_now


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


class SqliteTokenStore:
    """`bitrix_client.TokenStore` over the `portals` and `user_tokens` tables."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self._lock = threading.Lock()

    def refresh_single_flight(
        self, stale: Credentials, refresh: Callable[[Credentials], Credentials]
    ) -> Credentials:
        with self._lock, immediate_transaction(self.db):
            stored = load_credentials(self.db, stale.member_id, stale.user_id)
            if stored is None and stale.user_id is not None:
                stored = stale  # a user's tokens that were never saved: refresh and keep them now
            if stored is None:
                raise PortalGone("NOT_INSTALLED", "no stored tokens for this portal", None)
            if stored.access_token != stale.access_token:
                return stored  # another thread or process refreshed while we waited for the lock
            fresh = refresh(stored)
            save_credentials(self.db, fresh)
            return fresh

    def client_endpoint_moved(self, member_id: str, new_client_endpoint: str) -> None:
        with self._lock, immediate_transaction(self.db):
            if get_portal(self.db, member_id) is not None:
                self.db["portals"].update(member_id, {
                    "client_endpoint": new_client_endpoint,
                    "domain": urlsplit(new_client_endpoint).netloc, "updated_at": utc_now(),
                })
