"""Storage fixtures: a fresh SQLite file per test (`db_path` for tests that open several connections or
processes on it, `db` for one connection)."""
from __future__ import annotations

import pytest

from storage.db import open_database


@pytest.fixture
def db_path(tmp_path) -> str:
    return str(tmp_path / "poryadok.db")


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    yield database
    database.conn.close()
