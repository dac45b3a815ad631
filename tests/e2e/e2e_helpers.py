"""Shared by every end-to-end test (tests/e2e, tests/app, tests/services, tests/browser): our app served
live on 127.0.0.1, the app's config for a devportal, a PortalClient on raw devportal tokens, a log of the
requests devportal answered, and the huey queue drained the way `poryadok worker` would."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from flask import Flask
from huey import Huey
from werkzeug.serving import make_server

from bitrix_client import Credentials, OAuthServer, PortalClient, RateLimiter, RetryPolicy
from devportal.install_flow import FramePost
from devportal.testing import DevportalHandle, QuietRequestHandler

SECRET_KEY = "e2e-secret"


@contextmanager
def serving_later(holder: dict) -> Iterator[int]:
    """A server on 127.0.0.1 whose WSGI app (`holder["app"]`) is filled in once devportal's address is known."""
    server = make_server("127.0.0.1", 0, lambda environ, start: holder["app"](environ, start),
                         threaded=True, request_handler=QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def app_config(portal: DevportalHandle, app_url: str, data_dir: Path, **overrides: Any) -> dict[str, Any]:
    """Our app pointed at `portal`: its OAuth server allow-listed, its loopback host a plausible portal, our
    rate limit equal to the portal's bucket."""
    options = portal.portal.options
    return {
        "DATABASE": str(data_dir / "poryadok.db"), "SECRET_KEY": SECRET_KEY, "HUEY_IMMEDIATE": True,
        "HUEY_PATH": str(data_dir / "huey.db"), "PUBLIC_URL": app_url,
        "CLIENT_ID": portal.client_id, "CLIENT_SECRET": portal.client_secret,
        "OAUTH_SERVERS": [portal.base_url], "PORTAL_HOSTS": ["127.0.0.1:*"],
        "RATE_LIMIT": (float(options.rate), int(options.burst)),
        **overrides,
    }


def post_frame(frame: FramePost, url: str | None = None) -> requests.Response:
    """What the portal's frame does: POST the form to the app (optionally to a tampered `url`)."""
    return requests.post(url or frame.url, data=frame.form, timeout=20)


def client_for(devportal: DevportalHandle, user_id: int, *, interactive: bool = True,
               rate_limiter: RateLimiter | None = None, retry: RetryPolicy | None = None) -> PortalClient:
    """A PortalClient on a fresh devportal token pair of `user_id`, with no token store."""
    tokens = devportal.tokens_for(user_id)
    creds = Credentials(member_id=devportal.member_id, client_endpoint=devportal.rest_url,
                        server_endpoint=devportal.rest_url, access_token=tokens.access_token,
                        refresh_token=tokens.refresh_token, user_id=user_id)
    oauth = OAuthServer(devportal.client_id, devportal.client_secret, [devportal.base_url])
    return PortalClient(creds, oauth=oauth, rate_limiter=rate_limiter, interactive=interactive, retry=retry)


@dataclass
class Seen:
    method: str
    path: str
    status: int | None
    at: float  # wall time the request arrived


class RequestLog:
    """Every HTTP request devportal answered (method, path, status), recorded around its WSGI app."""

    def __init__(self, app: Flask):
        self.entries: list[Seen] = []
        self._wrapped = app.wsgi_app
        app.wsgi_app = self

    def __call__(self, environ, start_response):
        seen = Seen(environ["REQUEST_METHOD"], environ["PATH_INFO"], None, time.time())
        self.entries.append(seen)

        def recording_start_response(status, headers, exc_info=None):
            seen.status = int(status.split()[0])
            return start_response(status, headers, exc_info)

        return self._wrapped(environ, recording_start_response)

    def mark(self) -> int:
        return len(self.entries)

    def since(self, mark: int) -> list[tuple[str, int | None]]:
        return [(seen.path, seen.status) for seen in self.entries[mark:]]

    def count(self, path: str, status: int | None = None) -> int:
        return sum(1 for seen in self.entries if seen.path == path and status in (None, seen.status))


def drain_queue(huey: Huey) -> int:
    """Run every queued task in this thread, as the worker would; returns how many ran."""
    ran = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        ran += 1
    return ran
