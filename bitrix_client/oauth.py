"""The Bitrix24 OAuth server: token refresh and `app.info`, only on allow-listed hosts.

The OAuth host comes from `server_endpoint`, which arrives in install/placement/event payloads —
i.e. from the outside. So before anything is sent, its origin must equal one on the allow-list
(see `hosts.py`); otherwise `ForbiddenHost` is raised and no request leaves the process.
`client_secret` is only ever sent to such a host.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import requests

from bitrix_client.credentials import Credentials
from bitrix_client.errors import ApiError, AuthError, ForbiddenHost, error_from_envelope, is_error_envelope
from bitrix_client.hosts import BITRIX24_OAUTH_SERVERS, Origin, is_allowed_origin, origin_of, origin_url
from bitrix_client.transport import decode_json, send

log = logging.getLogger(__name__)


class OAuthServer:
    """Talks to the allow-listed Bitrix24 OAuth servers on behalf of one app (client_id/secret)."""

    def __init__(self, client_id: str, client_secret: str,
                 allowed_servers: Sequence[str] = BITRIX24_OAUTH_SERVERS,
                 session: requests.Session | None = None, timeout: float | tuple[float, float] = (5, 20),
                 clock=time.time):
        self.client_id = client_id
        self._client_secret = client_secret
        self._allowed: tuple[Origin, ...] = tuple(origin_of(url) for url in allowed_servers)
        self._owns_session = session is None
        self.session = session or requests.Session()
        self.timeout = timeout
        self._clock = clock

    def __repr__(self) -> str:
        return f"OAuthServer(client_id={self.client_id!r}, allowed={[origin_url(o) for o in self._allowed]})"

    def close(self) -> None:
        if self._owns_session:
            self.session.close()

    def is_allowed(self, server_endpoint: str) -> bool:
        """True only if `server_endpoint`'s scheme, host and port equal an allow-listed server's."""
        return is_allowed_origin(server_endpoint, self._allowed)

    def _base(self, server_endpoint: str) -> str:
        if not self.is_allowed(server_endpoint):
            raise ForbiddenHost("OAuth server is not on the allow-list")
        return origin_url(origin_of(server_endpoint))

    def refresh(self, credentials: Credentials) -> Credentials:
        """Trade the refresh token for a new pair (`grant_type=refresh_token`, GET as documented)."""
        base = self._base(credentials.server_endpoint)
        if not credentials.refresh_token:
            raise AuthError("NO_REFRESH_TOKEN", "no refresh token stored for these credentials", None)
        params = {"grant_type": "refresh_token", "client_id": self.client_id,
                  "client_secret": self._client_secret, "refresh_token": credentials.refresh_token}
        log.info("oauth refresh for member %s", credentials.member_id)
        payload = self._get(f"{base}/oauth/token/", params, credentials)
        return self.credentials_from_token_response(payload, credentials)

    def app_info(self, server_endpoint: str, access_token: str) -> dict[str, Any]:
        """`app.info` on the OAuth server: proves `access_token` is real before it is trusted."""
        base = self._base(server_endpoint)
        payload = self._get(f"{base}/rest/app.info", {"auth": access_token}, None, secrets=(access_token,))
        result = payload.get("result")
        if not isinstance(result, dict):
            raise ApiError("INVALID_RESPONSE", "app.info returned no result", 200)
        return result

    def credentials_from_token_response(self, payload: dict[str, Any], old: Credentials) -> Credentials:
        """Rotated Credentials from a token response; `domain` there is the OAuth host, not the portal."""
        member_id = payload.get("member_id")
        if member_id and member_id != old.member_id:
            raise AuthError("MEMBER_MISMATCH", "token response is for another portal", None)
        access, refresh = payload.get("access_token"), payload.get("refresh_token")
        if not access or not refresh:
            raise ApiError("INVALID_RESPONSE", "token response without tokens", 200)
        expires = payload.get("expires")
        if expires is None and payload.get("expires_in") is not None:
            expires = self._clock() + float(payload["expires_in"])
        client_endpoint = payload.get("client_endpoint") or old.client_endpoint
        server_endpoint = payload.get("server_endpoint") or old.server_endpoint
        return replace(
            old, access_token=str(access), refresh_token=str(refresh),
            expires_at=float(expires) if expires is not None else None,
            client_endpoint=client_endpoint if _is_http_url(client_endpoint) else old.client_endpoint,
            server_endpoint=server_endpoint if self.is_allowed(server_endpoint) else old.server_endpoint,
        )

    def _get(self, url: str, params: dict[str, str], credentials: Credentials | None,
             secrets: tuple[str, ...] = ()) -> dict[str, Any]:
        secrets = (*secrets, self._client_secret, *(
            (credentials.access_token, credentials.refresh_token or "") if credentials else ()))
        response = send(self.session, "GET", url, timeout=self.timeout, params=params)
        payload = decode_json(response)
        if is_error_envelope(payload, response.status_code) or not isinstance(payload, dict):
            error = error_from_envelope(payload, response.status_code, secrets=secrets)
            log.warning("oauth server answered %s (%s)", error.code, response.status_code)
            raise error
        return payload


def _is_http_url(url: Any) -> bool:
    try:
        origin_of(str(url))
    except ForbiddenHost:
        return False
    return True
