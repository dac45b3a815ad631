"""The requisites tab's XHR endpoints: signed token required, the user's own token on the portal, inputs
checked before DaData is asked, a contact takes an entrepreneur only, a refusal in plain words.

Every outgoing request is strict: `responses` for the portal (nothing registered = the test fails) and
`pytest-httpx` for DaData.
"""
from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path

import pytest
import responses

from app.security import FRAME_TOKEN_HEADER, FrameClaims, issue_frame_token
from requisites.commands import read_commands
from storage import journal
from storage.settings import set_setting
from storage.tokens import save_user_tokens
from tests.app.portal_fakes import (
    MEMBER_ID,
    PORTAL_REST,
    batch_commands,
    envelope,
    placement_post,
)
from tests.reference_examples import dadata_example

DADATA = "https://suggestions.dadata.ru/suggestions/api/4_1/rs/"
FIXTURES = Path(__file__).parents[1] / "requisites" / "fixtures"
SBER = dadata_example("find-party_legal-main-and-branch_sberbank.json")
IP = json.loads((FIXTURES / "find-party_individual_CONSTRUCTED.json").read_text(encoding="utf-8"))
LIQUIDATED = json.loads((FIXTURES / "find-party_liquidated_CONSTRUCTED.json").read_text(encoding="utf-8"))
MAIN_KEY = "7707083893|773601001|1027700132195"
USER_TOKEN = "user-7-access-token"
PRESETS = [  # the documented RU defaults (bitrix24-rest.md §7.2)
    {"ID": "1", "NAME": "Организация", "XML_ID": "#CRM_REQUISITE_PRESET_DEF_RU_COMPANY#", "COUNTRY_ID": "1",
     "ACTIVE": "Y", "SORT": "500"},
    {"ID": "2", "NAME": "ИП", "XML_ID": "#CRM_REQUISITE_PRESET_DEF_RU_INDIVIDUAL#", "COUNTRY_ID": "1",
     "ACTIVE": "Y", "SORT": "500"},
]
STATE_CHANGES = [("/api/requisites/apply", {"key": MAIN_KEY, "mode": "fill_empty"}),
                 ("/api/requisites/undo", {}), ("/api/requisites/preview", {"key": MAIN_KEY}),
                 ("/api/settings", {"autofill_leads": True}), ("/api/requisites/bulk", {}),
                 ("/api/requisites/bulk/stop", {}), ("/api/jobs/some-job/cancel", {})]


@pytest.fixture
def tab(config, db, installed_portal):
    """User 7 opened the tab of company 42: their tokens are stored, the page holds a signed token."""
    save_user_tokens(db, MEMBER_ID, 7, USER_TOKEN, "user-7-refresh-token", time.time() + 3600)
    set_setting(db, MEMBER_ID, "dadata_api_key", "portal-dadata-key")
    return frame_token(config)


def frame_token(config, placement="CRM_COMPANY_DETAIL_TAB", entity_id="42", lang="ru") -> str:
    return issue_frame_token(config["SECRET_KEY"], FrameClaims(member_id=MEMBER_ID, user_id=7, placement=placement,
                                                               entity_id=entity_id, lang=lang))


def post(client, path, body, token):
    return client.post(path, json=body, headers={FRAME_TOKEN_HEADER: token} if token else {})


def get(client, path, token):
    return client.get(path, headers={FRAME_TOKEN_HEADER: token})


def card_read(bitrix, requisites=(), addresses=(), bank_details=None, owner_type=4, owner="42", record=None):
    """The tab's one batch read, answered as the portal would; opening the tab reads the `record` itself too."""
    keys = read_commands(owner_type, owner, bank_detail_requisite_ids=["1"] if bank_details is not None else [],
                         with_owner=record is not None)
    results = {"presets": PRESETS, "requisites": list(requisites), "addresses": list(addresses), "owner": record}
    if bank_details is not None:
        results["bank_details"] = bank_details
    bitrix.batch({key: results[key] for key in keys}, token=USER_TOKEN)


def dadata_party(httpx_mock, answer=SBER):
    httpx_mock.add_response(url=DADATA + "findById/party", json=answer,
                            match_headers={"Authorization": "Token portal-dadata-key"})


# ---------------------------------------------------------------- the signed token

@pytest.mark.parametrize(("path", "body"), STATE_CHANGES)
def test_every_state_change_needs_the_signed_token_and_sends_nothing_without_it(client, tab, http, path, body):
    for token in (None, tab[:-3] + "xyz"):
        response = post(client, path, body, token)
        assert response.status_code == 401
        assert response.get_json()["error"] in {"frame_token_missing", "frame_token_invalid"}
    assert len(http.calls) == 0  # the strict mock: not one request left the app


def test_a_token_for_the_lead_tab_cannot_write_requisites(client, tab, config, http):
    lead_token = frame_token(config, placement="CRM_LEAD_DETAIL_TAB")
    response = post(client, "/api/requisites/apply", {"key": MAIN_KEY, "mode": "fill_empty"}, lead_token)
    assert response.status_code == 400
    assert response.get_json()["message"] == "Реквизиты заполняются во вкладке карточки компании или контакта."


# ---------------------------------------------------------------- reading and searching

def test_opening_the_tab_reads_once_with_the_users_own_token(client, tab, bitrix, http):
    card_read(bitrix, requisites=[{"ID": "1", "ENTITY_TYPE_ID": "4", "ENTITY_ID": "42", "PRESET_ID": "1",
                                   "NAME": "Ромашка", "RQ_INN": "7707083893", "RQ_COMPANY_NAME": "ООО «Ромашка»"}],
              record={"ID": "42", "TITLE": "Ромашка"})
    response = get(client, "/api/requisites/card", tab)
    assert response.status_code == 200
    card = response.get_json()
    assert card["inn_hint"] == "7707083893" and card["entity_type"] == "company" and card["can_undo"] is False
    (requisite,) = card["requisites"]
    assert requisite["preset"] == "Организация"
    assert {"field": "RQ_COMPANY_NAME", "label": "Краткое наименование", "value": "ООО «Ромашка»"} in requisite["fields"]
    [call] = http.calls
    assert json.loads(call.request.body)["auth"] == USER_TOKEN


@pytest.mark.parametrize(("configured", "record", "inn_hint", "name_hint"), [
    (True, {"ID": "42", "TITLE": "Ромашка", "UF_CRM_INN": "ИНН 7736207543"}, "7736207543", "Ромашка"),
    (False, {"ID": "42", "TITLE": "  ООО  Ромашка ", "UF_CRM_INN": "7736207543"}, None, "ООО Ромашка"),
    (True, {"ID": "42", "TITLE": "Ромашка", "UF_CRM_INN": "7736207544"}, None, "Ромашка"),  # a wrong checksum
])
def test_a_card_without_requisites_hints_the_inn_field_else_its_title(client, tab, db, bitrix, configured, record,
                                                                      inn_hint, name_hint):
    if configured:
        set_setting(db, MEMBER_ID, "requisites_inn_field", "UF_CRM_INN")
    card_read(bitrix, record=record)
    card = get(client, "/api/requisites/card", tab).get_json()
    assert card["requisites"] == [] and (card["inn_hint"], card["name_hint"]) == (inn_hint, name_hint)


def test_a_wrong_inn_is_refused_in_russian_before_dadata_is_asked(client, tab, httpx_mock):
    response = get(client, "/api/requisites/search?q=7707083894", tab)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_input"
    assert "ИНН" in response.get_json()["message"]
    assert httpx_mock.get_requests() == []


def test_a_wrong_inn_is_refused_in_english_when_the_portal_speaks_english(client, tab, config, httpx_mock):
    response = get(client, "/api/requisites/search?q=7707083894", frame_token(config, lang="en"))
    assert response.status_code == 400 and "INN" in response.get_json()["message"]
    assert not any("\u0400" <= ch <= "\u04ff" for ch in response.get_json()["message"])


def test_search_offers_the_head_office_before_its_branches(client, tab, httpx_mock):
    dadata_party(httpx_mock)
    view = get(client, "/api/requisites/search?q=ИНН 7707083893", tab).get_json()
    assert [(c["branch_type"], c["kpp"]) for c in view["candidates"]] == [("MAIN", "773601001"), ("BRANCH", "380843001")]
    assert view["hidden_organisations"] == 0 and view["more_branches_hint"]


def test_a_liquidated_company_is_offered_only_with_a_warning_and_a_confirmation(client, tab, httpx_mock):
    dadata_party(httpx_mock, LIQUIDATED)
    (candidate,) = get(client, f"/api/requisites/search?q={LIQUIDATED['suggestions'][0]['data']['inn']}",
                       tab).get_json()["candidates"]
    assert candidate["requires_confirmation"] is True and candidate["warning"]


def test_the_contact_tab_lists_entrepreneurs_only(client, tab, config, httpx_mock):
    dadata_party(httpx_mock)
    view = get(client, "/api/requisites/search?q=7707083893", frame_token(config, "CRM_CONTACT_DETAIL_TAB")).get_json()
    assert view["candidates"] == [] and view["hidden_organisations"] == 2


def test_the_contact_tab_will_not_fill_an_organisation(client, tab, config, http, httpx_mock):
    response = post(client, "/api/requisites/apply", {"key": MAIN_KEY, "mode": "fill_empty"},
                    frame_token(config, "CRM_CONTACT_DETAIL_TAB"))
    assert response.status_code == 400 and response.get_json()["error"] == "contact_needs_entrepreneur"
    assert len(http.calls) == 0 and httpx_mock.get_requests() == []


def test_the_contact_tab_previews_an_entrepreneur(client, tab, config, bitrix, httpx_mock):
    dadata_party(httpx_mock, IP)
    key = "|".join(IP["suggestions"][0]["data"].get(k) or "" for k in ("inn", "kpp", "ogrn"))
    card_read(bitrix, owner_type=3)
    view = post(client, "/api/requisites/preview", {"key": key}, frame_token(config, "CRM_CONTACT_DETAIL_TAB")).get_json()
    assert view["target_requisite_id"] is None and view["candidate"]["kind"] == "INDIVIDUAL"
    assert {row["field"] for row in view["rows"]} >= {"RQ_LAST_NAME", "RQ_FIRST_NAME", "RQ_OGRNIP"}


# ---------------------------------------------------------------- preview and apply

def test_preview_shows_what_each_button_would_write_and_writes_nothing(client, tab, bitrix, http, httpx_mock, db):
    dadata_party(httpx_mock)
    card_read(bitrix, requisites=[{"ID": "1", "ENTITY_TYPE_ID": "4", "ENTITY_ID": "42", "PRESET_ID": "1",
                                   "NAME": "Сбер", "RQ_INN": "7707083893", "RQ_DIRECTOR": "Иванов Иван Иванович"}])
    view = post(client, "/api/requisites/preview", {"key": MAIN_KEY, "requisite_ids": ["1"]}, tab).get_json()
    rows = {row["field"]: row for row in view["rows"]}
    assert rows["RQ_KPP"]["fill_empty_writes"] and rows["RQ_KPP"]["current"] is None
    assert not rows["RQ_DIRECTOR"]["fill_empty_writes"] and rows["RQ_DIRECTOR"]["replace_writes"]
    assert view["target_requisite_id"] == "1" and view["changes"]["fill_empty"] < view["changes"]["replace"]
    assert len(http.calls) == 1 and db["journal"].count == 0


def test_a_bad_account_number_is_refused_before_anything_is_read(client, tab, http, httpx_mock):
    response = post(client, "/api/requisites/preview",
                    {"key": MAIN_KEY, "bik": "044525225", "account": "40702810238000139301"}, tab)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_input"
    assert len(http.calls) == 0 and httpx_mock.get_requests() == []


def refuse_every_write(http, code="ACCESS_DENIED", description="Access denied!"):
    """The portal's answer to a manager's write batch: the first command is refused (halt stops the rest)."""
    def answer(request):
        first = next(iter(json.loads(request.body)["cmd"]))
        body = envelope({"result": [], "result_error": {first: {"error": code, "error_description": description}},
                         "result_total": [], "result_next": [], "result_time": []})
        return 200, {}, json.dumps(body)

    def is_write(request):
        methods = [command.partition("?")[0] for command in json.loads(request.body or "{}").get("cmd", {}).values()]
        return any(m.endswith((".add", ".update", ".delete")) for m in methods), "not a write batch"

    http.add_callback(responses.POST, PORTAL_REST + "batch", callback=answer, match=[is_write])


def test_a_manager_without_rights_sees_the_portals_refusal_in_plain_words(client, tab, bitrix, http, httpx_mock, db):
    dadata_party(httpx_mock)
    card_read(bitrix)
    refuse_every_write(http)
    response = post(client, "/api/requisites/apply", {"key": MAIN_KEY, "mode": "fill_empty"}, tab)
    assert response.status_code == 403
    body = response.get_json()
    assert body == {"error": "write_refused",
                    "message": "Портал не принял изменения: Недостаточно прав в Битрикс24 для этого действия."}
    write = batch_commands(http.calls[-1])
    assert json.loads(http.calls[-1].request.body)["auth"] == USER_TOKEN
    assert next(iter(write.values()))[0] == "crm.requisite.add"
    (entry,) = journal.list_entries(db, MEMBER_ID)
    assert entry["after"]["status"] == "failed"  # journalled before the write, nothing left to undo


def test_a_liquidated_company_is_not_filled_without_the_users_confirmation(client, tab, bitrix, http, httpx_mock, db):
    dadata_party(httpx_mock, LIQUIDATED)
    data = LIQUIDATED["suggestions"][0]["data"]
    key = "|".join(data.get(k) or "" for k in ("inn", "kpp", "ogrn"))
    card_read(bitrix)
    response = post(client, "/api/requisites/apply", {"key": key, "mode": "fill_empty"}, tab)
    assert response.status_code == 409 and response.get_json()["error"] == "confirmation_required"
    assert response.get_json()["message"]
    assert len(http.calls) == 1 and db["journal"].count == 0  # the read only: nothing journalled or written


def test_a_fill_after_someone_changed_the_record_since_the_preview_is_refused(client, tab, bitrix, http, httpx_mock,
                                                                              db):
    dadata_party(httpx_mock)
    card_read(bitrix)  # the preview: no requisite yet
    card_read(bitrix, requisites=[{"ID": "5", "ENTITY_TYPE_ID": "4", "ENTITY_ID": "42", "PRESET_ID": "1",
                                   "NAME": "Сбер", "RQ_INN": "7707083893"}])  # a colleague created it meanwhile
    seen = post(client, "/api/requisites/preview", {"key": MAIN_KEY}, tab).get_json()
    response = post(client, "/api/requisites/apply", {"key": MAIN_KEY, "mode": "fill_empty",
                                                      "fingerprint": seen["fingerprint"]}, tab)
    assert response.status_code == 409 and response.get_json()["error"] == "changed_since_preview"
    assert response.get_json()["message"].startswith("Пока вы смотрели сравнение")
    assert len(http.calls) == 2 and db["journal"].count == 0  # two reads, nothing journalled or written


def test_undo_with_nothing_to_undo_says_so(client, tab, http):
    response = post(client, "/api/requisites/undo", {}, tab)
    assert response.status_code == 409
    assert response.get_json() == {"error": "nothing_to_undo", "message": "Нет изменений, которые можно отменить."}
    assert len(http.calls) == 0


@pytest.mark.parametrize("body", [{"key": MAIN_KEY, "mode": "overwrite"}, {"mode": "fill_empty"},
                                  {"key": MAIN_KEY, "mode": "fill_empty", "requisite_ids": ["1; drop"]}])
def test_malformed_apply_requests_are_refused_and_send_nothing(client, tab, http, httpx_mock, body):
    response = post(client, "/api/requisites/apply", body, tab)
    assert response.status_code == 400 and response.get_json()["error"] == "field_malformed"
    assert len(http.calls) == 0 and httpx_mock.get_requests() == []


def test_no_dadata_key_is_a_clear_message(client, tab, db, bitrix, httpx_mock):
    db["portal_settings"].delete_where("key = ?", ["dadata_api_key"])
    response = get(client, "/api/requisites/search?q=7707083893", tab)
    assert response.status_code == 503 and response.get_json()["error"] == "registry_key_missing"
    assert "ключ DaData" in response.get_json()["message"]


@pytest.mark.parametrize(("answer", "status", "code", "lang", "words"), [
    (dict(status_code=403, json={"message": "Invalid token"}), 503, "registry_key_rejected", "ru",
     "DaData отклонила ключ API"),
    (dict(status_code=403, json={"message": "Feature 'SUGGESTIONS' disabled for token 'portal-dadata-key'"}), 503,
     "registry_quota_exhausted", "en", "daily DaData request quota is used up"),
    (dict(status_code=429, json={}), 502, "registry_unavailable", "ru", "сбавить темп"),  # after two retries
    (dict(status_code=503, text="Service Unavailable"), 502, "registry_unavailable", "en", "unavailable"),
])
def test_a_registry_failure_is_told_in_the_users_language_and_nothing_reaches_the_portal(
        client, tab, config, http, httpx_mock, db, answer, status, code, lang, words):
    httpx_mock.add_response(url=DADATA + "findById/party", is_reusable=True, **answer)
    response = post(client, "/api/requisites/apply", {"key": MAIN_KEY, "mode": "fill_empty"},
                    frame_token(config, lang=lang))
    assert (response.status_code, response.get_json()["error"]) == (status, code)
    assert words in response.get_json()["message"] and "portal-dadata-key" not in response.get_data(as_text=True)
    assert len(http.calls) == 0 and db["journal"].count == 0


# ---------------------------------------------------------------- the page itself

def page_texts_of(page: str) -> dict:
    return json.loads(page.split('<script type="application/json" id="p-texts">')[1].split("</script>")[0])


@pytest.mark.parametrize(("code", "lang", "heading", "label"), [
    ("CRM_COMPANY_DETAIL_TAB", "ru", "Найти в госреестре", "ИНН, ОГРН или название"),
    ("CRM_CONTACT_DETAIL_TAB", "ru", "Найти в госреестре", "ИНН или ОГРНИП предпринимателя, или ФИО"),
    ("CRM_COMPANY_DETAIL_TAB", "en", "Find in the state registry", "INN, OGRN or name"),
])
def test_the_tab_speaks_the_portals_language(client, installed_portal, bitrix, code, lang, heading, label):
    query, form = placement_post(code, LANG=lang)
    bitrix.user_current(form["AUTH_ID"], user_id=7)
    page = client.post(f"/placement/{code}", query_string=query, data=form).get_data(as_text=True)
    assert heading in page and label in page
    texts = page_texts_of(page)
    assert texts["rq_fill_empty"] == ("Заполнить пустые" if lang == "ru" else "Fill empty fields")
    if lang == "en":
        assert not [text for text in texts.values() if any("\u0400" <= ch <= "\u04ff" for ch in text)]


@pytest.mark.parametrize(("lang", "footer"), [
    ("ru", "Компания № 42 · изменения вносятся от имени пользователя Ирина Волкова (ID 7) с правами этого пользователя"),
    ("en", "Company #42 · changes are made as the user Ирина Волкова (ID 7), with that user's rights"),
])
def test_the_tabs_footer_names_the_acting_user_without_guessing_a_gender(client, installed_portal, bitrix, lang, footer):
    query, form = placement_post("CRM_COMPANY_DETAIL_TAB", LANG=lang)
    bitrix.user_current(form["AUTH_ID"], user_id=7, name="Ирина", last_name="Волкова")
    page = client.post("/placement/CRM_COMPANY_DETAIL_TAB", query_string=query, data=form).get_data(as_text=True)
    shown = re.search(r'<p class="p-muted rq-footer" data-poryadok-user>(.*?)</p>', page).group(1)
    assert html.unescape(shown) == footer


def test_every_text_the_pages_scripts_ask_for_is_in_the_catalogue_in_both_languages():
    from app.messages_requisites import REQUISITES_MESSAGES

    static = Path(__file__).parents[2] / "app" / "static"
    scripts = "".join((static / name).read_text(encoding="utf-8") for name in ("requisites_tab.js", "app_page.js"))
    keys = set(re.findall(r'"((?:rq|bulk|settings)_[a-z_]*[a-z])"', scripts))
    keys |= {f"rq_state_{state}" for state in ("same", "format", "different")}  # t("rq_state_" + row.state)
    keys |= {f"rq_section_{section}" for section in ("requisite", "address", "bank")}
    missing = sorted(key for key in keys if not all(REQUISITES_MESSAGES.get(key, {}).get(lang) for lang in ("ru", "en")))
    assert len(keys) > 40 and missing == []
