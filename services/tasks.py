"""Background work on huey, so no web request ever waits for it.

`BackgroundTasks(config)` builds the huey instance the config asks for — SQLite storage beside the
database by default, Redis when `HUEY_STORAGE=redis` — and registers the task functions on it. The web
app and `poryadok worker` both build one from the same config, so task names match on both sides.

Portal events: the web request records the event (without tokens) and enqueues `process_event`; the
worker runs the handler named for the event in `EVENT_HANDLERS` and records the outcome. Adding lead
automation later means adding an ``EVENT_LEAD_ADD`` entry there; until then such events are recorded
as received with nothing done.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from typing import Any

import sqlite_utils
from huey import Huey, RedisHuey, SqliteHuey

from services.bulk_fill import run_bulk_fill_task
from services.install import EVENT_APP_INSTALL, EVENT_APP_UNINSTALL, EVENT_APP_UPDATE, bind_handlers
from services.portal_clients import app_client
from storage import open_database
from storage.events import DONE, FAILED, finish_event, get_event
from storage.portals import get_portal

log = logging.getLogger(__name__)

HUEY_NAME = "poryadok"

# event name -> handler(db, config, event row) -> a short note of what was done (stored on the event).
EventHandler = Callable[[sqlite_utils.Database, Mapping[str, Any], dict[str, Any]], str]


def rebind_handlers(db: sqlite_utils.Database, config: Mapping[str, Any], event: dict[str, Any]) -> str:
    """Bitrix24 drops event and placement handlers on update (and binds none on a bare install)."""
    portal = get_portal(db, event["member_id"])
    if portal is None or not portal.is_installed:
        return "portal is not installed any more; nothing to bind"
    return bind_handlers(app_client(db, config, portal), config["PUBLIC_URL"]).summary()


def note_uninstalled(db: sqlite_utils.Database, config: Mapping[str, Any], event: dict[str, Any]) -> str:
    return "portal marked uninstalled and its tokens deleted when the event arrived"


EVENT_HANDLERS: dict[str, EventHandler] = {
    EVENT_APP_INSTALL: rebind_handlers,
    EVENT_APP_UPDATE: rebind_handlers,
    EVENT_APP_UNINSTALL: note_uninstalled,
}


def create_huey(config: Mapping[str, Any]) -> Huey:
    immediate = bool(config.get("HUEY_IMMEDIATE", False))
    if config["HUEY_STORAGE"] == "redis":
        return RedisHuey(HUEY_NAME, url=config["REDIS_URL"], immediate=immediate)
    path = config["HUEY_PATH"]
    if path != ":memory:":
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    return SqliteHuey(HUEY_NAME, filename=path, immediate=immediate)


class BackgroundTasks:
    """The huey instance of this process and the tasks registered on it."""

    def __init__(self, config: Mapping[str, Any]):
        self.config = config
        self.huey = create_huey(config)
        self.process_event = self.huey.task(name="process_event", retries=2, retry_delay=30)(self._process_event)
        self.requisites_bulk_fill = self.huey.task(name="requisites_bulk_fill")(self._requisites_bulk_fill)

    def _process_event(self, event_id: int) -> str:
        db = open_database(self.config["DATABASE"])
        try:
            return handle_event(db, self.config, event_id)
        finally:
            db.conn.close()

    def _requisites_bulk_fill(self, job_id: str) -> str:
        db = open_database(self.config["DATABASE"])
        try:
            return run_bulk_fill_task(db, self.config, job_id)
        finally:
            db.conn.close()


def handle_event(db: sqlite_utils.Database, config: Mapping[str, Any], event_id: int) -> str:
    """Run the handler for one recorded event and record how it ended; errors are recorded and re-raised
    so huey retries them."""
    event = get_event(db, event_id)
    if event is None:
        return f"event {event_id} is not recorded"
    handler = EVENT_HANDLERS.get(event["event"])
    if handler is None:
        note = f"received; no handler for {event['event']} in this version"
        finish_event(db, event_id, DONE, note)
        return note
    try:
        note = handler(db, config, event)
    except Exception as error:
        # The class name only: messages from lower layers are not promised to be free of secrets.
        finish_event(db, event_id, FAILED, f"{type(error).__name__}")
        log.warning("event %s (%s) failed: %s", event_id, event["event"], type(error).__name__)
        raise
    finish_event(db, event_id, DONE, note)
    return note
