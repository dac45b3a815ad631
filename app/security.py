"""The frame is a trust boundary: portal-host plausibility, constant-time secret compares, signed frame
tokens (itsdangerous) and the framing policy (CSP frame-ancestors, never X-Frame-Options)."""
from __future__ import annotations

import hmac
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from flask import Response
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from bitrix_client.hosts import host_matches

FRAME_TOKEN_HEADER = "X-Poryadok-Token"
FRAME_TOKEN_SALT = "poryadok.frame-token.v1"

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*(?::(?P<port>[0-9]{{1,5}}))?")


def normalize_host(value: str | None) -> str | None:
    """`value` lower-cased if it is a bare host[:port] (no scheme, user, path or odd characters), else None."""
    if not value:
        return None
    host = value.lower()
    match = _HOST.fullmatch(host)
    if not match or (match.group("port") and not 0 < int(match.group("port")) < 65536):
        return None
    return host


def is_plausible_portal_host(value: str | None, patterns: Iterable[str]) -> bool:
    host = normalize_host(value)
    return host is not None and any(host_matches(host, pattern) for pattern in patterns)


def portal_origin(domain: str, protocol: str | None) -> str:
    """The portal's origin from the DOMAIN and PROTOCOL (1 = https, 0 = http) Bitrix24 sends."""
    scheme = "http" if str(protocol).strip() == "0" else "https"
    return f"{scheme}://{domain}"


def same_secret(given: str | None, stored: str | None) -> bool:
    """Constant-time equality of two secrets; a missing one never matches."""
    if not given or not stored:
        return False
    return hmac.compare_digest(given.encode("utf-8"), stored.encode("utf-8"))


# --- signed frame tokens -------------------------------------------------------------------------------

@dataclass(frozen=True)
class FrameClaims:
    """Who a frame page was rendered for; every XHR from the page carries these, signed."""

    member_id: str
    user_id: int
    placement: str
    entity_id: str | None
    lang: str


class FrameTokenError(Exception):
    """The XHR's frame token is missing, forged or too old. `reason` is an i18n message key."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=FRAME_TOKEN_SALT)


def issue_frame_token(secret_key: str, claims: FrameClaims) -> str:
    return _serializer(secret_key).dumps(asdict(claims))


def read_frame_token(secret_key: str, token: str | None, max_age: int) -> FrameClaims:
    if not token:
        raise FrameTokenError("frame_token_missing")
    try:
        data = _serializer(secret_key).loads(token, max_age=max_age)
    except SignatureExpired:
        raise FrameTokenError("frame_token_expired") from None
    except BadSignature:
        raise FrameTokenError("frame_token_invalid") from None
    try:
        return FrameClaims(**data)
    except TypeError:
        raise FrameTokenError("frame_token_invalid") from None


# --- framing policy ------------------------------------------------------------------------------------

def frame_ancestors(sources: Iterable[str]) -> str:
    return "frame-ancestors " + " ".join(["'self'", *sources])


def allow_framing_by(response: Response, sources: Iterable[str]) -> Response:
    """Let only the named portal origins (or host patterns) frame this page."""
    response.headers["Content-Security-Policy"] = frame_ancestors(sources)
    response.headers.pop("X-Frame-Options", None)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
