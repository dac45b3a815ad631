"""Requisites, their bank details and the Russian presets (bitrix24-rest.md §7.1–7.3, §7.5).

- A requisite belongs to a contact (3) or a company (4) only; ENTITY_TYPE_ID, ENTITY_ID and PRESET_ID
  are immutable: on update they are dropped silently, as every non-updatable field is.
- Deleting a requisite deletes its addresses and bank details.
- Rights follow the owner record (see devportal/rights.py).
- Changes are announced as onCrmRequisite*/onCrmBankDetail* events (RU crm/requisites/events/).
- Error texts are the documented ones (RU crm-requisite-update.md: "The Requisite with ID '57' is not
  found", "ENTITY_TYPE_ID is not defined or invalid." …), with the empty code of the legacy proxies.
"""
from __future__ import annotations

from typing import Any

from devportal import addresses, clock, events, schema
from devportal.errors import legacy
from devportal.php import as_int
from devportal.records import Page, Table, paginate
from devportal.rights import require_owner_edit
from devportal.state import Origin, Portal

# ids 1..4 as in examples/crm_requisite_preset_list_response.json; XML_IDs of the default presets from
# the core (bitrix24-rest.md §7.2). «Организация (доп.)» is not a reserved default preset: no XML_ID.
PRESETS = (
    (1, "Организация", "#CRM_REQUISITE_PRESET_DEF_RU_COMPANY#", 500),
    (2, "ИП", "#CRM_REQUISITE_PRESET_DEF_RU_INDIVIDUAL#", 510),
    (3, "Физ. лицо", "#CRM_REQUISITE_PRESET_DEF_RU_PERSON#", 520),
    (4, "Организация (доп.)", None, 530),
)
COUNTRY_RU = "1"
# Max lengths from the core's validation map (bitrix24-rest.md §7.3).
MAX_LENGTH = {"RQ_INN": 15, "RQ_KPP": 9, "RQ_OGRN": 13, "RQ_OGRNIP": 15, "RQ_OKPO": 12, "RQ_OKTMO": 11,
              "RQ_COMPANY_NAME": 255, "RQ_COMPANY_FULL_NAME": 300, "RQ_DIRECTOR": 150, "RQ_ACCOUNTANT": 150,
              "RQ_FIRST_NAME": 50, "RQ_LAST_NAME": 50, "RQ_SECOND_NAME": 50, "RQ_BIK": 9, "RQ_ACC_NUM": 34,
              "RQ_COR_ACC_NUM": 34}


def preset_rows() -> list[dict]:
    created = "2024-01-01T10:00:00+03:00"
    return [{"ID": str(i), "ENTITY_TYPE_ID": "8", "COUNTRY_ID": COUNTRY_RU, "NAME": name, "DATE_CREATE": created,
             "DATE_MODIFY": None, "CREATED_BY_ID": "1", "MODIFY_BY_ID": None, "ACTIVE": "Y", "SORT": str(sort),
             "XML_ID": xml_id} for i, name, xml_id, sort in PRESETS]


def positive_id(value: Any, name: str = "ID") -> int:
    """'<name> is not defined or invalid.' unless a positive integer (CCrmRestProxyBase::checkEntityID)."""
    number = as_int(value)
    if number <= 0:
        raise legacy(f"{name} is not defined or invalid.")
    return number


def _check_lengths(values: dict) -> None:
    for name, limit in MAX_LENGTH.items():
        if values.get(name) and len(values[name]) > limit:
            raise legacy(f"The field {name} is too long: maximum {limit} characters.")   # UNVERIFIED text


def _fields_param(fields: Any) -> dict:
    if not isinstance(fields, dict):
        raise legacy("Parameter 'fields' must be array.")
    return fields


def rendered(row: dict, names: list[str]) -> dict:
    return {n: row.get(n) for n in names}


class Requisites:
    def __init__(self, portal: Portal):
        self.portal = portal

    # -- requisites ------------------------------------------------------------------------------
    def get(self, requisite_id: Any) -> dict:
        return dict(self._requisite(positive_id(requisite_id)))

    def list(self, filter_: Any, order: Any, select: Any, start: Any) -> Page:
        return _page(self.portal.requisites, schema.REQUISITE, filter_, order, select, start)

    def add(self, fields: Any, origin: Origin) -> int:
        given = _fields_param(fields)
        values = schema.read_input(schema.REQUISITE, given, adding=True)
        type_id = int(values.get("ENTITY_TYPE_ID") or 0)
        if type_id not in (3, 4):
            raise legacy("ENTITY_TYPE_ID is not defined or invalid.")
        entity_id = positive_id(values.get("ENTITY_ID"), "ENTITY_ID")
        if self.portal.tables["contact" if type_id == 3 else "company"].get(entity_id) is None:
            raise legacy("ENTITY_ID is not defined or invalid.")
        if int(values.get("PRESET_ID") or 0) not in {p[0] for p in PRESETS}:
            raise legacy("PRESET_ID is not defined or invalid.")
        if not values.get("NAME"):
            raise legacy("NAME is not defined or invalid.")                          # UNVERIFIED text
        _check_lengths(values)
        require_owner_edit(self.portal, origin, type_id, entity_id)
        row_id = _insert(self.portal.requisites, schema.REQUISITE, values, origin, ADDRESS_ONLY="N", RQ_VAT_PAYER="N")
        events.fire(self.portal, "ONCRMREQUISITEADD", row_id, origin)
        return row_id

    def update(self, requisite_id: Any, fields: Any, origin: Origin) -> bool:
        row = self._requisite(positive_id(requisite_id))
        values = schema.read_input(schema.REQUISITE, _fields_param(fields), adding=False)
        _check_lengths(values)
        require_owner_edit(self.portal, origin, int(row["ENTITY_TYPE_ID"]), int(row["ENTITY_ID"]))
        _modify(row, values, origin)
        events.fire(self.portal, "ONCRMREQUISITEUPDATE", int(row["ID"]), origin)
        return True

    def delete(self, requisite_id: Any, origin: Origin) -> bool:
        row = self._requisite(positive_id(requisite_id))
        require_owner_edit(self.portal, origin, int(row["ENTITY_TYPE_ID"]), int(row["ENTITY_ID"]))
        self._drop_requisite(int(row["ID"]))
        events.fire(self.portal, "ONCRMREQUISITEDELETE", int(row["ID"]), origin)
        return True

    def owned_by(self, entity_type_id: int, entity_id: int) -> list[dict]:
        return [r for r in self.portal.requisites.values()
                if r["ENTITY_TYPE_ID"] == str(entity_type_id) and r["ENTITY_ID"] == str(entity_id)]

    def drop_owner(self, entity_type_id: int, entity_id: int) -> None:
        """Cascade when a contact/company/lead goes away."""
        for row in self.owned_by(entity_type_id, entity_id):
            self._drop_requisite(int(row["ID"]))
        addresses.drop_owner(self.portal, entity_type_id, entity_id)

    def _drop_requisite(self, requisite_id: int) -> None:
        self.portal.requisites.delete(requisite_id)
        for detail in [d for d in self.portal.bank_details.values() if d["ENTITY_ID"] == str(requisite_id)]:
            self.portal.bank_details.delete(detail["ID"])
        addresses.drop_owner(self.portal, 8, requisite_id)

    def _requisite(self, requisite_id: int) -> dict:
        row = self.portal.requisites.get(requisite_id)
        if row is None:
            raise legacy(f"The Requisite with ID '{requisite_id}' is not found")
        return row

    # -- bank details ----------------------------------------------------------------------------
    def bank_detail(self, detail_id: Any) -> dict:
        return dict(self._detail(positive_id(detail_id)))

    def bank_details(self, filter_: Any, order: Any, select: Any, start: Any) -> Page:
        return _page(self.portal.bank_details, schema.BANK_DETAIL, filter_, order, select, start)

    def add_bank_detail(self, fields: Any, origin: Origin) -> int:
        values = schema.read_input(schema.BANK_DETAIL, _fields_param(fields), adding=True)
        requisite = self.portal.requisites.get(positive_id(values.get("ENTITY_ID"), "ENTITY_ID"))
        if requisite is None:
            raise legacy("ENTITY_ID is not defined or invalid.")
        if not values.get("NAME"):
            raise legacy("NAME is not defined or invalid.")                          # UNVERIFIED text
        _check_lengths(values)
        require_owner_edit(self.portal, origin, int(requisite["ENTITY_TYPE_ID"]), int(requisite["ENTITY_ID"]))
        row_id = _insert(self.portal.bank_details, schema.BANK_DETAIL, values, origin, COUNTRY_ID=COUNTRY_RU)
        events.fire(self.portal, "ONCRMBANKDETAILADD", row_id, origin)
        return row_id

    def update_bank_detail(self, detail_id: Any, fields: Any, origin: Origin) -> bool:
        row = self._detail(positive_id(detail_id))
        values = schema.read_input(schema.BANK_DETAIL, _fields_param(fields), adding=False)
        _check_lengths(values)
        self._require_detail_edit(row, origin)
        _modify(row, values, origin)
        events.fire(self.portal, "ONCRMBANKDETAILUPDATE", int(row["ID"]), origin)
        return True

    def delete_bank_detail(self, detail_id: Any, origin: Origin) -> bool:
        row = self._detail(positive_id(detail_id))
        self._require_detail_edit(row, origin)
        self.portal.bank_details.delete(row["ID"])
        events.fire(self.portal, "ONCRMBANKDETAILDELETE", int(row["ID"]), origin)
        return True

    def _require_detail_edit(self, row: dict, origin: Origin) -> None:
        requisite = self.portal.requisites.get(row["ENTITY_ID"])
        require_owner_edit(self.portal, origin, int(requisite["ENTITY_TYPE_ID"]), int(requisite["ENTITY_ID"]))

    def _detail(self, detail_id: int) -> dict:
        row = self.portal.bank_details.get(detail_id)
        if row is None:
            raise legacy(f"The BankDetail with ID '{detail_id}' is not found")      # UNVERIFIED text
        return row


def _insert(table: Table, fields: tuple[schema.Field, ...], values: dict, origin: Origin, **defaults: str) -> int:
    """A new row: every field present (null when unset), DATE_MODIFY "" until the first change
    (examples/crm_requisite_get_response_ru_company.json)."""
    row_id = table.next_id()
    row = dict.fromkeys(schema.names(fields))
    row.update(ID=str(row_id), DATE_CREATE=clock.iso(), DATE_MODIFY="", CREATED_BY_ID=str(origin.user_id),
               ACTIVE="Y", SORT="500", **defaults)
    row.update(values)
    table.insert(row_id, row)
    return row_id


def _modify(row: dict, values: dict, origin: Origin) -> None:
    row.update(values)
    row.update(DATE_MODIFY=clock.iso(), MODIFY_BY_ID=str(origin.user_id))


def _page(table: Table, fields: tuple[schema.Field, ...], filter_: Any, order: Any, select: Any, start: Any) -> Page:
    page = paginate(table.find(filter_, order), start)
    names = schema.select_names(fields, select)
    page.rows = [rendered(row, names) for row in page.rows]
    return page


def preset_page(filter_: Any, order: Any, select: Any, start: Any) -> Page:
    table = Table({f.name: f.type for f in schema.PRESET})
    for row in preset_rows():
        table.insert(int(row["ID"]), row)
    return _page(table, schema.PRESET, filter_, order, select, start)
