"""One HTTP exchange, with `requests` exceptions turned into `TransportError`.

requests' own messages quote the full URL — for the OAuth server that includes the refresh token
and client secret — so they are never passed on, and the original exception is not chained.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import requests

from bitrix_client.errors import TransportError

USER_AGENT = "poryadok-bitrix-client/0.1"


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
