"""The card-tab service against an in-memory portal (`responses`) and the real DaData adapter (`pytest-httpx`).

Claims: the tab opens with one batch read; a fill is one batch read + one batch write; the journal
holds the before-snapshot before the portal changes; undo restores it; a DaData error, a bad input or
a portal refusal leaves the portal as it was.
"""
from __future__ import annotations

import json

import httpx
import pytest

from requisites.dadata_source import (BadApiKey, QuotaExhausted, RegistryRateLimited, RegistryTimeout,
                                      RegistryUnavailable)
from requisites.model import ConfirmationRequired, InvalidInput, Mode, UndoConflict
from services.requisites import ChangedSincePreview, NothingToUndo, Owner, RequisitesService, WriteFailed
from storage import journal
from tests.services.requisites_fixtures import (  # noqa: F401 (fixtures)
    BANK, BRANCH_KEY, COMPANY, DADATA, IP, LIQUIDATED, MAIN_KEY, SBER, client, db, portal, service, source,
)

def dadata_party(httpx_mock, answer=SBER):
    httpx_mock.add_response(url=DADATA + "findById/party", json=answer)


def fields_of(portal, owner=COMPANY):
    (requisite,) = portal.requisites_of(owner.type_id, owner.id)
    return requisite


# ---------------------------------------------------------------- reading

def test_opening_the_tab_costs_one_batch_read(service, portal):
    requisite_id = portal.add_requisite(4, "501", RQ_INN="7707083893", RQ_COMPANY_NAME="Сбер")
    portal.add_address(requisite_id, CITY="Москва", ADDRESS_1="ул Вавилова, д 19")
    view = service.card(COMPANY)
    assert portal.http_requests == 1 and portal.methods()[:1] == ["crm.requisite.preset.list"]
    assert view.inn_hint == "7707083893"
    (shown,) = view.requisites
    assert shown.id == requisite_id and shown.preset == "Организация"
    assert {row.field: row.value for row in shown.legal_address}["CITY"] == "Москва"
    assert view.can_undo is False


def test_inn_hint_comes_from_a_configured_company_field(db, client, source, portal):
    portal.companies["501"]["UF_CRM_INN"] = "ИНН 7736207543"
    service = RequisitesService(db=db, member_id="m1", client=client, source=source, inn_field="UF_CRM_INN")
    assert service.card(COMPANY).inn_hint == "7736207543"
    assert portal.http_requests == 1 and "crm.company.get" in portal.methods()


def test_a_company_with_no_inn_anywhere_hints_its_title_as_a_name_query(service, portal):
    portal.companies["501"]["TITLE"] = "Ромашка  Плюс"
    view = service.card(COMPANY)
    assert (view.inn_hint, view.name_hint) == (None, "Ромашка Плюс")
    assert portal.http_requests == 1 and "crm.company.get" in portal.methods()


def test_a_contact_hints_its_full_name(service, portal):
    portal.contacts["77"] = {"ID": "77", "NAME": "Иван", "SECOND_NAME": "Петрович", "LAST_NAME": "Сидоров"}
    assert service.card(Owner.contact("77")).name_hint == "Сидоров Иван Петрович"


def test_search_by_inn_asks_dadata_once_and_not_the_portal(service, portal, httpx_mock):
    dadata_party(httpx_mock)
    view = service.search("ИНН: 7707083893")
    assert [c.branch_type for c in view.candidates] == ["MAIN", "BRANCH"]
    assert view.more_branches_hint and "88" in view.more_branches_hint
    service.search("7707083893")
    assert len(httpx_mock.get_requests()) == 1 and portal.http_requests == 0


def test_search_by_name_uses_suggest(service, httpx_mock):
    httpx_mock.add_response(url=DADATA + "suggest/party", json=SBER)
    assert service.search("сбербанк").query_kind == "name"


# ---------------------------------------------------------------- preview

def test_preview_shows_the_diff_and_what_each_button_would_write(service, portal, httpx_mock):
    dadata_party(httpx_mock)
    portal.add_requisite(4, "501", RQ_INN="7707083893", RQ_DIRECTOR="Иванов Иван Иванович")
    view = service.preview(COMPANY, MAIN_KEY)
    rows = {row.field: row for row in view.rows}
    assert rows["RQ_KPP"].fill_empty_writes and rows["RQ_KPP"].replace_writes
    assert not rows["RQ_DIRECTOR"].fill_empty_writes and rows["RQ_DIRECTOR"].replace_writes
    assert rows["RQ_INN"].state == "same" and not rows["RQ_INN"].replace_writes
    assert view.changes["fill_empty"] < view.changes["replace"]
    assert portal.http_requests == 1 and portal.requisites_of(4, "501")[0].get("RQ_KPP") is None


# ---------------------------------------------------------------- applying

def test_fill_empty_creates_requisite_and_legal_address_in_one_write(service, portal, httpx_mock, db):
    dadata_party(httpx_mock)
    result = service.apply(COMPANY, MAIN_KEY, Mode.FILL_EMPTY)
    assert portal.http_requests == 2  # one batch read, one batch write
    requisite = fields_of(portal)
    assert requisite["PRESET_ID"] == "21" and requisite["NAME"] == "ПАО СБЕРБАНК"
    assert (requisite["RQ_INN"], requisite["RQ_KPP"], requisite["RQ_OGRN"]) == ("7707083893", "773601001", "1027700132195")
    assert requisite["RQ_COMPANY_REG_DATE"] == "20.06.1991" and requisite["RQ_DIRECTOR"] == "Греф Герман Оскарович"
    address = portal.address_of(requisite["ID"])
    assert (address["ADDRESS_1"], address["CITY"], address["POSTAL_CODE"]) == ("ул Вавилова, д 19", "Москва", "117312")
    assert result.created_requisite and result.requisite_id == requisite["ID"]
    entry = journal.get_entry(db, result.journal_id)
    assert entry["after"]["status"] == "applied" and entry["after"]["requisite_id"] == requisite["ID"]
    assert entry["before"]["requisite"] == {"id": None} and entry["user_id"] == 7


def test_last_change_is_read_from_the_journals_data_not_from_its_wording(service, portal, httpx_mock, db):
    dadata_party(httpx_mock)
    result = service.apply(COMPANY, MAIN_KEY, Mode.FILL_EMPTY)
    db["journal"].update(result.journal_id, {"summary": "wording of some later version"})
    view = service.card(COMPANY)
    change = view.last_change
    assert view.can_undo and (change.mode, change.bulk, change.title, change.inn, change.user_id) == (
        "fill_empty", False, "ПАО СБЕРБАНК", "7707083893", 7)
    assert change.at == journal.get_entry(db, result.journal_id)["created_at"]


def test_journal_holds_the_before_snapshot_before_the_portal_changes(service, portal, httpx_mock):
    dadata_party(httpx_mock)
    service.apply(COMPANY, MAIN_KEY, Mode.FILL_EMPTY)
    writes = [(method, rows) for method, rows in portal.log if method.endswith((".add", ".update"))]
    assert writes and all(rows == 1 for _, rows in writes)


def test_branch_fills_its_own_kpp_and_address(service, portal, httpx_mock):
    dadata_party(httpx_mock)
    service.search("7707083893")
    service.apply(COMPANY, BRANCH_KEY, Mode.FILL_EMPTY)
    requisite = fields_of(portal)
    assert requisite["RQ_KPP"] == "380843001" and portal.address_of(requisite["ID"])["CITY"] == "Иркутск"
    assert len(httpx_mock.get_requests()) == 1  # the branch came from the cached whole-INN answer


def test_replace_then_undo_restores_every_previous_value(service, portal, httpx_mock):
    dadata_party(httpx_mock)
    requisite_id = portal.add_requisite(4, "501", RQ_INN="7707083893", RQ_DIRECTOR="Иванов Иван Иванович",
                                        RQ_COMPANY_NAME='ПАО "Сбер"')
    portal.add_address(requisite_id, ADDRESS_1="ул Старая, д 1", ADDRESS_2="офис 5", CITY="Москва")
    before = portal.state()
    service.apply(COMPANY, MAIN_KEY, Mode.REPLACE)
    assert fields_of(portal)["RQ_DIRECTOR"] == "Греф Герман Оскарович"
    assert portal.address_of(requisite_id)["ADDRESS_2"] == ""
    requests_before_undo = portal.http_requests
    service.undo_last(COMPANY)
    assert portal.http_requests - requests_before_undo == 2  # read (conflict check) + write
    restored = fields_of(portal)
    assert restored["RQ_DIRECTOR"] == "Иванов Иван Иванович" and restored["RQ_COMPANY_NAME"] == 'ПАО "Сбер"'
    assert restored.get("RQ_KPP") in ("", None)
    assert portal.address_of(requisite_id)["ADDRESS_2"] == "офис 5"
    def filled(addresses):  # an absent part and an empty one are the same to the portal
        return [{k: v for k, v in a.items() if v} for a in addresses]
    assert filled(json.loads(portal.state())[1]) == filled(json.loads(before)[1])
    with pytest.raises(NothingToUndo):
        service.undo_last(COMPANY)


def test_undo_of_a_created_requisite_deletes_it_with_its_address_and_bank(service, portal, httpx_mock):
    dadata_party(httpx_mock)
    httpx_mock.add_response(url=DADATA + "findById/bank", json=BANK)
    before = portal.state()
    result = service.apply(COMPANY, MAIN_KEY, Mode.FILL_EMPTY, bik="044525225", account="40702810238000139300")
    assert portal.http_requests == 2  # one batch read, then requisite + address + bank detail in one batch write
    assert portal.batches[-1] == ["crm.requisite.add", "crm.address.add", "crm.requisite.bankdetail.add"]
    (detail,) = portal.bank_details.values()
    assert detail["ENTITY_ID"] == result.requisite_id and detail["RQ_COR_ACC_NUM"] == "30101810400000000225"
    assert detail["RQ_ACC_CURRENCY"] == "RUR"
    service.undo_last(COMPANY)
    assert portal.state() == before


def test_undo_refuses_to_overwrite_a_later_edit_unless_forced(service, portal, httpx_mock):
    dadata_party(httpx_mock)
    service.apply(COMPANY, MAIN_KEY, Mode.FILL_EMPTY)
    fields_of(portal)["RQ_KPP"] = "773601002"  # someone edits the card afterwards
    with pytest.raises(UndoConflict) as caught:
        service.undo_last(COMPANY)
    assert "RQ_KPP" in caught.value.user_message("ru")
    assert portal.requisites_of(4, "501")
    service.undo_last(COMPANY, force=True)
    assert portal.requisites_of(4, "501") == []


def test_entrepreneur_on_a_contact_gets_the_ip_preset(service, portal, httpx_mock):
    httpx_mock.add_response(url=DADATA + "findById/party", json=IP)
    contact = Owner.contact("77")
    service.apply(contact, "771234567859||318774600123452", Mode.FILL_EMPTY)
    requisite = fields_of(portal, contact)
    assert requisite["PRESET_ID"] == "22" and requisite["ENTITY_TYPE_ID"] == "3"
    assert (requisite["RQ_LAST_NAME"], requisite["RQ_OGRNIP"]) == ("Иванова-Петрова", "318774600123452")
    assert portal.address_of(requisite["ID"])["CITY"] == "Москва"


def test_a_fill_is_refused_when_someone_changed_the_record_since_the_preview(service, portal, httpx_mock, db,
                                                                              client, source):
    dadata_party(httpx_mock)
    requisite_id = portal.add_requisite(4, "501", RQ_INN="7707083893", RQ_DIRECTOR="Иванов Иван Иванович")
    colleague = RequisitesService(db=db, member_id="m1", client=client, source=source, user_id=8)
    seen = service.preview(COMPANY, MAIN_KEY)
    colleague.apply(COMPANY, MAIN_KEY, Mode.REPLACE, fingerprint=colleague.preview(COMPANY, MAIN_KEY).fingerprint)
    portal.requisites[requisite_id]["RQ_DIRECTOR"] = "Петров Пётр Петрович"  # and then edits the card by hand
    state, entries = portal.state(), db["journal"].count
    with pytest.raises(ChangedSincePreview) as caught:
        service.apply(COMPANY, MAIN_KEY, Mode.REPLACE, fingerprint=seen.fingerprint)
    assert "Ничего не записано" in caught.value.user_message("ru")
    assert "Nothing was written" in caught.value.user_message("en")
    assert portal.state() == state and db["journal"].count == entries
    fresh = service.preview(COMPANY, MAIN_KEY)
    assert fresh.fingerprint != seen.fingerprint
    service.apply(COMPANY, MAIN_KEY, Mode.REPLACE, fingerprint=fresh.fingerprint)  # what the user now saw
    assert fields_of(portal)["RQ_DIRECTOR"] == "Греф Герман Оскарович"


def test_a_preview_that_would_now_create_a_second_requisite_is_refused(service, portal, httpx_mock, db):
    dadata_party(httpx_mock)
    seen = service.preview(COMPANY, MAIN_KEY)
    assert seen.target_requisite_id is None
    portal.add_requisite(4, "501", RQ_INN="7707083893")  # a colleague created it meanwhile
    with pytest.raises(ChangedSincePreview):
        service.apply(COMPANY, MAIN_KEY, Mode.FILL_EMPTY, fingerprint=seen.fingerprint)
    assert len(portal.requisites_of(4, "501")) == 1 and db["journal"].count == 0


# ---------------------------------------------------------------- nothing changes when something is wrong

DADATA_FAILURES = {  # what DaData (or the network) answers → the error the user is shown (dadata.md §2)
    "bad key": (dict(status_code=403, json={"message": "Invalid token"}), BadApiKey, "ключ"),
    "quota": (dict(status_code=403, json={"message": "Feature 'SUGGESTIONS' disabled for token 'test-key'"}),
              QuotaExhausted, "лимит"),
    "rate limit": (dict(status_code=429, json={}), RegistryRateLimited, "темп"),
    "timeout": (httpx.ReadTimeout("read timed out"), RegistryTimeout, "вовремя"),
    "down": (dict(status_code=502, text="Bad Gateway"), RegistryUnavailable, "недоступна"),
    "unreachable": (httpx.ConnectError("connection refused"), RegistryUnavailable, "недоступна"),
}


@pytest.mark.parametrize("failure", DADATA_FAILURES)
def test_dadata_error_leaves_the_portal_untouched(service, portal, httpx_mock, db, failure):
    answer, error, word = DADATA_FAILURES[failure]
    if isinstance(answer, Exception):
        httpx_mock.add_exception(answer, url=DADATA + "findById/party")
    else:
        httpx_mock.add_response(url=DADATA + "findById/party", **answer)
    with pytest.raises(error) as caught:
        service.apply(COMPANY, MAIN_KEY, Mode.FILL_EMPTY)
    assert word in caught.value.user_message("ru") and caught.value.user_message("en")
    assert portal.http_requests == 0 and db["journal"].count == 0


@pytest.mark.parametrize("key, bank", [
    ("7707083894|773601001|1027700132195", {}),                                    # INN with a typo
    (MAIN_KEY, {"bik": "044525225", "account": "40702810238000139301"}),          # account vs BIK
    (MAIN_KEY, {"bik": "0445252", "account": "40702810238000139300"}),            # short BIK
])
def test_bad_input_is_refused_before_any_lookup_or_write(service, portal, httpx_mock, db, key, bank):
    with pytest.raises(InvalidInput):
        service.apply(COMPANY, key, Mode.FILL_EMPTY, **bank)
    assert httpx_mock.get_requests() == [] and portal.http_requests == 0 and db["journal"].count == 0


def test_liquidated_company_is_filled_only_after_confirmation(service, portal, httpx_mock):
    httpx_mock.add_response(url=DADATA + "findById/party", json=LIQUIDATED)
    key = "7725002343|772501001|1027739468877"
    with pytest.raises(ConfirmationRequired):
        service.apply(COMPANY, key, Mode.FILL_EMPTY)
    assert portal.requisites_of(4, "501") == []
    result = service.apply(COMPANY, key, Mode.FILL_EMPTY, confirmed=True)
    assert fields_of(portal)["RQ_INN"] == "7725002343" and any("ликвидирована" in w for w in result.warnings)


def test_portal_refusal_is_reported_in_plain_words_and_changes_nothing(service, portal, httpx_mock, db):
    dadata_party(httpx_mock)
    portal.add_requisite(4, "501", RQ_INN="7707083893")
    before = portal.state()
    portal.refuse["crm.requisite.update"] = "ACCESS_DENIED"
    with pytest.raises(WriteFailed) as caught:
        service.apply(COMPANY, MAIN_KEY, Mode.FILL_EMPTY)
    assert caught.value.user_message("ru").startswith("Портал не принял изменения")
    assert portal.state() == before
    assert journal.get_entry(db, caught.value.journal_id)["after"]["status"] == "failed"


def test_a_codeless_refusal_is_shown_in_the_portals_own_words(service, portal, httpx_mock):
    dadata_party(httpx_mock)
    portal.add_requisite(4, "501", RQ_INN="7707083893")
    portal.refuse["crm.requisite.update"] = ""  # {"error": "", "error_description": "refused"}
    with pytest.raises(WriteFailed) as caught:
        service.apply(COMPANY, MAIN_KEY, Mode.FILL_EMPTY)
    assert caught.value.user_message("ru") == "Портал не принял изменения: «refused»"
    assert caught.value.user_message("en") == "The portal refused the change: «refused»"


def test_half_failed_write_is_rolled_back(service, portal, httpx_mock, db):
    dadata_party(httpx_mock)
    portal.refuse["crm.address.add"] = "ERROR_CORE"
    before = portal.state()
    with pytest.raises(WriteFailed) as caught:
        service.apply(COMPANY, MAIN_KEY, Mode.FILL_EMPTY)
    assert caught.value.rolled_back and portal.state() == before
    assert "crm.requisite.delete" in portal.methods()
    after = journal.get_entry(db, caught.value.journal_id)["after"]
    assert after["status"] == "failed" and after["rolled_back"] is True
    with pytest.raises(NothingToUndo):
        service.undo_last(COMPANY)


def test_nothing_to_fill_writes_nothing_and_journals_nothing(service, portal, httpx_mock, db):
    dadata_party(httpx_mock)
    service.apply(COMPANY, MAIN_KEY, Mode.REPLACE)
    requests = portal.http_requests
    result = service.apply(COMPANY, MAIN_KEY, Mode.REPLACE)
    assert result.journal_id is None and result.changed == []
    assert portal.http_requests == requests + 1 and db["journal"].count == 1  # only the read


def test_bank_for_an_existing_requisite_costs_one_read_when_the_page_passes_its_id(service, portal, httpx_mock):
    dadata_party(httpx_mock)
    httpx_mock.add_response(url=DADATA + "findById/bank", json=BANK)
    requisite_id = portal.add_requisite(4, "501", RQ_INN="7707083893", RQ_KPP="773601001")
    portal.bank_details["900"] = {"ID": "900", "ENTITY_ID": requisite_id, "NAME": "Мой счёт",
                                  "RQ_ACC_NUM": "40702810238000139300", "RQ_BIK": "044525225"}
    service.preview(COMPANY, MAIN_KEY, bik="044525225", account="40702810238000139300", requisite_ids=[requisite_id])
    assert portal.http_requests == 1
    service.apply(COMPANY, MAIN_KEY, Mode.FILL_EMPTY, bik="044525225", account="40702810238000139300")
    assert portal.http_requests == 1 + 2 + 1  # no hint: read, read that requisite's bank details, write
    detail = portal.bank_details["900"]
    assert detail["NAME"] == "Мой счёт" and detail["RQ_COR_ACC_NUM"] == "30101810400000000225"
    assert len(portal.bank_details) == 1
