"""Blocking: only records that share a key are ever compared, so cost grows near-linearly.

People are keyed by phone, mailbox and (contacts' own) INN, and — because a name alone never makes
a pair — by name only together with what can back it: the same employer (a company group, met through
its title by leads that name it), or half of a phone number (a one-digit slip leaves its head or its
tail intact). The name part of those keys is the first-name group with the surname's initial, so a
misspelt surname still meets (a misspelt first name meets through a phone or mailbox); a thin name
(a first name alone, a surname with initials) meets the full names that fit it through half a number
(thin_name_pairs). Companies are keyed by phone, mailbox, site/mail domain, INN, settlement account,
street address and an entrepreneur's full name. A key shared by too many records — a switchboard, info@ —
is not a reason to compare them all: such a block is split by a second key (first-name group or
surname; title for companies), and records without one are left out.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from dedupe.model import CONTACT, Record

COMPANY_BLOCK_LIMIT = 30
# Beyond this many people on one number or mailbox (an office line, info@) only people who also
# share a first name or a surname are compared: colleagues with other names never match anyway.
PERSON_BLOCK_LIMITS = {"phone": 8, "email": 8, "inn": 8}
SUB_BLOCK_LIMIT = 30


def person_channel_keys(record: Record) -> list[tuple]:
    """A person's own keys: phones, mailboxes and (a contact's) INN."""
    keys = [("phone", phone.e164) for phone in record.phones]
    keys += [("email", email.mailbox) for email in record.emails]
    if record.kind == CONTACT:
        keys += [("inn", legal_id.inn) for legal_id in record.legal_ids]
    return keys


def person_name_keys(record: Record, employers: dict[str, str]) -> list[tuple]:
    """A name with what can back it: the employer, or half of a phone number. `employers`: company
    id → the title of its group's first card without a city or branch note (the group id if untitled)."""
    name = record.name
    if not name.surname or not name.first_group:
        return []
    # The first-name group with the surname's initial (typos rarely touch it) keys a misspelt surname.
    # A card's company and a lead's COMPANY_TITLE meet through the company's title, a city note aside.
    first = f"{name.first_group} {name.surname[0]}."
    employer = employers.get(record.company_id, record.company_id) if record.company_id else ""
    employer = employer or (record.title.core if record.title is not None else "")
    keys = [("name+employer", first, employer)] if employer else []
    keys += [("name+phone", first, half) for half in _number_halves(record)]
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
    for account in record.accounts:
        yield ("account", account)
    if record.address:
        yield ("address", record.address)
    if record.title is not None and record.title.full_person_name:
        yield ("entrepreneur", record.title.key)     # a full name is as specific as a phone


def person_subkeys(record: Record, key: tuple) -> list:
    """Second keys that split an oversized people block (a switchboard, a family line, info@)."""
    name = record.name
    return [key for key in (("first", name.first_group), ("surname", name.surname)) if key[1]]


def company_subkeys(record: Record, key: tuple) -> list:
    return [("title", record.title.key)] if record.title is not None and record.title.key else []


def build_index(indices: Iterable[int], records: Sequence[Record],
                keys: Callable[[Record], Iterable[tuple]], singles: bool = True) -> dict[tuple, list[int]]:
    """key → the records that have it. Without `singles`, keys of one record only are left out: most
    people keys are (a phone half with a name nobody else has), and a list for each is memory for nothing."""
    index: dict[tuple, list[int] | int] = {}
    for i in indices:
        for key in keys(records[i]):
            members = index.get(key)
            if members is None:
                index[key] = i
            elif members.__class__ is int:
                if members != i:
                    index[key] = [members, i]
            elif members[-1] != i:
                members.append(i)
    if singles:
        return {key: [members] if members.__class__ is int else members for key, members in index.items()}
    return {key: members for key, members in index.items() if members.__class__ is list}


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


def thin_name_pairs(indices: Iterable[int], records: Sequence[Record]) -> set[tuple[int, int]]:
    """Pairs of a card with a thin name — a first name only, or a surname with initials — and a card
    whose full name fits it, on numbers one slip apart: the name part (first-name group, or surname)
    with half of the number. Only the thin cards are indexed and the full cards look themselves up,
    so two full namesakes are not paired by it; that would double the blocks of common names."""
    thin: dict[tuple, list[int]] = {}
    full: list[int] = []
    for i in indices:
        record = records[i]
        if not record.phones:
            continue
        name = record.name
        if name.surname and name.first_group:
            full.append(i)
        elif part := _thin_part(name):
            for half in _number_halves(record):
                thin.setdefault((part, half), []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in thin.values():
        if 1 < len(members) <= SUB_BLOCK_LIMIT:
            _add_all_pairs(members, pairs)
    for j in full:
        name, halves = records[j].name, _number_halves(records[j])
        for part in (name.first_group, name.surname):
            for half in halves:
                for i in thin.get((part, half), ()):
                    pairs.add((i, j) if i < j else (j, i))
    return pairs


def _thin_part(name) -> str:
    if name.first_group and not name.surname:
        return name.first_group
    if name.surname and len(name.first) == 1:
        return name.surname
    return ""


def _number_halves(record: Record) -> list[str]:
    # One wrong digit, or two neighbours swapped, leaves intact either the first five of the ten
    # national digits or the last four (the gap between them takes a swap across it).
    return [half for phone in record.phones for half in (phone.e164[-10:-5], "…" + phone.e164[-4:])]


def with_city_noted_titles(records: Sequence[Record], title_index: dict[str, list[int]]) -> dict[str, list[int]]:
    """The title index (title key → cards) with each card whose title adds a city note («Торг-Лайн
    г. Новосибирск») also under the plain title («торглайн»): the same firm's name. A branch note names
    another entity and is left out. The plain titles that gained cards come first."""
    noted: dict[str, list[int]] = {}
    for key, cards in title_index.items():
        for j in cards:
            title = records[j].title
            if title.core and title.noted and not title.branch:
                noted.setdefault(title.core, []).append(j)
    merged = {key: title_index.get(key, []) + cards for key, cards in noted.items()}
    merged.update((key, cards) for key, cards in title_index.items() if key not in merged)
    return merged
