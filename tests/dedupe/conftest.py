"""Fixtures of the dedupe tests; row builders live in crm_rows.py."""
from __future__ import annotations

import pytest

from dedupe import find_duplicates


@pytest.fixture
def find():
    """find(contacts=[…], companies=[…], leads=[…], requisites=[…]) → clusters."""
    return find_duplicates
