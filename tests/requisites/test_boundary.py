"""requisites/ stays pure: only dadata_source.py may import the vendor client or HTTP (README.md)."""
from __future__ import annotations

import ast
from pathlib import Path

import requisites

PACKAGE = Path(requisites.__file__).parent
FORBIDDEN = {"flask", "requests", "httpx", "dadata", "sqlite3", "sqlite_utils", "bitrix_client", "storage",
             "services", "app", "placements", "devportal", "huey", "socket", "urllib"}
ADAPTER = "dadata_source.py"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_pure_modules_import_no_io_library():
    offenders = {path.name: sorted(_imports(path) & FORBIDDEN) for path in PACKAGE.glob("*.py")
                 if path.name != ADAPTER and _imports(path) & FORBIDDEN}
    assert offenders == {}


def test_the_adapter_reaches_only_dadata_and_httpx():
    assert _imports(PACKAGE / ADAPTER) & FORBIDDEN == {"dadata", "httpx"}


def test_readme_states_the_rule_and_names_every_module():
    readme = (PACKAGE / "README.md").read_text(encoding="utf-8")
    assert "import nothing from Flask, requests, httpx" in readme
    for path in PACKAGE.glob("*.py"):
        if path.name != "__init__.py":
            assert f"`{path.name}`" in readme, path.name
