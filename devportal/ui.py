"""Portal UI a person clicks through (lists, cards, app frames); filled in shortly."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("ui", __name__, template_folder="templates", static_folder="static")
