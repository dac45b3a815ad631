"""devportal answers with the same keys, JSON types, envelopes and HTTP statuses as every documented
example in shared/reference/examples/bitrix24 (one test per example file; a last test checks that no
example is left without one)."""
from __future__ import annotations

import json

import requests
from tests.devportal.devportal_helpers import EXAMPLES, Rest, example, installed, shape

from devportal.testing import running_devportal

TIME_KEYS = {"start", "finish", "duration", "processing", "date_start", "date_finish"}
COVERED: set[str] = set()


def covers(*names: str):
    COVERED.update(names)
    return lambda test: test


def assert_time_block(ours: dict, documented: dict) -> None:
    """`time` carries at least the documented keys (the field set varies by method, RU data-types.md)."""
    assert set(documented) <= set(ours)
    assert {k: shape(ours[k]) for k in documented} == shape(documented)


def documented_answer(response: requests.Response, documented: dict) -> dict:
    """HTTP 200 and exactly the documented envelope keys (result, total, next, time); the decoded answer."""
    assert response.status_code == 200, response.text
    answer = response.json()
    assert set(answer) == set(documented)
    return answer


def same_keys_and_types(ours: dict, documented: dict) -> None:
    assert set(ours) == set(documented)
    assert shape(ours) == shape(documented)


@covers("crm_company_get_response.json")
def test_company_get_has_the_documented_keys_and_types(rest: Rest):
    documented = example("crm_company_get_response.json")
    fields = {k: v for k, v in documented["result"].items() if v is not None and k.isupper()}
    company_id = rest.result("crm.company.add", {"fields": fields})
    answer = documented_answer(rest("crm.company.get", {"id": company_id}), documented)
    same_keys_and_types(answer["result"], documented["result"])
    assert answer["result"]["ID"] == str(company_id)
    assert_time_block(answer["time"], documented["time"])


@covers("crm_contact_list_response_multifields.json")
def test_contact_list_with_email_selected_matches_the_example(rest: Rest):
    documented = example("crm_contact_list_response_multifields.json")
    for row in documented["result"]:
        rest.result("crm.contact.add", {"fields": {"NAME": row["NAME"], "LAST_NAME": row["LAST_NAME"],
                                                   "EMAIL": [{"VALUE": "special-for@example.com",
                                                              "VALUE_TYPE": "WORK"}]}})
    rest.result("crm.contact.add", {"fields": {"NAME": "Без", "LAST_NAME": "Почты"}})
    response = rest("crm.contact.list", {"filter": {"EMAIL": "special-for@example.com"},
                                         "order": {"LAST_NAME": "ASC"},
                                         "select": ["ID", "NAME", "LAST_NAME", "EXPORT", "ASSIGNED_BY_ID",
                                                    "DATE_CREATE", "EMAIL"]})
    answer = documented_answer(response, documented)
    assert [r["LAST_NAME"] for r in answer["result"]] == sorted(r["LAST_NAME"] for r in documented["result"])
    for ours in answer["result"]:
        same_keys_and_types(ours, documented["result"][0])
    assert answer["total"] == len(documented["result"]) and "next" not in answer
    assert_time_block(answer["time"], documented["time"])


def _company_requisite(rest: Rest, documented: dict) -> tuple[int, int]:
    company_id = rest.result("crm.company.add", {"fields": {"TITLE": "ООО «1С-Битрикс»"}})
    fields = {k: v for k, v in documented["result"].items()
              if v not in (None, "") and k not in ("ID", "ENTITY_ID", "DATE_CREATE", "CREATED_BY_ID")}
    fields["ENTITY_ID"] = company_id
    return company_id, rest.result("crm.requisite.add", {"fields": fields})


@covers("crm_requisite_get_response_ru_company.json")
def test_requisite_get_has_the_documented_keys_and_types(rest: Rest):
    documented = example("crm_requisite_get_response_ru_company.json")
    _, requisite_id = _company_requisite(rest, documented)
    answer = documented_answer(rest("crm.requisite.get", {"id": requisite_id}), documented)
    same_keys_and_types(answer["result"], documented["result"])
    assert answer["result"]["RQ_INN"] == "7717586110" and answer["result"]["PRESET_ID"] == "1"
    assert_time_block(answer["time"], documented["time"])


@covers("crm_requisite_list_response.json")
def test_requisite_list_with_select_matches_the_example(rest: Rest):
    documented = example("crm_requisite_list_response.json")
    _company_requisite(rest, example("crm_requisite_get_response_ru_company.json"))
    answer = documented_answer(rest("crm.requisite.list", {"select": ["ENTITY_TYPE_ID", "ENTITY_ID", "ID", "NAME"]}),
                               documented)
    same_keys_and_types(answer["result"][0], documented["result"][0])
    assert list(answer["result"][0]) == list(documented["result"][0])      # in the order asked
    assert isinstance(answer["total"], int)
    assert_time_block(answer["time"], documented["time"])


def _bank_detail(rest: Rest) -> int:
    documented = example("crm_requisite_bankdetail_get_response.json")["result"]
    _, requisite_id = _company_requisite(rest, example("crm_requisite_get_response_ru_company.json"))
    fields = {k: v for k, v in documented.items()
              if v not in (None, "") and k not in ("ID", "ENTITY_ID", "DATE_CREATE", "CREATED_BY_ID", "COUNTRY_ID")}
    return rest.result("crm.requisite.bankdetail.add", {"fields": {**fields, "ENTITY_ID": requisite_id}})


@covers("crm_requisite_bankdetail_get_response.json")
def test_bank_detail_get_has_the_documented_keys_and_types(rest: Rest):
    documented = example("crm_requisite_bankdetail_get_response.json")
    answer = documented_answer(rest("crm.requisite.bankdetail.get", {"id": _bank_detail(rest)}), documented)
    same_keys_and_types(answer["result"], documented["result"])
    assert answer["result"]["COUNTRY_ID"] == "1"
    assert_time_block(answer["time"], documented["time"])


@covers("crm_requisite_bankdetail_list_response.json")
def test_bank_detail_list_with_select_matches_the_example(rest: Rest):
    documented = example("crm_requisite_bankdetail_list_response.json")
    _bank_detail(rest)
    answer = documented_answer(rest("crm.requisite.bankdetail.list", {"select": ["ENTITY_ID", "ID", "NAME"]}),
                               documented)
    same_keys_and_types(answer["result"][0], documented["result"][0])
    assert answer["total"] == 1
    assert_time_block(answer["time"], documented["time"])


@covers("crm_requisite_preset_list_response.json")
def test_preset_list_is_the_documented_russian_presets(rest: Rest):
    documented = example("crm_requisite_preset_list_response.json")
    answer = documented_answer(rest("crm.requisite.preset.list", {"filter": {"COUNTRY_ID": 1}, "select": ["ID", "NAME"]}),
                               documented)
    assert answer["result"] == documented["result"] and answer["total"] == documented["total"]
    assert_time_block(answer["time"], documented["time"])


@covers("crm_address_list_response.json")
def test_address_list_of_a_contact_requisite_matches_the_example(rest: Rest):
    documented = example("crm_address_list_response.json")
    contact_id = rest.result("crm.contact.add", {"fields": {"NAME": "Иван"}})
    requisite_id = rest.result("crm.requisite.add", {"fields": {"ENTITY_TYPE_ID": 3, "ENTITY_ID": contact_id,
                                                                "PRESET_ID": 3, "NAME": "Физ. лицо"}})
    parts = {k: documented["result"][0][k] for k in ("ADDRESS_1", "ADDRESS_2", "CITY", "POSTAL_CODE", "REGION",
                                                      "PROVINCE", "COUNTRY")}
    assert rest.result("crm.address.add", {"fields": {"TYPE_ID": 1, "ENTITY_TYPE_ID": 8, "ENTITY_ID": requisite_id,
                                                      **parts}}) is True
    answer = documented_answer(rest("crm.address.list", {"filter": {"ENTITY_ID": requisite_id}}), documented)
    same_keys_and_types(answer["result"][0], documented["result"][0])
    assert answer["result"][0]["ANCHOR_TYPE_ID"] == "3" and answer["result"][0]["ANCHOR_ID"] == str(contact_id)
    assert answer["total"] == 1
    assert_time_block(answer["time"], documented["time"])


@covers("crm_enum_addresstype_response.json")
def test_address_types_are_the_documented_ones(rest: Rest):
    documented = example("crm_enum_addresstype_response.json")
    answer = documented_answer(rest("crm.enum.addresstype"), documented)
    assert answer["result"] == documented["result"]
    assert_time_block(answer["time"], documented["time"])


@covers("crm_duplicate_findbycomm_request.json", "crm_duplicate_findbycomm_response.json")
def test_findbycomm_documented_request_gets_the_documented_answer(rest: Rest):
    request_body = example("crm_duplicate_findbycomm_request.json")
    documented = example("crm_duplicate_findbycomm_response.json")
    ids = [rest.result("crm.contact.add", {"fields": {"NAME": n, "PHONE": [{"VALUE": v, "VALUE_TYPE": "WORK"}]}})
           for n, v in (("Анна", request_body["values"][0]), ("Олег", request_body["values"][1]))]
    answer = documented_answer(rest("crm.duplicate.findbycomm", request_body), documented)
    assert shape(answer["result"]) == shape(documented["result"]) and answer["result"]["CONTACT"] == ids
    assert_time_block(answer["time"], documented["time"])


@covers("crm_entity_mergebatch_request.json", "crm_entity_mergebatch_response.json")
def test_mergebatch_documented_request_merges_and_names_the_deleted_ids(rest: Rest):
    documented = example("crm_entity_mergebatch_response.json")
    ids = [rest.result("crm.contact.add", {"fields": {"NAME": "Иван", "LAST_NAME": "Петров"}}) for _ in range(3)]
    request_body = example("crm_entity_mergebatch_request.json")
    request_body["params"]["entityIds"] = ids
    answer = documented_answer(rest("crm.entity.mergeBatch", request_body), documented)
    assert shape(answer["result"]) == shape(documented["result"])
    assert answer["result"] == {"STATUS": "SUCCESS", "ENTITY_IDS": ids[1:]}
    assert_time_block(answer["time"], documented["time"])


@covers("crm_entity_mergebatch_error_response.json")
def test_mergebatch_with_one_id_is_the_documented_error(rest: Rest):
    contact_id = rest.result("crm.contact.add", {"fields": {"NAME": "Иван"}})
    response = rest("crm.entity.mergeBatch", {"params": {"entityTypeId": 3, "entityIds": [contact_id]}})
    assert response.status_code == 400
    assert response.json() == example("crm_entity_mergebatch_error_response.json")


@covers("batch_response.json")
def test_linked_batch_of_the_docs_gives_the_documented_shape(rest: Rest):
    documented = example("batch_response.json")
    response = rest("batch", {"halt": 0, "cmd": {
        "get_user": "user.current",
        "get_department": "department.get?ID=$result[get_user][UF_DEPARTMENT][0]"}})
    answer = documented_answer(response, documented)
    ours, theirs = answer["result"], documented["result"]
    assert set(ours) == set(theirs)
    same_keys_and_types(ours["result"]["get_user"], theirs["result"]["get_user"])
    assert set(ours["result"]["get_department"][0]) >= set(theirs["result"]["get_department"][0])
    assert ours["result_error"] == [] and ours["result_next"] == []
    assert ours["result_total"] == {"get_department": 1}
    for key, block in ours["result_time"].items():
        assert shape(block) == shape(theirs["result_time"][key])
    assert_time_block(answer["time"], documented["time"])


@covers("batch_response_error_halt0.json")
def test_batch_where_every_command_fails_answers_200_with_empty_arrays():
    documented = example("batch_response_error_halt0.json")
    with running_devportal(app_scope="crm", app_url="http://127.0.0.1:9") as handle:
        token = installed(handle)
        response = requests.post(f"{handle.rest_url}batch", json={
            "auth": token, "halt": 0, "cmd": {"get_user": "user.current", "get_department": "department.get"}},
            timeout=10)
    answer = documented_answer(response, documented)
    assert shape(answer["result"]) == shape(documented["result"])
    assert {k: v["error"] for k, v in answer["result"]["result_error"].items()} == \
           {k: v["error"] for k, v in documented["result"]["result_error"].items()}
    assert_time_block(answer["time"], documented["time"])


@covers("error_envelope_handler_already_exist.json")
def test_binding_the_same_event_handler_twice_is_the_documented_error(devportal, rest: Rest):
    token = installed(devportal)
    handler = {"event": "ONCRMLEADADD", "handler": "https://app.example/events"}
    assert rest.result("event.bind", handler, auth=token) is True
    response = rest("event.bind", handler, auth=token)
    assert response.status_code == 400
    assert response.json() == example("error_envelope_handler_already_exist.json")


@covers("error_expired_token.json")
def test_an_expired_access_token_is_the_documented_401(devportal, rest: Rest):
    token = installed(devportal)
    devportal.expire_access_tokens()
    response = rest("crm.lead.list", auth=token)
    assert response.status_code == 401
    assert response.json() == example("error_expired_token.json")


@covers("error_query_limit_exceeded.json")
def test_the_request_after_the_burst_is_the_documented_503():
    with running_devportal(rate=0.001, burst=3) as handle:
        rest = Rest(handle)
        statuses = [rest("app.info").status_code for _ in range(3)]
        response = rest("crm.lead.list")
    assert 503 not in statuses
    assert response.status_code == 503
    assert response.json() == example("error_query_limit_exceeded.json")


@covers("error_operation_time_limit.json")
def test_a_method_over_its_time_budget_is_the_documented_429():
    with running_devportal(operating_limit=1.0, operating_scale=1e9) as handle:
        rest = Rest(handle)
        first = rest("crm.lead.list")
        response = rest("crm.lead.list")
    assert first.status_code == 200
    assert response.status_code == 429
    assert response.json() == example("error_operation_time_limit.json")


@covers("oauth_refresh_response_ru.json", "oauth_refresh_response_en.json")
def test_refresh_answer_has_the_documented_keys_and_types(devportal):
    post = devportal.install()
    response = requests.get(devportal.oauth_token_url, params={
        "grant_type": "refresh_token", "client_id": devportal.client_id, "client_secret": devportal.client_secret,
        "refresh_token": post.form["REFRESH_ID"]}, timeout=10)
    assert response.status_code == 200
    for name in ("oauth_refresh_response_ru.json", "oauth_refresh_response_en.json"):
        same_keys_and_types(response.json(), example(name))
    assert response.json()["client_endpoint"] == response.json()["server_endpoint"] == devportal.rest_url


@covers("oauth_error_payment_required.json")
def test_refresh_after_the_paid_period_is_the_documented_error():
    with running_devportal(payment_required=True) as handle:
        post = handle.install()
        response = requests.post(handle.oauth_token_url, data={
            "grant_type": "refresh_token", "client_id": handle.client_id, "client_secret": handle.client_secret,
            "refresh_token": post.form["REFRESH_ID"]}, timeout=10)
    assert response.status_code >= 400
    assert response.json() == example("oauth_error_payment_required.json")


@covers("app_page_post_install_form.json")
def test_install_page_post_has_the_documented_fields(devportal):
    documented = example("app_page_post_install_form.json")
    post = devportal.install()
    assert set(post.fields) == set(documented)
    assert set(post.query) == {"DOMAIN", "PROTOCOL", "LANG", "APP_SID"}
    assert all(isinstance(v, str) for v in post.fields.values())
    assert post.form["PLACEMENT"] == "DEFAULT" and post.form["member_id"] == devportal.member_id


@covers("placement_post_crm_deal_detail_tab_form.json")
def test_card_tab_post_has_the_documented_fields(devportal, rest: Rest):
    documented = example("placement_post_crm_deal_detail_tab_form.json")
    token = installed(devportal)
    rest.result("placement.bind", {"PLACEMENT": "CRM_DEAL_DETAIL_TAB", "HANDLER": "https://app.example/tab"},
                auth=token)
    post = devportal.placement_post(2, "CRM_DEAL_DETAIL_TAB", {"ID": "8061"})
    assert set(post.fields) == set(documented)
    options = json.loads(post.form["PLACEMENT_OPTIONS"])
    assert set(options) == set(json.loads(documented["PLACEMENT_OPTIONS"]))
    assert options["ID"] == "8061" and post.url.startswith("https://app.example/tab?")


@covers("placement_post_crm_requisite_autocomplete_form.json")
def test_requisite_autocomplete_post_has_the_documented_fields(devportal, rest: Rest):
    documented = example("placement_post_crm_requisite_autocomplete_form.json")
    token = installed(devportal)
    rest.result("placement.bind", {"PLACEMENT": "CRM_REQUISITE_AUTOCOMPLETE",
                                   "HANDLER": "https://app.example/autocomplete"}, auth=token)
    post = devportal.placement_post(2, "CRM_REQUISITE_AUTOCOMPLETE", {"searchQuery": "7712345678"})
    assert set(post.fields) == set(documented)
    assert set(json.loads(post.form["PLACEMENT_OPTIONS"])) == set(json.loads(documented["PLACEMENT_OPTIONS"]))


@covers("event_onappinstall.json")
def test_onappinstall_reaches_the_install_url_in_the_documented_shape(catcher):
    with running_devportal(app_url=catcher.url) as handle:
        handle.install()
        handle.finish_install()
        handle.wait_for_events()
    (received,) = catcher.wait_for(1)
    assert received["path"] == "/install" and received["content_type"] == "application/x-www-form-urlencoded"
    documented = example("event_onappinstall.json")
    ours = catcher.nested(0)
    assert set(ours) == set(documented) and set(ours["auth"]) == set(documented["auth"])
    assert set(ours["data"]) == set(documented["data"]) and ours["event"] == "ONAPPINSTALL"


@covers("event_onappuninstall.json")
def test_onappuninstall_reaches_bound_handlers_without_tokens(catcher):
    with running_devportal(app_url="http://127.0.0.1:9") as handle:
        token = installed(handle)
        Rest(handle).result("event.bind", {"event": "ONAPPUNINSTALL", "handler": f"{catcher.url}/events"}, auth=token)
        handle.uninstall()
        handle.wait_for_events()
    catcher.wait_for(1)
    documented = example("event_onappuninstall.json")
    ours = catcher.nested(0)
    assert set(ours) == set(documented) and set(ours["auth"]) == set(documented["auth"])
    assert set(ours["data"]) == set(documented["data"]) and ours["event"] == "ONAPPUNINSTALL"


@covers("event_oncrmleadadd_form_flat.json", "event_oncrmleadadd_nested.json")
def test_oncrmleadadd_has_exactly_the_documented_form_keys(catcher):
    with running_devportal(app_url="http://127.0.0.1:9") as handle:
        token = installed(handle)
        rest = Rest(handle)
        rest.result("event.bind", {"event": "ONCRMLEADADD", "handler": f"{catcher.url}/events"}, auth=token)
        lead_id = rest.result("crm.lead.add", {"fields": {"TITLE": "Заявка"}}, auth=token)
        handle.wait_for_events()
    (received,) = catcher.wait_for(1)
    flat = dict(received["form"])
    assert set(flat) == set(example("event_oncrmleadadd_form_flat.json"))
    assert flat["data[FIELDS][ID]"] == str(lead_id) and flat["auth[application_token]"] == handle.application_token
    documented = example("event_oncrmleadadd_nested.json")
    assert shape(catcher.nested(0)) == shape(documented)


def test_every_documented_example_has_a_contract_test():
    names = {p.name for p in EXAMPLES.glob("*.json")}
    assert names, f"no examples found in {EXAMPLES}"
    assert names - COVERED == set()

