"""The DaData source for one portal: the admin's key (or the server default), the shared SQLite cache and the
shared SQLite rate limit (DaData's 30 requests/s are per server IP: every process and portal counts)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils

from requisites.dadata_source import (DADATA_KEY_SETTING, DEFAULT_SUGGESTIONS_URL, DadataSource, SourceSettings,
                                      resolve_api_key)
from storage.ratelimit import SqliteRateLimiter
from storage.registry_cache import SqliteRegistryCache
from storage.settings import get_setting

INN_FIELD_SETTING = "requisites_inn_field"  # optional company UF field that holds an INN, e.g. UF_CRM_INN
# All processes together: at most BURST - 1 at once, then RATE/s — 24 in any second, DaData allows 30.
DADATA_SHARED_RATE, DADATA_SHARED_BURST = 20.0, 5


def shared_dadata_limit(db: sqlite_utils.Database) -> SqliteRateLimiter:
    return SqliteRateLimiter(db, rate=DADATA_SHARED_RATE, burst=DADATA_SHARED_BURST)


def source_settings(config: Mapping[str, Any] | None, **overrides: Any) -> SourceSettings:
    """The adapter's settings with the configured DaData address (devportal's in tests and demos)."""
    url = (config or {}).get("DADATA_SUGGESTIONS_URL") or DEFAULT_SUGGESTIONS_URL
    return SourceSettings(suggestions_url=url, **overrides)


def make_source(db: sqlite_utils.Database, member_id: str, config: Mapping[str, Any] | None = None) -> DadataSource:
    """Raises NoApiKey (ru/en message) when neither the portal nor the server has a key."""
    config = config or {}
    api_key = resolve_api_key(get_setting(db, member_id, DADATA_KEY_SETTING), config.get("DADATA_API_KEY"))
    return DadataSource(api_key, cache=SqliteRegistryCache(db), settings=source_settings(config),
                        shared_limit=shared_dadata_limit(db))


def inn_field(db: sqlite_utils.Database, member_id: str) -> str | None:
    value = get_setting(db, member_id, INN_FIELD_SETTING)
    return str(value).strip() or None if value else None
