"""The hold-out generator is deterministic, writes Bitrix24's shapes, and its labels are consistent."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.dedupe_holdout import Generator, generate
from benchmarks.dedupe_holdout_parts.cards import linked
from benchmarks.dedupe_holdout_score import Truth, hard_negative_merges, score
from requisites.checksums import is_valid_inn, is_valid_inn10, is_valid_ogrn, is_valid_ogrnip
from tests.reference_examples import BITRIX24 as EXAMPLES

SIZES = {"contacts": 1500, "companies": 200, "leads": 200}
FILES = ("contacts.jsonl", "companies.jsonl", "leads.jsonl", "requisites.jsonl", "labels.json")
VALUE_TYPES = {"PHONE": {"WORK", "MOBILE", "FAX", "HOME", "PAGER", "MAILING", "OTHER"},
               "EMAIL": {"WORK", "HOME", "MAILING", "OTHER"},
               "WEB": {"WORK", "HOME", "VK", "LIVEJOURNAL", "TWITTER", "OTHER"}}
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00$")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("holdout")
    generate(11, SIZES["contacts"], SIZES["companies"], SIZES["leads"], out)
    return out


@pytest.fixture(scope="module")
def rows(data_dir) -> dict[str, list[dict]]:
    return {name: read_jsonl(data_dir / f"{name}.jsonl") for name in ("contacts", "companies", "leads", "requisites")}


@pytest.fixture(scope="module")
def labels(data_dir) -> dict:
    return json.loads((data_dir / "labels.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built() -> dict:
    return Generator(5, 800, 150, 200).build()


def test_same_seed_writes_byte_identical_files(data_dir, tmp_path):
    generate(11, SIZES["contacts"], SIZES["companies"], SIZES["leads"], tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (data_dir / name).read_bytes(), name


def test_another_seed_gives_other_records(data_dir, tmp_path):
    generate(12, SIZES["contacts"], SIZES["companies"], SIZES["leads"], tmp_path)
    assert (tmp_path / "contacts.jsonl").read_bytes() != (data_dir / "contacts.jsonl").read_bytes()


def test_each_file_holds_exactly_the_requested_number_of_records(rows, labels):
    assert len(rows["contacts"]) == SIZES["contacts"] == labels["counts"]["contact"]
    assert len(rows["companies"]) == SIZES["companies"] == labels["counts"]["company"]
    assert len(rows["leads"]) == SIZES["leads"] == labels["counts"]["lead"]


@pytest.mark.parametrize("name", ["contacts", "companies", "leads"])
def test_records_carry_string_ids_and_multifields_as_bitrix_returns_them(rows, name):
    ids = [row["ID"] for row in rows[name]]
    assert all(isinstance(i, str) and i.isdigit() for i in ids) and len(set(ids)) == len(ids)
    for row in rows[name]:
        assert STAMP.match(row["DATE_CREATE"])
        for kind, allowed in VALUE_TYPES.items():
            if kind not in row:
                continue
            assert row[kind], f"{kind} is present only when the card has values"
            for value in row[kind]:
                assert set(value) == {"ID", "VALUE_TYPE", "VALUE", "TYPE_ID"}
                assert value["TYPE_ID"] == kind and value["VALUE_TYPE"] in allowed and value["ID"].isdigit()
        assert row["HAS_PHONE"] == ("Y" if row.get("PHONE") else "N")
        assert row["HAS_EMAIL"] == ("Y" if row.get("EMAIL") else "N")


def test_record_fields_include_those_of_the_reference_examples(rows):
    contact_example = json.loads((EXAMPLES / "crm_contact_list_response_multifields.json").read_text())["result"][0]
    company_example = json.loads((EXAMPLES / "crm_company_get_response.json").read_text())["result"]
    assert set(contact_example) - {"EMAIL"} <= set(rows["contacts"][0])
    assert set(company_example) - {"PARENT_ID_156"} <= set(rows["companies"][0])


def test_requisites_have_the_reference_fields_and_point_at_existing_cards(rows):
    example = json.loads((EXAMPLES / "crm_requisite_get_response_ru_company.json").read_text())["result"]
    companies = {row["ID"] for row in rows["companies"]}
    contacts = {row["ID"] for row in rows["contacts"]}
    owners = Counter()
    for requisite in rows["requisites"]:
        assert set(requisite) == set(example)
        assert requisite["ENTITY_TYPE_ID"] in ("3", "4") and requisite["PRESET_ID"] in ("1", "2", "3")
        assert requisite["ENTITY_ID"] in (companies if requisite["ENTITY_TYPE_ID"] == "4" else contacts)
        owners[requisite["ENTITY_TYPE_ID"]] += 1
    assert owners["4"] > SIZES["companies"] // 3


def test_contacts_point_at_existing_companies(rows):
    companies = {row["ID"] for row in rows["companies"]}
    linked_ids = [row["COMPANY_ID"] for row in rows["contacts"] if row["COMPANY_ID"]]
    assert linked_ids and set(linked_ids) <= companies


def test_registry_identifiers_have_valid_control_digits(rows):
    for requisite in rows["requisites"]:
        inn = (requisite["RQ_INN"] or "").replace(" ", "")
        if requisite["ENTITY_TYPE_ID"] == "4":
            assert is_valid_inn(inn), inn
        if requisite["PRESET_ID"] == "1":
            assert is_valid_inn10(inn) and is_valid_ogrn(requisite["RQ_OGRN"])
            assert requisite["RQ_KPP"] is None or re.fullmatch(r"\d{4}(01|43)\d{3}", requisite["RQ_KPP"])
        if requisite["PRESET_ID"] == "2":
            assert is_valid_ogrnip(requisite["RQ_OGRNIP"])
    typed = [m for row in rows["leads"] + rows["companies"]
             for m in re.findall(r"(?i)инн(?:/кпп)?:?\s*(\d+)", " ".join(
                 str(row.get(k) or "") for k in ("COMMENTS", "UF_CRM_1701173519", "BANKING_DETAILS", "TITLE")))]
    typed += [row["UF_CRM_1701173519"] for row in rows["leads"] if (row["UF_CRM_1701173519"] or "").isdigit()]
    assert typed and all(is_valid_inn(inn) for inn in typed)


def test_every_record_has_a_true_entity(rows, labels):
    for name, kind in (("contacts", "contact"), ("companies", "company"), ("leads", "lead")):
        assert set(labels["entities"][kind]) == {row["ID"] for row in rows[name]}
        assert set(labels["tags"]) >= {f"{kind}:{row['ID']}" for row in rows[name]}


def test_duplicate_groups_are_a_realistic_minority_of_two_to_four(labels):
    for kind in ("contact", "company"):
        sizes = Counter(Counter(labels["entities"][kind].values()).values())
        in_groups = sum(size * n for size, n in sizes.items() if size > 1)
        assert 0.06 <= in_groups / labels["counts"][kind] <= 0.25
        assert max(sizes) <= 4


def test_hard_negative_pairs_are_always_different_entities(labels):
    kinds = Counter(pair["kind"] for pair in labels["hard_negatives"])
    for expected in ("shared_office_phone", "generic_mailbox", "namesake", "branch", "family_phone"):
        assert kinds[expected] > 0, expected
    for pair in labels["hard_negatives"]:
        (a_type, a_id), (b_type, b_id) = (pair[k].split(":") for k in ("a", "b"))
        a_truth = labels["entities"][a_type][a_id]
        b_truth = labels["entities"][b_type][b_id]
        assert a_truth != b_truth
        if a_type == "lead" and b_type == "company":
            assert labels["lead_links"][a_id]["company"] != b_truth


def test_lead_links_name_entities_that_have_cards(labels):
    people = set(labels["entities"]["contact"].values())
    companies = set(labels["entities"]["company"].values())
    links = labels["lead_links"]
    assert set(links) == set(labels["entities"]["lead"])
    assert all(link["person"] in people for link in links.values() if link["person"])
    assert all(link["company"] in companies for link in links.values() if link["company"])
    assert sum(link["person_evidence"] for link in links.values()) > len(links) // 10
    assert sum(link["company_evidence"] for link in links.values()) > len(links) // 20


def test_every_duplicate_card_shares_evidence_with_another_card_of_its_entity(built):
    groups: dict[str, list] = {}
    for rec in built["records"]:
        groups.setdefault((rec.type, rec.entity), []).append(rec)
    for (kind, _), cards in groups.items():
        if kind == "company" or len(cards) < 2:
            continue
        for rec in cards:
            assert any(linked(rec, other) for other in cards if other is not rec), (rec.tags, rec.tokens)


def test_a_perfect_answer_scores_one_and_merges_no_hard_negative(labels):
    clusters = {kind: [] for kind in ("contact", "company", "lead", "mixed")}
    for kind in ("contact", "company", "lead"):
        by_entity: dict[str, list] = {}
        for record_id, key in labels["entities"][kind].items():
            by_entity.setdefault(key, []).append((kind, record_id))
        clusters[kind] = [{"members": sorted(m), "score": 1, "reasons": []} for m in by_entity.values() if len(m) > 1]
    truth = Truth(labels)
    clusters["mixed"] = [{"members": [a, b], "score": 1, "reasons": []} for a, b in truth.true_pairs("mixed")]
    metrics, _ = score(truth, clusters)
    assert metrics["overall"]["f1"] == 1.0
    assert sum(merged for _, merged in hard_negative_merges(labels, clusters).values()) == 0


def test_merging_a_hard_negative_pair_is_counted_and_costs_precision(labels):
    pair = next(p for p in labels["hard_negatives"] if p["a"].startswith("contact") and p["b"].startswith("contact"))
    members = sorted(tuple(pair[k].split(":")) for k in ("a", "b"))
    clusters = {"contact": [{"members": members, "score": 0.9, "reasons": ["test"]}]}
    metrics, _ = score(Truth(labels), clusters)
    merges = hard_negative_merges(labels, clusters)
    assert metrics["contact"]["fp"] == 1 and metrics["contact"]["precision"] == 0.0
    assert merges[f"{pair['kind']} (contact-contact)"][1] == 1


def test_cards_of_branch_offices_always_carry_their_inn_and_kpp(rows, labels):
    kpp_of = {r["ENTITY_ID"]: r["RQ_KPP"] for r in rows["requisites"] if r["ENTITY_TYPE_ID"] == "4" and r["RQ_KPP"]}
    branch_cards = {pair[k].split(":")[1] for pair in labels["hard_negatives"] if pair["kind"] == "branch"
                    and pair["a"].startswith("company") and pair["b"].startswith("company") for k in ("a", "b")}
    assert branch_cards and all(card in kpp_of for card in branch_cards)
