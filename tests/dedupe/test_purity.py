"""dedupe/ is pure: records in, groups out — it imports no web, HTTP or SQL library."""
import ast
import pathlib

import dedupe

FORBIDDEN = {"flask", "requests", "httpx", "dadata", "sqlite3", "sqlite_utils", "werkzeug", "huey", "storage",
             "services", "app", "bitrix_client"}


def test_dedupe_imports_no_web_http_or_sql_library():
    package = pathlib.Path(dedupe.__file__).parent
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"


def test_readme_states_the_rule():
    readme = (pathlib.Path(dedupe.__file__).parent / "README.md").read_text(encoding="utf-8")
    assert "no Flask" in readme and "no HTTP" in readme and "no SQL" in readme
