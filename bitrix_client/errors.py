"""One exception hierarchy for everything that can go wrong talking to Bitrix24.

Which class an error envelope becomes is data, not an if-chain: `CLASS_BY_CODE` first (codes are
compared upper-cased because Bitrix mixes `expired_token` and `ACCESS_DENIED`), then
`CLASS_BY_DESCRIPTION` for the codeless errors some methods send (`"error": ""` or `0`), then
`CLASS_BY_STATUS`, then `ApiError`. Every error has `user_message(lang)` (ru first, en) and never
carries a token: texts are static, and server text is passed through `redact` by the client.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any


class BitrixError(Exception):
    """Root of every error raised by bitrix_client."""

    MESSAGES = {
        "ru": "Ошибка при обращении к Битрикс24. Попробуйте ещё раз позже.",
        "en": "Bitrix24 request failed. Please try again later.",
    }

    def user_message(self, lang: str = "ru") -> str:
        """A short text for the person using the app, in Russian unless `lang` is English."""
        return self.MESSAGES["en" if str(lang).lower().startswith("en") else "ru"]


class TransportError(BitrixError):
    """The portal could not be reached or did not answer (connection, timeout, broken response).

    `retryable` is True only when the request cannot have reached the portal (connection refused,
    connect timeout): a read timeout may mean a write already happened, so it is not retried.
    """

    MESSAGES = {
        "ru": "Битрикс24 сейчас недоступен. Попробуйте ещё раз через минуту.",
        "en": "Bitrix24 cannot be reached right now. Please try again in a minute.",
    }

    def __init__(self, message: str, *, retryable: bool = False):
        super().__init__(message)
        self.retryable = retryable


class ApiError(BitrixError):
    """The portal (or the OAuth server) answered with an error envelope."""

    def __init__(self, code: str, description: str = "", status: int | None = None):
        super().__init__(f"{code or 'ERROR'}: {description}" if description else (code or "ERROR"))
        self.code = code
        self.description = description
        self.status = status


class ServerError(ApiError):
    """5xx without a more specific code: the portal is failing; safe to retry later."""


class AuthError(ApiError):
    """The token is expired, invalid or revoked; a refresh or a reinstall is needed."""

    MESSAGES = {
        "ru": "Доступ приложения к Битрикс24 истёк. Откройте приложение в портале ещё раз или переустановите его.",
        "en": "The app's access to Bitrix24 has expired. Open the app in the portal again or reinstall it.",
    }


class AccessDenied(ApiError):
    """The token is fine but this user/app may not do this (rights, scope, plan)."""

    MESSAGES = {
        "ru": "Недостаточно прав в Битрикс24 для этого действия.",
        "en": "You do not have the Bitrix24 rights needed for this action.",
    }


class PaymentRequired(AccessDenied):
    """The app's trial or paid period is over; Bitrix24 issues no tokens until it is paid."""

    MESSAGES = {
        "ru": "Срок оплаты приложения в Битрикс24 истёк. Продлите подписку, чтобы продолжить.",
        "en": "The app's Bitrix24 subscription has expired. Renew it to continue.",
    }


class NotFound(ApiError):
    """The record or method does not exist on this portal."""

    MESSAGES = {
        "ru": "Запись не найдена в Битрикс24 — возможно, её удалили.",
        "en": "The record was not found in Bitrix24; it may have been deleted.",
    }


class RateLimited(ApiError):
    """Too many requests to this portal (leaky bucket, HTTP 503 QUERY_LIMIT_EXCEEDED)."""

    MESSAGES = {
        "ru": "Битрикс24 просит сделать паузу: слишком много запросов. Попробуйте чуть позже.",
        "en": "Bitrix24 asks us to slow down: too many requests. Please try again shortly.",
    }


class OperationTimeLimit(RateLimited):
    """HTTP 429: this method's execution-time budget is used up; `retry_at` says when it resets."""

    MESSAGES = {
        "ru": "Битрикс24 временно ограничил этот тип запросов. Повторите через несколько минут.",
        "en": "Bitrix24 has temporarily blocked this kind of request. Try again in a few minutes.",
    }

    def __init__(self, code: str, description: str = "", status: int | None = None,
                 retry_at: float | None = None):
        super().__init__(code, description, status)
        self.retry_at = retry_at


class PortalGone(ApiError):
    """The portal was deleted or the app is no longer installed there."""

    MESSAGES = {
        "ru": "Портал Битрикс24 недоступен или приложение с него удалено.",
        "en": "The Bitrix24 portal is gone or the app was removed from it.",
    }


class BatchError(BitrixError):
    """At least one command of a batch failed; nothing is silently dropped.

    `results` holds every command that succeeded, `errors` maps each failed (or never executed)
    command key to its `ApiError`.
    """

    def __init__(self, results: Mapping[str, Any], errors: Mapping[str, ApiError]):
        self.results = dict(results)
        self.errors = dict(errors)
        summary = ", ".join(f"{key}: {err.code or type(err).__name__}" for key, err in self.errors.items())
        super().__init__(f"{len(self.errors)} batch command(s) failed ({summary})")

    def user_message(self, lang: str = "ru") -> str:
        first = next(iter(self.errors.values()), None)
        return first.user_message(lang) if first is not None else super().user_message(lang)


class ForbiddenHost(BitrixError, ValueError):
    """A host the app must not talk to (not an allowed OAuth server, implausible redirect)."""

    MESSAGES = {
        "ru": "Адрес сервера Битрикс24 не разрешён — запрос не отправлен.",
        "en": "This Bitrix24 server address is not allowed; nothing was sent.",
    }


# Codes as data. Keys are upper-cased; lookups upper-case the received code.
CLASS_BY_CODE: dict[str, type[ApiError]] = {
    "EXPIRED_TOKEN": AuthError,
    "INVALID_TOKEN": AuthError,
    "NO_AUTH_FOUND": AuthError,
    "WRONG_AUTH_TYPE": AuthError,
    "AUTHORIZATION_ERROR": AuthError,
    "INVALID_GRANT": AuthError,
    "INVALID_CLIENT": AuthError,
    "ERROR_OAUTH": AuthError,
    "APPLICATION_NOT_FOUND": AuthError,
    "ACCESS_DENIED": AccessDenied,
    "INSUFFICIENT_SCOPE": AccessDenied,
    "INVALID_SCOPE": AccessDenied,
    "INVALID_CREDENTIALS": AccessDenied,
    "USER_ACCESS_ERROR": AccessDenied,
    "METHOD_CONFIRM_WAITING": AccessDenied,
    "METHOD_CONFIRM_DENIED": AccessDenied,
    "OVERLOAD_LIMIT": AccessDenied,  # a manual block by Bitrix24 support: retrying cannot help
    "PAYMENT_REQUIRED": PaymentRequired,
    "NOT_FOUND": NotFound,
    "ERROR_NOT_FOUND": NotFound,
    "ERROR_METHOD_NOT_FOUND": NotFound,
    "QUERY_LIMIT_EXCEEDED": RateLimited,
    "OPERATION_TIME_LIMIT": OperationTimeLimit,
    "PORTAL_DELETED": PortalGone,
    "INTERNAL_SERVER_ERROR": ServerError,
    "ERROR_UNEXPECTED_ANSWER": ServerError,
}

# Legacy crm.*.get answer a missing record with `{"error": "", "error_description": "Not found"}`.
# Codeless refusals as the legacy CRM methods word them (RU docs and the core: "Access denied.",
# "Contact is not found", "Элемент не найден"); matched on the description, case-insensitively.
CLASS_BY_DESCRIPTION: tuple[tuple[re.Pattern[str], type[ApiError]], ...] = (
    (re.compile(r"^access denied\.?$", re.IGNORECASE), AccessDenied),
    (re.compile(r"^(.+ is )?not found\.?$", re.IGNORECASE), NotFound),
    (re.compile(r"^элемент не найден\.?$", re.IGNORECASE), NotFound),
)


def class_by_description(description: str) -> type[ApiError] | None:
    text = description.strip()
    return next((cls for pattern, cls in CLASS_BY_DESCRIPTION if pattern.match(text)), None)

CLASS_BY_STATUS: dict[int, type[ApiError]] = {
    401: AuthError,
    403: AccessDenied,
    404: NotFound,
    410: PortalGone,
    429: RateLimited,
    500: ServerError,
    502: ServerError,
    503: ServerError,
    504: ServerError,
}

# Codes that mean "your access token is merely old": refresh once and retry.
EXPIRED_TOKEN_CODES = frozenset({"EXPIRED_TOKEN"})


def is_error_envelope(payload: Any, status: int) -> bool:
    """True if a decoded body describes a failure (status >= 400, or an `error` key with content)."""
    if status >= 400:
        return True
    if not isinstance(payload, Mapping) or "error" not in payload:
        return False
    return payload.get("error") not in (None, "", 0) or bool(payload.get("error_description"))


def error_from_envelope(payload: Any, status: int | None, *, secrets: Iterable[str | None] = ()) -> ApiError:
    """Build the matching `ApiError` subclass for an error envelope (or any failed HTTP answer)."""
    body = payload if isinstance(payload, Mapping) else {}
    raw_code = body.get("error")
    code = "" if raw_code is None else str(raw_code)
    description = redact(str(body.get("error_description") or ""), secrets)
    if not code and not description and status is not None:
        code = f"HTTP_{status}"
    cls = (CLASS_BY_CODE.get(code.upper())
           or class_by_description(description)
           or CLASS_BY_STATUS.get(status or 0)
           or ApiError)
    return cls(code, description, status)


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """Replace every known secret occurring in `text` (a server echoing a token must not leak it)."""
    for secret in secrets:
        if secret and len(secret) >= 6:
            text = text.replace(secret, "***")
    return text
