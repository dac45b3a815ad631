"""The in-memory portal: users, the app and its tokens, CRM objects, placements, event handlers.

One `Portal` per devportal process. Everything that reads or changes it holds `portal.lock` (an
RLock): the REST dispatcher wraps each call, the UI and the install helpers do the same. Changes
that the real portal announces with events go through `devportal.crm.Crm`, never straight into the
tables, so REST and UI behave alike.
"""
from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field

from flask import current_app

from devportal import clock, schema
from devportal.events import EventSender
from devportal.limits import LeakyBucket, OperatingLedger
from devportal.links import Links, MirroredLinks
from devportal.options import PortalOptions
from devportal.records import Table

ENTITY_TYPE_IDS = {"lead": 1, "deal": 2, "contact": 3, "company": 4, "requisite": 8}
ENTITY_NAMES = {v: k for k, v in ENTITY_TYPE_IDS.items()}
AUTH_CODE_LIFETIME = 30          # seconds (RU settings/oauth/index.md)


@dataclass(frozen=True)
class User:
    id: int
    name: str
    last_name: str
    email: str
    is_admin: bool
    post: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.name} {self.last_name}"


DEFAULT_USERS = (
    User(1, "Ирина", "Волкова", "volkova@devportal.example", True, "Директор"),
    User(2, "Дмитрий", "Орлов", "orlov@devportal.example", False, "Менеджер по продажам"),
    User(3, "Анна", "Ковалёва", "kovaleva@devportal.example", False, "Менеджер по продажам"),
)


@dataclass
class App:
    """The one local application ("L") this portal knows, and its install state."""
    client_id: str
    client_secret: str
    url: str
    handler_path: str
    install_path: str
    scope: str
    code: str
    version: int
    status: str = "L"
    installed: bool = False          # app.info INSTALLED: true only after installFinish
    application_token: str = ""
    installed_by: int = 1

    @property
    def handler_url(self) -> str:
        return self.url.rstrip("/") + self.handler_path

    @property
    def install_url(self) -> str:
        return self.url.rstrip("/") + self.install_path


@dataclass
class AccessToken:
    token: str
    user_id: int
    expires_at: float
    scope: str
    refresh_token: str


@dataclass
class RefreshToken:
    token: str
    user_id: int
    used: bool = False


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_at: int
    user_id: int


@dataclass(frozen=True)
class Origin:
    """Who caused a change: the acting user, the app (None for webhooks and the UI), auth_connector."""
    user_id: int
    client_id: str | None = None
    auth_connector: str | None = None


def _multi_getter(row: dict, name: str):
    if name in schema.MULTIFIELD_TYPES:
        return row.get("_fm", {}).get(name, [])
    return row.get(name)


def _types(fields: tuple[schema.Field, ...], multi: bool) -> dict[str, str]:
    types = {f.name: f.type for f in fields}
    if multi:
        types.update({m: "crm_multifield" for m in schema.MULTIFIELD_TYPES})
    return types


@dataclass
class Portal:
    options: PortalOptions
    lock: threading.RLock = field(default_factory=threading.RLock)

    def __post_init__(self) -> None:
        o = self.options
        self.users = {u.id: u for u in DEFAULT_USERS}
        self.app = App(o.client_id, o.client_secret, o.app_url, o.app_handler_path, o.app_install_path,
                       o.app_scope, o.app_code, o.app_version)
        self.webhooks = {o.webhook_code: 1}              # code -> user id ("/rest/1/<code>/")
        self.access_tokens: dict[str, AccessToken] = {}
        self.refresh_tokens: dict[str, RefreshToken] = {}
        self.auth_codes: dict[str, tuple[int, float]] = {}
        self.tables = {
            "lead": Table(_types(schema.LEAD, True), _multi_getter),
            "contact": Table(_types(schema.CONTACT, True), _multi_getter),
            "company": Table(_types(schema.COMPANY, True), _multi_getter),
            "deal": Table(_types(schema.DEAL, False)),
        }
        self.contact_companies = MirroredLinks()
        self.lead_contacts = Links()
        self.deal_contacts = Links()
        self.multifield_last_id = 0
        self.requisites = Table(_types(schema.REQUISITE, False))
        self.bank_details = Table(_types(schema.BANK_DETAIL, False))
        self.addresses = Table(_types(schema.ADDRESS, False))     # internal row ids; the triple is the key
        self.address_index: dict[tuple[int, int, int], int] = {}  # (TYPE_ID, ENTITY_TYPE_ID, ENTITY_ID) -> row
        self.activities = Table(_types(schema.ACTIVITY, False))
        self.comments = Table({"ID": "integer", "ENTITY_ID": "integer", "ENTITY_TYPE": "string",
                               "CREATED": "datetime", "COMMENT": "string", "AUTHOR_ID": "user"})
        self.offline = Table({"ID": "integer", "TIMESTAMP_X": "datetime", "EVENT_NAME": "string",
                              "MESSAGE_ID": "string"})
        self.placements: list[dict] = []
        self.handlers: list[dict] = []
        self.notifications: list[dict] = []                       # im.notify.system.add
        self.binding_last_id = 0
        self.rate_limiter = LeakyBucket(o.rate, o.burst)
        self.ledger = OperatingLedger(o.operating_limit, o.operating_window, o.operating_scale)
        self.sender = EventSender(o.event_timeout)

    # -- configuration ---------------------------------------------------------------------------
    def bind_address(self, public_url: str) -> None:
        """Called once the server knows its port: every endpoint and DOMAIN derive from it."""
        self.options = self.options.replace(public_url=public_url.rstrip("/"))

    @property
    def webhook_url(self) -> str:
        code, user_id = next(iter(self.webhooks.items()))
        return f"{self.options.rest_url}{user_id}/{code}/"

    def user(self, user_id: int) -> User:
        return self.users[int(user_id)]

    # -- tokens ----------------------------------------------------------------------------------
    def issue_tokens(self, user_id: int) -> TokenPair:
        """A fresh access/refresh pair of this app for `user_id` (install, placement, events)."""
        access, refresh = secrets.token_hex(16), secrets.token_hex(16)
        expires_at = clock.now() + self.options.token_lifetime
        self.access_tokens[access] = AccessToken(access, user_id, expires_at, self.app.scope, refresh)
        self.refresh_tokens[refresh] = RefreshToken(refresh, user_id)
        return TokenPair(access, refresh, int(expires_at), user_id)

    def rotate(self, refresh_token: str) -> TokenPair | None:
        """One-shot refresh: the used refresh token and its access token stop working.

        UNVERIFIED (bitrix24-rest.md §2.3): the docs no longer say the old pair dies; the stricter
        reading is taken. The old access token then answers `expired_token`, so a client that still
        holds it goes through its normal refresh path and finds the rotated pair.
        """
        record = self.refresh_tokens.get(refresh_token)
        if record is None or record.used:
            return None
        record.used = True
        for token in self.access_tokens.values():
            if token.refresh_token == refresh_token:
                token.expires_at = min(token.expires_at, clock.now())
        return self.issue_tokens(record.user_id)

    def issue_auth_code(self, user_id: int) -> str:
        code = secrets.token_hex(16)
        self.auth_codes[code] = (user_id, clock.now() + AUTH_CODE_LIFETIME)
        return code

    def redeem_auth_code(self, code: str) -> TokenPair | None:
        user_id, expires_at = self.auth_codes.pop(code, (None, 0.0))
        if user_id is None or expires_at < clock.now():
            return None
        return self.issue_tokens(user_id)

    def revoke_app_tokens(self) -> None:
        self.access_tokens.clear()
        self.refresh_tokens.clear()
        self.auth_codes.clear()

    # -- small shared helpers --------------------------------------------------------------------
    def next_multifield_id(self) -> int:
        self.multifield_last_id += 1
        return self.multifield_last_id

    def next_binding_id(self) -> int:
        self.binding_last_id += 1
        return self.binding_last_id

    def close(self) -> None:
        self.sender.close()


def current_portal() -> Portal:
    """The Portal behind the running Flask app (for blueprints such as devportal.ui)."""
    return current_app.extensions["devportal"]
