"""The CLI contract other tools rely on: JSON Lines in, {"clusters": [...]} out, progress on stderr."""
import json
import os
import subprocess
import sys
from pathlib import Path

from dedupe.cli import run
from tests.dedupe.crm_rows import company, contact, lead, requisite

ROOT = Path(__file__).resolve().parents[2]


def write_lines(path, rows):
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return str(path)


def test_output_has_the_documented_shape(tmp_path, capsys):
    contacts = write_lines(tmp_path / "contacts.jsonl", [
        contact(12, "Иван", "Петров", phones=["+79161112233"]), contact(57, "Ваня", "Петров", phones=["89161112233"]),
        contact(99, "Ольга", "Смирнова", phones=["+79035556677"])])
    companies = write_lines(tmp_path / "companies.jsonl", [company(1, "ООО Ромашка"), company(2, "Ромашка ООО")])
    requisites = write_lines(tmp_path / "requisites.jsonl", [requisite(1, "7707083893", "770701001"),
                                                            requisite(2, "7707083893", "770701001")])
    leads = write_lines(tmp_path / "leads.jsonl", [lead(5, "Иван", "Петров", phones=["+7 916 111-22-33"])])
    out = tmp_path / "clusters.json"
    assert run(["find", "--contacts", contacts, "--companies", companies, "--leads", leads,
                 "--requisites", requisites, "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert list(result) == ["clusters"]
    by_type = {cluster["entity_type"]: cluster for cluster in result["clusters"]}
    assert set(by_type) == {"contact", "company", "mixed"}
    for cluster in result["clusters"]:
        assert list(cluster) == ["entity_type", "ids", "score", "reasons"]
        assert all(isinstance(i, str) for i in cluster["ids"]) and isinstance(cluster["score"], float)
        assert cluster["reasons"] and all(isinstance(reason, str) for reason in cluster["reasons"])
    assert by_type["contact"]["ids"] == ["12", "57"]
    assert by_type["company"]["ids"] == ["1", "2"]
    assert sorted(by_type["mixed"]["ids"]) == ["contact:12", "contact:57", "lead:5"]
    grouped_ids = {i.split(":")[-1] for cluster in result["clusters"] for i in cluster["ids"]}
    assert "99" not in grouped_ids                                # records in no group are left out
    captured = capsys.readouterr()
    assert captured.out == "" and "records read" in captured.err


def test_a_line_holding_a_whole_list_response_is_read_too(tmp_path):
    envelope = {"result": [contact(1, "Иван", "Петров", phones=["+79161112233"]),
                           contact(2, "Иван", "Петров", phones=["+79161112233"])], "total": 2}
    contacts = write_lines(tmp_path / "contacts.jsonl", [envelope])
    out = tmp_path / "clusters.json"
    assert run(["find", "--contacts", contacts, "--out", str(out)]) == 0
    assert json.loads(out.read_text())["clusters"][0]["ids"] == ["1", "2"]


def test_bad_json_is_reported_in_russian_with_the_line_and_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    bad = tmp_path / "contacts.jsonl"
    bad.write_text(json.dumps(contact(1, "Иван")) + "\n{oops\n", encoding="utf-8")
    out = tmp_path / "clusters.json"
    assert run(["find", "--contacts", str(bad), "--out", str(out)]) == 2
    assert "строка 2" in capsys.readouterr().err
    assert not out.exists()


def test_errors_are_in_english_when_lang_is_english(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    out = tmp_path / "clusters.json"
    assert run(["find", "--contacts", str(tmp_path / "missing.jsonl"), "--out", str(out)]) == 2
    assert "file not found" in capsys.readouterr().err
    assert not out.exists()


def test_no_input_at_all_is_an_error(tmp_path, capsys):
    assert run(["find", "--out", str(tmp_path / "clusters.json")]) == 2
    assert "--contacts" in capsys.readouterr().err


def test_a_byte_order_mark_at_the_start_of_a_file_is_ignored(tmp_path):
    path = tmp_path / "contacts.jsonl"
    rows = [contact(1, "Иван", "Петров", phones=["+79161112233"]), contact(2, "Иван", "Петров", phones=["89161112233"])]
    path.write_bytes(b"\xef\xbb\xbf" + "".join(json.dumps(row) + "\n" for row in rows).encode())
    out = tmp_path / "clusters.json"
    assert run(["find", "--contacts", str(path), "--out", str(out)]) == 0
    assert json.loads(out.read_text())["clusters"][0]["ids"] == ["1", "2"]


def test_bad_input_leaves_an_earlier_result_file_as_it_was(tmp_path):
    out = tmp_path / "clusters.json"
    out.write_text('{"clusters": []}', encoding="utf-8")
    bad = tmp_path / "contacts.jsonl"
    bad.write_text(json.dumps(contact(1, "Иван")) + "\n{oops\n", encoding="utf-8")
    assert run(["find", "--contacts", str(bad), "--out", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == '{"clusters": []}'
    assert sorted(path.name for path in tmp_path.iterdir()) == ["clusters.json", "contacts.jsonl"]   # no temp file left


def test_a_line_that_is_not_a_record_is_reported_with_its_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    path = write_lines(tmp_path / "contacts.jsonl", [contact(1, "Иван"), [1, 2]])
    out = tmp_path / "clusters.json"
    assert run(["find", "--contacts", path, "--out", str(out)]) == 2
    assert "line 2: expected a CRM record" in capsys.readouterr().err
    assert not out.exists()


def test_the_console_command_exits_with_runs_code_and_its_output_written(tmp_path):
    contacts = write_lines(tmp_path / "contacts.jsonl", [contact(12, "Иван", "Петров", phones=["+79161112233"]),
                                                         contact(57, "Ваня", "Петров", phones=["89161112233"])])
    out = tmp_path / "clusters.json"
    command = [sys.executable, str(ROOT / "poryadok.py"), "dedupe", "find", "--contacts", contacts, "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "LANG": "en_US.UTF-8"})
    assert done.returncode == 0 and done.stdout == "" and "done in" in done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["clusters"][0]["ids"] == ["12", "57"]
    failed = subprocess.run(command[:-4] + ["--contacts", str(tmp_path / "none.jsonl"), "--out", str(out)],
                            capture_output=True, text=True, env={**os.environ, "LANG": "en_US.UTF-8"})
    assert failed.returncode == 2 and "file not found" in failed.stderr
