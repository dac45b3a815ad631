"""`poryadok devportal` prints the webhook line first and serves REST on it."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import requests

from devportal.cli import build_parser, options_from

ROOT = Path(__file__).resolve().parents[2]


def test_options_carry_limits_token_lifetime_and_app_credentials():
    args = build_parser().parse_args(["--port", "0", "--rate", "5", "--burst", "250", "--token-lifetime", "60",
                                      "--client-id", "local.abc.123", "--client-secret", "s3cret",
                                      "--app-url", "http://127.0.0.1:5001", "--operating-limit", "2"])
    options = options_from(args)
    assert (options["rate"], options["burst"], options["token_lifetime"]) == (5.0, 250, 60)
    assert (options["client_id"], options["client_secret"]) == ("local.abc.123", "s3cret")
    assert options["operating_limit"] == 2.0 and options["app_url"] == "http://127.0.0.1:5001"
    assert "member_id" not in options                     # random unless asked


def test_it_prints_one_webhook_line_and_answers_on_it():
    command = [sys.executable, "-c", "import sys; from devportal.cli import main; "
               "sys.exit(main(['--port', '0', '--seed-size', '20']))"]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}) as process:
        try:
            line = process.stdout.readline().strip()
            assert re.fullmatch(r"webhook: http://127\.0\.0\.1:\d+/rest/1/[0-9a-f]+/", line), line
            answer = requests.post(f"{line.split(' ', 1)[1]}crm.contact.list.json", json={}, timeout=5).json()
            assert answer["total"] == 20
        finally:
            process.send_signal(signal.SIGINT)
            rest_of_output, _ = process.communicate(timeout=10)
    assert process.returncode == 0 and rest_of_output == ""
