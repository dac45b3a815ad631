"""The REST client against devportal's cloud limits and batch rules, over real HTTP: the leaky bucket
(503 → backoff), our shared SQLite bucket (no 503 at all), per-command batch errors and `halt`, and the
method time budget (429 OPERATION_TIME_LIMIT)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from bitrix_client import BatchError, NotFound, OperationTimeLimit, RetryPolicy
from services.portal_clients import rate_limiter
from storage import open_database
from tests.e2e.e2e_helpers import client_for

pytestmark = pytest.mark.e2e

RATE, BURST = 5.0, 5  # a small bucket, so a dozen calls overflow it


def lead_titles(client) -> dict[str, str]:
    return {row["ID"]: row["TITLE"] for row in client.iter_list("crm.lead.list", select=["ID", "TITLE"])}


def test_burst_without_our_limiter_meets_503_and_backs_off_until_every_call_succeeds(start_devportal):
    portal, log = start_devportal(rate=RATE, burst=BURST)
    client = client_for(portal, 1, interactive=False)
    titles = [f"Всплеск {n}" for n in range(3 * BURST)]

    ids = [client.call("crm.lead.add", {"fields": {"TITLE": title}}) for title in titles]

    assert log.count("/rest/crm.lead.add", 503) > 0
    assert log.count("/rest/crm.lead.add", 200) == len(titles)
    assert lead_titles(client) == {str(lead_id): title for lead_id, title in zip(ids, titles)}  # each once


def test_two_workers_sharing_the_sqlite_bucket_at_the_portals_rate_never_see_503(start_devportal, tmp_path):
    portal, log = start_devportal(rate=RATE, burst=BURST)
    path = str(tmp_path / "limiter.db")
    open_database(path).conn.close()  # the schema exists before the workers race to open it

    def worker(name: str) -> list[int]:
        db = open_database(path)  # each worker its own connection, as separate processes would have
        try:
            client = client_for(portal, 1, interactive=False,
                                rate_limiter=rate_limiter(db, {"RATE_LIMIT": (RATE, BURST)}))
            return [client.call("crm.lead.add", {"fields": {"TITLE": f"{name} {n}"}}) for n in range(2 * BURST)]
        finally:
            db.conn.close()

    with ThreadPoolExecutor(2) as pool:
        added = [lead_id for ids in pool.map(worker, ["web", "worker"]) for lead_id in ids]

    assert len(set(added)) == 4 * BURST
    assert log.count("/rest/crm.lead.add", 503) == 0
    assert log.count("/rest/crm.lead.add", 200) == 4 * BURST


def sixty_commands(portal, failing: dict[int, tuple[str, dict]]) -> tuple[dict, dict[str, str]]:
    """60 crm.lead.get commands on real leads, with `failing` positions replaced."""
    ids = [portal.add("lead", {"TITLE": f"Лид {n}"}) for n in range(60 - len(failing))]
    commands, expected = {}, {}
    for position in range(60):
        key = f"c{position:02}"
        if position in failing:
            commands[key] = failing[position]
        else:
            lead_id = ids.pop(0)
            commands[key] = ("crm.lead.get", {"id": lead_id})
            expected[key] = str(lead_id)
    return commands, expected


MISSING_LEAD = ("crm.lead.get", {"id": 999_999})
UNKNOWN_EVENT = ("event.bind", {"event": "ONNOSUCHEVENT", "handler": "http://127.0.0.1:9/events"})


def test_batch_of_sixty_with_two_failing_commands_reports_58_results_and_both_errors(start_devportal):
    portal, log = start_devportal()
    commands, expected = sixty_commands(portal, {7: MISSING_LEAD, 53: UNKNOWN_EVENT})

    with pytest.raises(BatchError) as caught:
        client_for(portal, 1).batch(commands)

    results, errors = caught.value.results, caught.value.errors
    assert {key: lead["ID"] for key, lead in results.items()} == expected and len(results) == 58
    assert set(errors) == {"c07", "c53"}
    assert isinstance(errors["c07"], NotFound)
    assert (errors["c07"].code, errors["c07"].description) == ("", "Not found")  # legacy CRM: no code
    assert (errors["c53"].code, errors["c53"].description) == ("ERROR_EVENT_NOT_FOUND", "Event not found")
    assert log.count("/rest/batch") == 2  # 50 + 10


def test_batch_with_halt_stops_at_the_first_failure_and_sends_no_later_chunk(start_devportal):
    portal, log = start_devportal()
    commands = {f"c{n:02}": ("crm.lead.add", {"fields": {"TITLE": f"halt {n}"}}) for n in range(60)}
    commands["c07"] = UNKNOWN_EVENT

    with pytest.raises(BatchError) as caught:
        client_for(portal, 1).batch(commands, halt=True)

    results, errors = caught.value.results, caught.value.errors
    assert list(results) == [f"c{n:02}" for n in range(7)]
    assert errors["c07"].code == "ERROR_EVENT_NOT_FOUND"
    assert {key: error.code for key, error in errors.items() if key != "c07"} == {
        f"c{n:02}": "BATCH_HALTED" for n in range(8, 60)}
    assert log.count("/rest/batch") == 1
    listed = portal.call("crm.lead.list", {"select": ["ID", "TITLE"]})["result"]
    assert {lead["ID"]: lead["TITLE"] for lead in listed} == {str(results[f"c{n:02}"]): f"halt {n}" for n in range(7)}


def test_operation_time_limit_fails_an_interactive_call_and_a_background_call_waits_for_the_reset(start_devportal):
    # Every crm.lead.list spends the whole (tiny) budget; the 1-second window keeps the wait short, and
    # the fallback (a minute bucket, scaled the same way) keeps a failure of this test short too.
    portal, log = start_devportal(operating_limit=0.001, operating_window=1.0, operating_scale=1000.0)
    background = client_for(portal, 1, interactive=False, retry=RetryPolicy(operation_limit_fallback=0.1))
    interactive = client_for(portal, 1)
    first = background.call_envelope("crm.lead.list")
    reset_at = first["time"]["operating_reset_at"]

    before = log.mark()
    with pytest.raises(OperationTimeLimit) as caught:
        interactive.call("crm.lead.list")
    assert log.since(before) == [("/rest/crm.lead.list", 429)]  # failed at once, no retry
    assert (caught.value.code, caught.value.status) == ("OPERATION_TIME_LIMIT", 429)
    assert caught.value.user_message("ru") == "Битрикс24 временно ограничил этот тип запросов. Повторите через несколько минут."

    waited = log.mark()
    assert background.call("crm.lead.list") == []
    assert log.since(waited) == [("/rest/crm.lead.list", 429), ("/rest/crm.lead.list", 200)]
    assert log.entries[-1].at >= reset_at
