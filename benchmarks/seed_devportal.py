"""How long devportal takes to seed N contacts (default 100,000) with companies, leads and duplicates.

    .venv/bin/python benchmarks/seed_devportal.py [N]

Prints the wall time and what was created. The issue's target: 100,000 contacts in under a minute.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devportal.options import PortalOptions  # noqa: E402
from devportal.seed import seed_portal  # noqa: E402
from devportal.state import Portal  # noqa: E402


def main(argv: list[str]) -> int:
    contacts = int(argv[0]) if argv else 100_000
    portal = Portal(PortalOptions())
    started = time.perf_counter()
    report = seed_portal(portal, contacts)
    elapsed = time.perf_counter() - started
    print(f"seeded {report.contacts} contacts in {elapsed:.1f} s "
          f"({report.contacts / elapsed:,.0f} contacts/s)")
    print(f"  companies {report.companies} (duplicates {report.duplicate_companies}, with requisites "
          f"{report.requisites}), leads {report.leads} (from known people {report.duplicate_leads}), "
          f"deals {report.deals}, duplicate contacts {report.duplicate_contacts}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
