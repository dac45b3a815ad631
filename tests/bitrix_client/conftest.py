"""Fixtures for bitrix_client tests; the helpers they use live in `bitrix_fakes.py`."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import responses

from bitrix_client import Credentials, OAuthServer, PortalClient, RetryPolicy
from bitrix_client.memory import InMemoryRateLimiter, InMemoryTokenStore

from tests.bitrix_client.bitrix_fakes import ACCESS, CLIENT_ID, CLIENT_SECRET, OAUTH_ENDPOINT, PORTAL, REFRESH, FakeClock


@pytest.fixture
def http():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def creds() -> Credentials:
    return Credentials(member_id="member-1", client_endpoint=PORTAL, server_endpoint=OAUTH_ENDPOINT,
                       access_token=ACCESS, refresh_token=REFRESH, expires_at=1_699_999_000.0)


@pytest.fixture
def oauth(clock):
    server = OAuthServer(CLIENT_ID, CLIENT_SECRET, allowed_servers=["https://oauth.bitrix.info"], clock=clock.time)
    yield server
    server.close()


@pytest.fixture
def store(creds) -> InMemoryTokenStore:
    return InMemoryTokenStore([creds])


@pytest.fixture
def limiter() -> InMemoryRateLimiter:
    return InMemoryRateLimiter(rate=1000.0, burst=1000)


@pytest.fixture
def make_client(creds, oauth, store, limiter, clock) -> Callable[..., PortalClient]:
    """A PortalClient whose sleeps go to the fake clock (jitter fixed at 1.0, i.e. the full delay)."""
    made: list[PortalClient] = []

    def make(**overrides: Any) -> PortalClient:
        options: dict[str, Any] = {
            "oauth": oauth, "token_store": store, "rate_limiter": limiter,
            "retry": RetryPolicy(sleep=clock.sleep, clock=clock.time, jitter=lambda: 1.0),
        }
        options.update(overrides)
        client = PortalClient(options.pop("credentials", creds), **options)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
