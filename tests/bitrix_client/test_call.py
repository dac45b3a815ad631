"""call()/call_envelope(): what goes over the wire and what comes back."""
from __future__ import annotations

import pytest
import requests

from bitrix_client import ApiError

from tests.bitrix_client.bitrix_fakes import ACCESS, PORTAL, envelope, sent_json


class RecordingSession(requests.Session):
    def __init__(self):
        super().__init__()
        self.kwargs: list[dict] = []

    def request(self, method, url, **kwargs):
        self.kwargs.append(kwargs)
        return super().request(method, url, **kwargs)


def test_call_posts_json_with_auth_in_the_body_and_returns_result(http, make_client):
    http.post(PORTAL + "crm.contact.get", json=envelope({"ID": "3"}))
    assert make_client().call("crm.contact.get", {"id": 3}) == {"ID": "3"}
    request = http.calls[0].request
    assert request.url == PORTAL + "crm.contact.get" and ACCESS not in request.url
    assert sent_json(http.calls[0]) == {"id": 3, "auth": ACCESS}
    assert request.headers["Accept"] == "application/json"


def test_call_envelope_keeps_total_next_and_time(http, make_client):
    http.post(PORTAL + "crm.company.list", json=envelope([{"ID": "1"}], total=120, next=50))
    result = make_client().call_envelope("crm.company.list")
    assert (result["total"], result["next"], "time" in result) == (120, 50, True)


def test_every_request_has_an_explicit_timeout_and_no_automatic_redirects(http, make_client):
    session = RecordingSession()
    http.post(PORTAL + "app.info", json=envelope({}))
    client = make_client(session=session, timeout=(3, 30))
    client.call("app.info")
    assert session.kwargs[0]["timeout"] == (3, 30) and session.kwargs[0]["allow_redirects"] is False
    client.close()  # a session passed in belongs to the caller
    session.close()


@pytest.mark.parametrize("method", ["../admin", "crm.contact.get?x=1", "https://evil.example/x", "", "crm..list"])
def test_method_names_cannot_change_the_url(make_client, method):
    with pytest.raises(ValueError):
        make_client().call(method)


def test_envelope_without_result_is_an_api_error(http, make_client):
    http.post(PORTAL + "app.info", json={"time": {}})
    with pytest.raises(ApiError):
        make_client().call("app.info")


def test_each_client_has_its_own_session(make_client):
    assert make_client().session is not make_client().session
