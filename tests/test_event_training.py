"""Training the event model: learning from the annotators' votes and per-kind calibration."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("sklearn")
from scipy.sparse import csr_matrix  # noqa: E402

from marsad.evaluation import event_training as et  # noqa: E402
from marsad.stages.events.model import EventModel  # noqa: E402


def _toy(n: int = 200, seed: int = 3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5))
    logit = X @ np.array([2.0, -1.0, 0.5, 0.0, 0.0])
    y = (logit + rng.normal(scale=0.5, size=n) > 0.8).astype(int)
    return csr_matrix(X), y, logit


def test_binary_targets_give_the_plain_balanced_fit():
    X, y, _ = _toy()
    soft = et._fit_soft(X, y.astype(float), 1.0)
    plain = et._fit_lr(X, y, 1.0)
    assert np.allclose(soft.coef_, plain.coef_) and np.allclose(soft.intercept_, plain.intercept_)


def test_soft_targets_rank_by_the_share_of_votes():
    """Rows that only some annotators accepted sit between the unanimous yes and no."""
    rng = np.random.default_rng(0)
    groups = {1.0: 2.0, 0.5: 0.0, 0.0: -2.0}  # vote share -> the feature's centre
    X = np.concatenate([rng.normal(loc=c, size=(60, 1)) for c in groups.values()])
    t = np.repeat(list(groups), 60)
    lr = et._fit_soft(csr_matrix(X), t, 1.0)
    p = lr.predict_proba(csr_matrix(np.array([[2.0], [0.0], [-2.0]])))[:, 1]
    assert p[0] > p[1] > p[2]
    assert 0.2 < p[1] < 0.8  # balanced: the half-accepted rows are neither side


def test_vote_target(monkeypatch):
    yes = {"gold_is_event": True, "accept": 3, "total": 3}
    hard_no = {"gold_is_event": False, "accept": 2, "total": 4}
    ambiguous = {"gold_is_event": None, "accept": 2, "total": 3}
    monkeypatch.setattr(et, "VOTE_POWER", 0.0)
    assert [et.vote_target(r) for r in (yes, hard_no, ambiguous)] == [1.0, 0.0, None]
    monkeypatch.setattr(et, "VOTE_POWER", 1.0)
    monkeypatch.setattr(et, "VOTE_AMBIGUOUS", 0)
    assert [et.vote_target(r) for r in (yes, hard_no, ambiguous)] == [1.0, 0.5, None]
    monkeypatch.setattr(et, "VOTE_AMBIGUOUS", 1)
    assert et.vote_target(ambiguous) == pytest.approx(2 / 3)
    # records without votes keep their binary gold
    assert et.vote_target({"gold_is_event": False}) == 0.0


def test_each_gold_kind_has_its_own_calibration(monkeypatch, tmp_path):
    """Candidates of a gold type and of the other roots with the same raw score but different
    base rates get different confidences; the maps survive writing and loading the model."""
    monkeypatch.setattr(et, "CALIBRATE_BY_KIND", 1)
    rng = np.random.default_rng(1)
    p = np.tile(np.linspace(0.05, 0.95, 50), 2)
    kinds = ["ASSAULT"] * 50 + ["04"] * 50
    # ASSAULT candidates are real at about the raw score; the others at half of it
    y = (rng.random(100) < np.where(np.array(kinds) == "ASSAULT", p, p / 2)).astype(int)
    default, by_kind = et._fit_calibrations(p, y, kinds, ["ASSAULT", "PROTEST"])
    assert set(by_kind) == {"ASSAULT"}  # PROTEST has no candidates here
    out = et._calibrated(np.array([0.9, 0.9]), ["ASSAULT", "04"], default, by_kind)
    assert out[0] > out[1]
    model = et.TrainedModel(np.zeros(1 << et.BITS), 0.0, default[0], default[1], 0.3, 1.0, {}, by_kind)
    et.write_model(model, tmp_path / "events", clusters_spec={}, card={})
    loaded = EventModel(tmp_path / "events")
    assert loaded.calibrate(0.9, "ASSAULT") == pytest.approx(out[0], abs=1e-6)
    assert loaded.calibrate(0.9, "04") == pytest.approx(out[1], abs=1e-6)
    assert loaded.calibrate(0.9) == pytest.approx(out[1], abs=1e-6)


def test_without_per_kind_calibration_one_map_serves_all(monkeypatch):
    monkeypatch.setattr(et, "CALIBRATE_BY_KIND", 0)
    p = np.linspace(0.05, 0.95, 40)
    y = (p > 0.5).astype(int)
    default, by_kind = et._fit_calibrations(p, y, ["ASSAULT"] * 40, ["ASSAULT"])
    assert by_kind == {} and default[0].size
