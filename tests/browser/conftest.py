"""Browser-test fixtures: devportal and the app on two origins, and Debian chromium through playwright.

devportal serves the portal on http://127.0.0.1:A and the app answers at http://localhost:B, so the
card's frame is really cross-site, as a cloud portal and an app server are (ui-in-bitrix24.md §9).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from devportal.dadata_api import DEFAULT_API_KEY
from devportal.testing import DevportalHandle, running_devportal
from tests.conftest import CHROMIUM
from tests.e2e.e2e_helpers import serving_later

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@dataclass
class Stack:
    portal: DevportalHandle
    app_url: str

    @property
    def portal_url(self) -> str:
        return self.portal.base_url


@pytest.fixture
def stack(tmp_path) -> Iterator[Stack]:
    from app import create_app

    holder: dict = {}
    with serving_later(holder) as app_port:
        app_url = f"http://localhost:{app_port}"
        with running_devportal(app_url=app_url, seed_size=30) as portal:
            holder["app"] = create_app({
                "DATABASE": str(tmp_path / "poryadok.db"), "SECRET_KEY": "browser-test-secret",
                "HUEY_IMMEDIATE": True, "HUEY_PATH": str(tmp_path / "huey.db"), "PUBLIC_URL": app_url,
                "CLIENT_ID": portal.client_id, "CLIENT_SECRET": portal.client_secret,
                "OAUTH_SERVERS": [portal.base_url], "PORTAL_HOSTS": [portal.domain],
                "BX24_SCRIPT_URL": f"{portal.base_url}/bx24.js", "DADATA_API_KEY": DEFAULT_API_KEY,
                "DADATA_SUGGESTIONS_URL": f"{portal.base_url}/dadata/suggestions/api/4_1/rs/",
            })
            yield Stack(portal, app_url)


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
            yield context.new_page()
        finally:
            browser.close()
