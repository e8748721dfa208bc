"""The event model: shipped files, confidences in the pipeline, calibration, rebuild, CV floors."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from marsad import code_article
from marsad.errors import MarsadError
from marsad.settings import Settings
from marsad.stages.events.model import default_model_path, load_event_model

from .conftest import REPO

GATE = Path(__file__).resolve().parent / "quality_gate.json"


def test_shipped_model_loads_and_names_its_threshold():
    model = load_event_model()
    assert 0.0 < model.threshold < 1.0
    assert model.weights.shape == (1 << model.bits,) and np.count_nonzero(model.weights) > 1000
    # the isotonic map is a calibration: non-decreasing, inside [0, 1]
    for _, cy in [(model.calib_x, model.calib_y), *model.kind_calibrations.values()]:
        assert np.all(np.diff(cy) >= 0) and cy.min() >= 0 and cy.max() <= 1


def test_the_model_was_trained_with_the_word_clusters_it_reads():
    """A retrained NER model brings new clusters: the event model must then be retrained too."""
    config = json.loads((default_model_path() / "config.json").read_text(encoding="utf-8"))
    clusters = default_model_path().parent / config["clusters"]["path"]
    assert hashlib.sha256(clusters.read_bytes()).hexdigest() == config["clusters_sha256"]


def test_every_event_of_the_example_has_a_confidence(example_text):
    doc = code_article(example_text)
    assert doc.events
    for e in doc.events:
        assert e.confidence is not None and 0.0 <= e.confidence <= 1.0
        assert e.rule
    # the same candidates without a model: no confidence, nothing else changes
    bare = code_article(example_text, settings=Settings(event_model="none"))
    assert [(e.start, e.cameo, e.source, e.target) for e in bare.events] == \
        [(e.start, e.cameo, e.source, e.target) for e in doc.events]
    assert all(e.confidence is None for e in bare.events)


def test_a_plain_report_of_an_attack_passes_the_threshold():
    doc = code_article("قتل مسلحون خمسة جنود في هجوم على نقطة تفتيش للجيش شمال بغداد أمس.")
    assert max(e.confidence for e in doc.events if e.plover == "ASSAULT") >= load_event_model().threshold


def test_a_named_model_that_is_missing_is_a_clear_error(tmp_path):
    with pytest.raises(MarsadError, match="no event model"):
        code_article("هاجم مسلحون القرية.", settings=Settings(event_model=str(tmp_path / "nothing")))


@pytest.mark.shared
@pytest.mark.slow
def test_training_reproduces_the_shipped_model(shared_dir, tmp_path):
    pytest.importorskip("sklearn")
    out = tmp_path / "events"
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "train_event_model.py"), "--out", str(out)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    shipped = default_model_path()
    assert json.loads((out / "config.json").read_text()) == json.loads((shipped / "config.json").read_text())
    with np.load(out / "weights.npz") as a, np.load(shipped / "weights.npz") as b:
        assert sorted(a.files) == sorted(b.files)
        for key in a.files:
            assert np.array_equal(a[key], b[key]), key


@pytest.mark.shared
@pytest.mark.slow
def test_cross_validated_quality_floors(shared_dir):
    """Grouped 5-fold CV of the whole training procedure on the dev gold (and the annotated
    candidates), over the gate's three fold splits: the floors in the quality gate hold for the
    mean of the splits, and the model is ahead of the TF-IDF baseline of the same folds."""
    pytest.importorskip("sklearn")
    from marsad.evaluation.event_splits import GATE_SEEDS, cross_validate_splits
    from marsad.evaluation.event_training import read_clusters, training_set
    from marsad.evaluation.events import read_records
    from marsad.langdata.loader import load_langdata

    gate = json.loads(GATE.read_text(encoding="utf-8"))
    lang = load_langdata("ar")
    gold = shared_dir / "data" / "events" / "ar-gsr" / "detection.dev.jsonl"
    annotations = REPO / "tests" / "annotations" / "events_candidates.jsonl"
    raw = shared_dir / "data" / "corpora" / "saudinewsnet" / "raw"
    sentences, examples, _ = training_set(read_records(gold), lang=lang,
                                          annotations=annotations if annotations.is_file() else None, raw_dir=raw)
    config = json.loads((default_model_path() / "config.json").read_text(encoding="utf-8"))
    clusters, _ = read_clusters(default_model_path().parent / config["clusters"]["path"], config["clusters"]["level"])
    assert list(GATE_SEEDS) == list(range(gate["events_cv_splits"]))  # the splits of seeds 0, 1, 2
    cv = cross_validate_splits(examples, sentences, clusters, lang=lang, k=5, seeds=GATE_SEEDS, jobs=2)
    mean = cv["mean"]
    for figure in ("protest_full_f1", "assault_full_f1", "protest_clear_f1", "assault_clear_f1",
                   "protest_margin", "assault_margin", "annotations_precision_kept", "annotations_recall_kept"):
        assert mean[figure] is not None and mean[figure] >= gate[f"events_cv_mean_{figure}"], (figure, cv["figures"])
    # calibration, pooled over the splits: where there are enough candidates, the real share is
    # near the confidence
    for row in cv["calibration"]:
        if row["n"] >= 120:
            assert abs(row["real"] - row["mean_confidence"]) <= gate["events_calibration_max_gap"], row
