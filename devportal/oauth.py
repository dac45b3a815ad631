"""The OAuth server part: `/oauth/token/` (refresh_token, authorization_code) and `/oauth/authorize/`.

devportal is portal and OAuth server at once, so `server_endpoint` and `client_endpoint` are both
`<base>/rest/` and `domain` in the token answer is devportal's own host (on the real cloud it is the
OAuth host, e.g. oauth.bitrix24.tech — bitrix24-rest.md §2.2). The answer has exactly the keys of
examples/oauth_refresh_response_ru.json. Refresh tokens are one-shot: a second use is `invalid_grant`.
"""
from __future__ import annotations

import hmac
from urllib.parse import urlencode

from flask import Blueprint, Response, redirect, request

from devportal.rest.dispatch import json_response
from devportal.state import Portal, TokenPair, current_portal

bp = Blueprint("oauth", __name__)
UI_USER_COOKIE = "devportal_user"     # the portal UI's "current user" (switchable); admin when absent


def token_answer(portal: Portal, pair: TokenPair) -> dict:
    o, app = portal.options, portal.app
    return {"access_token": pair.access_token, "client_endpoint": o.rest_url, "domain": o.domain,
            "expires": pair.expires_at, "expires_in": o.token_lifetime, "member_id": o.member_id,
            "refresh_token": pair.refresh_token, "scope": app.scope, "server_endpoint": o.rest_url,
            "status": app.status, "user_id": pair.user_id}


def _error(code: str, description: str, status: int) -> Response:
    return json_response({"error": code, "error_description": description}, status)


@bp.route("/oauth/token/", methods=["GET", "POST"])
def token() -> Response:
    portal, values = current_portal(), request.values
    with portal.lock:
        app = portal.app
        secret_ok = hmac.compare_digest(str(values.get("client_secret", "")).encode(), app.client_secret.encode())
        if values.get("client_id") != app.client_id or not secret_ok:
            return _error("invalid_client", "Invalid client credentials", 401)
        if not app.application_token:
            return _error("invalid_client", "Application is not installed on this portal", 401)
        if portal.options.payment_required:       # examples/oauth_error_payment_required.json; 402 UNVERIFIED
            return _error("PAYMENT_REQUIRED", "Payment required", 402)
        grant = values.get("grant_type")
        if grant == "refresh_token":
            pair = portal.rotate(str(values.get("refresh_token", "")))
        elif grant == "authorization_code":
            pair = portal.redeem_auth_code(str(values.get("code", "")))
        else:
            return _error("invalid_request", "Unsupported grant_type", 400)
        if pair is None:
            return _error("invalid_grant", "Invalid grant", 400)
        return json_response(token_answer(portal, pair))


@bp.route("/oauth/authorize/", methods=["GET"])
def authorize() -> Response:
    """Full OAuth: back to the app page with a 30-second code (RU settings/oauth/index.md)."""
    portal = current_portal()
    with portal.lock:
        app = portal.app
        if request.args.get("client_id") != app.client_id or not app.installed:
            return _error("invalid_client", "Application is not installed on this portal", 400)
        user_id = int(request.cookies.get(UI_USER_COOKIE, "1") or 1)
        code = portal.issue_auth_code(user_id if user_id in portal.users else 1)
        query = {"code": code, "state": request.args.get("state", ""), "domain": portal.options.domain,
                 "member_id": portal.options.member_id, "scope": app.scope,
                 "server_domain": portal.options.domain}
        return redirect(f"{app.handler_url}?{urlencode(query)}", 302)
