"""What an install page, a frame page or an install event offers, read and host-checked.

Every check here costs no outgoing request: the portal DOMAIN must be a plausible portal host and the
SERVER_ENDPOINT an allow-listed OAuth server before anything may leave the process.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, request

from app.errors import Refused
from app.security import is_plausible_portal_host, normalize_host, portal_origin
from services.install import InstallOffer
from services.portal_clients import oauth_server


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
