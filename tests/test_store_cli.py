"""``marsad ingest | search | events | actors | stats | export`` on both backends."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import root
from marsad.store import open_store

from .conftest import EXAMPLE
from .store_fixtures import pg_server, store_url  # noqa: F401
from .test_store import _corpus


def run(*args: str):
    return CliRunner().invoke(root, list(args), catch_exceptions=False)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(text, encoding="utf-8")  # an exact copy
    return folder


def test_ingest_search_stats_export(store_url, articles: Path, tmp_path: Path) -> None:  # noqa: F811
    first = run("ingest", str(articles), "--db", store_url, "-q")
    assert first.exit_code == 0, first.output
    assert "1 documents stored" in first.output and "1 already stored" in first.output
    again = run("ingest", str(articles), "--db", store_url, "-q")
    assert again.exit_code == 0 and "0 documents stored" in again.output and "2 already stored" in again.output

    found = run("search", "طَاجِيكِسْتَان", "--db", store_url)
    assert found.exit_code == 0
    assert found.output.startswith("1 documents in 1 stories match")
    assert "[طاجيكستان]" in found.output or "[لطاجيكستان]" in found.output
    hits = [json.loads(line) for line in run("search", "لطاجيكستان", "--db", store_url, "--format", "jsonl")
            .output.splitlines()]
    assert len(hits) == 1 and hits[0]["highlights"]

    stats = json.loads(run("stats", "--db", store_url, "--format", "json").output)
    assert (stats["documents"], stats["stories"]) == (1, 1)
    assert "documents: 1" in run("stats", "--db", store_url).output

    out = tmp_path / "docs.jsonl"
    result = run("export", "--db", store_url, "--format", "jsonl", "--out", str(out))
    assert result.exit_code == 0
    (doc,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert doc["text"] == EXAMPLE.read_text(encoding="utf-8").strip("\n") or doc["text"]
    gdelt = tmp_path / "events.tsv"
    assert run("export", "--db", store_url, "--format", "gdelt", "--out", str(gdelt)).exit_code == 0
    assert all(len(line.split("\t")) == 61 for line in gdelt.read_text(encoding="utf-8").splitlines())


def test_events_and_actors_formats(store_url) -> None:  # noqa: F811
    with open_store(store_url) as store:
        store.ingest(_corpus())
    table = run("events", "--db", store_url, "--actor", "RUS")
    assert table.exit_code == 0 and "RUSGOV" in table.output and "TAL" not in table.output
    lines = run("events", "--db", store_url, "--plover", "ASSAULT", "--format", "jsonl").output.splitlines()
    assert [json.loads(line)["cameo"] for line in lines] == ["193"]
    rows = list(csv.DictReader(io.StringIO(run("events", "--db", store_url, "--since", "2021-07-21",
                                               "--format", "csv").output)))
    assert sorted(r["cameo"] for r in rows) == ["0334", "042", "141"]
    assert {r["modalities"] for r in rows} == {"asserted"} and {r["num_negated"] for r in rows} == {"0"}
    assert run("events", "--db", store_url, "--modality", "hypothetical", "--format", "jsonl").output == ""
    assert len(run("events", "--db", store_url, "--modality", "asserted", "--format", "jsonl").output.splitlines()) == 5
    actors = run("actors", "--db", store_url, "--format", "jsonl").output.splitlines()
    assert {json.loads(line)["code"] for line in actors} >= {"RUSGOV", "TJK", "AFGMIL"}
    people = run("actors", "--db", store_url, "--type", "PER", "--format", "csv").output
    assert "وزير الخارجية" in people


@pytest.mark.parametrize(("args", "message"), [
    (["events", "--since", "2021-99-01"], "not a date"),
    (["events", "--actor", "x'; DROP TABLE events; --"], "not an actor code"),
    (["events", "--code", "99"], "CAMEO"),
    (["events", "--plover", "NOPE"], "PLOVER"),
    (["events", "--country", "ZZZ"], "unknown country"),
    (["events", "--modality", "maybe"], "modality"),
    (["search", "!!"], "no words"),
    (["export", "--format", "gdelt", "--table", "documents", "--out", "-"], "events only"),
])
def test_bad_input_is_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    db = str(tmp_path / "m.db")
    open_store(db).close()
    result = CliRunner().invoke(root, [*args, "--db", db])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_bad_store_url_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(root, ["stats", "--db", "mysql://x/y"])
    assert result.exit_code == 4 and "unknown store URL" in result.output
    result = CliRunner().invoke(root, ["ingest", str(EXAMPLE), "--db", str(tmp_path / "no" / "m.db")])
    assert result.exit_code == 4 and "does not exist" in result.output
    result = CliRunner().invoke(root, ["stats", "--db", str(tmp_path / "m.db")])
    assert result.exit_code == 4 and "no store at" in result.output


def test_unreachable_postgres_is_one_line() -> None:
    pytest.importorskip("psycopg")
    result = CliRunner().invoke(root, ["stats", "--db", "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"])
    assert result.exit_code == 4 and "cannot connect to PostgreSQL" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_not_a_database_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    result = CliRunner().invoke(root, ["stats", "--db", str(bad)])
    assert result.exit_code == 4 and "Traceback" not in result.output


def test_ingest_reports_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(root, ["ingest", str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"),
                                       "--db", str(tmp_path / "m.db"), "-q"])
    assert result.exit_code == 2
    assert "2 failed" in result.output


def test_ingest_empty_folder_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    db = tmp_path / "never.db"
    result = CliRunner().invoke(root, ["ingest", str(empty), "--db", str(db), "-q"])
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"marsad: error: {empty}: folder has no article files")
    assert not db.exists()  # checked before the store is created
    nothing = tmp_path / "nothing"
    nothing.mkdir()
    (nothing / "list.json").write_text("[]", encoding="utf-8")  # read, but holds no record
    result = CliRunner().invoke(root, ["ingest", str(nothing), "--db", str(db), "-q"])
    assert result.exit_code == 2
    assert f"marsad: error: {nothing}: folder has no articles" in result.output


def test_sqlite_url_form(tmp_path: Path, articles: Path) -> None:
    url = f"sqlite:///{tmp_path / 'via-url.db'}"
    assert run("ingest", str(articles), "--db", url, "-q").exit_code == 0
    assert (tmp_path / "via-url.db").is_file()


def test_ingest_workers_and_reader_options(tmp_path: Path) -> None:
    """``--workers`` and the readers' options: a JSON Lines file whose text is under "body"."""
    text = EXAMPLE.read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    records = [{"body": "\n\n".join(paragraphs[i:] + paragraphs[:i]), "headline": f"خبر {i}"} for i in range(12)]
    records.insert(5, {"text": "no body field here"})
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    one = run("ingest", str(feed), "--db", str(tmp_path / "one.db"), "-q", "--workers", "1",
              "--text-field", "body", "--title-field", "headline")
    two = run("ingest", str(feed), "--db", str(tmp_path / "two.db"), "-q", "-j", "2",
              "--text-field", "body", "--title-field", "headline")
    assert one.exit_code == two.exit_code == 2  # the record without "body"
    assert "13 articles" in one.stdout and "1 failed" in one.stdout and "2 workers" in two.stdout
    assert "feed.jsonl:6" in one.stderr
    rows = {}
    for name in ("one", "two"):
        with open_store(str(tmp_path / f"{name}.db")) as store:
            rows[name] = [(r["id"], r["cluster_id"], r["title"]) for r in store.document_rows()]
    assert rows["one"] == rows["two"] and len(rows["one"]) >= 1
    assert {title for _, _, title in rows["one"]} <= {f"خبر {i}" for i in range(12)}


@pytest.mark.parametrize("args", [["--scheduler", "tcp://127.0.0.1:1"], ["--shard-dir", "x"]])
def test_dask_options_need_the_dask_engine(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(root, ["ingest", str(EXAMPLE), "--db", str(tmp_path / "m.db"), *args])
    assert result.exit_code == 2 and "--engine dask" in result.output


def test_ingest_with_the_dask_engine(tmp_path: Path, articles: Path) -> None:
    pytest.importorskip("distributed")
    shards = tmp_path / "shards"
    result = run("ingest", str(articles), "--db", str(tmp_path / "d.db"), "-q", "--engine", "dask", "-j", "1",
                 "--shard-dir", str(shards))
    assert result.exit_code == 0, result.output
    assert "1 documents stored" in result.stdout and "1 already stored" in result.stdout
    assert "dask, 1 worker" in result.stdout
    assert len(list(shards.glob("part-*.parquet"))) == 1


def test_quotes_command(store_url) -> None:  # noqa: F811
    from .test_store_quotes import _docs

    d1, d2, d3 = _docs()
    with open_store(store_url) as store:
        store.ingest([d1, d2, d3])
    table = run("quotes", "--db", store_url, "--speaker", "صالح")
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0] == "2 quotes" and lines[1].split()[:3] == ["published", "speaker_text", "speaker_code"]
    assert all("برهم صالح" in line and "IRQGOV" in line for line in lines[2:]) and len(lines) == 4
    body = json.loads(run("quotes", "--db", store_url, "--about", "الرياض", "--format", "json").output)
    assert body["total"] == 1 and body["items"][0]["text"] == "بغداد ستواصل الحوار مع الرياض"
    assert body["items"][0]["speaker_entity"] == "e2" and body["items"][0]["doc_id"] == d1.id
    rows = list(csv.DictReader(io.StringIO(run("quotes", "--db", store_url, "--since", "2021-07-21", "--format",
                                               "csv").output)))
    assert [(r["doc_id"], r["speaker_code"], r["kind"]) for r in rows] == [(d2.id, "IRNGOV", "direct")]
    lines = run("quotes", "--db", store_url, "--kind", "indirect", "--format", "jsonl").output.splitlines()
    assert [json.loads(line)["doc_id"] for line in lines] == [d1.id, d3.id]  # the undated document last
    paged = run("quotes", "--db", store_url, "--limit", "1", "--offset", "1")
    assert paged.output.splitlines()[0] == "4 quotes; 2-2 shown"
    assert run("quotes", "--db", store_url, "--speaker", "IRN", "--about", "طهران", "--format", "jsonl",
               "--doc", d2.id).output.count("\n") == 1


def test_quotes_command_shows_the_roles(store_url) -> None:  # noqa: F811
    from .test_store_quotes import _roles_doc

    with open_store(store_url) as store:
        store.ingest([_roles_doc()])
    table = run("quotes", "--db", store_url)
    assert table.exit_code == 0, table.output
    header, first, second = table.output.splitlines()[1:4]
    assert "medium" in header and "relayed_by_text" in header and "addressee_text" in header
    assert "وكالة أنباء الشرق الأوسط" in first and "محامي النادي" in second
    rows = [json.loads(line) for line in run("quotes", "--db", store_url, "--format", "jsonl").output.splitlines()]
    assert (rows[0]["speaker_for_text"], rows[0]["medium_code"], rows[1]["relayed_by_text"]) == (
        "وزارة الصحة", "EGYMED", "محامي النادي")
    exported = run("export", "--db", store_url, "--format", "csv", "--table", "quotes", "--out", "-")
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader(io.StringIO(exported.output)))
    assert [(r["medium"], r["relayed_by_text"]) for r in rows] == [("وكالة أنباء الشرق الأوسط", ""), ("", "محامي النادي")]


@pytest.mark.parametrize("args, message", [
    (("--since", "yesterday"), "since 'yesterday' is not a date"),
    (("--since", "2022", "--until", "2021"), "is after until"),
    (("--speaker", "..."), "has no words"),
    (("--doc", "a b"), "not an id"),
])
def test_quotes_command_bad_input_is_one_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    db = str(tmp_path / "m.db")
    open_store(db).close()
    result = CliRunner().invoke(root, ["quotes", "--db", db, *args])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert result.output.count("\n") == 1 and message in result.output and "Traceback" not in result.output


def test_quotes_command_without_a_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(root, ["quotes", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and result.output.strip() == f"marsad: error: no store at {tmp_path / 'none.db'} " \
                                                               "(marsad ingest creates it)"
    assert not (tmp_path / "none.db").exists()
