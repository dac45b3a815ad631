"""`POST /install`: the install page Bitrix24 opens in a frame for the admin who installs the app.

Order matters: the request's DOMAIN must be a plausible portal host and its SERVER_ENDPOINT an
allow-listed OAuth server BEFORE anything leaves this process (`app/offers.py`); then `app.info` on that
OAuth server confirms the tokens; only then the portal is stored and our handlers bound. The page
itself binds nothing: it only tells the portal the install is finished (`BX24.installFinish()`).

The same URL may also receive the ONAPPINSTALL event (Bitrix24 posts it to the install handler of
apps configured that way); such a POST is handled exactly like one to `/events`.
"""
from __future__ import annotations

from flask import Blueprint, current_app, g, request

from app.db import get_db
from app.errors import Refused
from app.events import is_event_post, receive_event
from app.i18n import language_of
from app.offers import offer_from_install_page
from app.security import portal_origin
from app.templating import render_frame_page
from bitrix_client import AuthError, ForbiddenHost
from services.install import InstallNotConfirmed, NotAnAdministrator, install_portal

bp = Blueprint("install", __name__)


@bp.post("/install")
def install_page():
    if is_event_post():
        return receive_event()
    g.lang = language_of(request.args.get("LANG"))
    offer = offer_from_install_page()
    g.frame_sources = [portal_origin(offer.domain, request.args.get("PROTOCOL"))]
    try:
        _, report = install_portal(get_db(), current_app.config, offer, bind=True)
    except NotAnAdministrator:
        raise Refused(403, "install_needs_admin") from None
    except (InstallNotConfirmed, AuthError, ForbiddenHost):
        raise Refused(403, "install_not_confirmed") from None
    return render_frame_page("install.html", g.frame_sources, report=report)
