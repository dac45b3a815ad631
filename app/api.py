"""XHR JSON endpoints for the frame pages, under `/api/`.

Every request must carry the page's signed frame token in the `X-Poryadok-Token` header (no cookies
in a third-party frame). `before_request` verifies it and puts the portal, the user and the place in
`g`; endpoints trust only `g`, never ids sent by the browser. Features add their endpoints here.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, g, jsonify, request

from app.acting_user import require_portal_admin
from app.db import get_db
from app.errors import Refused
from app.i18n import language_of
from app.security import FRAME_TOKEN_HEADER, FrameTokenError, read_frame_token
from storage.jobs import get_job, request_cancel
from storage.portals import get_portal

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.before_request
def verify_frame_token() -> None:
    g.lang = language_of(request.args.get("lang"))
    try:
        claims = read_frame_token(current_app.config["SECRET_KEY"], request.headers.get(FRAME_TOKEN_HEADER),
                                  max_age=current_app.config["FRAME_TOKEN_TTL"])
    except FrameTokenError as error:
        raise Refused(401, error.reason) from None
    g.lang = claims.lang
    portal = get_portal(get_db(), claims.member_id)
    if portal is None or not portal.is_installed:
        raise Refused(401, "portal_unknown")
    g.claims, g.portal, g.user_id = claims, portal, claims.user_id


@bp.get("/context")
def context():
    """Who and where this frame is: the page's connection check, and a handy probe for features."""
    claims = g.claims
    return jsonify(member_id=claims.member_id, domain=g.portal.domain, user_id=claims.user_id,
                   placement=claims.placement, entity_id=claims.entity_id, lang=claims.lang)


def _own_job(job_id: str) -> dict:
    """A job of this portal that the acting user may see and stop: one they started, or any job if the portal
    calls them an administrator (asked only when needed). A job's report names companies and their INNs."""
    job = get_job(get_db(), job_id)
    if job is None or job["member_id"] != g.portal.member_id:
        abort(404)  # another portal's job does not exist as far as this frame is concerned
    if job["started_by"] is None or int(job["started_by"]) != g.user_id:
        require_portal_admin()
    return job


@bp.get("/jobs/<job_id>")
def job_progress(job_id: str):
    job = _own_job(job_id)
    keys = ("id", "kind", "state", "done", "total", "message", "result", "cancel_requested", "updated_at")
    return jsonify({key: job[key] for key in keys})


@bp.post("/jobs/<job_id>/cancel")
def cancel_job(job_id: str):
    """Only the user who started the job, or someone the portal calls an administrator, may stop it."""
    _own_job(job_id)
    request_cancel(get_db(), job_id)
    return jsonify(ok=True)
