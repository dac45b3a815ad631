"""End to end over real HTTP: devportal (portal + OAuth server) and the app, both on 127.0.0.1.

install page → installFinish → ONAPPINSTALL → a manager opens a company tab → XHR with the frame token →
a lead is added in the portal (ONCRMLEADADD) → the app is uninstalled (ONAPPUNINSTALL).
"""
from __future__ import annotations

import re

import pytest
import requests

from app import create_app
from devportal.testing import running_devportal
from storage import open_database
from storage.events import list_events
from storage.portals import get_portal
from storage.tokens import load_credentials
from tests.e2e.e2e_helpers import app_config, post_frame, serving_later

pytestmark = pytest.mark.e2e

TABS = {"CRM_COMPANY_DETAIL_TAB", "CRM_CONTACT_DETAIL_TAB", "CRM_LEAD_DETAIL_TAB"}


@pytest.fixture
def stack(tmp_path):
    holder: dict = {}
    with serving_later(holder) as app_port:
        app_url = f"http://127.0.0.1:{app_port}"
        with running_devportal(app_url=app_url) as portal:
            holder["app"] = create_app(app_config(portal, app_url, tmp_path))
            db = open_database(str(tmp_path / "poryadok.db"))
            yield app_url, portal, db
            db.conn.close()


def test_install_tab_event_and_uninstall_against_devportal(stack):
    app_url, portal, db = stack

    page = post_frame(portal.install())
    assert page.status_code == 200 and "BX24.installFinish()" in page.text
    assert {p["placement"] for p in portal.portal.placements} == TABS
    assert {h["event"] for h in portal.portal.handlers} == {"ONCRMLEADADD", "ONAPPUNINSTALL", "ONAPPUPDATE"}
    assert portal.finish_install()
    assert portal.wait_for_events()
    stored = get_portal(db, portal.member_id)
    assert stored.is_installed and stored.domain == portal.domain
    assert stored.application_token == portal.application_token
    assert [e["event"] for e in list_events(db, portal.member_id)] == ["ONAPPINSTALL"]

    tab = post_frame(portal.placement_post(2, "CRM_COMPANY_DETAIL_TAB", {"ID": "5"}))
    assert tab.status_code == 200 and "Компания № 5" in tab.text
    assert tab.headers["Content-Security-Policy"] == f"frame-ancestors 'self' {portal.base_url}"
    assert load_credentials(db, portal.member_id, 2) is not None
    token = re.search(r'name="poryadok-token" content="([^"]+)"', tab.text).group(1)
    context = requests.get(f"{app_url}/api/context", headers={"X-Poryadok-Token": token}, timeout=10).json()
    assert (context["user_id"], context["entity_id"]) == (2, "5")

    lead_id = portal.add("lead", {"TITLE": "Новый лид"})
    assert portal.wait_for_events()
    lead_events = [e for e in list_events(db, portal.member_id) if e["event"] == "ONCRMLEADADD"]
    assert [e["entity_id"] for e in lead_events] == [str(lead_id)]

    portal.uninstall()
    assert portal.wait_for_events()
    gone = get_portal(db, portal.member_id)
    assert gone.status == "uninstalled" and gone.access_token is None
    assert load_credentials(db, portal.member_id, 2) is None
