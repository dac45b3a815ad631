"""The method table: every REST method devportal answers, with the scope it needs.

Method names are case-insensitive on the portal (`crm.entity.mergeBatch` = `crm.entity.mergebatch`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable

from devportal.crm import Crm
from devportal.php import param
from devportal.records import Page
from devportal.requisites import Requisites
from devportal.state import Origin, Portal, User


@dataclass(frozen=True)
class Caller:
    """Who is calling: a user through the app's OAuth token, or through an incoming webhook."""
    user_id: int
    kind: str                    # "oauth" or "webhook"
    scope: frozenset[str]
    client_id: str | None = None
    webhook_code: str | None = None
    token_expires: float | None = None

    @property
    def ledger_id(self) -> str:
        """Operating time is counted per method × app (or webhook), bitrix24-rest.md §4.2."""
        return self.client_id or f"webhook:{self.webhook_code}"


@dataclass
class Call:
    portal: Portal
    caller: Caller
    params: dict

    def param(self, name: str, default: Any = None) -> Any:
        return param(self.params, name, default)

    @property
    def user(self) -> User:
        return self.portal.user(self.caller.user_id)

    @property
    def origin(self) -> Origin:
        return Origin(self.caller.user_id, self.caller.client_id, self.param("auth_connector"))

    @cached_property
    def crm(self) -> Crm:
        return Crm(self.portal)

    @cached_property
    def requisites(self) -> Requisites:
        return Requisites(self.portal)


@dataclass(frozen=True)
class Method:
    name: str
    func: Callable[[Call], Any]
    scope: str | None            # None = base method, no scope needed (app.info, batch, event.*)
    app_only: bool = False       # webhooks get WRONG_AUTH_TYPE
    batchable: bool = True
    counts_operating: bool = True


METHODS: dict[str, Method] = {}
USER_SCOPES = frozenset({"user", "user_brief", "user_basic"})


def method(name: str, scope: str | None = "crm", *, app_only: bool = False, batchable: bool = True,
           counts_operating: bool = True) -> Callable:
    def register(func: Callable[[Call], Any]) -> Callable[[Call], Any]:
        METHODS[name.lower()] = Method(name, func, scope, app_only, batchable, counts_operating)
        return func
    return register


@dataclass
class Listing:
    """A list method's answer: rows plus `total`/`next` for the envelope."""
    rows: list
    total: int | None = None
    next: int | None = None

    @classmethod
    def of(cls, page: Page) -> "Listing":
        return cls(page.rows, page.total, page.next)


def page_args(call: Call) -> tuple[Any, Any, Any, Any]:
    return call.param("filter"), call.param("order"), call.param("select"), call.param("start")


def has_scope(caller: Caller, scope: str | None) -> bool:
    if scope is None:
        return True
    if scope == "user":
        return bool(caller.scope & USER_SCOPES)
    return scope in caller.scope
