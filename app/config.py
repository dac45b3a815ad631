"""Settings from `PORYADOK_*` environment variables, each with a default that is safe for the demo.

`load_config(environ)` returns a plain dict with the names below minus the prefix (``DATABASE``,
``SECRET_KEY``, …): Flask config keys for the web app, and the same mapping the worker and services get.
`SETTINGS` is the single list of settings, so the README and a test can check each other.
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

PREFIX = "PORYADOK_"

# Bitrix24's regional OAuth servers (RU docs: oauth.bitrix24.tech, EN docs: oauth.bitrix.info).
DEFAULT_OAUTH_SERVERS = "https://oauth.bitrix24.tech,https://oauth.bitrix.info"

# Cloud portal zones. The reference names .ru/.com/.by/.kz/.de/.eu; the others are Bitrix24's other
# regional cloud domains (not in the reference, so a deployment may trim or extend this list).
DEFAULT_PORTAL_HOSTS = ",".join(
    f"*.bitrix24.{zone}"
    for zone in ("ru", "com", "by", "kz", "ua", "de", "eu", "es", "fr", "it", "pl", "uk", "in",
                 "com.br", "com.tr", "mx", "co", "cn", "jp", "vn", "id")
)


def _text(value: str) -> str:
    return value.strip()


def _list(value: str) -> list[str]:
    return [item.strip() for item in value.replace(";", ",").split(",") if item.strip()]


def _positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError("must be a positive whole number")
    return number


def _rate_limit(value: str) -> tuple[float, int]:
    """"2/50" -> (2.0 requests per second, burst of 50)."""
    rate, _, burst = value.partition("/")
    parsed = (float(rate), int(burst))
    if parsed[0] <= 0 or parsed[1] <= 0:
        raise ValueError("expected RATE/BURST with positive numbers, e.g. 2/50")
    return parsed


def _huey_storage(value: str) -> str:
    value = value.strip().lower()
    if value not in {"sqlite", "redis"}:
        raise ValueError("expected sqlite or redis")
    return value


@dataclass(frozen=True)
class Setting:
    name: str  # without the prefix
    default: str | None  # as it would be written in the environment; None = derived at start-up
    parse: Callable[[str], Any]
    help: str

    @property
    def env(self) -> str:
        return PREFIX + self.name


SETTINGS: tuple[Setting, ...] = (
    Setting("DATABASE", "var/poryadok.db", _text, "SQLite file with every table (WAL mode)"),
    Setting("SECRET_KEY", None, _text,
            "signs the frame tokens; when unset a random key is kept in `secret_key` next to the database"),
    Setting("CLIENT_ID", "local.poryadok", _text, "the app's client_id from the Bitrix24 app card"),
    Setting("CLIENT_SECRET", "", _text, "the app's client_secret; sent only to the OAuth server"),
    Setting("PUBLIC_URL", "http://127.0.0.1:8000", lambda v: v.strip().rstrip("/"),
            "base URL Bitrix24 reaches the app at; handlers are bound as <PUBLIC_URL>/events, /placement/<code>"),
    Setting("OAUTH_SERVERS", DEFAULT_OAUTH_SERVERS, _list,
            "allow-list of OAuth servers (scheme://host[:port]); tokens are checked and refreshed only there"),
    Setting("PORTAL_HOSTS", DEFAULT_PORTAL_HOSTS, _list,
            "plausible portal hosts: `*.zone` (any subdomain), `host:*` (any port) or an exact host[:port]"),
    Setting("BX24_SCRIPT_URL", "//api.bitrix24.tech/api/v1/", _text, "the BX24.js script the frame pages load"),
    Setting("RATE_LIMIT", "2/50", _rate_limit, "REST requests per second / burst per portal (Enterprise: 5/250)"),
    Setting("FRAME_TOKEN_TTL", "3600", _positive_int, "lifetime in seconds of the signed token a frame page gets"),
    Setting("HUEY_STORAGE", "sqlite", _huey_storage, "background queue storage: sqlite or redis"),
    Setting("HUEY_PATH", None, _text, "SQLite file of the queue; default: <DATABASE stem>-huey.db next to it"),
    Setting("REDIS_URL", "redis://127.0.0.1:6379/0", _text, "Redis for the queue when HUEY_STORAGE=redis"),
    Setting("DADATA_API_KEY", "", _text, "default DaData API key (a portal admin may set their own)"),
    Setting("DADATA_SECRET_KEY", "", _text, "DaData secret key (only the paid clean API needs it)"),
    Setting("DADATA_SUGGESTIONS_URL", "https://suggestions.dadata.ru/suggestions/api/4_1/rs/", _text,
            "DaData suggestions API base (findById, suggest)"),
    Setting("DADATA_CLEANER_URL", "https://cleaner.dadata.ru/api/v1/", _text, "DaData cleaner API base"),
    Setting("DADATA_PROFILE_URL", "https://dadata.ru/api/v2/", _text, "DaData profile API base (balance, stats)"),
)


class ConfigError(ValueError):
    """A PORYADOK_* variable holds a value the app cannot use."""


def load_config(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Every setting, parsed, from `environ` (default: the process environment), derived ones filled."""
    return finish_config(read_settings(environ))


def read_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Every setting, parsed, from `environ`; derived settings stay None until `finish_config`."""
    environ = os.environ if environ is None else environ
    config: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = environ.get(setting.env, setting.default)
        if raw is None:
            config[setting.name] = None
            continue
        try:
            config[setting.name] = setting.parse(raw)
        except ValueError as error:
            raise ConfigError(f"{setting.env}={raw!r}: {error}") from None
    return config


def finish_config(config: dict[str, Any]) -> dict[str, Any]:
    """Fill the settings derived from others (the queue file, the secret key)."""
    database = config["DATABASE"]
    if not config.get("HUEY_PATH"):
        config["HUEY_PATH"] = default_huey_path(database)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = stored_secret_key(database)
    return config


def default_huey_path(database: str) -> str:
    if database == ":memory:":
        return ":memory:"
    stem, _ = os.path.splitext(database)
    return f"{stem}-huey.db"


def stored_secret_key(database: str) -> str:
    """A random key kept beside the database, so every web and worker process signs alike.

    A fixed key in the code would let anyone forge frame tokens; a per-process random key would
    break tokens between gunicorn workers.
    """
    if database == ":memory:":
        return secrets.token_urlsafe(32)
    path = os.path.join(os.path.dirname(os.path.abspath(database)), "secret_key")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if not os.path.exists(path):
        # Write a complete file under a private name, then link it into place: link() fails if another
        # process won the race, and nobody ever reads a half-written key.
        draft = f"{path}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(draft)
    with open(path, encoding="ascii") as handle:
        return handle.read().strip()
