"""Diff, «fill empty» and «replace» plans, and undo — all on plain data, no mocks."""
from __future__ import annotations

import pytest

from requisites.diff import compare_values, diff_fields
from requisites.mapping import map_bank
from requisites.model import (
    NEW_REQUISITE, ConfirmationRequired, FieldState, InvalidInput, Mode, Op, Section, UndoConflict,
)
from requisites.plans import (
    build_plan, choose_requisite, preview_fingerprint, require_no_undo_conflicts, undo_conflicts, undo_plan,
    undo_writes, written_values,
)
from requisites.mapping import map_party
from tests.requisites.requisites_testdata import snapshot


PARTIAL_SBER = {"ID": "27", "ENTITY_TYPE_ID": "4", "ENTITY_ID": "501", "PRESET_ID": "11", "NAME": "Организация",
                "RQ_INN": "7707083893", "RQ_KPP": None, "RQ_COMPANY_NAME": 'ПАО "СБЕРБАНК"',
                "RQ_DIRECTOR": "Иванов Иван Иванович", "RQ_OGRN": "", "RQ_COMPANY_FULL_NAME": None}
OLD_ADDRESS = {"TYPE_ID": "6", "ENTITY_TYPE_ID": "8", "ENTITY_ID": "27", "ADDRESS_1": "ул Старая, д 1",
               "ADDRESS_2": "офис 5", "CITY": "Москва", "POSTAL_CODE": None, "REGION": None, "PROVINCE": "г Москва",
               "COUNTRY": "Россия"}


# ---------------------------------------------------------------- diff

@pytest.mark.parametrize("current, proposed, state", [
    (None, "x", FieldState.EMPTY), ("  ", "x", FieldState.EMPTY), ("x", "x", FieldState.SAME),
    ('ООО "РОМАШКА"', "ООО «Ромашка»", FieldState.FORMAT), ("Семёнов", "Семенов", FieldState.FORMAT),
    ("773601001", "380843001", FieldState.DIFFERENT), (None, None, FieldState.SAME),
])
def test_values_compare_as_same_format_only_empty_or_different(current, proposed, state):
    assert compare_values(current, proposed) is state


def test_diff_lists_each_proposed_field_with_portal_value():
    rows = diff_fields(Section.REQUISITE, {"RQ_INN": "7707083893", "RQ_KPP": ""},
                       {"RQ_INN": "7707083893", "RQ_KPP": "773601001"})
    assert [(r.field, r.current, r.proposed, r.state) for r in rows] == [
        ("RQ_INN", "7707083893", "7707083893", FieldState.SAME),
        ("RQ_KPP", None, "773601001", FieldState.EMPTY)]


# ---------------------------------------------------------------- choosing the requisite

def test_requisite_with_same_inn_and_kpp_is_chosen_over_other_branches(presets, sberbank):
    main_req = {"ID": "1", "ENTITY_ID": "501", "RQ_INN": "7707083893", "RQ_KPP": "773601001"}
    branch_req = {"ID": "2", "ENTITY_ID": "501", "RQ_INN": "7707083893", "RQ_KPP": "380843001"}
    snap = snapshot(presets, [main_req, branch_req])
    assert choose_requisite(snap, map_party(sberbank[1])).id == "2"
    assert choose_requisite(snap, map_party(sberbank[0])).id == "1"


def test_other_branch_requisite_is_not_overwritten_by_head_office(presets, sberbank):
    snap = snapshot(presets, [{"ID": "2", "RQ_INN": "7707083893", "RQ_KPP": "380843001"}])
    assert choose_requisite(snap, map_party(sberbank[0])) is None


def test_single_blank_requisite_is_filled_instead_of_creating_another(presets, sberbank):
    snap = snapshot(presets, [{"ID": "9", "RQ_INN": "", "NAME": "Организация"}])
    assert choose_requisite(snap, map_party(sberbank[0])).id == "9"


def test_address_only_requisite_is_never_chosen(presets, sberbank):
    snap = snapshot(presets, [{"ID": "9", "RQ_INN": "7707083893", "ADDRESS_ONLY": "Y"}])
    assert choose_requisite(snap, map_party(sberbank[0])) is None


# ---------------------------------------------------------------- plans

def test_empty_portal_gets_a_new_requisite_with_address_in_one_plan(presets, sberbank):
    plan = build_plan(snapshot(presets), sberbank[0], Mode.FILL_EMPTY)
    assert [w.op for w in plan.writes] == [Op.REQUISITE_ADD, Op.ADDRESS_ADD]
    add = plan.writes[0]
    assert add.fields["ENTITY_TYPE_ID"] == 4 and add.fields["ENTITY_ID"] == "501"
    assert add.fields["PRESET_ID"] == "11" and add.fields["NAME"] == "ПАО СБЕРБАНК"
    assert add.fields["RQ_INN"] == "7707083893" and add.fields["RQ_KPP"] == "773601001"
    address = plan.writes[1]
    assert address.target == NEW_REQUISITE and address.address_type == "6"
    assert address.fields["ADDRESS_1"] == "ул Вавилова, д 19" and address.fields["ADDRESS_2"] == ""
    assert plan.before["requisite"] == {"id": None}
    assert plan.before["address"]["existed"] is False


def test_entrepreneur_gets_the_ip_preset(presets, entrepreneur):
    plan = build_plan(snapshot(presets, owner_type=3, owner="77"), entrepreneur, Mode.FILL_EMPTY)
    add = plan.writes_of(Op.REQUISITE_ADD)[0]
    assert add.fields["PRESET_ID"] == "12" and add.fields["ENTITY_TYPE_ID"] == 3
    assert add.fields["RQ_LAST_NAME"] == "Иванова-Петрова"


def test_fill_empty_touches_only_empty_fields_and_records_their_old_values(presets, sberbank):
    plan = build_plan(snapshot(presets, [PARTIAL_SBER], [OLD_ADDRESS]), sberbank[0], Mode.FILL_EMPTY)
    update = plan.writes_of(Op.REQUISITE_UPDATE)[0]
    assert update.target == "27"
    assert "RQ_DIRECTOR" not in update.fields and "RQ_COMPANY_NAME" not in update.fields
    assert update.fields["RQ_KPP"] == "773601001" and update.fields["RQ_OGRN"] == "1027700132195"
    assert plan.before["requisite"]["fields"]["RQ_KPP"] is None
    assert set(plan.before["requisite"]["fields"]) == set(update.fields)
    assert not plan.writes_of(Op.ADDRESS_UPDATE)  # the portal already has a legal address


def test_replace_overwrites_different_and_reformats_same_values(presets, sberbank):
    plan = build_plan(snapshot(presets, [PARTIAL_SBER], [OLD_ADDRESS]), sberbank[0], Mode.REPLACE)
    update = plan.writes_of(Op.REQUISITE_UPDATE)[0]
    assert update.fields["RQ_DIRECTOR"] == "Греф Герман Оскарович"
    assert update.fields["RQ_COMPANY_NAME"] == "ПАО СБЕРБАНК"
    assert "RQ_INN" not in update.fields  # unchanged values are not sent
    assert plan.before["requisite"]["fields"]["RQ_DIRECTOR"] == "Иванов Иван Иванович"
    address = plan.writes_of(Op.ADDRESS_UPDATE)[0]
    assert address.fields["ADDRESS_1"] == "ул Вавилова, д 19" and address.fields["ADDRESS_2"] == ""
    assert plan.before["address"]["parts"]["ADDRESS_2"] == "офис 5"


def test_preview_fingerprint_is_the_same_for_both_modes_and_moves_with_any_compared_value(presets, sberbank):
    def fingerprint(requisite, mode=Mode.REPLACE, addresses=(OLD_ADDRESS,)):
        return preview_fingerprint(build_plan(snapshot(presets, [requisite], addresses), sberbank[0], mode))

    seen = fingerprint(PARTIAL_SBER)
    assert fingerprint(PARTIAL_SBER, Mode.FILL_EMPTY) == seen
    assert fingerprint({**PARTIAL_SBER, "DATE_MODIFY": "2026-01-02"}) == seen  # not a compared field
    assert fingerprint({**PARTIAL_SBER, "RQ_KPP": "773601001"}) != seen
    assert fingerprint(PARTIAL_SBER, addresses=({**OLD_ADDRESS, "ADDRESS_2": "офис 6"},)) != seen
    assert fingerprint({**PARTIAL_SBER, "ID": "28"}, addresses=()) != seen  # another requisite


def test_diff_shows_every_section_whatever_the_mode(presets, sberbank):
    plan = build_plan(snapshot(presets, [PARTIAL_SBER], [OLD_ADDRESS]), sberbank[0], Mode.FILL_EMPTY)
    by_field = {(r.section, r.field): r for r in plan.diff}
    assert by_field[(Section.REQUISITE, "RQ_DIRECTOR")].state is FieldState.DIFFERENT
    assert by_field[(Section.REQUISITE, "RQ_COMPANY_NAME")].state is FieldState.FORMAT
    assert by_field[(Section.REQUISITE, "RQ_INN")].state is FieldState.SAME
    assert by_field[(Section.ADDRESS, "ADDRESS_2")].proposed == ""  # replacing would clear the office


def test_nothing_to_do_gives_an_empty_plan(presets, sberbank):
    first = build_plan(snapshot(presets), sberbank[0], Mode.REPLACE)
    filled_requisite = {"ID": "27", **{k: v for k, v in first.writes[0].fields.items()}}
    filled_address = {"TYPE_ID": "6", "ENTITY_TYPE_ID": "8", "ENTITY_ID": "27", **first.writes[1].fields}
    again = build_plan(snapshot(presets, [filled_requisite], [filled_address]), sberbank[0], Mode.REPLACE)
    assert again.is_empty and again.before.keys() == {"owner", "candidate_key"}


def test_entrepreneur_city_never_replaces_a_fuller_address(presets, entrepreneur):
    requisite = {"ID": "5", "RQ_INN": "771234567859", "PRESET_ID": "12"}
    street = {"TYPE_ID": "6", "ENTITY_TYPE_ID": "8", "ENTITY_ID": "5", "ADDRESS_1": "ул Ленина, д 2", "CITY": "Москва"}
    plan = build_plan(snapshot(presets, [requisite], [street], owner_type=3), entrepreneur, Mode.REPLACE)
    assert not plan.writes_of(Op.ADDRESS_UPDATE)


def test_non_active_party_is_not_planned_without_confirmation(presets, liquidated):
    with pytest.raises(ConfirmationRequired) as caught:
        build_plan(snapshot(presets), liquidated, Mode.FILL_EMPTY)
    assert "ликвидирована" in caught.value.user_message("ru")
    plan = build_plan(snapshot(presets), liquidated, Mode.FILL_EMPTY, confirmed=True)
    assert plan.writes and any("ликвидирована" in w.ru for w in plan.warnings)


def test_chosen_requisite_with_another_inn_is_refused(presets, sberbank):
    other = {"ID": "3", "RQ_INN": "7736207543"}
    with pytest.raises(InvalidInput) as caught:
        build_plan(snapshot(presets, [other]), sberbank[0], Mode.REPLACE, target_requisite_id="3")
    assert "7736207543" in caught.value.user_message("ru")
    with pytest.raises(InvalidInput):
        build_plan(snapshot(presets, [other]), sberbank[0], Mode.REPLACE, target_requisite_id="404")


def test_requisite_of_another_preset_is_updated_with_a_warning(presets, sberbank):
    odd = {"ID": "4", "RQ_INN": "7707083893", "RQ_KPP": "773601001", "PRESET_ID": "14"}
    plan = build_plan(snapshot(presets, [odd]), sberbank[0], Mode.FILL_EMPTY)
    assert plan.writes_of(Op.REQUISITE_UPDATE) and any("шаблону" in w.ru for w in plan.warnings)


# ---------------------------------------------------------------- bank details

def _bank(sberbank_bank_suggestion, account="40702810238000139300"):
    return map_bank(sberbank_bank_suggestion, account)[0]


def test_bank_detail_is_added_to_the_new_requisite_in_the_same_plan(presets, sberbank, sberbank_bank_suggestion):
    plan = build_plan(snapshot(presets), sberbank[0], Mode.FILL_EMPTY, bank=_bank(sberbank_bank_suggestion))
    bank = plan.writes_of(Op.BANK_DETAIL_ADD)[0]
    assert bank.target == NEW_REQUISITE and bank.fields["COUNTRY_ID"] == "1"
    assert bank.fields["RQ_ACC_NUM"] == "40702810238000139300"
    assert plan.before["bank_detail"] == {"id": None}


def test_same_account_updates_only_empty_bank_fields_in_fill_empty(presets, sberbank, sberbank_bank_suggestion):
    existing = {"ID": "357", "ENTITY_ID": "27", "NAME": "Мой счёт", "RQ_ACC_NUM": "40702810238000139300",
                "RQ_BIK": "044525225", "RQ_BANK_NAME": "Сбер", "RQ_COR_ACC_NUM": None}
    snap = snapshot(presets, [PARTIAL_SBER], [OLD_ADDRESS], [existing])
    plan = build_plan(snap, sberbank[0], Mode.FILL_EMPTY, bank=_bank(sberbank_bank_suggestion))
    update = plan.writes_of(Op.BANK_DETAIL_UPDATE)[0]
    assert update.target == "357" and update.fields["RQ_COR_ACC_NUM"] == "30101810400000000225"
    assert "RQ_BANK_NAME" not in update.fields and "NAME" not in update.fields
    assert plan.before["bank_detail"] == {"id": "357", "fields": {k: None for k in update.fields}}
    replace_plan = build_plan(snap, sberbank[0], Mode.REPLACE, bank=_bank(sberbank_bank_suggestion))
    assert replace_plan.writes_of(Op.BANK_DETAIL_UPDATE)[0].fields["RQ_BANK_NAME"] == "ПАО СБЕРБАНК"


def test_another_account_adds_a_second_bank_detail(presets, sberbank, sberbank_bank_suggestion):
    existing = {"ID": "357", "ENTITY_ID": "27", "RQ_ACC_NUM": "40702810938000060473", "RQ_BIK": "044525225"}
    snap = snapshot(presets, [PARTIAL_SBER], [], [existing])
    plan = build_plan(snap, sberbank[0], Mode.FILL_EMPTY, bank=_bank(sberbank_bank_suggestion))
    assert plan.writes_of(Op.BANK_DETAIL_ADD)[0].target == "27"


def test_planning_a_bank_detail_without_reading_existing_ones_is_refused(presets, sberbank, sberbank_bank_suggestion):
    snap = snapshot(presets, [PARTIAL_SBER], loaded=[])
    with pytest.raises(ValueError):
        build_plan(snap, sberbank[0], Mode.FILL_EMPTY, bank=_bank(sberbank_bank_suggestion))


# ---------------------------------------------------------------- undo

def test_undo_of_a_created_requisite_deletes_it_and_nothing_else(presets, sberbank, sberbank_bank_suggestion):
    plan = build_plan(snapshot(presets), sberbank[0], Mode.REPLACE, bank=_bank(sberbank_bank_suggestion))
    writes = undo_writes(plan.before, {"requisite_id": "88", "bank_detail_id": "99"})
    assert [(w.op, w.target) for w in writes] == [(Op.REQUISITE_DELETE, "88")]


def test_undo_of_an_update_restores_previous_values_blank_ones_as_empty(presets, sberbank, sberbank_bank_suggestion):
    existing = {"ID": "357", "ENTITY_ID": "27", "RQ_ACC_NUM": "40702810238000139300", "RQ_BANK_NAME": "Сбер"}
    snap = snapshot(presets, [PARTIAL_SBER], [OLD_ADDRESS], [existing])
    plan = build_plan(snap, sberbank[0], Mode.REPLACE, bank=_bank(sberbank_bank_suggestion))
    writes = {w.op: w for w in undo_writes(plan.before, {"requisite_id": "27"})}
    assert writes[Op.REQUISITE_UPDATE].fields["RQ_DIRECTOR"] == "Иванов Иван Иванович"
    assert writes[Op.REQUISITE_UPDATE].fields["RQ_KPP"] == ""
    assert writes[Op.ADDRESS_UPDATE].fields["ADDRESS_2"] == "офис 5"
    assert writes[Op.ADDRESS_UPDATE].fields["POSTAL_CODE"] == ""
    assert writes[Op.BANK_DETAIL_UPDATE].target == "357"
    assert writes[Op.BANK_DETAIL_UPDATE].fields["RQ_BANK_NAME"] == "Сбер"


def test_undo_deletes_an_address_and_bank_detail_the_fill_added(presets, sberbank, sberbank_bank_suggestion):
    plan = build_plan(snapshot(presets, [PARTIAL_SBER]), sberbank[0], Mode.FILL_EMPTY,
                      bank=_bank(sberbank_bank_suggestion))
    writes = undo_writes(plan.before, {"requisite_id": "27", "bank_detail_id": "400"})
    assert [(w.op, w.target) for w in writes] == [
        (Op.REQUISITE_UPDATE, "27"), (Op.ADDRESS_DELETE, "27"), (Op.BANK_DETAIL_DELETE, "400")]


def test_undo_notices_fields_edited_after_the_fill(presets, sberbank):
    plan = build_plan(snapshot(presets, [PARTIAL_SBER]), sberbank[0], Mode.FILL_EMPTY)
    after = {"requisite_id": "27", "written": written_values(plan)}
    filled = {**PARTIAL_SBER, **plan.writes_of(Op.REQUISITE_UPDATE)[0].fields}
    address = {"TYPE_ID": "6", "ENTITY_TYPE_ID": "8", "ENTITY_ID": "27", **plan.writes_of(Op.ADDRESS_ADD)[0].fields}
    assert undo_conflicts(after, snapshot(presets, [filled], [address])) == ()
    edited = {**filled, "RQ_KPP": "773601002"}
    assert undo_conflicts(after, snapshot(presets, [edited], [address])) == ("requisite.RQ_KPP",)
    with pytest.raises(UndoConflict) as caught:
        require_no_undo_conflicts(after, snapshot(presets, [edited], [address]))
    assert "RQ_KPP" in caught.value.user_message("en")


def test_undo_after_a_half_failed_batch_reverts_only_what_ran(presets, sberbank):
    plan = build_plan(snapshot(presets, [PARTIAL_SBER]), sberbank[0], Mode.FILL_EMPTY)
    writes = undo_writes(plan.before, {"requisite_id": "27"}, applied={Op.REQUISITE_UPDATE})
    assert [w.op for w in writes] == [Op.REQUISITE_UPDATE]
    created = build_plan(snapshot(presets), sberbank[0], Mode.FILL_EMPTY)
    assert undo_writes(created.before, {}, applied=set()) == ()


def test_undo_plan_reads_a_journal_entry_and_respects_what_ran(presets, sberbank):
    plan = build_plan(snapshot(presets, [PARTIAL_SBER]), sberbank[0], Mode.FILL_EMPTY)
    applied = {"before": plan.before, "after": {"status": "applied", "requisite_id": "27"}}
    assert [w.op for w in undo_plan(applied)] == [Op.REQUISITE_UPDATE, Op.ADDRESS_DELETE]
    partial = {"before": plan.before, "after": {"status": "partial", "requisite_id": "27",
                                                "ran": ["crm.requisite.update"]}}
    assert [w.op for w in undo_plan(partial)] == [Op.REQUISITE_UPDATE]
