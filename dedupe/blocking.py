"""Blocking: only records that share a key are ever compared, so cost grows near-linearly.

People are keyed by phone, mailbox and (contacts' own) INN, and — because a name alone never makes
a pair — by name only together with what can back it: the same company, or half of a phone number (a
one-digit slip leaves its head or its tail intact). Each part of the name (surname; first-name group
with the surname's initial) makes its own key, so a typo in the other part still meets. Companies are keyed
by phone, mailbox, site/mail domain and INN. A key shared by too many records — a switchboard, info@ — is not a reason
to compare them all: such a block is split by a second key (first-name group or surname; title for
companies), and records without one are left out.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from dedupe.model import CONTACT, Record

COMPANY_BLOCK_LIMIT = 30
# Beyond this many people on one number or mailbox (an office line, info@) only people who also
# share a first name or a surname are compared: colleagues with other names never match anyway.
PERSON_BLOCK_LIMITS = {"phone": 8, "email": 8, "inn": 8}
SUB_BLOCK_LIMIT = 30


def person_keys(record: Record, company_group: dict[str, str]) -> list[tuple]:
    keys = [("phone", phone.e164) for phone in record.phones]
    keys += [("email", email.mailbox) for email in record.emails]
    if record.kind == CONTACT:
        keys += [("inn", legal_id.inn) for legal_id in record.legal_ids]
    name = record.name
    if not name.surname or not name.first_group:
        return keys
    # Each part of the name is keyed on its own, so a typo in the other part (or an unknown short form)
    # still lands two cards in one block. People with one first name are many: that key also takes
    # the surname's first letter, which typos rarely touch.
    employer = company_group.get(record.company_id, record.company_id) if record.company_id else None
    title = record.title.key if record.title is not None and record.title.key else None
    for part in (f"{name.first_group} {name.surname[0]}.", name.surname):
        if employer:
            keys.append(("name+company", part, employer))
        if title:
            keys.append(("name+title", part, title))
        for phone in record.phones:
            # One wrong digit, or two neighbours swapped, leaves intact either the first five of the
            # ten national digits or the last four (the gap between them takes a swap across it).
            keys.append(("name+phone", part, phone.e164[-10:-5]))
            keys.append(("name+phone", part, "…" + phone.e164[-4:]))
    return keys


def company_keys(record: Record) -> Iterator[tuple]:
    for phone in record.phones:
        yield ("phone", phone.e164)
    for email in record.emails:
        yield ("email", email.mailbox)
    for domain in record.domains:
        yield ("domain", domain)
    for legal_id in record.legal_ids:
        yield ("inn", legal_id.inn)


def person_subkeys(record: Record, key: tuple) -> list:
    """Second keys that split an oversized people block (a switchboard, a family line, info@)."""
    name = record.name
    return [key for key in (("first", name.first_group), ("surname", name.surname)) if key[1]]


def company_subkeys(record: Record, key: tuple) -> list:
    return [("title", record.title.key)] if record.title is not None and record.title.key else []


def build_index(indices: Iterable[int], records: Sequence[Record],
                keys: Callable[[Record], Iterable[tuple]]) -> dict[tuple, list[int]]:
    index: dict[tuple, list[int]] = {}
    for i in indices:
        for key in keys(records[i]):
            members = index.get(key)
            if members is None:
                index[key] = [i]
            elif members[-1] != i:
                members.append(i)
    return index


def candidate_pairs(index: dict[tuple, list[int]], records: Sequence[Record], limits: dict[str, int],
                    subkeys: Callable[[Record, tuple], list]) -> set[tuple[int, int]]:
    """All pairs inside each block; an oversized block (over limits[kind], else SUB_BLOCK_LIMIT) is
    split by subkeys first."""
    pairs: set[tuple[int, int]] = set()
    for key, members in index.items():
        if len(members) < 2:
            continue
        if len(members) <= limits.get(key[0], SUB_BLOCK_LIMIT):
            _add_all_pairs(members, pairs)
            continue
        split: dict[object, list[int]] = {}
        for i in members:
            for subkey in subkeys(records[i], key):
                split.setdefault(subkey, []).append(i)
        for part in split.values():
            if 1 < len(part) <= SUB_BLOCK_LIMIT:
                _add_all_pairs(part, pairs)
    return pairs


def _add_all_pairs(members: list[int], pairs: set[tuple[int, int]]) -> None:
    for position, i in enumerate(members):
        for j in members[position + 1:]:
            pairs.add((i, j) if i < j else (j, i))
