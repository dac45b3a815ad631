"""The app page's admin endpoints: only a user the portal calls an administrator (`user.admin`) gets in;
the DaData key is write-only; the auto-fill rules are checked before they are stored; the bulk fill is
started, stopped and resumed per portal.

Strict doubles: `responses` for the portal, `pytest-httpx` for DaData.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta, timezone

import pytest

from app.security import FRAME_TOKEN_HEADER, FrameClaims, issue_frame_token
from services.requisites.bulk import CHECKPOINT_SETTING, JOB_KIND
from storage.jobs import RUNNING, STALE_AFTER_SECONDS, get_job, report_progress, start_job
from storage.portals import Installation, save_installation
from storage.settings import get_setting, get_settings, set_setting
from storage.tokens import save_user_tokens
from tests.app.portal_fakes import MEMBER_ID, placement_post

DADATA = "https://suggestions.dadata.ru/suggestions/api/4_1/rs/"
ADMIN_TOKEN = "admin-5-access-token"
NEW_KEY = "0123456789abcdef0123456789abcdef01234567"
COMPANY_FIELDS = {  # crm.company.fields, trimmed: two user fields, one of them multiple
    "TITLE": {"type": "string", "isRequired": True, "isMultiple": False, "title": "Название компании"},
    "UF_CRM_1687188367": {"type": "string", "isMultiple": False, "title": "UF_CRM_1687188367", "formLabel": "ИНН"},
    "UF_CRM_TAGS": {"type": "string", "isMultiple": True, "title": "UF_CRM_TAGS", "formLabel": "Метки"},
}


@pytest.fixture
def page_token(config, db, installed_portal):
    """User 5 opened the app page; their tokens are stored, the page holds a signed token."""
    save_user_tokens(db, MEMBER_ID, 5, ADMIN_TOKEN, "admin-5-refresh-token", time.time() + 3600)
    return issue_frame_token(config["SECRET_KEY"], FrameClaims(member_id=MEMBER_ID, user_id=5, placement="DEFAULT",
                                                               entity_id=None, lang="ru"))


def call(client, method, path, token, body=None):
    return client.open(path, method=method, json=body, headers={FRAME_TOKEN_HEADER: token})


def portal_says_admin(bitrix, admin=True):
    bitrix.method("user.admin", admin, token=ADMIN_TOKEN)


# ---------------------------------------------------------------- the app page itself (POST /app)

def open_app_page(client, bitrix, *, admin: bool) -> str:
    query, form = placement_post("DEFAULT", entity_id=None)
    bitrix.user_current(form["AUTH_ID"], user_id=5)
    bitrix.method("user.admin", admin, token=form["AUTH_ID"])  # asked with the user's own token
    response = client.post("/app", query_string=query, data=form)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_manager_opening_the_app_page_is_told_it_is_for_admins_and_gets_no_admin_script(client, installed_portal,
                                                                                         bitrix, http):
    page = open_app_page(client, bitrix, admin=False)
    assert "Заполнять реквизиты у всех компаний и менять настройки приложения могут только администраторы портала" \
        in page
    assert "app_page.js" not in page and "data-settings-form" not in page and "data-bulk-start" not in page
    assert [call.request.url.rsplit("/", 1)[1] for call in http.calls] == ["user.current", "user.admin"]


def test_an_admin_opening_the_app_page_gets_the_bulk_fill_and_the_settings(client, installed_portal, bitrix):
    page = open_app_page(client, bitrix, admin=True)
    assert "app_page.js" in page and "data-settings-form" in page and "data-bulk-start" in page


ADMIN_ENDPOINTS = [("GET", "/api/settings", None), ("POST", "/api/settings", {"autofill_leads": True}),
                   ("GET", "/api/requisites/bulk", None), ("POST", "/api/requisites/bulk", {}),
                   ("POST", "/api/requisites/bulk/stop", {})]


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ENDPOINTS)
def test_admin_endpoints_refuse_a_user_the_portal_does_not_call_admin(client, page_token, bitrix, http, db,
                                                                      method, path, body):
    portal_says_admin(bitrix, admin=False)
    response = call(client, method, path, page_token, body)
    assert response.status_code == 403
    assert response.get_json() == {"error": "admin_only", "message": "Это доступно только администраторам портала."}
    assert len(http.calls) == 1  # user.admin, with the user's own token, and nothing else
    assert get_settings(db, MEMBER_ID) == {} and db["jobs"].count == 0


def test_settings_show_whose_key_is_used_and_the_company_fields_to_pick(client, page_token, bitrix):
    portal_says_admin(bitrix)
    bitrix.method("crm.company.fields", COMPANY_FIELDS, token=ADMIN_TOKEN)
    view = call(client, "GET", "/api/settings", page_token).get_json()
    assert view == {"dadata_key_source": None, "inn_field": None, "autofill_leads": False, "warnings": [],
                    "inn_field_choices": [{"id": "UF_CRM_1687188367", "title": "ИНН"}]}


def test_a_new_dadata_key_is_tried_stored_and_never_shown_again(client, page_token, bitrix, httpx_mock, db, caplog,
                                                                 config):
    caplog.set_level(logging.DEBUG)
    portal_says_admin(bitrix)
    bitrix.method("crm.company.fields", COMPANY_FIELDS, token=ADMIN_TOKEN)
    httpx_mock.add_response(url=DADATA + "findById/party", json={"suggestions": []},
                            match_headers={"Authorization": f"Token {NEW_KEY}"})
    saved = call(client, "POST", "/api/settings", page_token, {"dadata_api_key": f"  {NEW_KEY} "})
    assert saved.status_code == 200
    assert saved.get_json()["dadata_key_source"] == "portal" and saved.get_json()["warnings"] == []
    assert get_setting(db, MEMBER_ID, "dadata_api_key") == NEW_KEY

    # neither the settings XHR nor the app page's HTML ever carries the key
    portal_says_admin(bitrix)
    bitrix.method("crm.company.fields", COMPANY_FIELDS, token=ADMIN_TOKEN)
    shown = call(client, "GET", "/api/settings", page_token).get_data(as_text=True)
    query, form = placement_post("DEFAULT", entity_id=None)
    bitrix.user_current(form["AUTH_ID"], user_id=5)
    bitrix.method("user.admin", True, token=form["AUTH_ID"])
    page = client.post("/app", query_string=query, data=form).get_data(as_text=True)
    assert "data-settings-form" in page
    for text in (saved.get_data(as_text=True), page, shown, caplog.text):
        assert NEW_KEY not in text


def test_a_key_dadata_rejects_is_not_stored(client, page_token, bitrix, httpx_mock, db):
    set_setting(db, MEMBER_ID, "dadata_api_key", "the-old-working-key")
    portal_says_admin(bitrix)
    bitrix.method("crm.company.fields", COMPANY_FIELDS, token=ADMIN_TOKEN)
    httpx_mock.add_response(url=DADATA + "findById/party", status_code=403, json={"message": "Forbidden"})
    response = call(client, "POST", "/api/settings", page_token, {"dadata_api_key": NEW_KEY})
    assert response.status_code == 400
    assert response.get_json() == {"error": "invalid_setting", "message":
                                   "DaData не приняла этот ключ. Проверьте, что он скопирован целиком."}
    assert get_setting(db, MEMBER_ID, "dadata_api_key") == "the-old-working-key"


def test_a_key_with_spaces_inside_is_refused_without_asking_dadata(client, page_token, bitrix, httpx_mock, db):
    portal_says_admin(bitrix)
    bitrix.method("crm.company.fields", COMPANY_FIELDS, token=ADMIN_TOKEN)
    response = call(client, "POST", "/api/settings", page_token, {"dadata_api_key": "my key 123"})
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_setting"
    assert httpx_mock.get_requests() == [] and get_settings(db, MEMBER_ID) == {}


def test_the_portals_key_can_be_removed_so_the_servers_default_applies(app, page_token, bitrix, db):
    app.config["DADATA_API_KEY"] = "server-default-key"
    set_setting(db, MEMBER_ID, "dadata_api_key", "portal-key")
    portal_says_admin(bitrix)
    bitrix.method("crm.company.fields", COMPANY_FIELDS, token=ADMIN_TOKEN)
    view = call(app.test_client(), "POST", "/api/settings", page_token, {"clear_dadata_api_key": True}).get_json()
    assert view["dadata_key_source"] == "server"
    assert get_setting(db, MEMBER_ID, "dadata_api_key") is None


def test_auto_fill_rules_are_stored_when_the_field_exists(client, page_token, bitrix, db):
    portal_says_admin(bitrix)
    bitrix.method("crm.company.fields", COMPANY_FIELDS, token=ADMIN_TOKEN)
    view = call(client, "POST", "/api/settings", page_token,
                {"inn_field": "uf_crm_1687188367", "autofill_leads": True}).get_json()
    assert (view["inn_field"], view["autofill_leads"]) == ("UF_CRM_1687188367", True)
    assert get_settings(db, MEMBER_ID) == {"requisites_inn_field": "UF_CRM_1687188367",
                                           "requisites_autofill_leads": True}


@pytest.mark.parametrize(("changes", "message"), [
    ({"inn_field": "UF_CRM_TAGS"}, "У компаний нет пользовательского поля UF_CRM_TAGS для ИНН."),
    ({"inn_field": "TITLE"}, "У компаний нет пользовательского поля TITLE для ИНН."),
    ({"autofill_leads": "yes"}, "Правило автозаполнения — да или нет."),
])
def test_bad_rules_change_nothing(client, page_token, bitrix, db, changes, message):
    portal_says_admin(bitrix)
    bitrix.method("crm.company.fields", COMPANY_FIELDS, token=ADMIN_TOKEN)
    response = call(client, "POST", "/api/settings", page_token, {"autofill_leads": False, **changes})
    assert response.status_code == 400 and response.get_json()["message"] == message
    assert get_settings(db, MEMBER_ID) == {}


# ---------------------------------------------------------------- bulk fill: start, stop, resume

def test_stop_asks_the_running_job_to_stop(client, page_token, bitrix, db):
    job, _ = start_job(db, MEMBER_ID, JOB_KIND, started_by=5)
    portal_says_admin(bitrix)
    answer = call(client, "POST", "/api/requisites/bulk/stop", page_token, {}).get_json()
    assert answer == {"job_id": job["id"], "stopping": True}
    assert get_job(db, job["id"])["cancel_requested"] is True


def test_a_second_start_returns_the_job_already_running(client, page_token, bitrix, db):
    job, _ = start_job(db, MEMBER_ID, JOB_KIND, started_by=5)
    portal_says_admin(bitrix)
    response = call(client, "POST", "/api/requisites/bulk", page_token, {})
    assert response.status_code == 200 and response.get_json() == {"job_id": job["id"], "created": False}
    assert db["jobs"].count == 1


def test_the_page_learns_that_a_stopped_run_can_be_resumed(client, page_token, bitrix, db):
    job, _ = start_job(db, MEMBER_ID, JOB_KIND, started_by=5)
    db["jobs"].update(job["id"], {"state": "cancelled"})
    set_setting(db, MEMBER_ID, CHECKPOINT_SETTING, {"cursor": 17, "report": {}})
    portal_says_admin(bitrix)
    state = call(client, "GET", "/api/requisites/bulk", page_token).get_json()
    assert state == {"job_id": job["id"], "state": "cancelled", "can_resume": True}


def test_start_queues_the_job_for_the_worker_on_behalf_of_the_admin(config, page_token, bitrix, db, http):
    from app import create_app

    queued_app = create_app({**config, "HUEY_IMMEDIATE": False})  # as in production: the worker runs it
    portal_says_admin(bitrix)
    response = call(queued_app.test_client(), "POST", "/api/requisites/bulk", page_token, {})
    assert response.status_code == 202
    job = get_job(db, response.get_json()["job_id"])
    assert (job["state"], job["started_by"], job["params"]) == ("queued", 5, {"user_id": 5})
    huey = queued_app.extensions["poryadok.tasks"].huey
    (task,) = huey.pending()
    assert (task.name, task.args) == ("requisites_bulk_fill", (job["id"],))
    assert len(http.calls) == 1  # user.admin only: nothing runs inside the web request


# ---------------------------------------------------------------- cancelling a job (/api/jobs/<id>/cancel)

MANAGER_TOKEN = "manager-6-access-token"


def frame_of(config, db, user_id, access_token, member_id=MEMBER_ID):
    save_user_tokens(db, member_id, user_id, access_token, f"{access_token}-refresh", time.time() + 3600)
    return issue_frame_token(config["SECRET_KEY"], FrameClaims(member_id=member_id, user_id=user_id,
                                                               placement="DEFAULT", entity_id=None, lang="ru"))


def test_the_admin_who_started_a_job_may_cancel_it_without_asking_the_portal(client, page_token, db, http):
    job, _ = start_job(db, MEMBER_ID, JOB_KIND, started_by=5)
    response = call(client, "POST", f"/api/jobs/{job['id']}/cancel", page_token, {})
    assert response.status_code == 200 and get_job(db, job["id"])["cancel_requested"] is True
    assert len(http.calls) == 0


def test_another_admin_of_the_portal_may_cancel_a_job(client, page_token, bitrix, db):
    job, _ = start_job(db, MEMBER_ID, JOB_KIND, started_by=9)
    portal_says_admin(bitrix)
    response = call(client, "POST", f"/api/jobs/{job['id']}/cancel", page_token, {})
    assert response.status_code == 200 and get_job(db, job["id"])["cancel_requested"] is True


def test_a_manager_may_not_cancel_an_admins_job(client, config, db, bitrix, installed_portal):
    job, _ = start_job(db, MEMBER_ID, JOB_KIND, started_by=5)
    manager = frame_of(config, db, 6, MANAGER_TOKEN)
    bitrix.method("user.admin", False, token=MANAGER_TOKEN)
    response = call(client, "POST", f"/api/jobs/{job['id']}/cancel", manager, {})
    assert response.status_code == 403 and response.get_json()["error"] == "admin_only"
    assert get_job(db, job["id"])["cancel_requested"] is False


def test_a_user_of_another_portal_may_not_cancel_this_portals_job(client, config, db, http, installed_portal):
    other = "b334d7c4821f96e033f0488e7d5f8664"
    save_installation(db, Installation(
        member_id=other, domain="other.bitrix24.ru", client_endpoint="https://other.bitrix24.ru/rest/",
        server_endpoint="https://oauth.bitrix24.tech/rest/", access_token="other-app", refresh_token="other-refresh",
        expires_at=time.time() + 3600, application_token="other-application-token", scope="crm",
        installer_user_id=5))
    job, _ = start_job(db, MEMBER_ID, JOB_KIND, started_by=5)
    stranger = frame_of(config, db, 5, "other-portal-admin-token", member_id=other)  # same user id, other portal
    response = call(client, "POST", f"/api/jobs/{job['id']}/cancel", stranger, {})
    assert response.status_code == 404 and get_job(db, job["id"])["cancel_requested"] is False
    assert len(http.calls) == 0


# ---------------------------------------------------------------- reading a job's progress (/api/jobs/<id>)

def test_the_user_who_started_a_job_reads_its_progress_without_asking_the_portal(client, page_token, db, http):
    job, _ = start_job(db, MEMBER_ID, JOB_KIND, started_by=5)
    response = call(client, "GET", f"/api/jobs/{job['id']}", page_token)
    assert response.status_code == 200 and response.get_json()["id"] == job["id"]
    assert len(http.calls) == 0


def test_another_admin_of_the_portal_reads_a_jobs_progress(client, page_token, bitrix, db):
    job, _ = start_job(db, MEMBER_ID, JOB_KIND, started_by=9)
    portal_says_admin(bitrix)
    assert call(client, "GET", f"/api/jobs/{job['id']}", page_token).status_code == 200


def test_a_manager_may_not_read_an_admins_job_and_its_report(client, config, db, bitrix, installed_portal):
    job, _ = start_job(db, MEMBER_ID, JOB_KIND, started_by=5)
    report_progress(db, job["id"], 1, total=2)
    manager = frame_of(config, db, 6, MANAGER_TOKEN)
    bitrix.method("user.admin", False, token=MANAGER_TOKEN)
    response = call(client, "GET", f"/api/jobs/{job['id']}", manager)
    assert response.status_code == 403
    assert response.get_json() == {"error": "admin_only", "message": "Это доступно только администраторам портала."}


def test_a_job_whose_worker_was_killed_says_so_and_a_new_start_is_accepted(client, page_token, bitrix, db):
    job, _ = start_job(db, MEMBER_ID, JOB_KIND, started_by=5)
    report_progress(db, job["id"], 40, total=100)
    long_ago = datetime.now(timezone.utc) - timedelta(seconds=STALE_AFTER_SECONDS[RUNNING] + 60)
    db["jobs"].update(job["id"], {"updated_at": long_ago.isoformat(timespec="seconds")})

    progress = call(client, "GET", f"/api/jobs/{job['id']}", page_token).get_json()
    assert (progress["state"], progress["message"], progress["done"]) == ("failed", "worker_lost", 40)
    portal_says_admin(bitrix)
    started = call(client, "POST", "/api/requisites/bulk", page_token, {})
    assert started.status_code == 202 and started.get_json()["job_id"] != job["id"]

