"""The requisites pages' XHR end to end over real HTTP: devportal (portal, OAuth server, DaData) and the app
on two loopback origins. Frames are opened with devportal's own frame POST, so each user's token is real
and the portal's rights decide."""
from __future__ import annotations

import dataclasses
import re

import pytest
import requests

from tests.browser.conftest import stack  # noqa: F401 - devportal + the app served on two origins

pytestmark = pytest.mark.e2e

ADMIN, MANAGER = 1, 2
MAIN_KEY = "7707083893|773601001|1027700132195"


class Frame:
    """One opened frame page: its signed token and XHR helpers for the app's /api/."""

    def __init__(self, running, answer: requests.Response):
        assert answer.status_code == 200, answer.text
        self.url = running.app_url
        self.token = re.search(r'name="poryadok-token" content="([^"]+)"', answer.text).group(1)

    def get(self, path: str, **params) -> requests.Response:
        return requests.get(self.url + path, params=params, headers={"X-Poryadok-Token": self.token}, timeout=60)

    def post(self, path: str, body: dict) -> requests.Response:
        return requests.post(self.url + path, json=body, headers={"X-Poryadok-Token": self.token}, timeout=120)


@pytest.fixture
def installed(stack):  # noqa: F811
    install = stack.portal.install()
    assert requests.post(install.url, data=install.form, timeout=20).status_code == 200
    assert stack.portal.finish_install() and stack.portal.wait_for_events()
    return stack


def open_company_tab(running, user_id: int, company_id: int) -> Frame:
    frame = running.portal.placement_post(user_id, "CRM_COMPANY_DETAIL_TAB", {"ID": str(company_id)})
    return Frame(running, requests.post(frame.url, data=frame.form, timeout=20))


def open_app_page(running, user_id: int) -> Frame:
    frame = running.portal.app_page_post(user_id)
    return Frame(running, requests.post(frame.url, data=frame.form, timeout=20))


def requisites_of(running, company_id: int) -> list[dict]:
    return running.portal.call("crm.requisite.list", {"filter": {"ENTITY_TYPE_ID": 4, "ENTITY_ID": company_id}})["result"]


def test_admin_fills_a_company_and_undoes_it_from_the_tab(installed):
    company_id = installed.portal.add("company", {"TITLE": "Сбер (e2e вкладки)"})
    tab = open_company_tab(installed, ADMIN, company_id)

    found = tab.get("/api/requisites/search", q="7707083893").json()
    assert found["candidates"][0]["key"] == MAIN_KEY
    applied = tab.post("/api/requisites/apply", {"key": MAIN_KEY, "mode": "fill_empty"})
    assert applied.status_code == 200 and applied.json()["created_requisite"] is True
    (requisite,) = requisites_of(installed, company_id)
    assert (requisite["RQ_INN"], requisite["RQ_KPP"], requisite["RQ_OGRN"]) == ("7707083893", "773601001",
                                                                                "1027700132195")
    card = tab.get("/api/requisites/card").json()
    assert card["can_undo"] is True
    assert {k: card["last_change"][k] for k in ("mode", "bulk", "title", "inn", "user_id")} == {
        "mode": "fill_empty", "bulk": False, "title": "ПАО СБЕРБАНК", "inn": "7707083893", "user_id": ADMIN}

    assert tab.post("/api/requisites/undo", {}).status_code == 200
    assert requisites_of(installed, company_id) == []


def test_a_manager_who_may_not_edit_the_company_is_told_so_and_nothing_changes(installed):
    company_id = installed.portal.add("company", {"TITLE": "Чужая компания", "ASSIGNED_BY_ID": ADMIN})
    tab = open_company_tab(installed, MANAGER, company_id)
    assert tab.get("/api/requisites/card").status_code == 200  # reading is allowed to the manager

    response = tab.post("/api/requisites/apply", {"key": MAIN_KEY, "mode": "fill_empty"})

    assert response.status_code == 403 and response.json()["error"] == "write_refused"
    assert response.json()["message"].startswith("Портал не принял изменения: ")
    assert requisites_of(installed, company_id) == []


def test_the_bulk_fill_is_for_admins_and_reports_every_company(installed):
    assert open_app_page(installed, MANAGER).post("/api/requisites/bulk", {}).status_code == 403

    page = open_app_page(installed, ADMIN)
    settings = page.post("/api/settings", {"inn_field": "UF_CRM_1687188367"})
    assert settings.status_code == 200 and settings.json()["inn_field"] == "UF_CRM_1687188367"
    started = page.post("/api/requisites/bulk", {})
    assert started.status_code == 202

    job = page.get(f"/api/jobs/{started.json()['job_id']}").json()  # the test queue runs the job at once
    assert job["state"] == "done" and job["done"] == job["total"] > 0
    counts = job["result"]["counts"]
    assert counts["filled"] > 0 and sum(counts.values()) == job["total"]
    assert all(row["message"]["ru"] and row["message"]["en"] for row in job["result"]["skipped"])
    filled = job["result"]["filled"][0]
    assert [r["RQ_INN"] for r in requisites_of(installed, int(filled["company_id"]))] == [filled["inn"]]
    assert page.get("/api/requisites/bulk").json() == {"job_id": job["id"], "state": "done", "can_resume": False}


def test_settings_check_a_new_key_on_the_registry(installed):
    page = open_app_page(installed, ADMIN)
    refused = page.post("/api/settings", {"dadata_api_key": "0123456789abcdef0123456789abcdef01234567"})
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_setting"
    view = page.get("/api/settings").json()
    assert view["dadata_key_source"] == "server"
    assert {"id": "UF_CRM_1687188367", "title": "UF_CRM_1687188367"} in view["inn_field_choices"]


def test_an_entrepreneur_is_filled_on_a_contact_and_an_organisation_is_not(installed):
    contact_id = installed.portal.add("contact", {"NAME": "Ирина", "LAST_NAME": "Морозова"})
    frame = installed.portal.placement_post(ADMIN, "CRM_CONTACT_DETAIL_TAB", {"ID": str(contact_id)})
    tab = Frame(installed, requests.post(frame.url, data=frame.form, timeout=20))

    assert tab.get("/api/requisites/search", q="7707083893").json()["hidden_organisations"] == 2
    assert tab.post("/api/requisites/apply", {"key": MAIN_KEY, "mode": "fill_empty"}).status_code == 400
    (entrepreneur,) = tab.get("/api/requisites/search", q="163694345599").json()["candidates"]
    applied = tab.post("/api/requisites/apply", {"key": entrepreneur["key"], "mode": "fill_empty"})

    assert applied.status_code == 200
    (requisite,) = installed.portal.call("crm.requisite.list", {"filter": {"ENTITY_TYPE_ID": 3,
                                                                           "ENTITY_ID": contact_id}})["result"]
    assert (requisite["RQ_INN"], requisite["RQ_OGRNIP"], requisite["RQ_LAST_NAME"]) == (
        "163694345599", "304160551558351", "Морозова")


def test_the_bulk_fill_writes_with_the_starting_admins_own_token(installed):
    second_admin = 3  # not the installer (user 1), whose tokens the app itself holds
    users = installed.portal.portal.users
    users[second_admin] = dataclasses.replace(users[second_admin], is_admin=True)
    company_id = installed.portal.add("company", {"TITLE": "Для массового заполнения"})
    installed.portal.call("crm.requisite.add", {"fields": {"ENTITY_TYPE_ID": 4, "ENTITY_ID": company_id,
                                                           "PRESET_ID": 1, "NAME": "ИНН", "RQ_INN": "7707083893"}})
    page = open_app_page(installed, second_admin)

    job = page.get(f"/api/jobs/{page.post('/api/requisites/bulk', {}).json()['job_id']}").json()

    assert job["state"] == "done"
    assert any(row["company_id"] == str(company_id) for row in job["result"]["filled"])
    (requisite,) = requisites_of(installed, company_id)
    assert (requisite["RQ_KPP"], requisite["MODIFY_BY_ID"]) == ("773601001", str(second_admin))
