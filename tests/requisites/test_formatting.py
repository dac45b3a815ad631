"""One uniform template for names, people, posts and dates."""
from __future__ import annotations

import pytest

from requisites.formatting import (
    format_date_ms, format_director, format_org_name, format_post, proper_case_person, split_person_name,
)


@pytest.mark.parametrize("raw, formatted", [
    ('ООО "РОМАШКА"', "ООО «РОМАШКА»"),
    ('ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО "СБЕРБАНК РОССИИ"', "ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО «СБЕРБАНК РОССИИ»"),
    ('ПАО "НК "РОСНЕФТЬ"', "ПАО «НК „РОСНЕФТЬ“»"),
    ('ООО "ТД "ГРАНД" И К"', "ООО «ТД „ГРАНД“ И К»"),
    ('ЗАО "Фирма "ВЕСТ"-Сервис"', "ЗАО «Фирма „ВЕСТ“-Сервис»"),
    ("ООО “Ромашка”", "ООО «Ромашка»"),
    ("ООО «Ромашка»", "ООО «Ромашка»"),
    ("ООО «ЛУЧ „СВЕТ“»", "ООО «ЛУЧ „СВЕТ“»"),
    ('ООО"РОМАШКА"', "ООО «РОМАШКА»"),
    ('ООО "РОМАШКА', "ООО «РОМАШКА»"),
    ('ООО  " РОМАШКА "', "ООО «РОМАШКА»"),
    ("ООО \"О'КЕЙ\"", "ООО «О'КЕЙ»"),
    ("ПАО СБЕРБАНК", "ПАО СБЕРБАНК"),
    (None, ""),
])
def test_org_names_get_russian_quotes_and_keep_registry_letters(raw, formatted):
    assert format_org_name(raw) == formatted


def test_formatting_an_already_formatted_name_changes_nothing():
    once = format_org_name('ПАО "НК "РОСНЕФТЬ"')
    assert format_org_name(once) == once


@pytest.mark.parametrize("raw, formatted", [
    ("ОВСЕПЯН ХАЧАТУР МЕЛИКОВИЧ", "Овсепян Хачатур Меликович"),
    ("ИВАНОВА-ПЕТРОВА ОЛЬГА  ИВАНОВНА", "Иванова-Петрова Ольга Ивановна"),
    ("АЛИЕВ РАШИД МАМЕД ОГЛЫ", "Алиев Рашид Мамед оглы"),
    ("Д'АРТАНЬЯН ШАРЛЬ", "Д'Артаньян Шарль"),
    ("греф герман оскарович", "Греф Герман Оскарович"),
])
def test_person_names_are_in_proper_case(raw, formatted):
    assert proper_case_person(raw) == formatted


def test_split_person_name_keeps_compound_patronymic_together():
    assert split_person_name("АЛИЕВ РАШИД МАМЕД ОГЛЫ") == ("Алиев", "Рашид", "Мамед оглы")
    assert split_person_name("ИВАНОВ") == ("Иванов", "", "")


@pytest.mark.parametrize("raw, formatted", [
    ("ГЕНЕРАЛЬНЫЙ ДИРЕКТОР", "Генеральный директор"),
    ("ПРЕЗИДЕНТ, ПРЕДСЕДАТЕЛЬ ПРАВЛЕНИЯ", "Президент, председатель правления"),
    ("ДИРЕКТОР ФИЛИАЛА ПАО СБЕРБАНК", "Директор филиала ПАО СБЕРБАНК"),
    ("генеральный директор", "Генеральный директор"),
    ("", ""),
])
def test_posts_are_in_sentence_case(raw, formatted):
    assert format_post(raw) == formatted


def test_director_splits_into_name_and_post_and_reads_as_one_line():
    director = format_director("ЧЕХ ИЛЬЯ ИГОРЕВИЧ", "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР")
    assert (director.name, director.post) == ("Чех Илья Игоревич", "Генеральный директор")
    assert director.display == "Генеральный директор Чех Илья Игоревич"
    assert format_director(None, "ДИРЕКТОР") is None


@pytest.mark.parametrize("millis, date", [
    (677376000000, "20.06.1991"),     # Sberbank registration, stamped 00:00 UTC
    (1469998800000, "01.08.2016"),    # stamped 00:00 Moscow = 21:00 UTC the day before
    (1029456000000, "16.08.2002"),
    (None, None), ("not a date", None), (True, None),
])
def test_registry_millisecond_dates_become_dd_mm_yyyy(millis, date):
    assert format_date_ms(millis) == date
