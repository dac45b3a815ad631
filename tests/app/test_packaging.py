"""What a non-editable install (`pip install .`, a wheel) needs beyond the Python files."""
from __future__ import annotations

import glob
import tomllib
from pathlib import Path

import app

ROOT = Path(__file__).resolve().parents[2]
APP_DIR = Path(app.__file__).resolve().parent


def test_top_level_install_page_is_the_app_template_a_wheel_carries():
    # The issue puts install.html at the top level, outside every package; the app's template folder
    # links to it, so the same page renders from a checkout and from site-packages.
    assert (APP_DIR / "templates" / "install.html").resolve() == (ROOT / "install.html").resolve()
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    packaged = {path for pattern in setuptools["package-data"]["*"]
                for path in glob.glob(pattern, root_dir=APP_DIR, recursive=True)}  # setuptools' own matching
    assert "templates/install.html" in packaged
