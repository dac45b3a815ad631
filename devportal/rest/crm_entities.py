"""crm.lead|contact|company|deal.add/get/list/update/delete/fields (legacy UPPER_CASE methods, §5.2)."""
from __future__ import annotations

from typing import Any

from devportal import schema
from devportal.crm import KINDS
from devportal.errors import legacy
from devportal.rest.registry import Call, Listing, method, page_args

_LINK_FIELD_TYPES = {"COMPANY_IDS": "crm_company", "CONTACT_IDS": "crm_contact", "CONTACT_ID": "crm_contact"}


def describe_fields(kind: str) -> dict[str, dict]:
    k = KINDS[kind]
    result = {f.name: f.describe() for f in k.fields}
    for name in k.link_inputs:
        result[name] = {**schema.Field(name, _LINK_FIELD_TYPES[name], multiple=True).describe()}
    if k.multi:
        for name in schema.MULTIFIELD_TYPES:
            result[name] = schema.Field(name, "crm_multifield", multiple=True).describe()
    return result


def array_param(call: Call, name: str) -> Any:
    """The core's resolveArrayParam: absent means empty; a scalar is an error."""
    value = call.param(name)
    if value in (None, ""):
        return {}
    if not isinstance(value, (dict, list)):
        raise legacy(f"Parameter '{name}' must be array.")
    return value


def _register(kind: str) -> None:
    prefix = f"crm.{kind}"

    @method(f"{prefix}.add")
    def add(call: Call) -> int:
        return call.crm.add(kind, call.param("fields"), call.origin)

    @method(f"{prefix}.get")
    def get(call: Call) -> dict:
        return call.crm.get(kind, call.param("id"))

    @method(f"{prefix}.list")
    def list_(call: Call) -> Listing:
        array_param(call, "order")
        array_param(call, "filter")
        filter_, order, select, start = page_args(call)
        return Listing.of(call.crm.list(kind, filter_, order, select, start))

    @method(f"{prefix}.update")
    def update(call: Call) -> bool:
        return call.crm.update(kind, call.param("id"), call.param("fields"), call.origin)

    @method(f"{prefix}.delete")
    def delete(call: Call) -> bool:
        return call.crm.delete(kind, call.param("id"), call.origin)

    @method(f"{prefix}.fields")
    def fields(call: Call) -> dict:
        return describe_fields(kind)


for _kind in KINDS:
    _register(_kind)
