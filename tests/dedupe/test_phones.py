import random

import pytest

from dedupe.phones import (_parse_with_phonenumbers, differ_by_one_digit, format_phone, landline_area, normalize_phone,
                           phones_in_text, phones_of_value)


@pytest.mark.parametrize("raw", ["8 912 345-67-89", "+7(912)345-67-89", "912-345-67-89", "79123456789",
                                 "+7 912 345 67 89", "8(912)3456789", " 8-912-345-67-89 "])
def test_russian_mobile_formats_normalise_to_one_number(raw):
    assert normalize_phone(raw) == ("+79123456789", "")


@pytest.mark.parametrize("raw, extension", [
    ("+7 495 123-45-67 доб. 123", "123"), ("+7 (495) 123-45-67 (доб. 45)", "45"), ("8 495 1234567 ext. 7", "7"),
    ("+7 495 123-45-67 #12", "12"), ("8-495-123-45-67, вн. 5", "5"), ("8 (495) 123-45-67 внутр. 321", "321")])
def test_extension_is_kept_apart_from_the_office_number(raw, extension):
    assert normalize_phone(raw) == ("+74951234567", extension)


def test_landline_with_four_digit_area_code_normalises():
    assert normalize_phone("8 (3452) 12-34-56") == ("+73452123456", "")


@pytest.mark.parametrize("raw", ["", "123", "нет", "+7 (999) 999-99-99", "8 000 000 00 00"])
def test_junk_and_masked_input_placeholders_are_not_numbers(raw):
    assert normalize_phone(raw) is None


def test_fast_path_gives_exactly_what_phonenumbers_gives():
    rng = random.Random(1)
    for _ in range(2000):
        national = rng.choice("3489") + "".join(rng.choice("0123456789") for _ in range(9))
        a, b, c, d = national[:3], national[3:6], national[6:8], national[8:]
        raw = rng.choice([f"+7 ({a}) {b}-{c}-{d}", f"8{a}{b}{c}{d}", f"{a}-{b}-{c}-{d}", f"7 {a} {b}{c}{d}"])
        raw += rng.choice(["", f" доб. {rng.randrange(1, 999)}", f" #{rng.randrange(1, 99)}"])
        assert normalize_phone(raw) == _parse_with_phonenumbers(raw), raw


def test_numbers_outside_known_ranges_still_match_themselves():
    assert normalize_phone("8 536 248-14-14") == normalize_phone("+7 (536) 248 14 14") == ("+75362481414", "")


def test_foreign_numbers_go_through_phonenumbers():
    assert normalize_phone("+375 29 123-45-67") == ("+375291234567", "")


def test_two_numbers_typed_into_one_field_are_both_read():
    assert {phone.e164 for phone in phones_of_value("8 912 345-67-89, 8 495 765-43-21")} == {"+79123456789",
                                                                                            "+74957654321"}


def test_numbers_are_found_inside_comments():
    found = phones_in_text("Перезвонить на 8 912 345-67-89 после обеда")
    assert found == [("+79123456789", "")]


def test_reasons_show_the_number_in_international_format():
    assert format_phone("+79123456789") == "+7 912 345-67-89"


@pytest.mark.parametrize("a, b, expected", [("+79123456789", "+79123456780", True),
                                            ("+79123456789", "+79123456798", True),
                                            ("+79123456789", "+79123450000", False),
                                            ("+79123456789", "+79123456789", False)])
def test_one_mistyped_or_swapped_digit_is_recognised(a, b, expected):
    assert differ_by_one_digit(a, b) is expected


@pytest.mark.parametrize("comment", ["Лучше писать в мессенджер / ИНН: 7705714487", "ИНН/КПП 7701342005/770101001",
                                     "р/с 40702810938000012345", "ОГРН 1027700132195"])
def test_labelled_requisites_in_comments_are_not_read_as_phones(comment):
    assert phones_in_text(comment) == []


@pytest.mark.parametrize("e164, area", [("+74951234567", "495"), ("+74997147045", "495"), ("+73812739703", "381"),
                                        ("+78438539120", "843"), ("+79161234567", None), ("+78001234567", None),
                                        ("+375291234567", None)])
def test_a_landline_tells_its_area_and_a_mobile_or_toll_free_number_none(e164, area):
    assert landline_area(e164) == area
