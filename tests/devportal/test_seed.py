"""Seed data is realistic and carries duplicates in the forms they really take (speed: benchmarks/)."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from devportal import multifields, seed_variants
from devportal.options import PortalOptions
from devportal.seed import seed_portal
from devportal.state import Portal
from requisites.checksums import is_valid_inn, is_valid_ogrn


@pytest.fixture(scope="module")
def portal() -> Portal:
    portal = Portal(PortalOptions())
    seed_portal(portal, 600, seed=7)
    return portal


def digits(value: str) -> str:
    return re.sub(r"\D", "", value)[-10:]


def test_it_creates_the_asked_number_of_contacts_and_companies_leads_deals_around_them(portal: Portal):
    assert len(portal.tables["contact"]) == 600
    assert len(portal.tables["company"]) >= 600 // 8 and len(portal.tables["lead"]) == 60
    assert len(portal.tables["deal"]) > 0 and len(portal.activities) > 0


def test_the_same_phone_appears_in_different_formats(portal: Portal):
    by_number: dict[str, set[str]] = {}
    for row in portal.tables["contact"].values():
        for value in multifields.values_of(row, "PHONE"):
            by_number.setdefault(digits(value), set()).add(value)
    assert sum(1 for spellings in by_number.values() if len(spellings) > 1) >= 20


def test_people_are_typed_again_with_swapped_names_typos_and_caps(portal: Portal):
    rows = list(portal.tables["contact"].values())
    last_names = {r["LAST_NAME"] for r in rows if r.get("LAST_NAME")}
    assert any(r["NAME"] in last_names for r in rows)                        # surname typed as first name
    assert any(r["NAME"] and r["NAME"].isupper() and len(r["NAME"]) > 1 for r in rows)
    assert any(r["NAME"] and " " in r["NAME"] and not r.get("LAST_NAME") for r in rows)


def test_emails_repeat_in_other_case_or_with_a_domain_typo(portal: Portal):
    emails = [v for r in portal.tables["contact"].values() for v in multifields.values_of(r, "EMAIL")]
    lowered = Counter(e.lower() for e in emails)
    assert any(count > 1 for count in lowered.values())
    assert any(e.split("@")[1] in seed_variants.MAIL_TYPOS.values() for e in emails)


def test_companies_come_with_legal_forms_and_quotes_in_many_spellings(portal: Portal):
    titles = [r["TITLE"] for r in portal.tables["company"].values()]
    assert any("«" in t for t in titles) and any('"' in t for t in titles)
    assert any(t.endswith(" ООО") for t in titles) and any(t.startswith("ИП ") for t in titles)


def test_requisites_have_valid_check_digits_and_some_companies_share_an_inn(portal: Portal):
    requisites = list(portal.requisites.values())
    assert requisites and all(is_valid_inn(r["RQ_INN"]) for r in requisites)
    assert all(is_valid_ogrn(r["RQ_OGRN"]) for r in requisites if r.get("RQ_OGRN"))
    inns = Counter(r["RQ_INN"] for r in requisites)
    assert any(count > 1 for count in inns.values())
    owners = {r["ENTITY_ID"] for r in requisites}
    assert any(str(company_id) not in owners for company_id in portal.tables["company"].rows)
    assert any(a["TYPE_ID"] == "6" and a["ENTITY_TYPE_ID"] == "8" for a in portal.addresses.values())


def test_organisations_the_dadata_stand_in_knows_wait_without_requisites(portal: Portal):
    sberbank = next(r for r in portal.tables["company"].values() if r["TITLE"] == "ПАО Сбербанк")
    assert sberbank["UF_CRM_1687188367"] == "7707083893"
    assert not [r for r in portal.requisites.values() if r["ENTITY_ID"] == sberbank["ID"]]


def test_the_companies_a_person_sees_first_are_registry_organisations_to_fill(portal: Portal):
    newest = max(portal.tables["company"].values(), key=lambda r: int(r["ID"]))
    assert (newest["TITLE"], newest["UF_CRM_1687188367"]) == ("ПАО Сбербанк", "7707083893")
    assert not [r for r in portal.requisites.values() if r["ENTITY_ID"] == newest["ID"]]


def test_leads_from_people_already_in_the_crm(portal: Portal):
    contact_numbers = {digits(v) for r in portal.tables["contact"].values() for v in multifields.values_of(r, "PHONE")}
    lead_numbers = [digits(v) for r in portal.tables["lead"].values() for v in multifields.values_of(r, "PHONE")]
    assert sum(n in contact_numbers for n in lead_numbers) >= 10


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    def names(seed: int) -> list[str]:
        portal = Portal(PortalOptions())
        seed_portal(portal, 50, seed=seed)
        return [r["NAME"] for r in portal.tables["contact"].values()]
    assert names(1) == names(1) != names(2)
