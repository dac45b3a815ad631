"""The tests' one copy of the shared reference examples, and where the original lives.

`tests/fixtures/reference/{bitrix24,dadata}/` are byte-for-byte copies of
`../shared/reference/examples/{bitrix24,dadata}/` (sources in each folder's README.md), so a fresh clone
runs every contract test; `tests/test_reference_examples.py` checks the copy against the original
wherever `../shared` sits beside the clone, as it does in CI. Every test area loads examples from here.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = REPO_ROOT / "tests" / "fixtures" / "reference"
BITRIX24 = EXAMPLES / "bitrix24"
DADATA = EXAMPLES / "dadata"
SHARED_EXAMPLES = REPO_ROOT.parent / "shared" / "reference" / "examples"


def bitrix24_example(name: str) -> Any:
    """A documented Bitrix24 payload (response, error, event or form post), decoded."""
    return json.loads((BITRIX24 / name).read_text(encoding="utf-8"))


def dadata_example(name: str) -> Any:
    """A recorded DaData answer, decoded."""
    return json.loads((DADATA / name).read_text(encoding="utf-8"))
