"""The aggregate pages read covering indexes (0011_covering_indexes, SQLite's EXPLAIN QUERY
PLAN of the statements they run): an events page's order, the timeline, the network, the map
and their counts at the model's threshold never look up event rows. And the network made in one
pass over the events gives the edges and names the events list gives."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from marsad.store import open_store
from marsad.web import queries

from .store_fixtures import make_doc, make_event

THRESHOLD = 0.5


@pytest.fixture()
def store(tmp_path, lang):
    texts = ("أعلنت روسيا وطاجيكستان اتفاقا في موسكو اليوم.", "قصفت القوات مواقع في اليمن أمس.",
             "زار الوزير الرياض والتقى نظيره.", "اتهمت إيران السعودية بالتدخل في شؤونها.")
    docs = []
    for i, text in enumerate(texts):
        events = []
        for j, (source, target, cameo) in enumerate((("RUSGOV", "TJK", "057"), ("SAUMIL", "YEM", "190"),
                                                      ("SAUGOV", "IRN", "040"), ("IRN", "SAUGOV", "112"))):
            event = make_event(text, text.split()[0], eid=f"e{j}", source=source, target=target, cameo=cameo,
                               date=f"2015-08-0{1 + (i + j) % 3}", sentence=j)
            event = dataclasses.replace(event, confidence=(0.2, 0.6, 0.9, None)[(i + j) % 4],
                                        goldstein=(-10.0, 1.0, 3.4, 7.0)[j], quad_class=1 + j % 4)
            events.append(event)
        docs.append(make_doc(text, published="2015-08-01", publisher=f"p{i}", events=tuple(events)))
    with open_store(tmp_path / "covering.db", lang=lang) as st:
        for doc in docs:
            st.ingest([doc])
        yield st


def _statements(st, run) -> list[tuple[str, list[Any]]]:
    seen: list[tuple[str, list[Any]]] = []
    real_query, real_scalar = st.db.query, st.db.scalar

    def query(sql, params=()):
        seen.append((sql, list(params)))
        return real_query(sql, params)

    def scalar(sql, params=()):
        seen.append((sql, list(params)))
        return real_scalar(sql, params)

    st.db.query, st.db.scalar = query, scalar
    try:
        run()
    finally:
        st.db.query, st.db.scalar = real_query, real_scalar
    return seen


@pytest.mark.parametrize("page", ["events", "timeline", "timeline-quad", "network", "map"])
def test_aggregate_pages_read_only_covering_indexes(store, page: str) -> None:
    flt = store.event_filter(min_confidence=THRESHOLD)
    run = {
        "events": lambda: (queries.events_page(store, flt, limit=2, offset=1), queries.count_events(store, flt)),
        "timeline": lambda: queries.timeline(store, flt),
        "timeline-quad": lambda: queries.timeline(store, flt, by="quad"),
        "network": lambda: queries.network(store, flt),
        "map": lambda: queries.map_points(store, flt),
    }[page]
    statements = [(sql, params) for sql, params in _statements(store, run) if "FROM events e" in sql
                  and "WHERE e.id IN" not in sql]  # a page's own rows are read by id, as they must be
    assert statements
    for sql, params in statements:
        plan = [row[-1] for row in store.db.query(f"EXPLAIN QUERY PLAN {sql}", params)]
        on_events = [step for step in plan if " e USING" in step or step.startswith(("SCAN e", "SEARCH e"))]
        assert on_events and all("COVERING INDEX" in step for step in on_events), (sql[:120], plan)


def test_the_network_gives_the_edges_and_names_of_the_events(store) -> None:
    for threshold in (None, THRESHOLD, 0.95):
        flt = store.event_filter(min_confidence=threshold)
        events = [e for e in store.events(flt) if e["source_code"] and e["target_code"]]
        found = queries.network(store, flt, max_nodes=500)
        edges: dict[tuple[str, str], list[Any]] = {}
        for e in events:
            edges.setdefault((e["source_code"], e["target_code"]), []).append(e)
        assert {(x["source"], x["target"]): (x["events"], x["mentions"], x["goldstein"], x["quad_min"], x["quad_max"])
                for x in found["edges"]} == {
            pair: (len(rows), sum(r["num_mentions"] for r in rows),
                   round(sum(r["goldstein"] for r in rows) / len(rows), 2),
                   min(r["quad_class"] for r in rows), max(r["quad_class"] for r in rows))
            for pair, rows in edges.items()}
        assert [x["events"] for x in found["edges"]] == sorted((x["events"] for x in found["edges"]), reverse=True)
        degree: dict[str, int] = {}
        for (s, t), rows in edges.items():
            degree[s] = degree.get(s, 0) + len(rows)
            degree[t] = degree.get(t, 0) + len(rows)
        assert {n["code"]: n["events"] for n in found["nodes"]} == degree
