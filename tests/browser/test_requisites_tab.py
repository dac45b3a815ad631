"""A person fills a company's requisites from the registry in the card tab, inside devportal's cross-site
frame (issue 4, "Done when"): INN 7707083893 → the head office → «Заполнить пустые» → the card shows it."""
from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone

import pytest
import requests

from services.requisites.bulk import CHECKPOINT_SETTING, JOB_KIND
from storage import jobs, open_database
from storage.settings import set_setting
from tests.browser.conftest import page, stack  # noqa: F401 - devportal + app on two origins, chromium
from tests.browser.screenshots import save_whole_page

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

TIMEOUT_MS = 20_000
XSS = '<img src=x onerror="window.__xss=1">'


def install(running) -> None:
    install_post = running.portal.install()
    assert requests.post(install_post.url, data=install_post.form, timeout=20).status_code == 200
    assert running.portal.finish_install() and running.portal.wait_for_events()


def open_app_tab(portal_page, running, company_id: int):
    portal_page.goto(f"{running.portal_url}/crm/company/details/{company_id}/")
    portal_page.get_by_role("tab").nth(1).click()
    frame = portal_page.wait_for_selector("iframe.app-frame", timeout=TIMEOUT_MS).content_frame()
    frame.wait_for_selector("[data-rq-current-body][data-loaded]", timeout=TIMEOUT_MS)
    return frame


def frame_fits_the_viewport(portal_page) -> bool:
    """The whole app frame lies inside the viewport: chromium painted all of it into the screenshot."""
    box = portal_page.locator("iframe.app-frame").bounding_box()
    return box["y"] >= 0 and box["y"] + box["height"] <= portal_page.viewport_size["height"]


def portal_requisites(running, company_id: int) -> list[dict]:
    return running.portal.call("crm.requisite.list", {"filter": {"ENTITY_TYPE_ID": 4, "ENTITY_ID": company_id}})["result"]


def test_fill_empty_from_the_head_office_shows_the_requisite_in_the_card(stack, page, tmp_path):  # noqa: F811
    install(stack)
    company_id = stack.portal.add("company", {"TITLE": "Сбер (браузерный тест)"})
    frame = open_app_tab(page, stack, company_id)
    assert frame.locator("[data-rq-current-body]").inner_text() == "У этой записи пока нет реквизитов."

    frame.fill("[data-rq-query]", "7707083893")
    frame.click("[data-rq-search-form] button[type=submit]")
    head_office = frame.locator(".rq-candidate", has_text="Головная организация").first
    head_office.wait_for(timeout=TIMEOUT_MS)
    assert "КПП 773601001" in head_office.inner_text()
    head_office.get_by_role("button", name="Выбрать").click()
    frame.wait_for_selector("[data-rq-diff] tr[data-field='requisite.RQ_KPP']", timeout=TIMEOUT_MS)
    assert frame.locator("[data-rq-target]").inner_text() == "Будет создан новый реквизит."
    assert frame.locator("[data-rq-registry-address]").inner_text() == (
        "Юридический адрес в реестре: 117312, г Москва, Академический р-н, ул Вавилова, д 19")

    frame.get_by_role("button", name="Заполнить пустые").click()
    frame.wait_for_selector("[data-rq-result]:not([hidden]) [data-rq-changed] tr", timeout=TIMEOUT_MS)
    assert "Создан новый реквизит." in frame.locator("[data-rq-result]").inner_text()

    # reloadData made the portal re-read its card block, which now lists the requisite the app wrote
    page.wait_for_function("document.getElementById('card-data').getAttribute('data-reloaded') >= '1'",
                           timeout=TIMEOUT_MS)
    card = page.locator("#card-data")
    assert "773601001" in card.inner_text() and "7707083893" in card.inner_text()
    (requisite,) = portal_requisites(stack, company_id)
    assert (requisite["RQ_INN"], requisite["RQ_KPP"]) == ("7707083893", "773601001")
    # and the tab's own view of the record shows it too, with the undo offered
    frame.wait_for_selector(f"[data-requisite-id='{requisite['ID']}']", timeout=TIMEOUT_MS)
    assert frame.locator("[data-rq-undo-box]").is_visible()
    assert frame.locator("[data-rq-last-change]").inner_text() == (
        "Последнее изменение приложения: «Заполнить пустые»: ПАО СБЕРБАНК (ИНН 7707083893)")

    screenshot = save_whole_page(page, tmp_path / "requisites-tab-filled.png")
    assert screenshot.stat().st_size > 10_000
    assert frame_fits_the_viewport(page)


def test_the_search_is_prefilled_with_the_inn_field_else_the_title_and_an_empty_search_is_explained(
        stack, page, tmp_path):  # noqa: F811
    install(stack)
    db = open_database(str(tmp_path / "poryadok.db"))  # the app's database (see the stack fixture)
    set_setting(db, stack.portal.member_id, "requisites_inn_field", "UF_CRM_1687188367")
    db.conn.close()
    with_field = stack.portal.add("company", {"TITLE": "Ромашка", "UF_CRM_1687188367": "7736207543"})
    title_only = stack.portal.add("company", {"TITLE": "Ромашка (без ИНН)"})
    assert open_app_tab(page, stack, with_field).input_value("[data-rq-query]") == "7736207543"

    frame = open_app_tab(page, stack, title_only)
    assert frame.input_value("[data-rq-query]") == "Ромашка (без ИНН)"
    searches, errors = [], []
    page.on("request", lambda request: searches.append(request.url) if "/api/requisites/search" in request.url else None)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    frame.fill("[data-rq-query]", "  ")
    frame.click("[data-rq-search-form] button[type=submit]")
    alert = frame.wait_for_selector("[data-rq-search-alert]:not([hidden])", timeout=TIMEOUT_MS)
    assert alert.inner_text() == "Введите ИНН, ОГРН или название организации."
    assert searches == [] and errors == []


def test_undo_in_the_tab_removes_what_the_fill_created(stack, page):  # noqa: F811
    install(stack)
    company_id = stack.portal.add("company", {"TITLE": "Отмена (браузерный тест)"})
    frame = open_app_tab(page, stack, company_id)
    frame.fill("[data-rq-query]", "7707083893")
    frame.click("[data-rq-search-form] button[type=submit]")
    frame.locator(".rq-candidate", has_text="Головная организация").first.get_by_role("button", name="Выбрать").click()
    frame.wait_for_selector("[data-rq-diff] tbody tr", timeout=TIMEOUT_MS)
    frame.get_by_role("button", name="Заполнить пустые").click()
    frame.wait_for_selector("[data-rq-result]:not([hidden]) [data-rq-changed] tr", timeout=TIMEOUT_MS)
    assert len(portal_requisites(stack, company_id)) == 1

    frame.locator("[data-rq-result]").get_by_role("button", name="Отменить").click()
    frame.wait_for_selector("[data-rq-result-title]:text('Изменение отменено')", timeout=TIMEOUT_MS)
    assert portal_requisites(stack, company_id) == []


def test_crm_values_with_markup_are_shown_as_text(stack, page):  # noqa: F811
    install(stack)
    company_id = stack.portal.add("company", {"TITLE": XSS})
    stack.portal.call("crm.requisite.add", {"fields": {
        "ENTITY_TYPE_ID": 4, "ENTITY_ID": company_id, "PRESET_ID": 1, "NAME": XSS, "RQ_COMPANY_NAME": XSS}})
    frame = open_app_tab(page, stack, company_id)
    frame.wait_for_selector(".rq-requisite", timeout=TIMEOUT_MS)

    assert XSS in frame.locator(".rq-requisite").inner_text()
    assert frame.locator(".rq-requisite img").count() == 0
    assert frame.evaluate("window.__xss") is None


def test_a_requisite_named_after_its_preset_is_named_once(stack, page):  # noqa: F811
    install(stack)
    company_id = stack.portal.add("company", {"TITLE": "Заголовок реквизита (браузерный тест)"})
    for name in ("Организация", "Ромашка"):
        stack.portal.call("crm.requisite.add", {"fields": {
            "ENTITY_TYPE_ID": 4, "ENTITY_ID": company_id, "PRESET_ID": 1, "NAME": name, "RQ_INN": "7707083893"}})
    frame = open_app_tab(page, stack, company_id)
    frame.wait_for_selector(".rq-requisite", timeout=TIMEOUT_MS)
    assert frame.locator(".rq-requisite h3").all_inner_texts() == ["Организация", "Ромашка Организация"]


def open_app_page(portal_page, running, user_id: int = 1):
    # the viewing user is devportal's switcher cookie: set before the first load, so no other user's page runs
    portal_page.context.add_cookies([{"name": "devportal_user", "value": str(user_id), "url": running.portal_url}])
    portal_page.goto(f"{running.portal_url}/marketplace/app/")
    return portal_page.wait_for_selector("iframe.app-frame", timeout=TIMEOUT_MS).content_frame()


def test_admin_fills_every_company_from_the_app_page_and_sees_the_report(stack, page, tmp_path):  # noqa: F811
    install(stack)
    marked_up = stack.portal.add("company", {"TITLE": XSS, "UF_CRM_1687188367": "7736207543"})
    frame = open_app_page(page, stack)
    frame.wait_for_selector("[data-settings]:not([hidden])", timeout=TIMEOUT_MS)
    frame.select_option("[data-inn-field]", "UF_CRM_1687188367")
    frame.get_by_role("button", name="Сохранить").click()
    frame.wait_for_selector("[data-settings-status].p-status--ok", timeout=TIMEOUT_MS)

    frame.get_by_role("button", name="Заполнить реквизиты у всех компаний").click()
    frame.wait_for_selector("[data-bulk-progress][data-state='done']", timeout=TIMEOUT_MS)
    status = frame.locator("[data-bulk-status]").inner_text()
    assert re.fullmatch(r"Готово\. Проверено компаний: (\d+) из \1", status)
    counts = frame.locator("[data-bulk-counts]").inner_text()
    assert re.search(r"Заполнено: [1-9]", counts) and "Пропущено:" in counts
    assert frame.locator("[data-bulk-tables] tr[data-company-id]").count() > 0
    assert frame.locator("[data-bulk-stop]").is_hidden()
    # companies are named by their titles (as text) with their ids
    filled = frame.locator("[data-bulk-tables] tr[data-company-id]").last
    company_id = filled.get_attribute("data-company-id")
    title = stack.portal.call("crm.company.get", {"id": company_id})["result"]["TITLE"]
    assert filled.locator("td").first.inner_text() == f"{title} (№ {company_id})"
    marked_up_row = frame.locator(f"[data-bulk-tables] tr[data-company-id='{marked_up}']")
    assert marked_up_row.locator("td").first.inner_text() == f"{XSS} (№ {marked_up})"
    assert frame.locator("[data-bulk-tables] img").count() == 0 and frame.evaluate("window.__xss") is None
    screenshot = save_whole_page(page, tmp_path / "bulk-fill-report.png")
    assert screenshot.stat().st_size > 10_000
    assert frame_fits_the_viewport(page)


def test_a_manager_on_the_app_page_is_told_it_is_for_admins_and_no_admin_endpoint_is_called(stack, page):  # noqa: F811
    install(stack)
    api_calls, errors = [], []
    page.on("request", lambda request: api_calls.append(request.url) if "/api/" in request.url else None)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    frame = open_app_page(page, stack, user_id=2)
    note = frame.wait_for_selector("[data-admin-only-note]:not([hidden])", timeout=TIMEOUT_MS)
    assert "могут только администраторы портала" in note.inner_text()
    assert frame.locator("[data-bulk]").count() == 0 and frame.locator("[data-settings]").count() == 0
    page.wait_for_load_state("networkidle")
    assert [url for url in api_calls if "/api/settings" in url or "/api/requisites/bulk" in url] == []
    assert errors == []


def test_the_progress_bar_follows_a_running_job_and_stop_then_resume_is_offered(stack, page, tmp_path):  # noqa: F811
    install(stack)
    db = open_database(str(tmp_path / "poryadok.db"))  # the app's database (see the stack fixture)
    member_id = stack.portal.member_id
    job, _ = jobs.start_job(db, member_id, JOB_KIND, params={"user_id": 1}, started_by=1)
    jobs.report_progress(db, job["id"], 5, 20)  # a worker is half-way through

    frame = open_app_page(page, stack)
    frame.wait_for_selector("[data-bulk-status]:text('Проверено компаний: 5 из 20')", timeout=TIMEOUT_MS)
    assert frame.eval_on_selector("[data-bulk-bar]", "bar => [bar.value, bar.max]") == [5, 20]
    jobs.report_progress(db, job["id"], 12, 20)
    frame.wait_for_selector("[data-bulk-status]:text('Проверено компаний: 12 из 20')", timeout=TIMEOUT_MS)

    frame.get_by_role("button", name="Остановить").click()
    frame.wait_for_selector("[data-bulk-status]:text('Останавливаем')", timeout=TIMEOUT_MS)
    # the page says so at once; the stop request itself lands a moment later
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not jobs.get_job(db, job["id"])["cancel_requested"]:
        assert time.monotonic() < deadline, "the stop request never reached the app"
        time.sleep(0.05)
    set_setting(db, member_id, CHECKPOINT_SETTING, {"cursor": 12, "report": {}})  # what the worker saves
    jobs.finish_job(db, job["id"], jobs.CANCELLED, result={"filled": [], "skipped": [], "failed": [],
                                                           "counts": {"filled": 0, "skipped": 0, "failed": 0}})
    frame.wait_for_selector("[data-bulk-progress][data-state='cancelled']", timeout=TIMEOUT_MS)
    assert frame.locator("[data-bulk-status]").inner_text() == "Остановлено. Можно продолжить с того же места."
    frame.wait_for_selector("[data-bulk-start]:text('Продолжить с того же места')", timeout=TIMEOUT_MS)
    db.conn.close()


def test_a_job_whose_worker_died_is_reported_and_can_be_started_again(stack, page, tmp_path):  # noqa: F811
    install(stack)
    db = open_database(str(tmp_path / "poryadok.db"))
    job, _ = jobs.start_job(db, stack.portal.member_id, JOB_KIND, params={"user_id": 1}, started_by=1)
    jobs.report_progress(db, job["id"], 5, 20)
    long_ago = datetime.now(timezone.utc) - timedelta(seconds=jobs.STALE_AFTER_SECONDS[jobs.RUNNING] + 60)
    db["jobs"].update(job["id"], {"updated_at": long_ago.isoformat(timespec="seconds")})  # the worker was killed

    frame = open_app_page(page, stack)
    frame.wait_for_selector("[data-bulk-progress][data-state='failed']", timeout=TIMEOUT_MS)
    assert frame.locator("[data-bulk-status]").inner_text().startswith("Фоновая задача давно не подавала признаков")
    assert frame.locator("[data-bulk-start]").is_visible() and frame.locator("[data-bulk-stop]").is_hidden()
    db.conn.close()


def test_a_change_made_meanwhile_is_shown_instead_of_overwritten(stack, page):  # noqa: F811
    install(stack)
    company_id = stack.portal.add("company", {"TITLE": "Одновременно (браузерный тест)"})
    frame = open_app_tab(page, stack, company_id)
    frame.fill("[data-rq-query]", "7707083893")
    frame.click("[data-rq-search-form] button[type=submit]")
    frame.locator(".rq-candidate", has_text="Головная организация").first.get_by_role("button", name="Выбрать").click()
    frame.wait_for_selector("[data-rq-target]:text('Будет создан новый реквизит.')", timeout=TIMEOUT_MS)
    stack.portal.call("crm.requisite.add", {"fields": {  # a colleague fills the same company meanwhile
        "ENTITY_TYPE_ID": 4, "ENTITY_ID": company_id, "PRESET_ID": 1, "NAME": "Коллега", "RQ_INN": "7707083893"}})

    frame.get_by_role("button", name="Заполнить пустые").click()
    frame.wait_for_selector("[data-rq-preview-alert]:not([hidden]):has-text('Пока вы смотрели сравнение')", timeout=TIMEOUT_MS)
    frame.wait_for_selector("[data-rq-target]:text('Будет обновлён реквизит «Коллега».')", timeout=TIMEOUT_MS)
    assert [r["NAME"] for r in portal_requisites(stack, company_id)] == ["Коллега"]

    frame.get_by_role("button", name="Заполнить пустые").click()  # now on what the user was shown
    frame.wait_for_selector("[data-rq-result]:not([hidden]) [data-rq-changed] tr", timeout=TIMEOUT_MS)
    (requisite,) = portal_requisites(stack, company_id)
    assert (requisite["NAME"], requisite["RQ_KPP"]) == ("Коллега", "773601001")
