import pytest

from dedupe.titles import (DIFFERENT, INITIALS_ONLY, SAME, TYPO, compare_titles, names_a_place_of, normalize_title,
                           with_own_city_noted)


def relation(a, b):
    return compare_titles(normalize_title(a), normalize_title(b))


@pytest.mark.parametrize("typed", ['ООО "Ромашка"', "Ромашка ООО", "Общество с ограниченной ответственностью «РОМАШКА»",
                                   "ООО „Ромашка“", "OOO Ромашка", "ООО 'ромашка'"])
def test_legal_form_quotes_case_and_word_order_fold_away(typed):
    title = normalize_title(typed)
    assert (title.key, title.legal_form) == ("ромашка", "ооо")


@pytest.mark.parametrize("full, short", [("Акционерное общество", "ао"), ("Публичное акционерное общество", "пао"),
                                         ("Закрытое акционерное общество", "зао"), ("Индивидуальный предприниматель", "ип"),
                                         ("Автономная некоммерческая организация", "ано")])
def test_full_legal_forms_become_their_abbreviation(full, short):
    assert normalize_title(f"{full} «Альфа»").legal_form == short


def test_hyphens_spaces_and_inner_word_order_do_not_matter():
    assert relation("АО «Альфа-Строй»", "ЗАО Альфастрой") == SAME
    assert relation("Строй Альфа", "Альфа Строй") == SAME


def test_one_letter_slip_in_a_long_name_is_a_typo():
    assert relation("ООО Кристаллмебель", "ООО Кристалмебель") == TYPO


def test_digits_must_agree():
    assert relation('ООО "Стройтрест-5"', "ООО Стройтрест-6") == DIFFERENT


def test_similar_long_names_are_different_companies():
    assert relation("Уральский завод тяжёлого машиностроения", "Уральский завод химического машиностроения") == DIFFERENT


def test_different_legal_entity_types_never_match():
    assert relation("ООО Ромашка", "ИП Ромашка") == DIFFERENT


def test_joint_stock_forms_before_and_after_the_reform_are_one_family():
    assert relation("ОАО Ромашка", "ПАО Ромашка") == SAME


def test_entrepreneurs_are_compared_as_people():
    assert relation("ИП Иванов И.И.", "ИП Иванов Игорь Иванович") == INITIALS_ONLY
    assert relation("ИП Иванов Иван Иванович", "Индивидуальный предприниматель Иванов Иван Иванович") == SAME
    assert relation("ИП Иванов Иван Петрович", "ИП Иванов Иван Иванович") == DIFFERENT


def test_latin_look_alike_initials_in_a_cyrillic_title_are_read_as_cyrillic():
    assert relation("ИП «Добрин А.Д.»", "«ДОБPИН A.Д.» ИП") == SAME


def test_kinds_of_organisation_spelt_out_or_abbreviated_are_one_name():
    assert relation("ООО «Торговый дом Ромашка»", "ООО ТД Ромашка") == SAME
    assert relation("Научно-производственное объединение «Квант»", "НПО Квант") == SAME


@pytest.mark.parametrize("plain, placed", [("АО «Мегаполис»", "АО «Мегаполис» (Казань) (филиал в г. Казань)"),
                                           ("ООО КамПоставка", "ООО «КамПоставка» г. Омск"),
                                           ("ООО «АвтоСтандарт» (Калининград)", 'ООО "АвтоСтандарт"')])
def test_a_city_or_branch_note_is_the_same_name_with_a_place(plain, placed):
    assert names_a_place_of(normalize_title(plain), normalize_title(placed))
    assert relation(plain, placed) == DIFFERENT          # still not the same card title


@pytest.mark.parametrize("branch, name", [("Филиал ПАО Торговый дом «Восход-Строй» в г. Ростов-на-Дону", "Торговый дом «Восход-Строй»"),
                                           ("Филиал ООО «Окна в Европу» в Нижнем Новгороде", "ООО «Окна в Европу»"),
                                           ('Представительство АО "Мегаполис" в Казани', "Мегаполис"),
                                           ("Филиал «Ромашка» во Владимире", "Ромашка"),
                                           ("Филиал Акционерного общества «Ромашка»", "АО Ромашка"),
                                           ("Филиал Общества с ограниченной ответственностью «Ромашка» в г. Уфе", "ООО Ромашка"),
                                           ("Филиал ООО «Ромашка», Казань", "Ромашка"),
                                           ("Филиал в г. Казани ООО «Ромашка»", "Ромашка"),
                                           ("Филиал: ООО «Ромашка»", "Ромашка"), ("Филиал № 2 ООО «Ромашка»", "Ромашка"),
                                           ("Филиал ООО Ромашка в Набережных Челнах", "Ромашка"),
                                           ("Филиал АО 'Спутник-Энерго' в г. Петрозаводск", "Спутник-Энерго"),
                                           ('ФИЛИАЛ ООО "РОМАШКА" В КАЗАНИ', "Ромашка"), ("ФИЛИАЛ ООО РОМАШКА В Г. КАЗАНИ", "Ромашка"),
                                           ("Филиал ООО Мир в доме", "Мир в доме")])
def test_a_branch_word_leading_the_title_keeps_the_firms_name_as_its_core(branch, name):
    title, plain = normalize_title(branch), normalize_title(name)
    assert title.branch and title.core == plain.key
    assert relation(branch, name) == DIFFERENT           # a branch is a separate entity


def test_two_different_places_are_two_offices_not_one_name():
    assert not names_a_place_of(normalize_title("Мегаполис (Москва)"), normalize_title("Мегаполис (Казань)"))


@pytest.mark.parametrize("typed", ["Общество с ограниченной отвктственностью «Энерголайн»",
                                   'ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕНЕОСТЬЮ "ЭНЕРГОЛАЙН"'])
def test_a_slip_in_a_long_word_of_the_full_legal_form_still_reads_as_the_form(typed):
    title = normalize_title(typed)
    assert (title.key, title.legal_form) == ("энерголайн", "ооо")


def test_a_slip_in_torgovyi_still_abbreviates_to_td():
    assert relation("ООО «Южный Торрговый Дом»", "ООО ТД Южный") == SAME


@pytest.mark.parametrize("title", ["Чубов Александр Иванович", "Александр Иванович Чубов", "ИП Чубов Александр Иванович"])
def test_a_bare_full_name_titles_an_entrepreneur(title):
    assert normalize_title(title).full_person_name
    assert relation(title, "Чубов А.И. ИП") == INITIALS_ONLY


@pytest.mark.parametrize("title", ["Центр занятости населения", "Богданов и К", "Мебельдревинжиниринг Саратов",
                                   "ИП Чубов А.И.", "ООО Чубов Александр Иванович"])
def test_other_titles_are_not_a_full_name(title):
    assert not normalize_title(title).full_person_name


@pytest.mark.parametrize("title, city", [('ООО "Богданов и К" Мурманск', "мурманск"), ("Синсталь, Москва", "москва"),
                                         ("Парус-Н Санкт-Петербург", "санкт-петербург")])
def test_a_title_ending_with_the_cards_own_city_carries_a_city_note(title, city):
    noted = with_own_city_noted(normalize_title(title), city)
    plain = normalize_title(title.rsplit(" ", 1)[0].rstrip(","))
    assert noted.core == plain.key and names_a_place_of(noted, plain)


def test_a_city_word_is_no_note_on_a_card_in_another_city_or_when_it_is_the_whole_name():
    assert with_own_city_noted(normalize_title("Гостиница Москва"), "казань").core == normalize_title("Гостиница Москва").key
    assert with_own_city_noted(normalize_title("ООО «Москва»"), "москва").core == "москва"
