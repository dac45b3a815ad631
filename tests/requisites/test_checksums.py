"""Control digits against the real values of dadata.md §5.8, their corruptions, and the generators."""
from __future__ import annotations

import random

import pytest

from requisites import checksums as cs

REAL_INN10 = ["7707083893", "7736207543", "7736050003", "7706107510", "7719402047"]
REAL_OGRN = ["1027700132195", "1027700229193", "1027700070518", "1027700043502", "1157746078984"]
REAL_INN12 = ["784806113663"]
REAL_OGRNIP = ["325861700099749"]
# (bik, correspondent account)
REAL_BANKS = [("044525225", "30101810400000000225"), ("045004641", "30101810500000000641")]
REAL_SETTLEMENT = [("044525225", "40702810238000139300")]


def _corrupt_last(value: str) -> str:
    return value[:-1] + str((int(value[-1]) + 1) % 10)


def _corrupt_at(value: str, index: int) -> str:
    return value[:index] + str((int(value[index]) + 1) % 10) + value[index + 1:]


@pytest.mark.parametrize("inn", REAL_INN10)
def test_real_organisation_inns_are_valid(inn):
    assert cs.is_valid_inn10(inn)
    assert cs.is_valid_inn(inn)


@pytest.mark.parametrize("inn", REAL_INN10)
def test_organisation_inn_with_wrong_control_digit_is_invalid(inn):
    assert not cs.is_valid_inn10(_corrupt_last(inn))


def test_reference_negative_control_inn_fails():
    assert not cs.is_valid_inn("7707083894")


@pytest.mark.parametrize("inn", REAL_INN12)
def test_real_individual_inn_is_valid(inn):
    assert cs.is_valid_inn12(inn)
    assert cs.is_valid_inn(inn)


@pytest.mark.parametrize("position", [10, 11, 0, 5])
def test_individual_inn_corrupted_anywhere_is_invalid(position):
    assert not cs.is_valid_inn12(_corrupt_at(REAL_INN12[0], position))


@pytest.mark.parametrize("ogrn", REAL_OGRN)
def test_real_ogrns_are_valid(ogrn):
    assert cs.is_valid_ogrn(ogrn)


@pytest.mark.parametrize("ogrn", REAL_OGRN)
def test_ogrn_with_wrong_control_digit_is_invalid(ogrn):
    assert not cs.is_valid_ogrn(_corrupt_last(ogrn))


def test_reference_negative_control_ogrn_fails():
    assert not cs.is_valid_ogrn("1027700132196")


def test_real_ogrnip_is_valid_and_corruption_fails():
    assert cs.is_valid_ogrnip(REAL_OGRNIP[0])
    assert not cs.is_valid_ogrnip(_corrupt_last(REAL_OGRNIP[0]))
    assert not cs.is_valid_ogrnip(_corrupt_at(REAL_OGRNIP[0], 3))


@pytest.mark.parametrize("bik, account", REAL_SETTLEMENT)
def test_real_settlement_account_passes_against_its_bik(bik, account):
    assert cs.is_valid_settlement_account(account, bik)
    assert not cs.is_valid_settlement_account(_corrupt_last(account), bik)  # reference: …139301


@pytest.mark.parametrize("bik, account", REAL_BANKS)
def test_real_correspondent_accounts_pass_against_their_bik(bik, account):
    assert cs.is_valid_correspondent_account(account, bik)
    assert not cs.is_valid_correspondent_account(_corrupt_at(account, 12), bik)


def test_correspondent_checksum_alone_accepts_another_bank_of_the_same_division():
    # dadata.md §5.7 gotcha: Sberbank's corr. account "validates" against Tinkoff's BIK 044525974
    sber_corr = "30101810400000000225"
    assert cs.is_valid_correspondent_account(sber_corr, "044525974", strict=False)
    assert not cs.is_valid_correspondent_account(sber_corr, "044525974")  # digits 7–9 rule catches it
    assert not cs.is_valid_correspondent_account(sber_corr, "045004641", strict=False)


@pytest.mark.parametrize(
    "value", ["", "770708389", "77070838933", "77070838a3", "７７０７０８３８９３", None, 7707083893]
)
def test_wrong_length_or_non_ascii_digits_are_invalid_not_errors(value):
    assert not cs.is_valid_inn10(value)
    assert not cs.is_valid_inn(value)


def test_generators_reproduce_real_identifiers():
    assert cs.complete_inn10("770708389") == "7707083893"
    assert cs.complete_inn12("7848061136") == "784806113663"
    assert cs.complete_ogrn("102770013219") == "1027700132195"
    assert cs.complete_ogrnip("32586170009974") == "325861700099749"
    assert cs.complete_settlement_account("044525225", "4070281038000139300") == "40702810238000139300"
    assert cs.complete_settlement_account("044525225", "40702810938000139300") == "40702810238000139300"
    assert cs.complete_correspondent_account("044525225") == "30101810400000000225"
    assert cs.complete_correspondent_account("045004641") == "30101810500000000641"


def test_control_digit_helpers_return_just_the_digits():
    assert cs.inn10_control_digit("770708389") == "3"
    assert cs.inn12_control_digits("7848061136") == "63"
    assert cs.ogrn_control_digit("102770013219") == "5"
    assert cs.ogrnip_control_digit("32586170009974") == "9"
    assert cs.settlement_account_key("044525225", "4070281038000139300") == "2"
    assert cs.correspondent_account_key("044525225", "3010181000000000225") == "4"


def test_generated_identifiers_always_validate():
    rng = random.Random(20240601)
    for _ in range(300):
        digits = "".join(rng.choice("0123456789") for _ in range(20))
        bik = "04" + digits[:7]
        assert cs.is_valid_inn10(cs.complete_inn10(digits[:9]))
        assert cs.is_valid_inn12(cs.complete_inn12(digits[:10]))
        assert cs.is_valid_ogrn(cs.complete_ogrn("1" + digits[:11]))
        assert cs.is_valid_ogrnip(cs.complete_ogrnip("3" + digits[:13]))
        assert cs.is_valid_settlement_account(cs.complete_settlement_account(bik, "40702810" + digits[:11]), bik)
        assert cs.is_valid_correspondent_account(cs.complete_correspondent_account(bik), bik)


@pytest.mark.parametrize(
    "call",
    [
        lambda: cs.complete_inn10("12345678"),
        lambda: cs.complete_inn12("12345678901"),
        lambda: cs.complete_ogrn("1234"),
        lambda: cs.complete_ogrnip("3" * 15),
        lambda: cs.complete_settlement_account("04452522", "4070281038000139300"),
        lambda: cs.complete_settlement_account("044525225", "407028103800013930"),
        lambda: cs.inn10_control_digit("12345678x"),
    ],
)
def test_generators_reject_wrong_prefix_length(call):
    with pytest.raises(ValueError):
        call()
