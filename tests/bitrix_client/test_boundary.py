"""bitrix_client knows nothing of Flask or SQLite: it imports only `requests`, itself and the standard
library (README.md), so storage reaches it only through the TokenStore/RateLimiter protocols."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import bitrix_client

PACKAGE = Path(bitrix_client.__file__).parent
ALLOWED = {"requests", "bitrix_client", "__future__"}


def imported_top_level_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_the_client_imports_only_requests_and_the_standard_library():
    offenders = {path.name: sorted(name for name in imported_top_level_names(path)
                                   if name not in ALLOWED and name not in sys.stdlib_module_names)
                 for path in PACKAGE.glob("*.py")}
    assert {name: found for name, found in offenders.items() if found} == {}
    assert "sqlite3" not in set().union(*(imported_top_level_names(p) for p in PACKAGE.glob("*.py")))
