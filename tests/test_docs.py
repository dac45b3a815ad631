"""The README and the code must not drift: every setting, route and placement named in one exists in the other."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from app import create_app
from app.config import SETTINGS
from placements.registry import PLACES

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def app_routes() -> set[str]:
    app = create_app({"DATABASE": ":memory:", "TESTING": True})
    return {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"}


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.env)
def test_every_setting_is_documented_in_the_readme(setting):
    assert f"`{setting.env}`" in README


def test_every_setting_the_readme_names_exists():
    named = set(re.findall(r"`(PORYADOK_[A-Z0-9_]+)`", README))
    assert named <= {setting.env for setting in SETTINGS}


def test_every_route_is_documented_in_the_readme(app_routes):
    for route in app_routes:
        documented = route.replace("<job_id>", "<id>")
        assert documented in README, route


def test_every_route_the_readme_names_exists(app_routes):
    named = set(re.findall(r"`(?:GET|POST)(?:`/`POST)? (/[^`\s]+)`", README))
    assert named, "the README's route table was not found"
    assert {route.replace("<id>", "<job_id>") for route in named} <= app_routes


def test_every_card_tab_is_documented_in_the_readme():
    for code in PLACES:
        assert code in README


def test_the_readme_shows_the_two_commands_and_ci_runs_the_test_one():
    assert "make demo" in README and "make test" in README
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.MULTILINE)
