"""What the API does per request on a large store (bench/api_load.py, answer cache off):

- the events filters search covering indexes (0013_filter_covering_indexes): a filtered page and
  its count never look up an event or mention row (SQLite's EXPLAIN QUERY PLAN), and a count at
  a threshold is two index ranges, not a de-duplicated union;
- a search page costs a fixed number of statements, not one per hit;
- at most ``readers`` requests run in threads at once (the others wait on the event loop), and
  what the server loads at start is frozen out of the garbage collector's full passes.
"""

from __future__ import annotations

import dataclasses
import gc
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import pytest

from marsad.store import open_store
from marsad.web import context, queries

from .store_fixtures import make_doc, make_event, pg_server, store_url  # noqa: F401
from .test_store_covering import THRESHOLD, _statements

TEXTS = ("أعلنت روسيا وطاجيكستان اتفاقا في موسكو اليوم.", "قصفت القوات مواقع في اليمن أمس.",
         "زار الوزير الرياض والتقى نظيره.", "اتهمت إيران السعودية بالتدخل في شؤونها.")
PAIRS = (("RUSGOV", "TJK", "057", "CONSULT"), ("SAUMIL", "YEM", "190", "ASSAULT"),
         ("SAUGOV", "IRN", "040", "CONSULT"), ("IRN", "SAUGOV", "112", "ACCUSE"))
FILTERS = ({"actor": "SAU"}, {"source": "SAU"}, {"target": "IRN"}, {"plover": "ASSAULT", "country": "YEM"},
           {"code": "19", "since": "2015-08-01", "until": "2015-08-10"}, {"modality": "asserted", "actor": "IRN"},
           {"modality": "negated"}, {"code": "05", "country": "TJK"})


def _docs() -> list[Any]:
    docs = []
    for i, text in enumerate(TEXTS * 3):
        events = []
        for j, (source, target, cameo, plover) in enumerate(PAIRS):
            event = make_event(text, text.split()[0], eid=f"e{j}", source=source, target=target, cameo=cameo,
                               plover=plover, date=f"2015-08-0{1 + (i + j) % 9}", sentence=j,
                               modality=("asserted", "claim")[(i + j) % 2], negated=(i + j) % 5 == 0)
            events.append(dataclasses.replace(event, confidence=(0.2, 0.6, 0.9, None)[(i + j) % 4]))
        docs.append(make_doc(f"{text} ({i})", published=f"2015-08-0{1 + i % 9}", publisher=f"p{i % 3}",
                             events=tuple(events)))
    return docs


@pytest.fixture()
def store(tmp_path, lang):
    with open_store(tmp_path / "filters.db", lang=lang) as st:
        for doc in _docs():
            st.ingest([doc])
        yield st


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: "&".join(f"{k}={v}" for k, v in f.items()))
def test_filtered_pages_and_counts_read_only_covering_indexes(store, filters) -> None:
    flt = store.event_filter(min_confidence=THRESHOLD, **filters)
    expected = store.events(flt)
    assert expected or filters.get("modality") == "negated"

    def run() -> None:
        assert queries.events_page(store, flt, limit=3, offset=1) == expected[1:4]
        assert queries.count_events(store, flt) == len(expected)

    statements = [(sql, params) for sql, params in _statements(store, run) if "FROM events e" in sql
                  and "WHERE e.id IN" not in sql]  # the page's own rows are read by id, as they must be
    assert len({sql for sql, _ in statements}) == 2  # the page and its count (scalar() is also seen as query())
    for sql, params in statements:
        plan = [row[-1] for row in store.db.query(f"EXPLAIN QUERY PLAN {sql}", params)]
        reads = [step for step in plan if step.startswith(("SCAN", "SEARCH")) and "CONSTANT ROW" not in step]
        assert reads and all("COVERING INDEX" in step for step in reads), (filters, sql[:150], plan)


@pytest.mark.parametrize("filters", [{}, {"plover": "ASSAULT"}, {"code": "19"}, {"source": "SAU"}])
def test_a_count_at_a_threshold_is_two_index_ranges(store, filters) -> None:
    # "no confidence, or at least the threshold" counted as the two apart: SQLite's MULTI-INDEX
    # OR de-duplicated 14,798 row ids of the whole corpus to count them (1.38 -> 0.20 ms)
    for threshold in (THRESHOLD, 0.95):
        flt = store.event_filter(min_confidence=threshold, **filters)
        seen = _statements(store, lambda flt=flt: queries.count_events(store, flt))
        assert queries.count_events(store, flt) == len(store.events(flt))
        for sql, params in {(sql, tuple(params)) for sql, params in seen}:
            plan = [row[-1] for row in store.db.query(f"EXPLAIN QUERY PLAN {sql}", params)]
            assert not any("MULTI-INDEX OR" in step for step in plan), plan
            reads = [step for step in plan if step.startswith(("SCAN", "SEARCH")) and "CONSTANT ROW" not in step]
            assert len(reads) == 2 and all("COVERING INDEX" in step for step in reads), plan


def test_the_filter_indexes_are_made_on_postgresql_too(store_url) -> None:  # noqa: F811
    with open_store(store_url) as st:
        st.ingest(_docs()[:4])
        for filters in FILTERS:
            flt = st.event_filter(min_confidence=THRESHOLD, **filters)
            everything = st.events(flt)
            assert queries.events_page(st, flt, limit=2, offset=1) == everything[1:3]
            assert queries.count_events(st, flt) == len(everything)
        if st.dialect == "postgresql":
            names = {r[0] for r in st.db.query("SELECT indexname FROM pg_indexes WHERE tablename = 'events'")}
        else:
            names = {r[0] for r in st.db.query("SELECT name FROM sqlite_master WHERE tbl_name = 'events'")}
        assert {"events_source_cover", "events_target_cover", "events_cameo_cover", "events_plover_cover"} <= names
        assert not names & {"events_source", "events_target", "events_cameo", "events_plover"}


def test_a_search_page_costs_a_fixed_number_of_statements(store) -> None:
    for limit in (2, 10):
        seen = _statements(store, lambda limit=limit: queries.list_documents(store, q="اليمن", limit=limit))
        made = {(sql, tuple(params)) for sql, params in seen}  # scalar() is also seen as query()
        assert len(made) <= 4, [sql[:80] for sql, _ in made]  # it was 3 + one per hit
    page = queries.list_documents(store, q="اليمن", limit=10)
    assert page.total == 3 and len(page.items) == 3
    ranked = [doc_id for doc_id, _ in store.db.search_ids([("اليمن", "يمن")], 10, 0)]
    assert [item["id"] for item in page.items] == ranked
    assert all("\ue000" in item["snippet"] and item["title"] is None for item in page.items)
    assert [h.doc_id for h in store.search("اليمن", one_per_story=True)] == ranked


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_server_reads_the_store_with_at_most_readers_requests(tmp_path: Path, lang: Any,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from marsad.api import create_app

    path = tmp_path / "served.db"
    with open_store(path, lang=lang) as st:
        st.ingest(_docs()[:2])
    busy = [0, 0]
    lock = threading.Lock()
    real = queries.events_page

    def slow_page(*args: Any, **kwargs: Any) -> Any:
        with lock:
            busy[0] += 1
            busy[1] = max(busy[1], busy[0])
        time.sleep(0.05)
        with lock:
            busy[0] -= 1
        return real(*args, **kwargs)

    monkeypatch.setattr(queries, "events_page", slow_page)
    assert context.queries is queries
    app = create_app(store_url=str(path), lang=lang, cache_entries=0, readers=2)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        answers: list[int] = []
        threads = [threading.Thread(target=lambda: answers.append(client.get("/api/events").status_code))
                   for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        frozen = gc.get_freeze_count()  # the language data, loaded at start, is left out of collections
    assert frozen > 10_000 and gc.get_freeze_count() == 0  # and back in once the server stops
    assert answers == [200] * 6 and busy == [0, 2]
    with pytest.raises(ValueError):
        create_app(store_url=str(path), lang=lang, readers=0)
