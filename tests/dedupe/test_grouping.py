"""Grouping cannot chain unrelated records, and does not toss a coin over ambiguous ones."""
from dedupe.grouping import group_pairs, split_by_component
from dedupe.model import CONTACT, Pair, Record
from dedupe.names import parse_person_name
from dedupe.scoring import people_conflict
from tests.dedupe.crm_rows import contact, groups, lead


def person(id_, first, middle, last):
    return Record(CONTACT, id_, parse_person_name(first, middle, last))


def test_groups_are_not_chained_across_a_contradiction():
    records = [person("1", "Иван", "Петрович", "Иванов"), person("2", "Иван", "", "Иванов"),
               person("3", "Иван", "Иванович", "Иванов")]
    pairs = [Pair(0, 1, 0.95, ()), Pair(1, 2, 0.80, ())]     # clearly closer to the first
    grouped = group_pairs(records, pairs, people_conflict)
    assert [group.members for group in grouped] == [(0, 1)]


def test_a_record_equally_close_to_two_contradicting_people_joins_neither():
    records = [person("1", "Иван", "Петрович", "Иванов"), person("2", "Иван", "", "Иванов"),
               person("3", "Иван", "Иванович", "Иванов")]
    pairs = [Pair(0, 1, 0.90, ()), Pair(1, 2, 0.88, ())]
    assert group_pairs(records, pairs, people_conflict) == []


def test_weak_pairs_pointing_at_contradicting_groups_are_dropped():
    records = [person("1", "Саша", "", ""), person("2", "Александр", "", "Петров"),
               person("3", "Александра", "", "Петрова")]
    pairs = [Pair(0, 1, 0.6, (), weak=True), Pair(0, 2, 0.6, (), weak=True)]
    assert group_pairs(records, pairs, people_conflict) == []


def test_duplicate_linked_by_phone_to_one_card_and_by_email_to_another_joins_both(find):
    clusters = find(contacts=[contact(1, "Ольга", "Смирнова", "Петровна", phones=["+79161112233"]),
                              contact(2, "Оля", "Смирнова", phones=["+79161112233"], emails=["olga.s@mail.ru"]),
                              contact(3, "Ольга", "Смирнова", emails=["olga.s@mail.ru"])])
    assert groups(clusters, "contact") == [{"1", "2", "3"}]


def test_every_group_has_a_score_and_russian_reasons(find):
    clusters = find(contacts=[contact(1, "Ольга", "Смирнова", phones=["+79161112233"]),
                              contact(2, "Ольга", "Смирнова", phones=["8 916 111 22 33"])],
                    leads=[lead(3, "Ольга", "Смирнова", phones=["+79161112233"])])
    assert {cluster.entity_type for cluster in clusters} == {"contact", "mixed"}
    for cluster in clusters:
        assert 0 < cluster.score <= 1
        assert "одинаковый телефон +7 916 111-22-33" in cluster.reasons


def test_connected_records_are_never_split_apart_and_grouping_apart_changes_nothing():
    names = [("Иван", "Петрович", "Иванов"), ("Иван", "", "Иванов"), ("Иван", "Иванович", "Иванов"),
             ("Ольга", "", "Смирнова"), ("Оля", "", "Смирнова"), ("Саша", "", ""), ("Александр", "", "Петров"),
             ("Александра", "", "Петрова"), ("Пётр", "", "Сидоров"), ("Петр", "Ильич", "Сидоров")]
    records = [person(str(n), *name) for n, name in enumerate(names)]
    pairs = [Pair(0, 1, 0.90, ()), Pair(1, 2, 0.80, ()), Pair(3, 4, 0.9, ()), Pair(5, 6, 0.6, (), weak=True),
             Pair(5, 7, 0.6, (), weak=True), Pair(8, 9, 0.95, ())]
    parts = split_by_component(pairs, 2)
    assert sorted(map(len, parts)) == [3, 3] and sorted(pair for part in parts for pair in part) == sorted(pairs)
    component_of = {0: 0, 1: 0, 2: 0, 3: 1, 4: 1, 5: 2, 6: 2, 7: 2, 8: 3, 9: 3}
    for part in parts:
        touched = {component_of[i] for pair in part for i in (pair.a, pair.b)}
        assert all(pair in part for pair in pairs if component_of[pair.a] in touched)
    apart = [group for part in parts for group in group_pairs(records, part, people_conflict)]
    assert sorted(apart) == sorted(group_pairs(records, pairs, people_conflict))
    assert split_by_component([], 2) == [[], []]
