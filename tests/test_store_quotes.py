"""Quotes in the store (migration 0008): rows written at ingest and backfilled into older
stores, and ``Store.quotes`` with its filters, order and bad input, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest

from marsad.errors import QueryError
from marsad.model import Actor, Entity, Quote, document_to_dict
from marsad.store import open_store
from marsad.store.quotes import QUOTE_COLUMNS, ROLE_COLUMNS

from .store_fixtures import make_doc, pg_server, store_url  # noqa: F401

Q1 = ("قال الرئيس العراقي برهم صالح إن «العلاقات مع السعودية متينة» في مؤتمر صحفي. "
      "وأضاف صالح أن بغداد ستواصل الحوار مع الرياض.")
Q2 = "وأكد المتحدث باسم الخارجية الإيرانية أن «طهران لن تقبل التهديد '; DROP TABLE quotes; --»."
Q3 = "صرح مسؤول بأن الاتفاق سيوقع قريبا."


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _entity(text: str, eid: str, part: str, **kw) -> Entity:
    start, end = _span(text, part)
    return Entity(id=eid, type=kw.pop("type", "PER"), text=part, start=start, end=end, **kw)


def _quote(text: str, part: str, kind: str, speaker: str | None, cue: str) -> Quote:
    start, end = _span(text, part)
    return Quote(text=part, start=start, end=end, kind=kind, speaker=speaker, cue=cue, sentence=0)


def _docs():
    """Three documents: dated 2021-07-20, 2021-07-25 and undated; the second quote of the first
    is said by a later mention ('صالح') that refers to the full one."""
    d1 = dataclasses.replace(make_doc(Q1, published="2021-07-20", publisher="وكالة أ"), entities=(
        _entity(Q1, "e1", "برهم صالح", canonical="Barham Salih", actor=Actor(code="IRQGOV", country="IRQ", role="GOV")),
        _entity(Q1, "e2", "صالح", refers_to="e1"),
    ), quotes=(
        _quote(Q1, "العلاقات مع السعودية متينة", "direct", "e1", "قال"),
        _quote(Q1, "بغداد ستواصل الحوار مع الرياض", "indirect", "e2", "وأضاف"),
    ))
    # the later mention 'صالح' has its own offsets in the second sentence
    second = Q1.index("صالح", Q1.index("وأضاف"))
    d1 = dataclasses.replace(d1, entities=(d1.entities[0], dataclasses.replace(
        d1.entities[1], start=second, end=second + len("صالح"))))
    d2 = dataclasses.replace(make_doc(Q2, published="2021-07-25T10:00:00"), entities=(
        _entity(Q2, "e1", "المتحدث باسم الخارجية الإيرانية", type="ORG", actor=Actor(code="IRNGOV", country="IRN")),
    ), quotes=(_quote(Q2, "طهران لن تقبل التهديد '; DROP TABLE quotes; --", "direct", "e1", "وأكد"),))
    d3 = dataclasses.replace(make_doc(Q3), quotes=(_quote(Q3, "الاتفاق سيوقع قريبا", "indirect", None, "صرح"),))
    return d1, d2, d3


@pytest.fixture
def store(store_url):  # noqa: F811
    with open_store(store_url) as s:
        d1, d2, d3 = _docs()
        # the first document as a newer coder may write it: a target on the quote, a medium,
        # and an event that names its quote (their target is the party spoken about)
        form = document_to_dict(d1)
        form["quotes"][0] |= {"id": "q-a", "target": {"code": "SAU", "entity": None, "text": "السعودية"},
                              "medium": {"text": "مؤتمر صحفي"}}
        form["events"] = [{"id": "ev9", "quote": "q1", "target": {"code": "SAUGOV", "entity": None, "text": None}}]
        s.ingest([d1, d2, d3], dict_forms=[form, None, None])
        yield s


def _ids(rows) -> list[tuple[str, str]]:
    return [(r["doc_id"][:6], r["quote_id"]) for r in rows]


def test_rows_hold_the_speaker_the_date_and_the_offsets(store) -> None:
    d1, d2, d3 = _docs()
    rows = store.quotes()
    assert [tuple(r) for r in rows] == [QUOTE_COLUMNS] * 4
    # newest document first, undated last, each document's quotes in text order
    assert [(r["doc_id"], r["quote_id"]) for r in rows] == [(d2.id, "q0"), (d1.id, "q-a"), (d1.id, "q1"), (d3.id, "q0")]
    by_id = {(r["doc_id"], r["quote_id"]): r for r in rows}
    first, second = by_id[(d1.id, "q-a")], by_id[(d1.id, "q1")]
    assert (first["speaker_entity"], first["speaker_text"], first["speaker_name"], first["speaker_code"]) == (
        "e1", "برهم صالح", "Barham Salih", "IRQGOV")
    # said by 'صالح' (e2), which refers to e1: the full mention's name and code
    assert (second["speaker_entity"], second["speaker_text"], second["speaker_code"]) == ("e2", "برهم صالح", "IRQGOV")
    assert (first["target_code"], first["target_text"], first["medium"]) == ("SAU", "السعودية", "مؤتمر صحفي")
    assert (second["target_code"], second["medium"]) == ("SAUGOV", None)  # from the event naming the quote
    assert (first["kind"], first["cue"], first["published"], first["publisher"]) == ("direct", "قال", "2021-07-20",
                                                                                      "وكالة أ")
    assert Q1[first["char_start"]:first["char_end"]] == first["text"] == "العلاقات مع السعودية متينة"
    undated = by_id[(d3.id, "q0")]
    assert undated["published"] is None and undated["speaker_entity"] is None and undated["speaker_code"] is None
    assert store.count_quotes() == 4 == store.stats()["quotes"]


@pytest.mark.parametrize("filters, expected", [
    ({"speaker": "بَرْهَم"}, ["q-a", "q1"]),               # harakat do not matter
    ({"speaker": "وصالح"}, ["q-a", "q1"]),                # nor a clitic
    ({"speaker": "برهم صالح"}, ["q-a", "q1"]),            # every word must match
    ({"speaker": "برهم عادل"}, []),
    ({"speaker": "salih"}, ["q-a", "q1"]),                # the canonical name
    ({"speaker": "IRQ"}, ["q-a", "q1"]),                  # an actor code prefix
    ({"speaker": "irngov"}, ["q0"]),
    ({"speaker": "الايرانية"}, ["q0"]),                   # hamza forms do not matter
    ({"speaker": "IRQGOVX"}, []),
    ({"about": "SAU"}, ["q-a", "q1"]),                    # target codes (quote's own, or the linked event's)
    ({"about": "SAUGOV"}, ["q1"]),
    ({"about": "السعودية"}, ["q-a"]),                     # words inside the quote
    ({"about": "للرياض"}, ["q1"]),
    ({"about": "طهران"}, ["q0"]),
    ({"speaker": "صالح", "about": "الرياض"}, ["q1"]),
    ({"since": "2021-07-21"}, ["q0"]),
    ({"until": "2021-07-24"}, ["q-a", "q1"]),
    ({"until": "2021-07"}, ["q0", "q-a", "q1"]),
    ({"since": "2021-07-25", "until": "2021-07-25"}, ["q0"]),
    ({"kind": "indirect"}, ["q1", "q0"]),
    ({"kind": "DIRECT", "since": "2021"}, ["q0", "q-a"]),
    ({"limit": 2}, ["q0", "q-a"]),
    ({"limit": 2, "offset": 2}, ["q1", "q0"]),
    ({"offset": 3}, ["q0"]),
])
def test_filters(store, filters: dict, expected: list[str]) -> None:
    rows = store.quotes(**filters)
    assert [r["quote_id"] for r in rows] == expected
    counted = {k: v for k, v in filters.items() if k not in ("limit", "offset")}
    assert store.count_quotes(**counted) == len(store.quotes(**counted))


def test_doc_id_filter(store) -> None:
    d1, _, d3 = _docs()
    assert _ids(store.quotes(doc_id=d1.id)) == [(d1.id[:6], "q-a"), (d1.id[:6], "q1")]
    assert [r["doc_id"] for r in store.quotes(doc_id=d3.id)] == [d3.id]
    assert store.quotes(doc_id="0" * 16) == []


@pytest.mark.parametrize("text", [
    "' OR '1'='1", "\" OR 1=1 --", "x'); DELETE FROM quotes; --", "%", "_", "IRQ%", "IRQ' --",
    "'; DROP TABLE quotes; --", "\\", "1; SELECT * FROM documents", "ص%",
])
def test_sql_like_input_is_text(store, text: str) -> None:
    """Filter values are bound parameters and LIKE wildcards in them are not wildcards."""
    for field in ("speaker", "about"):
        try:
            rows = store.quotes(**{field: text})
        except QueryError as exc:
            assert "no words" in str(exc)
            continue
        if field == "about" and "DROP" in text.upper():
            assert [r["quote_id"] for r in rows] == ["q0"]  # the quote holds those very words
        else:
            assert rows == [], (field, text)
    assert store.count_quotes() == 4 and len(store.quotes()) == 4


@pytest.mark.parametrize("filters, message", [
    ({"since": "yesterday"}, "not a date"),
    ({"until": "2021-13"}, "not a date"),
    ({"since": "2022", "until": "2021"}, "after"),
    ({"kind": "both"}, "not one of direct, indirect"),
    ({"doc_id": "bad id"}, "not an id"),
    ({"speaker": "..."}, "speaker"),
    ({"about": "!!"}, "about"),
    ({"speaker": "x" * 1001}, "longer"),
    ({"limit": -1}, "negative"),
    ({"offset": "many"}, "whole number"),
])
def test_bad_filters_are_query_errors(store, filters: dict, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        store.quotes(**filters)


def test_migration_backfills_an_older_store(store_url) -> None:  # noqa: F811
    """A store made before 0008 (the same tables, no quotes) gets every stored document's
    quotes on its next open: the rows ingest writes."""
    select = "SELECT * FROM quotes ORDER BY doc_id, quote_id"
    with open_store(store_url) as st:
        d1, d2, d3 = _docs()
        st.ingest([d1, d2, d3])
        written = st.db.query(select)
        assert len(written) == 4
        with st.db.transaction():
            st.db.execute("DROP TABLE quotes")
            for name in ("0008_quotes", "0012_quote_roles"):  # a store that old has neither
                st.db.execute("DELETE FROM schema_migrations WHERE name = ?", (name,))
        assert "0008_quotes" not in st.migrations()
    with open_store(store_url) as st:
        assert "0008_quotes" in st.migrations() and "0012_quote_roles" in st.migrations()
        assert st.db.query(select) == written
        assert [r["quote_id"] for r in st.quotes(speaker="صالح")] == ["q0", "q1"]


def test_rows_made_by_a_worker_carry_the_quotes(store) -> None:
    from marsad.store.rows import DocumentRows, document_rows

    made = document_rows(_docs()[0], lang=store.lang, lsh=store.lsh)
    assert len(made.quotes) == 2 and DocumentRows.from_json(made.to_json()) == made


ROLES = ("قال المتحدث باسم وزارة الصحة حسام عبد الغفار لوكالة أنباء الشرق الأوسط إن أربعة أشخاص أصيبوا. "
         "ونقل محامي النادي عن أحمد سعدات قوله إن الإضراب مستمر.")


def _roles_doc():
    """A document whose quotes name their roles by entity id, as ``marsad code`` writes them."""
    ents = (
        _entity(ROLES, "e1", "وزارة الصحة", type="ORG", actor=Actor(code="EGYHLH", country="EGY", role="HLH")),
        _entity(ROLES, "e2", "حسام عبد الغفار"),
        _entity(ROLES, "e3", "وكالة أنباء الشرق الأوسط", type="ORG", actor=Actor(code="EGYMED", country="EGY", role="MED")),
        _entity(ROLES, "e4", "أحمد سعدات"),
        _entity(ROLES, "q1", "محامي النادي", basis="relayed_by"),
    )
    first = dataclasses.replace(_quote(ROLES, "أربعة أشخاص أصيبوا", "indirect", "e2", "قال"), medium="e3",
                                speaker_for="e1", addressee="e3")
    second = dataclasses.replace(_quote(ROLES, "الإضراب مستمر", "indirect", "e4", "ونقل"), relayed_by="q1")
    return dataclasses.replace(make_doc(ROLES, published="2021-08-01"), entities=ents, quotes=(first, second))


def test_rows_hold_the_roles_of_a_quote(store_url) -> None:  # noqa: F811
    with open_store(store_url) as st:
        st.ingest([_roles_doc()])
        first, second = st.quotes()
    assert (first["medium"], first["medium_code"]) == ("وكالة أنباء الشرق الأوسط", "EGYMED")
    assert (first["speaker_for_text"], first["speaker_for_code"]) == ("وزارة الصحة", "EGYHLH")
    assert (first["addressee_text"], first["addressee_code"]) == ("وكالة أنباء الشرق الأوسط", "EGYMED")
    assert (first["relayed_by_text"], first["relayed_by_code"]) == (None, None)
    assert (second["relayed_by_text"], second["relayed_by_code"], second["medium"]) == ("محامي النادي", None, None)


def test_the_roles_migration_adds_the_columns_to_an_older_store(store_url) -> None:  # noqa: F811
    """A store made before 0012 (the quotes table of 0008) gets the role columns on its next
    open; its rows keep what they held."""
    d1, d2, d3 = _docs()
    with open_store(store_url) as st:
        st.ingest([d1, d2, d3])
        written = [(r["doc_id"], r["quote_id"], r["speaker_text"]) for r in st.quotes()]
        with st.db.transaction():
            for column in ROLE_COLUMNS:
                st.db.execute(f"ALTER TABLE quotes DROP COLUMN {column}")
            st.db.execute("DELETE FROM schema_migrations WHERE name = ?", ("0012_quote_roles",))
    with open_store(store_url) as st:
        assert st.migrations()[-2:] == ["0012_quote_roles", "0013_filter_covering_indexes"]
        assert [(r["doc_id"], r["quote_id"], r["speaker_text"]) for r in st.quotes()] == written
        st.ingest([_roles_doc()])
        assert st.quotes(doc_id=_roles_doc().id)[0]["medium_code"] == "EGYMED"


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_quotes_export_has_the_rows_of_marsad_quotes(store_url, tmp_path, fmt: str) -> None:  # noqa: F811
    import csv
    import json

    d1, d2, d3 = _docs()
    out = tmp_path / f"quotes.{fmt}"
    with open_store(store_url) as st:
        st.ingest([d1, d2, d3, _roles_doc()])
        expected = st.quotes()
        assert st.export(fmt, out, table="quotes") == len(expected) == 6
    text = out.read_text(encoding="utf-8")
    if fmt == "csv":
        rows = list(csv.DictReader(text.splitlines()))
        assert tuple(rows[0]) == QUOTE_COLUMNS
        assert [r["text"] for r in rows] == [r["text"] for r in expected]
        roles = next(r for r in rows if r["speaker_for_text"])
        assert (roles["medium"], roles["medium_code"], roles["speaker_for_code"]) == (
            "وكالة أنباء الشرق الأوسط", "EGYMED", "EGYHLH")
    else:
        assert [json.loads(line) for line in text.splitlines()] == expected


def test_quotes_export_as_parquet(store_url, tmp_path) -> None:  # noqa: F811
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow (the parquet extra) is not installed")
    out = tmp_path / "quotes.parquet"
    with open_store(store_url) as st:
        st.ingest([_roles_doc()])
        assert st.export("parquet", out, table="quotes") == 2
    table = pq.read_table(out)
    assert tuple(table.column_names) == QUOTE_COLUMNS
    assert table.column("relayed_by_text").to_pylist() == [None, "محامي النادي"]
