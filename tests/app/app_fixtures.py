"""App fixtures shared by tests/app and tests/placements: a fresh app per test on a temp SQLite file, strict
`responses` for every outgoing request (nothing registered = any request fails the test), an installed portal."""
from __future__ import annotations

import time

import pytest
import responses

from app import create_app
from storage import open_database
from storage.portals import Installation, save_installation
from tests.app.portal_fakes import (APPLICATION_TOKEN, CLIENT_ID, MEMBER_ID, OAUTH_REST, PORTAL_HOST, PORTAL_REST,
                                    PUBLIC_URL, FakeBitrix)

APP_ACCESS_TOKEN = "stored-app-access-token"
APP_REFRESH_TOKEN = "stored-app-refresh-token"


@pytest.fixture(autouse=True)
def no_poryadok_environment(monkeypatch):
    """Settings come from each test's config, never from the shell that runs pytest."""
    import os

    for name in list(os.environ):
        if name.startswith("PORYADOK_"):
            monkeypatch.delenv(name)


@pytest.fixture
def config(tmp_path):
    return {
        "DATABASE": str(tmp_path / "poryadok.db"),
        "SECRET_KEY": "test-secret-key",
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": "test-client-secret",
        "PUBLIC_URL": PUBLIC_URL,
        "HUEY_PATH": str(tmp_path / "huey.db"),
        "HUEY_IMMEDIATE": True,  # tasks run inside the test, in memory
        "RATE_LIMIT": (1000.0, 1000),  # no sleeping in tests; the limiter itself is tested elsewhere
    }


@pytest.fixture
def app(config):
    return create_app(config)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(config):
    database = open_database(config["DATABASE"])
    yield database
    database.conn.close()


@pytest.fixture
def http():
    """Every outgoing HTTP request of the test; registered answers must all be used."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


@pytest.fixture
def bitrix(http):
    return FakeBitrix(http)


@pytest.fixture
def installed_portal(db):
    """Our test portal as a finished install left it (tokens, application_token, endpoints)."""
    return save_installation(db, Installation(
        member_id=MEMBER_ID, domain=PORTAL_HOST, client_endpoint=PORTAL_REST, server_endpoint=OAUTH_REST,
        access_token=APP_ACCESS_TOKEN, refresh_token=APP_REFRESH_TOKEN, expires_at=time.time() + 3600,
        application_token=APPLICATION_TOKEN, scope="crm,placement,user_brief", installer_user_id=1,
    ))
