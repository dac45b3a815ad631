"""The user behind an `/api/` XHR: their own PortalClient (so the portal's CRM rights apply to whatever
the page does) and the portal's word on whether they are an administrator.

The tokens are the ones the frame request brought (stored by `placements.views`), refreshed as needed;
the user is the one named in the signed frame token, never one the browser names.
"""
from __future__ import annotations

from flask import Flask, current_app, g

from app.db import get_db
from app.errors import Refused
from bitrix_client import PortalClient
from services.admin_settings import is_portal_admin
from services.portal_clients import user_client
from storage.tokens import load_credentials


def acting_client() -> PortalClient:
    """One client per request, closed when the request ends."""
    if "acting_client" not in g:
        credentials = load_credentials(get_db(), g.portal.member_id, g.user_id)
        if credentials is None:
            raise Refused(401, "user_tokens_missing")
        g.acting_client = user_client(get_db(), current_app.config, credentials)
    return g.acting_client


def require_portal_admin() -> PortalClient:
    """The acting user's client, after the portal confirmed they administer it (`user.admin`)."""
    client = acting_client()
    if not is_portal_admin(client):
        raise Refused(403, "admin_only")
    return client


def close_acting_client(_error: BaseException | None = None) -> None:
    client = g.pop("acting_client", None)
    if client is not None:
        client.close()


def init_app(app: Flask) -> None:
    app.teardown_request(close_acting_client)
