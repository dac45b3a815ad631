"""Reading a whole list with the ID cursor, 50 pages per request (RU settings/performance/huge-data.md).

Each page asks for `order[ID]=ASC`, `filter[>ID]=<last id seen>` and `start=-1` (no row counting).
Inside one batch, page n takes its cursor from page n-1's last row: `$result[p<n-1>][49][ID]`, so one
HTTP request returns up to 50 × 50 = 2,500 records. Pages after the first short page of a batch are
discarded: their cursor reference could not resolve, so whatever they returned (or whatever error
they produced) means nothing.

The first page is fetched with a plain call: a list that fits in one page then costs one request and
one query instead of a batch of 50 commands, and a large list costs at most one extra request.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from bitrix_client.encoding import BatchRef
from bitrix_client.errors import ApiError, OperationTimeLimit

if TYPE_CHECKING:
    from bitrix_client.client import PortalClient

PAGE_SIZE = 50  # Bitrix24 list methods return at most 50 rows, fixed
PAGES_PER_BATCH = 50
ID_FIELD = "ID"
CURSOR_FILTER = ">" + ID_FIELD


def list_params(filter: Mapping[str, Any] | None, select: Sequence[str] | None,
                order: Mapping[str, str] | None) -> tuple[dict[str, Any], Any]:
    """Base parameters for every page and the starting cursor (the caller's own `>ID`, if any)."""
    if order and {key.upper(): str(value).upper() for key, value in order.items()} != {ID_FIELD: "ASC"}:
        raise ValueError("iter_list reads with the ID cursor, so order must be {'ID': 'ASC'} (or None); "
                         "sort the records afterwards if you need another order")
    conditions = dict(filter or {})
    cursor = conditions.pop(CURSOR_FILTER, 0)
    params: dict[str, Any] = {"order": {ID_FIELD: "ASC"}, "filter": conditions, "start": -1}
    if select:
        params["select"] = list(select) if ID_FIELD in select or "*" in select else [ID_FIELD, *select]
    return params, cursor


def _page(params: Mapping[str, Any], cursor: Any) -> dict[str, Any]:
    return {**params, "filter": {**params["filter"], CURSOR_FILTER: cursor}}


def _last_id(page: list[dict[str, Any]], cursor: Any) -> Any:
    """The new cursor; refuses to go backwards so a misbehaving server cannot make us loop forever."""
    last = page[-1].get(ID_FIELD)
    if last is None or (cursor not in (None, "") and int(last) <= int(cursor)):
        raise ApiError("INVALID_RESPONSE", "list page is not in ascending ID order", 200)
    return last


def _rows(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise ApiError("INVALID_RESPONSE", "list method did not return a list of records", 200)
    return value


def iter_list(client: PortalClient, method: str, filter: Mapping[str, Any] | None = None,
              select: Sequence[str] | None = None, order: Mapping[str, str] | None = None,
              ) -> Iterator[dict[str, Any]]:
    params, cursor = list_params(filter, select, order)
    page = _rows(client.call(method, _page(params, cursor)))
    yield from page
    if len(page) < PAGE_SIZE:
        return
    cursor = _last_id(page, cursor)
    operation_waits = 0
    while True:
        keys = [f"p{n}" for n in range(PAGES_PER_BATCH)]
        commands = {key: (method, _page(params, cursor if n == 0 else BatchRef(keys[n - 1], (PAGE_SIZE - 1, ID_FIELD))))
                    for n, key in enumerate(keys)}
        reply = client.send_batch(commands)
        for key in keys:
            error = reply.errors.get(key)
            if isinstance(error, OperationTimeLimit):
                operation_waits += 1
                client.wait_out_operation_limit(method, error, operation_waits)
                break  # resume from the cursor of the last page we kept
            if error is not None:
                raise error
            page = _rows(reply.results[key])
            yield from page
            if len(page) < PAGE_SIZE:
                return
            cursor = _last_id(page, cursor)
