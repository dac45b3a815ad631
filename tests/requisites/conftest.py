"""Fixtures for the pure requisites tests: recorded/constructed DaData answers and portal presets."""
from __future__ import annotations

import pytest

from requisites.candidates import build_candidates
from tests.requisites.requisites_testdata import PORTAL_PRESETS, load_fixture, wrap_data


@pytest.fixture
def sberbank():
    """(main office, Baikal branch) candidates from the recorded findById/party answer."""
    main, branch = build_candidates(load_fixture("find-party_legal-main-and-branch_sberbank.json")["suggestions"])
    return main, branch


@pytest.fixture
def steklokon():
    return build_candidates(wrap_data(load_fixture("find-party-data-only_legal-llc-full-maximal.json")))[0]


@pytest.fixture
def entrepreneur():
    return build_candidates(load_fixture("find-party_individual_CONSTRUCTED.json")["suggestions"])[0]


@pytest.fixture
def liquidated():
    return build_candidates(load_fixture("find-party_liquidated_CONSTRUCTED.json")["suggestions"])[0]


@pytest.fixture
def sberbank_bank_suggestion():
    return load_fixture("find-bank_sberbank-044525225.json")["suggestions"][0]


@pytest.fixture
def presets():
    return [dict(p) for p in PORTAL_PRESETS]
