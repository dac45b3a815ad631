"""How devportal is called: URLs, encodings, auth, and the error answers of the REST layer itself."""
from __future__ import annotations

import requests
from tests.devportal.devportal_helpers import Rest, installed

from devportal.testing import running_devportal


def test_php_bracket_form_with_nested_multifields_is_understood(rest: Rest):
    contact_id = rest.result("crm.contact.add", {"fields": {"NAME": "Пётр", "PHONE": [
        {"VALUE": "+7 912 345-67-89", "VALUE_TYPE": "MOBILE"}]}}, form=True)
    contact = rest.result("crm.contact.get", {"id": contact_id})
    assert contact["NAME"] == "Пётр"
    assert [(p["VALUE"], p["VALUE_TYPE"]) for p in contact["PHONE"]] == [("+7 912 345-67-89", "MOBILE")]


def test_method_url_works_with_and_without_json_suffix_and_by_get(devportal, rest: Rest):
    rest.result("crm.lead.add", {"fields": {"TITLE": "Заявка"}})
    plain = requests.post(f"{devportal.webhook_url}crm.lead.list", json={}, timeout=5).json()
    by_get = requests.get(f"{devportal.webhook_url}crm.lead.list.json", params={"select[]": "TITLE"}, timeout=5).json()
    assert plain["total"] == 1 and by_get["result"] == [{"TITLE": "Заявка"}]


def test_parameter_and_method_names_are_case_insensitive(rest: Rest):
    contact_id = rest.result("crm.contact.add", {"FIELDS": {"NAME": "Ира"}})
    assert rest.result("CRM.Contact.Get", {"ID": contact_id})["NAME"] == "Ира"


def test_ids_come_back_as_strings_but_add_returns_an_integer(rest: Rest):
    company_id = rest.result("crm.company.add", {"fields": {"TITLE": "ООО «Ромашка»"}})
    assert isinstance(company_id, int)
    row = rest.result("crm.company.list", {"select": ["ID", "ASSIGNED_BY_ID"]})[0]
    assert row == {"ID": str(company_id), "ASSIGNED_BY_ID": "1"}


def test_unknown_method_is_404_method_not_found(rest: Rest):
    response = rest("crm.nothing.here")
    assert response.status_code == 404
    assert response.json()["error"] == "ERROR_METHOD_NOT_FOUND"


def test_missing_auth_and_wrong_webhook_code_are_401_no_auth_found(devportal):
    no_auth = requests.post(f"{devportal.rest_url}crm.lead.list.json", json={}, timeout=5)
    wrong_code = requests.post(f"{devportal.rest_url}1/wrongcode/crm.lead.list.json", json={}, timeout=5)
    other_user = requests.post(devportal.webhook_url.replace("/rest/1/", "/rest/2/") + "crm.lead.list", timeout=5)
    for response in (no_auth, wrong_code, other_user):
        assert response.status_code == 401
        assert response.json()["error"] == "NO_AUTH_FOUND"


def test_an_unknown_access_token_is_401_invalid_token(rest: Rest):
    response = rest("crm.lead.list", auth="0123456789abcdef")
    assert response.status_code == 401 and response.json()["error"] == "invalid_token"


def test_app_only_methods_refuse_webhooks_with_wrong_auth_type(rest: Rest):
    for method, params in (("placement.bind", {"PLACEMENT": "CRM_COMPANY_DETAIL_TAB", "HANDLER": "https://a.b/"}),
                           ("placement.get", {}), ("event.bind", {"event": "ONCRMLEADADD", "handler": "https://a.b/"})):
        response = rest(method, params)
        assert response.status_code == 403 and response.json()["error"] == "WRONG_AUTH_TYPE", method


def test_app_info_outside_an_application_is_access_denied(rest: Rest):
    response = rest("app.info")
    assert response.status_code == 400
    assert response.json() == {"error": "ACCESS_DENIED",
                               "error_description": "Access denied! Application context required"}


def test_a_scope_the_app_lacks_is_403_insufficient_scope():
    with running_devportal(app_scope="crm", app_url="http://127.0.0.1:9") as handle:
        token = installed(handle)
        response = Rest(handle)("placement.get", auth=token)
    assert response.status_code == 403 and response.json()["error"] == "insufficient_scope"


def test_legacy_crm_errors_have_an_empty_code_and_status_400(rest: Rest):
    not_found = rest("crm.contact.get", {"id": 999})
    bad_id = rest("crm.contact.get", {"id": "abc"})
    update_missing = rest("crm.contact.update", {"id": 999, "fields": {"NAME": "X"}})
    delete_missing = rest("crm.contact.delete", {"id": 999})
    assert (not_found.status_code, not_found.json()) == (400, {"error": "", "error_description": "Not found"})
    assert bad_id.json() == {"error": "", "error_description": "ID is not defined or invalid."}
    assert update_missing.json() == {"error": "", "error_description": "Contact is not found"}
    assert delete_missing.json() == {"error": "ERROR_CORE", "error_description": "Элемент не найден"}


def test_fields_parameter_that_is_not_an_array_is_refused(rest: Rest):
    response = rest("crm.lead.add", {"fields": "TITLE=x"})
    assert response.status_code == 400
    assert response.json()["error_description"] == "Parameter 'fields' must be array."


def test_every_success_envelope_carries_operating_time(rest: Rest):
    body = rest("crm.lead.fields").json()
    assert {"start", "finish", "duration", "processing", "date_start", "date_finish", "operating",
            "operating_reset_at"} <= set(body["time"])
    assert body["result"]["TITLE"]["type"] == "string" and body["result"]["PHONE"]["isMultiple"] is True
