"""crm.address.*: addresses have no ID — TYPE_ID + ENTITY_TYPE_ID + ENTITY_ID name one (§7.4).

Owners: a requisite (8) or a lead (1). ANCHOR_TYPE_ID/ANCHOR_ID are filled with the requisite's
owner (contact/company) or the lead. Texts from RU crm-address-add.md / -update.md: "TypeAddress
exists", "TypeAddress not found", "… is not defined or invalid.".
UNVERIFIED (the docs only advise sending every part on update): the stricter reading is taken —
an update REPLACES the address, parts not sent become empty.
"""
from __future__ import annotations

from typing import Any

from devportal import schema
from devportal.errors import legacy
from devportal.php import as_int
from devportal.records import Page, paginate
from devportal.rights import require_owner_edit
from devportal.state import Origin, Portal

ADDRESS_TYPES = ((11, "Адрес доставки"), (1, "Фактический адрес"), (6, "Юридический адрес"),
                 (4, "Адрес регистрации"), (8, "Адрес для корреспонденции"), (9, "Адрес бенефициара"))
OWNER_TYPES = (1, 8)
PARTS = ("ADDRESS_1", "ADDRESS_2", "CITY", "POSTAL_CODE", "REGION", "PROVINCE", "COUNTRY", "COUNTRY_CODE")


def address_types() -> list[dict]:
    """crm.enum.addresstype, in the documented order (examples/crm_enum_addresstype_response.json)."""
    return [{"ID": type_id, "NAME": name, "SYMBOL_CODE": None, "SYMBOL_CODE_SHORT": None}
            for type_id, name in ADDRESS_TYPES]


def _key(portal: Portal, fields: Any) -> tuple[int, int, int]:
    if not isinstance(fields, dict):
        raise legacy("Parameter 'fields' must be array.")
    type_id, owner_type, owner_id = (as_int(fields.get(n)) for n in ("TYPE_ID", "ENTITY_TYPE_ID", "ENTITY_ID"))
    if type_id not in {t for t, _ in ADDRESS_TYPES}:
        raise legacy("TYPE_ID is not defined or invalid.")
    if owner_type not in OWNER_TYPES:
        raise legacy("ENTITY_TYPE_ID is not defined or invalid.")
    owner = (portal.requisites if owner_type == 8 else portal.tables["lead"]).get(owner_id)
    if owner_id <= 0 or owner is None:
        raise legacy("ENTITY_ID is not defined or invalid.")
    return type_id, owner_type, owner_id


def _anchor(portal: Portal, owner_type: int, owner_id: int) -> tuple[int, int]:
    if owner_type == 8:
        requisite = portal.requisites.get(owner_id)
        return int(requisite["ENTITY_TYPE_ID"]), int(requisite["ENTITY_ID"])
    return 1, owner_id


def _find(portal: Portal, key: tuple[int, int, int]) -> dict | None:
    row_id = portal.address_index.get(key)
    return portal.addresses.get(row_id) if row_id is not None else None


def add(portal: Portal, fields: Any, origin: Origin) -> bool:
    key = _key(portal, fields)
    anchor = _anchor(portal, key[1], key[2])
    require_owner_edit(portal, origin, *anchor)
    if _find(portal, key) is not None:
        raise legacy("TypeAddress exists")
    row_id = portal.addresses.next_id()
    row = {"TYPE_ID": str(key[0]), "ENTITY_TYPE_ID": str(key[1]), "ENTITY_ID": str(key[2]),
           **_parts(fields), "LOC_ADDR_ID": str(row_id),
           "ANCHOR_TYPE_ID": str(anchor[0]), "ANCHOR_ID": str(anchor[1]), "_row": row_id}
    portal.addresses.insert(row_id, row)
    portal.address_index[key] = row_id
    return True


def update(portal: Portal, fields: Any, origin: Origin) -> bool:
    _existing(portal, fields, origin).update(_parts(fields))
    return True


def delete(portal: Portal, fields: Any, origin: Origin) -> bool:
    _remove(portal, _existing(portal, fields, origin))
    return True


def _existing(portal: Portal, fields: Any, origin: Origin) -> dict:
    key = _key(portal, fields)
    require_owner_edit(portal, origin, *_anchor(portal, key[1], key[2]))
    row = _find(portal, key)
    if row is None:
        raise legacy("TypeAddress not found")
    return row


def _parts(fields: dict) -> dict:
    values = schema.read_input(schema.ADDRESS, {k: v for k, v in fields.items() if k in PARTS}, adding=True)
    return {part: (values.get(part) or None) if part == "COUNTRY_CODE" else values.get(part, "") for part in PARTS}


def list_page(portal: Portal, filter_: Any, order: Any, select: Any, start: Any) -> Page:
    page = paginate(portal.addresses.find(filter_, order), start)
    names = schema.select_names(schema.ADDRESS, select)
    page.rows = [{n: row.get(n) for n in names} for row in page.rows]
    return page


def drop_owner(portal: Portal, owner_type: int, owner_id: int) -> None:
    for row in [r for r in portal.addresses.values()
                if r["ENTITY_TYPE_ID"] == str(owner_type) and r["ENTITY_ID"] == str(owner_id)]:
        _remove(portal, row)


def _remove(portal: Portal, row: dict) -> None:
    portal.addresses.delete(row["_row"])
    portal.address_index.pop((int(row["TYPE_ID"]), int(row["ENTITY_TYPE_ID"]), int(row["ENTITY_ID"])), None)
