"""`poryadok demo` as a newcomer runs it: one `Open …` line, a company card with the app's tab, Ctrl-C stops all."""
from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from devportal.ui import read_page_config

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


def _first_line(process: subprocess.Popen, timeout: float) -> str:
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return line[0] if line else ""


def _children_of(data_dir: Path) -> list[int]:
    """Live processes started for this demo: the app, its gunicorn worker and the huey worker carry
    PORYADOK_DATABASE=<data_dir>/… in their environment (Linux /proc)."""
    marker = str(data_dir).encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:                       # gone meanwhile, or not ours to read
            continue
    return found


def _wait_for_no_children(data_dir: Path, timeout: float = 10.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while (left := _children_of(data_dir)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc to find the children")
def test_demo_installs_the_app_prints_one_url_and_stops_on_ctrl_c(tmp_path):
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "poryadok.py"), "demo", "--portal-port", "0", "--app-port", "0",
         "--seed-size", "20", "--data-dir", str(tmp_path / "demo")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = _first_line(process, timeout=120)
        assert re.fullmatch(r"Open http://127\.0\.0\.1:\d+/crm/company/list/\n", first), process.stderr.read()
        portal_url = first.split()[1]

        companies = requests.get(portal_url, timeout=10)
        company_path = re.search(r'href="(/crm/company/details/\d+/)"', companies.text).group(1)
        portal_base = portal_url.split("/crm/")[0]
        card = requests.get(portal_base + company_path, timeout=10)
        [tab] = read_page_config(card.text)["frames"]
        assert tab["fields"]["PLACEMENT"] == "CRM_COMPANY_DETAIL_TAB"
        app_page = requests.post(tab["action"], data=tab["fields"], timeout=30)
        # the tab page loads devportal's BX24.js stand-in: the demo's settings reached the app
        assert app_page.status_code == 200 and f'src="{portal_base}/bx24.js"' in app_page.text
        assert (tmp_path / "demo" / "poryadok.db").exists()
        assert len(_children_of(tmp_path / "demo")) >= 3        # gunicorn master + worker, huey worker
    finally:
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    assert out == ""                       # nothing after the one Open line
    assert _wait_for_no_children(tmp_path / "demo") == []       # no gunicorn or huey left behind
    with pytest.raises(requests.ConnectionError):
        requests.post(tab["action"], data=tab["fields"], timeout=5)
