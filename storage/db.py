"""Opening the SQLite database the same way in every process (web workers, huey consumer, scripts)."""
from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator

import sqlite_utils

from storage.schema import ensure_schema

BUSY_TIMEOUT_MS = 30_000


def open_database(path: str) -> sqlite_utils.Database:
    """Open (and create if needed) the database at `path` in WAL mode with every table present.

    The connection runs in autocommit mode (`isolation_level=None`) so that callers decide where a
    transaction starts; cross-process critical sections use `immediate_transaction`.
    """
    if path != ":memory:":
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if path != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    db = sqlite_utils.Database(conn)
    ensure_schema(db)
    return db


@contextlib.contextmanager
def immediate_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """A write transaction that takes SQLite's RESERVED lock at once.

    Only one connection in any process can hold it, so this is the project's cross-process mutex
    (the shared rate-limit bucket, the token refresh lease). It blocks every writer of the whole
    database, so keep it to short bookkeeping: never network I/O or sleeps inside (see
    `storage.tokens`). Commits on success, rolls back on error.
    """
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")
