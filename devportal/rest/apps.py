"""app.info, user.current/get/admin, placement.*, event.* and the offline queue (§1.5, §8, §9, §12)."""
from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from devportal import clock, errors
from devportal.errors import RestError
from devportal.events import KNOWN_EVENTS
from devportal.php import as_list, php_array
from devportal.rest.registry import Call, Listing, method
from devportal.state import User

PLACEMENTS = frozenset(
    [f"CRM_{t}_{p}" for t in ("LEAD", "DEAL", "CONTACT", "COMPANY", "QUOTE", "SMART_INVOICE")
     for p in ("DETAIL_TAB", "DETAIL_TOOLBAR", "LIST_MENU", "LIST_TOOLBAR", "DETAIL_ACTIVITY")]
    + ["CRM_ACTIVITY_LIST_MENU", "CRM_ANALYTICS_MENU", "CRM_ANALYTICS_TOOLBAR", "CRM_DETAIL_SEARCH",
       "CRM_REQUISITE_AUTOCOMPLETE", "CRM_BANK_DETAIL_AUTOCOMPLETE", "REST_APP_URI", "PAGE_BACKGROUND_WORKER",
       "LEFT_MENU", "USER_PROFILE_MENU", "USER_PROFILE_TOOLBAR"])
SINGLE_HANDLER_PLACEMENTS = frozenset({"REST_APP_URI", "PAGE_BACKGROUND_WORKER"})


def _require_admin(call: Call) -> None:
    if not call.user.is_admin:
        raise errors.admin_rights_required()


def _check_handler(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme and parts.scheme not in ("http", "https"):
        raise RestError("ERROR_UNSUPPORTED_PROTOCOL", "Unsupported protocol", 400)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RestError("ERROR_WRONG_HANDLER_URL", "Wrong handler URL", 400)


# -- app and users -------------------------------------------------------------------------------
@method("app.info", scope=None)
def app_info(call: Call) -> dict:
    """The portal's app.info keys plus the OAuth server's (client_id, install{…}): devportal plays both,
    on the same /rest/ path (server_endpoint = client_endpoint). OAuth-server keys as PYSDK parses them."""
    if call.caller.kind != "oauth":
        raise RestError("ACCESS_DENIED", "Access denied! Application context required", 400)
    portal, app = call.portal, call.portal.app
    install = {"installed": app.installed, "version": app.version, "status": app.status, "scope": app.scope,
               "domain": portal.options.domain, "uri": portal.options.base_url,
               "client_endpoint": portal.options.rest_url, "member_id": portal.options.member_id,
               "member_type": "PORTAL"}
    return {"ID": 1, "CODE": app.code, "VERSION": app.version, "STATUS": app.status, "INSTALLED": app.installed,
            "PAYMENT_EXPIRED": "Y" if portal.options.payment_required else "N",
            "DAYS": -1 if portal.options.payment_required else None, "LANGUAGE_ID": "ru", "LICENSE": "ru_project",
            "LICENSE_TYPE": "project", "LICENSE_FAMILY": "project",
            "client_id": app.client_id, "scope": app.scope, "expires": clock.iso(call.caller.token_expires),
            "install": install, "user_id": call.caller.user_id}


def user_record(user: User) -> dict:
    """user.current fields as in examples/batch_response.json (get_user)."""
    return {"ID": str(user.id), "ACTIVE": True, "NAME": user.name, "LAST_NAME": user.last_name, "EMAIL": user.email,
            "LAST_LOGIN": clock.iso(), "DATE_REGISTER": "2023-08-24T03:00:00+03:00", "IS_ONLINE": "Y",
            "TIMESTAMP_X": "24.08.2023 13:19:39", "LAST_ACTIVITY_DATE": clock.iso().replace("T", " ")[:19],
            "PERSONAL_GENDER": "", "PERSONAL_BIRTHDAY": "", "UF_EMPLOYMENT_DATE": "", "UF_DEPARTMENT": [1]}


@method("user.current", scope="user")
def user_current(call: Call) -> dict:
    return user_record(call.user)


@method("user.get", scope="user")
def user_get(call: Call) -> list[dict]:
    filter_ = call.param("filter") if isinstance(call.param("filter"), dict) else {}
    wanted = call.param("ID") or filter_.get("ID") or filter_.get("id")
    ids = {str(i) for i in as_list(wanted)}
    return [user_record(u) for u in call.portal.users.values() if not ids or str(u.id) in ids]


@method("department.get", scope="department")
def department_get(call: Call) -> Listing:
    """One department, "DEMO", that every user belongs to (UF_DEPARTMENT [1])."""
    wanted = call.param("ID")
    departments = [{"ID": "1", "NAME": "DEMO", "SORT": 500, "UF_HEAD": "1"}]
    rows = [d for d in departments if wanted in (None, "") or str(wanted) == d["ID"]]
    return Listing(rows, total=len(rows))


@method("user.admin", scope=None)
def user_admin(call: Call) -> bool:
    return call.user.is_admin


@method("im.notify.system.add", scope="im")
def notify(call: Call) -> int:
    """A system notification to USER_ID (§10); a new one with the same TAG replaces the older ones."""
    user_id = str(call.param("USER_ID") or "")
    message = str(call.param("MESSAGE") or "").strip()
    if not user_id.isdigit() or int(user_id) not in call.portal.users:
        raise RestError("USER_ID_EMPTY", "Recipient user not specified", 400)              # UNVERIFIED code
    if not message:
        raise RestError("MESSAGE_EMPTY", "Message can't be empty", 400)                     # UNVERIFIED code
    tag = str(call.param("TAG") or "")
    notes = call.portal.notifications
    notes[:] = [n for n in notes if not tag or n["TAG"] != tag or n["USER_ID"] != int(user_id)]
    note_id = max((n["ID"] for n in notes), default=0) + 1
    notes.append({"ID": note_id, "USER_ID": int(user_id), "MESSAGE": message, "TAG": tag,
                  "FROM": call.caller.client_id or "webhook", "DATE": clock.iso()})
    return note_id


# -- placements ----------------------------------------------------------------------------------
@method("placement.bind", scope="placement", app_only=True)
def placement_bind(call: Call) -> bool:
    _require_admin(call)
    code = str(call.param("PLACEMENT") or "").strip().upper()
    handler = str(call.param("HANDLER") or "").strip()
    if not code:
        raise errors.argument("PLACEMENT")
    if not handler:
        raise errors.argument("HANDLER")
    if code not in PLACEMENTS:
        raise RestError("ERROR_PLACEMENT_NOT_FOUND", "Placement not found", 400)
    _check_handler(handler)
    user_id = int(call.param("USER_ID") or 0)
    placements = call.portal.placements
    if any(p["placement"] == code and p["handler"] == handler and p["userId"] == user_id for p in placements):
        # UNVERIFIED wording; a duplicate is refused rather than silently accepted (the stricter reading)
        raise RestError("ERROR_CORE", "Unable to set placement handler: Handler already binded", 400)
    if code in SINGLE_HANDLER_PLACEMENTS and any(p["placement"] == code for p in placements):
        raise RestError("ERROR_PLACEMENT_MAX_COUNT", "Placement max count exceeded", 400)
    placements.append({"id": call.portal.next_binding_id(), "placement": code, "userId": user_id,
                       "handler": handler, "options": call.param("OPTIONS") or {},
                       "title": str(call.param("TITLE") or ""), "description": str(call.param("DESCRIPTION") or ""),
                       "groupName": str(call.param("GROUP_NAME") or ""), "langAll": call.param("LANG_ALL") or {}})
    return True


@method("placement.unbind", scope="placement", app_only=True)
def placement_unbind(call: Call) -> dict:
    _require_admin(call)
    code = str(call.param("PLACEMENT") or "").strip().upper()
    if not code:
        raise errors.argument("PLACEMENT")
    handler = str(call.param("HANDLER") or "").strip()
    user_id = call.param("USER_ID")
    doomed = [p for p in call.portal.placements if p["placement"] == code and (not handler or p["handler"] == handler)
              and (user_id in (None, "") or p["userId"] == int(user_id))]
    for placement in doomed:
        call.portal.placements.remove(placement)
    return {"count": len(doomed)}


@method("placement.get", scope="placement", app_only=True)
def placement_get(call: Call) -> list[dict]:
    _require_admin(call)
    return [{"placement": p["placement"], "userId": p["userId"], "handler": p["handler"],
             "options": php_array(p["options"]) if isinstance(p["options"], dict) else p["options"],
             "title": p["title"], "description": p["description"],
             "langAll": php_array(p["langAll"]) if isinstance(p["langAll"], dict) else p["langAll"]}
            for p in call.portal.placements]


@method("placement.list", scope="placement", app_only=True)
def placement_list(call: Call) -> list[str]:
    return sorted(PLACEMENTS)


# -- events --------------------------------------------------------------------------------------
@method("events", scope=None)
def events_list(call: Call) -> list[str]:
    return sorted(KNOWN_EVENTS)


def _event_args(call: Call) -> tuple[str, str, str, int]:
    event = str(call.param("event") or call.param("EVENT") or "").strip().upper()
    handler = str(call.param("handler") or "").strip()
    auth_type = str(call.param("auth_type") or "0").strip() or "0"
    offline = 1 if str(call.param("event_type") or "online").lower() == "offline" else 0
    return event, handler, auth_type, offline


@method("event.bind", scope=None, app_only=True)
def event_bind(call: Call) -> bool:
    event, handler, auth_type, offline = _event_args(call)
    if event not in KNOWN_EVENTS:
        raise RestError("ERROR_EVENT_NOT_FOUND", "Event not found", 400)
    if not offline:
        _check_handler(handler)
    if not call.user.is_admin and (offline or auth_type not in ("0", str(call.user.id))):
        raise errors.admin_rights_required()
    handlers = call.portal.handlers
    if any((h["event"], h["handler"], h["auth_type"], h["offline"]) == (event, handler, auth_type, offline)
           for h in handlers):
        raise RestError("ERROR_HANDLER_ALREADY_EXIST", "Handler already exists!", 400)
    handlers.append({"id": call.portal.next_binding_id(), "event": event, "handler": handler if not offline else "",
                     "auth_type": auth_type, "offline": offline,
                     "auth_connector": str(call.param("auth_connector") or ""), "options": call.param("options")})
    return True


@method("event.unbind", scope=None, app_only=True)
def event_unbind(call: Call) -> dict:
    event, handler, auth_type, offline = _event_args(call)
    explicit_auth = call.param("auth_type") not in (None, "")
    doomed = [h for h in call.portal.handlers if h["event"] == event and h["offline"] == offline
              and (offline or h["handler"] == handler) and (not explicit_auth or h["auth_type"] == auth_type)]
    for handler_row in doomed:
        call.portal.handlers.remove(handler_row)
    return {"count": len(doomed)}


@method("event.get", scope=None, app_only=True)
def event_get(call: Call) -> list[dict]:
    return [{"event": h["event"], "handler": h["handler"], "auth_type": h["auth_type"], "offline": h["offline"]}
            for h in call.portal.handlers]


@method("event.offline.get", scope=None, app_only=True)
def event_offline_get(call: Call) -> dict:
    """Admin only; `clear=1` (default) removes what it returns, `clear=0` marks it with process_id."""
    _require_admin(call)
    limit = max(1, min(int(call.param("limit") or 50), 1000))
    clear = str(call.param("clear", "1")) not in ("0", "N", "false")
    process_id = str(call.param("process_id") or "") or secrets.token_hex(16)
    filter_ = call.param("filter") if isinstance(call.param("filter"), dict) else {}
    order = call.param("order") if isinstance(call.param("order"), dict) else {"TIMESTAMP_X": "ASC", "ID": "ASC"}
    queue = call.portal.offline
    rows = [r for r in queue.find(filter_, order) if not r["PROCESS_ID"]][:limit]
    for row in rows:
        if clear:
            queue.delete(row["ID"])
        else:
            row["PROCESS_ID"] = process_id
    return {"process_id": process_id if not clear else None, "events": [_offline_view(r) for r in rows]}


@method("event.offline.clear", scope=None, app_only=True)
def event_offline_clear(call: Call) -> bool:
    _require_admin(call)
    process_id = str(call.param("process_id") or "")
    if not process_id:
        raise errors.argument("process_id")
    ids = {str(i) for i in as_list(call.param("id"))}
    for row in list(call.portal.offline.values()):
        if row["PROCESS_ID"] == process_id and (not ids or row["ID"] in ids):
            call.portal.offline.delete(row["ID"])
    return True


def _offline_view(row: dict) -> dict[str, Any]:
    return {k: row[k] for k in ("ID", "TIMESTAMP_X", "EVENT_NAME", "EVENT_DATA", "EVENT_ADDITIONAL", "MESSAGE_ID")}
