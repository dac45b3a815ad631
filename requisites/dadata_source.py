"""The registry source: the `dadata` package behind an adapter (the ONE module here that imports
`dadata`/`httpx` — see README.md).

What it adds to the bare client (dadata.md §1–2):
* one `dadata.Dadata` per process and key (DaData refuses >60 new connections a minute per IP);
* a configurable suggestions base URL (devportal serves DaData elsewhere);
* httpx errors translated into `RegistryError`s with ru/en messages — bad key, quota exhausted,
  rate limited, timeout, unavailable — never carrying the key or DaData's body (whose 403 text
  repeats the key);
* a rate limit below DaData's 30 requests/s, and a couple of retries with backoff for
  429/5xx/timeouts. DaData counts per server IP, so every process of the app (gunicorn workers, the
  huey consumer) together must stay below it: a source is given the app's *shared* limiter (one
  leaky bucket in SQLite, `storage.ratelimit`, under `DADATA_BUCKET`) whenever a database exists.
  The per-process limit stays as well: a source without a database (a script) is still held below
  30/s, and the threads of one process are spaced without a database write each;
* a cache by INN(+KPP)/BIK/query with an age limit, so repeated and bulk lookups cost one call per
  key. The cache is any object with ``get(key, max_age) -> (hit, payload)`` and ``put(key, payload)``
  (storage.registry_cache.SqliteRegistryCache in the app).
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import dadata
import httpx

from requisites.model import InvalidInput, Message, RequisitesError
from requisites.validation import classify_query, require, validate_bik, validate_kpp

__all__ = [
    "DadataSource", "SourceSettings", "RegistryCache", "RateLimit", "RegistryError", "NoApiKey", "BadApiKey",
    "QuotaExhausted", "RegistryRateLimited", "RegistryTimeout", "RegistryUnavailable", "RegistryRejected",
    "resolve_api_key", "DADATA_KEY_SETTING", "DADATA_KEY_ENV", "DEFAULT_SUGGESTIONS_URL", "SharedRateLimiter",
    "DADATA_BUCKET", "MAX_QUERY_LENGTH",
]

DADATA_KEY_SETTING = "dadata_api_key"          # portal_settings key set by the portal admin
DADATA_KEY_ENV = "PORYADOK_DADATA_API_KEY"     # the server-wide default
DEFAULT_SUGGESTIONS_URL = "https://suggestions.dadata.ru/suggestions/api/4_1/rs/"
DADATA_BUCKET = "dadata"                       # the shared limiter's key: one bucket for the whole server IP
DAY = 24 * 3600
MAX_COUNT = 20             # records per findById/suggest answer (dadata.md §2, spec)
MAX_QUERY_LENGTH = 300     # longer queries get 413 (dadata.md §2)


# ---------------------------------------------------------------- errors

class RegistryError(RequisitesError):
    """DaData could not answer; nothing was written. `retryable` says whether trying later may help."""

    retryable = False
    message_default = Message("Сервис реестров недоступен.", "The registry service is unavailable.")

    def __init__(self, message: Message | None = None, *, status: int | None = None):
        super().__init__(message or self.message_default)
        self.status = status


class NoApiKey(RegistryError):
    message_default = Message(
        "Не задан ключ DaData. Администратор портала может указать его в настройках приложения.",
        "No DaData API key is set. A portal administrator can enter one in the app settings.")


class BadApiKey(RegistryError):
    message_default = Message(
        "DaData отклонила ключ API: проверьте ключ в настройках приложения.",
        "DaData rejected the API key: check the key in the app settings.")


class QuotaExhausted(RegistryError):
    message_default = Message(
        "Дневной лимит запросов DaData исчерпан. Он обновится в полночь по Москве.",
        "The daily DaData request quota is used up. It resets at midnight Moscow time.")


class RegistryRateLimited(RegistryError):
    retryable = True
    message_default = Message("DaData просит сбавить темп. Повторите через несколько секунд.",
                              "DaData asks to slow down. Try again in a few seconds.")


class RegistryTimeout(RegistryError):
    retryable = True
    message_default = Message("DaData не ответила вовремя. Повторите попытку.",
                              "DaData did not answer in time. Please try again.")


class RegistryUnavailable(RegistryError):
    retryable = True
    message_default = Message("DaData сейчас недоступна. Повторите попытку позже.",
                              "DaData is unavailable right now. Please try again later.")


class RegistryRejected(RegistryError):
    message_default = Message("DaData не приняла запрос.", "DaData did not accept the request.")


def _from_status(response: httpx.Response) -> RegistryError:
    status = response.status_code
    if status == 401:
        return BadApiKey(status=status)
    if status == 403:
        try:
            text = str(response.json().get("message", ""))
        except (ValueError, AttributeError):
            text = ""
        # dadata.md §2: quota exhausted = 403 "Feature 'SUGGESTIONS' disabled for token '<key>'"
        return QuotaExhausted(status=status) if "disabled for token" in text else BadApiKey(status=status)
    if status == 429:
        return RegistryRateLimited(status=status)
    if status >= 500:
        return RegistryUnavailable(status=status)
    return RegistryRejected(status=status)


def _translate(error: Exception) -> RegistryError:
    if isinstance(error, httpx.HTTPStatusError):
        return _from_status(error.response)
    if isinstance(error, httpx.TimeoutException):
        return RegistryTimeout()
    return RegistryUnavailable()  # connection refused, DNS, protocol errors, a body that is not JSON


# ---------------------------------------------------------------- rate limit and settings

class RateLimit:
    """Spaces calls at least 1/rate seconds apart across the threads of this process."""

    def __init__(self, per_second: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self._interval = 1.0 / per_second
        self._clock, self._sleep = clock, sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def acquire(self) -> None:
        with self._lock:
            now = self._clock()
            wait = max(0.0, self._next - now)
            self._next = max(now, self._next) + self._interval
        if wait:
            self._sleep(wait)


class SharedRateLimiter(Protocol):
    """A limiter shared by every process (storage.ratelimit.SqliteRateLimiter): blocks until `key` may send."""

    def acquire(self, key: str) -> None: ...


@dataclass(frozen=True)
class SourceSettings:
    suggestions_url: str = DEFAULT_SUGGESTIONS_URL
    timeout: float = 5.0
    requests_per_second: float = 20.0   # DaData allows 30/s per IP (dadata.md §2); stay well below
    retries: int = 2                    # extra attempts for 429 / 5xx / timeouts
    backoff_seconds: float = 0.5        # 0.5 s, then 1 s
    party_max_age: float = 7 * DAY      # registry data changes rarely (state.actuality_date)
    bank_max_age: float = 7 * DAY
    empty_max_age: float = DAY          # "not found" is re-asked sooner: a new company may appear
    suggest_max_age: float = DAY


class RegistryCache(Protocol):
    def get(self, key: str, max_age_seconds: float) -> tuple[bool, Any]: ...
    def put(self, key: str, payload: Any) -> None: ...


def resolve_api_key(portal_setting: str | None, default: str | None = None) -> str:
    """The portal admin's key, else the configured default, else $PORYADOK_DADATA_API_KEY."""
    for candidate in (portal_setting, default, os.environ.get(DADATA_KEY_ENV)):
        if candidate and str(candidate).strip():
            return str(candidate).strip()
    raise NoApiKey()


# ---------------------------------------------------------------- one client per process and key

_CLIENTS: dict[tuple, dadata.Dadata] = {}
_CLIENTS_LOCK = threading.Lock()
_LIMITS: dict[tuple, RateLimit] = {}


def _client(api_key: str, settings: SourceSettings) -> dadata.Dadata:
    # pid in the key: a client inherited through fork() must not share its sockets with the parent
    key = (os.getpid(), api_key, settings.suggestions_url, settings.timeout)
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(key)
        if client is None:
            client = dadata.Dadata(api_key, timeout=settings.timeout)
            # dadata.Dadata has no base-URL option; its SuggestClient keeps an httpx.Client (sync.py).
            client._suggestions._client.base_url = settings.suggestions_url
            _CLIENTS[key] = client
        return client


def _shared_limit(settings: SourceSettings) -> RateLimit:
    key = (os.getpid(), settings.requests_per_second)
    with _CLIENTS_LOCK:
        return _LIMITS.setdefault(key, RateLimit(settings.requests_per_second))


# ---------------------------------------------------------------- the source

class DadataSource:
    """`find_party`, `suggest_party`, `find_bank` with errors translated, throttling, retries, cache.

    `calls` counts HTTP requests actually sent (retries included); `cache_hits` the answers served
    from the cache.
    """

    def __init__(self, api_key: str, *, cache: RegistryCache | None = None,
                 settings: SourceSettings = SourceSettings(), rate_limit: RateLimit | None = None,
                 shared_limit: SharedRateLimiter | None = None, sleep: Callable[[float], None] = time.sleep):
        if not api_key:
            raise NoApiKey()
        self._client = _client(api_key, settings)
        self._cache = cache
        self._settings = settings
        self._limit = rate_limit or _shared_limit(settings)
        self._shared_limit = shared_limit
        self._sleep = sleep
        self.calls = 0
        self.cache_hits = 0

    def __repr__(self) -> str:  # never show the key
        return f"DadataSource(url={self._settings.suggestions_url!r})"

    # ------------------------------------------------------------ public lookups

    def find_party(self, inn_or_ogrn: str, kpp: str | None = None) -> list[dict[str, Any]]:
        """Every registry record for an INN/OGRN/OGRNIP (head office and branches), or the one with `kpp`."""
        checked = classify_query(inn_or_ogrn)
        if checked.ok and not checked.kind.is_identifier:
            raise InvalidInput(Message("Ожидается ИНН, ОГРН или ОГРНИП.", "An INN, OGRN or OGRNIP is expected."))
        query = require(checked)
        if not kpp:
            return self._lookup(f"party:{query}:", self._settings.party_max_age,
                                lambda: self._client.find_by_id("party", query, count=MAX_COUNT))
        kpp = require(validate_kpp(kpp))
        hit, everything = self._cached(f"party:{query}:", self._settings.party_max_age)
        matching = [s for s in (everything or []) if (s.get("data") or {}).get("kpp") == kpp]
        if hit and matching:  # a whole-INN answer holds at most MAX_COUNT records: trust it only if it has this one
            return matching
        return self._lookup(f"party:{query}:{kpp}", self._settings.party_max_age,
                            lambda: self._client.find_by_id("party", query, count=MAX_COUNT, kpp=kpp))

    def suggest_party(self, query: str, count: int = 10) -> list[dict[str, Any]]:
        """Name (or partial number) autocomplete, `suggest/party`."""
        text = " ".join(str(query or "").split())
        if not text or len(text) > MAX_QUERY_LENGTH:
            raise InvalidInput(Message(f"Запрос должен содержать от 1 до {MAX_QUERY_LENGTH} символов.",
                                       f"The query must have 1 to {MAX_QUERY_LENGTH} characters."))
        count = max(1, min(int(count), MAX_COUNT))
        return self._lookup(f"suggest:{count}:{text.casefold()}", self._settings.suggest_max_age,
                            lambda: self._client.suggest("party", text, count=count))

    def find_bank(self, bik: str) -> list[dict[str, Any]]:
        code = require(validate_bik(bik))
        return self._lookup(f"bank:{code}", self._settings.bank_max_age,
                            lambda: self._client.find_by_id("bank", code, count=1))

    # ------------------------------------------------------------ machinery

    def _cached(self, key: str, max_age: float) -> tuple[bool, Any]:
        if self._cache is None:
            return False, None
        hit, payload = self._cache.get(key, max_age)
        if hit and not payload:  # "not found" goes stale sooner
            hit, payload = self._cache.get(key, self._settings.empty_max_age)
        if hit:
            self.cache_hits += 1
        return hit, payload

    def _lookup(self, key: str, max_age: float, call: Callable[[], list]) -> list[dict[str, Any]]:
        hit, payload = self._cached(key, max_age)
        if hit:
            return payload
        suggestions = self._call_with_retries(call)
        if self._cache is not None:
            self._cache.put(key, suggestions)
        return suggestions

    def _call_with_retries(self, call: Callable[[], list]) -> list[dict[str, Any]]:
        attempt = 0
        while True:
            self._limit.acquire()  # this process first: its threads queue here, not in the database
            if self._shared_limit is not None:
                self._shared_limit.acquire(DADATA_BUCKET)
            self.calls += 1
            try:
                result = call()
                if not isinstance(result, list):
                    raise RegistryUnavailable()
                return result
            except (httpx.HTTPError, ValueError, KeyError, TypeError) as error:
                translated = _translate(error)
            if not translated.retryable or attempt >= self._settings.retries:
                raise translated from None  # from None: the cause holds DaData's body, which names the key
            self._sleep(self._settings.backoff_seconds * (2 ** attempt))
            attempt += 1
