"""Activities and timeline comments, with their bindings to CRM records (bitrix24-rest.md §6.3, §10).

An activity or comment may be bound to several records; OWNER_TYPE_ID/OWNER_ID show the first
binding, and list filters on OWNER_* match any binding (as the bindings table does in the core).
`crm.activity.binding.move` moves one binding between records of the same type; the last binding
of an activity cannot be deleted. Error codes of these newer controllers are UNVERIFIED: devportal
answers NOT_FOUND / ACCESS_DENIED / ERROR_ARGUMENT with HTTP 400.
"""
from __future__ import annotations

from typing import Any

from devportal import clock, schema
from devportal.errors import RestError, legacy
from devportal.php import as_int, param
from devportal.records import Page, paginate
from devportal.rights import can_edit, owner_row
from devportal.state import Origin, Portal

COMMENT_TYPES = {"lead": 1, "deal": 2, "contact": 3, "company": 4}
MAX_BINDINGS = 100


def _not_found(what: str) -> RestError:
    return RestError("NOT_FOUND", f"{what} not found", 400)


def _owner(portal: Portal, type_id: Any, entity_id: Any) -> tuple[int, int]:
    try:
        key = (int(type_id), int(entity_id))
    except (TypeError, ValueError):
        raise RestError("ERROR_ARGUMENT", "Owner is not defined or invalid.", 400) from None
    if owner_row(portal, *key) is None:
        raise _not_found("Owner")
    return key


def _require_edit(portal: Portal, origin: Origin, key: tuple[int, int]) -> None:
    if not can_edit(portal, origin.user_id, owner_row(portal, *key)):
        raise RestError("ACCESS_DENIED", "Access denied.", 400)


def show_owner(row: dict) -> None:
    bindings = row["_bindings"]
    row["OWNER_TYPE_ID"], row["OWNER_ID"] = (str(bindings[0][0]), str(bindings[0][1])) if bindings else (None, None)


# -- activities ----------------------------------------------------------------------------------
def add_activity(portal: Portal, fields: Any, origin: Origin) -> int:
    if not isinstance(fields, dict):
        raise legacy("Parameter 'fields' must be array.")
    owner = _owner(portal, fields.get("OWNER_TYPE_ID"), fields.get("OWNER_ID"))
    values = schema.read_input(schema.ACTIVITY, fields, adding=True, skip=("OWNER_TYPE_ID", "OWNER_ID"))
    if not values.get("SUBJECT"):
        raise legacy("The field SUBJECT is required.")                                 # UNVERIFIED text
    row_id = portal.activities.next_id()
    now = clock.iso()
    row = {n: None for n in schema.names(schema.ACTIVITY)}
    row.update(ID=str(row_id), TYPE_ID="1", CREATED=now, LAST_UPDATED=now, START_TIME=now, END_TIME=now,
               COMPLETED="N", STATUS="1", PRIORITY="2", DIRECTION="0", DESCRIPTION="", DESCRIPTION_TYPE="1",
               RESPONSIBLE_ID=str(origin.user_id), AUTHOR_ID=str(origin.user_id), EDITOR_ID=str(origin.user_id))
    row.update(values)
    row["_bindings"] = [owner]
    show_owner(row)
    portal.activities.insert(row_id, row)
    return row_id


def list_activities(portal: Portal, filter_: Any, order: Any, select: Any, start: Any) -> Page:
    filter_ = dict(filter_) if isinstance(filter_, dict) else {}
    owner_type = filter_.pop("OWNER_TYPE_ID", None)
    owner_id = filter_.pop("OWNER_ID", None)
    rows = portal.activities.find(filter_, order)
    if owner_type is not None or owner_id is not None:
        rows = (r for r in rows if any((owner_type is None or str(t) == str(owner_type)) and
                                       (owner_id is None or str(i) == str(owner_id)) for t, i in r["_bindings"]))
    page = paginate(rows, start)
    names = schema.select_names(schema.ACTIVITY, select)
    page.rows = [{n: row.get(n) for n in names} for row in page.rows]
    return page


def _activity(portal: Portal, params: dict) -> dict:
    row = portal.activities.get(param(params, "activityId"))
    if row is None:
        raise _not_found("Activity")
    return row


def list_bindings(portal: Portal, params: dict) -> list[dict]:
    return [{"entityTypeId": t, "entityId": i} for t, i in _activity(portal, params)["_bindings"]]


def add_binding(portal: Portal, params: dict, origin: Origin) -> bool:
    row = _activity(portal, params)
    key = _owner(portal, param(params, "entityTypeId"), param(params, "entityId"))
    _require_edit(portal, origin, key)
    if key not in row["_bindings"]:
        if len(row["_bindings"]) >= MAX_BINDINGS:
            raise RestError("ERROR_ARGUMENT", "Too many bindings", 400)
        row["_bindings"].append(key)
    return True


def delete_binding(portal: Portal, params: dict, origin: Origin) -> bool:
    row = _activity(portal, params)
    key = _owner(portal, param(params, "entityTypeId"), param(params, "entityId"))
    _require_edit(portal, origin, key)
    if key not in row["_bindings"]:
        raise _not_found("Binding")
    if len(row["_bindings"]) == 1:
        raise RestError("ERROR_ARGUMENT", "The last binding cannot be deleted", 400)
    row["_bindings"].remove(key)
    show_owner(row)
    return True


def move_binding(portal: Portal, params: dict, origin: Origin) -> bool:
    row = _activity(portal, params)
    source = (as_int(param(params, "sourceEntityTypeId")), as_int(param(params, "sourceEntityId")))
    target = _owner(portal, param(params, "targetEntityTypeId"), param(params, "targetEntityId"))
    if source[0] != target[0]:
        raise RestError("ERROR_ARGUMENT", "Source and target entity types must be equal", 400)
    if source not in row["_bindings"]:
        raise _not_found("Binding")
    _require_edit(portal, origin, source)
    _require_edit(portal, origin, target)
    index = row["_bindings"].index(source)
    if target in row["_bindings"]:
        row["_bindings"].pop(index)
    else:
        row["_bindings"][index] = target
    show_owner(row)
    return True


# -- timeline comments ---------------------------------------------------------------------------
def add_comment(portal: Portal, fields: Any, origin: Origin) -> int:
    """crm.timeline.comment.add: lowercase `fields`, ENTITY_TYPE a lowercase name (§10)."""
    if not isinstance(fields, dict):
        raise legacy("Parameter 'fields' must be array.")
    type_name = str(fields.get("ENTITY_TYPE") or "").lower()
    if type_name not in COMMENT_TYPES:
        raise legacy("ENTITY_TYPE is not defined or invalid.")
    entity_id = as_int(fields.get("ENTITY_ID"))
    if entity_id <= 0 or owner_row(portal, COMMENT_TYPES[type_name], entity_id) is None:
        raise legacy("ENTITY_ID is not defined or invalid.")
    if not str(fields.get("COMMENT") or "").strip():
        raise legacy("COMMENT is not defined or invalid.")
    row_id = portal.comments.next_id()
    portal.comments.insert(row_id, {"ID": str(row_id), "CREATED": clock.iso(), "ENTITY_ID": str(entity_id),
                                    "ENTITY_TYPE": type_name, "AUTHOR_ID": str(origin.user_id),
                                    "COMMENT": str(fields["COMMENT"]),
                                    "_bindings": [(COMMENT_TYPES[type_name], entity_id)]})
    return row_id


def list_comments(portal: Portal, filter_: Any, start: Any) -> Page:
    filter_ = dict(filter_) if isinstance(filter_, dict) else {}
    type_name = str(filter_.pop("ENTITY_TYPE", "") or "").lower()
    entity_id = filter_.pop("ENTITY_ID", None)
    rows = portal.comments.find(filter_, None)
    if type_name or entity_id is not None:
        rows = (r for r in rows if any((not type_name or t == COMMENT_TYPES.get(type_name)) and
                                       (entity_id is None or str(i) == str(entity_id)) for t, i in r["_bindings"]))
    page = paginate(rows, start)
    page.rows = [{k: v for k, v in row.items() if not k.startswith("_")} for row in page.rows]
    return page


def drop_owner(portal: Portal, entity_type_id: int, entity_id: int) -> None:
    """A deleted record takes its bindings along; activities and comments bound nowhere else go too."""
    key = (entity_type_id, entity_id)
    for table in (portal.activities, portal.comments):
        for row in list(table.values()):
            if key in row["_bindings"]:
                row["_bindings"].remove(key)
                if not row["_bindings"]:
                    table.delete(row["ID"])
                elif "OWNER_ID" in row:
                    show_owner(row)
