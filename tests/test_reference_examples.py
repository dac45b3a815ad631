"""The tests' copy of the shared reference examples is the reference, byte for byte."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.reference_examples import EXAMPLES, SHARED_EXAMPLES

VENDORS = ["bitrix24", "dadata"]


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.mark.skipif(not SHARED_EXAMPLES.is_dir(), reason="../shared/reference/examples is not beside this clone")
@pytest.mark.parametrize("vendor", VENDORS)
def test_copy_matches_the_shared_reference_byte_for_byte(vendor):
    original, copy = files(SHARED_EXAMPLES / vendor), files(EXAMPLES / vendor)
    assert sorted(copy) == sorted(original)  # nothing missing, nothing extra
    changed = [name for name in original if copy[name] != original[name]]
    assert changed == []


@pytest.mark.parametrize("vendor", VENDORS)
def test_copy_is_there_on_a_fresh_clone(vendor):
    names = files(EXAMPLES / vendor)
    assert "README.md" in names and sum(name.endswith(".json") for name in names) >= 5
