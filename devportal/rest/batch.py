"""`batch`: up to 50 commands in one request (bitrix24-rest.md §4.3, RU settings/how-to-call-rest-api/batch.md).

- `cmd` is a dict or a list of "method?query" strings; each runs in order with the batch's auth.
- Commands past the 50th end with ERROR_BATCH_LENGTH_EXCEEDED in result_error; nested batch with
  ERROR_BATCH_METHOD_NOT_ALLOWED.
- `halt=1` stops at the first failing command.
- `$result[key][field]` and `$result[key][0][ID]` in a command's parameters take earlier results.
- The whole batch answers 200; empty sections are `[]` as PHP prints them.
- One request for the rate limit; every inner call is charged operating time, the batch itself is not.
"""
from __future__ import annotations

import re
from typing import Any

from devportal import php
from devportal.errors import RestError, batch_too_long
from devportal.rest.dispatch import execute
from devportal.rest.registry import Call, method

MAX_COMMANDS = 50
TIME_KEYS = ("start", "finish", "duration", "processing", "date_start", "date_finish")
_REFERENCE = re.compile(r"\$result\[([^\[\]]+)\]((?:\[[^\[\]]*\])*)")


@method("batch", scope=None, batchable=False, counts_operating=False)
def batch(call: Call) -> dict:
    halt = str(call.param("halt", "0")).lower() in ("1", "true", "y")
    commands = call.param("cmd") or {}
    items = list(commands.items()) if isinstance(commands, dict) else list(enumerate(php.as_list(commands)))
    results: dict[str, Any] = {}
    sections: dict[str, dict] = {"result_error": {}, "result_total": {}, "result_next": {}, "result_time": {}}
    for index, (key, command) in enumerate(items):
        key = str(key)
        try:
            if index >= MAX_COMMANDS:
                raise batch_too_long()
            name, params = _parse(command, results)
            outcome = execute(call.portal, call.caller, name, params, in_batch=True)
        except RestError as error:
            sections["result_error"][key] = {"error": error.code, "error_description": error.description}
            if halt:
                break
            continue
        results[key] = outcome.result
        if outcome.total is not None:
            sections["result_total"][key] = outcome.total
        if outcome.next is not None:
            sections["result_next"][key] = outcome.next
        sections["result_time"][key] = {k: outcome.time[k] for k in TIME_KEYS}
    return {"result": php.php_array(results), **{name: php.php_array(v) for name, v in sections.items()}}


def _parse(command: Any, results: dict) -> tuple[str, dict]:
    if isinstance(command, dict):                      # SDK style {method, params}
        name, params = str(command.get("method", "")), dict(command.get("params") or {})
    else:
        name, _, query = str(command).partition("?")
        params = php.parse_query(query)
    params.pop("auth", None)                           # inner calls always run with the batch's auth
    return name.strip(), _substitute(params, results)


def _substitute(value: Any, results: dict) -> Any:
    if isinstance(value, dict):
        return {k: _substitute(v, results) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, results) for v in value]
    if not isinstance(value, str) or "$result[" not in value:
        return value
    whole = _REFERENCE.fullmatch(value)
    if whole:
        found = _resolve(whole, results)
        return value if found is _MISSING else found
    return _REFERENCE.sub(lambda m: value_text(_resolve(m, results), m.group(0)), value)


_MISSING = object()


def _resolve(match: re.Match, results: dict) -> Any:
    node: Any = results.get(match.group(1), _MISSING)
    for part in re.findall(r"\[([^\[\]]*)\]", match.group(2)):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return _MISSING
    return node


def value_text(value: Any, original: str) -> str:
    if value is _MISSING or isinstance(value, (dict, list)):
        return original
    return "" if value is None else str(value)
