"""Every event gets a date with its basis, and the merge treats a republished copy's events as
mentions: the date in its clause, else the document's publication date, else the story's (its
earliest dated member), else the article's own dates; events with no date at all merge by story.
On SQLite and on a real PostgreSQL server (see store_fixtures.py)."""

from __future__ import annotations

import json

import jsonschema
import pytest

from marsad import code_article, document_to_dict
from marsad.model import TimeExpr
from marsad.stages.dating import article_date
from marsad.store import open_store
from marsad.store.rows import event_key

from .conftest import REPO
from .store_fixtures import pg_server, store_url  # noqa: F401


def _paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def _without_dateline(text: str) -> str:
    """The example with its dateline "(… / سبوتنيك - 22 يوليو 2021ء) " cut out."""
    start = text.index("(")
    end = text.index(")", start) + 1
    return text[:start] + text[end:].lstrip(" ")


def _republished(text: str) -> str:
    """A republished copy: no dateline (so no publication date), the last paragraph dropped."""
    return "\n\n".join(_paragraphs(_without_dateline(text))[:-1])


def _without_dates(text: str) -> str:
    """``text`` with every absolute date expression the times stage finds cut out."""
    doc = code_article(text)
    for t in sorted((t for t in doc.times if t.value and not t.relative), key=lambda t: -t.start):
        text = text[:t.start] + text[t.end:]
    return text


@pytest.fixture
def store(store_url):  # noqa: F811
    with open_store(store_url) as s:
        yield s


def test_article_date_is_the_latest_full_absolute_date() -> None:
    times = [
        TimeExpr(text="a", start=0, end=1, value="2013-09-23", granularity="day"),
        TimeExpr(text="b", start=2, end=3, value="2015-05", granularity="month"),
        TimeExpr(text="c", start=4, end=5, value="2021-07-22", granularity="day", relative=True),
        TimeExpr(text="d", start=6, end=7, value="1992-05-15", granularity="day"),
        TimeExpr(text="e", start=8, end=9, value=None, granularity="day", relative=True),
    ]
    assert article_date(times) == "2013-09-23"
    assert article_date(times[1:3]) is None
    assert article_date([]) is None


def test_undated_article_takes_its_own_dates_and_validates(example_text) -> None:
    original = code_article(example_text)
    assert original.published == "2021-07-22"
    assert {e.date_basis for e in original.events} <= {"text", "published"}
    copy = code_article(_republished(example_text))
    assert copy.published is None and copy.events
    assert all(e.date is not None for e in copy.events)
    # the only full date left in the copy is the 2013 resolution its text cites
    assert {(e.date, e.date_basis) for e in copy.events} == {("2013-09-23", "text"), ("2013-09-23", "article")}
    schema = json.loads((REPO / "src" / "marsad" / "schema" / "document.schema.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document_to_dict(copy)))
    assert not errors, [e.message for e in errors[:3]]
    undated = code_article(_without_dates(_republished(example_text)))
    assert undated.events and all(e.date is None and e.date_basis is None for e in undated.events)


@pytest.mark.parametrize("copy_first", [False, True], ids=["original-first", "copy-first"])
def test_republished_copy_adds_mentions_not_events(store, example_text, copy_first: bool) -> None:
    original = code_article(example_text)
    copy = code_article(_republished(example_text))
    assert copy.events and copy.published is None
    original_events = len({event_key(e) for e in original.events})
    first, second = (copy, original) if copy_first else (original, copy)
    store.ingest([first])
    before = store.stats()
    store.ingest([second])
    after = store.stats()
    assert after["stories"] == 1 and after["documents"] == 2  # the copy joined the story
    assert after["events"] == original_events
    if not copy_first:
        assert before["events"] == original_events
    assert after["mentions"] == len(original.events) + len(copy.events) > before["mentions"]
    mentions = [m for m in store.mentions() if m["doc_id"] == copy.id]
    assert len(mentions) == len(copy.events)
    # the copy's events without a date in their clause take the story's date (the original's)
    assert {m["date_basis"] for m in mentions} == {"story", "text"}
    by_id = {e["id"]: e for e in store.events()}
    for m in mentions:
        if m["date_basis"] == "story":
            assert by_id[m["event_id"]]["date"] == "2021-07-22"
    assert all(e["num_mentions"] >= 1 for e in by_id.values())


def test_events_with_no_date_merge_by_story(store, example_text) -> None:
    undated = _without_dates(_republished(example_text))
    copy1 = code_article(undated)
    copy2 = code_article("\n\n".join(_paragraphs(undated)[:-1]))  # one paragraph less: the same story
    # another story: the same lead sentence with other paragraphs (not a near-duplicate)
    paragraphs = _paragraphs(undated)
    other = code_article("\n\n".join([paragraphs[0], paragraphs[1], *_paragraphs(example_text)[-2:]]))
    other = code_article(_without_dates(other.text))
    for doc in (copy1, copy2, other):
        assert doc.published is None and doc.events and all(e.date is None for e in doc.events)
    store.ingest([copy1])
    first = store.stats()
    store.ingest([copy2])
    second = store.stats()
    assert second["stories"] == 1
    assert second["events"] == first["events"] and second["mentions"] == first["mentions"] + len(copy2.events)
    store.ingest([other])
    third = store.stats()
    assert third["stories"] == 2
    events = store.events()
    assert all(e["date"] is None for e in events)
    # undated events merge within a story, never across stories
    assert all(e["num_stories"] == 1 for e in events)
    assert third["events"] == second["events"] + len({event_key(e) for e in other.events})
    assert max(e["num_articles"] for e in events) == 2
