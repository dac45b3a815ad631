"""Building a `PortalClient` for a stored portal: with the portal's app tokens (background work) or with
one user's own tokens (card-tab work, so that user's CRM rights apply).

Every client is wired the same way: the OAuth allow-list from config, the SQLite token store (single-flight
refresh across processes), the SQLite rate limiter (one bucket per portal shared by all processes) and the
configured portal hosts (a renamed portal is followed only to one of them). Only stored endpoints are
used — never a host taken from an incoming request.
"""
from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import requests
import sqlite_utils

from bitrix_client import AuthError, Credentials, OAuthServer, PortalClient
from storage.portals import Installation, Portal
from storage.ratelimit import SqliteRateLimiter
from storage.tokens import SqliteTokenStore


class UserNotConfirmed(Exception):
    """The portal did not vouch for the token a frame request carried."""


def oauth_server(config: Mapping[str, Any], session: requests.Session | None = None) -> OAuthServer:
    return OAuthServer(config["CLIENT_ID"], config["CLIENT_SECRET"], config["OAUTH_SERVERS"], session=session)


def rate_limiter(db: sqlite_utils.Database, config: Mapping[str, Any]) -> SqliteRateLimiter:
    rate, burst = config["RATE_LIMIT"]
    return SqliteRateLimiter(db, rate=rate, burst=burst)


def _client(db: sqlite_utils.Database, config: Mapping[str, Any], credentials: Credentials, *,
            interactive: bool, session: requests.Session | None, stored: bool = True,
            oauth: OAuthServer | None = None) -> PortalClient:
    return PortalClient(
        credentials,
        oauth=oauth or oauth_server(config, session=session),
        token_store=SqliteTokenStore(db) if stored else None,
        rate_limiter=rate_limiter(db, config),
        interactive=interactive,
        session=session,
        portal_hosts=config["PORTAL_HOSTS"],
    )


def app_credentials(portal: Portal | Installation) -> Credentials:
    """The app (installer) tokens of a stored portal, or of an installation about to be stored."""
    return Credentials(
        member_id=portal.member_id,
        client_endpoint=portal.client_endpoint,
        server_endpoint=portal.server_endpoint,
        access_token=portal.access_token or "",
        refresh_token=portal.refresh_token,
        expires_at=portal.expires_at,
        user_id=None,
    )


def app_client(db: sqlite_utils.Database, config: Mapping[str, Any], portal: Portal, *,
               session: requests.Session | None = None) -> PortalClient:
    """The portal's stored installer tokens, for background work (waits out limits instead of failing)."""
    return _client(db, config, app_credentials(portal), interactive=False, session=session)


def unstored_client(db: sqlite_utils.Database, config: Mapping[str, Any], credentials: Credentials, *,
                    oauth: OAuthServer | None = None, session: requests.Session | None = None) -> PortalClient:
    """Tokens not stored yet (an install being confirmed, a frame user not yet named): no token store, as
    there is no row they belong to, so a refresh (unlikely within the request) stays in this client."""
    return _client(db, config, credentials, interactive=True, session=session, stored=False, oauth=oauth)


def user_credentials(portal: Portal, user_id: int | None, access_token: str, refresh_token: str | None,
                     expires_in: float | None) -> Credentials:
    """A user's tokens from a frame request, bound to the STORED portal endpoints."""
    return Credentials(
        member_id=portal.member_id,
        client_endpoint=portal.client_endpoint,
        server_endpoint=portal.server_endpoint,
        access_token=access_token,
        refresh_token=refresh_token,
        expires_at=time.time() + float(expires_in) if expires_in else None,
        user_id=user_id,
    )


def user_client(db: sqlite_utils.Database, config: Mapping[str, Any], credentials: Credentials, *,
                session: requests.Session | None = None, interactive: bool = True) -> PortalClient:
    """Work with one user's own tokens. Interactive (a page waits): fails fast on limits, so the page can
    say so; background work done on a user's behalf (a bulk fill an admin started) waits them out."""
    return _client(db, config, credentials, interactive=interactive, session=session)


def confirm_user(db: sqlite_utils.Database, config: Mapping[str, Any], portal: Portal, access_token: str,
                 refresh_token: str | None, expires_in: float | None, *,
                 session: requests.Session | None = None) -> tuple[dict[str, Any], Credentials]:
    """Ask the STORED portal who owns `access_token` (`user.current`); returns the user and their credentials.

    No token store yet: until the portal has named the user there is no row the tokens belong to.
    UserNotConfirmed when the portal rejects the token; other BitrixErrors (portal down, limits) propagate.
    """
    credentials = user_credentials(portal, None, access_token, refresh_token, expires_in)
    client = unstored_client(db, config, credentials, session=session)
    try:
        user = client.call("user.current")
    except AuthError as error:
        raise UserNotConfirmed(str(error.code)) from error
    if not isinstance(user, Mapping) or not str(user.get("ID", "")).isdigit():
        raise UserNotConfirmed("user.current answered without a user id")
    return dict(user), replace(client.credentials, user_id=int(user["ID"]))
