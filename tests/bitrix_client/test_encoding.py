"""PHP-bracket query strings for batch commands, the way http_build_query/parse_str read them."""
from __future__ import annotations

from urllib.parse import unquote_plus

from bitrix_client.encoding import BatchRef, build_query, parse_query


def test_nested_params_use_php_brackets():
    query = build_query({"fields": {"PHONE": [{"VALUE": "+7 900", "VALUE_TYPE": "WORK"}]}})
    assert unquote_plus(query) == "fields[PHONE][0][VALUE]=+7 900&fields[PHONE][0][VALUE_TYPE]=WORK"


def test_special_characters_are_encoded_exactly_once():
    query = build_query({"filter": {"%TITLE": "Рога & Копыта"}})
    assert "%26" in query and "%2526" not in query and "&" not in query.replace("%26", "")
    assert parse_query(query) == {"filter": {"%TITLE": "Рога & Копыта"}}


def test_none_and_empty_arrays_are_left_out_and_booleans_are_digits():
    assert build_query({"a": None, "b": [], "c": {}, "d": True, "e": False, "f": 0}) == "d=1&e=0&f=0"


def test_batch_reference_is_written_literally():
    query = build_query({"filter": {">ID": BatchRef("p0", (49, "ID"))}})
    assert query == "filter%5B%3EID%5D=$result[p0][49][ID]"
    assert parse_query(query) == {"filter": {">ID": "$result[p0][49][ID]"}}


def test_round_trip_keeps_structure_with_numeric_keys_as_strings():
    params = {"order": {"ID": "ASC"}, "select": ["ID", "NAME"], "start": -1}
    assert parse_query(build_query(params)) == {"order": {"ID": "ASC"}, "select": {"0": "ID", "1": "NAME"}, "start": "-1"}


def test_parse_query_appends_for_empty_brackets():
    assert parse_query("id[]=1&id[]=2") == {"id": {"0": "1", "1": "2"}}
