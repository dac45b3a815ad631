"""Grouping accepted pairs into entities without chaining unrelated records.

Rule chosen: single-link on evidence, complete-link on contradictions. Pairs are applied strongest
first; two groups are joined only if NO record of one contradicts ANY record of the other (different
INN or KPP, a conflicting name, gender or patronymic, a different city). So a father cannot reach
his son through a shared home phone, and two branches cannot meet through a KPP-less duplicate: the
duplicate joins the branch it matches best and the other join is refused. Requiring a direct strong
pair between every two members (pure complete linkage) was rejected: a duplicate that shares the
phone with one card and the e-mail with another is the commonest real case, and it would be split.

Ambiguity is never settled by a coin toss. A record whose two best partners contradict each other
with about the same evidence (a card «Иванов Дмитрий», no patronymic, on the home phone of both
Дмитрий Борисович and his son Дмитрий Дмитриевич) loses both pairs. Weak pairs (a first name only, or
no name) are applied last and only when unambiguous: if a record's weak partners belong to groups
that contradict each other (the lead «Саша» whose phone is also the phone of Александр and of
Александра), all its weak pairs are dropped.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from dedupe.model import Pair, Record

MAX_GROUP_SIZE = 60
CLEAR_MARGIN = 0.10      # a pair this much stronger than a contradicting rival is not ambiguous


class Group(NamedTuple):
    members: tuple[int, ...]
    pairs: tuple[Pair, ...]          # the accepted pairs inside the group, for score and reasons


class _Groups:
    def __init__(self, records: Sequence[Record], conflict: Callable[[Record, Record], bool]):
        self.records, self.conflict = records, conflict
        self.parent: dict[int, int] = {}
        self.members: dict[int, list[int]] = {}
        self.pairs: dict[int, list[Pair]] = {}

    def find(self, i: int) -> int:
        root = i
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while i != root:
            self.parent[i], i = root, self.parent.get(i, i)
        return root

    def group_of(self, i: int) -> list[int]:
        return self.members.get(self.find(i), [i])

    def compatible(self, left: list[int], right: list[int]) -> bool:
        records, conflict = self.records, self.conflict
        return not any(conflict(records[x], records[y]) for x in left for y in right)

    def join(self, pair: Pair) -> bool:
        root_a, root_b = self.find(pair.a), self.find(pair.b)
        if root_a == root_b:
            self.pairs.setdefault(root_a, []).append(pair)
            return True
        left, right = self.group_of(pair.a), self.group_of(pair.b)
        if len(left) + len(right) > MAX_GROUP_SIZE or not self.compatible(left, right):
            return False
        if len(left) < len(right):
            root_a, root_b, left, right = root_b, root_a, right, left
        self.parent[root_b] = root_a
        self.members[root_a] = left + right
        self.members.pop(root_b, None)
        self.pairs[root_a] = self.pairs.get(root_a, []) + self.pairs.pop(root_b, []) + [pair]
        return True


def split_by_component(pairs: list[Pair], parts: int) -> list[list[Pair]]:
    """The pairs in `parts` lists of about equal length, each connected set of records wholly in one:
    grouping one list never needs a record of another, so they can be grouped apart, in any order."""
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while (up := parent.get(i, i)) != i:
            parent[i] = parent.get(up, up)        # halve the path as it is walked
            i = up
        return i

    for pair in pairs:
        left, right = root(pair.a), root(pair.b)
        if left != right:
            parent[right] = left
    by_component: dict[int, list[Pair]] = {}
    for pair in pairs:
        by_component.setdefault(root(pair.a), []).append(pair)
    split: list[list[Pair]] = [[] for _ in range(max(parts, 1))]
    for component in sorted(by_component.values(), key=len, reverse=True):    # largest first, to the shortest
        min(split, key=len).extend(component)
    return split


def group_pairs(records: Sequence[Record], pairs: list[Pair],
                conflict: Callable[[Record, Record], bool]) -> list[Group]:
    groups = _Groups(records, conflict)
    contested = _contested_pairs(records, pairs, conflict)
    by_strength = sorted((pair for pair in pairs if id(pair) not in contested),
                         key=lambda pair: (-pair.score, pair.a, pair.b))
    for pair in by_strength:
        if not pair.weak:
            groups.join(pair)
    weak = [pair for pair in by_strength if pair.weak]
    ambiguous = _ambiguous_records(weak, groups)
    for pair in weak:
        if pair.a not in ambiguous and pair.b not in ambiguous:
            groups.join(pair)
    return [Group(tuple(sorted(members)), tuple(groups.pairs.get(root, ())))
            for root, members in groups.members.items() if len(members) > 1]


def _contested_pairs(records: Sequence[Record], pairs: list[Pair],
                     conflict: Callable[[Record, Record], bool]) -> set[int]:
    """ids of pairs whose record has an about-as-good pair with someone who contradicts the partner."""
    by_record: dict[int, list[tuple[Pair, int]]] = {}
    for pair in pairs:
        by_record.setdefault(pair.a, []).append((pair, pair.b))
        by_record.setdefault(pair.b, []).append((pair, pair.a))
    contested: set[int] = set()
    for options in by_record.values():
        if len(options) < 2:
            continue
        options.sort(key=lambda option: -option[0].score)
        for n, (pair, partner) in enumerate(options):
            for rival_pair, rival in options[n + 1:]:
                if pair.score - rival_pair.score >= CLEAR_MARGIN:
                    break
                if conflict(records[partner], records[rival]):
                    contested.update((id(pair), id(rival_pair)))
    return contested


def _ambiguous_records(weak: list[Pair], groups: _Groups) -> set[int]:
    """Records whose weak partners sit in groups that contradict one another."""
    partners: dict[int, set[int]] = {}
    for pair in weak:
        partners.setdefault(pair.a, set()).add(groups.find(pair.b))
        partners.setdefault(pair.b, set()).add(groups.find(pair.a))
    ambiguous = set()
    for record, roots in partners.items():
        if len(roots) < 2:
            continue
        ordered = sorted(roots)
        if any(not groups.compatible(groups.group_of(x), groups.group_of(y))
               for n, x in enumerate(ordered) for y in ordered[n + 1:]):
            ambiguous.add(record)
    return ambiguous
