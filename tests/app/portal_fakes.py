"""Documented Bitrix24 payloads and a `FakeBitrix` that registers portal/OAuth answers on `responses`.

Requests are built from the official examples (`tests.reference_examples`; keys and shapes unchanged,
only the portal identity is overwritten so one install → placement → events → uninstall flow hangs
together). FakeBitrix matches what our code must send — the token in `auth`, the batch command
keys — so a wrong call fails the test instead of being answered.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import responses
from responses import matchers

from bitrix_client.encoding import parse_query
from tests.reference_examples import bitrix24_example

PORTAL_HOST = "portal.bitrix24.ru"
PORTAL_REST = f"https://{PORTAL_HOST}/rest/"
OAUTH_REST = "https://oauth.bitrix24.tech/rest/"
MEMBER_ID = "a223c6b3710f85df22e9377d6c4f7553"
APPLICATION_TOKEN = "51856fefc120afa4b628cc82d3935cce"
CLIENT_ID = "local.poryadok.test"
PUBLIC_URL = "https://poryadok.example.org"
QUERY_KEYS = ("DOMAIN", "PROTOCOL", "LANG", "APP_SID")
TIME = {"start": 1.0, "finish": 1.1, "duration": 0.1, "processing": 0.05,
        "date_start": "2026-01-01T00:00:00+00:00", "date_finish": "2026-01-01T00:00:00+00:00"}


def example(name: str) -> dict[str, Any]:
    return bitrix24_example(name)


def split_frame_post(payload: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(query string, form body) the way Bitrix24 sends a frame POST."""
    query = {key: value for key, value in payload.items() if key in QUERY_KEYS}
    form = {key: value for key, value in payload.items() if key not in QUERY_KEYS}
    return query, form


def install_post(**overrides: str) -> tuple[dict[str, str], dict[str, str]]:
    payload = example("app_page_post_install_form.json")
    payload.update(DOMAIN=PORTAL_HOST, member_id=MEMBER_ID, APPLICATION_TOKEN=APPLICATION_TOKEN)
    payload.update(overrides)
    return split_frame_post(payload)


def placement_post(code: str, entity_id: str | None = "42", **overrides: str) -> tuple[dict[str, str], dict[str, str]]:
    payload = example("placement_post_crm_deal_detail_tab_form.json")
    options = json.loads(payload["PLACEMENT_OPTIONS"])
    if entity_id is None:
        options.pop("ID")
    else:
        options["ID"] = entity_id
    payload.update(DOMAIN=PORTAL_HOST, member_id=MEMBER_ID, APPLICATION_TOKEN=APPLICATION_TOKEN, PLACEMENT=code,
                   PLACEMENT_OPTIONS=json.dumps(options))
    payload.update(overrides)
    return split_frame_post(payload)


def event_payload(name: str, **auth_overrides: Any) -> dict[str, Any]:
    """A documented event (nested view) re-aimed at our test portal."""
    payload = example(name)
    payload["auth"].update(domain=PORTAL_HOST, client_endpoint=PORTAL_REST, member_id=MEMBER_ID,
                           application_token=APPLICATION_TOKEN)
    payload["auth"].update(auth_overrides)
    return payload


def php_form(payload: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested dict -> the flat `auth[member_id]` keys of application/x-www-form-urlencoded."""
    flat: dict[str, str] = {}
    for key, value in payload.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if isinstance(value, Mapping):
            flat.update(php_form(value, name))
        else:
            flat[name] = str(value)
    return flat


def envelope(result: Any) -> dict[str, Any]:
    return {"result": result, "time": TIME}


def sent_json(call) -> dict[str, Any]:
    return json.loads(call.request.body)


def batch_commands(call) -> dict[str, tuple[str, dict[str, Any]]]:
    """The `cmd` of a batch request decoded back into {key: (method, params)}."""
    decoded = {}
    for key, command in sent_json(call)["cmd"].items():
        method, _, query = command.partition("?")
        decoded[key] = (method, parse_query(query))
    return decoded


def _batch_keys_matcher(keys: Iterable[str]):
    expected = set(keys)

    def match(request) -> tuple[bool, str]:
        sent = set(json.loads(request.body or "{}").get("cmd", {}))
        return sent == expected, f"batch commands {sorted(sent)} != {sorted(expected)}"

    return match


class FakeBitrix:
    """Registers documented answers of one portal and its OAuth server on a strict RequestsMock."""

    def __init__(self, rsps: responses.RequestsMock, portal_rest: str = PORTAL_REST, oauth_rest: str = OAUTH_REST):
        self.rsps = rsps
        self.portal_rest = portal_rest
        self.oauth_rest = oauth_rest

    def app_info(self, access_token: str, *, member_id: str = MEMBER_ID, domain: str = PORTAL_HOST,
                 client_id: str = CLIENT_ID, user_id: int = 1, status: int = 200, body: Any = None) -> None:
        """OAuth-server `app.info` (the shape b24pysdk parses: client_id, install{…}, user_id)."""
        if body is None:
            body = envelope({
                "scope": "crm,placement,user_brief", "client_id": client_id, "expires": "2026-01-01T01:00:00+00:00",
                "install": {"installed": False, "version": 1, "status": "L", "scope": "crm,placement,user_brief",
                            "domain": domain, "uri": f"https://{domain}", "client_endpoint": f"https://{domain}/rest/",
                            "member_id": member_id, "member_type": "PORTAL"},
                "user_id": user_id,
            })
        self.rsps.get(self.oauth_rest + "app.info", json=body, status=status,
                      match=[matchers.query_param_matcher({"auth": access_token})])

    def method(self, name: str, result: Any, *, token: str, status: int = 200, body: Any = None) -> None:
        self.rsps.post(self.portal_rest + name, json=envelope(result) if body is None else body, status=status,
                       match=[matchers.json_params_matcher({"auth": token}, strict_match=False)])

    def user_current(self, token: str, user_id: int = 7, name: str = "Мария", last_name: str = "Иванова") -> None:
        self.method("user.current", {"ID": str(user_id), "NAME": name, "LAST_NAME": last_name,
                                     "EMAIL": "maria@example.org", "ADMIN": False}, token=token)

    def batch(self, results: Mapping[str, Any], errors: Mapping[str, Any] | None = None, *, token: str) -> None:
        """One batch request whose command keys are exactly those of `results` and `errors`."""
        keys = [*results, *(errors or {})]
        body = envelope({"result": dict(results) or [], "result_error": dict(errors or {}) or [],
                         "result_total": [], "result_next": [], "result_time": []})
        self.rsps.post(self.portal_rest + "batch", json=body,
                       match=[matchers.json_params_matcher({"auth": token}, strict_match=False),
                              _batch_keys_matcher(keys)])

    def admin_check(self, token: str, *, admin: bool = True) -> None:
        """`placement.get`, which the portal answers only for an administrator (ACCESS_DENIED otherwise)."""
        if admin:
            self.method("placement.get", [], token=token)
        else:
            denied = {"error": "ACCESS_DENIED",
                      "error_description": "Access denied! Application administrator rights required"}
            self.method("placement.get", None, token=token, status=403, body=denied)

    def current_bindings(self, *, token: str, placements: list[dict] | None = None,
                         events: list[dict] | None = None) -> None:
        self.batch({"placements": placements or [], "events": events or []}, token=token)


# What a full first-time bind sends: three card tabs and three events.
ALL_BIND_KEYS = ("placement_CRM_COMPANY_DETAIL_TAB", "placement_CRM_CONTACT_DETAIL_TAB",
                 "placement_CRM_LEAD_DETAIL_TAB", "event_ONCRMLEADADD", "event_ONAPPUNINSTALL", "event_ONAPPUPDATE")
