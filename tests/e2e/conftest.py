"""End-to-end fixtures: a devportal with a request log, and the whole stack (devportal + our app served
live + our SQLite) for flows where devportal must reach the app (install, events, frames)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import pytest
import sqlite_utils
from flask import Flask

from app import create_app
from devportal.testing import DevportalHandle, running_devportal
from storage import open_database
from tests.app.app_fixtures import no_poryadok_environment  # noqa: F401  (autouse: settings come from the test)
from tests.e2e.e2e_helpers import (
    RequestLog,
    app_config,
    drain_queue,
    post_frame,
    serving_later,
)


@dataclass
class Stack:
    app_url: str
    portal: DevportalHandle
    app: Flask
    db: sqlite_utils.Database
    log: RequestLog

    def drain(self) -> int:
        """Process what the web requests queued (the app runs huey in queue mode, not immediate)."""
        return drain_queue(self.app.extensions["poryadok.tasks"].huey)

    def install(self) -> None:
        """The admin's install page, installFinish, ONAPPINSTALL delivered and processed."""
        page = post_frame(self.portal.install())
        assert page.status_code == 200, page.text
        assert self.portal.finish_install() and self.portal.wait_for_events()
        assert self.drain() == 1


@pytest.fixture
def start_devportal() -> Iterator[Callable[..., tuple[DevportalHandle, RequestLog]]]:
    """start_devportal(**options) -> (a running devportal, the log of requests it answered)."""
    with ExitStack() as stack:
        def start(**options) -> tuple[DevportalHandle, RequestLog]:
            portal = stack.enter_context(running_devportal(**options))
            return portal, RequestLog(portal.app)
        yield start


@pytest.fixture
def start_stack(tmp_path) -> Iterator[Callable[..., Stack]]:
    """start_stack(**devportal_options) -> devportal and our app (queue mode) talking over HTTP."""
    with ExitStack() as stack:
        def start(**options) -> Stack:
            holder: dict = {}
            app_url = f"http://127.0.0.1:{stack.enter_context(serving_later(holder))}"
            portal = stack.enter_context(running_devportal(app_url=app_url, **options))
            log = RequestLog(portal.app)
            holder["app"] = create_app(app_config(portal, app_url, tmp_path, HUEY_IMMEDIATE=False))
            db = open_database(holder["app"].config["DATABASE"])
            stack.callback(db.conn.close)
            return Stack(app_url, portal, holder["app"], db, log)
        yield start


@pytest.fixture
def installed(start_stack) -> Stack:
    stack = start_stack()
    stack.install()
    return stack
