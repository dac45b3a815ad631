"""services.install: confirm install tokens on the OAuth server, then bind our handlers idempotently."""
from __future__ import annotations

import pytest

from bitrix_client import BatchError, Credentials, ForbiddenHost, OAuthServer, PortalClient
from bitrix_client.memory import InMemoryRateLimiter, InMemoryTokenStore
from services.install import (CARD_TABS, InstallNotConfirmed, InstallOffer, bind_handlers, confirm_installation,
                              install_portal, uninstall_portal)
from storage.portals import get_portal
from storage.settings import get_settings, set_setting
from tests.app.app_fixtures import bitrix, config, db, http, installed_portal, no_poryadok_environment  # noqa: F401
from tests.app.portal_fakes import (ALL_BIND_KEYS, APPLICATION_TOKEN, CLIENT_ID, MEMBER_ID, OAUTH_REST, PORTAL_HOST,
                                    PORTAL_REST, PUBLIC_URL, batch_commands, example)

TOKEN = "app-access-token"


@pytest.fixture
def portal_client():
    credentials = Credentials(MEMBER_ID, PORTAL_REST, OAUTH_REST, TOKEN, "app-refresh-token")
    oauth = OAuthServer(CLIENT_ID, "secret", ["https://oauth.bitrix24.tech"])
    return PortalClient(credentials, oauth=oauth, token_store=InMemoryTokenStore([credentials]),
                        rate_limiter=InMemoryRateLimiter(rate=1000, burst=1000))


def offer(**overrides) -> InstallOffer:
    values = dict(member_id=MEMBER_ID, domain=PORTAL_HOST, client_endpoint=PORTAL_REST, server_endpoint=OAUTH_REST,
                  access_token=TOKEN, refresh_token="refresh", expires_in=3600, application_token=APPLICATION_TOKEN,
                  scope="crm")
    values.update(overrides)
    return InstallOffer(**values)


def test_first_bind_registers_three_tabs_and_three_events(portal_client, bitrix, http):
    bitrix.current_bindings(token=TOKEN)
    bitrix.batch({key: True for key in ALL_BIND_KEYS}, token=TOKEN)

    report = bind_handlers(portal_client, PUBLIC_URL)

    assert sorted(report.bound) == sorted(ALL_BIND_KEYS) and report.already == ()
    commands = batch_commands(http.calls[1])
    assert {params["PLACEMENT"] for method, params in commands.values() if method == "placement.bind"} == set(CARD_TABS)


def test_second_bind_with_everything_in_place_only_reads(portal_client, bitrix, http):
    bitrix.current_bindings(
        token=TOKEN,
        placements=[{"placement": code, "handler": f"{PUBLIC_URL}/placement/{code}"} for code in CARD_TABS],
        # event.get may spell names in lower case; they are the same events
        events=[{"event": name.lower(), "handler": f"{PUBLIC_URL}/events"}
                for name in ("ONCRMLEADADD", "ONAPPUNINSTALL", "ONAPPUPDATE")],
    )

    report = bind_handlers(portal_client, PUBLIC_URL)

    assert report.bound == () and len(report.already) == 6
    assert len(http.calls) == 1


def test_handlers_bound_to_another_address_do_not_count(portal_client, bitrix):
    bitrix.current_bindings(
        token=TOKEN,
        placements=[{"placement": code, "handler": f"https://old.example.org/placement/{code}"} for code in CARD_TABS],
    )
    bitrix.batch({key: True for key in ALL_BIND_KEYS}, token=TOKEN)

    assert len(bind_handlers(portal_client, PUBLIC_URL).bound) == 6


def test_already_exists_answers_are_success(portal_client, bitrix):
    already = example("error_envelope_handler_already_exist.json")
    bitrix.current_bindings(token=TOKEN)
    bitrix.batch({key: True for key in ALL_BIND_KEYS[:4]}, {key: already for key in ALL_BIND_KEYS[4:]}, token=TOKEN)

    report = bind_handlers(portal_client, PUBLIC_URL)

    assert sorted(report.already) == sorted(ALL_BIND_KEYS[4:])
    assert sorted(report.bound) == sorted(ALL_BIND_KEYS[:4])


def test_placement_duplicate_reported_as_already_binded_is_success(portal_client, bitrix):
    # placement.bind has no documented duplicate code; devportal answers like the live portal is reported to
    duplicate = {"error": "ERROR_CORE", "error_description": "Unable to set placement handler: Handler already binded"}
    bitrix.current_bindings(token=TOKEN)
    bitrix.batch({key: True for key in ALL_BIND_KEYS[1:]}, {ALL_BIND_KEYS[0]: duplicate}, token=TOKEN)

    assert bind_handlers(portal_client, PUBLIC_URL).already == (ALL_BIND_KEYS[0],)


def test_any_other_bind_error_is_raised_with_every_failure(portal_client, bitrix):
    already = example("error_envelope_handler_already_exist.json")
    not_found = {"error": "ERROR_PLACEMENT_NOT_FOUND", "error_description": "Placement not found"}
    bitrix.current_bindings(token=TOKEN)
    bitrix.batch({key: True for key in ALL_BIND_KEYS[1:5]},
                 {ALL_BIND_KEYS[0]: not_found, ALL_BIND_KEYS[5]: already}, token=TOKEN)

    with pytest.raises(BatchError) as raised:
        bind_handlers(portal_client, PUBLIC_URL)

    assert raised.value.errors[ALL_BIND_KEYS[0]].code == "ERROR_PLACEMENT_NOT_FOUND"


def test_confirmed_install_takes_the_installer_and_portal_address_from_the_oauth_server(bitrix):
    bitrix.app_info(TOKEN, user_id=12)
    oauth = OAuthServer(CLIENT_ID, "secret", ["https://oauth.bitrix24.tech"])

    installation = confirm_installation(oauth, offer(client_endpoint="http://portal.bitrix24.ru/rest/"), CLIENT_ID)

    assert installation.installer_user_id == 12
    assert installation.client_endpoint == PORTAL_REST  # the https address app.info reports for the same host
    assert installation.application_token == APPLICATION_TOKEN


@pytest.mark.parametrize("body", [
    {"result": {"client_id": CLIENT_ID, "user_id": 1}},  # no install block: nothing ties it to the portal
    {"result": {"client_id": CLIENT_ID, "install": {"member_id": ""}}},
    {"result": {"client_id": CLIENT_ID, "install": {"member_id": MEMBER_ID, "domain": "x.bitrix24.ru"}}},
])
def test_app_info_that_does_not_name_this_portal_is_not_a_confirmation(bitrix, body):
    bitrix.app_info(TOKEN, body={**body, "time": {}})
    oauth = OAuthServer(CLIENT_ID, "secret", ["https://oauth.bitrix24.tech"])

    with pytest.raises(InstallNotConfirmed):
        confirm_installation(oauth, offer(), CLIENT_ID)


def test_install_portal_refuses_an_unlisted_oauth_server_without_sending(db, app_config, http):
    with pytest.raises(ForbiddenHost):
        install_portal(db, app_config, offer(server_endpoint="https://evil.example.com/rest/"), bind=False)

    assert len(http.calls) == 0 and get_portal(db, MEMBER_ID) is None


def test_install_portal_stores_only_after_confirmation(db, app_config, bitrix):
    bitrix.app_info(TOKEN, member_id="someone-else")

    with pytest.raises(InstallNotConfirmed):
        install_portal(db, app_config, offer(), bind=False)

    assert get_portal(db, MEMBER_ID) is None


def test_uninstall_with_clean_drops_settings_and_without_keeps_them(db, installed_portal):
    set_setting(db, MEMBER_ID, "auto_fill", True)

    uninstall_portal(db, MEMBER_ID, clean=False)
    assert get_settings(db, MEMBER_ID) == {"auto_fill": True}
    uninstall_portal(db, MEMBER_ID, clean=True)
    assert get_settings(db, MEMBER_ID) == {}
    assert get_portal(db, MEMBER_ID).access_token is None


@pytest.fixture
def app_config(config):
    from app.config import finish_config, read_settings

    settings = read_settings({})
    settings.update(config)
    return finish_config(settings)
