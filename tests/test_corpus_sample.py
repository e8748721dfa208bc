"""The whole pipeline over the 402 SaudiNewsNet political articles (../shared): no crash, a
publication date for every article, every span maps back, relative days agree with it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from marsad.io.text import read_article_bytes
from marsad.langdata.loader import load_langdata
from marsad.model import Document
from marsad.pipeline import code_article
from marsad.stages.normalize import normalize_string

pytestmark = pytest.mark.shared

SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "corpora" / "saudinewsnet" / \
    "political-sample" / "txt"

# Relative day expressions (as written; compared on the normalized view) and their offsets.
RELATIVE_DAYS = {"أمس": -1, "يوم أمس": -1, "أول من أمس": -2, "أول أمس": -2, "أمس الأول": -2}


@pytest.fixture(scope="module")
def coded() -> list[tuple[str, Document]]:
    if not SAMPLE.is_dir():
        pytest.skip(f"{SAMPLE} is absent")
    lang = load_langdata("ar")
    out = []
    for path in sorted(SAMPLE.glob("*.txt")):
        article = read_article_bytes(path.read_bytes(), name=path.name)
        out.append((path.name, code_article(article.text, header=article.header, lang=lang)))
    return out


def test_all_articles_coded(coded) -> None:
    assert len(coded) == 402


def test_every_article_has_a_date(coded) -> None:
    bases = Counter(doc.published_basis for _, doc in coded)
    missing = [name for name, doc in coded if not doc.published]
    assert not missing, missing[:5]
    assert set(bases) <= {"dateline", "header"}, bases
    # The SPA ("was") articles carry their date in the dateline.
    assert bases["dateline"] >= 2
    for name, doc in coded:
        dt.date.fromisoformat(doc.published)
        if name.endswith("_was.txt"):
            assert doc.published_basis == "dateline", name


def test_every_article_has_its_publisher(coded) -> None:
    for name, doc in coded:
        assert doc.publisher is not None and doc.publisher.name, name


def _spans(doc: Document):
    for group in (doc.sentences, doc.entities, doc.times, doc.quantities, doc.quotes, doc.events):
        yield from group
    for named in (doc.publisher, doc.wire):
        if named is not None and named.start is not None:
            yield named


def test_all_spans_map_back(coded) -> None:
    for name, doc in coded:
        for item in _spans(doc):
            assert 0 <= item.start <= item.end <= len(doc.text), (name, item)
            assert doc.text[item.start:item.end] == item.text, (name, item)


def test_relative_days_follow_publication(coded) -> None:
    lang = load_langdata("ar")
    offsets = {normalize_string(k, lang=lang): v for k, v in RELATIVE_DAYS.items()}
    seen = Counter()
    for name, doc in coded:
        published = dt.date.fromisoformat(doc.published)
        for t in doc.times:
            offset = offsets.get(normalize_string(t.text, lang=lang))
            if offset is None:
                continue  # "أمس الأربعاء": the weekday decides, checked by the times stage's tests
            seen[offset] += 1
            assert t.value == (published + dt.timedelta(days=offset)).isoformat(), (name, t, doc.published)
    assert seen[-1] > 0 and seen[-2] > 0, seen
