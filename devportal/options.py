"""Every knob of a devportal instance in one frozen dataclass, with the real portal's values as defaults."""
from __future__ import annotations

import dataclasses
import secrets
from dataclasses import dataclass, field
from typing import Any, Mapping


def _hex(n: int) -> str:
    return secrets.token_hex(n)


@dataclass(frozen=True)
class PortalOptions:
    """How a devportal behaves. Defaults are the documented cloud values (bitrix24-rest.md §2.3, §4)."""

    host: str = "127.0.0.1"
    port: int = 0                               # 0 = pick a free port (tests)
    public_url: str | None = None               # "http://host:port"; set by the server once bound
    member_id: str = field(default_factory=lambda: _hex(16))
    # Leaky bucket per portal (§4.1): drain `rate` per second, block above `burst`.
    rate: float = 2.0
    burst: int = 50
    # Operating-time budget per method × app/webhook (§4.2): `operating_limit` seconds within a sliding
    # `operating_window`. `operating_scale` multiplies measured time so tests reach the limit quickly.
    operating_limit: float = 480.0
    operating_window: float = 600.0
    operating_scale: float = 1.0
    token_lifetime: int = 3600                  # seconds an access token lives (§2.3)
    # The one application the portal knows (a local app, status "L").
    client_id: str = field(default_factory=lambda: f"local.{_hex(7)}.{_hex(4)}")
    client_secret: str = field(default_factory=lambda: _hex(24))
    app_url: str = "http://127.0.0.1:8000"      # the app's public base URL
    app_handler_path: str = "/app"              # «Ссылка на приложение»
    app_install_path: str = "/install"          # «Путь для первоначальной установки»; ONAPPINSTALL goes here too
    app_scope: str = "crm,placement,user_brief,im"
    app_code: str = "poryadok"
    app_version: int = 1
    webhook_code: str = field(default_factory=lambda: _hex(8))
    seed_size: int = 0                          # contacts to seed (companies and leads scale with it)
    seed: int = 24                              # random seed for reproducible seed data
    # UNVERIFIED (bitrix24-rest.md §6.2): a CONFLICT/ERROR merge may come back as HTTP 400 {"error": 0, …}
    # (the core adds an error to the action) or as result.STATUS. The envelope is the stricter default.
    merge_failure_as_error: bool = True
    event_timeout: float = 5.0                  # seconds devportal waits for an event handler
    # The app's paid period is over: /oauth/token/ answers PAYMENT_REQUIRED, app.info PAYMENT_EXPIRED=Y.
    payment_required: bool = False

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def domain(self) -> str:
        """The portal's DOMAIN as Bitrix24 sends it: host[:port], no scheme."""
        return self.base_url.split("://", 1)[1]

    @property
    def rest_url(self) -> str:
        """client_endpoint and server_endpoint alike: devportal is portal and OAuth server at once."""
        return f"{self.base_url}/rest/"

    def replace(self, **changes: Any) -> "PortalOptions":
        return dataclasses.replace(self, **changes)


OPTION_NAMES = frozenset(f.name for f in dataclasses.fields(PortalOptions))


def split_options(settings: Mapping[str, Any] | None) -> tuple[PortalOptions, dict[str, Any]]:
    """Separate PortalOptions fields from extra Flask config keys (e.g. DADATA_API_KEYS)."""
    settings = dict(settings or {})
    known = {k: settings.pop(k) for k in list(settings) if k in OPTION_NAMES}
    return PortalOptions(**known), settings
