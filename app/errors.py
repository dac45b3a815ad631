"""Every failure a user can meet becomes one clear message in their language: JSON for XHR and portal
callbacks, a small frameable page otherwise. Nothing here ever prints a token."""
from __future__ import annotations

import logging

from flask import Flask, Response, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException

from app.i18n import translate
from app.templating import render_frame_page
from bitrix_client import (AccessDenied, AuthError, BatchError, BitrixError, ForbiddenHost, NotFound,
                           OperationTimeLimit, PortalGone, RateLimited, TransportError)

log = logging.getLogger(__name__)

# Our answer's status for a failure of the portal or OAuth server behind us (most specific class first).
BITRIX_ERROR_STATUS: tuple[tuple[type[BitrixError], int], ...] = (
    (AuthError, 401),
    (AccessDenied, 403),
    (ForbiddenHost, 403),
    (NotFound, 404),
    (PortalGone, 410),
    (RateLimited, 503),
    (OperationTimeLimit, 503),
    (TransportError, 504),
)

HTTP_MESSAGE_KEYS = {404: "not_found", 405: "method_not_allowed"}


class Refused(Exception):
    """A request the app will not serve: `message_key` names the catalogue entry shown to the user."""

    def __init__(self, status: int, message_key: str, **params: object):
        super().__init__(message_key)
        self.status = status
        self.message_key = message_key
        self.params = params


def wants_json() -> bool:
    if request.blueprint in {"api", "events"} or g.get("answering_event"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def error_response(status: int, code: str, message: str) -> Response:
    if wants_json():
        response = jsonify(error=code, message=message)
        response.status_code = status
        return response
    # The refusal must stay readable inside the portal's frame: the known portal's origin may frame it,
    # or, before we know which portal it is, any plausible portal host.
    sources = g.get("frame_sources") or current_app.config["PORTAL_HOSTS"]
    return render_frame_page("error.html", sources, status=status, message=message)


def representative(error: BitrixError) -> BitrixError:
    """A failed batch is reported as its first failed command (BatchError.user_message does the same)."""
    if isinstance(error, BatchError) and error.errors:
        return next(iter(error.errors.values()))
    return error


def bitrix_error_status(error: BitrixError) -> int:
    for cls, status in BITRIX_ERROR_STATUS:
        if isinstance(error, cls):
            return status
    return 502


def handle_refused(error: Refused) -> Response:
    return error_response(error.status, error.message_key, translate(error.message_key, **error.params))


def handle_bitrix_error(error: BitrixError) -> Response:
    cause = representative(error)
    code = getattr(cause, "code", None) or type(cause).__name__
    log.warning("Bitrix24 call failed: %s (%s)", type(error).__name__, code)
    return error_response(bitrix_error_status(cause), str(code), cause.user_message(g.get("lang", "ru")))


def handle_http_error(error: HTTPException) -> Response:
    key = HTTP_MESSAGE_KEYS.get(error.code or 500, "internal_error")
    return error_response(error.code or 500, key, translate(key))


def handle_unexpected(error: Exception) -> Response:
    log.exception("unhandled error in %s %s", request.method, request.path)
    return error_response(500, "internal_error", translate("internal_error"))


def init_app(app: Flask) -> None:
    app.register_error_handler(Refused, handle_refused)
    app.register_error_handler(BitrixError, handle_bitrix_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
