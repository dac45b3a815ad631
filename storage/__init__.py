"""Storage: the only package that writes SQL. SQLite through sqlite-utils, WAL mode.

`schema.py` declares every table; the other modules are small repositories over it.
"""
from storage.db import open_database, immediate_transaction

__all__ = ["open_database", "immediate_transaction"]
