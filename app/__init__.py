"""The Poryadok web app: a thin Flask layer over services and storage."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from PORYADOK_* environment settings, with `config` (tests, scripts) overriding them."""
    from app import acting_user, api, db, errors, events, i18n, install, templating
    from app import admin_api, requisites_api  # noqa: F401 - they add their routes to api.bp before it registers
    from app.config import finish_config, read_settings
    from placements import views as placements
    from services.tasks import BackgroundTasks

    app = Flask(__name__)
    settings = read_settings()
    settings.update(config or {})
    app.config.update(finish_config(settings))
    app.extensions["poryadok.tasks"] = BackgroundTasks(app.config)

    db.init_app(app)
    templating.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    acting_user.init_app(app)
    for blueprint in (install.bp, events.bp, api.bp, placements.bp):
        app.register_blueprint(blueprint)
    return app
