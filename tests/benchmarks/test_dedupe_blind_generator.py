"""benchmarks/dedupe_blind.py: the independent labelled-data generator for the duplicate finder."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCHMARKS = os.path.join(ROOT, "benchmarks")
sys.path.insert(0, BENCHMARKS)

from dedupe_blind_parts import identifiers as ids  # noqa: E402
from dedupe_blind_parts.build import generate  # noqa: E402

FILES = ("contacts.jsonl", "companies.jsonl", "leads.jsonl", "requisites.jsonl", "labels.json")


def _rows(directory: str, name: str) -> list[dict]:
    with open(os.path.join(directory, name), encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> str:
    out = str(tmp_path_factory.mktemp("blind") / "a")
    generate(out, 3000, 400, 600, 11)
    return out


def test_same_seed_gives_identical_files(data, tmp_path):
    again = str(tmp_path / "b")
    subprocess.run([sys.executable, os.path.join(BENCHMARKS, "dedupe_blind.py"), "--out", again, "--contacts", "3000",
                    "--companies", "400", "--leads", "600", "--seed", "11", "--quiet"], check=True,
                   env={**os.environ, "PYTHONHASHSEED": "99"})
    for name in FILES:
        with open(os.path.join(data, name), "rb") as a, open(os.path.join(again, name), "rb") as b:
            assert a.read() == b.read(), name


def test_another_seed_gives_other_data(data, tmp_path):
    other = str(tmp_path / "c")
    generate(other, 3000, 400, 600, 12)
    with open(os.path.join(data, "contacts.jsonl"), "rb") as a, open(os.path.join(other, "contacts.jsonl"), "rb") as b:
        assert a.read() != b.read()


def test_sizes_are_exact(data):
    assert len(_rows(data, "contacts.jsonl")) == 3000
    assert len(_rows(data, "companies.jsonl")) == 400
    assert len(_rows(data, "leads.jsonl")) == 600


def test_check_digit_algorithms_on_known_values():
    assert ids.inn10_valid("7707083893")          # ПАО Сбербанк
    assert not ids.inn10_valid("7707083894")
    assert ids.inn12_valid("500100732259")
    assert not ids.inn12_valid("500100732250")
    assert ids.ogrn_valid("1027700132195")        # ПАО Сбербанк
    assert not ids.ogrn_valid("1027700132196")
    assert ids.ogrnip_valid("304500116000157")
    assert not ids.ogrnip_valid("304500116000158")


def test_requisites_have_valid_check_digits(data):
    requisites = _rows(data, "requisites.jsonl")
    assert requisites
    for row in requisites:
        if row["PRESET_ID"] == "1":
            assert ids.inn10_valid(row["RQ_INN"]), row
            assert ids.ogrn_valid(row["RQ_OGRN"]), row
            assert len(row["RQ_KPP"]) == 9 and row["RQ_KPP"].isdigit()
        else:
            assert row["PRESET_ID"] == "2"
            assert ids.inn12_valid(row["RQ_INN"]), row
            assert ids.ogrnip_valid(row["RQ_OGRNIP"]), row


def test_requisites_point_at_existing_records(data):
    contacts = {r["ID"] for r in _rows(data, "contacts.jsonl")}
    companies = {r["ID"] for r in _rows(data, "companies.jsonl")}
    for row in _rows(data, "requisites.jsonl"):
        assert row["ENTITY_ID"] in (companies if row["ENTITY_TYPE_ID"] == "4" else contacts)


def test_labels_cover_every_row(data):
    with open(os.path.join(data, "labels.json"), encoding="utf-8") as handle:
        labels = json.load(handle)
    for kind, name in (("contact", "contacts.jsonl"), ("company", "companies.jsonl"), ("lead", "leads.jsonl")):
        ids_in_file = [r["ID"] for r in _rows(data, name)]
        assert len(ids_in_file) == len(set(ids_in_file))
        assert set(ids_in_file) == set(labels[kind])
    companies = set(labels["company"].values())
    for label in labels["lead"].values():
        assert label["person"]
        assert label["company"] is None or label["company"] in companies


def test_every_hard_negative_pair_has_two_different_entities(data):
    with open(os.path.join(data, "labels.json"), encoding="utf-8") as handle:
        labels = json.load(handle)
    negatives = labels["hard_negatives"]
    assert len({n["kind"] for n in negatives}) >= 8

    def entity(ref: str):
        kind, record_id = ref.split(":")
        assert record_id in labels[kind], ref
        return labels[kind][record_id]

    for n in negatives:
        a, b = n["a"], n["b"]
        assert a != b
        ka, kb = a.split(":")[0], b.split(":")[0]
        ea, eb = entity(a), entity(b)
        if ka == kb == "lead":
            assert ea["person"] != eb["person"], n
        elif "lead" in (ka, kb):
            lead, other = (ea, eb) if ka == "lead" else (eb, ea)
            other_kind = kb if ka == "lead" else ka
            assert (lead["person"] if other_kind == "contact" else lead["company"]) != other, n
        else:
            assert ka == kb and ea != eb, n


def test_rows_look_like_bitrix(data):
    for row in _rows(data, "contacts.jsonl")[:500] + _rows(data, "leads.jsonl")[:200] + _rows(data, "companies.jsonl")[:200]:
        assert isinstance(row["ID"], str) and row["ID"].isdigit()
        for field in ("PHONE", "EMAIL", "WEB"):
            for value in row.get(field, []):
                assert set(value) == {"ID", "VALUE_TYPE", "VALUE", "TYPE_ID"} and value["TYPE_ID"] == field
                assert value["VALUE"]
            assert field not in row or row[field], "empty multi-fields are absent"


def test_a_lead_may_name_a_firm_its_label_leaves_out(data):
    with open(os.path.join(data, "labels.json"), encoding="utf-8") as handle:
        leads = json.load(handle)["lead"].values()
    assert all("org" in label for label in leads)
    assert any(label["company"] is None and label["org"] for label in leads)


def test_quality_counts_wrong_links_to_the_firm_the_lead_names():
    from dedupe_quality import evaluate
    labels = {"contact": {}, "company": {"1": "o1", "2": "o2"}, "hard_negatives": [],
              "lead": {"7": {"person": "p7", "company": None, "org": "o1"},
                       "8": {"person": "p8", "company": None, "org": None}}}
    clusters = [{"entity_type": "mixed", "ids": ["lead:7", "company:1"]},
                {"entity_type": "mixed", "ids": ["lead:8", "company:2"]}]
    assert evaluate(clusters, labels)["links_to_own_firm"] == 1
    del labels["lead"]["7"]["org"], labels["lead"]["8"]["org"]
    assert evaluate(clusters, labels)["links_to_own_firm"] is None
