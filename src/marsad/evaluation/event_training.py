"""Training and cross-validating the event model (scikit-learn at training time only).

Examples are pattern candidates with a label "real event of its root":

* from the Arabic event gold (``detection.dev.jsonl``): the candidates of a sentence whose CAMEO
  code maps to the record's PLOVER type and that report an occurrence (a PLOVER type is set)
  take the sentence's gold label; ambiguous records are left out;
* from hand annotations of SaudiNewsNet candidates (``tests/annotations/events_candidates.jsonl``):
  ``real_event and root_ok``, matched to the candidate by offsets and CAMEO root.

Folds are grouped: gold sentences that are near-duplicates (word 3-gram Jaccard above 0.5) and
candidates of one article always sit on the same side. ``train`` first fits, per gold event
type, a sentence classifier on all the type's labelled sentences (its out-of-fold score is a
feature of the training candidates: stacking), then the logistic regression on hashed features, an isotonic calibration on out-of-fold scores and the threshold that maximises
the mean sentence-detection F1 of the gold types on those scores; ``cross_validate`` repeats the
whole procedure inside each outer fold and scores the held-out fold, beside a TF-IDF baseline
trained and scored on the same folds.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import MarsadError
from ..langdata.loader import LangData
from ..model import Event
from ..settings import Settings
from ..stages.events import event_candidates
from ..stages.events.candidates import cameo_entry
from ..stages.events.model import (
    FEATURE_VERSION,
    CandidateView,
    candidate_features,
    hash_features,
    sentence_block,
)
from .corpus import articles_by_url, read_annotations
from .events import count_outcome, prf

__all__ = [
    "Example", "gold_examples", "annotation_examples", "near_duplicate_groups", "train", "cross_validate",
    "TrainedModel", "write_model", "training_set", "read_clusters",
]

BITS = 18
C_GRID = (0.3, 1.0, 3.0, 10.0)
SENTENCE_C = 10.0  # the sentence classifiers' regularisation
SENTENCE_SCALE = 0.5  # their logit, scaled, is the candidate feature "<type>|sent_z"
SENTENCE_WEIGHT = 3.0  # the candidate model's sentence words and n-grams, scaled (less shrunk)
ANNOTATION_WEIGHT = 0.5  # the hand-labelled candidates' sample weight beside the gold's (1.0)
# Learning from the annotators' votes: a gold record's target is its share of accepting votes
# raised to VOTE_POWER (0: the binary gold), and with VOTE_AMBIGUOUS the ambiguous records (no
# binary gold) are trained on too. The figures that count stay the binary gold's.
VOTE_POWER = 1.0
VOTE_AMBIGUOUS = 1
CALIBRATE_BY_KIND = 1  # one isotonic map per gold type, one for the other kinds


@dataclass
class Example:
    view: CandidateView
    label: int
    group: str  # fold group
    source: str  # "gold" / "annotation"
    record: int = -1  # index of its gold detection record (gold examples)
    event: Event | None = None
    target: float | None = None  # the soft training target (vote share), when not the label


@dataclass
class GoldSentence:
    """A detection record with the candidates coded in it."""

    rec: dict[str, Any]
    group: str
    candidates: list[tuple[Event, CandidateView]] = field(default_factory=list)
    words: tuple[str, ...] = ()  # normalized words of the record (for the sentence classifier)
    typed: list[tuple[Event, CandidateView]] | None = None  # memo of typed()


def _require_sklearn():
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise MarsadError("training the event model needs scikit-learn: pip install -e '.[train]'") from None


def code_candidates(text: str, *, lang: LangData, settings: Settings, published: str | None = None
                    ) -> list[tuple[Event, CandidateView]]:
    return _code(text, lang=lang, settings=settings, published=published)[0]


def _code(text: str, *, lang: LangData, settings: Settings, published: str | None = None
          ) -> tuple[list[tuple[Event, CandidateView]], tuple[str, ...]]:
    """The candidates of ``text`` and its normalized words."""
    from ..pipeline import run_stages

    state = run_stages(text, header={"published": published} if published else None, lang=lang,
                       settings=settings, until="events")
    pairs = event_candidates(state["text"], state["norm"], state["seg"], state["meta"], state["times"],
                             state["entity_index"], state["quotes"], lang=lang, settings=settings)
    return pairs, tuple(t.forms[0] for t in state["seg"].tokens if t.is_word)


def near_duplicate_groups(texts: Sequence[str], threshold: float = 0.5) -> dict[str, str]:
    """text -> group representative: texts whose word 3-gram Jaccard exceeds ``threshold`` are
    joined (transitively)."""
    def shingles(t: str) -> set[tuple[str, ...]]:
        w = re.findall(r"\w+", t)
        return set(zip(w, w[1:], w[2:], strict=False)) or {tuple(w)}

    uniq = sorted(set(texts))
    sh = {t: shingles(t) for t in uniq}
    parent = {t: t for t in uniq}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    inverted: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for t in uniq:
        for g in sh[t]:
            inverted[g].append(t)
    for t in uniq:
        shared = Counter(u for g in sh[t] for u in inverted[g] if u != t and len(inverted[g]) < 50)
        for u, n in shared.items():
            if n / len(sh[t] | sh[u]) > threshold:
                parent[find(t)] = find(u)
    return {t: find(t) for t in uniq}


def gold_sentences(records: Sequence[dict[str, Any]], *, lang: LangData, settings: Settings) -> list[GoldSentence]:
    groups = near_duplicate_groups([str(r["text"]) for r in records])
    cache: dict[str, tuple[list[tuple[Event, CandidateView]], tuple[str, ...]]] = {}
    out = []
    for rec in records:
        text = str(rec["text"])
        if text not in cache:
            cache[text] = _code(text, lang=lang, settings=settings)
        out.append(GoldSentence(rec, "g:" + groups[text], *cache[text]))
    return out


def typed(lang: LangData, sentence: GoldSentence) -> list[tuple[Event, CandidateView]]:
    """The candidates of the record's PLOVER type that report an occurrence."""
    if sentence.typed is None:
        etype = sentence.rec["event_type"]
        sentence.typed = [(e, v) for e, v in sentence.candidates
                          if e.plover == etype and cameo_entry(lang, e.cameo).get("plover") == etype]
    return sentence.typed


def gold_examples(sentences: Sequence[GoldSentence], *, lang: LangData) -> list[Example]:
    out = []
    for n, s in enumerate(sentences):
        gold = s.rec.get("gold_is_event")
        if gold is None:
            continue
        target = vote_target(s.rec)
        for e, v in typed(lang, s):
            out.append(Example(v, int(bool(gold)), s.group, "gold", n, e,
                               None if target == float(bool(gold)) else target))
    return out


def _vote_only_examples(sentences: Sequence[GoldSentence], *, lang: LangData) -> list[Example]:
    """The candidates of records with votes but no binary gold (VOTE_AMBIGUOUS): trained on with
    their vote share, never calibrated or judged on."""
    out = []
    for n, s in enumerate(sentences):
        if s.rec.get("gold_is_event") is not None:
            continue
        target = vote_target(s.rec)
        if target is None:
            continue
        for e, v in typed(lang, s):
            out.append(Example(v, 0, s.group, "vote", n, e, target))
    return out


def annotation_examples(path: str | Path, raw_dir: str | Path, *, lang: LangData, settings: Settings
                        ) -> tuple[list[Example], int]:
    """Examples from hand-labelled candidates; also the number of labels whose candidate the
    current patterns no longer produce (they cannot be used)."""
    labels = read_annotations(path)
    articles = articles_by_url(raw_dir, {str(a["url"]) for a in labels})
    by_url: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in labels:
        by_url[str(a["url"])].append(a)
    out: list[Example] = []
    unmatched = 0
    for url in sorted(by_url):
        rec = articles.get(url)
        if rec is None:
            unmatched += len(by_url[url])
            continue
        published = str(rec.get("date_extracted") or "")[:10] or None
        pairs = code_candidates(str(rec["content"]), lang=lang, settings=settings, published=published)
        by_root: dict[str, list[tuple[Event, CandidateView]]] = defaultdict(list)
        for e, v in pairs:
            by_root[e.cameo[:2]].append((e, v))
        for a in by_url[url]:
            # the candidate of the labelled root over the labelled span: a pattern that now also
            # takes a word beside the trigger ("التحقيق مع") still codes the same candidate
            start, end = int(a["start"]), int(a["end"])
            hit = next((p for p in by_root.get(str(a["cameo"])[:2], ()) if p[0].start < end and start < p[0].end), None)
            if hit is None:
                unmatched += 1
                continue
            label = int(bool(a.get("real_event")) and bool(a.get("root_ok")))
            out.append(Example(hit[1], label, ANNOTATION_GROUP + url, "annotation", -1, hit[0]))
    return out, unmatched


def training_set(records: Sequence[dict[str, Any]], *, lang: LangData, annotations: str | Path | None = None,
                 raw_dir: str | Path | None = None) -> tuple[list[GoldSentence], list[Example], int]:
    """The gold sentences (detection records only), their examples plus the annotated ones, and
    the number of annotations whose candidate the patterns no longer produce."""
    settings = Settings(event_model="none")  # the views do not depend on a model
    detection = [r for r in records if "gold_is_event" in r]
    sentences = gold_sentences(detection, lang=lang, settings=settings)
    examples = gold_examples(sentences, lang=lang)
    unmatched = 0
    if annotations is not None:
        if raw_dir is None or not Path(raw_dir).is_dir():
            raise MarsadError(f"the annotated articles' corpus is not at {raw_dir}", path=str(annotations))
        extra, unmatched = annotation_examples(annotations, raw_dir, lang=lang, settings=settings)
        examples += extra
    return sentences, examples, unmatched


def read_clusters(path: str | Path, level: int) -> tuple[dict[str, str], str]:
    """word -> cluster id at ``level`` of a clusters table, and the table's sha256."""
    import hashlib

    data = Path(path).read_bytes()
    out: dict[str, str] = {}
    for line in data.decode("utf-8").splitlines():
        if line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) > level:
            out[parts[0]] = parts[level]
    return out, hashlib.sha256(data).hexdigest()


# --- fitting -------------------------------------------------------------------------------------

def _matrix(views: Sequence[CandidateView], clusters: dict[str, str], sentence_z: dict[int, float] | None = None):
    """Hashed candidate features, one row per view (``sentence_z``: by id of the view)."""
    from scipy.sparse import csr_matrix

    rows, cols, vals = [], [], []
    z = sentence_z or {}
    for n, v in enumerate(views):
        features = candidate_features(v, clusters, sentence_weight=SENTENCE_WEIGHT, sentence_z=z.get(id(v)))
        idx, val = hash_features(features, BITS)
        rows.append(np.full(len(idx), n))
        cols.append(idx)
        vals.append(val)
    if not views:
        return csr_matrix((0, 1 << BITS))
    return csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(len(views), 1 << BITS))


def _block_matrix(sentences: Sequence[tuple[str, ...]]):
    """Hashed sentence blocks, one row per sentence (the sentence classifiers' input)."""
    from scipy.sparse import csr_matrix

    rows, cols, vals = [], [], []
    for n, words in enumerate(sentences):
        idx, val = hash_features(sentence_block(words), BITS)
        rows.append(np.full(len(idx), n))
        cols.append(idx)
        vals.append(val)
    if not sentences:
        return csr_matrix((0, 1 << BITS))
    return csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                      shape=(len(sentences), 1 << BITS))


SentenceModels = dict[str, tuple[np.ndarray, float]]  # event type -> (weights, intercept)


def vote_target(rec: dict[str, Any]) -> float | None:
    """A gold record's training target: the binary gold, or (VOTE_POWER > 0) its share of
    accepting votes raised to that power; ambiguous records count only with VOTE_AMBIGUOUS."""
    gold = rec.get("gold_is_event")
    total = rec.get("total") or 0
    if VOTE_POWER <= 0 or not total:
        return None if gold is None else float(bool(gold))
    if gold is None and not VOTE_AMBIGUOUS:
        return None
    return (float(rec.get("accept") or 0) / float(total)) ** VOTE_POWER


def _labelled_by_type(sentences: Sequence[GoldSentence]) -> dict[str, list[GoldSentence]]:
    out: dict[str, list[GoldSentence]] = defaultdict(list)
    for s in sentences:
        if vote_target(s.rec) is not None and s.words:
            out[s.rec["event_type"]].append(s)
    return dict(sorted(out.items()))


def _fit_sentence(items: Sequence[GoldSentence]) -> tuple[np.ndarray, float] | None:
    t = np.array([vote_target(s.rec) for s in items], dtype=np.float64)
    if not (t > 0).any() or not (t < 1).any():
        return None
    lr = _fit_soft(_block_matrix([s.words for s in items]), t, SENTENCE_C)
    return lr.coef_[0].astype(np.float64), float(lr.intercept_[0])


def _sentence_logit(model: tuple[np.ndarray, float], words: tuple[str, ...]) -> float:
    idx, val = hash_features(sentence_block(words), BITS)
    return model[1] + float(model[0][idx] @ val)


def fit_sentence_models(sentences: Sequence[GoldSentence]) -> SentenceModels:
    """One sentence classifier per gold event type, on all its labelled sentences."""
    out = {}
    for etype, items in _labelled_by_type(sentences).items():
        m = _fit_sentence(items)
        if m is not None:
            out[etype] = m
    return out


def sentence_scores(models: SentenceModels, views: Sequence[CandidateView]) -> dict[int, float]:
    """The scaled sentence score of each view whose kind has a sentence classifier (by id)."""
    cache: dict[tuple[str, tuple[str, ...]], float] = {}
    out = {}
    for v in views:
        m = models.get(v.kind)
        if m is None:
            continue
        key = (v.kind, v.sentence)
        if key not in cache:
            cache[key] = SENTENCE_SCALE * _sentence_logit(m, v.sentence)
        out[id(v)] = cache[key]
    return out


def _stacked_scores(examples: Sequence[Example], sentences: Sequence[GoldSentence], *, lang: LangData, k: int,
                    seed: int) -> tuple[SentenceModels, dict[int, float]]:
    """The sentence classifiers fitted on all ``sentences``, and the training examples' sentence
    scores: out-of-fold (grouped ``k`` folds) for the gold sentences' candidates, so that the
    candidate model learns how far to trust a score on sentences the classifier has not seen;
    the full classifiers' for the others (annotated candidates: their articles are not gold)."""
    models = fit_sentence_models(sentences)
    z = sentence_scores(models, [e.view for e in examples])
    for etype, items in _labelled_by_type(sentences).items():
        if etype not in models:
            continue
        folds = group_folds([s.group for s in items], k, seed)
        for f in range(k):
            inner = _fit_sentence([s for s, q in zip(items, folds, strict=True) if q != f])
            if inner is None:
                continue
            for s, q in zip(items, folds, strict=True):
                if q != f:
                    continue
                for _, v in typed(lang, s):
                    if v.kind == etype:
                        z[id(v)] = SENTENCE_SCALE * _sentence_logit(inner, v.sentence)
    return models, z


def _fit_lr(X, y: np.ndarray, C: float, weight: np.ndarray | None = None):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, class_weight="balanced", max_iter=5000, solver="liblinear",
                              random_state=0).fit(X, y, sample_weight=weight)


def _fit_soft(X, target: np.ndarray, C: float, weight: np.ndarray | None = None):
    """A class-balanced logistic regression on soft targets in [0, 1]: each row once as a
    positive weighted by its target and once as a negative weighted by the rest (binary targets
    give exactly ``_fit_lr``'s fit)."""
    from scipy.sparse import vstack
    from sklearn.linear_model import LogisticRegression

    w = np.ones(len(target)) if weight is None else np.asarray(weight, dtype=np.float64)
    if np.all((target == 0) | (target == 1)):
        return _fit_lr(X, target.astype(int), C, None if weight is None else w)
    pos, neg = w * target, w * (1.0 - target)
    total = pos.sum() + neg.sum()
    pos, neg = pos * total / (2 * pos.sum()), neg * total / (2 * neg.sum())
    keep_pos, keep_neg = pos > 0, neg > 0
    Xd = vstack([X[keep_pos], X[keep_neg]]).tocsr()
    yd = np.concatenate([np.ones(int(keep_pos.sum()), dtype=int), np.zeros(int(keep_neg.sum()), dtype=int)])
    wd = np.concatenate([pos[keep_pos], neg[keep_neg]])
    return LogisticRegression(C=C, max_iter=5000, solver="liblinear", random_state=0).fit(Xd, yd, sample_weight=wd)


ANNOTATION_GROUP = "a:"  # the fold groups of annotated candidates (one per article)


def _partitions(groups: set[str]) -> tuple[list[str], list[str]]:
    """Gold groups and annotation groups, each sorted: folds are dealt to each apart, so the
    gold's folds do not move when annotations are added or the patterns drop some of them."""
    return (sorted(g for g in groups if not g.startswith(ANNOTATION_GROUP)),
            sorted(g for g in groups if g.startswith(ANNOTATION_GROUP)))


def group_folds(groups: Sequence[str], k: int, seed: int) -> np.ndarray:
    fold: dict[str, int] = {}
    for uniq in _partitions(set(groups)):
        random.Random(seed).shuffle(uniq)
        fold.update({g: n % k for n, g in enumerate(uniq)})
    return np.array([fold[g] for g in groups])


@dataclass
class TrainedModel:
    coef: np.ndarray
    intercept: float
    calib_x: np.ndarray
    calib_y: np.ndarray
    threshold: float
    C: float
    sentence_models: SentenceModels = field(default_factory=dict)
    # kind -> its own isotonic map (the gold types, CALIBRATE_BY_KIND); other kinds: calib_x/y
    kind_calibrations: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    def score_views(self, views: Sequence[CandidateView], clusters: dict[str, str]) -> np.ndarray:
        return self.score(_matrix(views, clusters, sentence_scores(self.sentence_models, views)),
                          [v.kind for v in views])

    def score(self, X, kinds: Sequence[str] | None = None) -> np.ndarray:
        z = X @ self.coef + self.intercept
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        return _calibrated(p, kinds, (self.calib_x, self.calib_y), self.kind_calibrations)


Calibration = tuple[np.ndarray, np.ndarray]


def _calibrated(p: np.ndarray, kinds: Sequence[str] | None, default: Calibration,
                by_kind: dict[str, Calibration]) -> np.ndarray:
    out = np.interp(p, *default) if default[0].size else p.copy()
    if kinds is not None and by_kind:
        kinds_arr = np.array(kinds)
        for kind, (cx, cy) in by_kind.items():
            sel = kinds_arr == kind
            out[sel] = np.interp(p[sel], cx, cy)
    return out


def _fit_calibrations(p: np.ndarray, y: np.ndarray, kinds: Sequence[str], gold_kinds: Sequence[str]
                      ) -> tuple[Calibration, dict[str, Calibration]]:
    """The isotonic map of the candidates of the other kinds (all candidates without
    CALIBRATE_BY_KIND), and one per gold kind: the gold types' candidates and the hand-labelled
    ones of the other roots differ in base rate, so one map fitted on both is off for each."""
    if not CALIBRATE_BY_KIND:
        return _isotonic(p, y), {}
    kinds_arr = np.array(kinds)
    by_kind = {}
    rest = np.ones(len(p), dtype=bool)
    for kind in gold_kinds:
        sel = kinds_arr == kind
        if sel.sum() >= 20 and len(set(y[sel])) == 2:
            by_kind[kind] = _isotonic(p[sel], y[sel])
            rest &= ~sel
    default = _isotonic(p[rest], y[rest]) if rest.any() and len(set(y[rest])) == 2 else _isotonic(p, y)
    return default, by_kind


def _isotonic(p: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(p, y)
    return np.asarray(iso.X_thresholds_, dtype=np.float64), np.asarray(iso.y_thresholds_, dtype=np.float64)


def detection_f1(sentences: Sequence[GoldSentence], conf: dict[int, float], threshold: float, lang: LangData,
                 *, which: Callable[[dict[str, Any]], bool | None] | None = None) -> dict[str, dict[str, float]]:
    """Sentence-level P/R/F1 per PLOVER type: detected when a typed candidate's confidence
    (``conf`` by id of the candidate's view) reaches the threshold. ``which`` gives a record's
    gold (None: left out); default the full gold."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for s in sentences:
        gold = which(s.rec) if which is not None else s.rec.get("gold_is_event")
        if gold is None:
            continue
        found = any(conf.get(id(v), 0.0) >= threshold for _, v in typed(lang, s))
        count_outcome(counts[s.rec["event_type"]], found, bool(gold))
    return {t: prf(*c) for t, c in sorted(counts.items())}


def _best_threshold(sentences: Sequence[GoldSentence], conf: dict[int, float], lang: LangData) -> float:
    """Half the best mean full-gold F1 over the PLOVER types: for calibrated probabilities the
    F1-optimal threshold is F1*/2 (Lipton, Elkan and Naryanaswamy 2014, "Optimal thresholding of
    classifiers to maximize F1 measure"). Read off the out-of-fold curve instead, the argmax
    jumped between 0.21 and 0.50 from fold to fold (a few sentences decide it); F1*/2 stays within
    0.27-0.30 with the same or better held-out F1 (three seeds of the grouped CV)."""
    optimal = _f1_optimal_threshold(sentences, conf, lang)
    best = _mean_f1(sentences, conf, optimal, lang)
    return round(best / 2, 4) if best > 0 else optimal


def _f1_optimal_threshold(sentences: Sequence[GoldSentence], conf: dict[int, float], lang: LangData) -> float:
    """The threshold with the best mean full-gold F1 over the PLOVER types (ties: the lowest)."""
    by_type: dict[str, tuple[list[bool], list[float]]] = defaultdict(lambda: ([], []))
    for s in sentences:
        gold = s.rec.get("gold_is_event")
        if gold is None:
            continue
        golds, best = by_type[s.rec["event_type"]]
        golds.append(bool(gold))
        best.append(max((conf.get(id(v), 0.0) for _, v in typed(lang, s)), default=-1.0))
    arrays = [(np.array(g), np.array(b)) for g, b in by_type.values()]
    best_pair = (-1.0, 0.5)
    for th in sorted({round(c, 4) for c in conf.values()}):
        f1s = [_f1(g, b >= th) for g, b in arrays]
        best_pair = max(best_pair, (float(np.mean(f1s)) if f1s else 0.0, -th))
    return -best_pair[1]


def _mean_f1(sentences: Sequence[GoldSentence], conf: dict[int, float], threshold: float, lang: LangData) -> float:
    scores = detection_f1(sentences, conf, threshold, lang)
    return float(np.mean([m["f1"] for m in scores.values()])) if scores else 0.0


def train(examples: Sequence[Example], sentences: Sequence[GoldSentence], clusters: dict[str, str], *,
          lang: LangData, k: int = 5, seed: int = 0, c_grid: Sequence[float] = C_GRID) -> TrainedModel:
    """Fit the model on ``examples``; the regularisation, the calibration and the threshold come
    from grouped ``k``-fold out-of-fold scores (``sentences``: the gold sentences the examples'
    gold part comes from, for the threshold)."""
    _require_sklearn()
    examples = list(examples) + _vote_only_examples(sentences, lang=lang)
    sentence_models, z = _stacked_scores(examples, sentences, lang=lang, k=k, seed=seed)
    X = _matrix([e.view for e in examples], clusters, z)
    y = np.array([e.label for e in examples])
    target = np.array([e.label if e.target is None else e.target for e in examples], dtype=np.float64)
    scored = np.array([e.source != "vote" for e in examples])  # calibrated and judged on
    kinds = np.array([e.view.kind for e in examples])
    weight = np.array([ANNOTATION_WEIGHT if e.source == "annotation" else 1.0 for e in examples])
    folds = group_folds([e.group for e in examples], k, seed)
    best: tuple[float, float, float, np.ndarray, np.ndarray, np.ndarray] | None = None
    for C in c_grid:  # the regularisation with the best out-of-fold detection F1 (ties: stronger)
        oof = np.zeros(len(examples))
        for f in range(k):
            tr, te = folds != f, folds == f
            if len(set(y[tr & scored])) < 2 or not te.any():
                continue
            oof[te] = _fit_soft(X[tr], target[tr], C, weight[tr]).predict_proba(X[te])[:, 1]
        default, by_kind = _fit_calibrations(oof[scored], y[scored], kinds[scored], sorted(sentence_models))
        calibrated = _calibrated(oof, kinds, default, by_kind)
        conf = {id(e.view): float(c) for e, c in zip(examples, calibrated, strict=True)}
        threshold = _best_threshold(sentences, conf, lang)
        score = _mean_f1(sentences, conf, threshold, lang) if sentences else -_log_loss(y[scored], oof[scored])
        if best is None or score > best[0] + 1e-9:
            best = (score, C, threshold, default, by_kind)
    assert best is not None
    _, C, threshold, (cx, cy), by_kind = best
    lr = _fit_soft(X, target, C, weight)
    return TrainedModel(lr.coef_[0].astype(np.float64), float(lr.intercept_[0]), cx, cy, threshold, C,
                        sentence_models, by_kind)


def _log_loss(y: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _kind_calibration_arrays(by_kind: dict[str, Calibration]) -> dict[str, np.ndarray]:
    if not by_kind:
        return {}
    kinds = sorted(by_kind)
    return {"calib_kinds": np.array(kinds, dtype=str),
            "calib_offsets": np.cumsum([0] + [by_kind[k][0].size for k in kinds]).astype(np.int64),
            "calib_kx": np.concatenate([by_kind[k][0] for k in kinds]).astype(np.float32),
            "calib_ky": np.concatenate([by_kind[k][1] for k in kinds]).astype(np.float32)}


def write_model(model: TrainedModel, folder: str | Path, *, clusters_spec: dict[str, Any],
                card: dict[str, Any]) -> None:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    nz = np.flatnonzero(np.abs(model.coef) > 1e-7)
    kinds = sorted(model.sentence_models)
    sent_nz = [np.flatnonzero(np.abs(model.sentence_models[t][0]) > 1e-7) for t in kinds]
    np.savez_compressed(
        folder / "weights.npz", bits=np.int64(BITS), index=nz.astype(np.int32),
        value=model.coef[nz].astype(np.float32), intercept=np.float64(model.intercept),
        calib_x=model.calib_x.astype(np.float32), calib_y=model.calib_y.astype(np.float32),
        sent_kinds=np.array(kinds, dtype=str),
        sent_offsets=np.cumsum([0] + [len(n) for n in sent_nz]).astype(np.int64),
        sent_index=np.concatenate(sent_nz or [np.zeros(0, np.int64)]).astype(np.int32),
        sent_value=np.concatenate([model.sentence_models[t][0][n] for t, n in zip(kinds, sent_nz, strict=True)]
                                  or [np.zeros(0)]).astype(np.float32),
        sent_intercepts=np.array([model.sentence_models[t][1] for t in kinds], dtype=np.float64),
        **_kind_calibration_arrays(model.kind_calibrations),
    )
    config = {"feature_version": FEATURE_VERSION, "threshold": round(model.threshold, 4), "C": model.C,
              "sentence_weight": SENTENCE_WEIGHT, "sentence_scale": SENTENCE_SCALE,
              "sentence_C": SENTENCE_C, "annotation_weight": ANNOTATION_WEIGHT,
              "vote_power": VOTE_POWER, "vote_ambiguous": bool(VOTE_AMBIGUOUS),
              "calibrate_by_kind": bool(CALIBRATE_BY_KIND), "clusters": clusters_spec, **card}
    (folder / "config.json").write_text(json.dumps(config, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# --- cross-validation ----------------------------------------------------------------------------

def reliability(conf: np.ndarray, y: np.ndarray, bins: int = 10) -> list[dict[str, Any]]:
    out = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = (conf >= lo) & ((conf < hi) if b < bins - 1 else (conf <= hi))
        n = int(sel.sum())
        out.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": n,
                    "mean_confidence": round(float(conf[sel].mean()), 4) if n else None,
                    "real": round(float(y[sel].mean()), 4) if n else None})
    return out


def _clear(rec: dict[str, Any]) -> bool | None:
    if rec.get("gold_is_event") is None or rec.get("label") == "difficult no":
        return None
    return bool(rec["gold_is_event"])


def _majority(rec: dict[str, Any]) -> bool | None:
    accept, total = rec.get("accept"), rec.get("total")
    if isinstance(accept, int) and isinstance(total, int) and total > 0:
        return accept * 2 > total
    return rec.get("gold_is_event")


def _summary(values: list[float]) -> dict[str, float]:
    a = np.array(values, dtype=float)
    return {"mean": round(float(a.mean()), 4), "sd": round(float(a.std(ddof=1)) if len(a) > 1 else 0.0, 4)}


def cross_validate(examples: Sequence[Example], sentences: Sequence[GoldSentence], clusters: dict[str, str], *,
                   lang: LangData, k: int = 5, seed: int = 0, baseline: bool = True) -> dict[str, Any]:
    """Grouped ``k``-fold CV of the whole training procedure: per fold and pooled, the gold
    detection P/R/F1 (full, clear cases, majority vote), the annotated candidates' precision at
    the threshold, and the calibration table of held-out confidences; the TF-IDF baseline on the
    same folds."""
    _require_sklearn()
    fold_of_group: dict[str, int] = {}
    for groups in _partitions({e.group for e in examples} | {s.group for s in sentences}):
        for n, g in enumerate(random.Random(seed).sample(groups, len(groups))):
            fold_of_group[g] = n % k
    held_conf: dict[int, float] = {}
    thresholds: dict[int, float] = {}
    per_fold: dict[str, list[dict[str, dict[str, float]]]] = {"full": [], "clear": [], "majority": []}
    for f in range(k):
        tr = [n for n, e in enumerate(examples) if fold_of_group[e.group] != f]
        te = [n for n, e in enumerate(examples) if fold_of_group[e.group] == f]
        tr_sent = [s for s in sentences if fold_of_group[s.group] != f]
        te_sent = [s for s in sentences if fold_of_group[s.group] == f]
        model = train([examples[n] for n in tr], tr_sent, clusters, lang=lang, k=k, seed=seed + 1 + f)
        scores = model.score_views([examples[n].view for n in te], clusters) if te else np.array([])
        conf = {id(examples[n].view): float(c) for n, c in zip(te, scores, strict=True)}
        held_conf.update(conf)
        thresholds[f] = model.threshold
        for name, which in (("full", None), ("clear", _clear), ("majority", _majority)):
            per_fold[name].append(detection_f1(te_sent, conf, model.threshold, lang, which=which))
    # pooled: each held-out sentence judged with its own fold's threshold
    pooled: dict[str, dict[str, dict[str, float]]] = {}
    for name in per_fold:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for fold_scores in per_fold[name]:
            for t, m in fold_scores.items():
                counts[t][0] += m["tp"]
                counts[t][1] += m["fp"]
                counts[t][2] += m["fn"]
        pooled[name] = {t: {**prf(*c), "folds": _summary([fs[t]["f1"] for fs in per_fold[name] if t in fs])}
                        for t, c in sorted(counts.items())}
    y = np.array([e.label for e in examples])
    conf_arr = np.array([held_conf.get(id(e.view), 0.0) for e in examples])
    fold_thr = np.array([thresholds[fold_of_group[e.group]] for e in examples])
    ann = np.array([e.source == "annotation" for e in examples])
    kept = conf_arr >= fold_thr
    annotation = None
    if ann.any():
        roots: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for e, keep in zip(examples, kept, strict=True):
            if e.source != "annotation":
                continue
            r = roots[e.view.cameo[:2]]
            r[0] += 1
            r[1] += e.label
            r[2] += int(keep)
            r[3] += int(keep and e.label)
        tot = np.array(list(roots.values())).sum(axis=0)
        annotation = {
            "candidates": int(tot[0]), "real": int(tot[1]),
            "precision_all_candidates": round(tot[1] / tot[0], 4) if tot[0] else None,
            "kept": int(tot[2]), "precision_kept": round(tot[3] / tot[2], 4) if tot[2] else None,
            "recall_kept": round(tot[3] / tot[1], 4) if tot[1] else None,
            "by_root": {r: {"candidates": v[0], "real": v[1], "kept": v[2], "real_kept": v[3]}
                        for r, v in sorted(roots.items())},
        }
    result: dict[str, Any] = {
        "folds": k, "examples": len(examples), "gold_examples": int((~ann).sum()),
        "annotation_examples": int(ann.sum()),
        "thresholds": [round(thresholds[f], 4) for f in range(k)],
        "model": pooled, "annotations": annotation,
        "calibration": reliability(conf_arr, y),
    }
    if baseline:
        result["baseline_tfidf"] = tfidf_baseline(sentences, fold_of_group, k=k, seed=seed)
    return result


def tfidf_baseline(sentences: Sequence[GoldSentence], fold_of_group: dict[str, int], *, k: int, seed: int
                   ) -> dict[str, Any]:
    """The plain sentence classifier the issue measures against: TF-IDF character 2–5-grams +
    word 1–2-grams, class-balanced logistic regression per PLOVER type, threshold by inner CV,
    trained and scored on the same outer folds."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    def fit_predict(train_recs, test_recs):
        cv = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
        wv = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)
        tx = [r["text"] for r in train_recs]
        X = hstack([cv.fit_transform(tx), wv.fit_transform(tx)]).tocsr()
        Xt = hstack([cv.transform([r["text"] for r in test_recs]), wv.transform([r["text"] for r in test_recs])]).tocsr()
        y = np.array([int(bool(r["gold_is_event"])) for r in train_recs])
        m = LogisticRegression(C=10, class_weight="balanced", max_iter=3000, solver="liblinear", random_state=0)
        return m.fit(X, y).predict_proba(Xt)[:, 1]

    out: dict[str, Any] = {}
    for etype in sorted({s.rec["event_type"] for s in sentences}):
        items = [s for s in sentences if s.rec["event_type"] == etype and s.rec.get("gold_is_event") is not None]
        res: dict[str, list[int]] = {"full": [0, 0, 0], "clear": [0, 0, 0]}
        fold_f1: dict[str, list[float]] = {"full": [], "clear": []}
        for f in range(k):
            tr = [s.rec for s in items if fold_of_group[s.group] != f]
            te = [s.rec for s in items if fold_of_group[s.group] == f]
            if not te or len({bool(r["gold_is_event"]) for r in tr}) < 2:
                continue
            inner = group_folds([str(n) for n in range(len(tr))], 3, seed + f)  # records of tr, 3 inner folds
            oof = np.zeros(len(tr))
            for g in range(3):
                a = [r for r, q in zip(tr, inner, strict=True) if q != g]
                b = [n for n, q in enumerate(inner) if q == g]
                oof[b] = fit_predict(a, [tr[n] for n in b])
            ytr = np.array([int(bool(r["gold_is_event"])) for r in tr])
            th = max((_f1(ytr, oof >= t), -t) for t in np.unique(oof))[1] * -1
            p = fit_predict(tr, te)
            for name, which in (("full", lambda r: r.get("gold_is_event")), ("clear", _clear)):
                c = [0, 0, 0]
                for r, pp in zip(te, p, strict=True):
                    gold = which(r)
                    if gold is None:
                        continue
                    count_outcome(c, bool(pp >= th), bool(gold))
                fold_f1[name].append(prf(*c)["f1"])
                res[name] = [a + b for a, b in zip(res[name], c, strict=True)]
        out[etype] = {name: {**prf(*res[name]), "folds": _summary(fold_f1[name])} for name in res}
    return out


def _f1(y: np.ndarray, yhat: np.ndarray) -> float:
    y, yhat = y.astype(bool), yhat.astype(bool)
    tp = int((y & yhat).sum())
    fp = int((~y & yhat).sum())
    fn = int((y & ~yhat).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
