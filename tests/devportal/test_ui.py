"""The portal UI: lists and cards show CRM data escaped, app frames get Bitrix24's POST, the install flow holds."""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from devportal import addresses, install_flow, ui_text
from devportal.crm import Crm
from devportal.requisites import Requisites
from devportal.server import create_app
from devportal.state import Origin
from devportal.ui import read_page_config

ORIGIN = {"Origin": "http://localhost"}          # what the test client's pages would send
APP_URL = "http://localhost:9"                   # nothing listens: frames are only rendered here
TAB_HANDLER = f"{APP_URL}/placement/CRM_COMPANY_DETAIL_TAB"


@pytest.fixture
def app():
    return create_app({"app_url": APP_URL, "member_id": "member-ui-test"})


@pytest.fixture
def portal(app):
    return app.extensions["devportal"]


@pytest.fixture
def client(app):
    return app.test_client()


def as_user(client, user_id: int):
    client.set_cookie("devportal_user", str(user_id))
    return client


def page_config(response) -> dict:
    return read_page_config(response.get_data(as_text=True))


def add(portal, kind: str, fields: dict, user_id: int = 1) -> int:
    with portal.lock:
        return Crm(portal).add(kind, fields, Origin(user_id))


def install_with_tab(portal, client) -> None:
    """What the app's install page does: bind a company tab with the admin's token, then installFinish."""
    token = install_flow.install_post(portal, 1).form["AUTH_ID"]
    answer = client.post("/rest/placement.bind.json", json={
        "PLACEMENT": "CRM_COMPANY_DETAIL_TAB", "HANDLER": TAB_HANDLER, "TITLE": "Порядок",
        "LANG_ALL": {"en": {"TITLE": "Poryadok"}}, "auth": token})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert install_flow.finish(portal)


def test_list_escapes_crm_data(portal, client):
    add(portal, "company", {"TITLE": '<script>alert("x")</script> ООО «Ромашка»'})
    html = client.get("/crm/company/list/").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; ООО «Ромашка»" in html


def test_list_pages_by_fifty_newest_first(portal, client):
    for number in range(1, 56):
        add(portal, "lead", {"TITLE": f"Лид {number:03d}"})
    first = client.get("/crm/lead/list/").get_data(as_text=True)
    second = client.get("/crm/lead/list/?page=2").get_data(as_text=True)
    assert first.count("Лид 0") == 50 and "Лид 055" in first and "Лид 005" not in first
    assert second.count("Лид 0") == 5 and "Лид 001" in second


def test_search_filters_the_list_by_name(portal, client):
    add(portal, "company", {"TITLE": "Ромашка"})
    add(portal, "company", {"TITLE": "Василёк"})
    html = client.get("/crm/company/list/?q=ромаш").get_data(as_text=True)
    assert "Ромашка" in html and "Василёк" not in html


def test_card_shows_multifields_requisites_address_and_bank_details(portal, client):
    company = add(portal, "company", {"TITLE": "ООО «Ромашка»", "PHONE": [{"VALUE": "+7 495 000-00-01"}]})
    with portal.lock:
        rq = Requisites(portal).add({"ENTITY_TYPE_ID": 4, "ENTITY_ID": company, "PRESET_ID": 1, "NAME": "Основные",
                                     "RQ_INN": "7707083893", "RQ_KPP": "773601001"}, Origin(1))
        addresses.add(portal, {"TYPE_ID": 6, "ENTITY_TYPE_ID": 8, "ENTITY_ID": rq, "CITY": "Москва",
                               "ADDRESS_1": "ул Вавилова, д 19", "POSTAL_CODE": "117312"}, Origin(1))
        Requisites(portal).add_bank_detail({"ENTITY_ID": rq, "NAME": "Счёт", "RQ_BIK": "044525225",
                                            "RQ_ACC_NUM": "40702810238000139300"}, Origin(1))
    html = client.get(f"/crm/company/details/{company}/").get_data(as_text=True)
    for expected in ("+7 495 000-00-01", "7707083893", "773601001", "Юридический адрес",
                     "117312, Москва, ул Вавилова, д 19", "044525225", "40702810238000139300"):
        assert expected in html


def test_card_and_list_show_names_of_codes_and_dates_as_the_portal_prints_them(portal, client):
    company = add(portal, "company", {"TITLE": "ООО «Ромашка»", "INDUSTRY": "BANKING", "UF_CRM_1687188367": "7707083893",
                                      "PHONE": [{"VALUE": "+7 495 000-00-01", "VALUE_TYPE": "MOBILE"}]})
    with portal.lock:
        portal.tables["company"].get(company)["DATE_CREATE"] = "2024-03-11T16:36:46+03:00"
    card = client.get(f"/crm/company/details/{company}/").get_data(as_text=True)
    listing = client.get("/crm/company/list/").get_data(as_text=True)
    for expected in ("Клиент", "Банковские услуги", "мобильный", "11.03.2024 16:36", "ИНН (пользовательское поле)"):
        assert expected in card
    assert "Тип компании" in listing and "Клиент" in listing
    for code in ("CUSTOMER", "BANKING", "MOBILE", "2024-03-11T16:36", "UF_CRM_1687188367"):
        assert code not in card and code not in listing


def test_missing_card_is_404(client):
    assert client.get("/crm/company/details/999/").status_code == 404
    assert client.get("/crm/deal/list/").status_code == 404


def test_no_app_tab_before_install_finish(portal, client):
    company = add(portal, "company", {"TITLE": "Ромашка"})
    install_flow.begin(portal, 1)
    assert page_config(client.get(f"/crm/company/details/{company}/"))["frames"] == []


def test_tab_frame_is_posted_like_bitrix24_with_the_viewers_tokens(portal, client):
    install_with_tab(portal, client)
    company = add(portal, "company", {"TITLE": "Ромашка"})
    [frame] = page_config(as_user(client, 2).get(f"/crm/company/details/{company}/"))["frames"]
    query = {k: v[0] for k, v in parse_qs(urlsplit(frame["action"]).query).items()}
    assert frame["action"].startswith(TAB_HANDLER + "?")
    assert query == {"DOMAIN": portal.options.domain, "PROTOCOL": "0", "LANG": "ru", "APP_SID": frame["sid"]}
    assert frame["windowName"] == f"{portal.options.domain}|0|{frame['sid']}"
    assert set(frame["fields"]) == {"AUTH_ID", "AUTH_EXPIRES", "REFRESH_ID", "SERVER_ENDPOINT", "APPLICATION_TOKEN",
                                    "APPLICATION_SCOPE", "member_id", "status", "PLACEMENT", "PLACEMENT_OPTIONS"}
    assert frame["fields"]["PLACEMENT"] == "CRM_COMPANY_DETAIL_TAB"
    assert json.loads(frame["fields"]["PLACEMENT_OPTIONS"])["ID"] == str(company)
    assert frame["fields"]["APPLICATION_TOKEN"] == portal.app.application_token
    assert portal.access_tokens[frame["fields"]["AUTH_ID"]].user_id == 2
    assert frame["init"]["PLACEMENT_OPTIONS"]["ID"] == str(company) and frame["init"]["IS_ADMIN"] is False


def test_tab_title_follows_the_viewers_language(portal, client):
    install_with_tab(portal, client)
    company = add(portal, "company", {"TITLE": "Ромашка"})
    client.set_cookie("devportal_lang", "en")
    assert ">Poryadok</button>" in client.get(f"/crm/company/details/{company}/").get_data(as_text=True)


def test_install_button_opens_the_install_page_for_an_admin(portal, client):
    [frame] = page_config(client.get("/marketplace/app/"))["frames"]
    assert frame["kind"] == "install" and frame["action"].startswith(f"{APP_URL}/install?")
    assert "PLACEMENT_OPTIONS" not in frame["fields"] and frame["fields"]["PLACEMENT"] == "DEFAULT"
    assert frame["init"]["INSTALL"] is True and portal.app.application_token


def test_only_an_admin_sees_the_install_button(client):
    assert 'id="install-app"' in client.get("/crm/company/list/").get_data(as_text=True)
    assert 'id="install-app"' not in as_user(client, 2).get("/crm/company/list/").get_data(as_text=True)


def test_manager_cannot_start_the_install(portal, client):
    response = as_user(client, 2).get("/marketplace/app/")
    assert page_config(response)["frames"] == []
    assert "Установить его может администратор" in response.get_data(as_text=True)
    assert portal.app.application_token == ""


def test_install_finish_needs_the_install_frame_of_the_same_user(portal, client):
    [frame] = page_config(client.get("/marketplace/app/"))["frames"]
    assert as_user(client, 2).post("/devportal/install-finish", json={"sid": frame["sid"]},
                                   headers=ORIGIN).status_code == 403
    assert as_user(client, 1).post("/devportal/install-finish", json={"sid": "0" * 32},
                                   headers=ORIGIN).status_code == 403
    assert not portal.app.installed
    answer = client.post("/devportal/install-finish", json={"sid": frame["sid"]}, headers=ORIGIN)
    assert answer.status_code == 200 and answer.get_json()["next"].startswith("/marketplace/app/")
    assert portal.app.installed


def test_after_install_the_app_page_is_the_app_not_the_installer(portal, client):
    install_with_tab(portal, client)
    [frame] = page_config(as_user(client, 2).get("/marketplace/app/"))["frames"]
    assert frame["kind"] == "app" and frame["action"].startswith(f"{APP_URL}/app?")
    assert frame["init"]["INSTALL"] is False


def test_posts_from_another_site_change_nothing(portal, client):
    lead_count = len(portal.tables["lead"])
    assert client.post("/crm/lead/add", data={"TITLE": "x"}).status_code == 403
    assert client.post("/crm/lead/add", data={"TITLE": "x"}, headers={"Origin": "http://evil.example"}).status_code == 403
    assert len(portal.tables["lead"]) == lead_count


def test_manager_may_not_edit_the_admins_company(portal, client):
    company = add(portal, "company", {"TITLE": "Ромашка"}, user_id=1)
    response = as_user(client, 2).post(f"/crm/company/details/{company}/", data={"TITLE": "Чужая"}, headers=ORIGIN)
    assert response.status_code == 400 and "Access denied." in response.get_data(as_text=True)
    assert portal.tables["company"].get(company)["TITLE"] == "Ромашка"


def test_manager_edits_own_company_and_adds_a_phone(portal, client):
    company = add(portal, "company", {"TITLE": "Ромашка"}, user_id=2)
    response = as_user(client, 2).post(f"/crm/company/details/{company}/",
                                       data={"TITLE": "Ромашка-2", "PHONE": "+7 900 000-00-00"}, headers=ORIGIN)
    assert response.status_code == 302
    row = portal.tables["company"].get(company)
    assert row["TITLE"] == "Ромашка-2" and [v["VALUE"] for v in row["_fm"]["PHONE"]] == ["+7 900 000-00-00"]


def test_reload_data_fragment_is_only_the_card_data(portal, client):
    company = add(portal, "company", {"TITLE": "Ромашка", "COMMENTS": "<b>жирно</b>"})
    html = client.get(f"/crm/company/details/{company}/?fragment=data").get_data(as_text=True)
    assert "<html" not in html and "&lt;b&gt;жирно&lt;/b&gt;" in html


def test_user_switch_sets_the_viewer_and_refuses_foreign_redirects(client):
    response = client.post("/devportal/user", data={"user_id": "2", "next": "//evil.example/"}, headers=ORIGIN)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert re.search(r'value="2" selected>Дмитрий Орлов', client.get("/crm/lead/list/").get_data(as_text=True))


def test_open_application_gives_a_default_frame_with_the_params(portal, client):
    install_with_tab(portal, client)
    company = add(portal, "company", {"TITLE": "Ромашка"})
    [tab] = page_config(client.get(f"/crm/company/details/{company}/"))["frames"]
    answer = client.post("/devportal/open-application", json={"sid": tab["sid"], "options": {"view": "merge"}},
                         headers=ORIGIN)
    frame = answer.get_json()
    assert frame["fields"]["PLACEMENT"] == "DEFAULT" and json.loads(frame["fields"]["PLACEMENT_OPTIONS"]) == {"view": "merge"}


def test_refresh_auth_issues_new_tokens_of_the_frames_user(portal, client):
    install_with_tab(portal, client)
    company = add(portal, "company", {"TITLE": "Ромашка"})
    [tab] = page_config(as_user(client, 2).get(f"/crm/company/details/{company}/"))["frames"]
    auth = client.post("/devportal/refresh-auth", json={"sid": tab["sid"]}, headers=ORIGIN).get_json()
    assert auth["AUTH_ID"] != tab["fields"]["AUTH_ID"] and portal.access_tokens[auth["AUTH_ID"]].user_id == 2


def test_bx24_script_is_served_at_a_stable_url_and_at_the_real_path(client):
    for path in ("/bx24.js", "/api/v1/"):
        response = client.get(path)
        assert response.status_code == 200 and response.mimetype == "application/javascript"
        assert b"getInitData" in response.data


def test_lead_added_in_the_ui_reaches_the_apps_handler(devportal, catcher):
    token = installed_admin_token(devportal)
    bound = requests.post(f"{devportal.rest_url}event.bind.json", timeout=10,
                          json={"event": "ONCRMLEADADD", "handler": f"{catcher.url}/events", "auth": token})
    assert bound.status_code == 200
    response = requests.post(f"{devportal.base_url}/crm/lead/add", data={"TITLE": "С сайта", "PHONE": "+79990000000"},
                             headers={"Origin": devportal.base_url}, allow_redirects=False, timeout=10)
    assert response.status_code == 302
    lead_id = re.search(r"/crm/lead/details/(\d+)/", response.headers["Location"]).group(1)
    catcher.wait_for(1)
    event = catcher.nested(0)
    assert event["event"] == "ONCRMLEADADD" and event["data"]["FIELDS"]["ID"] == lead_id
    assert event["auth"]["application_token"] == devportal.application_token


def installed_admin_token(devportal) -> str:
    post = devportal.install()
    devportal.finish_install()
    return post.form["AUTH_ID"]


def test_every_ui_text_and_list_value_has_an_english_word():
    # ui.py indexes texts(lang) directly (t["col_id"]), so a word missing in one language is a 500 page
    assert set(ui_text.TEXTS["en"]) == set(ui_text.TEXTS["ru"])
    assert {k: set(v) for k, v in ui_text.LIST_VALUES["en"].items()} == \
        {k: set(v) for k, v in ui_text.LIST_VALUES["ru"].items()}
    assert set(ui_text.VALUE_TYPES["en"]) == set(ui_text.VALUE_TYPES["ru"])
