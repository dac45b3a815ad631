"""crm.requisite.*, crm.requisite.preset.list, crm.requisite.bankdetail.*, crm.address.*, crm.enum.addresstype."""
from __future__ import annotations

from devportal import addresses, schema
from devportal.requisites import preset_page
from devportal.rest.registry import Call, Listing, method, page_args


@method("crm.requisite.add")
def requisite_add(call: Call) -> int:
    return call.requisites.add(call.param("fields"), call.origin)


@method("crm.requisite.get")
def requisite_get(call: Call) -> dict:
    return call.requisites.get(call.param("id"))


@method("crm.requisite.list")
def requisite_list(call: Call) -> Listing:
    return Listing.of(call.requisites.list(*page_args(call)))


@method("crm.requisite.update")
def requisite_update(call: Call) -> bool:
    return call.requisites.update(call.param("id"), call.param("fields"), call.origin)


@method("crm.requisite.delete")
def requisite_delete(call: Call) -> bool:
    return call.requisites.delete(call.param("id"), call.origin)


@method("crm.requisite.fields")
def requisite_fields(call: Call) -> dict:
    return {f.name: f.describe() for f in schema.REQUISITE}


@method("crm.requisite.preset.list")
def preset_list(call: Call) -> Listing:
    return Listing.of(preset_page(*page_args(call)))


@method("crm.requisite.preset.fields")
def preset_fields(call: Call) -> dict:
    return {f.name: f.describe() for f in schema.PRESET}


@method("crm.requisite.bankdetail.add")
def bankdetail_add(call: Call) -> int:
    return call.requisites.add_bank_detail(call.param("fields"), call.origin)


@method("crm.requisite.bankdetail.get")
def bankdetail_get(call: Call) -> dict:
    return call.requisites.bank_detail(call.param("id"))


@method("crm.requisite.bankdetail.list")
def bankdetail_list(call: Call) -> Listing:
    return Listing.of(call.requisites.bank_details(*page_args(call)))


@method("crm.requisite.bankdetail.update")
def bankdetail_update(call: Call) -> bool:
    return call.requisites.update_bank_detail(call.param("id"), call.param("fields"), call.origin)


@method("crm.requisite.bankdetail.delete")
def bankdetail_delete(call: Call) -> bool:
    return call.requisites.delete_bank_detail(call.param("id"), call.origin)


@method("crm.requisite.bankdetail.fields")
def bankdetail_fields(call: Call) -> dict:
    return {f.name: f.describe() for f in schema.BANK_DETAIL}


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
