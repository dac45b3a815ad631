"""batch(): chunks of 50 with keys preserved, and every per-command failure surfaced."""
from __future__ import annotations

import pytest

from bitrix_client import AccessDenied, ApiError, BatchError, NotFound
from bitrix_client.encoding import parse_query

from tests.bitrix_client.bitrix_fakes import PORTAL, error, sent_json


def batch_body(results=None, errors=None):
    return {"result": {"result": results if results else [], "result_error": errors if errors else [],
                       "result_total": [], "result_next": [], "result_time": []}, "time": {}}


def echo_batch(request):
    import json
    cmd = json.loads(request.body)["cmd"]
    return 200, {}, json.dumps(batch_body({key: {"echo": command} for key, command in cmd.items()}))


def test_120_commands_take_3_requests_and_keep_their_keys(http, make_client, limiter):
    http.add_callback("POST", PORTAL + "batch", callback=echo_batch)
    commands = {f"get_{i}": ("crm.contact.get", {"id": i}) for i in range(120)}
    results = make_client().batch(commands)
    assert list(results) == list(commands)
    assert results["get_7"] == {"echo": "crm.contact.get?id=7"}
    assert [len(sent_json(c)["cmd"]) for c in http.calls] == [50, 50, 20]
    assert list(sent_json(http.calls[2])["cmd"])[0] == "get_100"
    assert len(limiter.acquired) == 3  # a batch is one request for the rate limit


def test_command_params_become_a_php_query_string(http, make_client):
    http.post(PORTAL + "batch", json=batch_body({"find": []}))
    make_client().batch({"find": ("crm.contact.list", {"filter": {"%NAME": "A&B"}, "select": ["ID"]})})
    body = sent_json(http.calls[0])
    method, _, query = body["cmd"]["find"].partition("?")
    assert method == "crm.contact.list" and body["halt"] == 0
    assert parse_query(query) == {"filter": {"%NAME": "A&B"}, "select": {"0": "ID"}}


def test_every_failed_command_is_reported_with_its_class(http, make_client):
    http.post(PORTAL + "batch", json=batch_body(
        {"a": {"ID": "1"}, "c": {"ID": "3"}},
        {"b": error("ACCESS_DENIED", "Access denied"), "d": error("", "Not found")}))
    with pytest.raises(BatchError) as caught:
        make_client().batch({k: ("crm.contact.get", {"id": k}) for k in "abcd"})
    assert caught.value.results == {"a": {"ID": "1"}, "c": {"ID": "3"}}
    assert isinstance(caught.value.errors["b"], AccessDenied) and isinstance(caught.value.errors["d"], NotFound)


@pytest.mark.parametrize("empty", [[], {}])
def test_empty_result_error_means_no_errors(http, make_client, empty):
    body = batch_body({"a": 1})
    body["result"]["result_error"] = empty
    http.post(PORTAL + "batch", json=body)
    assert make_client().batch({"a": ("app.info", {})}) == {"a": 1}


def test_a_command_missing_from_the_reply_is_an_error_not_a_shorter_result(http, make_client):
    http.post(PORTAL + "batch", json=batch_body({"a": 1}))
    with pytest.raises(BatchError) as caught:
        make_client().batch({"a": ("app.info", {}), "b": ("app.info", {})})
    assert caught.value.errors["b"].code == "BATCH_RESULT_MISSING" and caught.value.results == {"a": 1}


def test_php_list_shaped_sections_keep_numeric_keys(http, make_client):
    http.post(PORTAL + "batch", json=batch_body(["zero", "one"]))
    assert make_client().batch({"0": ("app.info", {}), "1": ("app.info", {})}) == {"0": "zero", "1": "one"}


def test_halt_stops_later_chunks_and_reports_what_never_ran(http, make_client):
    results = {f"k{i}": i for i in range(10)}
    http.post(PORTAL + "batch", json=batch_body(results, {"k10": error("ERROR_CORE", "boom")}))
    commands = {f"k{i}": ("crm.contact.add", {"fields": {"NAME": str(i)}}) for i in range(60)}
    with pytest.raises(BatchError) as caught:
        make_client().batch(commands, halt=True)
    assert len(http.calls) == 1 and sent_json(http.calls[0])["halt"] == 1
    errors = caught.value.errors
    assert errors["k10"].code == "ERROR_CORE"
    assert {k for k, e in errors.items() if e.code == "BATCH_HALTED"} == {f"k{i}" for i in range(11, 60)}
    assert caught.value.results == results


def test_send_batch_refuses_more_than_50_commands_without_sending(make_client):
    with pytest.raises(ValueError):
        make_client().send_batch({str(i): ("app.info", {}) for i in range(51)})


def test_batch_reply_without_result_object_is_an_api_error(http, make_client):
    http.post(PORTAL + "batch", json={"result": [], "time": {}})
    with pytest.raises(ApiError) as caught:
        make_client().batch({"a": ("app.info", {})})
    assert caught.value.code == "INVALID_RESPONSE"
