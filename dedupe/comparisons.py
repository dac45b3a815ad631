"""How two records' contact data and identifiers relate: the facts the scoring rules are written in."""
from __future__ import annotations

from typing import NamedTuple

from rapidfuzz.distance import OSA

from dedupe.emails import Email
from dedupe.identifiers import LegalId
from dedupe.phones import Phone, differ_by_one_digit

# Phone relations, strongest first.
PHONE_SAME = "same"                    # same number and same extension (or none on both)
PHONE_SAME_LINE = "same_line"          # same number, an extension on one side only
PHONE_OTHER_EXTENSION = "other_ext"    # same office line, different extensions: different desks
PHONE_ONE_DIGIT = "one_digit"          # one digit mistyped or two neighbours swapped
NONE = "none"

# Legal-identity relations.
LEGAL_SAME_KPP = "inn_kpp"             # same INN and same KPP
LEGAL_SAME_INN = "inn"                 # same INN, KPP known on at most one side
LEGAL_CONFLICT = "conflict"            # different INNs, or one INN with different KPPs (branches)


class PhoneRelation(NamedTuple):
    kind: str
    a: Phone | None = None
    b: Phone | None = None


class EmailRelation(NamedTuple):
    kind: str                          # "same", "one_letter" or NONE
    a: Email | None = None
    b: Email | None = None


class LegalRelation(NamedTuple):
    kind: str
    legal_id: LegalId | None = None


_PHONE_RANK = {PHONE_SAME: 0, PHONE_SAME_LINE: 1, PHONE_OTHER_EXTENSION: 2, PHONE_ONE_DIGIT: 3}


def relate_phones(left: tuple[Phone, ...], right: tuple[Phone, ...]) -> PhoneRelation:
    best = PhoneRelation(NONE)
    for a in left:
        for b in right:
            if a.e164 == b.e164:
                if a.extension == b.extension:
                    return PhoneRelation(PHONE_SAME, a, b)
                kind = PHONE_OTHER_EXTENSION if a.extension and b.extension else PHONE_SAME_LINE
            elif differ_by_one_digit(a.e164, b.e164):
                kind = PHONE_ONE_DIGIT
            else:
                continue
            if best.kind == NONE or _PHONE_RANK[kind] < _PHONE_RANK[best.kind]:
                best = PhoneRelation(kind, a, b)
    return best


def relate_emails(left: tuple[Email, ...], right: tuple[Email, ...]) -> EmailRelation:
    near = EmailRelation(NONE)
    for a in left:
        for b in right:
            if a.mailbox == b.mailbox:
                if not a.role:
                    return EmailRelation("same", a, b)
                near = EmailRelation("same", a, b)
            elif near.kind == NONE and _one_letter_apart(a, b):
                near = EmailRelation("one_letter", a, b)
    return near


def _one_letter_apart(a: Email, b: Email) -> bool:
    """A typing slip in the login. A number added at its end is not one: that is how a firm's mail
    admin names a second employee of one name (e.chudaeva@, e.chudaeva2@)."""
    login_a, _, domain_a = a.mailbox.partition("@")
    login_b, _, domain_b = b.mailbox.partition("@")
    if login_a.rstrip("0123456789") == login_b.rstrip("0123456789"):
        return False
    return (domain_a == domain_b and not a.role and not b.role and min(len(login_a), len(login_b)) >= 6
            and OSA.distance(login_a, login_b, score_cutoff=1) <= 1)


def relate_legal_ids(left: tuple[LegalId, ...], right: tuple[LegalId, ...]) -> LegalRelation:
    if not left or not right:
        return LegalRelation(NONE)
    shared = {legal_id.inn for legal_id in left} & {legal_id.inn for legal_id in right}
    if not shared:
        return LegalRelation(LEGAL_CONFLICT)
    for inn in sorted(shared):
        kpps_left = {legal_id.kpp for legal_id in left if legal_id.inn == inn and legal_id.kpp}
        kpps_right = {legal_id.kpp for legal_id in right if legal_id.inn == inn and legal_id.kpp}
        common = kpps_left & kpps_right
        if common:
            return LegalRelation(LEGAL_SAME_KPP, LegalId(inn, min(common)))
        if kpps_left and kpps_right:
            return LegalRelation(LEGAL_CONFLICT)       # a head office and its branch
    return LegalRelation(LEGAL_SAME_INN, LegalId(min(shared)))


def shared_domain(left: tuple[str, ...], right: tuple[str, ...]) -> str:
    for domain in left:
        if domain in right:
            return domain
    return ""
