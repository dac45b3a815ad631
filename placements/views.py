"""`POST /app` and `POST /placement/<code>`: the pages the portal opens in its frames.

A frame request is believed only for an installed `member_id` whose stored domain equals `DOMAIN`;
those checks (and the request's SERVER_ENDPOINT / APPLICATION_TOKEN, when sent) cost no outgoing
request. Then the STORED portal is asked who owns `AUTH_ID` (`user.current`) — never a host from the
request; the app page also asks whether that user administers the portal (`user.admin`), to offer its
admin-only parts to administrators only. The page gets a short-lived signed token for its XHRs; the
user's Bitrix24 tokens stay on the server (stored for card-tab work) and never reach the HTML.
"""
from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, current_app, g, request

from app.db import get_db
from app.errors import Refused
from app.i18n import language_of
from app.offers import required, seconds_or_none
from app.security import FrameClaims, issue_frame_token, normalize_host, same_secret
from app.templating import render_frame_page
from bitrix_client import Credentials
from placements.registry import PLACES, Place, card_tab
from services.admin_settings import is_portal_admin
from services.install import PLACEMENT_DEFAULT
from services.portal_clients import UserNotConfirmed, confirm_user, oauth_server, user_client
from storage.portals import Portal, get_portal
from storage.tokens import save_credentials

bp = Blueprint("placements", __name__, template_folder="templates")


@bp.post("/app")
def app_page():
    return open_frame(PLACES[PLACEMENT_DEFAULT])


@bp.post("/placement/<code>")
def card_tab_page(code: str):
    place = card_tab(code)
    if place is None:
        g.lang = language_of(request.args.get("LANG"))
        raise Refused(404, "placement_unknown", code=code)
    return open_frame(place)


def open_frame(place: Place):
    g.lang = language_of(request.args.get("LANG"))
    portal = trusted_portal()
    g.frame_sources = [portal.origin]
    posted = request.form.get("PLACEMENT")
    if posted and posted != place.code:
        raise Refused(400, "placement_mismatch", code=posted)

    form = request.form
    try:
        user, credentials = confirm_user(get_db(), current_app.config, portal, required(form, "AUTH_ID"),
                                         form.get("REFRESH_ID") or None, seconds_or_none(form.get("AUTH_EXPIRES")))
    except UserNotConfirmed:
        raise Refused(403, "user_not_confirmed") from None
    save_credentials(get_db(), credentials)

    claims = FrameClaims(member_id=portal.member_id, user_id=int(credentials.user_id), placement=place.code,
                         entity_id=entity_id_of(form.get("PLACEMENT_OPTIONS")), lang=g.lang)
    token = issue_frame_token(current_app.config["SECRET_KEY"], claims)
    return render_frame_page(place.template, g.frame_sources, place=place, portal=portal, claims=claims,
                             user_name=display_name(user), frame_token=token,
                             is_admin=portal_admin_on_app_page(place, credentials))


def portal_admin_on_app_page(place: Place, credentials: Credentials) -> bool | None:
    """On the app page: whether the portal calls this user an administrator (`user.admin`, their own token).
    Its bulk fill and settings are for administrators only, so a manager's page offers them — and calls
    their endpoints — not at all; the endpoints still check for themselves. Card tabs do not ask (None)."""
    if place.code != PLACEMENT_DEFAULT:
        return None
    with user_client(get_db(), current_app.config, credentials) as client:
        return is_portal_admin(client)


def trusted_portal() -> Portal:
    """The stored portal this frame request names, after every check that needs no outgoing request."""
    form = request.form
    portal = get_portal(get_db(), required(form, "member_id"))
    if portal is None or not portal.is_installed:
        raise Refused(403, "portal_unknown")
    if normalize_host(request.args.get("DOMAIN")) != portal.domain:
        raise Refused(403, "portal_mismatch")
    server_endpoint = form.get("SERVER_ENDPOINT")
    if server_endpoint and not oauth_server(current_app.config).is_allowed(server_endpoint):
        raise Refused(403, "oauth_server_refused", server=server_endpoint)
    application_token = form.get("APPLICATION_TOKEN")
    if application_token and not same_secret(application_token, portal.application_token):
        raise Refused(403, "application_token_mismatch")
    return portal


def entity_id_of(placement_options: str | None) -> str | None:
    """`ID` from PLACEMENT_OPTIONS, a JSON string such as '{"ID":"8061","URI":"…"}'."""
    try:
        options = json.loads(placement_options or "{}")
    except ValueError:
        return None
    value = options.get("ID") if isinstance(options, dict) else None
    return str(value) if value not in (None, "") else None


def display_name(user: dict[str, Any]) -> str:
    parts = [str(user.get(key) or "").strip() for key in ("NAME", "LAST_NAME")]
    return " ".join(part for part in parts if part) or str(user.get("EMAIL") or "—")
