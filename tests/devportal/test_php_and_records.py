"""The wire conventions (PHP bracket forms, PHP arrays in JSON) and list semantics, without HTTP."""
from __future__ import annotations

import pytest

from devportal import php
from devportal.records import Table, paginate


def test_bracket_keys_build_nested_params_and_empty_brackets_append():
    pairs = [("fields[PHONE][0][VALUE]", "1"), ("fields[PHONE][0][VALUE_TYPE]", "WORK"),
             ("fields[PHONE][1][VALUE]", "2"), ("select[]", "ID"), ("select[]", "NAME"), ("filter[>ID]", "5")]
    assert php.parse_pairs(pairs) == {"fields": {"PHONE": [{"VALUE": "1", "VALUE_TYPE": "WORK"}, {"VALUE": "2"}]},
                                      "select": ["ID", "NAME"], "filter": {">ID": "5"}}


def test_flatten_is_the_inverse_of_parse_for_event_payloads():
    payload = {"event": "ONCRMLEADADD", "data": {"FIELDS": {"ID": "7"}}, "auth": {"expires_in": 3600}}
    flat = list(php.flatten(payload))
    assert flat == [("event", "ONCRMLEADADD"), ("data[FIELDS][ID]", "7"), ("auth[expires_in]", "3600")]
    assert php.parse_pairs(flat) == {"event": "ONCRMLEADADD", "data": {"FIELDS": {"ID": "7"}},
                                     "auth": {"expires_in": "3600"}}


@pytest.mark.parametrize("mapping, printed", [({}, []), ({"0": "a", "1": "b"}, ["a", "b"]),
                                              ({"get_user": 1}, {"get_user": 1}), ({"0": "a", "2": "c"},
                                                                                   {"0": "a", "2": "c"})])
def test_php_arrays_print_as_json_arrays_only_when_keyed_from_zero(mapping, printed):
    assert php.php_array(mapping) == printed


def test_param_names_resolve_case_insensitively():
    assert php.param({"ID": 5}, "id") == 5 and php.param({"Fields": {}}, "fields") == {}
    assert php.param({"x": 1}, "id", "none") == "none"


@pytest.fixture
def table() -> Table:
    table = Table({"ID": "integer", "TITLE": "string", "DATE_CREATE": "datetime"})
    for i, (title, date) in enumerate([("Альфа", "2024-01-05T10:00:00+03:00"), ("бета", "2024-02-01T10:00:00+03:00"),
                                       ("Гамма", None)], start=1):
        table.insert(i, {"ID": str(i), "TITLE": title, "DATE_CREATE": date})
    return table


def test_date_filters_accept_russian_dates(table: Table):
    assert [r["ID"] for r in table.find({">=DATE_CREATE": "01.02.2024"})] == ["2"]


def test_empty_value_filter_finds_empty_fields(table: Table):
    assert [r["ID"] for r in table.find({"DATE_CREATE": ""})] == ["3"]


def test_like_with_explicit_wildcards(table: Table):
    assert [r["ID"] for r in table.find({"=%TITLE": "%а"})] == ["1", "2", "3"]
    assert [r["ID"] for r in table.find({"!%TITLE": "ет"})] == ["1", "3"]


def test_deleted_rows_vanish_from_the_id_cursor(table: Table):
    table.delete(2)
    assert [r["ID"] for r in table.find({">ID": 1})] == ["3"] and 2 not in table


def test_pages_count_from_start_and_minus_one_stops_counting(table: Table):
    for i in range(4, 121):
        table.insert(i, {"ID": str(i), "TITLE": "x"})
    third = paginate(table.find(), 100)
    cursor = paginate(table.find(), -1)
    assert (len(third.rows), third.total, third.next) == (20, 120, None)
    assert (len(cursor.rows), cursor.total, cursor.next) == (50, 0, None)
