"""`create_app(options)`: devportal's whole surface on one port.

- `/rest/…`           the portal's REST and incoming webhooks (devportal.rest)
- `/oauth/…`          the OAuth server (devportal.oauth)
- `/dadata/…`         the DaData stand-in (devportal.dadata_api)
- `/`                 the portal UI a person clicks through (devportal.ui)

The Portal lives in `app.extensions["devportal"]` (`devportal.state.current_portal()` in views).
"""
from __future__ import annotations

from typing import Any, Mapping

from flask import Flask

from devportal import dadata_api, oauth, rest, ui
from devportal.options import PortalOptions, split_options
from devportal.seed import seed_portal
from devportal.state import Portal


def create_app(options: PortalOptions | Mapping[str, Any] | None = None) -> Flask:
    """Build a devportal. A mapping may mix PortalOptions fields and Flask config keys (DADATA_API_KEYS…)."""
    if isinstance(options, PortalOptions):
        settings, extra = options, {}
    else:
        settings, extra = split_options(options)
    app = Flask("devportal")
    app.config.update(extra)
    portal = Portal(settings)
    if settings.seed_size:
        seed_portal(portal, settings.seed_size, settings.seed)
    app.extensions["devportal"] = portal
    app.register_blueprint(rest.bp)
    app.register_blueprint(oauth.bp)
    app.register_blueprint(dadata_api.bp)
    app.register_blueprint(ui.bp)
    return app
