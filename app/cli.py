"""`poryadok serve` (the web app under gunicorn) and `poryadok worker` (the huey consumer)."""
from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from app.config import ConfigError, load_config


class GunicornServer(BaseApplication):
    """gunicorn embedded: the same server the Procfile runs, started from our own command line."""

    def __init__(self, options: dict[str, Any]):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from app import create_app

        return create_app()


def serve_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="poryadok serve", description="Run the Poryadok web app with gunicorn.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to bind (default 8000)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    args = parser.parse_args(argv)
    if not _config_is_valid():
        return 2
    GunicornServer({
        "bind": f"{args.host}:{args.port}",
        "workers": args.workers,
        "threads": args.threads,
        "worker_class": "gthread",
        "timeout": 120,
        "accesslog": "-",
        # The default access log format is kept: it holds the path and query (DOMAIN, LANG, APP_SID) but
        # never a body, where the Bitrix24 tokens travel.
    }).run()
    return 0


def worker_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="poryadok worker", description="Run the background-job consumer (huey).")
    parser.add_argument("--workers", type=int, default=2, help="concurrent tasks (default 2)")
    parser.add_argument("--worker-type", choices=("thread", "process"), default="thread")
    args = parser.parse_args(argv)
    if not _config_is_valid():
        return 2
    from services.tasks import BackgroundTasks

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    tasks = BackgroundTasks(load_config())
    tasks.huey.create_consumer(workers=args.workers, worker_type=args.worker_type).run()
    return 0


def _config_is_valid() -> bool:
    try:
        load_config()
    except ConfigError as error:
        print(f"poryadok: {error}", file=sys.stderr)
        return False
    return True
