"""Cities and street addresses as managers type them."""
import pytest

from dedupe.places import names_city, normalize_city, normalize_street_address


@pytest.mark.parametrize("typed", ["Москва", "г. Москва", "г.Москва", "Москва г", "город Москва", "МСК",
                                   "Россия, Москва", "123456, г. Москва"])
def test_one_city_however_it_is_typed(typed):
    assert normalize_city(typed) == "москва"


@pytest.mark.parametrize("typed", ["Санкт-Петербург", "г. Санкт Петербург", "СПб", "С-Петербург"])
def test_saint_petersburg_and_its_abbreviations(typed):
    assert normalize_city(typed) == "санкт-петербург"


def test_a_region_before_or_after_the_city_is_not_the_city():
    assert normalize_city("Химки, Московская обл.") == normalize_city("Московская обл., г. Химки") == "химки"


def test_different_cities_stay_different():
    assert normalize_city("Казань") != normalize_city("Москва")
    assert normalize_city("") == ""


def test_street_address_words_and_postcode_do_not_matter():
    key = normalize_street_address("ул. Белинского, д. 72, оф. 795")
    assert key == normalize_street_address("Белинского ул, 72, офис 795") == "белинского 72 795"
    assert normalize_street_address("129090, ул. Ленина, д. 1") == normalize_street_address("улица Ленина, дом 1")


def test_another_office_is_another_address():
    assert normalize_street_address("ул. Белинского, д. 72, оф. 795") != normalize_street_address(
        "ул. Белинского, д. 72, оф. 796")


@pytest.mark.parametrize("vague", ["Москва", "ул. Ленина", "д. 5", ""])
def test_an_address_without_a_street_and_a_number_identifies_nothing(vague):
    assert normalize_street_address(vague) == ""


@pytest.mark.parametrize("typed, city", [("С-Пб", "санкт-петербург"), ("г. СПб", "санкт-петербург"),
                                         ("Ростов н/Д", "ростов-на-дону"), ("г. Ростов-на-Дону", "ростов-на-дону"),
                                         ("г.о. Химки", "химки"), ("Н. Новгород", "нижний-новгород")])
def test_abbreviations_are_read_before_the_settlement_words_go(typed, city):
    assert normalize_city(typed) == city


def test_a_building_letter_stays_with_its_number():
    assert normalize_street_address("ул. Ленина, 12 Б") == normalize_street_address("ул. Ленина, д. 12Б")
    assert normalize_street_address("ул. Ленина, 12 Б") != normalize_street_address("ул. Ленина, д. 12")
    assert normalize_street_address("пр-т Мира, д. 5, корп. 2") == "мира 5 2"


def test_a_street_named_by_a_date_without_a_house_is_no_address():
    assert normalize_street_address("ул. 8 Марта") == ""
    assert normalize_street_address("ул. 8 Марта, д. 5") == "8 марта 5"


@pytest.mark.parametrize("words, city", [(("филиал", "в", "нижнем", "новгороде"), "нижний-новгород"),
                                         (("в", "г", "уфе"), "уфа"), (("в", "набережных", "челнах"), "набережные-челны"),
                                         (("в", "г", "ростов-на-дону"), "ростов-на-дону"), (("филиал", "саратов"), "саратов")])
def test_a_note_names_its_city_in_any_case(words, city):
    assert names_city(words, city)


@pytest.mark.parametrize("words, city", [(("в", "орске"), "орел"), (("в", "томске"), "омск"), (("тверь",), "москва")])
def test_a_note_does_not_name_a_city_that_only_begins_alike(words, city):
    assert not names_city(words, city)
