"""What a client needs to call one portal, and the two collaborators it relies on.

`TokenStore` and `RateLimiter` are protocols so this package stays free of storage: the app passes
`storage.tokens.SqliteTokenStore` / `storage.ratelimit.SqliteRateLimiter`, unit tests pass the
in-memory versions from `bitrix_client.memory`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Credentials:
    """Tokens and endpoints for one portal, either the app's stored tokens or one user's own.

    `user_id` None = the portal's stored app (installer) tokens for background work; an int = that
    user's tokens from a placement request, so the portal's CRM rights for that user apply.
    Tokens are left out of `repr` so a logged object never leaks them.
    """

    member_id: str
    client_endpoint: str  # portal REST base, "https://portal.bitrix24.ru/rest/"
    server_endpoint: str  # OAuth server REST base, "https://oauth.bitrix24.tech/rest/"
    access_token: str = field(repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    expires_at: float | None = None  # unix seconds
    user_id: int | None = None

    @property
    def portal_host(self) -> str:
        """The portal's host[:port] as taken from `client_endpoint`."""
        return urlsplit(self.client_endpoint).netloc


class TokenStore(Protocol):
    """Where rotated tokens live; shared by every process that works for a portal."""

    def refresh_single_flight(
        self, stale: Credentials, refresh: Callable[[Credentials], Credentials]
    ) -> Credentials:
        """Under a cross-process lock: re-read the stored row for (member_id, user_id); if its access
        token differs from `stale.access_token` someone refreshed already, return it; otherwise call
        `refresh(stored)`, persist the rotated pair and return it. `refresh` does network I/O, so the
        lock must not stall unrelated storage writers meanwhile (`SqliteTokenStore` uses a lease)."""
        ...

    def client_endpoint_moved(self, member_id: str, new_client_endpoint: str) -> None:
        """Record that the portal answered from a new address (portal renamed)."""
        ...


class RateLimiter(Protocol):
    """A per-portal request budget shared by every process."""

    def acquire(self, key: str) -> None:
        """Block until one more request to portal `key` is allowed."""
        ...
