"""The command line: output format, encodings, errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad import __version__
from marsad.cli import root

from .conftest import EXAMPLE


def run(*args: str, input: bytes | None = None):
    result = CliRunner().invoke(root, list(args), input=input, catch_exceptions=False)
    return result


def test_version_and_help() -> None:
    assert __version__ in run("--version").output
    out = run("--help").output
    assert "code" in out and "demo" in out


def test_code_jsonl_one_line_per_document(tmp_path: Path) -> None:
    second = tmp_path / "second.txt"
    second.write_text("قال الرئيس المصري إن الوضع مستقر.", encoding="utf-8")
    result = run("code", str(EXAMPLE), str(second))
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    docs = [json.loads(line) for line in lines]
    assert docs[0]["text"] == EXAMPLE.read_text(encoding="utf-8")
    assert docs[1]["text"] == "قال الرئيس المصري إن الوضع مستقر."


def test_code_json_array(tmp_path: Path) -> None:
    result = run("code", "--format", "json", str(EXAMPLE), str(EXAMPLE))
    assert result.exit_code == 0
    docs = json.loads(result.stdout)
    assert isinstance(docs, list) and len(docs) == 2 and docs[0]["id"] == docs[1]["id"]


def test_code_stdin() -> None:
    result = run("code", "-", input="قال الوزير إن المفاوضات مستمرة.".encode())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["text"] == "قال الوزير إن المفاوضات مستمرة."


def test_published_option_overrides_and_is_validated() -> None:
    result = run("code", "--published", "2020-01-02", str(EXAMPLE))
    doc = json.loads(result.stdout)
    assert doc["published"] == "2020-01-02" and doc["published_basis"] == "given"
    bad = run("code", "--published", "2020-02-31", str(EXAMPLE))
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


@pytest.mark.parametrize("encoding", ["cp1256", "utf-16", "utf-8-sig", "utf-16-le"])
def test_code_reads_encodings(tmp_path: Path, encoding: str) -> None:
    text = "أعلنت وزارة الخارجية السعودية اليوم الأحد عن اتفاق جديد مع الأردن."
    path = tmp_path / "a.dat"
    path.write_bytes(text.encode(encoding))
    result = run("code", str(path))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["text"] == text


def test_bad_files_are_reported_and_others_processed(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    good = tmp_path / "good.txt"
    good.write_text("قال الرئيس إن الحوار مستمر.", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    result = run("code", str(empty), str(binary), str(good), str(missing))
    assert result.exit_code == 2
    assert len(result.stdout.strip().splitlines()) == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3
    assert any("empty.txt" in e and "empty" in e for e in errors)
    assert any("image.txt" in e and "binary" in e for e in errors)
    assert any("missing.txt" in e for e in errors)
    assert all(e.startswith("marsad: error: ") for e in errors)


def test_directory_is_walked(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("نص أول عن الأردن.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("نص ثان عن مصر.", encoding="utf-8")
    result = run("code", str(tmp_path))
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == 2


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    others = tmp_path / "others"
    (others / "sub").mkdir(parents=True)
    (others / "photo.png").write_bytes(b"\x89PNG\r\n")  # no file a folder walk reads
    (others / ".hidden.txt").write_text("نص مخفي.", encoding="utf-8")
    nothing = tmp_path / "nothing"
    nothing.mkdir()
    (nothing / "list.json").write_text("[]", encoding="utf-8")  # read, but holds no record
    for folder, says in ((empty, "no article files"), (others, "no article files"), (nothing, "no records")):
        result = run("code", str(folder))
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        [line] = result.stderr.strip().splitlines()
        assert line.startswith(f"marsad: error: {folder}: folder has no ") and says in line


def test_real_process_exit_code_and_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02\x03" * 100)
    proc = subprocess.run(
        [sys.executable, "-m", "marsad", "code", str(bad)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "bad.txt" in proc.stderr


def test_demo_codes_and_stores_the_examples(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = run("demo", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "sputnik-tajikistan" in result.output
    assert "Pakistan Point News" in result.output and "2021-07-22" in result.output
    assert db.is_file() and "1 documents stored" in " ".join(result.output.split())
    again = " ".join(run("demo", "--db", str(db)).output.split())  # rich wraps lines
    assert "0 documents stored" in again and "1 already stored" in again
    assert "holds 1 documents" in again


def test_jsonl_input_with_field_mapping_and_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"story": "قال وزير الخارجية الأردني إن المحادثات مثمرة.", "when": "2015-07-21"}, ensure_ascii=False)
        + "\n{not json\n"
        + json.dumps({"story": "أعلنت الحكومة المصرية خطة جديدة.", "when": "2015-07-22"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    result = run("code", "--text-field", "story", "--date-field", "when", str(path))
    assert result.exit_code == 2
    docs = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert [d["text"][:3] for d in docs] == ["قال", "أعل"]
    assert "feed.jsonl:2" in result.stderr
