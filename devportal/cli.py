"""`poryadok devportal --port P --seed-size N …`: run the stand-in until Ctrl-C.

Prints exactly one line on start, `webhook: http://HOST:PORT/rest/1/<code>/`, so scripts and people
can call its REST at once (the admin's incoming webhook).
"""
from __future__ import annotations

import argparse
import sys

from werkzeug.serving import make_server

from devportal.options import PortalOptions
from devportal.server import create_app
from devportal.testing import QuietRequestHandler

DEFAULTS = PortalOptions(member_id="", client_id="", client_secret="", webhook_code="")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="poryadok devportal",
                                description="Local Bitrix24 portal + OAuth server + DaData stand-in.")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8100, help="port (0 = any free port; default 8100)")
    p.add_argument("--seed-size", type=int, default=0, help="contacts to seed (companies, leads follow)")
    p.add_argument("--seed", type=int, default=DEFAULTS.seed, help="random seed of the seed data")
    p.add_argument("--rate", type=float, default=DEFAULTS.rate, help="requests per second the bucket drains")
    p.add_argument("--burst", type=int, default=DEFAULTS.burst, help="requests allowed before 503")
    p.add_argument("--operating-limit", type=float, default=DEFAULTS.operating_limit,
                   help="seconds of execution per method per window before 429")
    p.add_argument("--operating-window", type=float, default=DEFAULTS.operating_window, help="window, seconds")
    p.add_argument("--operating-scale", type=float, default=DEFAULTS.operating_scale,
                   help="multiply measured execution time (reach the limit sooner)")
    p.add_argument("--token-lifetime", type=int, default=DEFAULTS.token_lifetime, help="access token seconds")
    p.add_argument("--client-id", help="the local app's client_id (random when omitted)")
    p.add_argument("--client-secret", help="the local app's client_secret (random when omitted)")
    p.add_argument("--app-url", default=DEFAULTS.app_url, help="the app's public base URL")
    p.add_argument("--app-handler-path", default=DEFAULTS.app_handler_path, help="app page path")
    p.add_argument("--app-install-path", default=DEFAULTS.app_install_path, help="install page path")
    p.add_argument("--member-id", help="portal member_id (random when omitted)")
    p.add_argument("--webhook-code", help="incoming webhook code of user 1 (random when omitted)")
    p.add_argument("--merge-result-status", action="store_true",
                   help="answer a failed crm.entity.mergeBatch with result.STATUS instead of HTTP 400")
    return p


def options_from(args: argparse.Namespace) -> dict:
    options = {"host": args.host, "port": args.port, "seed_size": args.seed_size, "seed": args.seed,
               "rate": args.rate, "burst": args.burst, "operating_limit": args.operating_limit,
               "operating_window": args.operating_window, "operating_scale": args.operating_scale,
               "token_lifetime": args.token_lifetime, "app_url": args.app_url,
               "app_handler_path": args.app_handler_path, "app_install_path": args.app_install_path,
               "merge_failure_as_error": not args.merge_result_status}
    for name in ("client_id", "client_secret", "member_id", "webhook_code"):
        if getattr(args, name):
            options[name] = getattr(args, name)
    return options


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    app = create_app(options_from(args))
    portal = app.extensions["devportal"]
    server = make_server(args.host, args.port, app, threaded=True, request_handler=QuietRequestHandler)
    portal.bind_address(f"http://{args.host}:{server.server_port}")
    print(f"webhook: {portal.webhook_url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        portal.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
