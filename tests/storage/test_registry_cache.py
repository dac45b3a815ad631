"""The registry cache: one DaData answer per key, fresh within an age limit."""
from __future__ import annotations

import pytest

from storage.db import open_database
from storage.registry_cache import SqliteRegistryCache, delete_older_than, get_cached, put_cached


@pytest.fixture
def db(tmp_path):
    database = open_database(str(tmp_path / "cache.sqlite"))
    yield database
    database.conn.close()


def test_stored_answer_comes_back_while_fresh(db):
    put_cached(db, "party:7707083893", [{"value": "ПАО СБЕРБАНК"}], now=1000.0)
    assert get_cached(db, "party:7707083893", max_age_seconds=60, now=1059.0) == (True, [{"value": "ПАО СБЕРБАНК"}])


def test_answer_older_than_the_age_limit_is_a_miss(db):
    put_cached(db, "party:7707083893", [1], now=1000.0)
    assert get_cached(db, "party:7707083893", max_age_seconds=60, now=1061.0) == (False, None)


def test_unknown_key_is_a_miss_and_empty_answer_is_a_hit(db):
    assert get_cached(db, "bank:044525225", 60) == (False, None)
    put_cached(db, "party:0000000000", [])
    assert get_cached(db, "party:0000000000", 60) == (True, [])


def test_newer_answer_replaces_the_older_one(db):
    put_cached(db, "k", {"v": 1}, now=1.0)
    put_cached(db, "k", {"v": 2}, now=2.0)
    assert get_cached(db, "k", 10, now=3.0) == (True, {"v": 2})
    assert db["registry_cache"].count == 1


def test_stale_rows_can_be_purged(db):
    put_cached(db, "old", 1, now=0.0)
    put_cached(db, "new", 2, now=100.0)
    assert delete_older_than(db, 50, now=110.0) == 1
    assert [r["key"] for r in db["registry_cache"].rows] == ["new"]


def test_cache_object_reads_what_another_connection_wrote(tmp_path):
    path = str(tmp_path / "shared.sqlite")
    writer, reader = open_database(path), open_database(path)
    SqliteRegistryCache(writer).put("party:7736207543", [{"value": "ООО «ЯНДЕКС»"}])
    assert SqliteRegistryCache(reader).get("party:7736207543", 3600) == (True, [{"value": "ООО «ЯНДЕКС»"}])
    writer.conn.close()
    reader.conn.close()
