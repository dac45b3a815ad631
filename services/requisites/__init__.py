"""Requisites in the portal: the card tab's service, the bulk fill, and their REST/journal plumbing.

Pages call `RequisitesService` (card.py) and start `run_bulk_fill_job` (bulk.py); both build their
DaData source with `make_source` (sources.py).
"""
from services.requisites.card import (BankNotFound, CandidateNotFound, ChangedSincePreview, NothingToUndo,
                                      RequisitesService)
from services.requisites.portal_io import Owner, WriteFailed

__all__ = ["RequisitesService", "Owner", "WriteFailed", "CandidateNotFound", "BankNotFound", "NothingToUndo",
           "ChangedSincePreview"]
