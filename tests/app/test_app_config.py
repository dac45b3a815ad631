"""Settings: safe defaults for the demo, every one overridable by its PORYADOK_* variable."""
from __future__ import annotations

import os
import stat

import pytest
from huey import RedisHuey, SqliteHuey

from app import create_app
from app.config import SETTINGS, ConfigError, load_config, read_settings
from services.tasks import create_huey


def test_defaults_need_no_environment_and_point_at_the_real_bitrix24(tmp_path):
    config = load_config({"PORYADOK_DATABASE": str(tmp_path / "var" / "poryadok.db")})

    assert config["OAUTH_SERVERS"] == ["https://oauth.bitrix24.tech", "https://oauth.bitrix.info"]
    for zone in ("ru", "com", "by", "kz", "de", "eu"):
        assert f"*.bitrix24.{zone}" in config["PORTAL_HOSTS"]
    assert config["RATE_LIMIT"] == (2.0, 50)
    assert config["HUEY_STORAGE"] == "sqlite"
    assert config["HUEY_PATH"] == str(tmp_path / "var" / "poryadok-huey.db")
    assert config["BX24_SCRIPT_URL"] == "//api.bitrix24.tech/api/v1/"
    assert config["FRAME_TOKEN_TTL"] == 3600
    assert config["DADATA_SUGGESTIONS_URL"] == "https://suggestions.dadata.ru/suggestions/api/4_1/rs/"


def test_default_database_is_a_local_sqlite_file_under_var():
    assert read_settings({})["DATABASE"] == "var/poryadok.db"


def test_without_a_secret_key_one_random_key_is_kept_beside_the_database(tmp_path):
    environ = {"PORYADOK_DATABASE": str(tmp_path / "poryadok.db")}

    first, second = load_config(environ)["SECRET_KEY"], load_config(environ)["SECRET_KEY"]
    other_place = load_config({"PORYADOK_DATABASE": str(tmp_path / "other" / "p.db")})["SECRET_KEY"]

    assert first == second and len(first) >= 32 and other_place != first
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("secret_key")] == ["secret_key"]


def test_every_setting_is_read_from_its_environment_variable(tmp_path):
    environ = {
        "PORYADOK_DATABASE": str(tmp_path / "db.sqlite"),
        "PORYADOK_SECRET_KEY": "from-env",
        "PORYADOK_CLIENT_ID": "local.abc",
        "PORYADOK_CLIENT_SECRET": "shh",
        "PORYADOK_PUBLIC_URL": "https://app.example.org/",
        "PORYADOK_OAUTH_SERVERS": "http://127.0.0.1:5001, https://oauth.bitrix.info",
        "PORYADOK_PORTAL_HOSTS": "127.0.0.1:*;*.bitrix24.ru",
        "PORYADOK_BX24_SCRIPT_URL": "http://127.0.0.1:5001/bx24.js",
        "PORYADOK_RATE_LIMIT": "5/250",
        "PORYADOK_FRAME_TOKEN_TTL": "600",
        "PORYADOK_HUEY_STORAGE": "redis",
        "PORYADOK_HUEY_PATH": str(tmp_path / "queue.db"),
        "PORYADOK_REDIS_URL": "redis://cache:6379/2",
        "PORYADOK_DADATA_API_KEY": "dk",
        "PORYADOK_DADATA_SECRET_KEY": "ds",
        "PORYADOK_DADATA_SUGGESTIONS_URL": "http://127.0.0.1:5001/dadata/suggestions/",
        "PORYADOK_DADATA_CLEANER_URL": "http://127.0.0.1:5001/dadata/cleaner/",
        "PORYADOK_DADATA_PROFILE_URL": "http://127.0.0.1:5001/dadata/profile/",
    }
    assert {setting.env for setting in SETTINGS} == set(environ)

    config = load_config(environ)

    assert config["SECRET_KEY"] == "from-env" and config["CLIENT_ID"] == "local.abc"
    assert config["PUBLIC_URL"] == "https://app.example.org"
    assert config["OAUTH_SERVERS"] == ["http://127.0.0.1:5001", "https://oauth.bitrix.info"]
    assert config["PORTAL_HOSTS"] == ["127.0.0.1:*", "*.bitrix24.ru"]
    assert config["RATE_LIMIT"] == (5.0, 250) and config["FRAME_TOKEN_TTL"] == 600
    assert (config["HUEY_STORAGE"], config["REDIS_URL"]) == ("redis", "redis://cache:6379/2")
    assert config["HUEY_PATH"] == str(tmp_path / "queue.db")
    assert config["DADATA_API_KEY"] == "dk" and config["DADATA_CLEANER_URL"].endswith("/cleaner/")


@pytest.mark.parametrize(("name", "value"), [
    ("PORYADOK_RATE_LIMIT", "fast"), ("PORYADOK_RATE_LIMIT", "0/50"), ("PORYADOK_FRAME_TOKEN_TTL", "-1"),
    ("PORYADOK_HUEY_STORAGE", "postgres"),
])
def test_unusable_values_are_reported_with_the_variable_name(tmp_path, name, value):
    with pytest.raises(ConfigError, match=name):
        load_config({"PORYADOK_DATABASE": str(tmp_path / "p.db"), name: value})


def test_every_setting_says_what_it_is_for():
    assert all(setting.help for setting in SETTINGS)


def test_queue_is_sqlite_beside_the_database_by_default_and_redis_when_asked(tmp_path):
    sqlite_config = load_config({"PORYADOK_DATABASE": str(tmp_path / "p.db")})
    redis_config = load_config({"PORYADOK_DATABASE": str(tmp_path / "p.db"), "PORYADOK_HUEY_STORAGE": "redis"})

    assert isinstance(create_huey(sqlite_config), SqliteHuey)
    assert isinstance(create_huey(redis_config), RedisHuey)  # connects lazily: no Redis needed here


def test_app_reads_environment_and_explicit_config_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("PORYADOK_DATABASE", str(tmp_path / "env.db"))
    monkeypatch.setenv("PORYADOK_PUBLIC_URL", "https://from-env.example.org")

    app = create_app({"PUBLIC_URL": "https://explicit.example.org", "HUEY_IMMEDIATE": True})

    assert app.config["DATABASE"] == str(tmp_path / "env.db")
    assert app.config["PUBLIC_URL"] == "https://explicit.example.org"
    assert app.config["HUEY_PATH"] == str(tmp_path / "env-huey.db")
