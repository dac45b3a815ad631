"""Plans ↔ batch commands: one read, one write, `$result[...]` for the new requisite."""
from __future__ import annotations

import json
import pytest

from requisites.commands import created_ids, read_commands, snapshot_from_results, write_commands
from requisites.model import NEW_REQUISITE, Mode, Op, Write
from requisites.plans import build_plan
from tests.reference_examples import BITRIX24 as EXAMPLES
from tests.requisites.requisites_testdata import snapshot


def test_read_is_one_batch_of_requisites_addresses_by_anchor_and_known_bank_details():
    commands = read_commands(4, "501", bank_detail_requisite_ids=["27", "3"])
    assert commands["requisites"] == ("crm.requisite.list", {
        "filter": {"ENTITY_TYPE_ID": 4, "ENTITY_ID": "501"}, "order": {"ID": "ASC"}})
    assert commands["addresses"] == ("crm.address.list", {
        "filter": {"ENTITY_TYPE_ID": 8, "ANCHOR_TYPE_ID": 4, "ANCHOR_ID": "501"}})
    assert commands["bank_details"][1]["filter"] == {"@ENTITY_ID": ["3", "27"]}
    assert commands["presets"][0] == "crm.requisite.preset.list"
    assert "XML_ID" in commands["presets"][1]["select"]


def test_read_without_known_requisites_asks_for_no_bank_details():
    commands = read_commands(3, "77", with_presets=False, with_owner=True)
    assert set(commands) == {"owner", "requisites", "addresses"}
    assert commands["owner"] == ("crm.contact.get", {"id": "77"})


def test_snapshot_keeps_only_rows_of_this_owner():
    results = {
        "requisites": [{"ID": "27", "ENTITY_TYPE_ID": "4", "ENTITY_ID": "501", "PRESET_ID": "1", "RQ_INN": "1"},
                       {"ID": "40", "ENTITY_TYPE_ID": "4", "ENTITY_ID": "3027", "PRESET_ID": "1"}],
        "addresses": [{"TYPE_ID": "6", "ENTITY_TYPE_ID": "8", "ENTITY_ID": "27", "CITY": "Москва"},
                      {"TYPE_ID": "6", "ENTITY_TYPE_ID": "8", "ENTITY_ID": "40", "CITY": "Чужой"}],
        "bank_details": [{"ID": "357", "ENTITY_ID": "27"}, {"ID": "11", "ENTITY_ID": "40"}],
        "presets": [{"ID": "1", "NAME": "Организация"}],
    }
    snap = snapshot_from_results(4, 501, results, bank_detail_requisite_ids=["27", "40"])
    assert [r.id for r in snap.requisites] == ["27"]
    assert [a.parts["CITY"] for a in snap.addresses] == ["Москва"]
    assert [b.id for b in snap.bank_details] == ["357"]
    assert snap.bank_details_loaded_for == {"27"}
    assert snap.address_of("27").type_id == "6"
    assert snap.presets[0]["NAME"] == "Организация"


def test_snapshot_reads_the_documented_example_responses():
    requisite = json.loads((EXAMPLES / "crm_requisite_get_response_ru_company.json").read_text())["result"]
    addresses = json.loads((EXAMPLES / "crm_address_list_response.json").read_text())["result"]
    addresses[0]["ENTITY_ID"] = requisite["ID"]
    snap = snapshot_from_results(4, requisite["ENTITY_ID"], {"requisites": [requisite], "addresses": addresses})
    assert snap.requisites[0].fields["RQ_INN"] == "7717586110"
    assert snap.address_of("27", "1").parts["CITY"] == "Тюмень"
    assert snap.address_of("27") is None  # that example address is type 1, not the legal one


def test_new_requisite_plan_becomes_one_batch_with_result_references(presets, sberbank, sberbank_bank_suggestion):
    from requisites.mapping import map_bank
    plan = build_plan(snapshot(presets), sberbank[0], Mode.FILL_EMPTY,
                      bank=map_bank(sberbank_bank_suggestion, "40702810238000139300")[0])
    commands = write_commands(plan.writes)
    assert list(commands) == ["requisite_add", "address_add", "bank_detail_add"]
    assert commands["requisite_add"][0] == "crm.requisite.add"
    assert commands["address_add"][1]["fields"]["ENTITY_ID"] == "$result[requisite_add]"
    assert commands["address_add"][1]["fields"]["ENTITY_TYPE_ID"] == 8
    assert commands["address_add"][1]["fields"]["TYPE_ID"] == "6"
    assert commands["bank_detail_add"][1]["fields"]["ENTITY_ID"] == "$result[requisite_add]"


def test_prefixes_keep_several_plans_apart_in_one_batch():
    writes = [Write(Op.REQUISITE_ADD, None, {"NAME": "x"}), Write(Op.ADDRESS_ADD, NEW_REQUISITE, {}, "6")]
    commands = {**write_commands(writes, "c1_"), **write_commands(writes, "c2_")}
    assert commands["c2_address_add"][1]["fields"]["ENTITY_ID"] == "$result[c2_requisite_add]"
    assert len(commands) == 4


def test_update_and_delete_commands_carry_ids():
    commands = write_commands([
        Write(Op.REQUISITE_UPDATE, "27", {"RQ_KPP": ""}),
        Write(Op.ADDRESS_DELETE, "27", address_type="6"),
        Write(Op.BANK_DETAIL_DELETE, "400"),
    ])
    assert commands["requisite_update"] == ("crm.requisite.update", {"id": "27", "fields": {"RQ_KPP": ""}})
    assert commands["address_delete"] == ("crm.address.delete", {
        "fields": {"TYPE_ID": "6", "ENTITY_TYPE_ID": 8, "ENTITY_ID": "27"}})
    assert commands["bank_detail_delete"] == ("crm.requisite.bankdetail.delete", {"id": "400"})


def test_the_same_operation_twice_in_one_plan_is_refused():
    with pytest.raises(ValueError):
        write_commands([Write(Op.REQUISITE_DELETE, "1"), Write(Op.REQUISITE_DELETE, "2")])


def test_created_ids_are_read_back_per_plan():
    results = {"c1_requisite_add": 88, "c1_address_add": True, "c1_bank_detail_add": 99, "c2_requisite_update": True}
    assert created_ids(results, "c1_") == {"requisite_id": "88", "bank_detail_id": "99"}
    assert created_ids(results, "c2_") == {}
