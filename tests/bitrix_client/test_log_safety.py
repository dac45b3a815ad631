"""The documented OAuth refresh is a GET with the client secret and refresh token in the query; no log
line of ours — urllib3's DEBUG request lines included — may carry them. Real HTTP on 127.0.0.1, because
`responses` bypasses urllib3 and so would hide exactly the records that leak."""
from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bitrix_client import Credentials, OAuthServer

from tests.bitrix_client.bitrix_fakes import ACCESS, CLIENT_ID, CLIENT_SECRET, PORTAL, REFRESH

NEW_ACCESS, NEW_REFRESH = "rotated-access-cccc", "rotated-refresh-dddd"


class TokenEndpoint(BaseHTTPRequestHandler):
    """Answers every GET with a rotated pair, and `app.info` with an app record."""

    def do_GET(self) -> None:
        if self.path.startswith("/oauth/token/"):
            body = {"access_token": NEW_ACCESS, "refresh_token": NEW_REFRESH, "expires_in": 3600,
                    "member_id": "member-1", "client_endpoint": PORTAL}
        else:
            body = {"result": {"ID": 1, "CODE": "poryadok", "STATUS": "L"}}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:  # the stand-in's own access log is not under test
        pass


@pytest.fixture
def server_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), TokenEndpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_refresh_over_real_http_logs_no_secret_even_at_debug(server_url, caplog):
    caplog.set_level(logging.DEBUG)
    stale = Credentials(member_id="member-1", client_endpoint=PORTAL, server_endpoint=f"{server_url}/rest/",
                        access_token=ACCESS, refresh_token=REFRESH)
    oauth = OAuthServer(CLIENT_ID, CLIENT_SECRET, allowed_servers=[server_url])
    try:
        fresh = oauth.refresh(stale)
        oauth.app_info(fresh.server_endpoint, fresh.access_token)
    finally:
        oauth.close()

    assert (fresh.access_token, fresh.refresh_token) == (NEW_ACCESS, NEW_REFRESH)
    # urllib3 did write its request lines (so a leak would be seen here), with the query cut off
    assert '"GET /oauth/token/?[redacted] HTTP/1.1" 200' in caplog.text
    assert '"GET /rest/app.info?[redacted] HTTP/1.1" 200' in caplog.text
    for secret in (CLIENT_SECRET, REFRESH, ACCESS, NEW_ACCESS, NEW_REFRESH):
        assert secret not in caplog.text

