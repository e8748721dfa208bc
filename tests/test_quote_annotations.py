"""The hand-annotated quotes (tests/annotations/quotes.jsonl + quotes.articles.tsv): well formed,
enough of them over enough articles and outlets, from outside the political sample, and pointing
at the characters of their articles (read from ../shared when it is there)."""

from __future__ import annotations

from collections import Counter

import pytest

from marsad.evaluation.corpus import articles_by_url, political_sample_urls, read_annotations
from marsad.evaluation.quotes import GOLD_FIELDS, MENTION_FIELDS, read_gold_articles, read_gold_quotes

from .conftest import REPO

QUOTES = REPO / "tests" / "annotations" / "quotes.jsonl"
ARTICLES = REPO / "tests" / "annotations" / "quotes.articles.tsv"


@pytest.fixture(scope="module")
def records():
    return read_annotations(QUOTES, required=GOLD_FIELDS, what="a gold quote")


@pytest.fixture(scope="module")
def listed():
    return read_gold_articles(ARTICLES)


def test_quotes_are_well_formed_and_every_article_is_complete(records, listed):
    quotes = read_gold_quotes(QUOTES)  # kinds, offsets, mentions, speaker types
    assert len(quotes) == len(records)
    by_url = {a.url: a for a in listed}
    per_article = Counter(r["url"] for r in records)
    assert set(per_article) <= set(by_url)  # no quote of an article not listed as done
    for art in listed:
        assert per_article.get(art.url, 0) == art.quotes, art  # the listing's count is the file's
    keys = Counter((r["url"], r["start"], r["end"]) for r in records)
    assert max(keys.values()) == 1  # one line a quote
    for r in records:
        art = by_url[r["url"]]
        assert (r["zip"], r["outlet"]) == (art.zip, art.outlet), r
        assert 0 < len(r["head"]) <= 30 and 0 < len(r["tail"]) <= 30, r
        if r["speaker"] is None:
            assert r["speaker_type"] in ("unknown", "anonymous"), r
    # the size the issue asks for, over outlets, and every kind in quantity
    assert len(records) >= 250 and len(listed) >= 40
    outlets = Counter(a.outlet for a in listed)
    assert len(outlets) >= 8 and max(outlets.values()) <= len(listed) // 4, outlets
    kinds = Counter(q.kind for q in quotes)
    assert kinds["indirect"] >= 100 and kinds["direct"] >= 50 and kinds["direct_partial"] >= 3, kinds


@pytest.mark.shared
def test_quotes_point_at_their_articles_outside_the_political_sample(records, listed, shared_dir):
    corpus = shared_dir / "data" / "corpora" / "saudinewsnet"
    sample = political_sample_urls(corpus / "political-sample" / "articles.jsonl")
    urls = {a.url for a in listed}
    assert not urls & sample
    articles = articles_by_url(corpus / "raw", urls)
    assert set(articles) == urls
    for art in listed:
        assert articles[art.url]["zip"] == art.zip and articles[art.url].get("source") == art.outlet
    for r in records:
        text = str(articles[r["url"]]["content"])
        s, e = r["start"], r["end"]
        assert e <= len(text) and text[s:e].strip() == text[s:e], r  # no space at either end
        assert r["head"] in (text[s:min(e, s + 30)], text[s:s + 30]), r
        assert r["tail"] in (text[max(s, e - 30):e], text[max(0, e - 30):e]), r
        for field in MENTION_FIELDS:
            m = r[field]
            if m is not None:
                assert text[m["start"]:m["end"]] == m["text"], (field, r)
