"""Cross-validation over several fold splits (evaluation/event_splits.py): the mean the gate reads."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import marsad.evaluation.event_splits as splits
from marsad.cli import root


def fake_cv(protest: float, assault: float, kept_p: float, base: float, bins: list[tuple[int, float, float]]):
    return {
        "model": {"full": {"PROTEST": {"f1": protest}, "ASSAULT": {"f1": assault}},
                  "clear": {"PROTEST": {"f1": protest + 0.1}, "ASSAULT": {"f1": assault + 0.1}}},
        "baseline_tfidf": {"PROTEST": {"full": {"f1": base}}, "ASSAULT": {"full": {"f1": base}}},
        "annotations": {"precision_kept": kept_p, "recall_kept": 0.7},
        "calibration": [{"bin": f"{b}", "n": n, "mean_confidence": c if n else None, "real": r if n else None}
                        for b, (n, c, r) in enumerate(bins)],
    }


SPLITS = {
    0: fake_cv(0.6, 0.7, 0.6, 0.3, [(10, 0.1, 0.0), (0, 0, 0)]),
    1: fake_cv(0.5, 0.6, 0.5, 0.3, [(30, 0.2, 0.4), (0, 0, 0)]),
    2: fake_cv(0.4, 0.8, 0.7, 0.3, [(0, 0, 0), (5, 0.9, 1.0)]),
}


@pytest.fixture
def fake_splits(monkeypatch):
    seen = []

    def cross_validate(examples, sentences, clusters, *, lang, k, seed, baseline):
        seen.append(seed)
        return json.loads(json.dumps(SPLITS[seed]))

    monkeypatch.setattr(splits, "cross_validate", cross_validate)
    return seen


def test_the_mean_is_over_every_split(fake_splits):
    cv = splits.cross_validate_splits([], [], {}, lang=None, k=5, seeds=(0, 1, 2))
    assert fake_splits == [0, 1, 2] and cv["seeds"] == [0, 1, 2]
    assert [s["seed"] for s in cv["splits"]] == [0, 1, 2]
    mean = cv["mean"]
    assert mean["protest_full_f1"] == 0.5 and mean["assault_full_f1"] == 0.7
    assert mean["protest_clear_f1"] == 0.6 and mean["annotations_precision_kept"] == 0.6
    assert mean["protest_margin"] == 0.2 and mean["assault_margin"] == 0.4
    # pooled calibration: each bin holds every split's candidates, weighted by their number
    first, second = cv["calibration"]
    assert first["n"] == 40 and first["mean_confidence"] == pytest.approx(0.175)
    assert first["real"] == pytest.approx(0.3)
    assert second == {"bin": "1", "n": 5, "mean_confidence": 0.9, "real": 1.0}


def test_forked_splits_give_the_same_figures(fake_splits):
    alone = splits.cross_validate_splits([], [], {}, lang=None, k=5, seeds=(0, 1, 2))
    forked = splits.cross_validate_splits([], [], {}, lang=None, k=5, seeds=(0, 1, 2), jobs=2)
    assert forked == alone


def test_a_failing_split_is_an_error_not_a_missing_split(monkeypatch):
    def broken(*a, seed, **kw):
        if seed == 1:
            raise ValueError("no positives in a fold")
        return json.loads(json.dumps(SPLITS[seed]))

    monkeypatch.setattr(splits, "cross_validate", broken)
    with pytest.raises(RuntimeError, match="no positives in a fold"):
        splits.cross_validate_splits([], [], {}, lang=None, k=5, seeds=(0, 1, 2), jobs=2)
    with pytest.raises(ValueError, match="at least one seed"):
        splits.cross_validate_splits([], [], {}, lang=None, seeds=())


def test_a_missing_figure_leaves_the_mean_unknown(fake_splits):
    del SPLITS[2]["annotations"]["recall_kept"]
    try:
        cv = splits.cross_validate_splits([], [], {}, lang=None, seeds=(0, 1, 2))
    finally:
        SPLITS[2]["annotations"]["recall_kept"] = 0.7
    assert cv["mean"]["annotations_recall_kept"] is None  # not the mean of the two that have it


def test_cli_repeated_cv_seed_reports_each_split_and_the_mean(tmp_path, monkeypatch, fake_splits):
    import marsad.evaluation.event_training as training

    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"text": "تظاهر آلاف الطلاب في القاهرة أمس.", "event_type": "PROTEST",
                                "gold_is_event": True}, ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.setattr(training, "training_set", lambda records, **kw: ([], [], 0))
    args = ["eval", "events", str(gold), "--cv", "5", "--cv-seed", "0", "--cv-seed", "2"]
    result = CliRunner().invoke(root, args)
    assert result.exit_code == 0, result.output
    cv = json.loads(result.output)["cv"]
    assert fake_splits == [0, 2] and cv["seeds"] == [0, 2] and cv["mean"]["protest_full_f1"] == 0.5
    result = CliRunner().invoke(root, [*args, "--cv-seed", "2"])
    assert result.exit_code == 2 and "names a split twice" in result.output and "Traceback" not in result.output
