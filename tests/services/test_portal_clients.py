"""Clients built from config follow a renamed portal only within the configured portal hosts, and the
move reaches the stored portal (its domain, so the next frame from the new DOMAIN is believed)."""
from __future__ import annotations

import pytest

from bitrix_client import ForbiddenHost
from services.portal_clients import app_client
from storage.portals import get_portal
from tests.app.app_fixtures import config, db, http, installed_portal, no_poryadok_environment  # noqa: F401
from tests.app.portal_fakes import MEMBER_ID, PORTAL_HOST, PORTAL_REST, envelope
from tests.services.test_install import app_config  # noqa: F401


def test_a_portal_renamed_within_the_cloud_zones_is_followed_and_its_new_domain_stored(db, app_config, installed_portal,
                                                                                       http):
    http.post(PORTAL_REST + "app.info", status=302, headers={"Location": "https://renamed.bitrix24.ru/rest/app.info"})
    http.post("https://renamed.bitrix24.ru/rest/app.info", json=envelope({"ID": 1}))
    assert app_client(db, app_config, installed_portal).call("app.info") == {"ID": 1}
    stored = get_portal(db, MEMBER_ID)
    assert (stored.domain, stored.client_endpoint) == ("renamed.bitrix24.ru", "https://renamed.bitrix24.ru/rest/")


def test_a_redirect_to_a_host_outside_the_portal_hosts_is_not_followed(db, app_config, installed_portal, http):
    http.post(PORTAL_REST + "app.info", status=302, headers={"Location": "https://collector.example.com/rest/app.info"})
    with pytest.raises(ForbiddenHost):
        app_client(db, app_config, installed_portal).call("app.info")
    assert len(http.calls) == 1 and get_portal(db, MEMBER_ID).domain == PORTAL_HOST
