"""The install flow and the frame POSTs a portal sends to an app (bitrix24-rest.md §1, §8.3).

The portal UI (the "install application" button, card tabs) and the e2e tests both use these:

    begin(portal)                         # an admin opens the app: APPLICATION_TOKEN is minted
    post = install_post(portal)           # …and the install page is POSTed: post.url, post.form
    finish(portal)                        # the page called BX24.installFinish(): INSTALLED, ONAPPINSTALL
    tab = placement_post(portal, 2, "CRM_COMPANY_DETAIL_TAB", {"ID": "7"})   # user 2 opens a card tab
    uninstall(portal)                     # ONAPPUNINSTALL to bound handlers, then all is removed

Every POST carries the tokens of the user who opens the frame (AUTH_ID/REFRESH_ID), so the app acts
with that user's rights; DOMAIN/PROTOCOL/LANG/APP_SID travel in the query string (devportal.frames
builds the POST for the UI and for these helpers alike). Call without holding portal.lock or with it:
each function takes the (re-entrant) lock itself.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from devportal import events
from devportal.frames import KIND_APP, KIND_INSTALL, KIND_TAB, open_frame
from devportal.state import Portal


class NotInstalled(LookupError):
    """The app is not (fully) installed: its pages and placements are not shown yet."""


class NoPlacementHandler(LookupError):
    """Nothing is bound to that placement code."""


@dataclass(frozen=True)
class FramePost:
    """What the portal sends when it opens an app frame: POST `form` to `url` (the query is in it)."""
    url: str
    query: dict[str, str]
    form: dict[str, str]

    @property
    def fields(self) -> dict[str, str]:
        """Query and body together, the way an app reads $_REQUEST."""
        return {**self.query, **self.form}


def _post(portal: Portal, kind: str, user_id: int, handler: str, placement: str, options: dict | None,
          lang: str) -> FramePost:
    frame = open_frame(portal, kind=kind, user_id=user_id, handler_url=handler, placement=placement,
                       options=options, lang=lang)
    form = dict(frame.fields)
    if options is None:
        form.pop("PLACEMENT_OPTIONS", None)     # the app page POST has none (examples/app_page_post_install_form.json)
    return FramePost(frame.action, dict(parse_qsl(urlsplit(frame.action).query)), form)


def with_uri(placement: str, options: dict) -> dict:
    """Bitrix24 adds the opening page's URI to PLACEMENT_OPTIONS (RU widgets/_includes/widget_data.md)."""
    if "URI" in options:
        return options
    entity = placement.removeprefix("CRM_").split("_")[0].lower()
    if "ID" in options and placement.startswith("CRM_"):
        entity_id = options["ID"]
        return {**options, "URI": f"/crm/{entity}/details/{entity_id}/?any=details%2F{entity_id}%2F"
                                  f"&IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER"}
    return {**options, "URI": "/crm/"}


def begin(portal: Portal, user_id: int = 1) -> None:
    """An administrator starts the install: the app gets its APPLICATION_TOKEN (kept across re-opens)."""
    with portal.lock:
        if not portal.user(user_id).is_admin:
            raise PermissionError("only a portal administrator can install applications")
        if not portal.app.application_token:
            portal.app.application_token = secrets.token_hex(16)
        portal.app.installed_by = user_id


def install_post(portal: Portal, user_id: int = 1, lang: str = "ru") -> FramePost:
    """`begin` plus the install page POST carrying the admin's tokens (examples/app_page_post_install_form.json)."""
    with portal.lock:
        begin(portal, user_id)
        return _post(portal, KIND_INSTALL, user_id, portal.app.install_url, "DEFAULT", None, lang)


def finish(portal: Portal) -> bool:
    """BX24.installFinish(): INSTALLED becomes true and ONAPPINSTALL goes to the install handler URL.

    False when there was nothing to finish (already installed, or the install never began)."""
    with portal.lock:
        app = portal.app
        if app.installed or not app.application_token:
            return False
        app.installed = True
        data = {"VERSION": str(app.version), "ACTIVE": "Y", "INSTALLED": "Y", "LANGUAGE_ID": "ru"}
        portal.sender.post(app.install_url, events.app_event_payload(portal, "ONAPPINSTALL", data, with_tokens=True))
        return True


def uninstall(portal: Portal, clean: bool = True) -> None:
    """ONAPPUNINSTALL (no tokens) to bound handlers; then handlers, placements and tokens are gone."""
    with portal.lock:
        app = portal.app
        if app.application_token:
            data = {"LANGUAGE_ID": "ru", "CLEAN": 1 if clean else 0}
            payload = events.app_event_payload(portal, "ONAPPUNINSTALL", data, with_tokens=False)
            for handler in [h for h in portal.handlers if h["event"] == "ONAPPUNINSTALL" and not h["offline"]]:
                portal.sender.post(handler["handler"], payload)
        portal.handlers.clear()
        portal.placements.clear()
        portal.revoke_app_tokens()
        app.installed = False
        app.application_token = ""


def app_page_post(portal: Portal, user_id: int, lang: str = "ru") -> FramePost:
    """The app's own page (PLACEMENT=DEFAULT). Before installFinish admins get the install page instead."""
    with portal.lock:
        if not portal.app.installed:
            if portal.user(user_id).is_admin:
                return install_post(portal, user_id, lang)
            raise NotInstalled("the application is not fully installed yet")
        return _post(portal, KIND_APP, user_id, portal.app.handler_url, "DEFAULT", None, lang)


def placement_post(portal: Portal, user_id: int, placement: str, options: dict | None = None,
                   handler: str | None = None, lang: str = "ru") -> FramePost:
    """A placement (card tab, …) opened by `user_id`; `options` become PLACEMENT_OPTIONS."""
    with portal.lock:
        bound = [p for p in bound_placements(portal, placement, user_id) if handler in (None, p["handler"])]
        if not portal.app.installed:
            raise NotInstalled("placements are shown only after installFinish")
        if not bound:
            raise NoPlacementHandler(f"no handler is bound to {placement}")
        return _post(portal, KIND_TAB, user_id, bound[0]["handler"], placement,
                     with_uri(placement, dict(options or {})), lang)


def bound_placements(portal: Portal, placement: str, user_id: int) -> list[dict]:
    """Handlers `user_id` sees for a placement code — none before installFinish (§8.1)."""
    with portal.lock:
        if not portal.app.installed:
            return []
        return [dict(p) for p in portal.placements if p["placement"] == placement and p["userId"] in (0, user_id)]
