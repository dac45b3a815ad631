"""A renamed portal answers 302: follow it only to a plausible portal host, and remember the move."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bitrix_client import ForbiddenHost, TransportError
from bitrix_client.hosts import is_plausible_portal_host

from tests.bitrix_client.bitrix_fakes import PORTAL, envelope

NEW_PORTAL = "https://renamed.bitrix24.ru/rest/"


def test_post_is_resent_to_the_new_domain_and_the_move_is_stored(http, make_client, store):
    http.post(PORTAL + "crm.contact.add", status=302, headers={"Location": NEW_PORTAL + "crm.contact.add"})
    http.post(NEW_PORTAL + "crm.contact.add", json=envelope(17))
    http.post(NEW_PORTAL + "crm.contact.get", json=envelope({"ID": "17"}))
    client = make_client()
    assert client.call("crm.contact.add", {"fields": {"NAME": "Иван"}}) == 17
    first, second = (json.loads(c.request.body) for c in http.calls[:2])
    assert http.calls[1].request.method == "POST" and first == second
    assert client.credentials.client_endpoint == NEW_PORTAL
    assert store.moves == [("member-1", NEW_PORTAL)]
    assert store.get("member-1").client_endpoint == NEW_PORTAL
    client.call("crm.contact.get", {"id": 17})  # later calls go straight to the new address


def test_relative_location_on_a_new_host_keeps_the_endpoint_path(http, make_client):
    http.post(PORTAL + "app.info", status=301, headers={"Location": "//new-name.bitrix24.ru/rest/app.info"})
    http.post("https://new-name.bitrix24.ru/rest/app.info", json=envelope({}))
    client = make_client()
    client.call("app.info")
    assert client.credentials.client_endpoint == "https://new-name.bitrix24.ru/rest/"


@pytest.mark.parametrize("location", [
    "https://user:pass@renamed.bitrix24.ru/rest/app.info",  # user-info
    "http://renamed.bitrix24.ru/rest/app.info",  # scheme downgrade
    "https://169.254.169.254/rest/app.info",  # IP literal (cloud metadata)
    "https://[::1]/rest/app.info",
    "https://localhost/rest/app.info",  # single-label / loopback from a real portal
    "https://renamed.bitrix24.ru/admin/app.info",  # another path
    "https://renamed.bitrix24.ru:99999/rest/app.info",  # malformed port
    "ftp://renamed.bitrix24.ru/rest/app.info",
])
def test_implausible_redirects_are_refused_and_not_followed(http, make_client, store, location):
    http.post(PORTAL + "app.info", status=302, headers={"Location": location})
    client = make_client()
    with pytest.raises(ForbiddenHost):
        client.call("app.info")
    assert len(http.calls) == 1 and store.moves == [] and client.credentials.client_endpoint == PORTAL


def test_a_devportal_on_loopback_may_move_to_another_loopback_port(http, make_client, creds):
    local = replace(creds, client_endpoint="http://127.0.0.1:8000/rest/")
    http.post("http://127.0.0.1:8000/rest/app.info", status=307, headers={"Location": "http://127.0.0.1:9000/rest/app.info"})
    http.post("http://127.0.0.1:9000/rest/app.info", json=envelope({}))
    client = make_client(credentials=local)
    client.call("app.info")
    assert client.credentials.client_endpoint == "http://127.0.0.1:9000/rest/"


def test_redirect_chains_are_bounded(http, make_client):
    hosts = ["a-1.bitrix24.ru", "a-2.bitrix24.ru", "a-3.bitrix24.ru"]
    http.post(PORTAL + "app.info", status=302, headers={"Location": f"https://{hosts[0]}/rest/app.info"})
    http.post(f"https://{hosts[0]}/rest/app.info", status=302, headers={"Location": f"https://{hosts[1]}/rest/app.info"})
    http.post(f"https://{hosts[1]}/rest/app.info", status=302, headers={"Location": f"https://{hosts[2]}/rest/app.info"})
    with pytest.raises(TransportError):
        make_client().call("app.info")


@pytest.mark.parametrize(("host", "current", "ok"), [
    ("portal.bitrix24.de", "portal.bitrix24.ru", True),
    ("crm.example-company.com", "portal.bitrix24.ru", True),
    ("10.0.0.5", "portal.bitrix24.ru", False),
    ("intranet", "portal.bitrix24.ru", False),
    ("bad_label.example.com", "portal.bitrix24.ru", False),
    ("127.0.0.1", "localhost", True),
    ("portal.bitrix24.ru", "127.0.0.1", False),
])
def test_plausible_portal_host_rule(host, current, ok):
    assert is_plausible_portal_host(host, current) is ok


def test_a_move_outside_the_portal_hosts_the_app_serves_is_refused(http, make_client, store):
    # A plausible DNS name is not enough when the caller names its portal zones: the next request
    # would carry the portal's token to that host.
    http.post(PORTAL + "app.info", status=302, headers={"Location": "https://crm.example-company.com/rest/app.info"})
    client = make_client(portal_hosts=["*.bitrix24.ru", "*.bitrix24.com"])
    with pytest.raises(ForbiddenHost):
        client.call("app.info")
    assert len(http.calls) == 1 and store.moves == [] and client.credentials.client_endpoint == PORTAL


def test_a_move_within_the_portal_hosts_is_followed(http, make_client, store):
    http.post(PORTAL + "app.info", status=302, headers={"Location": "https://renamed.bitrix24.com/rest/app.info"})
    http.post("https://renamed.bitrix24.com/rest/app.info", json=envelope({}))
    make_client(portal_hosts=["*.bitrix24.ru", "*.bitrix24.com"]).call("app.info")
    assert store.moves == [("member-1", "https://renamed.bitrix24.com/rest/")]
