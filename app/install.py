"""`POST /install`: the install page Bitrix24 opens in a frame for the admin who installs the app.

Order matters: the request's DOMAIN must be a plausible portal host and its SERVER_ENDPOINT an
allow-listed OAuth server BEFORE anything leaves this process; then `app.info` on that OAuth server
confirms the tokens; only then the portal is stored and our handlers bound. The page itself binds
nothing: it only tells the portal the install is finished (`BX24.installFinish()`).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, current_app, g, request

from app.db import get_db
from app.errors import Refused
from app.i18n import language_of
from app.security import is_plausible_portal_host, normalize_host, portal_origin
from app.templating import render_frame_page
from bitrix_client import AuthError, ForbiddenHost
from services.install import InstallNotConfirmed, InstallOffer, install_portal
from services.portal_clients import oauth_server

bp = Blueprint("install", __name__)


def required(source: Mapping[str, Any], name: str) -> str:
    value = source.get(name)
    if value in (None, ""):
        raise Refused(400, "missing_field", field=name)
    return str(value)


def checked_portal_host(value: str, refusal_status: int) -> str:
    host = normalize_host(value)
    if host is None or not is_plausible_portal_host(host, current_app.config["PORTAL_HOSTS"]):
        raise Refused(refusal_status, "portal_host_refused", host=value)
    return host


def checked_server_endpoint(value: str, refusal_status: int) -> str:
    if not oauth_server(current_app.config).is_allowed(value):
        raise Refused(refusal_status, "oauth_server_refused", server=value)
    return value


def offer_from_install_page() -> InstallOffer:
    """Install data from the page POST: DOMAIN/PROTOCOL in the query string, tokens only from the body."""
    form = request.form
    domain = checked_portal_host(required(request.args, "DOMAIN"), 403)
    server_endpoint = checked_server_endpoint(required(form, "SERVER_ENDPOINT"), 403)
    return InstallOffer(
        member_id=required(form, "member_id"),
        domain=domain,
        client_endpoint=portal_origin(domain, request.args.get("PROTOCOL")) + "/rest/",
        server_endpoint=server_endpoint,
        access_token=required(form, "AUTH_ID"),
        refresh_token=form.get("REFRESH_ID") or None,
        expires_in=seconds_or_none(form.get("AUTH_EXPIRES")),
        application_token=form.get("APPLICATION_TOKEN") or None,
        scope=form.get("APPLICATION_SCOPE") or None,
    )


def offer_from_event(auth: Mapping[str, Any], refusal_status: int) -> InstallOffer:
    """Install data from an ONAPPINSTALL/ONAPPUPDATE `auth` block; its client_endpoint must be on its domain."""
    domain = checked_portal_host(required(auth, "domain"), refusal_status)
    client_endpoint = required(auth, "client_endpoint")
    parts = urlsplit(client_endpoint)
    if parts.scheme not in {"http", "https"} or normalize_host(parts.netloc) != domain:
        raise Refused(refusal_status, "portal_host_refused", host=client_endpoint)
    return InstallOffer(
        member_id=required(auth, "member_id"),
        domain=domain,
        client_endpoint=client_endpoint,
        server_endpoint=checked_server_endpoint(required(auth, "server_endpoint"), refusal_status),
        access_token=required(auth, "access_token"),
        refresh_token=auth.get("refresh_token") or None,
        expires_in=seconds_or_none(auth.get("expires_in")),
        application_token=auth.get("application_token") or None,
        scope=auth.get("scope") or None,
    )


def seconds_or_none(value: Any) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


@bp.post("/install")
def install_page():
    g.lang = language_of(request.args.get("LANG"))
    offer = offer_from_install_page()
    g.frame_sources = [portal_origin(offer.domain, request.args.get("PROTOCOL"))]
    try:
        _, report = install_portal(get_db(), current_app.config, offer, bind=True)
    except (InstallNotConfirmed, AuthError, ForbiddenHost):
        raise Refused(403, "install_not_confirmed") from None
    return render_frame_page("install.html", g.frame_sources, report=report)
