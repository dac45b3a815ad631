"""Which placement codes we serve and with which template: the extension point for feature pages."""
from __future__ import annotations

from dataclasses import dataclass

from services.install import (PLACEMENT_COMPANY_TAB, PLACEMENT_CONTACT_TAB, PLACEMENT_DEFAULT,
                              PLACEMENT_LEAD_TAB)


@dataclass(frozen=True)
class Place:
    code: str
    template: str
    title_key: str  # i18n key naming the place ("Tab in the company card")
    entity_key: str | None  # i18n key of the CRM entity the place shows; None for the app page
    entity_type: str | None  # crm entity type name as the REST API spells it (lead, contact, company)


PLACES: dict[str, Place] = {
    PLACEMENT_DEFAULT: Place(PLACEMENT_DEFAULT, "placements/app_page.html", "place_default", None, None),
    PLACEMENT_COMPANY_TAB: Place(PLACEMENT_COMPANY_TAB, "placements/company_tab.html", "place_company_tab",
                                 "entity_company", "company"),
    PLACEMENT_CONTACT_TAB: Place(PLACEMENT_CONTACT_TAB, "placements/contact_tab.html", "place_contact_tab",
                                 "entity_contact", "contact"),
    PLACEMENT_LEAD_TAB: Place(PLACEMENT_LEAD_TAB, "placements/lead_tab.html", "place_lead_tab",
                              "entity_lead", "lead"),
}

def card_tab(code: str) -> Place | None:
    """The place for a card-tab URL code; the app page is not reachable as a tab."""
    return PLACES.get(code) if code != PLACEMENT_DEFAULT else None
