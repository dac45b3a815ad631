"""Portal-host plausibility, constant-time secrets, framing policy: the pieces the routes rely on."""
from __future__ import annotations

import string

import pytest

from app.config import DEFAULT_PORTAL_HOSTS
from app.i18n import LANGUAGES, MESSAGES, language_of, translate
from app.security import frame_ancestors, host_matches, is_plausible_portal_host, normalize_host, same_secret

CLOUD = DEFAULT_PORTAL_HOSTS.split(",")


@pytest.mark.parametrize("host", ["portal.bitrix24.ru", "PORTAL.Bitrix24.RU", "a-b.bitrix24.com", "x.bitrix24.com.br",
                                  "team.bitrix24.de"])
def test_cloud_portal_hosts_are_plausible(host):
    assert is_plausible_portal_host(host, CLOUD)


@pytest.mark.parametrize("host", [
    "bitrix24.ru", ".bitrix24.ru", "evilbitrix24.ru", "portal.bitrix24.ru.evil.com", "portal.bitrix24.ru:443",
    "user@portal.bitrix24.ru", "portal.bitrix24.ru/path", "portal.bitrix24.ru?x", "127.0.0.1", "localhost",
    "169.254.169.254", "[::1]", "portal.bitrix24.ru\n", "-x.bitrix24.ru", "", None,
])
def test_other_hosts_are_not_plausible_portals(host):
    assert not is_plausible_portal_host(host, CLOUD)


def test_port_wildcard_admits_the_named_host_on_any_port_only():
    assert host_matches("127.0.0.1:5001", "127.0.0.1:*")
    assert not host_matches("127.0.0.1", "127.0.0.1:*")
    assert not host_matches("127.0.0.2:5001", "127.0.0.1:*")
    assert host_matches("localhost:5001", "localhost:5001") and not host_matches("localhost:5002", "localhost:5001")


def test_port_out_of_range_is_not_a_host():
    assert normalize_host("portal.bitrix24.ru:99999") is None
    assert normalize_host("portal.bitrix24.ru:0") is None


def test_secrets_compare_equal_only_when_identical():
    assert same_secret("abc", "abc")
    assert not same_secret("abc", "abd") and not same_secret("", "") and not same_secret(None, "abc")
    assert not same_secret("abc", None)


def test_frame_ancestors_always_names_self_first():
    assert frame_ancestors(["https://portal.bitrix24.ru"]) == "frame-ancestors 'self' https://portal.bitrix24.ru"


def test_pages_stay_frameable_by_cloud_portals_when_the_portal_is_unknown(client, http):
    response = client.post("/placement/CRM_COMPANY_DETAIL_TAB", query_string={"DOMAIN": "x.bitrix24.ru"},
                           data={"member_id": "nobody"})

    assert response.status_code == 403
    assert response.headers["Content-Security-Policy"].startswith("frame-ancestors 'self' *.bitrix24.ru")


def test_every_message_exists_in_russian_and_english_with_the_same_placeholders():
    fields = lambda text: {name for _, name, _, _ in string.Formatter().parse(text) if name}  # noqa: E731
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGUAGES), key
        assert fields(texts["ru"]) == fields(texts["en"]), key


@pytest.mark.parametrize(("lang", "expected"), [("en", "en"), ("EN", "en"), ("en-US", "en"), ("ru", "ru"),
                                                 ("de", "ru"), ("", "ru"), (None, "ru")])
def test_russian_unless_the_portal_says_english(lang, expected):
    assert language_of(lang) == expected


def test_unknown_message_key_is_a_bug_not_a_silent_fallback():
    with pytest.raises(KeyError):
        translate("no_such_message", "ru")
