"""Error answers exactly as the portal prints them: `{"error": CODE, "error_description": TEXT}` + HTTP status.

System errors come from RU _includes/system-errors.md (bitrix24-rest.md §3.3). Legacy CRM methods
(crm.lead/contact/company/deal.*) raise the core's RestException with an EMPTY code and HTTP 400 —
"Access denied.", "Not found", "ID is not defined or invalid." (RU crm-contact-get.md,
crm-contact-update.md; the core's CCrmRestProxyBase) — so devportal does the same.
"""
from __future__ import annotations

from typing import Any


class RestError(Exception):
    """One REST error answer; raise it anywhere below the dispatcher."""

    def __init__(self, code: Any, description: str, status: int = 400, **extra: Any):
        super().__init__(description)
        self.code = code
        self.description = description
        self.status = status
        self.extra = extra

    def envelope(self) -> dict:
        return {"error": self.code, "error_description": self.description, **self.extra}

    def __repr__(self) -> str:
        return f"RestError({self.code!r}, {self.description!r}, {self.status})"


def legacy(description: str) -> RestError:
    """What CCrmRestProxyBase throws: empty error code, HTTP 400."""
    return RestError("", description, 400)


def no_auth() -> RestError:
    return RestError("NO_AUTH_FOUND", "Wrong authorization data", 401)


def invalid_token() -> RestError:
    return RestError("invalid_token", "The access token provided is invalid.", 401)


def expired_token() -> RestError:
    return RestError("expired_token", "The access token provided has expired", 401)


def query_limit() -> RestError:
    return RestError("QUERY_LIMIT_EXCEEDED", "Too many requests", 503)


def operation_time_limit() -> RestError:
    return RestError("OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit", 429)


def method_not_found() -> RestError:
    return RestError("ERROR_METHOD_NOT_FOUND", "Method not found!", 404)


def insufficient_scope() -> RestError:
    return RestError("insufficient_scope", "The request requires higher privileges than provided by the access token",
                     403)


def wrong_auth_type() -> RestError:
    # UNVERIFIED text; the code and 403 are documented (RU widgets/index.md, PYSDK errors).
    return RestError("WRONG_AUTH_TYPE", "Current authorization type is denied for this method", 403)


def admin_rights_required() -> RestError:
    return RestError("ACCESS_DENIED", "Access denied! Application administrator rights required", 403)


def argument(name: str, description: str | None = None) -> RestError:
    """placement.bind style: ERROR_ARGUMENT plus the `argument` key (RU widgets/placement-bind.md)."""
    return RestError("ERROR_ARGUMENT", description or f"Argument '{name}' is null or empty", 400, argument=name)


def batch_too_long() -> RestError:
    return RestError("ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded", 400)


def batch_method_not_allowed() -> RestError:
    return RestError("ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage", 405)
