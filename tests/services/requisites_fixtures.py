"""Shared fixtures of the requisites service tests: a database, the in-memory portal behind
`responses`, a PortalClient with a user's token, and the real DaData adapter (mocked with pytest-httpx)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import responses

from bitrix_client import Credentials, OAuthServer, PortalClient
from requisites.dadata_source import DadataSource, RateLimit, SourceSettings
from services.requisites import Owner, RequisitesService
from storage.db import open_database
from storage.registry_cache import SqliteRegistryCache
from tests.reference_examples import dadata_example
from tests.services.requisites_portal import CLIENT_ENDPOINT, RequisitesPortal

FIXTURES = Path(__file__).parents[1] / "requisites" / "fixtures"
DADATA = "https://suggestions.dadata.ru/suggestions/api/4_1/rs/"
SBER = dadata_example("find-party_legal-main-and-branch_sberbank.json")
BANK = dadata_example("find-bank_sberbank-044525225.json")
IP = json.loads((FIXTURES / "find-party_individual_CONSTRUCTED.json").read_text())
LIQUIDATED = json.loads((FIXTURES / "find-party_liquidated_CONSTRUCTED.json").read_text())
MAIN_KEY = "7707083893|773601001|1027700132195"
BRANCH_KEY = "7707083893|380843001|1027700132195"
COMPANY = Owner.company("501")


@pytest.fixture
def db(tmp_path):
    database = open_database(str(tmp_path / "app.sqlite"))
    yield database
    database.conn.close()


@pytest.fixture
def portal(db):
    stand_in = RequisitesPortal(journal_rows=lambda: db["journal"].count)
    stand_in.add_company("501")
    # one catch-all callback stands for the whole portal, so "every mock fired" says nothing here;
    # tests assert exact request counts with `portal.http_requests` instead (0 included)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        stand_in.register(mock)
        yield stand_in


@pytest.fixture
def client():
    creds = Credentials(member_id="m1", client_endpoint=CLIENT_ENDPOINT,
                        server_endpoint="https://oauth.bitrix.info/rest/", access_token="user-token", user_id=7)
    with PortalClient(creds, oauth=OAuthServer("app", "secret", ["https://oauth.bitrix.info"]),
                      interactive=True) as portal_client:
        yield portal_client


@pytest.fixture
def source(db):
    return DadataSource("test-key", cache=SqliteRegistryCache(db), settings=SourceSettings(retries=0),
                        rate_limit=RateLimit(10_000))


@pytest.fixture
def service(db, client, source):
    return RequisitesService(db=db, member_id="m1", client=client, source=source, user_id=7)
