"""Each event keeps a summary of its mentions (0010_event_summaries: the lowest confidence, the
modalities, the negated mentions, the first mention's text) that ingest maintains in the same
transaction: it equals what the mentions give after every ingest, a re-ingest, a republished
copy and the re-dating that moves mentions between events and deletes emptied ones; an older
store is filled on open; and the lists read at a threshold give the counts made from the
mentions that pass. On SQLite and on a real PostgreSQL server (see store_fixtures.py)."""

from __future__ import annotations

from typing import Any

import pytest

from marsad import code_article
from marsad.model import MODALITIES
from marsad.store import open_store
from marsad.store.core import ROOT_SENTENCES, mentions_counted

from .store_fixtures import make_doc, make_event, pg_server, store_url  # noqa: F401
from .test_store_dating import _republished

THRESHOLDS = (None, 0.2, 0.5, 0.8, 0.95)
SUMMARY = ("low_confidence", "modality_bits", "num_negated", "first_text")


@pytest.fixture(scope="module")
def copies(example_text: str) -> tuple[Any, Any, Any]:
    """The example, a republished copy without a date (it joins the story and is re-dated when
    the dated original arrives) and a copy of the original under another publisher."""
    original = code_article(example_text)
    undated = code_article(_republished(example_text))
    other = code_article(example_text.replace("\n\n", "\n\nوأضاف المصدر أن المحادثات مستمرة.\n\n", 1),
                         header={"publisher": "وكالة أخرى"})
    return original, undated, other


def _hand_made() -> list[Any]:
    """Three articles (not near-duplicates) reporting one event (RUS -> TJK, 057, the same day)
    with confidences 0.9, 0.3 and none, asserted, claimed and denied, in other sentences."""
    import dataclasses

    texts = ("أعلنت روسيا وطاجيكستان اتفاقا أمنيا جديدا في موسكو اليوم.",
             "قالت مصادر إن موسكو ودوشنبه وقعتا اتفاقا للتعاون العسكري بعد محادثات طويلة.",
             "نفى مسؤول أن تكون روسيا قد أبرمت أي اتفاق مع طاجيكستان خلال الزيارة.")
    kinds = ((0.9, "asserted", False, 0), (0.3, "claim", False, 4), (None, "asserted", True, 1))
    docs = []
    for text, (confidence, modality, negated, sentence) in zip(texts, kinds, strict=True):
        event = make_event(text, text.split()[0], eid="x", source="RUS", target="TJK", cameo="057",
                           date="2021-07-22", modality=modality, negated=negated, sentence=sentence)
        docs.append(make_doc(text, published="2021-07-22", publisher=f"p{len(docs) % 2}",
                             events=(dataclasses.replace(event, confidence=confidence),)))
    return docs


def _stored(st) -> dict[int, tuple[Any, ...]]:
    return {r[0]: tuple(r[1:]) for r in st.db.query(f"SELECT id, {', '.join(SUMMARY)} FROM events")}


def _from_mentions(st) -> dict[int, tuple[Any, ...]]:
    """The summary made in Python from the mention rows."""
    first_doc = dict(st.db.query("SELECT id, first_doc FROM events"))
    out: dict[int, list[Any]] = {eid: [None, 0, 0, None, None] for eid in first_doc}
    for eid, doc_id, start, text, confidence, modality, negated in st.db.query(
            "SELECT event_id, doc_id, char_start, text, confidence, modality, negated FROM mentions"):
        row = out[eid]
        if confidence is not None:
            row[0] = confidence if row[0] is None else min(row[0], confidence)
        if modality in MODALITIES:
            row[1] |= 1 << MODALITIES.index(modality)
        row[2] += bool(negated)
        if doc_id == first_doc[eid] and (row[4] is None or start < row[4]):
            row[3], row[4] = text, start
    return {eid: tuple(row[:4]) for eid, row in out.items()}


def _passing(st, threshold: float | None) -> dict[int, dict[str, Any]]:
    """Each event's counts at ``threshold`` from the mentions that pass it (all without one)."""
    out: dict[int, dict[str, Any]] = {}
    for eid, doc_id, sentence, confidence, modality, negated, publisher, cluster in st.db.query(
            "SELECT m.event_id, m.doc_id, m.sentence, m.confidence, m.modality, m.negated, d.publisher, d.cluster_id "
            "FROM mentions m JOIN documents d ON d.id = m.doc_id"):
        if threshold and confidence is not None and confidence < threshold:
            continue
        row = out.setdefault(eid, {"mentions": 0, "docs": set(), "sources": set(), "stories": set(), "root": 0,
                                   "modalities": set(), "negated": 0})
        row["mentions"] += 1
        row["docs"].add(doc_id)
        row["sources"].add(publisher or doc_id)
        row["stories"].add(cluster)
        row["root"] |= sentence is not None and sentence < ROOT_SENTENCES
        row["modalities"].add(modality)
        row["negated"] += bool(negated)
    return out


def _check(st) -> None:
    assert _stored(st) == _from_mentions(st)
    for threshold in THRESHOLDS:
        flt = st.event_filter(min_confidence=threshold)
        expected = _passing(st, threshold)
        events = st.events(flt)
        assert {e["id"] for e in events} == set(expected)
        for e in events:
            want = expected[e["id"]]
            assert (e["num_mentions"], e["num_articles"], e["num_sources"], e["num_stories"], e["is_root"]) == (
                want["mentions"], len(want["docs"]), len(want["sources"]), len(want["stories"]), int(want["root"]))
            assert e["modalities"] == ",".join(m for m in MODALITIES if m in want["modalities"])
            assert e["num_negated"] == want["negated"]
        counted, params = mentions_counted(flt)
        where, where_params = flt.where()
        assert dict(st.db.query(f"SELECT e.id, {counted} FROM events e{where}", [*params, *where_params])) == {
            eid: row["mentions"] for eid, row in expected.items()}


def test_summaries_follow_every_ingest(store_url, copies) -> None:  # noqa: F811
    original, undated, other = copies
    with open_store(store_url) as st:
        st.ingest([undated])  # no date: its events are dated by the article or merged by story
        _check(st)
        before = st.stats()["events"]
        st.ingest([original])  # joins the story and gives it a date: the copy's mentions move
        assert st.stats()["stories"] == 1
        _check(st)
        st.ingest([original])  # a re-ingest stores nothing
        _check(st)
        st.ingest([other])  # the same events from another publisher: more mentions on each
        _check(st)
        for doc in _hand_made():  # one event, its mentions on both sides of some thresholds
            st.ingest([doc])
            _check(st)
        assert st.stats()["events"] >= before
        assert max(e["num_mentions"] for e in st.events()) >= 3
        lows = {r[0] for r in st.db.query("SELECT low_confidence FROM events")}
        assert len(lows) > 3  # the example's events have confidences of their own, high and low
        # and some event has mentions on both sides of a threshold: its counts come from its mentions
        assert any(st.db.query("SELECT 1 FROM events WHERE low_confidence < ? AND (confidence IS NULL OR confidence >= ?)",
                               (t, t))
                   for t in THRESHOLDS[1:])


def test_an_older_store_gets_the_summaries_on_open(store_url, copies) -> None:  # noqa: F811
    original, undated, other = copies
    with open_store(store_url) as st:
        st.ingest([undated, original, other, *_hand_made()])
        written = _stored(st)
        with st.db.transaction():  # back to the schema of 0009 (0011's indexes hold the new columns)
            for index in ("events_pair", "events_place", "events_day_kind"):
                st.db.execute(f"DROP INDEX {index}")
            st.db.execute("CREATE INDEX events_day_kind ON events (event_date, root, quad_class, confidence, "
                          "num_mentions)")
            for index in ("events_source_cover", "events_target_cover", "events_cameo_cover", "events_plover_cover",
                          "mentions_event_cover"):  # and those of 0013 (0011 makes events_confidence again)
                st.db.execute(f"DROP INDEX {index}")
            for index, table, columns in (("events_source", "events", "source_code"),
                                          ("events_target", "events", "target_code"),
                                          ("events_cameo", "events", "cameo"), ("events_plover", "events", "plover"),
                                          ("mentions_event_confidence", "mentions", "event_id, confidence")):
                st.db.execute(f"CREATE INDEX {index} ON {table} ({columns})")
            for column in SUMMARY:
                st.db.execute(f"ALTER TABLE events DROP COLUMN {column}")
            for name in ("0010_event_summaries", "0011_covering_indexes", "0013_filter_covering_indexes"):
                st.db.execute("DELETE FROM schema_migrations WHERE name = ?", (name,))
    with open_store(store_url) as st:
        assert st.migrations()[-4:] == ["0010_event_summaries", "0011_covering_indexes", "0012_quote_roles",
                                        "0013_filter_covering_indexes"]
        assert _stored(st) == written
        _check(st)
