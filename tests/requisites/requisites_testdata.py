"""Shared helpers of the requisites tests (a uniquely named module: `import conftest` is ambiguous)."""
from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

# crm.requisite.preset.list as the portal answers it with select ID/NAME/XML_ID/COUNTRY_ID/ACTIVE
# (names and order from bitrix24-rest.md §7.2; ids deliberately NOT 1/2 so nothing can rely on them).
PORTAL_PRESETS = [
    {"ID": "11", "NAME": "Организация", "XML_ID": "#CRM_REQUISITE_PRESET_DEF_RU_COMPANY#", "COUNTRY_ID": "1", "ACTIVE": "Y"},
    {"ID": "12", "NAME": "ИП", "XML_ID": "#CRM_REQUISITE_PRESET_DEF_RU_INDIVIDUAL#", "COUNTRY_ID": "1", "ACTIVE": "Y"},
    {"ID": "13", "NAME": "Физ. лицо", "XML_ID": "#CRM_REQUISITE_PRESET_DEF_RU_PERSON#", "COUNTRY_ID": "1", "ACTIVE": "Y"},
    {"ID": "14", "NAME": "Организация (доп.)", "XML_ID": None, "COUNTRY_ID": "1", "ACTIVE": "Y"},
]


def load_fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def wrap_data(data: dict) -> list[dict]:
    """A `data`-only recorded file as the suggestion list DaData returns."""
    name = data["name"]["short_with_opf"]
    return [{"value": name, "unrestricted_value": name, "data": data}]
