"""The journal keeps what a change replaced, so it can be undone."""
from __future__ import annotations

import pytest

from storage.db import open_database
from storage.journal import add_entry, get_entry, last_entry, list_entries, mark_undone, update_after


@pytest.fixture
def db(tmp_path):
    database = open_database(str(tmp_path / "journal.sqlite"))
    yield database
    database.conn.close()


def _add(db, entity_id="501", member="m1", status="applied", kind="requisites"):
    return add_entry(db, member_id=member, kind=kind, entity_type="company", entity_id=entity_id, user_id=7,
                     summary="fill", before={"requisite": {"id": "27", "fields": {"RQ_KPP": None}}},
                     after={"status": status})


def test_entry_keeps_before_and_after_as_data(db):
    entry_id = _add(db)
    entry = get_entry(db, entry_id)
    assert entry["before"] == {"requisite": {"id": "27", "fields": {"RQ_KPP": None}}}
    assert entry["after"] == {"status": "applied"}
    assert entry["user_id"] == 7 and entry["entity_id"] == "501" and entry["undone_at"] is None


def test_after_is_completed_once_the_write_returned(db):
    entry_id = _add(db, status="pending")
    update_after(db, entry_id, {"status": "applied", "requisite_id": "88"})
    assert get_entry(db, entry_id)["after"]["requisite_id"] == "88"


def test_last_entry_is_the_newest_not_undone_one_for_that_record(db):
    first = _add(db)
    second = _add(db)
    _add(db, entity_id="999")
    _add(db, member="m2")
    assert last_entry(db, "m1", "requisites", "company", "501")["id"] == second
    mark_undone(db, second)
    assert last_entry(db, "m1", "requisites", "company", "501")["id"] == first
    assert last_entry(db, "m1", "requisites", "company", "501", include_undone=True)["id"] == second


def test_last_entry_can_be_limited_to_some_statuses(db):
    applied = _add(db)
    partial = _add(db, status="partial")
    _add(db, status="failed")
    assert last_entry(db, "m1", "requisites", "company", "501", statuses=["applied"])["id"] == applied
    assert last_entry(db, "m1", "requisites", "company", "501", statuses=("applied", "partial"))["id"] == partial
    assert last_entry(db, "m1", "requisites", "company", "501")["after"]["status"] == "failed"


def test_entries_are_listed_newest_first_per_portal_and_kind(db):
    ids = [_add(db), _add(db, kind="merge"), _add(db)]
    assert [e["id"] for e in list_entries(db, "m1", "requisites")] == [ids[2], ids[0]]
    assert get_entry(db, 12345) is None
