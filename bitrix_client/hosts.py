"""Which hosts the client may talk to. Every rule about URLs that could be used for SSRF lives here.

* OAuth servers: an endpoint is allowed only if its origin (scheme, host, port) equals one on the
  configured allow-list exactly — never a substring or suffix match.
* Portal redirects (a renamed portal answers 302): followed only when the new location keeps the
  same scheme and the same request path, has no user-info, and names a plausible portal host — a DNS
  name with at least two labels, not an IP literal. The one exception is a loopback portal
  (devportal on 127.0.0.1/localhost), which may move to another loopback address. When the caller
  names the portal hosts it serves (patterns, see `host_matches`), the new host must match one too:
  the moved portal gets our token in the very next request.
"""
from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from bitrix_client.errors import ForbiddenHost

# The Bitrix24 OAuth servers named by the official docs (RU: oauth.bitrix24.tech, EN: oauth.bitrix.info).
BITRIX24_OAUTH_SERVERS: tuple[str, ...] = ("https://oauth.bitrix24.tech", "https://oauth.bitrix.info")

_DEFAULT_PORTS = {"http": 80, "https": 443}
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_LOOPBACK_NAMES = {"localhost"}


class Origin(NamedTuple):
    scheme: str
    host: str
    port: int


def origin_of(url: str) -> Origin:
    """Scheme, lower-cased host and explicit-or-default port of `url`; ForbiddenHost if unusable."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise ForbiddenHost("malformed URL") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname or "@" in parts.netloc:
        raise ForbiddenHost("URL must be http(s) with a host and no user-info")
    return Origin(scheme, parts.hostname.lower().rstrip("."), port or _DEFAULT_PORTS[scheme])


def origin_netloc(origin: Origin) -> str:
    """host[:port] as a browser names it: the port only when it is not the scheme's default."""
    host = f"[{origin.host}]" if ":" in origin.host else origin.host
    return host if _DEFAULT_PORTS[origin.scheme] == origin.port else f"{host}:{origin.port}"


def origin_url(origin: Origin) -> str:
    return f"{origin.scheme}://{origin_netloc(origin)}"


def is_allowed_origin(url: str, allowed: tuple[Origin, ...]) -> bool:
    try:
        return origin_of(url) in allowed
    except ForbiddenHost:
        return False


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _is_loopback(host: str) -> bool:
    return host in _LOOPBACK_NAMES or (_is_ip(host) and ipaddress.ip_address(host).is_loopback)


def host_matches(host: str, pattern: str) -> bool:
    """Whether `host` (host[:port], lower-case) fits `pattern`, read like a CSP host source:
    `*.bitrix24.ru` (some subdomain), `127.0.0.1:*` (any port), or an exact `host[:port]`."""
    pattern = pattern.strip().lower()
    name, _, port = host.partition(":")
    if pattern.endswith(":*"):
        return bool(port) and host_matches(name, pattern[:-2])
    if pattern.startswith("*."):
        return not port and name.endswith(pattern[1:]) and len(name) > len(pattern) - 1
    return host == pattern


def is_plausible_portal_host(host: str, current_host: str) -> bool:
    """A DNS name with two or more valid labels; loopback only when moving from loopback."""
    if _is_loopback(current_host):
        return _is_loopback(host)
    if _is_ip(host):
        return False
    labels = host.split(".")
    return len(labels) >= 2 and all(_LABEL.match(label) for label in labels) and not labels[-1].isdigit()


def moved_client_endpoint(request_url: str, location: str, client_endpoint: str,
                          portal_hosts: Sequence[str] | None = None) -> str:
    """The new REST base after a portal redirect, or ForbiddenHost if the redirect is not followed."""
    target = urljoin(request_url, location)
    current, new = urlsplit(request_url), urlsplit(target)
    new_origin = origin_of(target)
    if new_origin.scheme != current.scheme.lower():
        raise ForbiddenHost("redirect changes the scheme")
    if new.path != current.path or new.fragment:
        raise ForbiddenHost("redirect changes the REST path")
    if not is_plausible_portal_host(new_origin.host, (current.hostname or "").lower()):
        raise ForbiddenHost("redirect target is not a plausible portal host")
    if portal_hosts is not None and not any(host_matches(origin_netloc(new_origin), p) for p in portal_hosts):
        raise ForbiddenHost("redirect target is not one of the portal hosts this app serves")
    return origin_url(new_origin) + urlsplit(client_endpoint).path
