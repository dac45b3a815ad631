"""Head office, branches and entrepreneurs as the user sees them; non-active ones are flagged."""
from __future__ import annotations

import copy

from tests.requisites.requisites_testdata import load_fixture
from requisites.candidates import build_candidates, find_candidate, inn_from_key, kpp_from_key
from requisites.model import PartyKind


def _sber_suggestions():
    return load_fixture("find-party_legal-main-and-branch_sberbank.json")["suggestions"]


def test_inn_with_branches_offers_head_office_first_then_branch_by_kpp(sberbank):
    main, branch = sberbank
    assert (main.branch_type, main.kpp, main.title) == ("MAIN", "773601001", "ПАО СБЕРБАНК")
    assert (branch.branch_type, branch.kpp) == ("BRANCH", "380843001")
    assert main.branch_count == 88
    assert main.address == "117312, г Москва, Академический р-н, ул Вавилова, д 19"


def test_order_does_not_depend_on_dadata_order():
    reversed_answer = list(reversed(_sber_suggestions()))
    assert [c.branch_type for c in build_candidates(reversed_answer)] == ["MAIN", "BRANCH"]


def test_branches_are_sorted_by_kpp():
    suggestions = _sber_suggestions()
    second_branch = copy.deepcopy(suggestions[1])
    second_branch["data"]["kpp"] = "100143001"
    candidates = build_candidates([suggestions[1], second_branch, suggestions[0]])
    assert [c.kpp for c in candidates] == ["773601001", "100143001", "380843001"]


def test_each_record_has_a_distinct_key_that_gives_back_inn_and_kpp(sberbank):
    main, branch = sberbank
    assert main.key != branch.key
    assert inn_from_key(branch.key) == "7707083893" and kpp_from_key(branch.key) == "380843001"
    assert find_candidate(sberbank, branch.key) is branch
    assert find_candidate(sberbank, "0000000000||") is None


def test_duplicate_records_are_shown_once():
    suggestions = _sber_suggestions()
    assert len(build_candidates(suggestions + suggestions)) == 2


def test_active_party_needs_no_confirmation(sberbank):
    assert all(c.status == "ACTIVE" and c.warning is None and not c.requires_confirmation for c in sberbank)


def test_liquidated_party_is_warned_about_and_needs_confirmation(liquidated):
    assert liquidated.status == "LIQUIDATED"
    assert liquidated.requires_confirmation
    assert "ликвидирована" in liquidated.warning.ru and "liquidated" in liquidated.warning.en


def test_every_non_active_status_has_its_own_warning():
    suggestions = _sber_suggestions()[:1]
    texts = set()
    for status in ("LIQUIDATING", "LIQUIDATED", "BANKRUPT", "REORGANIZING", "SOMETHING_NEW"):
        changed = copy.deepcopy(suggestions)
        changed[0]["data"]["state"]["status"] = status
        candidate = build_candidates(changed)[0]
        assert candidate.requires_confirmation and candidate.warning is not None
        texts.add(candidate.warning.ru)
    assert len(texts) == 5


def test_active_record_is_listed_before_a_closed_one_with_the_same_inn(entrepreneur):
    answer = load_fixture("find-party_individual_CONSTRUCTED.json")["suggestions"]
    closed = copy.deepcopy(answer[0])
    closed["data"]["ogrn"] = "304770000000000"
    closed["data"]["state"]["status"] = "LIQUIDATED"
    candidates = build_candidates([closed, answer[0]])
    assert [c.status for c in candidates] == ["ACTIVE", "LIQUIDATED"]
    assert candidates[0].key != candidates[1].key


def test_entrepreneur_is_titled_with_proper_case_name(entrepreneur):
    assert entrepreneur.kind is PartyKind.INDIVIDUAL
    assert entrepreneur.title == "ИП Иванова-Петрова Ольга Сергеевна"
    assert entrepreneur.kpp is None and entrepreneur.branch_type is None


def test_suggestions_without_data_or_inn_are_skipped():
    assert build_candidates([{"value": "x", "data": None}, {"value": "y", "data": {"inn": None}}]) == ()
