"""The bundled DaData answers: recorded ones unchanged, generated ones fictional, complete and valid."""
from __future__ import annotations

import hashlib
import json
import re

import pytest

from devportal import dadata_fixtures
from devportal.dadata_fixtures import FIXTURES_DIR, GENERATED_FILE
from requisites.checksums import (
    correspondent_account_matches_bik_number,
    is_valid_correspondent_account,
    is_valid_inn10,
    is_valid_inn12,
    is_valid_ogrn,
    is_valid_ogrnip,
)
from tests.reference_examples import DADATA

DOCUMENT = json.loads(GENERATED_FILE.read_text(encoding="utf-8"))
PARTIES = [s["data"] for s in DOCUMENT["party"]]
BANKS = [s["data"] for s in DOCUMENT["bank"]]
KPP = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")


def _by_inn(inn: str) -> list[dict]:
    return [d for d in PARTIES if d["inn"] == inn]


def _case(name: str) -> dict:
    return _by_inn(DOCUMENT["cases"][name])[0]


def test_committed_file_equals_a_fresh_seeded_run():
    assert GENERATED_FILE.read_text(encoding="utf-8") == dadata_fixtures.dump(dadata_fixtures.generate())


def test_recorded_answers_are_byte_identical_to_their_provenance_hashes():
    provenance = (FIXTURES_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    hashes = dict(reversed(line.split()) for line in provenance.splitlines() if re.match(r"^[0-9a-f]{64}  ", line))
    assert len(hashes) == 5
    for name, digest in hashes.items():
        assert hashlib.sha256((FIXTURES_DIR / name).read_bytes()).hexdigest() == digest, name


def test_recorded_answers_match_the_shared_reference():
    sources = list(DADATA.glob("*.json"))       # the tests' copy, byte-identical to ../shared (tests/)
    assert sources
    for source in sources:
        assert (FIXTURES_DIR / source.name).read_bytes() == source.read_bytes()


def test_at_least_thirty_fictional_organisations_all_marked():
    assert DOCUMENT["_fictional"] is True
    assert len({d["inn"] for d in PARTIES}) >= 30
    assert all(d["_fictional"] is True for d in PARTIES + BANKS)


@pytest.mark.parametrize("data", PARTIES, ids=lambda d: f"{d['inn']}-{d['kpp']}")
def test_every_party_has_valid_check_digits(data: dict):
    if data["type"] == "LEGAL":
        assert is_valid_inn10(data["inn"]) and is_valid_ogrn(data["ogrn"])
        assert data["kpp"] is None or KPP.match(data["kpp"])
    else:
        assert is_valid_inn12(data["inn"]) and is_valid_ogrnip(data["ogrn"]) and data["kpp"] is None


def test_head_office_has_two_or_more_branches_with_their_own_kpp():
    rows = _by_inn(DOCUMENT["cases"]["main_with_branches"])
    main = [r for r in rows if r["branch_type"] == "MAIN"]
    branches = [r for r in rows if r["branch_type"] == "BRANCH"]
    assert len(main) == 1 and len(branches) >= 2 and main[0]["branch_count"] == len(branches)
    assert len({r["kpp"] for r in rows}) == len(rows)
    assert {r["ogrn"] for r in rows} == {main[0]["ogrn"]}
    assert all(b["opf"]["code"] == "30002" for b in branches)


def test_individual_entrepreneur_has_the_individual_shape():
    ip = _case("individual")
    assert ip["type"] == "INDIVIDUAL" and len(ip["inn"]) == 12 and len(ip["ogrn"]) == 15
    assert ip["opf"]["code"] == "50102" and ip["management"] is None and ip["branch_type"] is None
    assert ip["name"]["short_with_opf"] == f"ИП {ip['fio']['surname']} {ip['fio']['name']} {ip['fio']['patronymic']}"


@pytest.mark.parametrize("case,status", [("liquidated", "LIQUIDATED"), ("liquidating", "LIQUIDATING"),
                                         ("bankrupt", "BANKRUPT"), ("reorganizing", "REORGANIZING"),
                                         ("individual_liquidated", "LIQUIDATED")])
def test_every_state_the_app_handles_is_present(case: str, status: str):
    state = _case(case)["state"]
    assert state["status"] == status
    assert (state["liquidation_date"] is not None) == (status == "LIQUIDATED")


def test_reorganising_company_names_its_successor():
    [successor] = _case("reorganizing")["successors"]
    assert successor["inn"] == DOCUMENT["cases"]["reorganization_successor"]


def test_company_without_kpp_and_names_with_nested_quotes_exist():
    assert _case("no_kpp")["kpp"] is None and _case("no_kpp")["type"] == "LEGAL"
    assert _case("nested_quotes")["name"]["short_with_opf"].count('"') == 3
    assert len(_case("nested_quotes_long")["name"]["full_with_opf"]) > 150
    assert "«" in _case("nonprofit_guillemets")["name"]["full"]


@pytest.mark.parametrize("bank", BANKS, ids=lambda b: b["bic"])
def test_banks_have_a_bik_and_a_correspondent_account_that_agree(bank: dict):
    assert re.fullmatch(r"04\d{7}", bank["bic"]) and int(bank["bic"][6:]) > 2
    assert correspondent_account_matches_bik_number(bank["correspondent_account"], bank["bic"])
    assert is_valid_correspondent_account(bank["correspondent_account"], bank["bic"])
    assert is_valid_inn10(bank["inn"]) and KPP.match(bank["kpp"])


def test_address_objects_have_the_recorded_key_set():
    recorded = json.loads((FIXTURES_DIR / "find-party_legal-main-and-branch_sberbank.json").read_text("utf-8"))
    keys = set(recorded["suggestions"][0]["data"]["address"]["data"])
    assert all(set(d["address"]["data"]) == keys for d in PARTIES + BANKS)
