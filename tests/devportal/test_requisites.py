"""Requisites, addresses and bank details: owners, immutable fields, cascades, documented error texts."""
from __future__ import annotations

import pytest
from tests.devportal.devportal_helpers import Rest


@pytest.fixture
def company(rest: Rest) -> int:
    return rest.result("crm.company.add", {"fields": {"TITLE": "ООО «Ромашка»"}})


@pytest.fixture
def requisite(rest: Rest, company: int) -> int:
    return rest.result("crm.requisite.add", {"fields": {"ENTITY_TYPE_ID": 4, "ENTITY_ID": company, "PRESET_ID": 1,
                                                        "NAME": "Организация", "RQ_INN": "7707083893"}})


def address(requisite: int, **parts) -> dict:
    return {"fields": {"TYPE_ID": 6, "ENTITY_TYPE_ID": 8, "ENTITY_ID": requisite, **parts}}


def test_owner_type_entity_and_preset_cannot_change(rest: Rest, company: int, requisite: int):
    other = rest.result("crm.company.add", {"fields": {"TITLE": "Другая"}})
    assert rest.result("crm.requisite.update", {"id": requisite, "fields": {
        "ENTITY_TYPE_ID": 3, "ENTITY_ID": other, "PRESET_ID": 2, "RQ_KPP": "773601001"}}) is True
    got = rest.result("crm.requisite.get", {"id": requisite})
    assert (got["ENTITY_TYPE_ID"], got["ENTITY_ID"], got["PRESET_ID"], got["RQ_KPP"]) == ("4", str(company), "1",
                                                                                         "773601001")
    assert got["DATE_MODIFY"] != "" and got["MODIFY_BY_ID"] == "1"


@pytest.mark.parametrize("fields, description", [
    ({"ENTITY_TYPE_ID": 1, "ENTITY_ID": 1, "PRESET_ID": 1, "NAME": "x"}, "ENTITY_TYPE_ID is not defined or invalid."),
    ({"ENTITY_TYPE_ID": 4, "ENTITY_ID": 999, "PRESET_ID": 1, "NAME": "x"}, "ENTITY_ID is not defined or invalid."),
    ({"ENTITY_TYPE_ID": 4, "ENTITY_ID": 1, "PRESET_ID": 9, "NAME": "x"}, "PRESET_ID is not defined or invalid."),
])
def test_a_requisite_needs_a_contact_or_company_owner_and_a_known_preset(rest: Rest, company: int,
                                                                         fields: dict, description: str):
    response = rest("crm.requisite.add", {"fields": fields})
    assert response.status_code == 400 and response.json() == {"error": "", "error_description": description}


def test_a_missing_requisite_has_the_documented_text(rest: Rest):
    response = rest("crm.requisite.update", {"id": 57, "fields": {"RQ_INN": "1"}})
    assert response.json() == {"error": "", "error_description": "The Requisite with ID '57' is not found"}


def test_values_longer_than_the_portal_allows_are_refused(rest: Rest, requisite: int):
    response = rest("crm.requisite.update", {"id": requisite, "fields": {"RQ_KPP": "7736010011"}})
    assert response.status_code == 400
    assert rest.result("crm.requisite.get", {"id": requisite})["RQ_KPP"] is None


def test_deleting_a_requisite_deletes_its_addresses_and_bank_details(rest: Rest, requisite: int):
    rest.result("crm.address.add", address(requisite, CITY="Москва"))
    rest.result("crm.requisite.bankdetail.add", {"fields": {"ENTITY_ID": requisite, "NAME": "Счёт",
                                                            "RQ_BIK": "044525225"}})
    assert rest.result("crm.requisite.delete", {"id": requisite}) is True
    assert rest.result("crm.address.list") == [] and rest.result("crm.requisite.bankdetail.list") == []


def test_one_address_per_type_and_owner(rest: Rest, requisite: int):
    assert rest.result("crm.address.add", address(requisite, CITY="Москва")) is True
    again = rest("crm.address.add", address(requisite, CITY="Тверь"))
    assert again.json() == {"error": "", "error_description": "TypeAddress exists"}
    assert rest.result("crm.address.add", {"fields": {**address(requisite)["fields"], "TYPE_ID": 1}}) is True


def test_address_update_replaces_the_parts_and_delete_removes_it(rest: Rest, requisite: int):
    rest.result("crm.address.add", address(requisite, ADDRESS_1="Ленина, 2", CITY="Тюмень", POSTAL_CODE="625003"))
    rest.result("crm.address.update", address(requisite, CITY="Тобольск"))
    (row,) = rest.result("crm.address.list")
    assert (row["CITY"], row["ADDRESS_1"], row["POSTAL_CODE"]) == ("Тобольск", "", "")
    assert rest.result("crm.address.delete", address(requisite)) is True
    missing = rest("crm.address.update", address(requisite, CITY="X"))
    assert missing.json()["error_description"] == "TypeAddress not found"


@pytest.mark.parametrize("fields, description", [
    ({"TYPE_ID": 5, "ENTITY_TYPE_ID": 8}, "TYPE_ID is not defined or invalid."),
    ({"TYPE_ID": 6, "ENTITY_TYPE_ID": 4}, "ENTITY_TYPE_ID is not defined or invalid."),
    ({"TYPE_ID": 6, "ENTITY_TYPE_ID": 8, "ENTITY_ID": 999}, "ENTITY_ID is not defined or invalid."),
])
def test_address_key_errors(rest: Rest, requisite: int, fields: dict, description: str):
    fields.setdefault("ENTITY_ID", requisite)
    assert rest("crm.address.add", {"fields": fields}).json()["error_description"] == description


def test_a_lead_holds_an_address_anchored_to_itself(rest: Rest):
    lead = rest.result("crm.lead.add", {"fields": {"TITLE": "x"}})
    rest.result("crm.address.add", {"fields": {"TYPE_ID": 1, "ENTITY_TYPE_ID": 1, "ENTITY_ID": lead, "CITY": "Омск"}})
    (row,) = rest.result("crm.address.list", {"filter": {"ENTITY_TYPE_ID": 1}})
    assert (row["ANCHOR_TYPE_ID"], row["ANCHOR_ID"]) == ("1", str(lead))


def test_bank_detail_crud(rest: Rest, requisite: int):
    detail = rest.result("crm.requisite.bankdetail.add", {"fields": {
        "ENTITY_ID": requisite, "NAME": "ПАО Сбербанк", "RQ_BIK": "044525225", "RQ_ACC_NUM": "40702810238000139300"}})
    assert rest.result("crm.requisite.bankdetail.update", {"id": detail, "fields": {"ENTITY_ID": 999,
                                                                                    "RQ_ACC_CURRENCY": "RUB"}})
    got = rest.result("crm.requisite.bankdetail.get", {"id": detail})
    assert (got["ENTITY_ID"], got["RQ_ACC_CURRENCY"], got["COUNTRY_ID"]) == (str(requisite), "RUB", "1")
    assert rest.result("crm.requisite.bankdetail.delete", {"id": detail}) is True
    assert rest("crm.requisite.bankdetail.get", {"id": detail}).status_code == 400


def test_presets_carry_the_default_xml_ids(rest: Rest):
    rows = rest.result("crm.requisite.preset.list", {"select": ["ID", "XML_ID"]})
    assert rows[:3] == [{"ID": "1", "XML_ID": "#CRM_REQUISITE_PRESET_DEF_RU_COMPANY#"},
                        {"ID": "2", "XML_ID": "#CRM_REQUISITE_PRESET_DEF_RU_INDIVIDUAL#"},
                        {"ID": "3", "XML_ID": "#CRM_REQUISITE_PRESET_DEF_RU_PERSON#"}]


def test_requisites_of_a_contact_go_when_the_contact_goes(rest: Rest):
    contact = rest.result("crm.contact.add", {"fields": {"NAME": "ИП Иванов"}})
    requisite = rest.result("crm.requisite.add", {"fields": {"ENTITY_TYPE_ID": 3, "ENTITY_ID": contact,
                                                             "PRESET_ID": 2, "NAME": "ИП"}})
    rest.result("crm.address.add", {"fields": {"TYPE_ID": 4, "ENTITY_TYPE_ID": 8, "ENTITY_ID": requisite}})
    rest.result("crm.contact.delete", {"id": contact})
    assert rest.result("crm.requisite.list") == [] and rest.result("crm.address.list") == []
