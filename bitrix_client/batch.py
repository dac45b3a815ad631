"""Building `batch` requests and reading their replies (RU settings/how-to-call-rest-api/batch.md).

A batch answers HTTP 200 even when commands fail; failures sit in `result_error`. Empty sections
come back as `[]` (sometimes `{}`), and PHP turns keys "0", "1", … into a JSON list — `_section`
folds all of that into a plain dict so nothing is lost or misread.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bitrix_client.encoding import build_query
from bitrix_client.errors import ApiError, error_from_envelope

MAX_COMMANDS = 50  # per batch request (ERROR_BATCH_LENGTH_EXCEEDED beyond)

Command = tuple[str, Mapping[str, Any]]

# Codes we give commands that have no entry in the reply at all.
BATCH_HALTED = "BATCH_HALTED"  # an earlier command failed with halt=True, so this one never ran
BATCH_RESULT_MISSING = "BATCH_RESULT_MISSING"  # neither a result nor an error came back


@dataclass
class BatchReply:
    """One batch request's outcome, per command key; errors are collected, not raised."""

    results: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, ApiError] = field(default_factory=dict)
    times: dict[str, dict[str, Any]] = field(default_factory=dict)


def command_string(method: str, params: Mapping[str, Any] | None) -> str:
    query = build_query(params)
    return f"{method}?{query}" if query else method


def chunked(keys: Sequence[str], size: int = MAX_COMMANDS) -> Iterator[Sequence[str]]:
    for start in range(0, len(keys), size):
        yield keys[start:start + size]


def _section(value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return {str(key): item for key, item in value.items()}
    if isinstance(value, list):
        return {str(index): item for index, item in enumerate(value)}
    return {}


def _command_error(value: Any, secrets: Iterable[str | None]) -> ApiError:
    envelope = value if isinstance(value, Mapping) else {"error": "", "error_description": str(value)}
    return error_from_envelope(envelope, None, secrets=secrets)


def parse_batch_reply(envelope: Mapping[str, Any], keys: Sequence[str], *, halt: bool,
                      secrets: Iterable[str | None] = ()) -> BatchReply:
    """Every key in `keys` ends up in exactly one of `results` or `errors`."""
    secrets = tuple(secrets)
    body = envelope.get("result")
    if not isinstance(body, Mapping):
        raise ApiError("INVALID_RESPONSE", "batch reply without a result object", 200)
    results = _section(body.get("result"))
    raw_errors = _section(body.get("result_error"))
    reply = BatchReply(times={key: t for key, t in _section(body.get("result_time")).items()
                              if isinstance(t, Mapping)})
    for key in keys:
        if key in raw_errors:
            reply.errors[key] = _command_error(raw_errors[key], secrets)
        elif key in results:
            reply.results[key] = results[key]
        else:
            code = BATCH_HALTED if halt else BATCH_RESULT_MISSING
            reply.errors[key] = ApiError(code, "the portal returned nothing for this command", None)
    return reply


def not_executed(keys: Iterable[str]) -> dict[str, ApiError]:
    """Errors for commands of later chunks that were never sent because an earlier one failed (halt)."""
    return {key: ApiError(BATCH_HALTED, "an earlier command failed and the batch halted", None) for key in keys}
