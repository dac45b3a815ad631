"""Installed portals, keyed by the stable `member_id` (a portal's domain can change, its member_id not)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit

import sqlite_utils

from storage.db import immediate_transaction

INSTALLED = "installed"
UNINSTALLED = "uninstalled"


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Portal:
    member_id: str
    domain: str
    client_endpoint: str
    server_endpoint: str
    access_token: str | None
    refresh_token: str | None
    expires_at: float | None
    application_token: str | None
    scope: str | None
    status: str
    installer_user_id: int | None
    installed_at: str | None
    updated_at: str | None

    @property
    def is_installed(self) -> bool:
        return self.status == INSTALLED

    @property
    def origin(self) -> str:
        """scheme://host[:port] of the portal, as a browser names it (for frame-ancestors)."""
        parts = urlsplit(self.client_endpoint)
        return f"{parts.scheme}://{parts.netloc}"

    def __repr__(self) -> str:  # tokens never reach a log through a repr
        return f"Portal(member_id={self.member_id!r}, domain={self.domain!r}, status={self.status!r})"


@dataclass(frozen=True)
class Installation:
    """What an install (install page, ONAPPINSTALL, ONAPPUPDATE) tells us after verification."""

    member_id: str
    domain: str
    client_endpoint: str
    server_endpoint: str
    access_token: str
    refresh_token: str | None
    expires_at: float | None
    application_token: str | None
    scope: str | None
    installer_user_id: int | None = None

    def __repr__(self) -> str:
        return f"Installation(member_id={self.member_id!r}, domain={self.domain!r})"


def get_portal(db: sqlite_utils.Database, member_id: str) -> Portal | None:
    rows = list(db["portals"].rows_where("member_id = ?", [member_id], limit=1))
    return Portal(**rows[0]) if rows else None


def save_installation(db: sqlite_utils.Database, installation: Installation) -> Portal:
    """Store a (re)installed portal with its verified tokens; keeps the first install time.

    Values the installation does not know (an ONAPPUPDATE without a refresh token, an install page
    that carries no installer id) keep what was stored before.
    """
    now = utc_now()
    with immediate_transaction(db):
        previous = get_portal(db, installation.member_id)
        record = {key: value for key, value in vars(installation).items() if value is not None}
        record.update(status=INSTALLED, updated_at=now)
        if previous is None or not previous.is_installed:
            record["installed_at"] = now
        db["portals"].upsert(record, pk="member_id")
    return get_portal(db, installation.member_id)


def mark_uninstalled(db: sqlite_utils.Database, member_id: str) -> None:
    """The app was removed from the portal: its tokens are void, so none are kept (nor the users')."""
    with immediate_transaction(db):
        db["portals"].update(
            member_id,
            {"status": UNINSTALLED, "access_token": None, "refresh_token": None, "expires_at": None,
             "application_token": None, "updated_at": utc_now()},
        )
        db["user_tokens"].delete_where("member_id = ?", [member_id])


def list_portals(db: sqlite_utils.Database, status: str | None = INSTALLED) -> list[Portal]:
    where, args = ("status = ?", [status]) if status else (None, None)
    return [Portal(**row) for row in db["portals"].rows_where(where, args, order_by="member_id")]
