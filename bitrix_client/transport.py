"""One HTTP exchange, with `requests` exceptions turned into `TransportError`.

requests' own messages quote the full URL — for the OAuth server that includes the refresh token
and client secret — so they are never passed on, and the original exception is not chained.
For the same reason urllib3's own log records (at DEBUG it writes every request line, query string
included) lose their query strings in every process that imports this package: see
`guard_url_logging`.
"""
from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlsplit

import requests

from bitrix_client.errors import TransportError

USER_AGENT = "poryadok-bitrix-client/0.1"

# The urllib3 loggers whose records quote a URL (request lines, retries, redirects, header warnings).
URL_LOGGING_LOGGERS = ("urllib3.connectionpool", "urllib3.connection", "urllib3.poolmanager", "urllib3.util.retry")
_QUERY_STRING = re.compile(r"\?[^\s\"'<>]*")


class QueryStringRedactor(logging.Filter):
    """Rewrites a record's message with every `?query` cut to `?[redacted]`; never drops a record.

    The documented OAuth refresh is a GET with `client_secret` and `refresh_token` in the query, and
    urllib3 logs request lines at DEBUG, so a process run with DEBUG logging would otherwise leak them.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _QUERY_STRING.sub("?[redacted]", message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def guard_url_logging() -> None:
    """Attach `QueryStringRedactor` to urllib3's URL-quoting loggers (idempotent)."""
    for name in URL_LOGGING_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, QueryStringRedactor) for existing in logger.filters):
            logger.addFilter(QueryStringRedactor())


guard_url_logging()


def send(session: requests.Session, method: str, url: str, *, timeout, **kwargs: Any) -> requests.Response:
    """Send without following redirects (a portal move is handled by the caller)."""
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    host = urlsplit(url).netloc
    try:
        return session.request(method, url, headers=headers, timeout=timeout, allow_redirects=False, **kwargs)
    except requests.ConnectionError as exc:  # includes ConnectTimeout: nothing reached the server
        raise TransportError(f"cannot connect to {host} ({type(exc).__name__})", retryable=True) from None
    except requests.Timeout as exc:  # read timeout: the server may have acted on the request
        raise TransportError(f"{host} did not answer in time ({type(exc).__name__})") from None
    except requests.RequestException as exc:
        raise TransportError(f"request to {host} failed ({type(exc).__name__})") from None


def decode_json(response: requests.Response) -> Any:
    """The decoded body, or None when it is not JSON (an HTML error page from a proxy, say)."""
    try:
        return response.json()
    except ValueError:
        return None
