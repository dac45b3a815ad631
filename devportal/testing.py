"""A real devportal over HTTP for end-to-end tests: `running_devportal(**options)`.

    from devportal.testing import running_devportal

    with running_devportal(app_url="http://127.0.0.1:5001", token_lifetime=2) as portal:
        install = portal.install()                # the install POST: install.url, install.form / .fields
        requests.post(install.url, data=install.form)    # … the app's /install handles it
        portal.finish_install()                   # what BX24.installFinish() does; ONAPPINSTALL is sent
        tab = portal.placement_post(2, "CRM_COMPANY_DETAIL_TAB", {"ID": "5"})   # user 2 opens a tab
        portal.wait_for_events()                  # every queued event attempted
        portal.call("crm.company.get", {"id": 5}) # through the admin's incoming webhook

The server runs in a background thread on 127.0.0.1 with an ephemeral port and stops on exit.
Options are PortalOptions fields (rate, burst, operating_limit, operating_scale, token_lifetime,
client_id, client_secret, app_url, seed_size, merge_failure_as_error, …) or Flask config keys.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator

import requests
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from devportal import install_flow
from devportal.crm import Crm
from devportal.events import Delivery
from devportal.install_flow import FramePost
from devportal.server import create_app
from devportal.state import Origin, Portal, TokenPair


@dataclass
class DevportalHandle:
    app: Flask
    portal: Portal

    # -- where things are --------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return self.portal.options.base_url

    @property
    def rest_url(self) -> str:
        """client_endpoint = server_endpoint = '<base_url>/rest/'."""
        return self.portal.options.rest_url

    @property
    def webhook_url(self) -> str:
        return self.portal.webhook_url

    @property
    def oauth_token_url(self) -> str:
        return f"{self.base_url}/oauth/token/"

    @property
    def client_id(self) -> str:
        return self.portal.app.client_id

    @property
    def client_secret(self) -> str:
        return self.portal.app.client_secret

    @property
    def member_id(self) -> str:
        return self.portal.options.member_id

    @property
    def domain(self) -> str:
        return self.portal.options.domain

    @property
    def application_token(self) -> str:
        return self.portal.app.application_token

    # -- the install flow and frames -----------------------------------------------------------
    def install(self, user_id: int = 1) -> FramePost:
        """The install page POST an admin's browser sends (AUTH_ID, REFRESH_ID, member_id, …)."""
        return install_flow.install_post(self.portal, user_id)

    def finish_install(self) -> bool:
        """What BX24.installFinish() does: INSTALLED, then ONAPPINSTALL to the app's install URL."""
        return install_flow.finish(self.portal)

    def uninstall(self, clean: bool = True) -> None:
        install_flow.uninstall(self.portal, clean)

    def app_page_post(self, user_id: int) -> FramePost:
        return install_flow.app_page_post(self.portal, user_id)

    def placement_post(self, user_id: int, placement: str, options: dict | None = None,
                       handler: str | None = None) -> FramePost:
        return install_flow.placement_post(self.portal, user_id, placement, options, handler)

    def tokens_for(self, user_id: int) -> TokenPair:
        """A fresh app token pair of `user_id` (as a frame POST would carry)."""
        with self.portal.lock:
            return self.portal.issue_tokens(user_id)

    def expire_access_tokens(self) -> None:
        """Every access token issued so far answers expired_token from now on (refresh still works)."""
        with self.portal.lock:
            for token in self.portal.access_tokens.values():
                token.expires_at = 0

    # -- direct access -------------------------------------------------------------------------
    def call(self, method: str, params: dict | None = None, *, auth: str | None = None) -> dict:
        """POST JSON to a method (webhook unless `auth` is given); the decoded envelope, any status."""
        url = f"{self.rest_url}{method}.json" if auth else f"{self.webhook_url}{method}.json"
        body = dict(params or {}, **({"auth": auth} if auth else {}))
        return requests.post(url, json=body, timeout=10).json()

    def crm(self) -> Crm:
        return Crm(self.portal)

    def add(self, kind: str, fields: dict, user_id: int = 1) -> int:
        """Create a lead/contact/company/deal as `user_id` would in the portal UI (events fire)."""
        with self.portal.lock:
            return Crm(self.portal).add(kind, fields, Origin(user_id))

    @property
    def deliveries(self) -> list[Delivery]:
        return list(self.portal.sender.deliveries)

    def wait_for_events(self, timeout: float = 5.0) -> bool:
        return self.portal.sender.wait_idle(timeout)


class QuietRequestHandler(WSGIRequestHandler):
    """No access log lines: tests and demos read their own output, not the server's."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@contextmanager
def running_devportal(**options: Any) -> Iterator[DevportalHandle]:
    options.setdefault("host", "127.0.0.1")
    app = create_app(options)
    portal: Portal = app.extensions["devportal"]
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler)
    portal.bind_address(f"http://127.0.0.1:{server.server_port}")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="devportal",
                              daemon=True)
    thread.start()
    try:
        yield DevportalHandle(app, portal)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        portal.close()
