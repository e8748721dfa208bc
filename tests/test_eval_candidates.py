"""``marsad eval candidates``: hand-labelled pattern candidates scored with the shipped model.
The scorer on a synthetic case with known answers, bad input as one-line errors, and the floors
of the held-out labels (tests/annotations/events_candidates_heldout.jsonl: never trained on)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from marsad.cli import root
from marsad.errors import InputError
from marsad.evaluation.candidates import (
    CandidateLabel,
    match_candidate,
    read_candidate_labels,
    score_candidates,
)
from marsad.model import Event

from .annotation_helpers import ONE_ARTICLE_TEXT, write_one_article_corpus
from .conftest import REPO

HELDOUT = REPO / "tests" / "annotations" / "events_candidates_heldout.jsonl"
URL = "http://example.org/a/1"
TEXT = ONE_ARTICLE_TEXT


def _event(start: int, end: int, cameo: str, confidence: float | None) -> Event:
    return Event(id="v1", sentence=0, start=start, end=end, text="x" * (end - start), source=None, target=None,
                 cameo=cameo, root=cameo[:2], plover="", modality="asserted", negated=False, date=None,
                 rule="r", confidence=confidence)


def _label(start: int, end: int, cameo: str, real: bool) -> CandidateLabel:
    return CandidateLabel(url=URL, start=start, end=end, span="x" * (end - start), cameo=cameo, real=real)


def test_match_takes_the_most_confident_overlapping_event_of_the_root():
    events = [_event(0, 4, "111", 0.2), _event(2, 8, "112", 0.6), _event(0, 4, "190", 0.9), _event(9, 12, "111", 1.0)]
    assert match_candidate(_label(3, 5, "110", True), events).confidence == 0.6
    assert match_candidate(_label(12, 14, "111", True), events) is None


def test_scores_a_synthetic_case_with_known_answers():
    pairs = [(_label(0, 2, "111", True), _event(0, 2, "111", 0.9)),    # real, passing
             (_label(3, 5, "111", False), _event(3, 5, "111", 0.7)),   # not real, passing
             (_label(6, 8, "190", True), _event(6, 8, "190", 0.1)),    # real, below
             (_label(9, 11, "190", True), None)]                       # real, unmatched
    out = score_candidates(pairs, threshold=0.5)
    assert (out["labelled"], out["unmatched"], out["real"], out["passing"]) == (4, 1, 3, 2)
    assert out["precision"] == 0.5 and out["recall"] == round(1 / 3, 4)
    assert out["by_root"]["19"] == {"labelled": 2, "real": 2, "passing": 0, "real_passing": 0}
    assert sum(b["n"] for b in out["calibration"]) == 3


def test_reader_names_the_bad_line(tmp_path):
    good = {"url": URL, "start": 0, "end": 4, "span": "أدان", "cameo": "111", "real_event": True, "root_ok": True}
    path = tmp_path / "labels.jsonl"
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n" + json.dumps(dict(good, span="أد"), ensure_ascii=False)
                    + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2: span must be the text between start and end"):
        read_candidate_labels(path)
    path.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(InputError, match="no labelled candidates"):
        read_candidate_labels(path)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, lang):
    from marsad.pipeline import code_article

    tmp = tmp_path_factory.mktemp("candidates")
    raw = write_one_article_corpus(tmp, url=URL)
    ev = code_article(TEXT, published="2015-08-10", lang=lang).events[0]
    at = TEXT.index("تدعم")
    rows = [{"url": URL, "outlet": "example", "start": ev.start, "end": ev.end, "span": TEXT[ev.start:ev.end],
             "cameo": ev.cameo, "real_event": True, "root_ok": True},
            {"url": URL, "outlet": "example", "start": at, "end": at + 4, "span": "تدعم", "cameo": "190",
             "real_event": False, "root_ok": False}]
    labels = tmp / "labels.jsonl"
    labels.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return raw, labels


def test_cli_scores_labels_and_bad_input_is_one_line(corpus, tmp_path):
    raw, labels = corpus
    runner = CliRunner()
    result = runner.invoke(root, ["eval", "candidates", str(labels), "--corpus", str(raw), "--min-confidence", "0"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert (out["labelled"], out["unmatched"], out["real"], out["passing"], out["precision"]) == (2, 1, 1, 1, 1.0)
    result = runner.invoke(root, ["eval", "candidates", str(labels), "--corpus", str(raw), "--min-confidence", "x"])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    result = runner.invoke(root, ["eval", "candidates", str(labels), "--corpus", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "corpus not found at" in result.output and "Traceback" not in result.output


@pytest.mark.shared
def test_heldout_candidates_floors(shared_dir):
    """Labels of days nothing trains on: precision and recall at the model's threshold."""
    from marsad.evaluation.candidates import evaluate_candidates

    gate = json.loads((REPO / "tests" / "quality_gate.json").read_text(encoding="utf-8"))
    out = evaluate_candidates(HELDOUT, shared_dir / "data" / "corpora" / "saudinewsnet" / "raw")
    assert out["labelled"] >= 150 and out["unmatched"] <= 0.1 * out["labelled"], out
    assert out["precision"] >= gate["events_heldout_candidates_precision"], out
    assert out["recall"] >= gate["events_heldout_candidates_recall"], out
