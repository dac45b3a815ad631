"""crm.duplicate.findbycomm (the 20-value and 20-hit rules) and crm.entity.mergeBatch outcomes."""
from __future__ import annotations

import pytest
from tests.devportal.devportal_helpers import Rest

from devportal.testing import running_devportal


def add(rest: Rest, kind: str, **fields) -> int:
    return rest.result(f"crm.{kind}.add", {"fields": fields})


def phone(value: str) -> list[dict]:
    return [{"VALUE": value, "VALUE_TYPE": "WORK"}]


def test_phones_match_by_digits_whatever_the_formatting_and_extension(rest: Rest):
    a = add(rest, "contact", NAME="A", PHONE=phone("+7 (912) 345-67-89"))
    b = add(rest, "contact", NAME="B", PHONE=phone("+79123456789 доб. 123"))
    add(rest, "contact", NAME="C", PHONE=phone("8 912 345-67-89"))           # 8… is not rewritten to 7…
    found = rest.result("crm.duplicate.findbycomm", {"type": "PHONE", "values": ["79123456789"]})
    assert found == {"CONTACT": [a, b]}


def test_emails_match_case_insensitively_and_every_type_is_searched(rest: Rest):
    lead = add(rest, "lead", TITLE="x", EMAIL=[{"VALUE": "Ivan@Mail.ru"}])
    contact = add(rest, "contact", NAME="I", EMAIL=[{"VALUE": "ivan@mail.ru"}])
    company = add(rest, "company", TITLE="C", EMAIL=[{"VALUE": "IVAN@MAIL.RU"}])
    found = rest.result("crm.duplicate.findbycomm", {"type": "EMAIL", "values": ["ivan@mail.ru"]})
    assert found == {"LEAD": [lead], "CONTACT": [contact], "COMPANY": [company]}
    only = rest.result("crm.duplicate.findbycomm", {"type": "EMAIL", "values": ["ivan@mail.ru"],
                                                    "entity_type": "COMPANY"})
    assert only == {"COMPANY": [company]}


def test_nothing_found_is_an_empty_array(rest: Rest):
    assert rest.result("crm.duplicate.findbycomm", {"type": "PHONE", "values": ["000"]}) == []


def test_only_the_first_twenty_values_are_searched(rest: Rest):
    last = add(rest, "contact", NAME="Last", PHONE=phone("2100"))
    values = [str(2000 + i) for i in range(20)] + ["2100"]
    assert rest.result("crm.duplicate.findbycomm", {"type": "PHONE", "values": values}) == []
    assert rest.result("crm.duplicate.findbycomm", {"type": "PHONE", "values": values[-20:]}) == {"CONTACT": [last]}


@pytest.mark.parametrize("leads, contact_returned", [(19, True), (20, False)])
def test_twenty_hits_of_one_type_suppress_the_types_after_it(rest: Rest, leads: int, contact_returned: bool):
    rest.result("batch", {"cmd": {str(i): "crm.lead.add?fields[TITLE]=L&fields[PHONE][0][VALUE]=555"
                                   for i in range(leads)}})
    contact = add(rest, "contact", NAME="C", PHONE=phone("555"))
    found = rest.result("crm.duplicate.findbycomm", {"type": "PHONE", "values": ["555"]})
    assert len(found["LEAD"]) == leads
    assert ("CONTACT" in found) is contact_returned and found.get("CONTACT", [contact]) == [contact]


@pytest.mark.parametrize("params, error", [
    ({"values": ["1"]}, "Communication type is not defined"),
    ({"type": "WEB", "values": ["1"]}, "Communication type 'WEB' is not supported in current context"),
    ({"type": "PHONE"}, "Communication values is not defined"),
    ({"type": "PHONE", "values": "8912"}, "Communication values is not defined"),
])
def test_findbycomm_argument_errors(rest: Rest, params: dict, error: str):
    response = rest("crm.duplicate.findbycomm", params)
    assert response.status_code == 400 and response.json()["error"] == error


def merge(rest: Rest, type_id: int, ids: list[int]):
    return rest("crm.entity.mergeBatch", {"params": {"entityTypeId": type_id, "entityIds": ids}})


def test_merge_fills_empty_fields_unites_values_and_moves_dependents(rest: Rest):
    company = add(rest, "company", TITLE="Ромашка")
    keep = add(rest, "contact", NAME="Иван", LAST_NAME="Петров", PHONE=phone("111"))
    other = add(rest, "contact", NAME="Иван", POST="Директор", COMPANY_ID=company,
                PHONE=phone("111") + phone("222"), EMAIL=[{"VALUE": "i@p.ru"}])
    requisite = rest.result("crm.requisite.add", {"fields": {"ENTITY_TYPE_ID": 3, "ENTITY_ID": other,
                                                             "PRESET_ID": 3, "NAME": "Физ. лицо"}})
    deal = add(rest, "deal", TITLE="Сделка", CONTACT_IDS=[other])
    activity = rest.result("crm.activity.add", {"fields": {"OWNER_TYPE_ID": 3, "OWNER_ID": other, "TYPE_ID": 2,
                                                           "SUBJECT": "Звонок"}})
    response = merge(rest, 3, [keep, other])
    assert response.json()["result"] == {"STATUS": "SUCCESS", "ENTITY_IDS": [other]}
    survivor = rest.result("crm.contact.get", {"id": keep})
    assert (survivor["LAST_NAME"], survivor["POST"], survivor["COMPANY_ID"]) == ("Петров", "Директор", str(company))
    assert [p["VALUE"] for p in survivor["PHONE"]] == ["111", "222"] and survivor["EMAIL"][0]["VALUE"] == "i@p.ru"
    assert rest.result("crm.requisite.get", {"id": requisite})["ENTITY_ID"] == str(keep)
    assert rest.result("crm.deal.get", {"id": deal})["CONTACT_ID"] == str(keep)
    assert rest.result("crm.activity.list", {"filter": {"OWNER_ID": keep}})[0]["ID"] == str(activity)
    assert rest("crm.contact.get", {"id": other}).json()["error_description"] == "Not found"


def test_conflicting_filled_values_refuse_the_merge_and_change_nothing(rest: Rest):
    keep = add(rest, "company", TITLE="ООО «Ромашка»", PHONE=phone("1"))
    other = add(rest, "company", TITLE="Ромашка ООО", PHONE=phone("2"))
    response = merge(rest, 4, [keep, other])
    assert response.status_code == 400 and response.json()["error"] == 0
    assert len(rest.result("crm.company.list")) == 2
    assert len(rest.result("crm.company.get", {"id": keep})["PHONE"]) == 1


def test_conflict_as_result_status_when_the_portal_is_told_so():
    with running_devportal(merge_failure_as_error=False) as handle:
        rest = Rest(handle)
        ids = [add(rest, "lead", TITLE=t) for t in ("A", "B")]
        response = merge(rest, 1, ids)
    assert response.status_code == 200
    assert response.json()["result"] == {"STATUS": "CONFLICT", "ENTITY_IDS": ids[1:]}


def test_missing_ids_are_dropped_and_the_next_existing_id_survives(rest: Rest):
    first, second = (add(rest, "lead", TITLE="Заявка") for _ in range(2))
    response = merge(rest, 1, [999, first, 998, second])
    assert response.json()["result"] == {"STATUS": "SUCCESS", "ENTITY_IDS": [second]}
    assert rest.result("crm.lead.get", {"id": first})["TITLE"] == "Заявка"


@pytest.mark.parametrize("params, description", [
    ({"entityIds": [1, 2]}, "The parameter entityTypeId is required."),
    ({"entityTypeId": 3, "entityIds": [998, 999]}, "The parameter entityIds does not contains valid elements."),
    ({"entityTypeId": 3}, "The parameter entityIds does not contains valid elements."),
])
def test_merge_argument_errors(rest: Rest, params: dict, description: str):
    response = rest("crm.entity.mergeBatch", {"params": params})
    assert response.status_code == 400 and response.json() == {"error": 0, "error_description": description}


def test_merge_of_an_unknown_type(rest: Rest):
    response = merge(rest, 999, [1, 2])
    assert response.status_code == 400 and response.json()["error_description"] == "Owner was not found"
