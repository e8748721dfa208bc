"""The hand-labelled event candidates (tests/annotations/events_candidates.jsonl) and the hand
check of whole triples (events_handcheck.jsonl): well formed,
enough of them over enough roots, from outside the political sample, and pointing at the
characters of their articles (read from ../shared when it is there)."""

from __future__ import annotations

from collections import Counter

import pytest

from marsad.evaluation.corpus import articles_by_url, check_span, political_sample_urls, read_annotations

from .conftest import REPO

ANNOTATIONS = REPO / "tests" / "annotations" / "events_candidates.jsonl"
FIELDS = ("url", "zip", "outlet", "start", "end", "span", "cameo", "rule", "real_event", "root_ok",
          "gold_root", "modality", "note")
MODALITIES = {"asserted", "intent", "claim", "historical", "hypothetical", "negated"}


@pytest.fixture(scope="module")
def labels():
    return read_annotations(ANNOTATIONS, required=FIELDS, what="a labelled event candidate")


def _check_label_fields(labels):
    keys = Counter((a["url"], a["start"], a["end"], a["cameo"][:2]) for a in labels)
    assert max(keys.values()) == 1  # one label a candidate
    for a in labels:
        assert isinstance(a["real_event"], bool) and isinstance(a["root_ok"], bool), a
        assert a["modality"] in MODALITIES, a
        assert 0 <= a["start"] < a["end"] and a["end"] - a["start"] == len(a["span"]), a
        assert a["cameo"][:2].isdigit() and 1 <= int(a["cameo"][:2]) <= 20, a
        if not a["real_event"]:
            assert a["gold_root"] is None, a  # no root for what is not an event
        elif a["root_ok"]:
            assert a["gold_root"] == a["cameo"][:2], a
        else:
            assert a["gold_root"] is not None and a["gold_root"] != a["cameo"][:2], a  # the right root


def test_labels_are_well_formed_and_cover_the_roots(labels):
    assert len(labels) >= 850
    _check_label_fields(labels)
    # every CAMEO root the patterns code, not only the gold's PROTEST and ASSAULT
    roots = Counter(a["cameo"][:2] for a in labels)
    assert len(roots) >= 15, roots
    assert len({a["outlet"] for a in labels}) >= 5
    # both answers are there in quantity: a model learns "not an event" as well as "an event"
    real = sum(a["real_event"] and a["root_ok"] for a in labels)
    assert 50 <= real <= len(labels) - 50


@pytest.mark.shared
def test_labels_point_at_their_articles_outside_the_political_sample(labels, shared_dir):
    corpus = shared_dir / "data" / "corpora" / "saudinewsnet"
    sample = political_sample_urls(corpus / "political-sample" / "articles.jsonl")
    assert not {a["url"] for a in labels} & sample
    articles = articles_by_url(corpus / "raw", {a["url"] for a in labels})
    assert set(articles) == {a["url"] for a in labels}
    for a in labels:
        rec = articles[a["url"]]
        assert rec["zip"] == a["zip"], a
        assert check_span(str(rec["content"]), a["start"], a["end"], a["span"]), a


# Labels of days the triples hand check uses: never trained on, kept as an out-of-sample set.
HELDOUT = REPO / "tests" / "annotations" / "events_candidates_heldout.jsonl"


def test_held_out_labels_are_well_formed_and_apart_from_the_trained_ones(labels):
    heldout = read_annotations(HELDOUT, required=FIELDS, what="a held-out labelled event candidate")
    assert len(heldout) >= 100
    _check_label_fields(heldout)
    assert not {a["url"] for a in heldout} & {a["url"] for a in labels}
    assert not {a["zip"] for a in heldout} & {a["zip"] for a in labels}


def _point_at_their_articles(rows, shared_dir) -> None:
    """Every label's article is in the corpus, outside the political sample, in its zip, with
    the labelled span at its offsets."""
    corpus = shared_dir / "data" / "corpora" / "saudinewsnet"
    assert not {a["url"] for a in rows} & political_sample_urls(corpus / "political-sample" / "articles.jsonl")
    articles = articles_by_url(corpus / "raw", {a["url"] for a in rows})
    assert set(articles) == {a["url"] for a in rows}
    for a in rows:
        assert articles[a["url"]]["zip"] == a["zip"], a
        assert check_span(str(articles[a["url"]]["content"]), a["start"], a["end"], a["span"]), a


@pytest.mark.shared
def test_held_out_labels_point_at_their_articles(shared_dir):
    _point_at_their_articles(read_annotations(HELDOUT), shared_dir)


# Labels made in session 15 and not trained on yet (the README says why): same criteria and checks.
PENDING = REPO / "tests" / "annotations" / "events_candidates.pending.jsonl"


def test_pending_labels_are_well_formed_and_new(labels):
    pending = read_annotations(PENDING, required=FIELDS, what="a pending labelled event candidate")
    assert len(pending) == 60
    _check_label_fields(pending)
    heldout = read_annotations(HELDOUT)
    # from training days only, and no article labelled before
    assert not {a["url"] for a in pending} & ({a["url"] for a in labels} | {a["url"] for a in heldout})
    assert {a["zip"] for a in pending} <= {a["zip"] for a in labels}


@pytest.mark.shared
def test_pending_labels_point_at_their_articles(shared_dir):
    _point_at_their_articles(read_annotations(PENDING), shared_dir)


HANDCHECK = REPO / "tests" / "annotations" / "events_handcheck.jsonl"
JUDGED = ("real_event", "root_ok", "source_ok", "target_ok", "triple_ok")


def test_hand_check_is_well_formed():
    rows = read_annotations(HANDCHECK, required=("url", "start", "end", "span", "cameo", "rule", *JUDGED))
    assert len(rows) >= 40
    assert len({r["cameo"][:2] for r in rows}) >= 10
    for r in rows:
        assert all(isinstance(r[k], bool) for k in JUDGED), r
        assert r["triple_ok"] == all(r[k] for k in JUDGED[:4]), r


@pytest.mark.shared
def test_hand_check_points_at_unlabelled_articles(shared_dir):
    rows = read_annotations(HANDCHECK)
    corpus = shared_dir / "data" / "corpora" / "saudinewsnet"
    sample = political_sample_urls(corpus / "political-sample" / "articles.jsonl")
    labelled = {a["url"] for a in read_annotations(ANNOTATIONS)}
    articles = articles_by_url(corpus / "raw", {r["url"] for r in rows})
    for r in rows:
        assert r["url"] not in sample and r["url"] not in labelled, r["url"]
        assert check_span(str(articles[r["url"]]["content"]), r["start"], r["end"], r["span"]), r
