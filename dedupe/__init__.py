"""dedupe: find duplicate leads, contacts and companies in raw Bitrix24 rows — pure, explained, fast.

Records in, clusters out; no Flask, HTTP or SQL here (see README.md).
"""
from dedupe.engine import find_duplicates
from dedupe.model import COMPANY, CONTACT, LEAD, MIXED, Cluster

__all__ = ["find_duplicates", "Cluster", "CONTACT", "COMPANY", "LEAD", "MIXED"]
