"""find_duplicates: raw Bitrix24 rows in, explained clusters out. The one entry point of the package."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial

from dedupe.bare_cards import attach_bare_cards
from dedupe.blocking import (PERSON_BLOCK_LIMITS, build_index, candidate_pairs, company_keys, company_subkeys,
                             person_channel_keys, person_name_keys, person_subkeys, thin_name_pairs)
from dedupe.emails import fix_domain_typo
from dedupe.grouping import Group, group_pairs, split_by_component
from dedupe.links import link_leads_by_their_contacts, link_leads_to_companies
from dedupe.model import (COMPANY, CONTACT, LEAD, MIXED, Cluster, Pair, Record, lead_and_other, pairs_from_plain,
                          pairs_to_plain)
from dedupe.names import compare_names, family_name
from dedupe.parallel import Background, chunk_map, int_pairs_from_bytes, int_pairs_to_bytes, split_evenly
from dedupe.phones import format_phone
from dedupe.reasons import combined_reasons
from dedupe.records import read_records
from dedupe.scoring import (CompanyPlaces, PeopleContext, companies_conflict, people_conflict, score_companies,
                            score_people)
from dedupe.titles import DIFFERENT, compare_card_titles, normalize_title
from dedupe.web import corporate_domain, normalize_site

Progress = Callable[[str], None]
# Values that repeat across records (company titles, domains, pairs of names) are worked out once a
# run; phones, mailboxes and people's names are mostly unique, and caching them cost more than it saved.
_RUN_CACHES = (compare_names, format_phone, fix_domain_typo, normalize_title, normalize_site, corporate_domain)
_TYPE_ORDER = {CONTACT: 0, COMPANY: 1, LEAD: 2, MIXED: 3}
# Fewer candidate pairs than this are scored here, fewer people blocked and fewer accepted pairs grouped
# here: a fork would cost more than it saves.
PARALLEL_MIN_PAIRS = 20_000
PARALLEL_MIN_PEOPLE = 20_000
PARALLEL_MIN_GROUPED_PAIRS = 5_000
# Work is cut into more chunks than there are cores, each taken by whichever process is free: a process
# slowed by the machine takes fewer, so all finish together.
SCORING_CHUNK_PAIRS = 10_000
GROUPING_CHUNKS = 8


def find_duplicates(contacts: Iterable[dict] = (), companies: Iterable[dict] = (), leads: Iterable[dict] = (),
                    requisites: Iterable[dict] = (), progress: Progress | None = None) -> list[Cluster]:
    """Duplicate groups of contacts, companies and leads, plus lead→contact/company links.

    Inputs are rows as crm.contact/company/lead.list and crm.requisite.list return them; they are
    consumed once, in the order requisites, companies, contacts, leads.
    """
    say = progress or (lambda message: None)
    try:
        records = read_records(contacts, companies, leads, requisites)
        say(f"records read: {len(records)}")
        return _find(records, say)
    finally:
        _clear_run_caches()


def find_duplicates_in_records(records: list[Record], progress: Progress | None = None,
                               cores: int = 1) -> list[Cluster]:
    """The same for records already normalised (records.read_records or reading.read_inputs): companies
    first, then contacts, then leads — the order decides nothing but ties, and keeps runs repeatable.
    With cores > 1 the pair scoring forks that many processes: only from a single-threaded caller
    such as the CLI (parallel.py says why)."""
    try:
        return _find(records, progress or (lambda message: None), cores)
    finally:
        _clear_run_caches()


def _clear_run_caches() -> None:
    # The normalisers' caches hold a million small objects by now; they belong to this run.
    for cached in _RUN_CACHES:
        cached.cache_clear()


def _find(records: list[Record], say: Progress, cores: int = 1) -> list[Cluster]:
    records = list(records)              # leads linked to a company are replaced in it: not in the caller's list
    people = [i for i, record in enumerate(records) if record.kind != COMPANY]
    firms = [i for i, record in enumerate(records) if record.kind == COMPANY]
    # People's blocks by their own phones, mailboxes and INN depend on nothing the companies settle:
    # on two cores they are built while this process groups the companies.
    office_lines = frozenset(phone.e164 for i in firms for phone in records[i].phones)
    with Background(partial(_blocks_by_own_channels, records, people, office_lines), pack=_plain_blocks,
                    unpack=_blocks_from_plain, parallel=cores > 1 and len(people) >= PARALLEL_MIN_PEOPLE) as own_blocks:
        title_index: dict[str, list[int]] = {}
        for i in firms:
            if records[i].title is not None and records[i].title.key:
                title_index.setdefault(records[i].title.key, []).append(i)
        company_groups, company_index = _group_companies(records, firms, say)
        company_groups = attach_bare_cards(records, company_groups, title_index)
        group_of = {member: group.members[0] for group in company_groups for member in group.members}
        company_group = {records[member].id: records[root].id for member, root in group_of.items()}
        leads_idx = [i for i in people if records[i].kind == LEAD]
        links = link_leads_to_companies(records, leads_idx, company_index, title_index, group_of)
        say(f"lead→company links: {len(links)}")
        _place_leads_at_companies(records, links)
        by_name = _blocks_by_name(records, people, _employers(records, firms, group_of))
        candidates, context = _people_candidates(records, people, company_group, office_lines, by_name,
                                                 own_blocks.result())
    pairs = _score_people(records, people, candidates, context, say, cores)
    clusters = _people_clusters_and_their_links(records, pairs, company_groups, links, group_of, cores)
    clusters += [_cluster(COMPANY, records, group.members, group.pairs, bare=True) for group in company_groups]
    clusters += _company_link_clusters(records, company_groups, links)
    clusters.sort(key=lambda c: (_TYPE_ORDER[c.entity_type], -c.score, c.ids))
    say(f"clusters: {len(clusters)}")
    return clusters


_OwnBlocks = tuple[set[tuple[int, int]], list[str], dict[str, dict[str, list[int]]], list[str]]


def _blocks_by_own_channels(records: list[Record], people: list[int], office_lines: frozenset[str]) -> _OwnBlocks:
    """Candidate pairs by a person's own phones, mailboxes and INN, with the lines clearly different
    people share (and the companies' own numbers), by surname who is on each, and the numbers and
    mailboxes two different members of one family share."""
    index = build_index(people, records, person_channel_keys, singles=False)
    shared = _shared_keys(index, records, people_conflict)
    family = _shared_keys(index, records, _relatives, ("phone", "email"))
    pairs = candidate_pairs(index, records, PERSON_BLOCK_LIMITS, person_subkeys)
    return pairs, list(shared), _line_holders(index, records, shared | office_lines), list(family)


def _relatives(a: Record, b: Record) -> bool:
    """Two clearly different people of one family name (Кузнецов Никита and Кузнецова Евгения)."""
    return bool(a.name.surname) and family_name(a.name.surname) == family_name(b.name.surname) and people_conflict(a, b)


def _blocks_by_name(records: list[Record], people: list[int], employers: dict[str, str]) -> set[tuple[int, int]]:
    """Candidate pairs by a name with its employer or with half of a phone number, and of a thin name
    with the full names that fit it. Thin names are paired here rather than with the own channels
    because that evens out the two cores; they read only names and phones, which placing leads at
    their companies leaves alone."""
    index = build_index(people, records, partial(person_name_keys, employers=employers), singles=False)
    return candidate_pairs(index, records, PERSON_BLOCK_LIMITS, person_subkeys) | thin_name_pairs(people, records)


def _people_candidates(records: list[Record], people: list[int], company_group: dict[str, str],
                       office_lines: frozenset[str], by_name: set[tuple[int, int]], own_blocks: _OwnBlocks
                       ) -> tuple[list[tuple[int, int]], PeopleContext]:
    """All candidate pairs of people, and what scoring must know of the whole data set."""
    by_channel, shared, holders, family_channels = own_blocks
    found = by_channel | by_name
    candidates = list(found) + _linked_lead_pairs(records, people, found)
    # The records each holder index names now, leads placed at their companies: scoring compares by identity.
    line_holders = {line: {surname: [records[i] for i in members] for surname, members in by_surname.items()}
                    for line, by_surname in holders.items()}
    return candidates, PeopleContext(frozenset(shared) | office_lines, office_lines, company_group, line_holders,
                                     frozenset(family_channels))


def _line_holders(index: dict[tuple, list[int]], records: list[Record],
                  lines: set[str] | frozenset[str]) -> dict[str, dict[str, list[int]]]:
    """shared line → surname → the people on it (two or more)."""
    holders: dict[str, dict[str, list[int]]] = {}
    for key, members in index.items():
        if key[0] == "phone" and key[1] in lines and len(members) > 1:
            by_surname = holders[key[1]] = {}
            for i in members:
                by_surname.setdefault(records[i].name.surname, []).append(i)
    return holders


def _plain_blocks(result: tuple) -> tuple:
    pairs, *rest = result
    return int_pairs_to_bytes(pairs), *rest


def _blocks_from_plain(plain: tuple) -> tuple:
    data, *rest = plain
    return int_pairs_from_bytes(data), *rest


def _employers(records: list[Record], firms: list[int], group_of: dict[int, int]) -> dict[str, str]:
    """company id → what its people are blocked by: the title of its group's first card without a city
    or branch note (so a lead's COMPANY_TITLE meets them, with or without one), else that card's id."""
    employers = {}
    for i in firms:
        first = records[group_of.get(i, i)]
        employers[records[i].id] = first.title.core if first.title is not None and first.title.core else first.id
    return employers


def _place_leads_at_companies(records: list[Record], links: list[Pair]) -> None:
    """A lead linked to a company works there, as a contact whose COMPANY_ID is that company does:
    «Парфенова Людмила» calling from the office number of the firm where the contact Парфенова
    Людмила Алексеевна works is that contact, though none of her own numbers is on the lead."""
    for pair in links:
        lead, company = lead_and_other(pair, records)
        firm = records[company]
        records[lead] = records[lead]._replace(company_id=firm.id, title=records[lead].title or firm.title)


def _score_people(records: list[Record], people: list[int], candidates: list[tuple[int, int]],
                  context: PeopleContext, say: Progress, cores: int) -> list[Pair]:
    say(f"people: {len(people)} records, {len(candidates)} candidate pairs")

    def score(part: tuple[int, int]) -> list[Pair]:
        return [pair for i, j in candidates[part[0]:part[1]]
                if (pair := score_people(i, j, records[i], records[j], context))]

    cores = cores if len(candidates) >= PARALLEL_MIN_PAIRS else 1
    chunks = split_evenly(len(candidates), max(1, len(candidates) // SCORING_CHUNK_PAIRS))
    pairs = [pair for part in chunk_map(lambda chunk: score(chunks[chunk]), len(chunks), cores, pack=pairs_to_plain,
                                        unpack=pairs_from_plain) for pair in part]
    say(f"people: {len(pairs)} accepted pairs")
    return pairs


def _linked_lead_pairs(records: list[Record], people: list[int], found: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """(lead, contact) for each lead whose CONTACT_ID names a contact, unless blocking met them already."""
    linked = [i for i in people if records[i].linked_contact]
    if not linked:
        return []
    contact_at = {records[i].id: i for i in people if records[i].kind == CONTACT}
    pairs = {(min(i, j), max(i, j)) for i in linked if (j := contact_at.get(records[i].linked_contact)) is not None}
    return sorted(pairs - found)


def _group_companies(records: list[Record], firms: list[int], say: Progress):
    index = build_index(firms, records, company_keys)
    shared = CompanyPlaces(frozenset(_shared_keys(index, records, _different_titles)),
                           frozenset(_shared_keys(index, records, _different_titles, ("address",))))
    candidates = candidate_pairs(index, records, {}, company_subkeys)
    say(f"companies: {len(firms)} records, {len(candidates)} candidate pairs")
    pairs = [pair for i, j in candidates if (pair := score_companies(i, j, records[i], records[j], shared))]
    return group_pairs(records, pairs, companies_conflict), index


def _different_titles(a: Record, b: Record) -> bool:
    """Two firms' names — a city note on one card («… г. Санкт-Петербург») leaves the same name."""
    return compare_card_titles(a.title, b.title) == DIFFERENT


def _shared_keys(index: dict[tuple, list[int]], records: Sequence[Record],
                 different: Callable[[Record, Record], bool], kinds: tuple[str, ...] = ("phone",)) -> set[str]:
    """Phones (or other keys of `kinds`) written on records of two or more clearly different people or firms."""
    shared = set()
    for key, members in index.items():
        if key[0] not in kinds or len(members) < 2:
            continue
        distinct: list[Record] = []
        for i in members:
            if all(different(records[i], other) for other in distinct):
                distinct.append(records[i])
                if len(distinct) > 1:
                    shared.add(key[1])
                    break
    return shared


def _people_clusters_and_their_links(records: list[Record], pairs: list[Pair], company_groups: list[Group],
                                     links: list[Pair], group_of: dict[int, int], cores: int) -> list[Cluster]:
    """People's groups as clusters, and the links of leads found to be a known contact to that contact's
    firm (links.link_leads_by_their_contacts). Sets of records no pair connects are grouped apart, so
    on two cores each process groups and words about half of them."""
    linked_leads = {lead_and_other(pair, records)[0] for pair in links}

    def clusters_of(part: list[Pair]) -> list[Cluster]:
        groups = group_pairs(records, part, people_conflict)
        found = link_leads_by_their_contacts(records, groups, linked_leads, group_of)
        return ([cluster for group in groups for cluster in _people_clusters(records, group)]
                + _company_link_clusters(records, company_groups, found))

    cores = cores if len(pairs) >= PARALLEL_MIN_GROUPED_PAIRS else 1
    components = split_by_component(pairs, GROUPING_CHUNKS if cores > 1 else 1)
    parts = chunk_map(lambda chunk: clusters_of(components[chunk]), len(components), cores,
                      pack=lambda clusters: list(map(tuple, clusters)), unpack=lambda plain: list(map(Cluster._make, plain)))
    return [cluster for part in parts for cluster in part]


def _people_clusters(records: list[Record], group: Group) -> list[Cluster]:
    contacts = [i for i in group.members if records[i].kind == CONTACT]
    leads = [i for i in group.members if records[i].kind == LEAD]
    clusters = []
    if len(contacts) > 1:
        clusters.append(_cluster(CONTACT, records, contacts, group.pairs, bare=True))
    if len(leads) > 1:
        clusters.append(_cluster(LEAD, records, leads, group.pairs, bare=True))
    if leads and contacts:
        clusters.append(_cluster(MIXED, records, leads + contacts, group.pairs, bare=False, across=True))
    return clusters


def _company_link_clusters(records: list[Record], company_groups: list[Group], links: list[Pair]) -> list[Cluster]:
    """One cluster per linked lead: the lead and the card(s) of its company. Leads of one company are
    different people, so they are never put into one cluster together."""
    members_of = {member: group for group in company_groups for member in group.members}
    clusters = []
    for pair in links:
        lead, company = lead_and_other(pair, records)
        group = members_of.get(company)
        cards = list(group.members) if group else [company]
        pairs = (pair, *group.pairs) if group else (pair,)
        clusters.append(_cluster(MIXED, records, [lead, *cards], pairs, bare=False, across=True))
    return clusters


def _cluster(entity_type: str, records: Sequence[Record], members: Sequence[int], pairs: Sequence[Pair],
             bare: bool, across: bool = False) -> Cluster:
    inside = set(members)
    relevant = [pair for pair in pairs if pair.a in inside and pair.b in inside
                and (not across or records[pair.a].kind != records[pair.b].kind)]
    relevant = relevant or [pair for pair in pairs if pair.a in inside or pair.b in inside]
    ordered = sorted(members, key=lambda i: (_TYPE_ORDER[records[i].kind], _id_order(records[i].id)))
    ids = tuple(records[i].id if bare else records[i].ref for i in ordered)
    score = min(pair.score for pair in relevant) if relevant else 0.0
    reasons = combined_reasons(item for pair in relevant for item in pair.evidence)
    return Cluster(entity_type, ids, score, reasons)


def _id_order(record_id: str) -> tuple[int, str]:
    return (int(record_id), "") if record_id.isdigit() else (1 << 62, record_id)
