"""DaData party/bank → Bitrix24 requisite, address and bank-detail fields, on recorded answers."""
from __future__ import annotations

import copy

import pytest

from requisites.candidates import build_candidates
from requisites.mapping import map_address, map_bank, map_party, resolve_preset
from requisites.model import PartyKind, PresetNotFound
from tests.requisites.requisites_testdata import load_fixture


def test_legal_head_office_maps_to_organisation_fields(sberbank):
    proposal = map_party(sberbank[0])
    assert proposal.kind is PartyKind.LEGAL
    assert proposal.requisite == {
        "RQ_COMPANY_NAME": "ПАО СБЕРБАНК",
        "RQ_COMPANY_FULL_NAME": "ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО «СБЕРБАНК РОССИИ»",
        "RQ_INN": "7707083893",
        "RQ_KPP": "773601001",
        "RQ_OGRN": "1027700132195",
        "RQ_OKVED": "64.19",
        "RQ_COMPANY_REG_DATE": "20.06.1991",
        "RQ_DIRECTOR": "Греф Герман Оскарович",
        "RQ_CEO_NAME": "Греф Герман Оскарович",
        "RQ_CEO_WORK_POS": "Президент, председатель правления",
    }
    assert proposal.requisite_name == "ПАО СБЕРБАНК"


def test_registry_nulls_never_become_fields(sberbank):
    # the recorded head office has okpo null and no oktmo key: neither may appear (never blank a portal value)
    assert "RQ_OKPO" not in map_party(sberbank[0]).requisite
    assert "RQ_OKTMO" not in map_party(sberbank[0]).requisite


def test_legal_address_is_split_into_parts_with_the_full_text_kept(sberbank):
    proposal = map_party(sberbank[0])
    assert proposal.address == {
        "ADDRESS_1": "ул Вавилова, д 19", "CITY": "Москва", "POSTAL_CODE": "117312",
        "PROVINCE": "г Москва", "COUNTRY": "Россия",
    }
    assert proposal.address_text == "117312, г Москва, Академический р-н, ул Вавилова, д 19"
    assert proposal.address_is_partial is False


def test_branch_maps_its_own_kpp_and_address_and_no_head_office_data(sberbank):
    proposal = map_party(sberbank[1])
    assert proposal.requisite["RQ_KPP"] == "380843001"
    assert proposal.requisite["RQ_OGRN"] == "1027700132195"
    assert "RQ_DIRECTOR" not in proposal.requisite          # management null for the branch
    assert "RQ_COMPANY_REG_DATE" not in proposal.requisite  # registration_date null for the branch
    assert proposal.address["CITY"] == "Иркутск" and proposal.address["PROVINCE"] == "Иркутская обл"
    assert proposal.requisite_name == "БАЙКАЛЬСКИЙ БАНК ПАО СБЕРБАНК (КПП 380843001)"


def test_maximal_tariff_llc_fills_statistics_codes_and_director(steklokon):
    fields = map_party(steklokon).requisite
    assert fields["RQ_COMPANY_NAME"] == "ООО «СТЕКЛОКОН»"
    assert fields["RQ_COMPANY_FULL_NAME"] == "ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ «СТЕКЛОКОН»"
    assert (fields["RQ_OKPO"], fields["RQ_OKTMO"], fields["RQ_OKVED"]) == ("26361669", "45914000000", "46.90")
    assert (fields["RQ_DIRECTOR"], fields["RQ_CEO_WORK_POS"]) == ("Овсепян Хачатур Меликович", "Директор")
    assert fields["RQ_COMPANY_REG_DATE"] == "28.01.1993"


def test_motorica_without_address_maps_no_address():
    data = load_fixture("find-party-data-only_legal-llc-motorica.json")
    candidate = build_candidates([{"value": "x", "data": data}])[0]
    proposal = map_party(candidate)
    assert proposal.address is None and proposal.address_text is None
    assert proposal.requisite["RQ_DIRECTOR"] == "Чех Илья Игоревич"
    assert proposal.requisite["RQ_CEO_WORK_POS"] == "Генеральный директор"


def test_entrepreneur_maps_name_parts_ogrnip_and_only_a_city(entrepreneur):
    proposal = map_party(entrepreneur)
    assert proposal.kind is PartyKind.INDIVIDUAL
    fields = proposal.requisite
    assert (fields["RQ_LAST_NAME"], fields["RQ_FIRST_NAME"], fields["RQ_SECOND_NAME"]) == (
        "Иванова-Петрова", "Ольга", "Сергеевна")
    assert fields["RQ_NAME"] == "Иванова-Петрова Ольга Сергеевна"
    assert fields["RQ_COMPANY_NAME"] == "ИП Иванова-Петрова Ольга Сергеевна"
    assert fields["RQ_OGRNIP"] == "318774600123452" and "RQ_OGRN" not in fields
    assert "RQ_KPP" not in fields and "RQ_DIRECTOR" not in fields
    assert fields["RQ_COMPANY_REG_DATE"] == "13.08.2018"
    assert proposal.address == {"CITY": "Москва", "PROVINCE": "г Москва", "COUNTRY": "Россия"}
    assert proposal.address_is_partial is True


def test_entrepreneur_without_fio_object_is_split_from_the_full_name(entrepreneur):
    data = copy.deepcopy(dict(entrepreneur.data))
    data["fio"] = None
    data["name"]["full"] = "АЛИЕВ РАШИД МАМЕД ОГЛЫ"
    proposal = map_party(build_candidates([{"value": "x", "data": data}])[0])
    assert (proposal.requisite["RQ_LAST_NAME"], proposal.requisite["RQ_FIRST_NAME"],
            proposal.requisite["RQ_SECOND_NAME"]) == ("Алиев", "Рашид", "Мамед оглы")


def test_liquidated_party_maps_but_carries_its_warning(liquidated):
    proposal = map_party(liquidated)
    assert proposal.requisite["RQ_INN"] == "7725002343"
    assert any("ликвидирована" in w.ru for w in proposal.warnings)


def test_address_without_breakdown_goes_whole_into_address_1():
    affiliated = load_fixture("find-affiliated_legal-reduced-fields.json")["suggestions"][0]["data"]["address"]
    parts, text = map_address(affiliated)
    assert affiliated["data"] is None
    assert parts == {"ADDRESS_1": affiliated["unrestricted_value"] or affiliated["value"]}
    assert text == parts["ADDRESS_1"]


def test_address_in_a_settlement_keeps_district_settlement_and_office():
    data = {"postal_code": "143026", "country": "Россия", "region_with_type": "Московская обл",
            "area_with_type": "Одинцовский р-н", "city": None, "settlement_with_type": "тер Сколково",
            "street_with_type": "ул Нобеля", "house_type": "д", "house": "7", "block_type": "стр", "block": "1",
            "flat_type": "офис", "flat": "12"}
    parts, _ = map_address({"value": "x", "unrestricted_value": "y", "data": data})
    assert parts == {"ADDRESS_1": "ул Нобеля, д 7, стр 1", "ADDRESS_2": "офис 12", "CITY": "тер Сколково",
                     "POSTAL_CODE": "143026", "REGION": "Одинцовский р-н", "PROVINCE": "Московская обл",
                     "COUNTRY": "Россия"}


def test_no_address_at_all_maps_to_none():
    assert map_address(None) == (None, None)


def test_bank_maps_payment_name_bik_accounts_address_and_currency(sberbank_bank_suggestion):
    fields, warnings = map_bank(sberbank_bank_suggestion, "40702810238000139300")
    assert fields == {
        "NAME": "ПАО Сбербанк (…9300)",
        "RQ_BANK_NAME": "ПАО СБЕРБАНК",
        "RQ_BIK": "044525225",
        "RQ_COR_ACC_NUM": "30101810400000000225",
        "RQ_ACC_NUM": "40702810238000139300",
        "RQ_BANK_ADDR": "117312, г Москва, Академический р-н, ул Вавилова, д 19",
        "RQ_SWIFT": "SABRRUMM",
        "RQ_ACC_CURRENCY": "RUR",   # as in the portal's own bank-detail example
    }
    assert warnings == ()


def test_bank_that_is_not_active_is_warned_about(sberbank_bank_suggestion):
    closing = copy.deepcopy(sberbank_bank_suggestion)
    closing["data"]["state"]["status"] = "LIQUIDATING"
    _, warnings = map_bank(closing, "40702810238000139300")
    assert warnings and "LIQUIDATING" in warnings[0].ru


def test_over_long_full_name_is_cut_to_the_portal_limit_with_a_warning(steklokon):
    data = copy.deepcopy(dict(steklokon.data))
    data["name"]["full_with_opf"] = 'ОБЩЕСТВО "' + "Я" * 400 + '"'
    proposal = map_party(build_candidates([{"value": "x", "data": data}])[0])
    assert len(proposal.requisite["RQ_COMPANY_FULL_NAME"]) == 300
    assert any("RQ_COMPANY_FULL_NAME" in w.ru for w in proposal.warnings)


# ---------------------------------------------------------------- presets

def test_presets_are_found_by_xml_id_not_by_id(presets):
    assert resolve_preset(presets, PartyKind.LEGAL)["ID"] == "11"
    assert resolve_preset(presets, PartyKind.INDIVIDUAL)["ID"] == "12"


def test_presets_fall_back_to_name_and_country(presets):
    for preset in presets:
        preset["XML_ID"] = None
    assert resolve_preset(presets, PartyKind.INDIVIDUAL)["ID"] == "12"
    presets[1]["COUNTRY_ID"] = "4"  # a Belarusian «ИП» is not ours
    with pytest.raises(PresetNotFound):
        resolve_preset(presets, PartyKind.INDIVIDUAL)


def test_inactive_preset_is_not_used(presets):
    presets[0]["ACTIVE"] = "N"
    with pytest.raises(PresetNotFound) as caught:
        resolve_preset(presets, PartyKind.LEGAL)
    assert "Организация" in caught.value.user_message("ru") and "preset" in caught.value.user_message("en")


def test_renamed_default_preset_is_still_found_by_xml_id(presets):
    presets[0]["NAME"] = "Юрлицо"
    assert resolve_preset(presets, PartyKind.LEGAL)["ID"] == "11"
