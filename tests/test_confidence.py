"""Confidence everywhere: the store keeps every candidate with its confidence (on both
backends), the merged event has its best mention's, and ``--min-confidence`` on ``code``,
``ingest``, ``events`` and ``export`` (and the store's queries) chooses the threshold when
reading; a store made before the confidence migration keeps working (unknown passes)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import root
from marsad.confidence import check_confidence, default_threshold, keep_confident
from marsad.errors import QueryError
from marsad.model import document_from_dict
from marsad.store import GDELT_COLUMNS, MIGRATIONS, open_store
from marsad.store.backends import connect
from marsad.store.migrations import migrate

from .conftest import EXAMPLE
from .store_fixtures import make_doc, make_event, pg_server, store_url  # noqa: F401

CONFIDENCE_MIGRATION = "0005_event_confidence"

A = "هاجم مسلحون مركزا للشرطة في المدينة صباح اليوم."
B = "وأفادت مصادر أن مسلحين هاجموا مركزا للشرطة في المدينة."
C = "تظاهر مئات الطلاب في القاهرة احتجاجا على ارتفاع الأسعار."


def _doc(text: str, phrase: str, confidence: float | None, *, publisher: str, cameo: str = "190",
         plover: str = "ASSAULT", source: str = "IRQREB", sentence: int = 0, modality: str = "asserted"):
    event = make_event(text, phrase, eid="ev1", source=source, target="IRQCOP", cameo=cameo, date="2021-07-22",
                       plover=plover, sentence=sentence, modality=modality)
    return make_doc(text, publisher=publisher, published="2021-07-22",
                    events=(dataclasses.replace(event, confidence=confidence),))


def _run(*args: str):
    return CliRunner().invoke(root, list(args), catch_exceptions=False)


@pytest.fixture
def store(store_url):  # noqa: F811
    with open_store(store_url) as s:
        yield s


# -- the store --------------------------------------------------------------------------------

@pytest.mark.parametrize("order", [(0.2, 0.7), (0.7, 0.2)])
def test_merged_event_has_its_best_mentions_confidence_and_counts_pass_the_threshold(store, order) -> None:
    # Two reports of one event in two documents (one merged event), in either order of ingest.
    first, second = order
    store.ingest([_doc(A, "هاجم", first, publisher="أ", modality="claim" if first < 0.5 else "asserted")])
    store.ingest([_doc(B, "هاجموا", second, publisher="ب", sentence=5,
                       modality="claim" if second < 0.5 else "asserted")])
    (every,) = store.events()
    assert every["confidence"] == pytest.approx(0.7)
    assert (every["num_mentions"], every["num_articles"], every["num_sources"], every["num_stories"]) == (2, 2, 2, 2)
    assert sorted(m["confidence"] for m in store.mentions()) == pytest.approx([0.2, 0.7])
    # At 0.5 only the 0.7 mention counts: one article, one publisher; the root flag comes from
    # the mentions that pass (the 0.7 one is in sentence 5 when it came second).
    (passing,) = store.events(min_confidence=0.5)
    assert (passing["num_mentions"], passing["num_articles"], passing["num_sources"], passing["num_stories"]) == (1, 1, 1, 1)
    assert passing["is_root"] == (1 if first == 0.7 else 0) and every["is_root"] == 1
    assert store.events(min_confidence=0.71) == []
    assert store.events(min_confidence=0) == store.events()
    assert [m["confidence"] for m in store.mentions(min_confidence=0.5)] == pytest.approx([0.7])
    # The modalities and their filter see only the mentions that pass: the 0.2 one's claim is gone.
    assert every["modalities"] == "asserted,claim" and passing["modalities"] == "asserted"
    assert len(store.events(modality="claim")) == 1 and store.events(min_confidence=0.5, modality="claim") == []


def test_a_mention_without_confidence_passes_any_threshold(store) -> None:
    store.ingest([_doc(A, "هاجم", 0.1, publisher="أ"), _doc(C, "تظاهر", None, publisher="ب", cameo="141",
                                                            plover="PROTEST", source="EGYEDU")])
    assert {r["cameo"]: r["confidence"] for r in store.events()} == {"190": pytest.approx(0.1), "141": None}
    assert [r["cameo"] for r in store.events(min_confidence=0.99)] == ["141"]
    # Unknown beside known: the merged event is unknown (it passes), counting the unknown mention.
    store.ingest([_doc(B, "هاجموا", None, publisher="ج")])
    rows = {r["cameo"]: r for r in store.events(min_confidence=0.5)}
    assert rows["190"]["confidence"] is None and rows["190"]["num_mentions"] == 1


def test_a_store_made_before_the_confidence_migration_keeps_working(store_url) -> None:  # noqa: F811
    db = connect(store_url)
    try:
        migrate(db, tuple(m for m in MIGRATIONS if m.name < CONFIDENCE_MIGRATION))
        with db.transaction():
            db.execute("INSERT INTO documents (id, seq, cluster_id, text, doc_json, ingested_at) "
                       "VALUES ('d1', 1, 'd1', ?, '{}', '2021-07-22T00:00:00')", (A,))
            db.execute("INSERT INTO events (id, merge_key, event_date, cameo, root, plover, first_doc, num_mentions, "
                       "num_sources, num_articles, num_stories) VALUES (7, 'k', '2021-07-22', '190', '19', "
                       "'ASSAULT', 'd1', 1, 1, 1, 1)")
            db.execute("INSERT INTO mentions (doc_id, mention_id, event_id, sentence, char_start, char_end, text) "
                       "VALUES ('d1', 'ev1', 7, 0, 0, 4, 'هاجم')")
    finally:
        db.close()
    with open_store(store_url) as old:
        assert CONFIDENCE_MIGRATION in old.migrations()
        (row,) = old.events(min_confidence=0.9)
        assert row["confidence"] is None and row["num_mentions"] == 1
        # New documents merge into it and are stored with their confidence.
        old.ingest([_doc(C, "تظاهر", 0.3, publisher="ب", cameo="141", plover="PROTEST", source="EGYEDU")])
        assert [r["cameo"] for r in old.events(min_confidence=0.9)] == ["190"]
        assert {r["cameo"] for r in old.events(min_confidence=0.3)} == {"190", "141"}


@pytest.mark.parametrize("value", ["x", "-0.1", "1.5", "nan", "2"])
def test_bad_thresholds_are_query_errors(store, value: str) -> None:
    with pytest.raises(QueryError, match="min-confidence"):
        store.event_filter(min_confidence=value)
    with pytest.raises(QueryError):
        check_confidence(value)


def test_threshold_checks() -> None:
    assert check_confidence(None) is None and check_confidence("") is None
    assert check_confidence("0") == 0.0 and check_confidence(" .5 ") == 0.5 and check_confidence(1) == 1.0
    assert 0 < default_threshold() < 1  # the shipped model's, chosen by cross-validation


def test_exports_carry_confidence_and_apply_the_threshold(store, tmp_path: Path) -> None:
    store.ingest([_doc(A, "هاجم", 0.2, publisher="أ"), _doc(B, "هاجموا", 0.7, publisher="ب"),
                  _doc(C, "تظاهر", 0.4, publisher="ج", cameo="141", plover="PROTEST", source="EGYEDU")])
    at = store.event_filter(min_confidence="0.5")
    out = io.StringIO()
    assert store.export("csv", out, table="events") == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {r["cameo"]: float(r["confidence"]) for r in rows} == {"190": 0.7, "141": 0.4}
    out = io.StringIO()
    assert store.export("csv", out, table="events", filters=at) == 1
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert (row["cameo"], row["num_mentions"]) == ("190", "1")
    out = io.StringIO()
    assert store.export("jsonl", out, table="mentions", filters=at) == 1
    assert json.loads(out.getvalue())["confidence"] == 0.7
    out = io.StringIO()
    assert store.export("jsonl", out, table="documents", filters=at) == 3
    docs = [document_from_dict(json.loads(line)) for line in out.getvalue().splitlines()]
    assert sorted(e.confidence for d in docs for e in d.events) == [0.7]
    gdelt = tmp_path / "events.tsv"
    assert store.export("gdelt", gdelt, filters=at) == 1
    (line,) = gdelt.read_text(encoding="utf-8").splitlines()
    fields = dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True))
    assert len(line.split("\t")) == 61 and (fields["EventCode"], fields["NumMentions"]) == ("190", "1")
    with pytest.raises(QueryError, match="events table only"):
        store.export("csv", io.StringIO(), table="mentions", filters=store.event_filter(plover="ASSAULT"))


def test_parquet_export_has_confidence(store, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow (the parquet extra) is not installed")
    store.ingest([_doc(A, "هاجم", 0.2, publisher="أ"), _doc(C, "تظاهر", 0.6, publisher="ج", cameo="141",
                                                            plover="PROTEST", source="EGYEDU")])
    out = tmp_path / "events.parquet"
    assert store.export("parquet", out, filters=store.event_filter(min_confidence=0.5)) == 1
    assert pq.read_table(out).column("confidence").to_pylist() == [0.6]


# -- the command line ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def example_doc():
    from marsad.cli.code import code_file

    return code_file(str(EXAMPLE))


def test_code_prints_events_at_the_threshold(example_doc) -> None:
    threshold = default_threshold()
    confidences = [e.confidence for e in example_doc.events]
    assert all(c is not None for c in confidences)
    above = sum(c >= threshold for c in confidences)
    assert 0 < above < len(confidences)  # the example has events on both sides of the threshold
    default = json.loads(_run("code", str(EXAMPLE)).output)
    assert len(default["events"]) == above
    assert all(e["confidence"] >= threshold for e in default["events"])
    every = json.loads(_run("code", str(EXAMPLE), "--min-confidence", "0").output)
    assert [e["confidence"] for e in every["events"]] == confidences
    assert len(keep_confident(example_doc, 1.0).events) == sum(c >= 1.0 for c in confidences)


@pytest.mark.parametrize("command", [["code", str(EXAMPLE)], ["events"], ["export", "--format", "csv", "--out", "-"],
                                     ["ingest", str(EXAMPLE)]])
@pytest.mark.parametrize("value", ["1.01", "-1", "lots", "nan"])
def test_bad_min_confidence_is_one_line_and_exit_2(tmp_path: Path, command: list[str], value: str) -> None:
    result = CliRunner().invoke(root, [*command, "--db", str(tmp_path / "s.db"), "--min-confidence", value]
                                if command[0] != "code" else [*command, "--min-confidence", value])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("marsad: error:") and "min-confidence" in lines[0]


def test_ingest_keeps_every_candidate_and_events_export_choose_the_threshold(store_url, example_doc,  # noqa: F811
                                                                              tmp_path: Path) -> None:
    threshold = default_threshold()
    assert _run("ingest", str(EXAMPLE), "--db", store_url, "-q").exit_code == 0
    with open_store(store_url) as st:
        every = st.events()
        assert len(st.mentions()) == len(example_doc.events)  # every candidate stored
        expected = st.events(min_confidence=threshold)
    assert 0 < len(expected) < len(every)
    listed = [json.loads(line) for line in _run("events", "--db", store_url, "--format", "jsonl").output.splitlines()]
    assert [r["id"] for r in listed] == [r["id"] for r in expected]
    assert all(r["confidence"] >= threshold for r in listed)
    zero = _run("events", "--db", store_url, "--format", "jsonl", "--min-confidence", "0").output.splitlines()
    assert len(zero) == len(every)
    table = _run("events", "--db", store_url).output
    assert f"{len(expected)} events with a confidence of at least {threshold:g}" in table
    assert " confidence " in table.splitlines()[1]
    out = tmp_path / "events.csv"
    assert _run("export", "--db", store_url, "--format", "csv", "--out", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == len(expected) and all(float(r["confidence"]) >= threshold for r in rows)
    assert _run("export", "--db", store_url, "--format", "csv", "--out", str(out), "--min-confidence", "0").exit_code == 0
    assert len(list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))) == len(every)


def test_ingest_min_confidence_drops_candidates_below_it(store_url, example_doc) -> None:  # noqa: F811
    cut = sorted(e.confidence for e in example_doc.events)[len(example_doc.events) // 2]
    result = _run("ingest", str(EXAMPLE), "--db", store_url, "-q", "--min-confidence", str(cut))
    assert result.exit_code == 0, result.output
    with open_store(store_url) as st:
        kept = st.mentions()
        doc = st.get_document(example_doc.id)
    assert len(kept) == sum(e.confidence >= cut for e in example_doc.events) < len(example_doc.events)
    assert all(m["confidence"] >= cut for m in kept) and len(doc.events) == len(kept)


def test_explain_prints_each_events_confidence(example_doc) -> None:
    output = _run("explain", str(EXAMPLE)).output
    lines = [line for line in output.splitlines() if line.strip().startswith("confidence:")]
    assert len(lines) == len(example_doc.events)
    threshold = default_threshold()
    for line, event in zip(lines, example_doc.events, strict=True):
        assert f"confidence: {event.confidence:.2f}" in line
        assert ("below the threshold" in line) == (event.confidence < threshold)


def test_readme_states_the_shipped_threshold() -> None:
    import re

    from .conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    stated = set(re.findall(r"default \*{0,2}(0\.\d+)\*{0,2}, the", readme))
    assert stated == {f"{default_threshold():g}"}  # retraining the model changes it: update the README


def test_demo_shows_confidence_and_the_events_at_the_threshold(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    result = CliRunner().invoke(root, ["demo", "--db", db], env={"COLUMNS": "250"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    threshold = default_threshold()
    with open_store(db) as st:
        passing = st.events(min_confidence=threshold)
        every = st.events()
    assert 0 < len(passing) < len(every)
    flat = " ".join(result.output.split())  # rich wraps the summary line
    assert f"{len(every)} merged events, of which {len(passing)} have a confidence of at least {threshold:g}" in flat
    assert f"confidence >= {threshold:g}" in result.output and "conf." in result.output
    for row in passing:
        assert f" {row['confidence']:.2f} " in result.output
