"""`poryadok serve` and `poryadok worker` as real processes on 127.0.0.1, stopped at the end of each test."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from app.cli import serve_main, worker_main
from app.config import load_config
from services.tasks import BackgroundTasks
from storage import open_database
from storage.events import get_event, record_event

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    """The console script's entry point in a child process; its output goes to <db dir>/<command>.log."""
    code = f"import sys; from poryadok import main; sys.exit(main({args!r}))"
    log_path = Path(env["PORYADOK_DATABASE"]).with_name(f"{args[0]}.log")
    with open(log_path, "wb") as log:
        return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=log, stderr=log)


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until(check, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result is not None and result is not False:  # a 4xx requests.Response is falsy but an answer
            return result
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


@pytest.fixture
def environment(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("PORYADOK_")}
    env["PORYADOK_DATABASE"] = str(tmp_path / "poryadok.db")
    return env


def test_serve_runs_the_app_under_gunicorn(environment):
    port = free_port()
    server = start(["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"], environment)
    try:
        def answered():
            try:
                return requests.post(f"http://127.0.0.1:{port}/events", data={"event": "X"}, timeout=2)
            except requests.ConnectionError:
                return None

        response = wait_until(answered)
        assert response.status_code == 400 and response.json()["error"] == "event_malformed"
        assert requests.get(f"http://127.0.0.1:{port}/static/poryadok.css", timeout=2).status_code == 200
    finally:
        stop(server)


def test_worker_consumes_events_queued_by_another_process(environment):
    config = load_config(environment)
    db = open_database(config["DATABASE"])
    worker = start(["worker", "--workers", "1"], environment)
    try:
        event_id = record_event(db, "member", "ONCRMLEADADD", "1", {"event": "ONCRMLEADADD"})
        BackgroundTasks(config).process_event(event_id)

        wait_until(lambda: get_event(db, event_id)["state"] == "done")
    finally:
        stop(worker)
        db.conn.close()


@pytest.mark.parametrize("main", [serve_main, worker_main])
def test_bad_configuration_stops_the_command_with_a_message(main, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("PORYADOK_DATABASE", str(tmp_path / "p.db"))
    monkeypatch.setenv("PORYADOK_RATE_LIMIT", "lots")

    assert main([]) == 2
    assert "PORYADOK_RATE_LIMIT" in capsys.readouterr().err
