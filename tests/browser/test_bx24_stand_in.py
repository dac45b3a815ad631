"""devportal's BX24.js stand-in and the portal's listener, driven by a tiny app page in a real browser."""
from __future__ import annotations

import json

import pytest
from flask import Flask, request

from devportal import install_flow
from devportal.testing import running_devportal
from tests.browser.conftest import serving_later

pytestmark = pytest.mark.browser
TIMEOUT_MS = 20_000

PROBE_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<script src="{script}"></script></head><body style="margin:0">
<p id="info"></p><p id="env"></p><p id="reloaded"></p><div style="height:{height}px">tall</div>
<script>
BX24.init(function () {{
  document.getElementById('info').textContent = JSON.stringify(BX24.placement.info());
  document.getElementById('env').textContent = BX24.getLang() + '|' + BX24.isAdmin() + '|' + BX24.getDomain();
  BX24.installFinish();                      // a card tab is not the install step: must do nothing
  BX24.placement.call('reloadData', {{}}, function () {{
    document.getElementById('reloaded').textContent = 'yes';
    BX24.fitWindow();
  }});
}});
</script></body></html>"""


@pytest.fixture
def probe_stack():
    """devportal on 127.0.0.1:A with a company tab bound to a probe page served at localhost:B."""
    holder: dict = {}
    received: list[dict] = []
    with serving_later(holder) as port:
        app_url = f"http://localhost:{port}"
        with running_devportal(app_url=app_url) as portal:
            probe = Flask("probe")

            @probe.post("/tab")
            def tab():
                received.append({"query": dict(request.args), "form": dict(request.form)})
                return PROBE_PAGE.format(script=f"{portal.base_url}/bx24.js", height=700)
            holder["app"] = probe

            token = install_flow.install_post(portal.portal, 1).form["AUTH_ID"]
            portal.call("placement.bind", {"PLACEMENT": "CRM_COMPANY_DETAIL_TAB", "HANDLER": f"{app_url}/tab",
                                           "TITLE": "Проба"}, auth=token)
            assert portal.finish_install()
            company = portal.add("company", {"TITLE": "ООО «Проба»"})
            yield portal, app_url, company, received


def test_tab_page_talks_to_the_portal_through_the_stand_in(probe_stack, page):
    portal, _, company, received = probe_stack
    page.goto(f"{portal.base_url}/crm/company/details/{company}/?tab=app1")
    frame = page.wait_for_selector("iframe.app-frame", timeout=TIMEOUT_MS).content_frame()
    frame.wait_for_function("document.getElementById('reloaded').textContent === 'yes'", timeout=TIMEOUT_MS)

    info = json.loads(frame.inner_text("#info"))
    assert info["placement"] == "CRM_COMPANY_DETAIL_TAB" and info["options"]["ID"] == str(company)
    assert frame.inner_text("#env") == f"ru|true|{portal.domain}"
    assert page.get_attribute("#card-data", "data-reloaded") == "1"       # reloadData re-read the card

    [post] = received
    assert post["query"]["APP_SID"] in page.get_attribute("iframe.app-frame", "name")
    assert json.loads(post["form"]["PLACEMENT_OPTIONS"])["ID"] == str(company)

    page.wait_for_function("document.querySelector('iframe.app-frame').style.height !== ''", timeout=TIMEOUT_MS)
    assert int(page.eval_on_selector("iframe.app-frame", "f => parseInt(f.style.height)")) >= 700
    commands = [m["cmd"] for m in page.evaluate("window.devportalMessages")]
    assert "getInitData" in commands and "reloadData" in commands and "resizeWindow" in commands
    assert "setInstallFinish" not in commands


def test_messages_not_from_the_frame_are_ignored(probe_stack, page):
    portal, _, company, _ = probe_stack
    page.goto(f"{portal.base_url}/crm/company/details/{company}/?tab=app1")
    frame = page.wait_for_selector("iframe.app-frame", timeout=TIMEOUT_MS).content_frame()
    frame.wait_for_function("document.getElementById('reloaded').textContent === 'yes'", timeout=TIMEOUT_MS)
    before = page.evaluate("window.devportalMessages.length")
    sid = page.eval_on_selector("iframe.app-frame", "f => f.dataset.sid")
    # The portal page itself (another window, another origin than the app) forges a frame's message.
    page.evaluate(f"window.postMessage('resizeWindow:{{\"width\":\"100%\",\"height\":999}}::{sid}', '*')")
    page.wait_for_timeout(300)
    assert page.evaluate("window.devportalMessages.length") == before
    assert page.eval_on_selector("iframe.app-frame", "f => f.style.height") != "999px"


def test_resize_window_takes_a_percentage_or_pixel_width_and_a_pixel_height(probe_stack, page):
    portal, _, company, _ = probe_stack
    page.goto(f"{portal.base_url}/crm/company/details/{company}/?tab=app1")
    frame = page.wait_for_selector("iframe.app-frame", timeout=TIMEOUT_MS).content_frame()
    frame.wait_for_function("document.getElementById('reloaded').textContent === 'yes'", timeout=TIMEOUT_MS)

    frame.evaluate("BX24.resizeWindow('100%', 321)")
    page.wait_for_function("document.querySelector('iframe.app-frame').style.height === '321px'", timeout=TIMEOUT_MS)
    assert page.eval_on_selector("iframe.app-frame", "f => f.style.width") == "100%"

    frame.evaluate("BX24.resizeWindow(640, 300)")
    page.wait_for_function("document.querySelector('iframe.app-frame').style.height === '300px'", timeout=TIMEOUT_MS)
    assert page.eval_on_selector("iframe.app-frame", "f => f.style.width") == "640px"
