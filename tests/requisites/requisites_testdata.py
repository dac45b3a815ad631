"""Shared helpers of the requisites tests (a uniquely named module: `import conftest` is ambiguous)."""
from __future__ import annotations

import json
from pathlib import Path

from requisites.model import PortalAddress, PortalBankDetail, PortalRequisite, PortalSnapshot
from tests.reference_examples import DADATA

FIXTURES = Path(__file__).parent / "fixtures"  # our CONSTRUCTED answers; recorded ones are the reference copy

# crm.requisite.preset.list as the portal answers it with select ID/NAME/XML_ID/COUNTRY_ID/ACTIVE
# (names and order from bitrix24-rest.md §7.2; ids deliberately NOT 1/2 so nothing can rely on them).
PORTAL_PRESETS = [
    {"ID": "11", "NAME": "Организация", "XML_ID": "#CRM_REQUISITE_PRESET_DEF_RU_COMPANY#", "COUNTRY_ID": "1", "ACTIVE": "Y"},
    {"ID": "12", "NAME": "ИП", "XML_ID": "#CRM_REQUISITE_PRESET_DEF_RU_INDIVIDUAL#", "COUNTRY_ID": "1", "ACTIVE": "Y"},
    {"ID": "13", "NAME": "Физ. лицо", "XML_ID": "#CRM_REQUISITE_PRESET_DEF_RU_PERSON#", "COUNTRY_ID": "1", "ACTIVE": "Y"},
    {"ID": "14", "NAME": "Организация (доп.)", "XML_ID": None, "COUNTRY_ID": "1", "ACTIVE": "Y"},
]


def load_fixture(name: str) -> dict:
    folder = FIXTURES if name.endswith("_CONSTRUCTED.json") else DADATA
    return json.loads((folder / name).read_text(encoding="utf-8"))


def wrap_data(data: dict) -> list[dict]:
    """A `data`-only recorded file as the suggestion list DaData returns."""
    name = data["name"]["short_with_opf"]
    return [{"value": name, "unrestricted_value": name, "data": data}]


def snapshot(presets, requisites=(), addresses=(), bank_details=(), loaded=None, owner_type=4, owner="501"):
    """A PortalSnapshot from raw REST-shaped rows (bank details count as read for every requisite by default)."""
    return PortalSnapshot(
        owner_type_id=owner_type, owner_id=owner,
        requisites=tuple(PortalRequisite(r["ID"], r.get("PRESET_ID", "11"), r.get("NAME"), r) for r in requisites),
        addresses=tuple(PortalAddress(a["ENTITY_ID"], a["TYPE_ID"], a) for a in addresses),
        bank_details=tuple(PortalBankDetail(b["ID"], b["ENTITY_ID"], b) for b in bank_details),
        bank_details_loaded_for=frozenset(loaded if loaded is not None else [r["ID"] for r in requisites]),
        presets=tuple(presets))
