"""PortalClient: calls one Bitrix24 portal's REST API with one `requests.Session`.

Every request is a POST of a JSON body to `<client_endpoint><method>` with `auth` in the body (not the
URL, so tokens stay out of access logs). All recovery rules live in `_request`:

* 503 QUERY_LIMIT_EXCEEDED, 500/502/503/504 and connection failures: jittered exponential backoff,
  at most `retry.attempts` tries in all;
* 429 OPERATION_TIME_LIMIT: background clients wait until `operating_reset_at` (from the last
  envelope that told us) and try again; interactive clients fail at once;
* 401 expired_token: refresh through the token store's single-flight lock, retry once, never loop;
* 30x from a renamed portal: re-POST to the new address if `hosts.moved_client_endpoint` accepts it
  (within `portal_hosts` when given), and record the new endpoint in the token store.

Before every HTTP request (a batch is one) the rate limiter's `acquire(member_id)` is called.
A client is meant for one thread at a time; make one per thread or job.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

import requests

from bitrix_client import paging
from bitrix_client.batch import (MAX_COMMANDS, BatchReply, Command, chunked, command_string, not_executed,
                                 parse_batch_reply)
from bitrix_client.credentials import Credentials, RateLimiter, TokenStore
from bitrix_client.errors import (EXPIRED_TOKEN_CODES, ApiError, AuthError, BatchError, OperationTimeLimit,
                                  RateLimited, ServerError, TransportError, error_from_envelope,
                                  is_error_envelope)
from bitrix_client.hosts import moved_client_endpoint
from bitrix_client.oauth import OAuthServer
from bitrix_client.retry import RetryPolicy
from bitrix_client.transport import decode_json, send

log = logging.getLogger(__name__)

_METHOD_NAME = re.compile(r"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$")
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_RETRYABLE_STATUSES = frozenset({500, 502, 503, 504})
MAX_PORTAL_MOVES = 2


class _PortalMoved(Exception):
    def __init__(self, client_endpoint: str):
        self.client_endpoint = client_endpoint


class PortalClient:
    def __init__(self, credentials: Credentials, *, oauth: OAuthServer, token_store: TokenStore | None = None,
                 rate_limiter: RateLimiter | None = None, interactive: bool = False,
                 session: requests.Session | None = None, timeout: float | tuple[float, float] = (5, 60),
                 retry: RetryPolicy | None = None, portal_hosts: Sequence[str] | None = None):
        self.credentials = credentials
        self.oauth = oauth
        self.token_store = token_store
        self.rate_limiter = rate_limiter
        self.interactive = interactive
        self._owns_session = session is None
        self.session = session or requests.Session()
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.portal_hosts = portal_hosts  # host patterns a portal may move to; None = any plausible host
        self._operating_reset_at: dict[str, float] = {}

    def __repr__(self) -> str:
        return f"PortalClient(member_id={self.credentials.member_id!r}, portal={self.credentials.portal_host!r})"

    def close(self) -> None:
        if self._owns_session:
            self.session.close()

    def __enter__(self) -> PortalClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ----- public API -------------------------------------------------------------------------

    def call(self, method: str, params: Mapping[str, Any] | None = None) -> Any:
        """Call `method` and return the envelope's `result`."""
        envelope = self.call_envelope(method, params)
        if "result" not in envelope:
            raise ApiError("INVALID_RESPONSE", "envelope without result", 200)
        return envelope["result"]

    def call_envelope(self, method: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Call `method` and return the whole envelope (`result`, `total`, `next`, `time`)."""
        if not _METHOD_NAME.match(method):
            raise ValueError(f"not a REST method name: {method!r}")
        return self._request(method, dict(params or {}))

    def batch(self, commands: Mapping[str, Command], halt: bool = False) -> dict[str, Any]:
        """Run commands in requests of at most 50; raise BatchError if any command failed.

        `commands` maps a key to `(method, params)`; the result maps the same keys to each result.
        With `halt=True` the portal stops at the first failure and later chunks are not sent; the
        commands that never ran are reported in BatchError.errors with code BATCH_HALTED.
        """
        keys = list(commands)
        results: dict[str, Any] = {}
        errors: dict[str, ApiError] = {}
        for chunk in chunked(keys, MAX_COMMANDS):
            if halt and errors:
                errors.update(not_executed(chunk))
                continue
            reply = self.send_batch({key: commands[key] for key in chunk}, halt=halt)
            results.update(reply.results)
            errors.update(reply.errors)
        if errors:
            raise BatchError({k: results[k] for k in keys if k in results}, {k: errors[k] for k in keys if k in errors})
        return {key: results[key] for key in keys}

    def send_batch(self, commands: Mapping[str, Command], halt: bool = False) -> BatchReply:
        """One `batch` request (at most 50 commands); per-command errors are returned, not raised."""
        if not 0 < len(commands) <= MAX_COMMANDS:
            raise ValueError(f"a batch request holds 1..{MAX_COMMANDS} commands, got {len(commands)}")
        cmd = {key: command_string(method, params) for key, (method, params) in commands.items()}
        envelope = self.call_envelope("batch", {"halt": 1 if halt else 0, "cmd": cmd})
        reply = parse_batch_reply(envelope, list(cmd), halt=halt, secrets=self._secrets())
        for key, timing in reply.times.items():
            if key in commands:
                self._remember_reset(commands[key][0], timing)
        for key, error in reply.errors.items():
            log.warning("batch command %s (%s) failed: %s", key, commands[key][0], error.code)
        return reply

    def iter_list(self, method: str, filter: Mapping[str, Any] | None = None, select: Sequence[str] | None = None,
                  order: Mapping[str, str] | None = None) -> Iterator[dict[str, Any]]:
        """Every record of a list method whose id field is `ID`, in ascending ID order, each once."""
        return paging.iter_list(self, method, filter, select, order)

    # ----- the one place where recovery rules live ----------------------------------------------

    def _request(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        tries, refreshed, moves = 0, False, 0
        while True:
            tries += 1
            try:
                return self._send(method, params)
            except _PortalMoved as moved:
                moves += 1
                if moves > MAX_PORTAL_MOVES:
                    raise TransportError("the portal keeps redirecting") from None
                self._move_to(moved.client_endpoint)
            except AuthError as error:
                if refreshed or error.code.upper() not in EXPIRED_TOKEN_CODES:
                    raise
                refreshed = True
                self._refresh()
            except OperationTimeLimit as error:
                self.wait_out_operation_limit(method, error, tries)
            except (RateLimited, ServerError, TransportError) as error:
                if not _is_transient(error) or tries >= self.retry.attempts:
                    raise
                delay = self.retry.backoff(tries)
                log.info("%s: %s, retry %d in %.2fs", method, _kind(error), tries, delay)
                self.retry.sleep(delay)

    def wait_out_operation_limit(self, method: str, error: OperationTimeLimit, tries: int) -> None:
        """Sleep until the method's time budget resets (background only), or re-raise `error`."""
        retry_at = error.retry_at if error.retry_at is not None else self._operating_reset_at.get(method)
        error.retry_at = retry_at
        wait = self.retry.operation_wait(retry_at)
        if self.interactive or wait is None or tries >= self.retry.attempts:
            raise error
        log.info("%s: OPERATION_TIME_LIMIT, waiting %.0fs for the budget to reset", method, wait)
        self.retry.sleep(wait)

    def _send(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        creds = self.credentials
        url = creds.client_endpoint + method
        if self.rate_limiter is not None:
            self.rate_limiter.acquire(creds.member_id)
        response = send(self.session, "POST", url, timeout=self.timeout, json={**params, "auth": creds.access_token})
        if response.status_code in _REDIRECT_STATUSES:
            location = response.headers.get("Location") or ""
            raise _PortalMoved(moved_client_endpoint(url, location, creds.client_endpoint, self.portal_hosts))
        payload = decode_json(response)
        if isinstance(payload, dict) and isinstance(payload.get("time"), dict):
            self._remember_reset(method, payload["time"])
        if is_error_envelope(payload, response.status_code):
            error = error_from_envelope(payload, response.status_code, secrets=self._secrets())
            if isinstance(error, OperationTimeLimit):
                error.retry_at = _reset_at(payload.get("time") if isinstance(payload, dict) else None)
            log.warning("%s failed: %s (HTTP %s)", method, error.code, response.status_code)
            raise error
        if not isinstance(payload, dict):
            raise ApiError("INVALID_RESPONSE", "the portal's answer is not a JSON object", response.status_code)
        return payload

    def _refresh(self) -> None:
        stale = self.credentials
        if self.token_store is not None:
            self.credentials = self.token_store.refresh_single_flight(stale, self.oauth.refresh)
        else:
            self.credentials = self.oauth.refresh(stale)
        log.info("access token renewed for member %s", stale.member_id)

    def _move_to(self, client_endpoint: str) -> None:
        old = self.credentials
        self.credentials = replace(old, client_endpoint=client_endpoint)
        if self.token_store is not None:
            self.token_store.client_endpoint_moved(old.member_id, client_endpoint)
        log.warning("portal %s moved from %s to %s", old.member_id, old.portal_host, self.credentials.portal_host)

    def _remember_reset(self, method: str, timing: Mapping[str, Any]) -> None:
        reset_at = _reset_at(timing)
        if reset_at is not None:
            self._operating_reset_at[method] = reset_at

    def _secrets(self) -> tuple[str | None, ...]:
        return self.credentials.access_token, self.credentials.refresh_token


def _reset_at(timing: Any) -> float | None:
    value = timing.get("operating_reset_at") if isinstance(timing, Mapping) else None
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _is_transient(error: Exception) -> bool:
    if isinstance(error, TransportError):
        return error.retryable
    if isinstance(error, RateLimited):
        return True
    return isinstance(error, ServerError) and (error.status in _RETRYABLE_STATUSES)


def _kind(error: Exception) -> str:
    return error.code if isinstance(error, ApiError) else type(error).__name__
