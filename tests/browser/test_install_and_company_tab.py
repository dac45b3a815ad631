"""A person installs the app through the devportal UI and finds its tab in a company card (issue 3)."""
from __future__ import annotations

import re

import pytest

from tests.browser.screenshots import save_whole_page

pytestmark = pytest.mark.browser

TIMEOUT_MS = 20_000


def _first_company_id(stack) -> int:
    with stack.portal.portal.lock:
        return min(int(row["ID"]) for row in stack.portal.portal.tables["company"].values())


def _install_through_the_button(page, stack) -> None:
    page.goto(f"{stack.portal_url}/crm/company/list/")
    page.click("#install-app")
    # The install page runs in its frame, calls BX24.installFinish(); the portal then opens the app page.
    page.wait_for_url(re.compile(r"/marketplace/app/\?notice=installed"), timeout=TIMEOUT_MS)


def test_app_installed_through_the_ui_shows_its_tab_in_the_company_card(stack, page, tmp_path):
    _install_through_the_button(page, stack)
    assert stack.portal.portal.app.installed
    assert stack.portal.wait_for_events()
    assert [d.event for d in stack.portal.deliveries if d.event == "ONAPPINSTALL"] == ["ONAPPINSTALL"]

    company_id = _first_company_id(stack)
    page.goto(f"{stack.portal_url}/crm/company/details/{company_id}/")
    page.get_by_role("tab").nth(1).click()
    frame_element = page.wait_for_selector("iframe.app-frame", timeout=TIMEOUT_MS)
    window_name = frame_element.get_attribute("name")
    assert re.fullmatch(rf"{re.escape(stack.portal.domain)}\|0\|[0-9a-f]{{32}}", window_name)

    frame = frame_element.content_frame()
    frame.wait_for_selector(".p-brand", timeout=TIMEOUT_MS)
    assert frame.url.startswith(f"{stack.app_url}/placement/CRM_COMPANY_DETAIL_TAB")
    assert frame.locator(".p-brand").inner_text() == "Порядок"

    # BX24.fitWindow() reached the portal from the app's origin and the frame took the page's height.
    # The page may ask more than once while its fonts and content settle: the last request must win.
    page.wait_for_function("""() => {
        const asked = window.devportalMessages.filter(m => m.cmd === 'resizeWindow');
        if (!asked.length) return false;
        const height = /"height":(\\d+)/.exec(asked[asked.length - 1].data)[1];
        return document.querySelector('iframe.app-frame').style.height === height + 'px';
    }""", timeout=TIMEOUT_MS)
    messages = page.evaluate("window.devportalMessages")
    assert {m["origin"] for m in messages} == {stack.app_url}

    screenshot = save_whole_page(page, tmp_path / "company-card-with-app-tab.png")
    assert screenshot.stat().st_size > 10_000


def test_tab_opened_by_the_manager_carries_the_managers_own_token(stack, page):
    _install_through_the_button(page, stack)
    company_id = _first_company_id(stack)
    page.goto(f"{stack.portal_url}/crm/company/details/{company_id}/")
    page.select_option("#user-switch", "2")
    page.wait_for_load_state("load")
    page.get_by_role("tab").nth(1).click()
    frame = page.wait_for_selector("iframe.app-frame", timeout=TIMEOUT_MS).content_frame()
    frame.wait_for_selector(".p-brand", timeout=TIMEOUT_MS)
    sid = page.eval_on_selector("iframe.app-frame", "f => f.dataset.sid")
    posted_token = page.eval_on_selector(f"form[target$='{sid}'] input[name=AUTH_ID]", "i => i.value")
    with stack.portal.portal.lock:
        assert stack.portal.portal.access_tokens[posted_token].user_id == 2
