"""The requisites card tab's rules that are about the place, not the registry: which CRM record a tab
works on, and that a contact holds an entrepreneur's (ИП) requisites only.

The rest — reading, searching, diffing, writing, undo — is `services.requisites.RequisitesService`.
"""
from __future__ import annotations

from dataclasses import replace

from requisites.candidates import inn_from_key
from requisites.model import Message, PartyKind, RequisitesError
from services.install import PLACEMENT_COMPANY_TAB, PLACEMENT_CONTACT_TAB
from services.requisites import Owner
from services.requisites.views import SearchView

OWNER_OF_TAB = {PLACEMENT_COMPANY_TAB: Owner.company, PLACEMENT_CONTACT_TAB: Owner.contact}
INDIVIDUAL_INN_LENGTH = 12


class NotARequisitesTab(RequisitesError):
    def __init__(self) -> None:
        super().__init__(Message("Реквизиты заполняются во вкладке карточки компании или контакта.",
                                 "Requisites are filled in the tab of a company or contact card."))


class ContactNeedsEntrepreneur(RequisitesError):
    def __init__(self) -> None:
        super().__init__(Message(
            "У контакта заполняются только реквизиты ИП. Организацию заполните в карточке компании.",
            "A contact takes an entrepreneur's (sole proprietor's) requisites only. "
            "Fill an organisation in its company card."))


def tab_owner(placement: str, entity_id: str | None) -> Owner:
    """The record a tab was opened for — from the signed frame claims, never from the browser's input."""
    make = OWNER_OF_TAB.get(placement)
    if make is None or not entity_id or not str(entity_id).isdigit():
        raise NotARequisitesTab()
    return make(entity_id)


def is_contact(owner: Owner) -> bool:
    return owner.entity_type == "contact"


def only_what_fits(view: SearchView, owner: Owner) -> tuple[SearchView, int]:
    """For a contact: the entrepreneurs among the candidates, and how many organisations were left out."""
    if not is_contact(owner):
        return view, 0
    fitting = [c for c in view.candidates if c.kind == PartyKind.INDIVIDUAL.value]
    hidden = len(view.candidates) - len(fitting)
    # the branch hint speaks of an organisation's branches, which a contact never shows
    return replace(view, candidates=fitting, more_branches_hint=None if hidden else view.more_branches_hint), hidden


def require_fits(owner: Owner, candidate_key: str) -> None:
    """A contact may be filled only from an entrepreneur's record (a 12-digit INN)."""
    if is_contact(owner) and len(inn_from_key(candidate_key)) != INDIVIDUAL_INN_LENGTH:
        raise ContactNeedsEntrepreneur()
