"""Who may change what: administrators anything; others only records assigned to themselves.

Reading is open to every user (the devportal managers' role: "read all, edit own"). Dependent
objects (requisites, addresses, bank details, activities) follow the rights on their owner record.
"""
from __future__ import annotations

from devportal.errors import legacy
from devportal.state import ENTITY_NAMES, Origin, Portal

ACCESS_DENIED = "Access denied."


def can_edit(portal: Portal, user_id: int, row: dict) -> bool:
    user = portal.user(user_id)
    return user.is_admin or str(row.get("ASSIGNED_BY_ID")) == str(user.id)


def is_admin(portal: Portal, origin: Origin) -> bool:
    return portal.user(origin.user_id).is_admin


def owner_row(portal: Portal, entity_type_id: int, entity_id: int) -> dict | None:
    name = ENTITY_NAMES.get(int(entity_type_id))
    table = portal.tables.get(name) if name else None
    return table.get(entity_id) if table is not None else None


def require_owner_edit(portal: Portal, origin: Origin, entity_type_id: int, entity_id: int) -> dict:
    """The owner record if `origin` may change it (and so its requisites/addresses); else Access denied."""
    row = owner_row(portal, entity_type_id, entity_id)
    if row is None or not can_edit(portal, origin.user_id, row):
        raise legacy(ACCESS_DENIED)
    return row
