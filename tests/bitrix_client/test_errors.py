"""Error envelopes become the right class; messages are bilingual and never carry a token."""
from __future__ import annotations

import pytest

from bitrix_client import (AccessDenied, ApiError, AuthError, BatchError, BitrixError, ForbiddenHost, NotFound,
                           OperationTimeLimit, PaymentRequired, PortalGone, RateLimited, ServerError,
                           TransportError)
from bitrix_client.errors import error_from_envelope, is_error_envelope, redact


@pytest.mark.parametrize(("code", "status", "cls"), [
    ("expired_token", 401, AuthError),
    ("invalid_token", 401, AuthError),
    ("NO_AUTH_FOUND", 401, AuthError),
    ("invalid_grant", 400, AuthError),
    ("ACCESS_DENIED", 403, AccessDenied),
    ("insufficient_scope", 403, AccessDenied),
    ("INSUFFICIENT_SCOPE", 403, AccessDenied),
    ("user_access_error", 403, AccessDenied),
    ("PAYMENT_REQUIRED", 402, PaymentRequired),
    ("ERROR_NOT_FOUND", 400, NotFound),
    ("QUERY_LIMIT_EXCEEDED", 503, RateLimited),
    ("QUERY_LIMIT_EXCEEDED", 429, RateLimited),  # what the docs said before 2024-12
    ("OPERATION_TIME_LIMIT", 429, OperationTimeLimit),
    ("PORTAL_DELETED", 500, PortalGone),
    ("INTERNAL_SERVER_ERROR", 500, ServerError),
    ("ERROR_HANDLER_ALREADY_EXIST", 400, ApiError),
])
def test_error_code_picks_class_before_status(code, status, cls):
    err = error_from_envelope({"error": code, "error_description": "x"}, status)
    assert type(err) is cls
    assert (err.code, err.description, err.status) == (code, "x", status)


@pytest.mark.parametrize(("status", "cls"), [
    (401, AuthError), (403, AccessDenied), (404, NotFound), (410, PortalGone), (429, RateLimited),
    (500, ServerError), (502, ServerError), (503, ServerError), (504, ServerError), (418, ApiError),
])
def test_unknown_code_falls_back_to_http_status(status, cls):
    assert type(error_from_envelope({"error": "SOMETHING_NEW"}, status)) is cls


def test_numeric_error_code_still_parses():
    err = error_from_envelope({"error": 0, "error_description": "The parameter entityIds must contains at least two elements."}, 400)
    assert type(err) is ApiError
    assert err.code == "0" and "entityIds" in err.description


def test_codeless_not_found_is_not_found():
    assert isinstance(error_from_envelope({"error": "", "error_description": "Not found"}, 400), NotFound)


def test_non_json_failure_gets_a_status_code():
    err = error_from_envelope(None, 502)
    assert isinstance(err, ServerError) and err.code == "HTTP_502"


@pytest.mark.parametrize(("payload", "status", "expected"), [
    ({"result": 1}, 200, False),
    ({"error": 0, "error_description": "bad"}, 200, True),
    ({"error": "", "error_description": ""}, 200, False),
    ({"error": "ACCESS_DENIED"}, 200, True),
    ({"result": 1}, 500, True),
    (None, 200, False),
])
def test_is_error_envelope_checks_status_and_error_key(payload, status, expected):
    assert is_error_envelope(payload, status) is expected


@pytest.mark.parametrize("cls", [TransportError, ApiError, AuthError, AccessDenied, PaymentRequired, NotFound,
                                 RateLimited, OperationTimeLimit, PortalGone, ServerError, ForbiddenHost])
def test_every_error_speaks_russian_first_and_english(cls):
    err = cls("CODE") if issubclass(cls, ApiError) else cls("message")
    assert isinstance(err, BitrixError)
    ru, en = err.user_message("ru"), err.user_message("en")
    assert ru != en
    assert any("а" <= ch <= "я" for ch in ru.lower())
    assert err.user_message() == ru and err.user_message("en-US") == en and err.user_message("de") == ru


def test_batch_error_speaks_for_its_first_failure():
    err = BatchError({"a": 1}, {"b": AccessDenied("ACCESS_DENIED"), "c": NotFound("NOT_FOUND")})
    assert err.user_message("en") == AccessDenied("x").user_message("en")
    assert "b: ACCESS_DENIED" in str(err) and err.results == {"a": 1}


def test_server_text_echoing_a_token_is_redacted():
    token = "secret-access-token-42"
    err = error_from_envelope({"error": "invalid_token", "error_description": f"token {token} unknown"}, 401,
                              secrets=[token, None])
    assert token not in str(err) and token not in err.user_message("en")
    assert "***" in err.description


def test_redact_leaves_short_or_missing_secrets_alone():
    assert redact("abc", ["", None, "ab"]) == "abc"


def test_forbidden_host_is_also_a_value_error():
    assert issubclass(ForbiddenHost, ValueError)


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Access denied.", AccessDenied),
        ("Contact is not found", NotFound),
        ("Not found", NotFound),
        ("Элемент не найден", NotFound),
    ],
)
def test_codeless_crm_refusals_are_classified_by_their_wording(description, expected):
    error = error_from_envelope({"error": "", "error_description": description}, 400)
    assert type(error) is expected


def test_a_codeless_error_with_other_wording_stays_generic():
    error = error_from_envelope({"error": "", "error_description": "Something else went wrong"}, 400)
    assert type(error) is ApiError
