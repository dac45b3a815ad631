"""DaData stand-in: the suggestions API under /dadata/suggestions/api/4_1/rs/ (filled in shortly)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("dadata", __name__, url_prefix="/dadata")
