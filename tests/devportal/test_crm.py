"""Leads, contacts, companies: multi-fields, lists (filters, select, paging, the ID cursor), links."""
from __future__ import annotations

import pytest
from tests.devportal.devportal_helpers import Rest


def phones(rest: Rest, contact_id: int) -> list[tuple[str, str]]:
    return [(p["VALUE"], p["VALUE_TYPE"]) for p in rest.result("crm.contact.get", {"id": contact_id}).get("PHONE", [])]


@pytest.fixture
def contact(rest: Rest) -> int:
    return rest.result("crm.contact.add", {"fields": {"NAME": "Иван", "PHONE": [
        {"VALUE": "111111", "VALUE_TYPE": "WORK"}, {"VALUE": "222222", "VALUE_TYPE": "WORK"},
        {"VALUE": "333333", "VALUE_TYPE": "WORK"}, {"VALUE": "444444", "VALUE_TYPE": "WORK"}]}})


def test_multifield_values_without_id_are_added_and_the_rest_kept(rest: Rest, contact: int):
    rest.result("crm.contact.update", {"id": contact, "fields": {"PHONE": [{"VALUE": "55555", "VALUE_TYPE": "HOME"}]}})
    assert phones(rest, contact)[-1] == ("55555", "HOME") and len(phones(rest, contact)) == 5


def test_multifield_value_with_id_is_changed(rest: Rest, contact: int):
    second = rest.result("crm.contact.get", {"id": contact})["PHONE"][1]["ID"]
    rest.result("crm.contact.update", {"id": contact, "fields": {"PHONE": [
        {"ID": second, "VALUE": "999999", "VALUE_TYPE": "MOBILE"}]}})
    assert phones(rest, contact)[1] == ("999999", "MOBILE")


def test_delete_y_empty_value_and_bare_id_all_delete_a_value(rest: Rest, contact: int):
    ids = [p["ID"] for p in rest.result("crm.contact.get", {"id": contact})["PHONE"]]
    rest.result("crm.contact.update", {"id": contact, "fields": {"PHONE": [
        {"ID": ids[0], "DELETE": "Y"}, {"ID": ids[1], "VALUE": ""}, {"ID": ids[2]}]}})
    assert phones(rest, contact) == [("444444", "WORK")]


def test_multifield_ids_of_another_record_are_ignored(rest: Rest, contact: int):
    other = rest.result("crm.contact.add", {"fields": {"NAME": "Олег", "PHONE": [{"VALUE": "777"}]}})
    foreign = rest.result("crm.contact.get", {"id": other})["PHONE"][0]["ID"]
    rest.result("crm.contact.update", {"id": contact, "fields": {"PHONE": [{"ID": foreign, "DELETE": "Y"}]}})
    assert phones(rest, other) == [("777", "WORK")] and len(phones(rest, contact)) == 4


def test_has_phone_and_has_email_follow_the_values(rest: Rest):
    lead_id = rest.result("crm.lead.add", {"fields": {"TITLE": "x", "EMAIL": [{"VALUE": "a@b.ru"}]}})
    lead = rest.result("crm.lead.get", {"id": lead_id})
    assert (lead["HAS_EMAIL"], lead["HAS_PHONE"]) == ("Y", "N")
    rest.result("crm.lead.update", {"id": lead_id, "fields": {"EMAIL": [{"ID": lead["EMAIL"][0]["ID"], "VALUE": ""}]}})
    assert rest.result("crm.lead.get", {"id": lead_id})["HAS_EMAIL"] == "N"


def test_an_invalid_email_is_refused_and_nothing_is_written(rest: Rest):
    response = rest("crm.contact.add", {"fields": {"NAME": "Ира", "EMAIL": [{"VALUE": "not-an-email"}]}})
    assert response.status_code == 400 and response.json()["error"] == "ERROR_CORE"
    assert rest.result("crm.contact.list") == []


def test_list_select_defaults_leave_multifields_out_unless_named(rest: Rest, contact: int):
    default_row = rest.result("crm.contact.list")[0]
    star_row = rest.result("crm.contact.list", {"select": ["*"]})[0]
    uf_row = rest.result("crm.contact.list", {"select": ["*", "UF_*", "PHONE"]})[0]
    named = rest.result("crm.contact.list", {"select": ["NAME", "PHONE"]})[0]
    assert "PHONE" not in default_row and "UF_CRM_1720697698689" in default_row
    assert "UF_CRM_1720697698689" not in star_row and "PHONE" not in star_row
    assert "UF_CRM_1720697698689" in uf_row and len(uf_row["PHONE"]) == 4
    assert set(named) == {"ID", "NAME", "PHONE"}            # the core adds ID when multi-fields are selected


@pytest.fixture
def titled_companies(rest: Rest) -> list[int]:
    titles = ["ООО «Ромашка»", "АО «Вектор»", "ИП Иванов И.И.", "ООО «Ромашка-Строй»", "Гранит"]
    return [rest.result("crm.company.add", {"fields": {"TITLE": t, "REVENUE": str(i * 100)}})
            for i, t in enumerate(titles)]


@pytest.mark.parametrize("filter_, expected", [
    ({">ID": 2}, [3, 4, 5]),
    ({">=ID": 2, "<ID": 4}, [2, 3]),
    ({"%TITLE": "ромашка"}, [1, 4]),
    ({"=%TITLE": "ООО%"}, [1, 4]),
    ({"TITLE": "гранит"}, [5]),
    ({"@ID": [1, 5]}, [1, 5]),
    ({"!@ID": [1, 5]}, [2, 3, 4]),
    ({"!TITLE": "Гранит", ">REVENUE": 100}, [3, 4]),
    ({"ID": [2, 3]}, [2, 3]),
    ({"UNKNOWN_FIELD": "x"}, [1, 2, 3, 4, 5]),
])
def test_list_filter_operators(rest: Rest, titled_companies: list[int], filter_: dict, expected: list[int]):
    rows = rest.result("crm.company.list", {"filter": filter_, "select": ["ID"]})
    assert [int(r["ID"]) for r in rows] == [titled_companies[i - 1] for i in expected]


def test_multifield_filter_matches_exact_values_only(rest: Rest, contact: int):
    assert len(rest.result("crm.contact.list", {"filter": {"PHONE": "222222"}})) == 1
    assert rest.result("crm.contact.list", {"filter": {"PHONE": "2222"}}) == []


def test_pages_of_fifty_with_total_and_next(rest: Rest):
    rest.result("batch", {"cmd": {str(i): f"crm.lead.add?fields[TITLE]=L{i}" for i in range(50)}})
    rest.result("batch", {"cmd": {str(i): f"crm.lead.add?fields[TITLE]=M{i}" for i in range(10)}})
    first = rest("crm.lead.list", {"select": ["ID"]}).json()
    second = rest("crm.lead.list", {"select": ["ID"], "start": 50}).json()
    assert (len(first["result"]), first["next"], first["total"]) == (50, 50, 60)
    assert (len(second["result"]), second["total"]) == (10, 60) and "next" not in second


def test_start_minus_one_skips_the_count_and_the_id_cursor_reads_everything(rest: Rest):
    for chunk in range(3):
        rest.result("batch", {"cmd": {str(i): f"crm.contact.add?fields[NAME]=N{chunk}{i}" for i in range(45)}})
    seen, last = [], 0
    while True:
        page = rest("crm.contact.list", {"order": {"ID": "ASC"}, "filter": {">ID": last}, "select": ["ID"],
                                         "start": -1}).json()
        assert page["total"] == 0 and "next" not in page
        seen += [int(r["ID"]) for r in page["result"]]
        if len(page["result"]) < 50:
            break
        last = seen[-1]
    assert seen == list(range(1, 136))


def test_order_desc_by_title(rest: Rest, titled_companies: list[int]):
    rows = rest.result("crm.company.list", {"order": {"TITLE": "DESC"}, "select": ["TITLE"]})
    assert [r["TITLE"] for r in rows] == sorted([r["TITLE"] for r in rows], key=str.lower, reverse=True)


def test_contact_company_links_from_fields_and_items(rest: Rest):
    a, b, c = (rest.result("crm.company.add", {"fields": {"TITLE": t}}) for t in ("A", "B", "C"))
    contact_id = rest.result("crm.contact.add", {"fields": {"NAME": "Ира", "COMPANY_IDS": [a, b]}})
    assert rest.result("crm.contact.get", {"id": contact_id})["COMPANY_ID"] == str(a)
    rest.result("crm.contact.company.items.set", {"id": contact_id, "items": [
        {"COMPANY_ID": c}, {"COMPANY_ID": b, "IS_PRIMARY": "Y"}]})
    items = rest.result("crm.contact.company.items.get", {"id": contact_id})
    assert items == [{"COMPANY_ID": c, "SORT": 10, "ROLE_ID": 0, "IS_PRIMARY": "N"},
                     {"COMPANY_ID": b, "SORT": 20, "ROLE_ID": 0, "IS_PRIMARY": "Y"}]
    assert rest.result("crm.contact.get", {"id": contact_id})["COMPANY_ID"] == str(b)
    assert [i["CONTACT_ID"] for i in rest.result("crm.company.contact.items.get", {"id": c})] == [contact_id]
    assert rest.result("crm.company.contact.items.get", {"id": a}) == []


def test_company_side_item_set_moves_contacts_and_their_company_id(rest: Rest):
    company = rest.result("crm.company.add", {"fields": {"TITLE": "A"}})
    first = rest.result("crm.contact.add", {"fields": {"NAME": "1", "COMPANY_ID": company}})
    second = rest.result("crm.contact.add", {"fields": {"NAME": "2"}})
    rest.result("crm.company.contact.items.set", {"id": company, "items": [{"CONTACT_ID": second}]})
    assert rest.result("crm.contact.get", {"id": first})["COMPANY_ID"] is None
    assert rest.result("crm.contact.get", {"id": second})["COMPANY_ID"] == str(company)


def test_first_item_becomes_primary_when_none_is(rest: Rest):
    contacts = [rest.result("crm.contact.add", {"fields": {"NAME": n}}) for n in ("1", "2")]
    lead = rest.result("crm.lead.add", {"fields": {"TITLE": "x"}})
    rest.result("crm.lead.contact.items.set", {"id": lead, "items": [{"CONTACT_ID": contacts[1], "SORT": 5},
                                                                     {"CONTACT_ID": contacts[0], "SORT": 7}]})
    items = rest.result("crm.lead.contact.items.get", {"id": lead})
    assert [(i["CONTACT_ID"], i["IS_PRIMARY"]) for i in items] == [(contacts[1], "Y"), (contacts[0], "N")]
    assert rest.result("crm.lead.get", {"id": lead})["CONTACT_ID"] == str(contacts[1])


def test_deal_bound_to_company_and_contacts(rest: Rest):
    company = rest.result("crm.company.add", {"fields": {"TITLE": "A"}})
    contact = rest.result("crm.contact.add", {"fields": {"NAME": "Ира"}})
    deal = rest.result("crm.deal.add", {"fields": {"TITLE": "Поставка", "COMPANY_ID": company,
                                                   "CONTACT_IDS": [contact]}})
    got = rest.result("crm.deal.get", {"id": deal})
    assert (got["COMPANY_ID"], got["CONTACT_ID"]) == (str(company), str(contact))
    assert [i["CONTACT_ID"] for i in rest.result("crm.deal.contact.items.get", {"id": deal})] == [contact]
    assert rest.result("crm.deal.list", {"filter": {"COMPANY_ID": company}, "select": ["ID"]}) == [{"ID": str(deal)}]


def test_deleting_a_company_unlinks_contacts_and_removes_its_requisites(rest: Rest):
    company = rest.result("crm.company.add", {"fields": {"TITLE": "A"}})
    contact = rest.result("crm.contact.add", {"fields": {"NAME": "Ира", "COMPANY_ID": company}})
    rest.result("crm.requisite.add", {"fields": {"ENTITY_TYPE_ID": 4, "ENTITY_ID": company, "PRESET_ID": 1,
                                                 "NAME": "Организация"}})
    assert rest.result("crm.company.delete", {"id": company}) is True
    assert rest.result("crm.contact.get", {"id": contact})["COMPANY_ID"] is None
    assert rest.result("crm.requisite.list") == []


def test_read_only_fields_are_ignored_on_write(rest: Rest):
    lead = rest.result("crm.lead.add", {"fields": {"TITLE": "x", "DATE_CREATE": "2001-01-01T00:00:00+03:00",
                                                   "CREATED_BY_ID": 3, "HAS_PHONE": "Y"}})
    got = rest.result("crm.lead.get", {"id": lead})
    assert got["DATE_CREATE"] != "2001-01-01T00:00:00+03:00" and got["CREATED_BY_ID"] == "1"
    assert got["HAS_PHONE"] == "N"


def test_dates_are_accepted_in_russian_format_and_returned_in_iso(rest: Rest):
    contact = rest.result("crm.contact.add", {"fields": {"NAME": "Ира", "BIRTHDATE": "11.11.1999"}})
    assert rest.result("crm.contact.get", {"id": contact})["BIRTHDATE"] == "1999-11-11T00:00:00+03:00"
