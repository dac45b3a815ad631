"""In a real browser, inside devportal's cross-site card frame: the tab's XHR carries the signed token in
its header and is accepted; the app never sets a cookie (ui-in-bitrix24.md §5)."""
from __future__ import annotations

import pytest
import requests

from tests.browser.conftest import page, stack  # noqa: F401 - devportal + app on two origins, chromium

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

TIMEOUT_MS = 20_000


def test_tab_check_button_reaches_the_api_with_the_signed_header(stack, page):  # noqa: F811
    install = stack.portal.install()
    assert requests.post(install.url, data=install.form, timeout=20).status_code == 200
    assert stack.portal.finish_install() and stack.portal.wait_for_events()
    with stack.portal.portal.lock:  # the lead tab keeps the connection check (company/contact tabs: requisites)
        lead_id = min(int(row["ID"]) for row in stack.portal.portal.tables["lead"].values())

    page.goto(f"{stack.portal_url}/crm/lead/details/{lead_id}/")
    page.get_by_role("tab").nth(1).click()
    frame = page.wait_for_selector("iframe.app-frame", timeout=TIMEOUT_MS).content_frame()
    frame.wait_for_selector("[data-poryadok-check]", timeout=TIMEOUT_MS)
    with page.expect_request(lambda r: r.url.endswith("/api/context")) as sent:
        frame.click("[data-poryadok-check]")

    status = frame.wait_for_selector(".p-status--ok", timeout=TIMEOUT_MS)
    assert status.inner_text() == "Связь есть: запрос подписан и принят."
    assert sent.value.headers.get("x-poryadok-token")
    assert "cookie" not in sent.value.headers
    assert page.context.cookies(stack.app_url) == []
