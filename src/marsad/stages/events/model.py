"""The event model: a confidence in [0, 1] that a pattern candidate is a real event of its root.

Features (hashed into ``2**bits`` buckets with CRC-32, so the shipped model is one weight vector)
describe the candidate — its rule, CAMEO code and root, trigger forms and part of speech,
modality, negation, quote, whether it has a source and a target and of which role — the words
around the trigger with their unsupervised word clusters (learned from SaudiNewsNet for the NER
model), and the words and character n-grams of its sentence, each also conjoined with the root
so that one model serves every root. A logistic regression over them (trained by
``scripts/train_event_model.py`` with scikit-learn) gives a score that an isotonic map, fitted on
cross-validated scores, turns into a calibrated confidence. Inference is numpy only.

The model is stacked: for each event type with sentence gold (PROTEST, ASSAULT), a sentence
classifier over the same sentence block scores "this sentence reports such an event", and that
score is one more feature of the candidates of the type (``<type>|sent_z``). The sentence gold
labels whole sentences, so a sentence classifier learns from every labelled sentence, also those
whose candidates are few, and the candidate model weighs it against the trigger's own evidence.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ...errors import MarsadError
from ..segment import Token

__all__ = [
    "FEATURE_VERSION", "CandidateView", "candidate_features", "sentence_block", "hash_features", "EventModel",
    "view_from_tokens", "role_of",
    "load_event_model", "default_model_path",
]

FEATURE_VERSION = 3
WINDOW = 4  # words either side of the trigger
CHAR_NGRAMS = (2, 5)


def default_model_path() -> Path:
    return Path(__file__).resolve().parents[2] / "models" / "events"


@dataclass(frozen=True, slots=True)
class CandidateView:
    """What the model sees of one candidate (built by the stage, or by training from a Document)."""

    rule: str
    cameo: str
    kind: str  # what the features are conjoined with: the PLOVER type of the code, else its root
    pos: str  # "verb" / "noun" / "present"
    modality: str
    negated: bool
    in_quote: bool
    source_role: str  # the role part of the source's code ("GOV", "MIL", "" for a bare country), "-" none
    target_role: str
    trigger: tuple[str, ...]  # normalized forms of the trigger tokens (first form of each)
    stems: tuple[str, ...]  # their shortest clitic-stripped forms
    left: tuple[str, ...]  # normalized words before the trigger, nearest first
    right: tuple[str, ...]  # ... and after it
    sentence: tuple[str, ...]  # normalized words of the sentence
    has_number: bool


def role_of(code: str | None) -> str:
    if not code:
        return "-"
    # the primary role only: a named group's suffix (YEMREBHTH -> REB) is too rare to learn from
    return code[3:6] if len(code) > 3 and code[:3].isupper() else code


def view_from_tokens(tokens: Sequence[Token], lo: int, hi: int, first: int, last: int, *, rule: str, cameo: str,
                     kind: str, pos: str, modality: str, negated: bool, in_quote: bool, source: str | None,
                     target: str | None) -> CandidateView:
    words = [t for t in tokens[first:last] if t.is_word]
    return CandidateView(
        rule=rule, cameo=cameo, kind=kind, pos=pos, modality=modality, negated=negated, in_quote=in_quote,
        source_role=role_of(source), target_role=role_of(target),
        trigger=tuple(t.forms[0] for t in tokens[lo:hi + 1]),
        stems=tuple(t.forms[-1] for t in tokens[lo:hi + 1]),
        left=tuple(t.forms[0] for t in reversed(tokens[max(first, lo - WINDOW):lo]) if t.is_word),
        right=tuple(t.forms[0] for t in tokens[hi + 1:min(last, hi + 1 + WINDOW)] if t.is_word),
        sentence=tuple(t.forms[0] for t in words),
        has_number=any(t.is_number for t in tokens[first:last]),
    )


def candidate_features(view: CandidateView, clusters: dict[str, str], block: dict[str, float] | None = None, *,
                       sentence_weight: float = 1.0, sentence_z: float | None = None) -> dict[str, float]:
    """Named features of a candidate (before hashing); ``block``: its sentence's, when already
    built, its features scaled by ``sentence_weight``; ``sentence_z``: the (scaled) score of the
    sentence classifier of the candidate's type, when it has one."""
    root = view.kind
    f: dict[str, float] = {}

    def add(name: str, value: float = 1.0, *, conj: bool = True) -> None:
        f[name] = f.get(name, 0.0) + value
        if conj:
            key = root + "|" + name
            f[key] = f.get(key, 0.0) + value

    add("bias")
    add("root=" + view.cameo[:2])
    add("rule=" + view.rule, conj=False)
    add("cameo=" + view.cameo, conj=False)
    add("pos=" + view.pos)
    add("mod=" + view.modality)
    add(f"neg={view.negated}")
    add(f"quote={view.in_quote}")
    add("src=" + view.source_role)
    add("tgt=" + view.target_role)
    add(f"num={view.has_number}")
    for w in view.trigger:
        add("trig=" + w)
    for w in view.stems:
        add("stem=" + w)
    for side, words in (("L", view.left), ("R", view.right)):
        for k, w in enumerate(words):
            add(f"{side}={w}")
            if k < 2:
                add(f"{side}{k}={w}")
            c = clusters.get(w)
            if c is not None:
                add(f"{side}c={c}")
    for k, v in (block if block is not None else sentence_block(view.sentence)).items():
        add(k, v * sentence_weight)
    if sentence_z is not None:
        f[root + "|sent_z"] = sentence_z
    return f


def sentence_block(sentence: Sequence[str]) -> dict[str, float]:
    """The sentence's words, bigrams and character n-grams: sublinear counts, L2 per kind."""
    words: dict[str, float] = {}
    chars: dict[str, float] = {}
    prev = ""
    lo, hi = CHAR_NGRAMS
    for w in sentence:
        words["w=" + w] = words.get("w=" + w, 0.0) + 1.0
        if prev:
            key = "b=" + prev + " " + w
            words[key] = words.get(key, 0.0) + 1.0
        prev = w
        padded = " " + w + " "
        for n in range(lo, hi + 1):
            for k in range(len(padded) - n + 1):
                key = "c=" + padded[k:k + n]
                chars[key] = chars.get(key, 0.0) + 1.0
    out: dict[str, float] = {}
    for kind in (words, chars):
        scaled = {k: 1.0 + math.log(v) for k, v in kind.items()}
        norm = math.sqrt(sum(v * v for v in scaled.values())) or 1.0
        out.update((k, v / norm) for k, v in scaled.items())
    return out


def hash_features(features: dict[str, float], bits: int) -> tuple[np.ndarray, np.ndarray]:
    """(indices, values) of the hashed feature vector; colliding names add up."""
    mask = (1 << bits) - 1
    acc: dict[int, float] = {}
    for name, value in features.items():
        h = zlib.crc32(name.encode("utf-8")) & mask
        acc[h] = acc.get(h, 0.0) + value
    idx = np.fromiter(acc.keys(), dtype=np.int64, count=len(acc))
    val = np.fromiter(acc.values(), dtype=np.float64, count=len(acc))
    return idx, val


class EventModel:
    """A trained weight vector, its isotonic calibration and the threshold chosen by CV."""

    def __init__(self, folder: Path) -> None:
        folder = Path(folder)
        config_path, weights_path = folder / "config.json", folder / "weights.npz"
        if not config_path.is_file() or not weights_path.is_file():
            raise MarsadError(f"no event model at {folder}")
        self.folder = folder
        self.config = json.loads(config_path.read_text(encoding="utf-8"))
        if self.config.get("feature_version") != FEATURE_VERSION:
            raise MarsadError(f"event model at {folder} has feature version "
                              f"{self.config.get('feature_version')}, this code reads {FEATURE_VERSION}")
        with np.load(weights_path) as data:
            self.bits = int(data["bits"])
            self.weights = np.zeros(1 << self.bits, dtype=np.float64)
            self.weights[data["index"]] = data["value"]
            self.intercept = float(data["intercept"])
            self.calib_x = np.asarray(data["calib_x"], dtype=np.float64)
            self.calib_y = np.asarray(data["calib_y"], dtype=np.float64)
            self.kind_calibrations = _kind_calibrations(data)
            self.sentence_models = _sentence_models(data, self.bits)
        self.threshold = float(self.config["threshold"])
        self.sentence_weight = float(self.config.get("sentence_weight", 1.0))
        self.sentence_scale = float(self.config.get("sentence_scale", 1.0))
        self.clusters = _read_clusters(folder, self.config.get("clusters"))

    def raw_score(self, features: dict[str, float]) -> float:
        idx, val = hash_features(features, self.bits)
        z = self.intercept + float(self.weights[idx] @ val)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def calibrate(self, p: float, kind: str | None = None) -> float:
        """The calibrated confidence of raw score ``p``: the kind's own isotonic map (the gold
        event types have one each), else the shared map of the other kinds."""
        cx, cy = self.kind_calibrations.get(kind or "", (self.calib_x, self.calib_y))
        if cx.size == 0:
            return p
        return float(np.interp(p, cx, cy))

    def sentence_z(self, kind: str, block: dict[str, float]) -> float | None:
        """The scaled score of the sentence classifier of ``kind`` (None: it has none)."""
        model = self.sentence_models.get(kind)
        if model is None:
            return None
        weights, intercept = model
        idx, val = hash_features(block, self.bits)
        return self.sentence_scale * (intercept + float(weights[idx] @ val))

    def confidence(self, view: CandidateView, block: dict[str, float] | None = None, *,
                   sentence_z: dict[str, float | None] | None = None) -> float:
        """``sentence_z``: a memo of :meth:`sentence_z` by kind for the view's sentence (filled here)."""
        if block is None:
            block = sentence_block(view.sentence)
        memo = {} if sentence_z is None else sentence_z
        if view.kind not in memo:
            memo[view.kind] = self.sentence_z(view.kind, block)
        features = candidate_features(view, self.clusters, block, sentence_weight=self.sentence_weight,
                                      sentence_z=memo[view.kind])
        return round(self.calibrate(self.raw_score(features), view.kind), 4)


def _kind_calibrations(data) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """kind -> (x, y) of the per-kind isotonic maps in ``weights.npz`` (none in older models)."""
    if "calib_kinds" not in data:
        return {}
    offsets = data["calib_offsets"]
    return {str(kind): (np.asarray(data["calib_kx"][offsets[n]:offsets[n + 1]], dtype=np.float64),
                        np.asarray(data["calib_ky"][offsets[n]:offsets[n + 1]], dtype=np.float64))
            for n, kind in enumerate(data["calib_kinds"])}


def _sentence_models(data, bits: int) -> dict[str, tuple[np.ndarray, float]]:
    """kind -> (dense weights, intercept) of the stacked sentence classifiers in ``weights.npz``."""
    if "sent_kinds" not in data:
        return {}
    out = {}
    offsets = data["sent_offsets"]
    for n, kind in enumerate(str(k) for k in data["sent_kinds"]):
        weights = np.zeros(1 << bits, dtype=np.float64)
        lo, hi = int(offsets[n]), int(offsets[n + 1])
        weights[data["sent_index"][lo:hi]] = data["sent_value"][lo:hi]
        out[kind] = (weights, float(data["sent_intercepts"][n]))
    return out


def _read_clusters(folder: Path, spec: dict | None) -> dict[str, str]:
    """word -> cluster id, from the table named in the config (relative to the models folder)."""
    if not spec:
        return {}
    path = (folder.parent / spec["path"]).resolve()
    level = int(spec.get("level", 1))
    out: dict[str, str] = {}
    if not path.is_file():
        raise MarsadError(f"event model at {folder} needs word clusters at {path}")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) > level:
                out[parts[0]] = parts[level]
    return out


@lru_cache(maxsize=4)
def _load(path: str) -> EventModel:
    return EventModel(Path(path))


def load_event_model(path: str | Path | None = None) -> EventModel:
    """The model in folder ``path``, default the shipped one; cached per process and path."""
    return _load(str(Path(path).resolve() if path is not None else default_model_path()))
