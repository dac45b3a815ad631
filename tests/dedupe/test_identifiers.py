import pytest

from dedupe.identifiers import (LegalId, bare_inn, is_valid_inn, is_valid_kpp, is_valid_ogrn, settlement_accounts,
                                legal_id_from_requisite, legal_ids_in_text)


@pytest.mark.parametrize("inn, valid", [("7707083893", True), ("7707083894", False), ("500100732259", True),
                                        ("500100732250", False), ("0000000000", False), ("12345", False)])
def test_inn_check_digits_are_verified(inn, valid):
    assert is_valid_inn(inn) is valid


def test_kpp_and_ogrn_formats_are_checked():
    assert is_valid_kpp("770701001") and not is_valid_kpp("77070100")
    assert is_valid_ogrn("1027700132195") and not is_valid_ogrn("1027700132196")


def test_requisite_row_gives_inn_kpp_and_ogrn():
    row = {"RQ_INN": "7717586110", "RQ_KPP": "770501001", "RQ_OGRN": "5077746476209"}
    assert legal_id_from_requisite(row) == LegalId("7717586110", "770501001", "5077746476209")


def test_requisite_with_a_wrong_inn_is_ignored():
    assert legal_id_from_requisite({"RQ_INN": "7717586111", "RQ_KPP": "770501001"}) is None


def test_labelled_inn_and_kpp_are_read_from_text():
    assert legal_ids_in_text("ООО Ромашка, ИНН 7707083893, КПП 770701001") == [LegalId("7707083893", "770701001")]
    assert legal_ids_in_text("ИНН/КПП 7707083893/770701001") == [LegalId("7707083893", "770701001")]


def test_a_field_holding_only_an_inn_is_read_but_other_numbers_are_not():
    assert bare_inn(" 7736050003 ") == "7736050003"
    assert bare_inn("9123456789") == ""


def test_settlement_accounts_are_read_from_banking_details_but_not_the_banks_correspondent_account():
    text = "Р/с 40702810238000139300 в ПАО Сбербанк\nБИК 044525225\nК/с 30101810400000000225"
    assert settlement_accounts(text) == ("40702810238000139300",)
    assert settlement_accounts("р/с 40802810500000012345 (ИП)") == ("40802810500000012345",)
    assert settlement_accounts("тел. 8 800 555-35-35, ИНН 7707083893") == ()
