"""Pair decisions: explicit rules over the facts in comparisons.py, grounded in how CRM data looks.

People (contacts and leads): a conflicting name, gender or INN always wins — a shared office phone,
a family e-mail or a role mailbox never makes two differently named people one. A matching name needs
one piece of shared contact data (a phone, an e-mail, a mistyped phone, the same company); namesakes
whose own numbers or mailboxes disagree are two people (a work mailbox and a private one do not
disagree), except at one company, where cards that differ only in phone numbers are one person with a
new mobile. A thin name (first name only, initials, none at all) needs a phone or personal e-mail of
its own, or a mobile one slip away (not the next SIM of a batch), and is marked weak.
Companies: different INNs, or one INN with different KPPs (branches), are never merged; nor are two
cities, unless one entrepreneur's INN is on both. A title alone pairs two cards only when one holds
nothing else (bare_cards.py), or when both name one entrepreneur in full and nothing of their own
disagrees; otherwise it needs an INN, a settlement account, a phone, e-mail, site or the same street
address; a similar title needs one that is not also a different firm's (a business centre's
switchboard or address).

The score is 1 − Π(1 − weight) over the evidence: a readable confidence, not the decision itself.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from dedupe import reasons as r
from dedupe.comparisons import (LEGAL_CONFLICT, LEGAL_SAME_INN, LEGAL_SAME_KPP, NONE, PHONE_ONE_DIGIT,
                                PHONE_OTHER_EXTENSION, PHONE_SAME, PHONE_SAME_LINE, EmailRelation, LegalRelation,
                                PhoneRelation, relate_emails, relate_legal_ids, relate_phones, shared_domain)
from dedupe.model import CONTACT, LEAD, Evidence, Pair, Record
from dedupe.names import (CONFLICT, FIRST_ONLY, FULL, INITIALS, LOOSE, STRONG as SURNAME_AND_FIRST_NAME, NameMatch,
                          compare_names)
from dedupe.phones import in_sequence, landline_area
from dedupe.titles import DIFFERENT, INITIALS_ONLY, PLACE, SAME, TYPO, compare_card_titles, legal_forms_conflict

_WEIGHTS = {
    r.NAME_FULL: 0.75, r.NAME_SAME: 0.6, r.NAME_TYPO: 0.5, r.NAME_FIRST_ONLY: 0.25, r.NAME_INITIALS: 0.35,
    r.NAME_SHORT_FORM: 0.0, r.NAME_SWAPPED: 0.0,
    r.PHONE: 0.85, r.PHONE_LINE: 0.6, r.PHONE_ONE_DIGIT: 0.4, r.PHONE_FROM_COMMENTS: 0.0,
    r.EMAIL: 0.9, r.EMAIL_ALIAS: 0.9, r.EMAIL_ROLE: 0.3, r.EMAIL_ONE_LETTER: 0.4, r.EMAIL_FROM_COMMENTS: 0.0,
    r.SAME_COMPANY: 0.4, r.INN: 0.95, r.INN_KPP: 0.98,
    r.TITLE: 0.5, r.TITLE_TYPO: 0.4, r.TITLE_INITIALS: 0.2, r.TITLE_ONLY: 0.5, r.TITLE_PLACE: 0.45, r.DOMAIN: 0.7,
    r.ADDRESS: 0.6, r.ACCOUNT: 0.95, r.LINKED_CONTACT: 0.9, r.LINKED_COMPANY: 0.9,
    r.CONTACT_WORKS_THERE: 0.5,
}
_SHARED_PHONE_WEIGHT = 0.5
STRONG, WEAK = "strong", "weak"


def evidence(code: str, detail: str = "", weight: float | None = None) -> Evidence:
    return Evidence(code, _WEIGHTS[code] if weight is None else weight, detail)


def combined_score(items: list[Evidence]) -> float:
    remaining = 1.0
    for item in items:
        remaining *= 1.0 - item.weight
    return round(min(0.99, 1.0 - remaining), 2)


def make_pair(i: int, j: int, items: list[Evidence], verdict: str | None) -> Pair | None:
    if verdict is None:
        return None
    return Pair(min(i, j), max(i, j), combined_score(items), tuple(items), weak=verdict == WEAK)


# ---------------------------------------------------------------- people (contacts and leads)

_NO_LEGAL = LegalRelation(NONE)


def _personal_legal(a: Record, b: Record) -> LegalRelation:
    """A contact's own requisites (ИП, физлицо) identify the person; an INN on a lead is its company's."""
    if a.kind != CONTACT or b.kind != CONTACT or not a.legal_ids or not b.legal_ids:
        return _NO_LEGAL
    return relate_legal_ids(a.legal_ids, b.legal_ids)


def people_conflict(a: Record, b: Record) -> bool:
    """Certainly two different people: used by grouping for every pair inside a group."""
    if _personal_legal(a, b).kind == LEGAL_CONFLICT:
        return True
    return compare_names(a.name, b.name).level == CONFLICT


class _PeopleFacts(NamedTuple):
    name: NameMatch
    phone: PhoneRelation
    email: EmailRelation
    legal: LegalRelation
    same_company: bool
    shared_line: bool          # the matching number is an office/family line used by different people
    office_line: bool          # … and it is a company's own number
    own_contacts_differ: Callable[[], _Disagreement]  # asked lazily
    linked: bool = False       # the lead's CONTACT_ID is the contact: Bitrix24 already links them
    family_channel: bool = False  # a lead, and all the pair has in common is a number or mailbox of a family


@dataclass(frozen=True)
class PeopleContext:
    """What scoring people needs to know about the whole data set."""
    shared_lines: frozenset[str] = frozenset()   # numbers of clearly different people, and switchboards
    office_lines: frozenset[str] = frozenset()   # numbers on company cards (a subset of shared_lines)
    company_group: dict[str, str] = field(default_factory=dict)   # company id → id of its duplicate group
    # shared line → surname ("" for none) → the people on that line: only namesakes can be confused
    line_holders: dict[str, dict[str, list[Record]]] = field(default_factory=dict)
    family_channels: frozenset[str] = frozenset()    # numbers and mailboxes two members of one family share


def score_people(i: int, j: int, a: Record, b: Record, context: PeopleContext) -> Pair | None:
    if a.name.gender != b.name.gender and a.name.gender and b.name.gender:
        return None                      # the commonest verdict on a shared line, before any lookup
    legal = _personal_legal(a, b)
    if legal.kind == LEGAL_CONFLICT:
        return None
    name = compare_names(a.name, b.name)
    if name.level == CONFLICT:
        return None
    phone = relate_phones(a.phones, b.phones)
    email = relate_emails(a.emails, b.emails)
    company = _company_in_common(a, b, context.company_group)
    # A number both have that nobody else has (a mobile) is personal, whatever else they share; the
    # same extension on both sides is one desk, not the switchboard everybody shares.
    if phone.kind == PHONE_SAME:
        phone = _prefer_personal(a, b, phone, context.shared_lines)
    desk = phone.kind == PHONE_SAME and bool(phone.a.extension)
    shared = phone.a is not None and not desk and phone.a.e164 in context.shared_lines
    office = shared and phone.a.e164 in context.office_lines
    linked = _linked(a, b)
    facts = _PeopleFacts(name, phone, email, legal, bool(company), shared, office,
                         lambda: _own_contacts_differ(a, b, phone, email, context.shared_lines), linked,
                         LEAD in (a.kind, b.kind) and _on_family_channel(phone, email, context.family_channels))
    verdict = _decide_people(facts)
    if verdict is None:
        return None
    personal_email = email.kind == "same" and not email.a.role
    personal_phone = phone.kind == PHONE_SAME and not shared
    if (not (personal_email or personal_phone or linked) and legal.kind == NONE
            and _ambiguous_on_lines(a, b, context.line_holders)):
        return None
    items = (_name_evidence(a, b, name) + _phone_evidence(phone, shared) + _email_evidence(email)
             + legal_evidence(legal) + ([evidence(r.SAME_COMPANY, company)] if company else [])
             + ([evidence(r.LINKED_CONTACT)] if linked else []))
    return make_pair(i, j, items, verdict)


def _on_family_channel(phone: PhoneRelation, email: EmailRelation, family_channels: frozenset[str]) -> bool:
    """The pair's only number or mailbox in common is a family's: nothing personal besides it."""
    family_phone = phone.kind in (PHONE_SAME, PHONE_SAME_LINE) and phone.a.e164 in family_channels
    family_mail = email.kind == "same" and email.a.mailbox in family_channels
    other_phone = phone.kind in (PHONE_SAME, PHONE_SAME_LINE) and not family_phone
    other_mail = email.kind == "same" and not family_mail
    return (family_phone or family_mail) and not (other_phone or other_mail)


def _linked(a: Record, b: Record) -> bool:
    return bool(a.linked_contact and a.linked_contact == b.id and b.kind == CONTACT
                or b.linked_contact and b.linked_contact == a.id and a.kind == CONTACT)


def _prefer_personal(a: Record, b: Record, phone: PhoneRelation, shared_lines: frozenset[str]) -> PhoneRelation:
    """Of several numbers in common, report a personal one rather than a shared line."""
    if phone.a.e164 not in shared_lines:
        return phone
    for left in a.phones:
        if left.e164 in shared_lines:
            continue
        for right in b.phones:
            if right.e164 == left.e164 and right.extension == left.extension:
                return PhoneRelation(PHONE_SAME, left, right)
    return phone


def _ambiguous_on_lines(a: Record, b: Record, line_holders: dict[str, dict[str, list[Record]]]) -> bool:
    """A shared line (a family's home phone, a switchboard) identifies nobody by itself. A pair that
    touches one is ambiguous if someone else on it fits one side but not the other, or if two people
    on it who are not one person both fit the pair: «Варлов Саша» on the home line of Александр
    Сергеевич and of his son Александр Александрович could be either, so it is paired with neither."""
    for phone in a.phones + b.phones:
        by_surname = line_holders.get(phone.e164)
        if not by_surname:
            continue
        fitting: list[Record] = []
        surnames = {a.name.surname, b.name.surname, ""}
        for other in (other for surname in surnames for other in by_surname.get(surname, ())):
            if other is a or other is b:
                continue
            conflicts_a, conflicts_b = people_conflict(other, a), people_conflict(other, b)
            if conflicts_a != conflicts_b:
                return True
            if not conflicts_a:
                if any(people_conflict(other, seen) for seen in fitting):
                    return True
                fitting.append(other)
    return False


class _Disagreement(NamedTuple):
    """What two cards of one name hold of their own and do not share: the mark of namesakes."""
    phones: bool             # both have numbers of their own and none agrees
    mailboxes: bool          # both have private mailboxes, or both work ones, and none agrees
    any_mailboxes: bool      # both have personal mailboxes of whatever kind and none agrees

    @property
    def found(self) -> bool:
        return self.phones or self.mailboxes

    @property
    def found_any(self) -> bool:
        """For a thin name, any two mailboxes of the cards' own disagree: «Юлия» at ynaumova@… is not
        the Юлия Савватьева of savvatevayi@…"""
        return self.phones or self.any_mailboxes


def _own_contacts_differ(a: Record, b: Record, phone: PhoneRelation, email: EmailRelation,
                         shared_phones: set[str]) -> _Disagreement:
    own_a = {p.e164 for p in a.phones if p.e164 not in shared_phones}
    own_b = {p.e164 for p in b.phones if p.e164 not in shared_phones}
    phones = phone.kind != PHONE_ONE_DIGIT and _none_in_common(own_a, own_b)
    mail_a = [e for e in a.emails if not e.role]
    mail_b = [e for e in b.emails if not e.role]
    any_mailboxes = email.kind != "one_letter" and _none_in_common({e.mailbox for e in mail_a},
                                                                   {e.mailbox for e in mail_b})
    # A work mailbox and a private one do not disagree — most people have both; two private ones, or
    # two work ones, do.
    kinds = {e.company_domain is not None for e in mail_a} & {e.company_domain is not None for e in mail_b}
    return _Disagreement(phones, any_mailboxes and bool(kinds), any_mailboxes)


def _decide_people(facts: _PeopleFacts) -> str | None:
    name, phone, email = facts.name, facts.phone, facts.email
    if facts.legal.kind in (LEGAL_SAME_KPP, LEGAL_SAME_INN) or facts.linked:
        return STRONG
    personal_email = email.kind == "same" and not email.a.role
    if phone.kind == PHONE_OTHER_EXTENSION and email.kind != "same" and not (name.confirms_person and facts.same_company):
        return None                      # one office line, two desks: two people — unless one name at one firm
    if name.confirms_person:
        return _confirm_name(facts)
    line = phone.kind in (PHONE_SAME, PHONE_SAME_LINE)
    exact_phone = phone.kind == PHONE_SAME and not facts.shared_line
    same_mobile = exact_phone and landline_area(phone.a.e164) is None
    # A mobile one slip away backs a name that fits only in part (initials, a first name alone, a surname
    # misspelt apart) when nothing personal disagrees. An office number one away is the next desk's, and
    # a mobile whose last digit alone differs the next SIM card of a firm's or a family's batch.
    slipped_mobile = (phone.kind == PHONE_ONE_DIGIT and landline_area(phone.a.e164) is None
                      and landline_area(phone.b.e164) is None and not in_sequence(phone.a.e164, phone.b.e164))
    slipped_and_nothing_disagrees = slipped_mobile and not facts.own_contacts_differ().found_any
    if name.level == LOOSE:
        # Two parts each one letter off: only with phone AND mailbox. One surname misspelt its own way
        # on each card (Кулиикова / Куликвоа), the rest alike: the same mobile or personal mailbox (an
        # office landline may be two colleagues, Жуков and Жаров), or a mobile one slip away.
        if name.spelt_apart:
            return STRONG if personal_email or same_mobile else WEAK if slipped_and_nothing_disagrees else None
        return STRONG if personal_email and line and not facts.shared_line else None
    if name.level == INITIALS:
        return STRONG if personal_email or exact_phone else WEAK if slipped_and_nothing_disagrees else None
    # Thin identity (a first name only, a surname only, no name): the very same personal phone or
    # mailbox. An office line — the same number with an extension on one side — is not enough.
    # A family line names the one member with that first name. Neither it nor a landline only the
    # two cards show is enough when each card has numbers or mailboxes of its own that disagree: then
    # it is a work line two namesake colleagues share. A mobile in common is personal whatever else.
    family_line = phone.kind == PHONE_SAME and not facts.office_line and name.level == FIRST_ONLY
    if personal_email or same_mobile or ((exact_phone or family_line) and not facts.own_contacts_differ().found_any):
        return WEAK
    if name.level == FIRST_ONLY and slipped_and_nothing_disagrees:
        return WEAK
    return None


def _confirm_name(facts: _PeopleFacts) -> str | None:
    """Surname and first name agree: which shared data is enough to call the two cards one person."""
    name, phone, email = facts.name, facts.phone, facts.email
    line = phone.kind in (PHONE_SAME, PHONE_SAME_LINE)
    slipped_phone = phone.kind == PHONE_ONE_DIGIT
    # A family's number or mailbox (the CRM shows two members of the family on it) is what a lead —
    # whoever of the family typed the form — shares with a card: without the patronymic on both, the
    # lead may be another member of one name — mother and daughter Евгения Кузнецова — unless something
    # of their own is in common as well. (Cards a manager made name a person: the rule is for leads.)
    if facts.family_channel and name.level != FULL and not (facts.same_company or slipped_phone):
        return None
    if (email.kind == "same" and not email.a.role) or (line and not facts.shared_line):
        return STRONG
    # Weaker support (an office or family line, a role mailbox, a near miss, the same company)
    # confirms the name only when nothing personal disagrees; a misspelt name needs the line, the
    # company or a mistyped phone (two independent slips on one person's card are common, a stranger
    # one letter and one digit away is not), an exact name any of them.
    support = line or email.kind in ("same", "one_letter") or slipped_phone or facts.same_company
    if not support or not (name.typos == 0 or line or slipped_phone or facts.same_company):
        return None
    differ = facts.own_contacts_differ()
    # Namesakes at one company who differ only in phone numbers are one person with a new mobile:
    # two colleagues with one name are far rarer than that. A misspelt name needs the patronymic to
    # agree as well.
    renumbered = facts.same_company and (name.typos == 0 or name.level == FULL) and not differ.any_mailboxes
    return STRONG if renumbered or not differ.found else None


def _company_in_common(a: Record, b: Record, company_group: dict[str, str]) -> str:
    """The employer both records name: the same company card (or duplicate cards of one company),
    or for leads the same COMPANY_TITLE. Returns how to show it, "" when there is none."""
    if a.company_id and b.company_id:
        if company_group.get(a.company_id, a.company_id) != company_group.get(b.company_id, b.company_id):
            return ""
        return a.title.display() if a.title is not None else f"компания #{a.company_id}"
    if a.title is None or b.title is None or compare_card_titles(a.title, b.title) not in (SAME, PLACE):
        return ""                        # a city note on one («Торг-Лайн г. Новосибирск») is the same firm
    return a.title.display()


_NAME_CODES = {FULL: r.NAME_FULL, SURNAME_AND_FIRST_NAME: r.NAME_SAME, INITIALS: r.NAME_INITIALS,
               FIRST_ONLY: r.NAME_FIRST_ONLY}


def _name_evidence(a: Record, b: Record, name: NameMatch) -> list[Evidence]:
    code = _NAME_CODES.get(name.level)
    if code is None:
        return []
    left, right = a.name.display(), b.name.display()
    shown = left if left == right else f"{left} / {right}"
    items = [evidence(r.NAME_TYPO, shown) if name.typos and name.confirms_person else evidence(code, shown)]
    if name.short_form:
        items.append(evidence(r.NAME_SHORT_FORM, shown))
    if name.swapped:
        items.append(evidence(r.NAME_SWAPPED, shown))
    return items


def _phone_evidence(phone: PhoneRelation, shared: bool) -> list[Evidence]:
    if phone.kind == NONE or phone.kind == PHONE_OTHER_EXTENSION:
        return []
    if phone.kind == PHONE_ONE_DIGIT:
        return [evidence(r.PHONE_ONE_DIGIT, f"{phone.a.display()} и {phone.b.display()}")]
    with_extension = phone.a if phone.a.extension else phone.b
    code = r.PHONE if phone.kind == PHONE_SAME else r.PHONE_LINE
    items = [evidence(code, with_extension.display(), _SHARED_PHONE_WEIGHT if shared else None)]
    for side in (phone.a, phone.b):
        if side.from_comments:
            items.append(evidence(r.PHONE_FROM_COMMENTS, side.display()))
    return items


def _email_evidence(email: EmailRelation) -> list[Evidence]:
    if email.kind == NONE:
        return []
    if email.kind == "one_letter":
        return [evidence(r.EMAIL_ONE_LETTER, f"{email.a.address} и {email.b.address}")]
    if email.a.role:
        items = [evidence(r.EMAIL_ROLE, email.a.address)]
    elif email.a.address != email.b.address:
        items = [evidence(r.EMAIL_ALIAS, f"{email.a.address} и {email.b.address}")]
    else:
        items = [evidence(r.EMAIL, email.a.address)]
    for side in (email.a, email.b):
        if side.from_comments:
            items.append(evidence(r.EMAIL_FROM_COMMENTS, side.address))
    return items


def legal_evidence(legal: LegalRelation) -> list[Evidence]:
    if legal.kind == LEGAL_SAME_KPP:
        return [evidence(r.INN_KPP, f"{legal.legal_id.inn} / {legal.legal_id.kpp}")]
    if legal.kind == LEGAL_SAME_INN:
        return [evidence(r.INN, legal.legal_id.inn)]
    return []


# ---------------------------------------------------------------- companies

def companies_conflict(a: Record, b: Record) -> bool:
    """Certainly two different companies (or a head office and its branch)."""
    relation = relate_legal_ids(a.legal_ids, b.legal_ids)
    legal = relation.kind
    if legal == LEGAL_CONFLICT:
        return True
    if legal == LEGAL_SAME_KPP or (legal == LEGAL_SAME_INN and len(relation.legal_id.inn) == 12):
        return False                     # one legal entity; an entrepreneur has no KPP and may move
    if a.city and b.city and a.city != b.city:
        return True
    return a.title is not None and b.title is not None and legal_forms_conflict(a.title, b.title)


class CompanyPlaces(NamedTuple):
    """Phones and addresses found on clearly different companies: a business centre's switchboard, its
    street address — shared by its tenants, so they back only a title that is the same."""
    phones: frozenset[str] = frozenset()
    addresses: frozenset[str] = frozenset()


class _CompanyFacts(NamedTuple):
    legal: LegalRelation
    title: str
    phone: PhoneRelation
    email: EmailRelation
    domain: str                # a site or mail domain both cards have
    account: str               # a settlement account both cards name
    address: str               # the street address both cards give
    own_line: bool             # the phone in common is on no differently named firm's card
    own_address: bool          # … and the address likewise


def score_companies(i: int, j: int, a: Record, b: Record, shared: CompanyPlaces) -> Pair | None:
    if companies_conflict(a, b):
        return None
    phone = relate_phones(a.phones, b.phones)
    address = a.address if a.address and a.address == b.address else ""
    facts = _CompanyFacts(
        legal=relate_legal_ids(a.legal_ids, b.legal_ids), title=compare_card_titles(a.title, b.title), phone=phone,
        email=relate_emails(a.emails, b.emails), domain=shared_domain(a.domains, b.domains),
        account=next((account for account in a.accounts if account in b.accounts), ""), address=address,
        own_line=phone.a is not None and phone.a.e164 not in shared.phones,
        own_address=bool(address) and address not in shared.addresses)
    items = (legal_evidence(facts.legal) + ([evidence(r.ACCOUNT, facts.account)] if facts.account else [])
             + title_evidence(a, b, facts.title) + company_contact_evidence(phone, facts.email, facts.domain)
             + ([evidence(r.ADDRESS, address)] if address else []))
    return make_pair(i, j, items, _decide_companies(a, b, facts))


def _decide_companies(a: Record, b: Record, facts: _CompanyFacts) -> str | None:
    legal, title, email = facts.legal, facts.title, facts.email
    line = facts.phone.kind in (PHONE_SAME, PHONE_SAME_LINE)
    contact = line or email.kind == "same" or bool(facts.domain) or bool(facts.address)
    if legal.kind == LEGAL_SAME_KPP or (facts.account and title != DIFFERENT):
        return STRONG                    # a settlement account belongs to one firm (its branches conflict above)
    if legal.kind == LEGAL_SAME_INN:
        # An entrepreneur has no KPP; an organisation whose KPP nobody typed on either card is one
        # legal entity too. A KPP on one side only might mean a branch: then the title must agree.
        entrepreneur = len(legal.legal_id.inn) == 12
        no_kpp = not any(legal_id.kpp for legal_id in a.legal_ids + b.legal_ids if legal_id.inn == legal.legal_id.inn)
        return STRONG if entrepreneur or no_kpp or title != DIFFERENT or contact else None
    if title == SAME and contact:
        return STRONG
    if title == SAME and a.title.full_person_name and b.title.full_person_name and not _own_data_differ(a, b):
        return WEAK                      # one entrepreneur's full name, and nothing of the cards' own disagrees
    if title in (TYPO, INITIALS_ONLY, PLACE) and (email.kind == "same" or facts.domain or (line and facts.own_line)
                                                  or facts.own_address):
        return STRONG
    return None


def _own_data_differ(a: Record, b: Record) -> bool:
    """Both cards have phones, mailboxes, sites or street addresses of their own and none agrees: two
    namesakes, as for people."""
    return (_none_in_common({p.e164 for p in a.phones}, {p.e164 for p in b.phones})
            or _none_in_common({e.mailbox for e in a.emails}, {e.mailbox for e in b.emails})
            or _none_in_common(set(a.domains), set(b.domains))
            or _none_in_common({a.address} - {""}, {b.address} - {""}))


def _none_in_common(left: set, right: set) -> bool:
    """Both sides have some and share none."""
    return bool(left and right and not left & right)


def title_evidence(a: Record, b: Record, title: str) -> list[Evidence]:
    if title == SAME:
        return [evidence(r.TITLE, a.title.display())]
    if title == TYPO:
        return [evidence(r.TITLE_TYPO, f"«{a.title.display()}» и «{b.title.display()}»")]
    if title == INITIALS_ONLY:
        return [evidence(r.TITLE_INITIALS, f"«{a.title.display()}» и «{b.title.display()}»")]
    if title == PLACE:
        return [evidence(r.TITLE_PLACE, f"«{a.title.display()}» и «{b.title.display()}»")]
    return []


def company_contact_evidence(phone: PhoneRelation, email: EmailRelation, domain: str) -> list[Evidence]:
    items = _phone_evidence(phone, shared=False) if phone.kind in (PHONE_SAME, PHONE_SAME_LINE) else []
    if email.kind == "same":
        items.append(evidence(r.EMAIL, email.a.address))
    if domain:
        items.append(evidence(r.DOMAIN, domain))
    return items
