"""Project-wide test fixtures. Area-specific fixtures live in tests/<area>/conftest.py."""
from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason="Debian chromium is not installed (make test installs it when run as root)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
