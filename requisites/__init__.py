"""requisites: pure logic for company requisites — validation, DaData→Bitrix24 mapping, diff, plans.

See README.md for the boundary rule. The DaData adapter is imported explicitly
(`from requisites.dadata_source import DadataSource`) so that importing this package never pulls in
httpx.
"""
from requisites.candidates import build_candidates, find_candidate
from requisites.mapping import map_bank, map_party, resolve_preset
from requisites.model import Candidate, Message, Mode, Plan, PortalSnapshot, RequisitesError
from requisites.plans import build_plan, undo_writes
from requisites.validation import classify_query

__all__ = [
    "classify_query", "build_candidates", "find_candidate", "map_party", "map_bank", "resolve_preset",
    "build_plan", "undo_writes", "Candidate", "Message", "Mode", "Plan", "PortalSnapshot", "RequisitesError",
]
