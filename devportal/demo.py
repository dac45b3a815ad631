"""`poryadok demo` (`make demo`): devportal, the app and its worker on this machine, the app installed.

1. devportal (portal + OAuth server + DaData stand-in), seeded, on http://127.0.0.1:<portal port>;
2. the app (`poryadok serve`, gunicorn) on 127.0.0.1:<app port>, known to the portal as
   http://localhost:<app port> — another origin, so its pages are cross-site frames as in the cloud;
3. the worker (`poryadok worker`); both with a fresh SQLite file in var/demo/ and PORYADOK_* settings
   pointing every Bitrix24/DaData address at devportal;
4. the app is installed through the portal UI's own requests (the install frame's POST to the app, then
   the portal's install-finish), exactly what the "Установить приложение" button makes a browser do;
5. one line `Open http://…` is printed. Ctrl-C (or SIGTERM) stops the children and the portal.

The app's and the worker's output goes to var/demo/app.log and var/demo/worker.log.
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import requests
from werkzeug.serving import make_server

from devportal.dadata_api import DEFAULT_API_KEY
from devportal.server import create_app
from devportal.state import Portal
from devportal.testing import QuietRequestHandler
from devportal.ui import read_page_config

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


class DemoError(RuntimeError):
    """The demo could not start; the message says what to look at."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="poryadok demo", description=__doc__.splitlines()[0])
    p.add_argument("--portal-port", type=int, default=8100, help="devportal port (busy or 0: any free port)")
    p.add_argument("--app-port", type=int, default=8000, help="app port (busy or 0: any free port)")
    p.add_argument("--seed-size", type=int, default=300, help="contacts to seed (companies and leads follow)")
    p.add_argument("--data-dir", default=str(ROOT / "var" / "demo"), help="where the fresh SQLite files go")
    return p


def free_port(wanted: int) -> int:
    """`wanted` if it can be bound on 127.0.0.1, else any free port."""
    with socket.socket() as probe:
        try:
            probe.bind((HOST, wanted))
        except OSError:
            probe.bind((HOST, 0))
        return probe.getsockname()[1]


def fresh_data_dir(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def app_environment(portal: Portal, app_url: str, data_dir: Path) -> dict[str, str]:
    """PORYADOK_* settings aiming every portal, OAuth and DaData address at devportal."""
    base = portal.options.base_url
    return {**os.environ, "PYTHONUNBUFFERED": "1",
            "PORYADOK_DATABASE": str(data_dir / "poryadok.db"),
            "PORYADOK_CLIENT_ID": portal.app.client_id, "PORYADOK_CLIENT_SECRET": portal.app.client_secret,
            "PORYADOK_PUBLIC_URL": app_url, "PORYADOK_OAUTH_SERVERS": base,
            "PORYADOK_PORTAL_HOSTS": portal.options.domain, "PORYADOK_BX24_SCRIPT_URL": f"{base}/bx24.js",
            "PORYADOK_DADATA_API_KEY": DEFAULT_API_KEY,
            "PORYADOK_DADATA_SUGGESTIONS_URL": f"{base}/dadata/suggestions/api/4_1/rs/",
            # Not served by devportal: pointed there anyway so nothing can reach the real DaData.
            "PORYADOK_DADATA_CLEANER_URL": f"{base}/dadata/cleaner/api/v1/",
            "PORYADOK_DADATA_PROFILE_URL": f"{base}/dadata/profile/api/v2/"}


@contextmanager
def running_portal(port: int, app_url: str, seed_size: int) -> Iterator[Portal]:
    app = create_app({"host": HOST, "port": port, "app_url": app_url, "seed_size": seed_size,
                      "client_id": f"local.{secrets.token_hex(7)}.{secrets.token_hex(4)}"})
    portal: Portal = app.extensions["devportal"]
    server = make_server(HOST, port, app, threaded=True, request_handler=QuietRequestHandler)
    portal.bind_address(f"http://{HOST}:{server.server_port}")
    thread = threading.Thread(target=server.serve_forever, name="devportal", daemon=True)
    thread.start()
    try:
        yield portal
    finally:
        server.shutdown()
        thread.join(timeout=STOP_TIMEOUT)
        server.server_close()
        portal.close()


@contextmanager
def child(name: str, args: list[str], env: dict[str, str], log_path: Path) -> Iterator[subprocess.Popen]:
    """`poryadok <args>` in its own session (our Ctrl-C handling stops it, in order); stopped on exit."""
    with open(log_path, "ab") as log:
        process = subprocess.Popen([sys.executable, str(ROOT / "poryadok.py"), *args], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    process.name = name  # type: ignore[attr-defined]
    try:
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until_answering(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DemoError(f"the app exited with code {process.returncode}; see {log_path}")
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise DemoError(f"the app did not answer at {url} within {START_TIMEOUT:.0f} s; see {log_path}")


def install_through_the_portal_ui(portal_url: str) -> None:
    """The requests the install button makes a browser send: open the app page as the administrator,
    POST its install frame to the app, then tell the portal installFinish() was called."""
    with requests.Session() as session:
        session.cookies.set("devportal_user", "1")
        page = session.get(f"{portal_url}/marketplace/app/", timeout=10)
        page.raise_for_status()
        frames = read_page_config(page.text)["frames"]
        if not frames or frames[0]["kind"] != "install":
            raise DemoError("the portal did not offer the install page (is the app installed already?)")
        frame = frames[0]
        answer = requests.post(frame["action"], data=frame["fields"], timeout=60,
                               headers={"Referer": f"{portal_url}/marketplace/app/"})
        if answer.status_code != 200 or "installFinish" not in answer.text:
            raise DemoError(f"the app's install page answered {answer.status_code}; see the app log")
        finish = session.post(f"{portal_url}/devportal/install-finish", json={"sid": frame["sid"]},
                              headers={"Origin": portal_url}, timeout=10)
        if finish.status_code != 200:
            raise DemoError(f"the portal refused installFinish ({finish.status_code})")


def check_company_tab(portal: Portal) -> None:
    """The promise of the demo: a company card shows the app's tab."""
    with portal.lock:
        bound = [p for p in portal.placements if p["placement"] == "CRM_COMPANY_DETAIL_TAB"]
        if not (portal.app.installed and bound):
            raise DemoError("the app was installed but bound no company tab")


def _stop_on_ctrl_c_and_sigterm() -> None:
    """Ctrl-C and SIGTERM both unwind main() (a shell may have started us with SIGINT ignored)."""
    def handler(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _stop_on_ctrl_c_and_sigterm()
    data_dir = fresh_data_dir(Path(args.data_dir).resolve())
    app_port = free_port(args.app_port)
    app_url = f"http://localhost:{app_port}"
    try:
        with ExitStack() as stack:
            portal = stack.enter_context(running_portal(free_port(args.portal_port), app_url, args.seed_size))
            env = app_environment(portal, app_url, data_dir)
            app_log, worker_log = data_dir / "app.log", data_dir / "worker.log"
            app = stack.enter_context(child("app", ["serve", "--host", HOST, "--port", str(app_port),
                                                    "--workers", "1"], env, app_log))
            worker = stack.enter_context(child("worker", ["worker", "--workers", "1"], env, worker_log))
            wait_until_answering(f"http://{HOST}:{app_port}/", app, app_log)
            install_through_the_portal_ui(portal.options.base_url)
            check_company_tab(portal)
            print(f"Open {portal.options.base_url}/crm/company/list/", flush=True)
            return watch([app, worker], {app: app_log, worker: worker_log})
    except KeyboardInterrupt:
        return 0
    except DemoError as error:
        print(f"poryadok demo: {error}", file=sys.stderr)
        return 1


def watch(processes: list[subprocess.Popen], logs: dict) -> int:
    """Until Ctrl-C: if a child dies, say which and stop the rest."""
    while True:
        for process in processes:
            if process.poll() is not None:
                print(f"poryadok demo: the {process.name} stopped (exit {process.returncode}); "
                      f"see {logs[process]}", file=sys.stderr)
                return 1
        time.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main())
