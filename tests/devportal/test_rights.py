"""An administrator may do anything; a manager reads everything but changes only what is assigned to them.
Every user acts with their own tokens (the frame POST carries the opening user's AUTH_ID)."""
from __future__ import annotations

import pytest
from tests.devportal.devportal_helpers import Rest, installed

from devportal.testing import DevportalHandle

ADMIN, MANAGER, OTHER_MANAGER = 1, 2, 3
DENIED = {"error": "", "error_description": "Access denied."}


@pytest.fixture
def manager_token(devportal: DevportalHandle) -> str:
    installed(devportal)
    return devportal.tokens_for(MANAGER).access_token


def test_a_users_token_acts_as_that_user(devportal: DevportalHandle, rest: Rest, manager_token: str):
    assert rest.result("user.current", auth=manager_token)["ID"] == str(MANAGER)
    rest.result("placement.bind", {"PLACEMENT": "CRM_COMPANY_DETAIL_TAB", "HANDLER": "https://app.example/tab"},
                auth=devportal.tokens_for(ADMIN).access_token)
    tab = devportal.placement_post(OTHER_MANAGER, "CRM_COMPANY_DETAIL_TAB", {"ID": "1"})
    assert rest.result("user.current", auth=tab.form["AUTH_ID"])["ID"] == str(OTHER_MANAGER)
    assert rest.result("user.admin", auth=tab.form["AUTH_ID"]) is False


def test_a_manager_reads_records_of_others(devportal: DevportalHandle, rest: Rest, manager_token: str):
    company = devportal.add("company", {"TITLE": "Чужая", "ASSIGNED_BY_ID": OTHER_MANAGER})
    assert rest.result("crm.company.get", {"id": company}, auth=manager_token)["TITLE"] == "Чужая"
    assert len(rest.result("crm.company.list", auth=manager_token)) == 1


def test_a_manager_cannot_change_or_delete_records_of_others(devportal: DevportalHandle, rest: Rest,
                                                              manager_token: str):
    company = devportal.add("company", {"TITLE": "Чужая", "ASSIGNED_BY_ID": OTHER_MANAGER})
    update = rest("crm.company.update", {"id": company, "fields": {"TITLE": "Моя"}}, auth=manager_token)
    delete = rest("crm.company.delete", {"id": company}, auth=manager_token)
    assert (update.status_code, update.json()) == (400, DENIED)
    assert (delete.status_code, delete.json()) == (400, DENIED)
    assert rest.result("crm.company.get", {"id": company})["TITLE"] == "Чужая"


def test_a_manager_changes_own_records_and_an_admin_changes_any(devportal: DevportalHandle, rest: Rest,
                                                                manager_token: str):
    own = rest.result("crm.contact.add", {"fields": {"NAME": "Моя"}}, auth=manager_token)
    assert rest.result("crm.contact.get", {"id": own})["ASSIGNED_BY_ID"] == str(MANAGER)
    assert rest.result("crm.contact.update", {"id": own, "fields": {"NAME": "Моя!"}}, auth=manager_token) is True
    admin_token = devportal.tokens_for(ADMIN).access_token
    assert rest.result("crm.contact.update", {"id": own, "fields": {"NAME": "Админ"}}, auth=admin_token) is True
    assert rest.result("crm.contact.delete", {"id": own}, auth=admin_token) is True


def test_reassigning_a_record_away_takes_the_managers_rights_with_it(devportal: DevportalHandle, rest: Rest,
                                                                     manager_token: str):
    own = rest.result("crm.lead.add", {"fields": {"TITLE": "x"}}, auth=manager_token)
    rest.result("crm.lead.update", {"id": own, "fields": {"ASSIGNED_BY_ID": OTHER_MANAGER}}, auth=manager_token)
    assert rest("crm.lead.update", {"id": own, "fields": {"TITLE": "y"}}, auth=manager_token).json() == DENIED


def test_requisites_addresses_and_links_follow_the_owner_records_rights(devportal: DevportalHandle, rest: Rest,
                                                                         manager_token: str):
    company = devportal.add("company", {"TITLE": "Чужая", "ASSIGNED_BY_ID": OTHER_MANAGER})
    requisite = rest.result("crm.requisite.add", {"fields": {"ENTITY_TYPE_ID": 4, "ENTITY_ID": company,
                                                             "PRESET_ID": 1, "NAME": "Организация"}})
    attempts = [
        rest("crm.requisite.add", {"fields": {"ENTITY_TYPE_ID": 4, "ENTITY_ID": company, "PRESET_ID": 1,
                                              "NAME": "Ещё"}}, auth=manager_token),
        rest("crm.requisite.update", {"id": requisite, "fields": {"RQ_INN": "7707083893"}}, auth=manager_token),
        rest("crm.requisite.delete", {"id": requisite}, auth=manager_token),
        rest("crm.address.add", {"fields": {"TYPE_ID": 6, "ENTITY_TYPE_ID": 8, "ENTITY_ID": requisite,
                                            "CITY": "Москва"}}, auth=manager_token),
        rest("crm.company.contact.items.set", {"id": company, "items": []}, auth=manager_token),
    ]
    assert [a.json() for a in attempts] == [DENIED] * len(attempts)
    assert rest.result("crm.requisite.get", {"id": requisite}, auth=manager_token)["RQ_INN"] is None


def test_a_manager_may_not_merge_records_of_others(devportal: DevportalHandle, rest: Rest, manager_token: str):
    ids = [devportal.add("contact", {"NAME": "Иван", "ASSIGNED_BY_ID": OTHER_MANAGER}) for _ in range(2)]
    response = rest("crm.entity.mergeBatch", {"params": {"entityTypeId": 3, "entityIds": ids}}, auth=manager_token)
    assert response.status_code == 400 and response.json() == {"error": 0, "error_description": "Access denied."}
    assert len(rest.result("crm.contact.list")) == 2


def test_only_an_admin_binds_placements_and_reads_the_offline_queue(rest: Rest, manager_token: str):
    bind = rest("placement.bind", {"PLACEMENT": "CRM_COMPANY_DETAIL_TAB", "HANDLER": "https://a.example/"},
                auth=manager_token)
    offline = rest("event.offline.get", auth=manager_token)
    offline_bind = rest("event.bind", {"event": "ONCRMLEADADD", "event_type": "offline"}, auth=manager_token)
    for response in (bind, offline, offline_bind):
        assert response.status_code == 403 and response.json()["error"] == "ACCESS_DENIED"
