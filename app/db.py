"""One database connection per request, opened on first use and closed when the request ends (flaskr's get_db)."""
from __future__ import annotations

import sqlite_utils
from flask import Flask, current_app, g

from storage import open_database


def get_db() -> sqlite_utils.Database:
    if "db" not in g:
        g.db = open_database(current_app.config["DATABASE"])
    return g.db


def close_db(_error: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
