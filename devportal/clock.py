"""Portal time: Moscow offset in every date string, like a Russian cloud portal prints it."""
from __future__ import annotations

import datetime as dt
import time

MOSCOW = dt.timezone(dt.timedelta(hours=3))


def now() -> float:
    return time.time()


def iso(ts: float | None = None) -> str:
    """'2024-03-11T16:36:46+03:00' (Bitrix24 REST datetime format)."""
    moment = dt.datetime.fromtimestamp(now() if ts is None else ts, MOSCOW)
    return moment.replace(microsecond=0).isoformat()


def parse_date(value: str) -> dt.datetime | None:
    """Accept what Bitrix accepts on input: ISO 8601 or the Russian dd.mm.yyyy [hh:mm:ss]."""
    value = value.strip()
    if not value:
        return None
    for fmt in ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, fmt).replace(tzinfo=MOSCOW)
        except ValueError:
            pass
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=MOSCOW)


def normalize_datetime(value: str) -> str | None:
    moment = parse_date(value)
    return moment.astimezone(MOSCOW).replace(microsecond=0).isoformat() if moment else None


def normalize_date(value: str) -> str | None:
    """Dates (BIRTHDATE) come back as midnight ISO datetimes, e.g. '2001-11-11T00:00:00+03:00'."""
    moment = parse_date(value)
    if not moment:
        return None
    return dt.datetime(moment.year, moment.month, moment.day, tzinfo=MOSCOW).isoformat()
