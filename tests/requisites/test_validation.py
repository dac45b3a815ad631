"""What people type: cleaned, classified, and refused with a clear message when wrong."""
from __future__ import annotations

import pytest

from requisites.model import InvalidInput, QueryKind
from requisites.validation import (
    classify_query, clean_identifier, require, validate_bik, validate_correspondent_account,
    validate_inn, validate_kpp, validate_ogrn, validate_ogrnip, validate_settlement_account,
)


@pytest.mark.parametrize("typed", [
    "7707083893", "ИНН: 7707083893", "инн 7707 083 893", "INN 7707-083-893", "\u00a07707\u00a0083\u202f893 ",
    "ИНН7707083893", "№ 7707083893", "７７０７０８３８９３", "7707–083–893",
])
def test_inn_is_found_behind_labels_spaces_and_dashes(typed):
    result = classify_query(typed)
    assert result.ok and result.value == "7707083893" and result.kind is QueryKind.INN_LEGAL


@pytest.mark.parametrize("typed, kind, value", [
    ("784806113663", QueryKind.INN_INDIVIDUAL, "784806113663"),
    ("ОГРН 1027700132195", QueryKind.OGRN, "1027700132195"),
    ("1157746078984", QueryKind.OGRN, "1157746078984"),
    ("огрнип: 325861700099749", QueryKind.OGRNIP, "325861700099749"),
    ("сбербанк", QueryKind.NAME, "сбербанк"),
    ("  Яндекс   Маркет ", QueryKind.NAME, "Яндекс Маркет"),
    ("Инновационные технологии", QueryKind.NAME, "Инновационные технологии"),
])
def test_query_kind_tells_what_was_typed(typed, kind, value):
    result = classify_query(typed)
    assert (result.kind, result.value) == (kind, value)


@pytest.mark.parametrize("typed, fragment_ru, fragment_en", [
    ("7707083894", "Контрольная цифра ИНН", "check digit"),
    ("784806113664", "Контрольная цифра ИНН", "check digit"),
    ("1027700132196", "Контрольная цифра ОГРН", "OGRN check digit"),
    ("325861700099748", "Контрольная цифра ОГРНИП", "OGRNIP check digit"),
    ("77070838931", "11 цифр", "11-digit"),
    ("ИНН: abc", "ожидаются цифры", "Digits are expected"),
    ("", "Введите ИНН", "Enter an INN"),
    ("ся", "хотя бы 3", "at least 3"),
    ("я" * 301, "не больше 300", "at most 300"),
])
def test_bad_query_gets_a_message_in_russian_and_english(typed, fragment_ru, fragment_en):
    result = classify_query(typed)
    assert not result.ok and result.value is None
    assert fragment_ru in result.error.text("ru")
    assert fragment_en in result.error.text("en")


def test_inn_of_wrong_length_says_how_many_digits_it_has():
    result = validate_inn("77070838")
    assert "8" in result.error.ru and "10" in result.error.ru and "12" in result.error.ru


def test_inn_with_letters_is_refused():
    assert "только из цифр" in validate_inn("77070838A3").error.ru


@pytest.mark.parametrize("good", ["1027700132195", "1027700229193", "1027700070518", "1027700043502"])
def test_real_ogrns_validate(good):
    assert validate_ogrn(good).value == good


def test_ogrnip_needs_fifteen_digits():
    assert validate_ogrnip("325861700099749").ok
    assert "15 цифр" in validate_ogrnip("32586170009974").error.ru


@pytest.mark.parametrize("typed, value", [
    ("773601001", "773601001"), ("7736 01 001", "773601001"), ("КПП: 380843001", "380843001"),
    ("7736AB001", "7736AB001"), ("7736ab001", "7736AB001"), ("7736АВ001", "7736AB001"),  # Cyrillic А, В
])
def test_kpp_accepts_digits_and_latin_reason_letters(typed, value):
    assert validate_kpp(typed).value == value


@pytest.mark.parametrize("bad", ["77360100", "7736010011", "A73601001", "7736Б0001", "773601A01", ""])
def test_kpp_outside_the_pattern_is_refused(bad):
    assert not validate_kpp(bad).ok


def test_bik_is_nine_digits():
    assert validate_bik("БИК 044525225").value == "044525225"
    assert not validate_bik("04452522").ok
    assert not validate_bik("04452522x").ok


def test_real_settlement_account_matches_its_bik():
    assert validate_settlement_account("40702 810 2 3800 0139300", "044525225").value == "40702810238000139300"


@pytest.mark.parametrize("account, bik, fragment", [
    ("40702810238000139301", "044525225", "не сходится с БИК"),
    ("40702810238000139300", "045004641", "не сходится с БИК"),
    ("4070281023800013930", "044525225", "20 цифр"),
    ("40702810238000139300", "0445252", "9 цифр"),
])
def test_settlement_account_against_wrong_bik_or_typo_is_refused(account, bik, fragment):
    assert fragment in validate_settlement_account(account, bik).error.ru


@pytest.mark.parametrize("bik, account", [("044525225", "30101810400000000225"),
                                          ("045004641", "30101810500000000641")])
def test_real_correspondent_accounts_match_their_bik(bik, account):
    assert validate_correspondent_account(account, bik).value == account


def test_correspondent_account_of_another_bank_in_the_same_division_is_caught():
    # passes the bare checksum (dadata.md §5.7 gotcha) but BIK digits 7–9 differ
    result = validate_correspondent_account("30101810400000000225", "044525974")
    assert "другому банку" in result.error.ru and "another bank" in result.error.en


def test_correspondent_account_with_typo_is_refused():
    assert "не сходится" in validate_correspondent_account("30101810400000000226", "044525225").error.ru


def test_require_returns_value_or_raises_invalid_input_with_both_languages():
    assert require(validate_inn("7707083893")) == "7707083893"
    with pytest.raises(InvalidInput) as caught:
        require(validate_inn("7707083894"))
    assert "опечатки" in caught.value.user_message("ru")
    assert "typo" in caught.value.user_message("en")
    assert isinstance(caught.value, ValueError)


def test_clean_identifier_keeps_letters_so_names_stay_names():
    assert clean_identifier("р/с № 40702-810-2") == "407028102"
    assert clean_identifier("Рога и копыта") == "Рогаикопыта"
    assert clean_identifier(None) == ""
