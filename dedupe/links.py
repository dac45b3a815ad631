"""Lead → company links: which known company a lead belongs to (for the lead-linking feature).

Leads are not merged into companies; each lead is linked to at most one company group. A lead that
fits several groups equally — a title shared by firms in different cities — is linked to none: a
wrong link is worse than no link. So is a lead that carries only the INN of a company with branches
(same INN, other KPPs, or a card titled as its branch): the INN names the legal entity, not which
office the person works at; the lead's title («… филиал Челябинск») or phone may still pick one card
clearly, and so may the person: a lead found to be a known contact works where that contact works
(link_leads_by_their_contacts). A branch's note and the head office's card do not meet by the site
every office shares.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from dedupe.blocking import COMPANY_BLOCK_LIMIT, company_keys, with_city_noted_titles
from dedupe.comparisons import (LEGAL_CONFLICT, LEGAL_SAME_INN, NONE, PHONE_SAME, PHONE_SAME_LINE, relate_emails,
                                relate_legal_ids, relate_phones, shared_domain)
from dedupe import reasons as r
from dedupe.grouping import Group
from dedupe.model import COMPANY, CONTACT, LEAD, Pair, Record, lead_and_other
from dedupe.phones import landline_area
from dedupe.places import names_city
from dedupe.scoring import (STRONG, WEAK, company_contact_evidence, evidence, legal_evidence, make_pair,
                            title_evidence)
from dedupe.titles import DIFFERENT, INITIALS_ONLY, PLACE, SAME, TYPO, compare_titles, names_a_place_of

# KPP digits 5–6 of a legal entity registered where it is (01), or as one of the largest taxpayers (50);
# any other reason code is a separate subdivision's.
_HEAD_OFFICE_KPP_REASONS = ("01", "50")
_CLEAR_LEAD = 0.02        # how much better the best company must score than the runner-up
_CLEAR_WEAK_LEAD = 0.15   # … when neither has an INN or a title backed by contact data


def link_leads_to_companies(records: Sequence[Record], lead_indices: Sequence[int],
                            company_index: dict[tuple, list[int]], title_index: dict[str, list[int]],
                            group_of: dict[int, int]) -> list[Pair]:
    """One Pair (lead, company) per lead that clearly belongs to one company group."""
    links = []
    branched = branched_inns(records, company_index)
    title_index = with_city_noted_titles(records, title_index)
    firm_at = _cards_by_id(records)
    for i in lead_indices:
        lead = records[i]
        own = firm_at.get(lead.company_id)
        if own is not None:                 # the lead's own COMPANY_ID outranks whatever else fits it
            pair = score_lead_company(i, own, lead, records[own], branched)
            if pair is not None:
                links.append(pair)
                continue
        candidates = ((j, score_lead_company(i, j, lead, records[j], branched))
                      for j in _candidate_companies(lead, company_index, title_index))
        chosen = _clear_winner(_best_per_group(candidates, group_of))
        if chosen is not None:
            links.append(chosen)
    return links


def link_leads_by_their_contacts(records: Sequence[Record], people_groups: Sequence[Group],
                                 linked_leads: set[int], group_of: dict[int, int]) -> list[Pair]:
    """(lead, company) for leads not yet linked that were found to be a known contact, at the card of
    that contact's company — when the lead itself names the firm (its title, INN, a phone or mailbox of
    the firm). The person settles what the lead alone cannot: which of two firms of one name, which
    office of an INN with branches. Only a pair of the lead with that contact itself counts, and a thin
    one (a first name alone) only on the very same number or mailbox: a number one slip away, or a
    chain through other cards, is not sure enough to pick an office."""
    firm_at = _cards_by_id(records)
    links = []
    for group in people_groups:
        employers: dict[int, list[int]] = {}             # lead → the contacts it is surely, at a known firm
        for pair in group.pairs:
            lead, contact = lead_and_other(pair, records)
            if (_sure(pair) and records[lead].kind == LEAD and records[contact].kind == CONTACT
                    and lead not in linked_leads and records[contact].company_id in firm_at):
                employers.setdefault(lead, []).append(contact)
        for i, contacts in employers.items():
            firms = ((firm_at[records[contact].company_id], contact) for contact in contacts)
            candidates = ((j, _at_contacts_firm(i, j, contact, records)) for j, contact in firms)
            chosen = _clear_winner(_best_per_group(candidates, group_of))
            if chosen is not None:
                links.append(chosen)
    return links


_SAME_CHANNEL = frozenset({r.PHONE, r.PHONE_LINE, r.EMAIL, r.EMAIL_ALIAS})


def _sure(pair: Pair) -> bool:
    return not pair.weak or any(item.code in _SAME_CHANNEL for item in pair.evidence)


def _cards_by_id(records: Sequence[Record]) -> dict[str, int]:
    """Company id → the index of its card."""
    return {record.id: j for j, record in enumerate(records) if record.kind == COMPANY}


def _at_contacts_firm(i: int, j: int, contact: int, records: Sequence[Record]) -> Pair | None:
    """The lead `i` at card `j`, the firm of `contact` who the lead is."""
    pair = score_lead_company(i, j, records[i], records[j])
    if pair is None:
        return None
    works_there = evidence(r.CONTACT_WORKS_THERE, records[contact].name.display())
    return make_pair(i, j, [*pair.evidence, works_there], STRONG)


def _best_per_group(scored: Iterable[tuple[int, Pair | None]], group_of: dict[int, int]) -> list[Pair]:
    """Of the (company index, its pair with the lead), the best pair per company group."""
    best: dict[int, Pair] = {}
    for company, pair in scored:
        if pair is None:
            continue
        group = group_of.get(company, company)
        kept = best.get(group)
        if kept is None or _rank(pair) > _rank(kept):
            best[group] = pair
    return list(best.values())


def branched_inns(records: Sequence[Record], company_index: dict[tuple, list[int]]) -> frozenset[str]:
    """INNs of organisations known to have branches: a card with a separate subdivision's KPP (digits
    5–6 other than 01, or 50 for the largest taxpayers), two KPPs under one INN, or a card of the same
    name titled as a branch («Филиал ООО «Ромашка» в г. Казани») that holds no other INN. Such an INN
    names the legal entity, not the office a lead works at — even when the CRM holds only one card of
    it. A branch-titled card without requisites may belong to another firm of a common name; the INN
    is then withheld all the same — no link rather than a wrong one. A plainly titled card of the same
    name in another city is not enough: common names are shared by unrelated firms, and the INN names
    one of them."""
    cards_by_name: dict[str, list[Record]] = {}
    for record in records:
        if record.kind == COMPANY and record.title is not None and record.title.core:
            cards_by_name.setdefault(record.title.core, []).append(record)
    found = set()
    for key, members in company_index.items():
        if key[0] != "inn":
            continue
        inn = key[1]
        kpps = {legal_id.kpp for i in members for legal_id in records[i].legal_ids if legal_id.inn == inn and legal_id.kpp}
        if len(kpps) > 1 or any(kpp[4:6] not in _HEAD_OFFICE_KPP_REASONS for kpp in kpps):
            found.add(inn)
        elif any(_branch_of(other, inn) for i in members if records[i].title is not None
                 for other in cards_by_name.get(records[i].title.core, ())):
            found.add(inn)
    return frozenset(found)


def _branch_of(other: Record, inn: str) -> bool:
    """`other`, a card of the name of a card holding `inn`, is titled as a branch of that firm."""
    return other.title.branch and all(legal_id.inn == inn for legal_id in other.legal_ids)


def _candidate_companies(lead: Record, company_index: dict[tuple, list[int]],
                         title_index: dict[str, list[int]]) -> set[int]:
    found: set[int] = set()
    for key in company_keys(lead):
        members = company_index.get(key, ())
        if len(members) <= COMPANY_BLOCK_LIMIT:
            found.update(members)
    if lead.title is not None and lead.title.key:
        for key in {lead.title.key, lead.title.core} - {""}:      # «… г. Казань» on the lead meets the plain card
            members = title_index.get(key, ())
            if len(members) <= COMPANY_BLOCK_LIMIT:
                found.update(members)
    return found


def _rank(pair: Pair) -> tuple[bool, float, int]:
    return (not pair.weak, pair.score, len(pair.evidence))


def _clear_winner(pairs: list[Pair]) -> Pair | None:
    if not pairs:
        return None
    pairs.sort(key=_rank, reverse=True)
    if len(pairs) == 1:
        return pairs[0]
    best, second = pairs[0], pairs[1]
    if best.weak:
        # Thin evidence pointing at two companies says nothing, unless one clearly has more of it
        # (the branch's own phone and the shared mail domain, against the mail domain alone).
        return best if second.weak and best.score - second.score >= _CLEAR_WEAK_LEAD else None
    if not second.weak and best.score - second.score < _CLEAR_LEAD and not _more_evidence(best, second):
        return None
    return best


def _more_evidence(best: Pair, second: Pair) -> bool:
    """The best company has everything the runner-up has and more: the INN and the title both offices
    share, plus the branch's own phone or mailbox. The scores saturate near 1, so the difference in
    score cannot say it."""
    kept, rival = {item.code for item in best.evidence}, {item.code for item in second.evidence}
    return rival < kept


def score_lead_company(i: int, j: int, lead: Record, company: Record,
                       branched: frozenset[str] = frozenset()) -> Pair | None:
    """A lead that belongs to a known company: same INN, or its title plus a phone/e-mail/site. The
    INN of a firm with branches (`branched`) says nothing about which office: the rest must."""
    legal = relate_legal_ids(lead.legal_ids, company.legal_ids)
    if legal.kind == LEGAL_CONFLICT:
        return None
    if lead.company_id and lead.company_id == company.id:
        return make_pair(i, j, [evidence(r.LINKED_COMPANY)], STRONG)     # the link Bitrix24 already holds
    names_office = legal.kind != NONE and not (legal.kind == LEGAL_SAME_INN and legal.legal_id.inn in branched)
    title = compare_titles(lead.title, company.title) if lead.title is not None and not lead.title.is_empty else ""
    if title == DIFFERENT and names_a_place_of(lead.title, company.title):
        title = PLACE                    # «Мегаполис» of the lead, «Мегаполис (филиал в г. Казань)» on the card
    if title == DIFFERENT and not names_office:
        return None                      # the lead names another company
    if lead.city and company.city and lead.city != company.city and not names_office:
        return None
    phone = relate_phones(lead.phones, company.phones)
    email = relate_emails(lead.emails, company.emails)
    domain = shared_domain(lead.domains, company.domains)
    contact = phone.kind in (PHONE_SAME, PHONE_SAME_LINE) or email.kind == "same" or bool(domain)
    items = (legal_evidence(legal) + title_evidence(lead, company, title)
             + company_contact_evidence(phone, email, domain))
    # A city note on one side («Орион (Казань)») leaves the same name; a branch note names another office.
    title_alone_fits = title == SAME or (title == PLACE and not (lead.title.branch or company.title.branch))
    # A branch note backs only the office's own number or mailbox: the site is every office's.
    own_line = phone.kind in (PHONE_SAME, PHONE_SAME_LINE) or email.kind == "same"
    if names_office or (title in (SAME, TYPO, INITIALS_ONLY) and contact) or (title == PLACE and own_line):
        verdict = STRONG
    elif title == PLACE and _another_office(lead, company):
        verdict = None                   # one names a branch the other is not: whatever site they share
    elif contact or (title_alone_fits and not _points_elsewhere(lead, company)):
        verdict = WEAK                   # kept only if no other company fits the lead as well
    else:
        verdict = None
    return make_pair(i, j, items, verdict)


def _another_office(lead: Record, company: Record) -> bool:
    """One title names a branch and the other does not, and nothing says the plainly titled one is in
    the branch's city (a branch's own card is often titled plainly: «АО ВодоМонтаж» in Саратов is the
    «филиал, Саратов»): neither the branch's note nor the branch record's own city."""
    if lead.title.branch == company.title.branch:
        return False
    branch, other = (lead, company) if lead.title.branch else (company, lead)
    return not (other.city and (branch.city == other.city or names_city(branch.title.note, other.city)))


def _points_elsewhere(lead: Record, company: Record) -> bool:
    """A title is all the lead and the company share, yet the lead's own site or mail domain is
    another, or its office numbers are in another city (the area code of a landline tells the city):
    another firm of that name."""
    if lead.domains and company.domains:
        return True                      # none in common, or the caller would have seen it
    lead_areas = {area for phone in lead.phones if (area := landline_area(phone.e164))}
    company_areas = {area for phone in company.phones if (area := landline_area(phone.e164))}
    return bool(lead_areas and company_areas and not lead_areas & company_areas)
