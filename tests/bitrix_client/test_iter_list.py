"""iter_list(): the ID cursor chained inside batches, against a stand-in that implements it for real."""
from __future__ import annotations

import pytest

from bitrix_client import AccessDenied, OperationTimeLimit, RetryPolicy

from tests.bitrix_client.bitrix_fakes import PORTAL, FakeListPortal, error, sent_json


@pytest.mark.parametrize(("count", "requests"), [
    (7321, 4),  # one page by call, then 2,500 + 2,500 + 2,271 by batch
    (0, 1), (49, 1),
    (50, 2),  # a full first page needs one more look
    (2550, 3),  # exactly full batch: the next batch's first page comes back empty
    (2551, 3),
])
def test_every_record_comes_once_in_order_with_few_requests(http, make_client, limiter, count, requests):
    portal = FakeListPortal(count)
    portal.register(http)
    ids = [int(r["ID"]) for r in make_client().iter_list("crm.contact.list")]
    assert ids == list(range(1, count + 1))
    assert portal.http_requests == requests == len(limiter.acquired)


def test_every_page_uses_the_id_cursor_without_counting(http, make_client):
    portal = FakeListPortal(120)
    portal.register(http)
    list(make_client().iter_list("crm.contact.list"))
    kept = portal.list_params[:3]  # the pages that mattered: 1..50, 51..100, 101..120
    assert [str(p["filter"][">ID"]) for p in kept] == ["0", "50", "100"]
    assert all(str(p["start"]) == "-1" and p["order"] == {"ID": "ASC"} for p in kept)
    second = sent_json(http.calls[1])["cmd"]
    assert len(second) == 50 and "$result[p0][49][ID]" in second["p1"]


def test_filter_and_select_are_passed_and_id_is_always_selected(http, make_client):
    portal = FakeListPortal(300)
    portal.register(http)
    rows = list(make_client().iter_list("crm.contact.list", filter={"TYPE_ID": "PARTNER"}, select=["NAME"]))
    assert [r["ID"] for r in rows] == [str(i) for i in range(3, 301, 3)]
    assert set(rows[0]) == {"ID", "NAME"}


def test_a_callers_own_id_filter_is_the_starting_cursor(http, make_client):
    portal = FakeListPortal(80)
    portal.register(http)
    assert [r["ID"] for r in make_client().iter_list("crm.contact.list", filter={">ID": 70})] == [str(i) for i in range(71, 81)]


def test_another_order_is_refused_before_anything_is_sent(make_client):
    with pytest.raises(ValueError):
        list(make_client().iter_list("crm.contact.list", order={"DATE_CREATE": "DESC"}))


def test_works_for_any_list_method_with_an_id_field(http, make_client):
    portal = FakeListPortal(130, method="crm.requisite.list")
    portal.register(http)
    assert len(list(make_client().iter_list("crm.requisite.list", order={"id": "asc"}))) == 130


def test_error_in_a_page_that_matters_is_raised(http, make_client):
    http.post(PORTAL + "crm.contact.list", json={"result": [{"ID": str(i)} for i in range(1, 51)]})
    http.post(PORTAL + "batch", json={"result": {
        "result": {"p0": [{"ID": str(i)} for i in range(51, 101)]},
        "result_error": {"p1": error("ACCESS_DENIED", "Access denied")}}, "time": {}})
    seen = []
    with pytest.raises(AccessDenied):
        for row in make_client().iter_list("crm.contact.list"):
            seen.append(row["ID"])
    assert len(seen) == 100


def test_errors_after_the_last_short_page_are_ignored(http, make_client):
    # p1 is short, so p2..p49 chained to `$result[p1][49][ID]`, which does not exist: discard them.
    portal = FakeListPortal(120)
    portal.register(http)
    assert len(list(make_client().iter_list("crm.contact.list"))) == 120
    assert sum(1 for p in portal.list_params if not isinstance(p["filter"][">ID"], (int, str))) >= 1


def test_operation_limit_inside_a_batch_waits_and_resumes_from_the_cursor(http, make_client, clock):
    portal = FakeListPortal(3000)
    portal.limit_once_at_cursor = "1000"
    portal.register(http)
    ids = [int(r["ID"]) for r in make_client().iter_list("crm.contact.list")]
    assert ids == list(range(1, 3001))
    assert clock.sleeps == [RetryPolicy().operation_limit_fallback]


def test_operation_limit_inside_a_batch_fails_fast_for_interactive_work(http, make_client, clock):
    portal = FakeListPortal(3000)
    portal.limit_once_at_cursor = "1000"
    portal.register(http)
    with pytest.raises(OperationTimeLimit):
        list(make_client(interactive=True).iter_list("crm.contact.list"))
    assert clock.sleeps == []
