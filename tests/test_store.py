"""The store's behaviour, the same suite on SQLite and on a real PostgreSQL server.

PostgreSQL tests start their own server (see store_fixtures.py) and skip when the server
binaries or psycopg are absent.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest

from marsad.errors import QueryError, StoreError
from marsad.model import Actor, Entity, Place
from marsad.store import GDELT_COLUMNS, MIGRATIONS, describe_url, ingest_paths, open_store
from marsad.store.migrations import Migration, migrate

from .conftest import EXAMPLE
from .store_fixtures import make_doc, make_event, pg_server, store_url  # noqa: F401

# -- a small hand-made corpus ----------------------------------------------------------------

T1 = ("أعلن وزير الخارجية الروسي أن موسكو ستقدم المساعدة لطاجيكستان في إطار التحالف. "
      "وزار الوفد الروسي دوشنبه يوم الخميس لبحث أمن الحدود.")
T2 = ("اشتبكت قوات طالبان مع الجيش الأفغاني قرب الحدود مع طاجيكستان يوم الثلاثاء، "
      "وقال مسؤول محلي إن المعارك استمرت ساعات.")
T3 = "تظاهر مئات الطلاب في القاهرة احتجاجا على ارتفاع الأسعار، ورفعوا لافتات تطالب الحكومة بالتدخل."
T4 = "اتهم الاتحاد الأوروبي روسيا بتصعيد التوتر في المنطقة، دون أن يحدد موعدا للرد."


def _corpus():
    start = T1.index("طاجيكستان")
    e1 = Entity(id="e1", type="PER", text="وزير الخارجية الروسي", start=T1.index("وزير الخارجية الروسي"),
                end=T1.index("وزير الخارجية الروسي") + len("وزير الخارجية الروسي"), canonical="وزير الخارجية الروسي",
                actor=Actor(code="RUSGOV", country="RUS", role="GOV", title="وزير الخارجية"), basis="title")
    e2 = Entity(id="e2", type="LOC", text="طاجيكستان", start=start, end=start + len("طاجيكستان"),
                canonical="طاجيكستان", actor=Actor(code="TJK", country="TJK"))
    dushanbe = Place(name="دوشنبه", country="TJK", feature="city", lat=38.54, lon=68.78, gazetteer_id="1221874")
    d1 = make_doc(T1, publisher="وكالة أ", published="2021-07-22", url="https://a.example/1", entities=(e1, e2), events=(
        make_event(T1, "ستقدم المساعدة", eid="ev1", source="RUSGOV", target="TJK", cameo="0334", date="2021-07-22",
                   plover="AGREE", source_entity="e1", target_entity="e2", location=dushanbe),
        make_event(T1, "وزار الوفد", eid="ev2", source="RUS", target="TJK", cameo="042", date="2021-07-22",
                   plover="CONSULT", sentence=1, target_entity="e2"),
    ))
    afg = Entity(id="e1", type="ORG", text="الجيش الأفغاني", start=T2.index("الجيش الأفغاني"),
                 end=T2.index("الجيش الأفغاني") + len("الجيش الأفغاني"), actor=Actor(code="AFGMIL", country="AFG",
                                                                                       role="MIL"))
    d2 = make_doc(T2, publisher="صحيفة ب", published="2021-07-20", entities=(afg,), events=(
        make_event(T2, "اشتبكت", eid="ev1", source="TAL", target="AFGMIL", cameo="193", date="2021-07-20",
                   plover="ASSAULT", target_entity="e1", location=Place(name="قندوز", country="AFG")),
    ))
    d3 = make_doc(T3, publisher="صحيفة ب", published="2021-08-03", events=(
        make_event(T3, "تظاهر", eid="ev1", source="EGYEDU", target="EGYGOV", cameo="141", date="2021-08-03",
                   plover="PROTEST"),
    ))
    d4 = make_doc(T4, publisher="وكالة أ", events=(
        make_event(T4, "اتهم", eid="ev1", source="EUR", target="RUS", cameo="112", date=None, plover="ACCUSE"),
    ))
    return [d1, d2, d3, d4]


def _codes(rows):
    return sorted((r["source_code"], r["cameo"]) for r in rows)


@pytest.fixture
def store(store_url):  # noqa: F811
    with open_store(store_url) as s:
        yield s


@pytest.fixture
def filled(store):
    store.ingest(_corpus())
    return store


# -- addresses and migrations ----------------------------------------------------------------

@pytest.mark.parametrize(("url", "expected"), [
    ("marsad.db", ("sqlite", "marsad.db")),
    ("/tmp/x/m.db", ("sqlite", "/tmp/x/m.db")),
    ("sqlite:///rel/m.db", ("sqlite", "rel/m.db")),
    ("sqlite:////abs/m.db", ("sqlite", "/abs/m.db")),
    ("sqlite://", ("sqlite", ":memory:")),
    ("postgresql://u@127.0.0.1:5432/db", ("postgresql", "postgresql://u@127.0.0.1:5432/db")),
    ("postgres://u@h/db", ("postgresql", "postgres://u@h/db")),
])
def test_store_addresses(url: str, expected: tuple[str, str]) -> None:
    assert describe_url(url) == expected


@pytest.mark.parametrize("url", ["mysql://x/y", "sqlite:/x.db", ""])
def test_bad_store_address(url: str) -> None:
    with pytest.raises(StoreError):
        describe_url(url)


def test_missing_folder_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "nope" / "m.db")


def test_migrations_applied_in_order_once(store) -> None:
    names = [m.name for m in MIGRATIONS]
    assert names == sorted(names)
    assert store.migrations() == names
    assert migrate(store.db) == []  # nothing left to apply
    extra = MIGRATIONS + (Migration("9999_test_extra", common=("CREATE TABLE extra_test (x INTEGER)",)),)
    assert migrate(store.db, extra) == ["9999_test_extra"]
    with pytest.raises(StoreError, match="newer Marsad"):
        migrate(store.db, MIGRATIONS)


# -- idempotent, atomic ingest ----------------------------------------------------------------

def test_reingest_stores_once(store, tmp_path: Path) -> None:
    docs = _corpus()
    first = store.ingest(docs)
    again = store.ingest(docs + docs[:1])
    assert (first.added, first.duplicates) == (4, 0)
    assert (again.added, again.duplicates) == (0, 5)
    stats = store.stats()
    assert (stats["documents"], stats["events"], stats["mentions"]) == (4, 5, 5)


def test_ingest_paths_twice_and_a_renamed_copy(store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.txt").write_text(T3, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    one = ingest_paths([str(folder)], store=store)
    assert (one.files, one.added, len(one.failed)) == (3, 2, 1)
    two = ingest_paths([str(folder)], store=store)
    assert (two.added, two.skipped) == (0, 2)
    (folder / "copy.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    three = ingest_paths([str(folder / "copy.txt")], store=store)
    assert (three.added, three.skipped) == (0, 1)  # same bytes: skipped without coding
    (folder / "crlf.txt").write_bytes(EXAMPLE.read_text(encoding="utf-8").replace("\n", "\r\n").encode())
    four = ingest_paths([str(folder / "crlf.txt")], store=store)
    assert (four.added, four.duplicates) == (0, 1)  # other bytes, same content id
    assert store.stats()["documents"] == 2


def test_a_failing_batch_leaves_nothing(store) -> None:
    docs = _corpus()
    store.ingest(docs[:1])
    broken = dataclasses.replace(docs[1], text=None)
    with pytest.raises((StoreError, TypeError, AttributeError, ValueError)):
        store.ingest([docs[2], broken])
    stats = store.stats()
    assert (stats["documents"], stats["events"]) == (1, 2)
    assert not store.has_document(docs[2].id)
    assert store.ingest(docs).added == 3


# -- near duplicates ------------------------------------------------------------------------

def _variant(text: str) -> str:
    """The example republished: another headline, a metadata header, one paragraph dropped."""
    paragraphs = text.split("\n\n")
    body = [p for i, p in enumerate(paragraphs) if i != 4]
    body[0] = "موسكو تتعهد بصد أي عدوان على طاجيكستان"
    return "# title: موسكو تتعهد بصد أي عدوان\n# date: 2021-07-23\n\n" + "\n\n".join(body)


UNRELATED = (
    "أعلنت وزارة الزراعة عن خطة جديدة لدعم مزارعي القمح في المحافظات الشمالية، تشمل قروضا ميسرة "
    "وتوزيع بذور محسنة على أكثر من عشرة آلاف مزارع.\n\nوقال المتحدث باسم الوزارة إن الخطة تهدف إلى "
    "رفع الإنتاج المحلي وتقليل الاعتماد على الاستيراد خلال السنوات الثلاث المقبلة.\n\nوأضاف أن الوزارة "
    "ستتابع تنفيذ الخطة مع المجالس المحلية، وأن أول دفعة من القروض ستصرف في الشهر المقبل."
)


def test_near_duplicate_joins_the_story_and_unrelated_does_not(store, tmp_path: Path) -> None:
    original = EXAMPLE.read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "1-original.txt").write_text(original, encoding="utf-8")
    (folder / "2-republished.txt").write_text(_variant(original), encoding="utf-8")
    (folder / "3-unrelated.txt").write_text(UNRELATED, encoding="utf-8")
    report = ingest_paths([str(folder)], store=store)
    assert (report.added, report.near_duplicates) == (3, 1)
    rows = {Path(r["source_path"]).name: r for r in store.document_rows()}
    first, second, other = rows["1-original.txt"], rows["2-republished.txt"], rows["3-unrelated.txt"]
    assert first["id"] != second["id"]
    assert second["cluster_id"] == first["cluster_id"] == first["id"]
    assert second["similarity"] >= store.near_threshold
    assert other["cluster_id"] == other["id"]
    stats = store.stats()
    assert (stats["documents"], stats["stories"], stats["near_duplicates"]) == (3, 2, 1)


def test_lsh_state_persists_across_runs(store_url) -> None:  # noqa: F811
    original = EXAMPLE.read_text(encoding="utf-8")
    with open_store(store_url) as s:
        s.ingest([make_doc(original)])
    with open_store(store_url) as s:  # a later run, a new connection: the bands are in the store
        result = s.ingest([make_doc(_variant(original)), make_doc(UNRELATED)])
        assert (result.added, result.near_duplicates) == (2, 1)
        assert s.stats()["stories"] == 2


def test_threshold_is_configurable(store_url) -> None:  # noqa: F811
    original = EXAMPLE.read_text(encoding="utf-8")
    with open_store(store_url, near_threshold=0.99) as s:
        assert s.ingest([make_doc(original), make_doc(_variant(original))]).near_duplicates == 0
        assert s.lsh.rows * s.lsh.bands <= s.lsh.num_perm


# -- event merge ----------------------------------------------------------------------------

def test_events_merge_across_copies_with_mentions(store) -> None:
    d1 = _corpus()[0]
    copy_text = "وكالة ب - " + T1  # a republished copy: a near-duplicate
    copy = make_doc(copy_text, publisher="وكالة ب", published="2021-07-23", events=(
        make_event(copy_text, "ستقدم المساعدة", eid="x1", source="RUSGOV", target="TJK", cameo="0334",
                   date="2021-07-22", plover="AGREE"),
        make_event(copy_text, "ستقدم المساعدة", eid="x2", source="RUSGOV", target="TJK", cameo="0334",
                   date="2021-07-22", plover="AGREE"),  # a second mention in the same article
        make_event(copy_text, "وزار الوفد", eid="x3", source="RUS", target="TJK", cameo="0334",
                   date="2021-07-23", plover="AGREE"),  # another date: another event
    ))
    third = make_doc(T2 + " " + T1, publisher="وكالة أ", events=(
        make_event(T2 + " " + T1, "ستقدم المساعدة", eid="y1", source="RUSGOV", target="TJK", cameo="0334",
                   date="2021-07-22", plover="AGREE"),))
    store.ingest([d1, copy, third])
    events = {(e["source_code"], e["cameo"], e["date"]): e for e in store.events()}
    assert len(events) == 3
    merged = events[("RUSGOV", "0334", "2021-07-22")]
    assert (merged["num_mentions"], merged["num_articles"], merged["num_sources"]) == (4, 3, 2)
    assert merged["num_stories"] == 2  # d1 and the copy are one story
    assert merged["first_doc"] == d1.id and merged["is_root"] == 1
    mentions = store.mentions(merged["id"])
    assert len(mentions) == 4
    texts = {d.id: d.text for d in (d1, copy, third)}
    for m in mentions:
        assert texts[m["doc_id"]][m["char_start"]:m["char_end"]] == m["text"] == "ستقدم المساعدة"
    assert {m["publisher"] for m in mentions} == {"وكالة أ", "وكالة ب"}
    assert events[("RUS", "0334", "2021-07-23")]["num_mentions"] == 1


# -- search ---------------------------------------------------------------------------------

SEARCH_DOCS = {
    "harakat": "وَقَالَ الرَّئِيسُ إِنَّ الحُكُومَةَ سَتُوَاصِلُ الإِصْلَاحَاتِ الاقْتِصَادِيَّةَ.",
    "clitic": "وصل الوفد لطاجيكستان أمس وبحث مع المسؤولين أمن الحدود.",
    "hamza": "أعلنت الأمم المتحدة إرسال مساعدات إلى أفغانستان عبر الحدود الإيرانية.",
    "ya": "التقى الوزير نظيره في أبوظبي لبحث التعاون الاقتصادي والاستثمار.",
}


@pytest.mark.parametrize(("query", "expected"), [
    ("الرئيس", {"harakat"}),                      # harakat in the text, none in the query
    ("الرَّئِيسُ", {"harakat"}),                   # harakat in the query
    ("الاصلاحات", {"harakat"}),                    # hamza + harakat folded
    ("طاجيكستان", {"clitic"}),                      # base form finds the prefixed word
    ("لطاجيكستان", {"clitic"}),
    ("افغانستان", {"hamza"}),                       # alef without hamza
    ("أفغانستان", {"hamza"}),
    ("إفغانستان", {"hamza"}),
    ("الامم المتحده", {"hamza"}),                   # ta marbuta and hamza, two words (AND)
    ("ابو ظبي", set()),                            # both words needed
    ("الحدود", {"clitic", "hamza"}),
    ("الاقتصادي", {"harakat", "ya"}),
    ("الحدود الإيرانية", {"hamza"}),
    ("قندهار", set()),
])
def test_search_folds_like_the_pipeline(store, query: str, expected: set[str]) -> None:
    docs = {name: make_doc(text) for name, text in SEARCH_DOCS.items()}
    store.ingest(docs.values())
    names = {d.id: n for n, d in docs.items()}
    hits = store.search(query)
    assert {names[h.doc_id] for h in hits} == expected
    assert store.count_search(query) == len(expected)
    for hit in hits:
        text = SEARCH_DOCS[names[hit.doc_id]]
        assert hit.highlights
        for span in hit.highlights:
            piece = text[span.start:span.end]
            assert f"[{piece}]" in hit.snippet  # the snippet shows the ORIGINAL text


def test_search_snippet_keeps_original_harakat(store) -> None:
    doc = make_doc(SEARCH_DOCS["harakat"])
    store.ingest([doc])
    (hit,) = store.search("الرئيس")
    assert "[الرَّئِيسُ]" in hit.snippet


@pytest.mark.parametrize("query", ["", "   ", "؟!", "x" * 1001])
def test_search_bad_queries(store, query: str) -> None:
    with pytest.raises(QueryError):
        store.search(query)


@pytest.mark.parametrize("query", ["'; DROP TABLE documents; --", 'طاجيكستان" OR "a', "NEAR(a b)", "a:b*"])
def test_search_sql_and_syntax_in_queries_is_text(store, query: str) -> None:
    store.ingest([make_doc(SEARCH_DOCS["clitic"])])
    store.search(query)  # no error, no effect
    assert store.stats()["documents"] == 1


# -- event queries ----------------------------------------------------------------------------

@pytest.mark.parametrize(("filters", "expected"), [
    ({}, [("EGYEDU", "141"), ("EUR", "112"), ("RUS", "042"), ("RUSGOV", "0334"), ("TAL", "193")]),
    ({"actor": "RUS"}, [("EUR", "112"), ("RUS", "042"), ("RUSGOV", "0334")]),
    ({"actor": "rusgov"}, [("RUSGOV", "0334")]),
    ({"source": "RUS"}, [("RUS", "042"), ("RUSGOV", "0334")]),
    ({"target": "RUS"}, [("EUR", "112")]),
    ({"target": "TJK"}, [("RUS", "042"), ("RUSGOV", "0334")]),
    ({"code": "03"}, [("RUSGOV", "0334")]),
    ({"code": "0334"}, [("RUSGOV", "0334")]),
    ({"code": "19"}, [("TAL", "193")]),
    ({"plover": "ASSAULT"}, [("TAL", "193")]),
    ({"plover": "consult"}, [("RUS", "042")]),
    ({"country": "AFG"}, [("TAL", "193")]),
    ({"country": "TJK"}, [("RUS", "042"), ("RUSGOV", "0334")]),
    ({"country": "RUS"}, [("EUR", "112"), ("RUS", "042"), ("RUSGOV", "0334")]),
    ({"country": "EGY"}, [("EGYEDU", "141")]),
    ({"since": "2021-07-21"}, [("EGYEDU", "141"), ("RUS", "042"), ("RUSGOV", "0334")]),
    ({"until": "2021-07-21"}, [("TAL", "193")]),
    ({"since": "2021-07", "until": "2021-07"}, [("RUS", "042"), ("RUSGOV", "0334"), ("TAL", "193")]),
    ({"since": "2021-08-01", "until": "2021"}, [("EGYEDU", "141")]),
    ({"actor": "TJK", "code": "04"}, [("RUS", "042")]),
    ({"limit": 1}, [("TAL", "193")]),
])
def test_event_filters(filled, filters: dict, expected: list) -> None:
    assert _codes(filled.events(**filters)) == expected


@pytest.mark.parametrize(("filters", "message"), [
    ({"since": "2021-13-01"}, "not a date"),
    ({"since": "yesterday"}, "not a date"),
    ({"until": "2021-02-30"}, "not a date"),
    ({"since": "2021-08-01", "until": "2021-07-01"}, "after"),
    ({"actor": "RU;S"}, "not an actor code"),
    ({"source": "' OR 1=1 --"}, "not an actor code"),
    ({"code": "1"}, "CAMEO"),
    ({"code": "99"}, "CAMEO"),
    ({"code": "0x1"}, "CAMEO"),
    ({"plover": "NOT_A_TYPE"}, "PLOVER"),
    ({"plover": "DROP TABLE"}, "PLOVER"),
    ({"country": "TJ"}, "alpha-3"),
    ({"country": "XYZ"}, "unknown country"),
    ({"limit": -1}, "negative"),
    ({"limit": "ten"}, "whole number"),
])
def test_bad_filters_are_query_errors(filled, filters: dict, message: str) -> None:
    with pytest.raises(QueryError, match=message) as info:
        filled.events(**filters)
    assert "\n" not in str(info.value)


def test_event_modalities_are_listed_and_filtered(store) -> None:
    # One merged event with an asserted and a hypothetical mention (two copies of a story), one
    # with only a negated mention, one intended: each lists its mentions' modalities.
    text = "هاجم الجيش القرية. وهدد الجيش بمهاجمة القرية. ولم يهاجم الجيش المدينة."
    docs = [
        make_doc(text, publisher="أ", published="2021-07-22", events=(
            make_event(text, "هاجم", eid="ev1", source="AFGMIL", target="AFG", cameo="190", date="2021-07-22",
                       plover="ASSAULT"),
            make_event(text, "بمهاجمة", eid="ev2", source="AFGMIL", target="AFG", cameo="138", date="2021-07-22",
                       plover="THREATEN", modality="intent", sentence=1),
            make_event(text, "يهاجم", eid="ev3", source="AFGMIL", target="TJK", cameo="190", date="2021-07-22",
                       plover="", negated=True, sentence=2),
        )),
        make_doc(text + " تحديث", publisher="ب", published="2021-07-22", events=(
            make_event(text, "هاجم", eid="ev1", source="AFGMIL", target="AFG", cameo="190", date="2021-07-22",
                       plover="ASSAULT", modality="hypothetical"),
        )),
    ]
    store.ingest(docs)
    rows = {(r["target_code"], r["cameo"]): r for r in store.events()}
    assert {k: (r["modalities"], r["num_negated"]) for k, r in rows.items()} == {
        ("AFG", "190"): ("asserted,hypothetical", 0),
        ("AFG", "138"): ("intent", 0),
        ("TJK", "190"): ("asserted", 1),
    }

    def keys(**filters: str) -> list[tuple[str, str]]:
        return sorted((r["target_code"], r["cameo"]) for r in store.events(**filters))

    assert keys(modality="asserted") == [("AFG", "190")]  # the negated one is not asserted
    assert keys(modality="hypothetical") == [("AFG", "190")]
    assert keys(modality="intent, hypothetical") == [("AFG", "138"), ("AFG", "190")]
    assert keys(modality="negated") == [("TJK", "190")]
    assert keys(modality="Asserted,negated") == [("AFG", "190"), ("TJK", "190")]
    assert keys(modality="claim") == []
    with pytest.raises(QueryError, match="modality") as info:
        store.events(modality="certain' OR 1=1 --")
    assert "\n" not in str(info.value)
    # The CSV/JSONL exports carry the same columns.
    out = io.StringIO()
    store.export("csv", out, table="events")
    header, *lines = out.getvalue().splitlines()
    assert "modalities" in header.split(",") and "num_negated" in header.split(",")
    assert sum("asserted,hypothetical" in line for line in lines) == 1


def test_an_event_denied_first_and_reported_later_gets_its_plover_type(store) -> None:
    # The first article denies the attack (no PLOVER type), the second reports it: the merged
    # event is an ASSAULT, found by the PLOVER filter, with both modalities listed.
    denied = "لم يهاجم الجيش القرية."
    reported = "هاجم الجيش القرية أمس."
    store.ingest([make_doc(denied, publisher="أ", published="2021-07-22", events=(
        make_event(denied, "يهاجم", eid="ev1", source="AFGMIL", target="AFG", cameo="190", date="2021-07-22",
                   plover="", negated=True),))])
    assert [r["plover"] for r in store.events()] == [""]
    store.ingest([make_doc(reported, publisher="ب", published="2021-07-22", events=(
        make_event(reported, "هاجم", eid="ev1", source="AFGMIL", target="AFG", cameo="190", date="2021-07-22",
                   plover="ASSAULT"),))])
    (row,) = store.events(plover="ASSAULT")
    assert (row["num_mentions"], row["modalities"], row["num_negated"]) == (2, "asserted", 1)
    # A later denial does not take the type away.
    again = "ونفى الجيش أنه لم يهاجم القرية."
    store.ingest([make_doc(again, publisher="ج", published="2021-07-22", events=(
        make_event(again, "يهاجم", eid="ev1", source="AFGMIL", target="AFG", cameo="190", date="2021-07-22",
                   plover="", negated=True),))])
    assert [(r["plover"], r["num_mentions"]) for r in store.events()] == [("ASSAULT", 3)]


def test_actors_with_counts(filled) -> None:
    rows = filled.actors()
    by_code = {r["code"]: r for r in rows}
    person = by_code["RUSGOV"]
    assert person["type"] == "PER" and person["title"] == "وزير الخارجية" and person["country"] == "RUS"
    assert (person["mentions"], person["documents"], person["stories"]) == (1, 1, 1)
    assert person["events_as_source"] == 1
    assert by_code["TJK"]["events_as_target"] == 2
    assert by_code["AFGMIL"]["events_as_target"] == 1
    assert {r["code"] for r in filled.actors(type="PER")} == {"RUSGOV"}
    with pytest.raises(QueryError):
        filled.actors(type="BOGUS")


def test_stats(filled) -> None:
    stats = filled.stats()
    assert (stats["documents"], stats["stories"], stats["events"], stats["mentions"]) == (4, 4, 5, 5)
    assert stats["published_from"] == "2021-07-20" and stats["published_to"] == "2021-08-03"
    assert {p["publisher"]: p["documents"] for p in stats["publishers"]} == {"وكالة أ": 2, "صحيفة ب": 2}
    assert {p["type"] for p in stats["plover"]} == {"AGREE", "CONSULT", "ASSAULT", "PROTEST", "ACCUSE"}


# -- exports ----------------------------------------------------------------------------------

def test_export_jsonl_documents_round_trip(filled, tmp_path: Path) -> None:
    from marsad.model import document_from_dict

    out = tmp_path / "docs.jsonl"
    assert filled.export("jsonl", out) == 4
    docs = [document_from_dict(json.loads(line)) for line in out.read_text(encoding="utf-8").splitlines()]
    assert docs == _corpus()


@pytest.mark.parametrize("table", ["events", "mentions", "documents"])
def test_export_csv(filled, tmp_path: Path, table: str) -> None:
    out = tmp_path / f"{table}.csv"
    count = filled.export("csv", out, table=table)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == count == {"events": 5, "mentions": 5, "documents": 4}[table]
    if table == "events":
        assert {r["cameo"] for r in rows} == {"0334", "042", "193", "141", "112"}


def test_export_parquet(filled, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow (the parquet extra) is not installed")
    out = tmp_path / "events.parquet"
    assert filled.export("parquet", out) == 5
    table = pq.read_table(out)
    assert table.num_rows == 5 and "num_mentions" in table.column_names
    assert sorted(table.column("cameo").to_pylist()) == ["0334", "042", "112", "141", "193"]


def test_export_gdelt_has_61_columns(filled, tmp_path: Path) -> None:
    out = tmp_path / "events.gdelt.tsv"
    assert filled.export("gdelt", out) == 5
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in lines]
    assert all(len(line.split("\t")) == 61 for line in lines)
    by_code = {r["EventCode"]: r for r in rows}
    agree = by_code["0334"]
    assert (agree["SQLDATE"], agree["MonthYear"], agree["Year"]) == ("20210722", "202107", "2021")
    assert (agree["Actor1Code"], agree["Actor1CountryCode"], agree["Actor1Type1Code"]) == ("RUSGOV", "RUS", "GOV")
    assert (agree["Actor2Code"], agree["EventBaseCode"], agree["EventRootCode"]) == ("TJK", "033", "03")
    assert (agree["NumMentions"], agree["NumSources"], agree["NumArticles"]) == ("1", "1", "1")
    assert (agree["ActionGeo_Type"], agree["ActionGeo_FullName"], agree["ActionGeo_Lat"]) == ("4", "دوشنبه", "38.54")
    assert agree["SOURCEURL"] == "https://a.example/1" and len(agree["DATEADDED"]) == 14
    assert by_code["112"]["SQLDATE"] == ""  # no event date, no publication date
    assert all(r["AvgTone"] == "" for r in rows)


@pytest.mark.parametrize(("fmt", "table"), [("xml", None), ("gdelt", "documents"), ("csv", "nope")])
def test_export_bad_requests(filled, tmp_path: Path, fmt: str, table: str | None) -> None:
    with pytest.raises(QueryError):
        filled.export(fmt, tmp_path / "x", table=table)


def test_search_one_per_story(store) -> None:
    original = EXAMPLE.read_text(encoding="utf-8")
    docs = [make_doc(original), make_doc(_variant(original)), make_doc(SEARCH_DOCS["clitic"])]
    store.ingest(docs)
    assert store.search_counts("طاجيكستان") == (3, 2)
    assert {h.doc_id for h in store.search("طاجيكستان")} == {d.id for d in docs}
    per_story = store.search("طاجيكستان", one_per_story=True)
    assert len(per_story) == 2 and len({h.cluster_id for h in per_story}) == 2
    assert len(store.search("طاجيكستان", one_per_story=True, limit=1, offset=1)) == 1


# -- rows made where the document was coded ------------------------------------------------------

def test_document_rows_round_trip_json_and_store_like_documents(store) -> None:
    """A worker's rows (sent through a Parquet shard as JSON) store exactly what the documents do."""
    from marsad.store.rows import DocumentRows, document_rows

    docs = _corpus()
    made = [document_rows(d, lang=store.lang, lsh=store.lsh) for d in docs]
    again = [DocumentRows.from_json(r.to_json()) for r in made]
    assert again == made
    assert all(r.signature and len(r.bands) == store.lsh.bands for r in made)
    assert made[0].events[0][1][1] == "ev1" and made[0].entities[0][5] == "RUSGOV"
    # rows (one twice), then the same documents: all four are known by then
    first = store.ingest_rows(again + again[:1], input_keys=["k1", "k2", "k3", "k4", "k1b"])
    assert (first.added, first.duplicates) == (4, 1)
    assert store.ingest(docs).duplicates == 4
    assert sorted(r["id"] for r in store.document_rows()) == sorted(d.id for d in docs)
    assert store.known_inputs(["k1", "k1b", "k9"]) == {"k1", "k1b"}


def test_rows_made_for_another_store_are_refused(store) -> None:
    from marsad.store.minhash import LSHParams
    from marsad.store.rows import document_rows

    other = LSHParams(num_perm=store.lsh.num_perm, bands=store.lsh.bands - 1, rows=store.lsh.rows)
    rows = document_rows(_corpus()[0], lang=store.lang, lsh=other)
    with pytest.raises(StoreError, match="prepared for another store"):
        store.ingest_rows([rows])
    assert store.document_rows() == []


def test_search_page_snippets_read_only_what_they_show(store) -> None:
    # A long document whose word recurs far beyond the snippet: the results page looks only as
    # far as the snippet reaches, and shows the same snippet as the full scan.
    filler = " ".join(["كلام"] * 80)
    text = "في طاجيكستان. " + (filler + " لطاجيكستان ") * 30
    doc = make_doc(text)
    store.ingest([doc])
    (full,) = store.search("طاجيكستان")
    (page,) = store.search("طاجيكستان", all_highlights=False)
    assert len(full.highlights) == 31
    assert len(page.highlights) == 1  # the next match is ~450 characters on, past the snippet
    assert page.snippet == full.snippet


def test_search_count_without_stories_matches_counts(store) -> None:
    docs = [make_doc(t) for t in SEARCH_DOCS.values()]
    store.ingest(docs)
    for query in ("الحدود", "الامم المتحده", "قندهار"):
        assert store.count_search(query) == store.search_counts(query)[0]
