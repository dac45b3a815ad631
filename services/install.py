"""Install, update and uninstall: verify the install tokens, store the portal, bind our handlers.

Everything a portal must know about us is declared here once: the card tabs (titles in Russian and
English) and the events we subscribe to. Binding is idempotent — it reads what is bound, binds only
what is missing, and treats "handler already exists" as success — because Bitrix24 drops handlers on
every app update and the install page may be opened more than once.
"""
from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from bitrix_client import AccessDenied, ApiError, BatchError, OAuthServer, PaymentRequired, PortalClient
from services.portal_clients import app_credentials, oauth_server, unstored_client
from storage.portals import Installation, Portal, mark_uninstalled, save_installation
from storage.settings import delete_settings

PLACEMENT_DEFAULT = "DEFAULT"  # the app's own page; Bitrix24 sends it, it cannot be bound
PLACEMENT_COMPANY_TAB = "CRM_COMPANY_DETAIL_TAB"
PLACEMENT_CONTACT_TAB = "CRM_CONTACT_DETAIL_TAB"
PLACEMENT_LEAD_TAB = "CRM_LEAD_DETAIL_TAB"

EVENT_APP_INSTALL = "ONAPPINSTALL"
EVENT_APP_UPDATE = "ONAPPUPDATE"
EVENT_APP_UNINSTALL = "ONAPPUNINSTALL"
EVENT_LEAD_ADD = "ONCRMLEADADD"

# Card tabs we bind, with the titles the portal shows on the tab.
CARD_TABS: dict[str, dict[str, str]] = {
    PLACEMENT_COMPANY_TAB: {"ru": "Порядок: реквизиты и дубли", "en": "Poryadok: requisites and duplicates"},
    PLACEMENT_CONTACT_TAB: {"ru": "Порядок: реквизиты и дубли", "en": "Poryadok: requisites and duplicates"},
    PLACEMENT_LEAD_TAB: {"ru": "Порядок: дубли", "en": "Poryadok: duplicates"},
}
BOUND_EVENTS: tuple[str, ...] = (EVENT_LEAD_ADD, EVENT_APP_UNINSTALL, EVENT_APP_UPDATE)

# event.bind answers a duplicate with ERROR_HANDLER_ALREADY_EXIST (documented). For placement.bind the docs
# name no such code (UNVERIFIED): a duplicate is recognised by the word "already" in the description.
ALREADY_BOUND_CODES = frozenset({"ERROR_HANDLER_ALREADY_EXIST"})


def is_already_bound(error: ApiError) -> bool:
    return str(error.code).upper() in ALREADY_BOUND_CODES or "already" in str(error.description).lower()


class InstallNotConfirmed(Exception):
    """The OAuth server did not vouch for the offered tokens as this app's tokens for this portal."""


class NotAnAdministrator(InstallNotConfirmed):
    """The tokens are this app's, but the portal refused them an administrator-only call."""


@dataclass(frozen=True)
class InstallOffer:
    """Install data as a request presents it, before anything is verified or stored."""

    member_id: str
    domain: str  # host[:port], already checked to be a plausible portal host
    client_endpoint: str
    server_endpoint: str
    access_token: str = field(repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    expires_in: float | None = None
    application_token: str | None = field(default=None, repr=False)
    scope: str | None = None


@dataclass(frozen=True)
class BindReport:
    bound: tuple[str, ...]  # what this run bound ("placement_CRM_LEAD_DETAIL_TAB", "event_ONAPPUPDATE")
    already: tuple[str, ...]  # what was bound before

    def summary(self) -> str:
        return f"bound {len(self.bound)}, already bound {len(self.already)}"


def handler_urls(public_url: str) -> tuple[dict[str, str], str]:
    """(placement code -> tab handler URL, events handler URL) under the app's public base URL."""
    base = public_url.rstrip("/")
    return {code: f"{base}/placement/{code}" for code in CARD_TABS}, f"{base}/events"


# --- verification and storage ---------------------------------------------------------------------------

def confirm_installation(oauth: OAuthServer, offer: InstallOffer, client_id: str) -> Installation:
    """Ask the (allow-listed) OAuth server whose tokens these are; refuse unless they are ours, for this portal.

    `app.info` on the OAuth server answers `{client_id, install: {member_id, domain, client_endpoint, …},
    user_id, …}` (shape as the official b24pysdk parses it). member_id and client_id must be reported and
    equal; the domain must be equal when reported. `install.installed` is false until the install page
    has called installFinish, so it is not checked.
    """
    info = oauth.app_info(offer.server_endpoint, offer.access_token)
    info = info.get("result", info) if isinstance(info, Mapping) else {}
    install = info.get("install") if isinstance(info.get("install"), Mapping) else {}
    if str(install.get("member_id") or "") != offer.member_id:
        raise InstallNotConfirmed("app.info names another portal")
    if str(install.get("domain") or offer.domain).lower() != offer.domain:
        raise InstallNotConfirmed("app.info names another domain")
    if info.get("client_id") != client_id:
        raise InstallNotConfirmed("the tokens belong to another application")
    return Installation(
        member_id=offer.member_id,
        domain=offer.domain,
        client_endpoint=_confirmed_client_endpoint(offer, install.get("client_endpoint")),
        server_endpoint=offer.server_endpoint,
        access_token=offer.access_token,
        refresh_token=offer.refresh_token,
        expires_at=time.time() + float(offer.expires_in) if offer.expires_in else None,
        application_token=offer.application_token,
        scope=offer.scope,
        installer_user_id=_int_or_none(info.get("user_id")),
    )


def _confirmed_client_endpoint(offer: InstallOffer, reported: Any) -> str:
    """The OAuth server's client_endpoint when it names the same portal host, else the offered one."""
    if isinstance(reported, str) and urlsplit(reported).netloc.lower() == offer.domain:
        return reported
    return offer.client_endpoint


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def install_portal(db: sqlite_utils.Database, config: Mapping[str, Any], offer: InstallOffer,
                   *, bind: bool, session=None) -> tuple[Portal, BindReport | None]:
    """Confirm → prove admin rights (or bind) → store. Nothing is stored before both checks passed.

    The OAuth server only proves the tokens are this app's on this portal; any portal user who opens
    the app gets such tokens. Stored app tokens and the application_token must come from an
    administrator, so the tokens must also pass an admin-only call on the portal: binding our handlers
    (install page) or reading them (`placement.get`, for install events whose binding runs in the worker).
    """
    oauth = oauth_server(config, session=session)
    installation = confirm_installation(oauth, offer, config["CLIENT_ID"])
    client = unstored_client(db, config, app_credentials(installation), oauth=oauth, session=session)
    try:
        report = bind_handlers(client, config["PUBLIC_URL"]) if bind else None
        if not bind:
            client.call("placement.get")
    except (AccessDenied, BatchError) as error:
        if _is_access_denied(error):
            raise NotAnAdministrator("the portal refused an administrator-only call") from error
        raise
    renewed = client.credentials
    portal = save_installation(db, replace(installation, access_token=renewed.access_token,
                                           refresh_token=renewed.refresh_token, expires_at=renewed.expires_at))
    return portal, report


def _is_access_denied(error: Exception) -> bool:
    """A rights refusal; an unpaid subscription (also AccessDenied) keeps its own message."""
    causes = error.errors.values() if isinstance(error, BatchError) else [error]
    return any(isinstance(cause, AccessDenied) and not isinstance(cause, PaymentRequired) for cause in causes)


def uninstall_portal(db: sqlite_utils.Database, member_id: str, *, clean: bool) -> None:
    """The portal removed the app: forget its tokens; drop its settings too if the admin asked to."""
    mark_uninstalled(db, member_id)
    if clean:
        delete_settings(db, member_id)


# --- binding ---------------------------------------------------------------------------------------------

def bind_handlers(client: PortalClient, public_url: str) -> BindReport:
    """Make sure our card tabs and events are bound to this app's current handler URLs."""
    tab_urls, events_url = handler_urls(public_url)
    current = client.batch({"placements": ("placement.get", {}), "events": ("event.get", {})})
    bound_tabs = {(item.get("placement"), item.get("handler")) for item in current["placements"] or []}
    bound_events = {(str(item.get("event", "")).upper(), item.get("handler")) for item in current["events"] or []}

    commands: dict[str, tuple[str, dict[str, Any]]] = {}
    already: list[str] = []
    for code, url in tab_urls.items():
        if (code, url) in bound_tabs:
            already.append(f"placement_{code}")
        else:
            commands[f"placement_{code}"] = ("placement.bind", _placement_params(code, url))
    for event in BOUND_EVENTS:
        if (event, events_url) in bound_events:
            already.append(f"event_{event}")
        else:
            commands[f"event_{event}"] = ("event.bind", {"event": event, "handler": events_url})
    if not commands:
        return BindReport(bound=(), already=tuple(already))
    try:
        client.batch(commands)
    except BatchError as error:
        # Bound in between (a second install page, an ONAPPUPDATE racing the page): that is success.
        real = {key: err for key, err in error.errors.items() if not is_already_bound(err)}
        if real:
            raise
        already += list(error.errors)
    bound = tuple(key for key in commands if key not in already)
    return BindReport(bound=bound, already=tuple(already))


def _placement_params(code: str, url: str) -> dict[str, Any]:
    titles = CARD_TABS[code]
    return {
        "PLACEMENT": code,
        "HANDLER": url,
        "TITLE": titles["ru"],
        "LANG_ALL": {lang: {"TITLE": title} for lang, title in titles.items()},
    }
