"""Rendering pages that live inside the portal's frame."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, render_template
from jinja2 import ChoiceLoader, FunctionLoader

from app.security import allow_framing_by

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ROOT_TEMPLATES = frozenset({"install.html"})


def _project_root_template(name: str) -> str | None:
    # Only the top-level install page is served from the project root; no other file there is a template.
    if name not in ROOT_TEMPLATES:
        return None
    return (PROJECT_ROOT / name).read_text(encoding="utf-8")


def render_frame_page(template: str, frame_sources: Iterable[str], status: int = 200, **context: Any) -> Response:
    """A page the portal shows in its iframe: frameable only by `frame_sources`, never cached."""
    response = current_app.make_response(render_template(template, **context))
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return allow_framing_by(response, frame_sources)


def init_app(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader([app.jinja_loader, FunctionLoader(_project_root_template)])
    app.jinja_env.globals["bx24_script_url"] = lambda: current_app.config["BX24_SCRIPT_URL"]
