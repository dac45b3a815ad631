"""crm.duplicate.findbycomm and crm.entity.mergeBatch; the rules live in devportal/duplicates.py."""
from __future__ import annotations

from devportal import duplicates
from devportal.php import param
from devportal.rest.registry import Call, method


@method("crm.duplicate.findbycomm")
def find_by_comm(call: Call):
    entity_type = param(call.params, "entity_type") or param(call.params, "entityType")
    return duplicates.find_by_comm(call.portal, call.param("type"), call.param("values"), entity_type)


@method("crm.entity.mergeBatch")
def merge_batch(call: Call) -> dict:
    return duplicates.merge_batch(call.portal, call.param("params"), call.origin)
