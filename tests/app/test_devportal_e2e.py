"""End to end over real HTTP: devportal (portal + OAuth server) and the app, both on 127.0.0.1.

install page → installFinish → ONAPPINSTALL → a manager opens a company tab → XHR with the frame token →
a lead is added in the portal (ONCRMLEADADD) → the app is uninstalled (ONAPPUNINSTALL).
"""
from __future__ import annotations

import re
import threading
from contextlib import contextmanager

import pytest
import requests
from werkzeug.serving import make_server

from app import create_app
from devportal.testing import QuietRequestHandler, running_devportal
from storage import open_database
from storage.events import list_events
from storage.portals import get_portal
from storage.tokens import load_credentials

pytestmark = pytest.mark.e2e

TABS = {"CRM_COMPANY_DETAIL_TAB", "CRM_CONTACT_DETAIL_TAB", "CRM_LEAD_DETAIL_TAB"}


@contextmanager
def serving(holder: dict):
    """Our app on an ephemeral port; the app itself is created later (it needs devportal's address)."""
    server = make_server("127.0.0.1", 0, lambda environ, start: holder["app"](environ, start),
                         threaded=True, request_handler=QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture
def stack(tmp_path):
    holder: dict = {}
    with serving(holder) as app_url, running_devportal(app_url=app_url) as portal:
        holder["app"] = create_app({
            "DATABASE": str(tmp_path / "poryadok.db"), "SECRET_KEY": "e2e-secret", "HUEY_IMMEDIATE": True,
            "HUEY_PATH": str(tmp_path / "huey.db"), "PUBLIC_URL": app_url,
            "CLIENT_ID": portal.client_id, "CLIENT_SECRET": portal.client_secret,
            "OAUTH_SERVERS": [portal.base_url], "PORTAL_HOSTS": ["127.0.0.1:*"],
        })
        db = open_database(str(tmp_path / "poryadok.db"))
        yield app_url, portal, db
        db.conn.close()


def post_frame(frame) -> requests.Response:
    return requests.post(frame.url, data=frame.form, timeout=20)


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
