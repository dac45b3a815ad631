"""Bare company cards: a title and nothing else, typed in a hurry («ТехноРесурс», created again
because nobody searched first).

A title alone never pairs two full cards — same-name firms in different cities, or with different
phones, are common (one entrepreneur's full name is the exception, scoring.py). But a card that holds
nothing except the title cannot disagree with anything, and a portal rarely has two clients of one
name: the bare cards of a title join the one company group that carries exactly that title, or form
a group of their own when no full card has it. If the title belongs to two or more separate groups,
a bare card could be either and joins none. A city note on either side («… г. Санкт-Петербург»)
leaves the same title, a branch note does not. A different legal form, city or street address still
contradicts. A street address or a settlement account alone does not make a card less bare: it
cannot disagree with a card that has none.
"""
from __future__ import annotations

from collections.abc import Sequence

from dedupe import reasons as r
from dedupe.blocking import with_city_noted_titles
from dedupe.grouping import Group
from dedupe.model import Pair, Record
from dedupe.scoring import companies_conflict, evidence
from dedupe.titles import PLACE, SAME, compare_card_titles, two_offices


def is_bare(card: Record) -> bool:
    return not (card.phones or card.emails or card.domains or card.legal_ids)


def attach_bare_cards(records: Sequence[Record], groups: list[Group],
                      title_index: dict[str, list[int]]) -> list[Group]:
    """The company groups with the bare cards added (a new group where no full card has the title)."""
    group_at = {member: group for group in groups for member in group.members}
    changed: dict[tuple[int, ...], tuple[int, ...]] = {}
    # «Южный Медицинский Дом г. Ростов-на-Дону» and a plain «Южный Медицинский Дом» are one firm,
    # whichever of the two is the bare card: a card with a city note is also met under the plain title
    # (there first), and a card is attached once.
    placed: set[int] = set()
    for cards in with_city_noted_titles(records, title_index).values():
        bare = [i for i in cards if i not in group_at and i not in placed and is_bare(records[i])]
        full = [j for j in cards if not is_bare(records[j]) or j in group_at]     # grouped by an address too
        targets = {group_at[j].members if j in group_at else (j,) for j in full}
        if not bare or len(targets) > 1 or (not targets and len(bare) < 2):
            continue
        anchor = next(iter(targets)) if targets else (bare.pop(0),)
        joining = tuple(i for i in bare if _fits(records, i, anchor))
        if joining and not any(_apart(records[x], records[y]) for x in joining for y in joining):
            changed[anchor] = changed.get(anchor, ()) + joining    # a group may carry several titles
            placed.update(anchor + joining)
    kept = [group for group in groups if group.members not in changed]
    pairs_of = {group.members: group.pairs for group in groups}
    for anchor, joining in changed.items():
        pairs = tuple(_title_pair(records, anchor[0], i) for i in joining)
        kept.append(Group(tuple(sorted(anchor + joining)), pairs_of.get(anchor, ()) + pairs))
    return kept


def _fits(records: Sequence[Record], i: int, anchor: tuple[int, ...]) -> bool:
    card = records[i]
    return (compare_card_titles(card.title, records[anchor[0]].title) in (SAME, PLACE)
            and not any(_apart(card, records[member]) or _other_address(card, records[member]) for member in anchor))


def _apart(a: Record, b: Record) -> bool:
    """Two firms: a contradiction, or one name with two different city notes («… г. Москва», «… г. Новосибирск»)."""
    return companies_conflict(a, b) or two_offices(a.title, b.title)


def _other_address(a: Record, b: Record) -> bool:
    """Two street addresses on the two cards: a firm of that name elsewhere (a move is rarer)."""
    return bool(a.address and b.address and a.address != b.address)


def _title_pair(records: Sequence[Record], i: int, j: int) -> Pair:
    shown = records[j].title.display()
    return Pair(min(i, j), max(i, j), 0.5, (evidence(r.TITLE_ONLY, shown),), weak=True)
