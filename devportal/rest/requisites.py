"""crm.requisite.*, crm.requisite.bankdetail.*, crm.requisite.preset.list, crm.address.*, crm.enum.addresstype."""
from __future__ import annotations

from devportal import addresses, schema
from devportal.requisites import Requisites, preset_page
from devportal.rest.registry import Call, Listing, method, page_args


def _register_family(prefix: str, fields: tuple[schema.Field, ...], add, get, list_, update, delete) -> None:
    """add/get/list/update/delete/fields of one requisite-like family, each a Requisites operation."""
    method(f"{prefix}.add")(lambda call: add(call.requisites, call.param("fields"), call.origin))
    method(f"{prefix}.get")(lambda call: get(call.requisites, call.param("id")))
    method(f"{prefix}.list")(lambda call: Listing.of(list_(call.requisites, *page_args(call))))
    method(f"{prefix}.update")(
        lambda call: update(call.requisites, call.param("id"), call.param("fields"), call.origin))
    method(f"{prefix}.delete")(lambda call: delete(call.requisites, call.param("id"), call.origin))
    method(f"{prefix}.fields")(lambda call: {f.name: f.describe() for f in fields})


_register_family("crm.requisite", schema.REQUISITE, Requisites.add, Requisites.get, Requisites.list,
                 Requisites.update, Requisites.delete)
_register_family("crm.requisite.bankdetail", schema.BANK_DETAIL, Requisites.add_bank_detail,
                 Requisites.bank_detail, Requisites.bank_details, Requisites.update_bank_detail,
                 Requisites.delete_bank_detail)


@method("crm.requisite.preset.list")
def preset_list(call: Call) -> Listing:
    return Listing.of(preset_page(*page_args(call)))


@method("crm.requisite.preset.fields")
def preset_fields(call: Call) -> dict:
    return {f.name: f.describe() for f in schema.PRESET}


@method("crm.address.add")
def address_add(call: Call) -> bool:
    return addresses.add(call.portal, call.param("fields"), call.origin)


@method("crm.address.update")
def address_update(call: Call) -> bool:
    return addresses.update(call.portal, call.param("fields"), call.origin)


@method("crm.address.delete")
def address_delete(call: Call) -> bool:
    return addresses.delete(call.portal, call.param("fields"), call.origin)


@method("crm.address.list")
def address_list(call: Call) -> Listing:
    return Listing.of(addresses.list_page(call.portal, *page_args(call)))


@method("crm.address.fields")
def address_fields(call: Call) -> dict:
    return {f.name: f.describe() for f in schema.ADDRESS}


@method("crm.enum.addresstype")
def address_types(call: Call) -> list[dict]:
    return addresses.address_types()
