"""Helpers for devportal's tests: example payloads, a REST caller, an HTTP catcher for events, payload shapes."""
from __future__ import annotations

import threading
from typing import Any

import requests
from flask import Flask, request
from werkzeug.serving import make_server

from devportal import php
from devportal.testing import DevportalHandle, QuietRequestHandler
from tests.reference_examples import BITRIX24, bitrix24_example

# The tests' one copy of ../shared/reference/examples/bitrix24 (tests/test_reference_examples.py keeps it
# byte-identical to the shared folder wherever that sits beside the clone, as in CI).
EXAMPLES = BITRIX24
example = bitrix24_example


class Rest:
    """Calls one devportal the way an app does: POST JSON (or a form) to <client_endpoint><method>."""

    def __init__(self, handle: DevportalHandle):
        self.handle = handle

    def __call__(self, method: str, params: dict | None = None, *, auth: str | None = None,
                 form: bool = False) -> requests.Response:
        url = f"{self.handle.rest_url}{method}.json" if auth else f"{self.handle.webhook_url}{method}.json"
        body = dict(params or {}, **({"auth": auth} if auth else {}))
        if form:
            return requests.post(url, data=php.encode(body), timeout=10,
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
        return requests.post(url, json=body, timeout=10)

    def result(self, method: str, params: dict | None = None, **kwargs: Any) -> Any:
        response = self(method, params, **kwargs)
        assert response.status_code == 200, response.text
        return response.json()["result"]


class Catcher:
    """A local HTTP endpoint that records every form POST (the app's event handler, install URL…)."""

    def __init__(self, status: int = 200):
        self.status = status
        self.received: list[dict[str, Any]] = []
        self._event = threading.Condition()
        app = Flask("catcher")

        @app.route("/<path:path>", methods=["POST"])
        def catch(path: str):
            with self._event:
                self.received.append({"path": "/" + path, "form": list(request.form.items(multi=True)),
                                      "content_type": request.content_type})
                self._event.notify_all()
            return "", self.status

        self._server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        with self._event:
            self._event.wait_for(lambda: len(self.received) >= count, timeout)
        return list(self.received)

    def nested(self, index: int) -> dict:
        return php.parse_pairs(self.received[index]["form"])

    def close(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)
        self._server.server_close()


def installed(handle: DevportalHandle) -> str:
    """Install the app (install page + installFinish) and return the admin's access token."""
    post = handle.install()
    handle.finish_install()
    return post.form["AUTH_ID"]


def shape(value: Any) -> Any:
    """Keys and JSON types of a payload, values left out (dict -> {key: shape}, list -> [shape of first])."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__
