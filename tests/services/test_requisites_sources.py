"""The DaData source a portal gets: the admin's key over the server default, the configured base URL."""
from __future__ import annotations

import pytest

from requisites.dadata_source import NoApiKey
from services.requisites.sources import inn_field, make_source
from storage.settings import set_setting
from tests.services.requisites_fixtures import db  # noqa: F401 (fixture)

BASE = "http://127.0.0.1:5999/dadata/suggestions/api/4_1/rs/"


def test_portal_admins_key_and_configured_url_are_used(db, httpx_mock):  # noqa: F811
    set_setting(db, "m1", "dadata_api_key", "portal-key")
    httpx_mock.add_response(url=BASE + "findById/bank", json={"suggestions": []})
    source = make_source(db, "m1", {"DADATA_API_KEY": "server-key", "DADATA_SUGGESTIONS_URL": BASE})
    assert source.find_bank("044525225") == []
    assert httpx_mock.get_requests()[0].headers["Authorization"] == "Token portal-key"
    assert "portal-key" not in repr(source)


def test_server_default_key_is_used_when_the_portal_has_none(db, httpx_mock):  # noqa: F811
    httpx_mock.add_response(url=BASE + "findById/bank", json={"suggestions": []})
    make_source(db, "m1", {"DADATA_API_KEY": "server-key", "DADATA_SUGGESTIONS_URL": BASE}).find_bank("044525225")
    assert httpx_mock.get_requests()[0].headers["Authorization"] == "Token server-key"


def test_no_key_anywhere_is_a_clear_error(db, monkeypatch):  # noqa: F811
    monkeypatch.delenv("PORYADOK_DADATA_API_KEY", raising=False)
    with pytest.raises(NoApiKey):
        make_source(db, "m1", {"DADATA_API_KEY": ""})


def test_inn_field_setting_is_optional(db):  # noqa: F811
    assert inn_field(db, "m1") is None
    set_setting(db, "m1", "requisites_inn_field", " UF_CRM_INN ")
    assert inn_field(db, "m1") == "UF_CRM_INN"
