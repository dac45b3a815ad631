"""The `poryadok` console script: one entry point, each subcommand owned by its package.

Subcommands import their package lazily so that, for example, `poryadok dedupe find` never loads
Flask, and the app never imports devportal.
"""
from __future__ import annotations

import importlib
import sys

# subcommand -> (module, function, help). The function takes the remaining argv list and returns an exit code.
SUBCOMMANDS = {
    "serve": ("app.cli", "serve_main", "run the web app with gunicorn"),
    "worker": ("app.cli", "worker_main", "run the background-job consumer (huey)"),
    "devportal": ("devportal.cli", "main", "run the local Bitrix24 + OAuth + DaData stand-in"),
    "demo": ("devportal.demo", "main", "start devportal, the app and the worker, install the app, print the URL"),
    "dedupe": ("dedupe.cli", "main", "find duplicates in JSON Lines exports (`poryadok dedupe find --help`)"),
}


def usage() -> str:
    lines = ["usage: poryadok <command> [options]", "", "commands:"]
    lines += [f"  {name:<10} {help_}" for name, (_, _, help_) in SUBCOMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print(usage())
        return 0
    name, rest = argv[0], argv[1:]
    if name not in SUBCOMMANDS:
        print(f"poryadok: unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module_name, function_name, _ = SUBCOMMANDS[name]
    function = getattr(importlib.import_module(module_name), function_name)
    return int(function(rest) or 0)


if __name__ == "__main__":
    sys.exit(main())
