"""The engine's values: a normalised CRM record, the evidence about a pair, a pair, a cluster."""
from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from dedupe.emails import Email
from dedupe.identifiers import LegalId
from dedupe.names import PersonName
from dedupe.phones import Phone
from dedupe.titles import CompanyTitle

CONTACT, COMPANY, LEAD, MIXED = "contact", "company", "lead", "mixed"
_EMPTY_NAME = PersonName()


class Record(NamedTuple):
    """One lead, contact or company, normalised once, holding only what matching needs."""
    kind: str                                # CONTACT, COMPANY or LEAD
    id: str                                  # the Bitrix ID, as a string
    name: PersonName = _EMPTY_NAME           # leads and contacts
    title: CompanyTitle | None = None        # company: TITLE; lead: COMPANY_TITLE; contact: its company's
    company_id: str = ""                     # contact's COMPANY_ID; a lead's COMPANY_ID, or the company links.py finds
    phones: tuple[Phone, ...] = ()
    emails: tuple[Email, ...] = ()
    domains: tuple[str, ...] = ()            # web sites and corporate mail domains
    legal_ids: tuple[LegalId, ...] = ()
    city: str = ""
    address: str = ""                        # company: street, house and office (places.py)
    accounts: tuple[str, ...] = ()           # company: settlement accounts from BANKING_DETAILS
    linked_contact: str = ""                 # lead: its CONTACT_ID, the contact Bitrix24 already links it to

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.id}"


class Evidence(NamedTuple):
    """One observation about a pair: a reason code, its weight and the value it is about."""
    code: str
    weight: float
    detail: str = ""


class Pair(NamedTuple):
    """Two records (indices into the record list) the matcher accepted as one entity.

    `weak` pairs rest on thin identity (a first name only, no name at all); grouping drops them when
    the same record would also fit another, different entity.
    """
    a: int
    b: int
    score: float
    evidence: tuple[Evidence, ...]
    weak: bool = False


def pairs_to_plain(pairs: list[Pair]) -> list[tuple]:
    """Pairs as builtin tuples, to cross a process boundary through marshal (parallel.py)."""
    return [(pair.a, pair.b, pair.score, tuple(map(tuple, pair.evidence)), pair.weak) for pair in pairs]


def pairs_from_plain(plain: list[tuple]) -> list[Pair]:
    new = tuple.__new__
    return [new(Pair, (a, b, score, tuple(new(Evidence, item) for item in evidence), weak))
            for a, b, score, evidence, weak in plain]


def lead_and_other(pair: Pair, records: Sequence[Record]) -> tuple[int, int]:
    """(the lead, the other record) of a pair holding one lead; a pair's ends are in index order."""
    return (pair.a, pair.b) if records[pair.a].kind == LEAD else (pair.b, pair.a)


class Cluster(NamedTuple):
    entity_type: str              # CONTACT, COMPANY, LEAD, or MIXED for lead→contact/company links
    ids: tuple[str, ...]          # bare ids; "lead:12"-style refs for MIXED
    score: float
    reasons: tuple[str, ...]

    def to_json(self) -> dict:
        return {"entity_type": self.entity_type, "ids": list(self.ids), "score": self.score,
                "reasons": list(self.reasons)}
