"""Rendering pages that live inside the portal's frame."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask, Response, current_app, render_template

from app.security import allow_framing_by


def render_frame_page(template: str, frame_sources: Iterable[str], status: int = 200, **context: Any) -> Response:
    """A page the portal shows in its iframe: frameable only by `frame_sources`, never cached."""
    response = current_app.make_response(render_template(template, **context))
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return allow_framing_by(response, frame_sources)


def init_app(app: Flask) -> None:
    # install.html lives at the project's top level (the layout); app/templates/install.html is a
    # symlink to it, so Flask's own loader finds it and a wheel carries its content as package data.
    app.jinja_env.globals["bx24_script_url"] = lambda: current_app.config["BX24_SCRIPT_URL"]
