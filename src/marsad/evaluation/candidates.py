"""Hand-labelled pattern candidates scored with the shipped model (``marsad eval candidates``).

The labels are those of ``tests/annotations/events_candidates.jsonl`` (criteria in
``docs/annotation/event_candidates.md``): an article's URL, the offsets and ``span`` of a
candidate's trigger, its ``cameo`` code, and ``real_event`` / ``root_ok``. A file the model was
not trained on (``events_candidates_heldout.jsonl``) says how well the confidence separates real
events from look-alikes of every root on news it has not seen.

Rules: each article is coded again with the current pipeline and model; a label is matched by the
most confident event of its URL with the same CAMEO root whose trigger overlaps the labelled
span (as training matches them); a label with no such event is *unmatched* and counts as not
passing. Real = ``real_event`` and ``root_ok``. Precision is the share of passing labels that
are real, recall the share of real labels that pass; the calibration table bins the matched
labels by confidence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..model import Event
from .corpus import numbered_annotations

__all__ = ["CandidateLabel", "read_candidate_labels", "match_candidate", "score_candidates", "evaluate_candidates"]

FIELDS = ("url", "start", "end", "span", "cameo", "real_event", "root_ok")
RULE = ("matched: same URL and CAMEO root, trigger overlapping the labelled span (the most confident such event); "
        "passing: confidence >= threshold; real: real_event and root_ok")


@dataclass(frozen=True, slots=True)
class CandidateLabel:
    url: str
    start: int
    end: int
    span: str
    cameo: str
    real: bool
    outlet: str = ""
    line: int = 0

    @property
    def root(self) -> str:
        return self.cameo[:2]


def read_candidate_labels(path: str | Path) -> list[CandidateLabel]:
    """The labels of ``path``; a malformed line is an error naming it."""
    out: list[CandidateLabel] = []
    for n, rec in numbered_annotations(path, required=FIELDS, what="a labelled event candidate"):
        start, end, cameo = rec["start"], rec["end"], rec["cameo"]
        if not (isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool) and 0 <= start < end):
            raise InputError(f"line {n}: start and end must be integers with start < end", path=str(path))
        if not (isinstance(rec["span"], str) and len(rec["span"]) == end - start):
            raise InputError(f"line {n}: span must be the text between start and end", path=str(path))
        if not (isinstance(cameo, str) and cameo[:2].isdigit() and 1 <= int(cameo[:2]) <= 20):
            raise InputError(f"line {n}: cameo must be a CAMEO event code of root 01-20", path=str(path))
        if not isinstance(rec["real_event"], bool) or not isinstance(rec["root_ok"], bool):
            raise InputError(f"line {n}: real_event and root_ok must be true or false", path=str(path))
        out.append(CandidateLabel(url=str(rec["url"]), start=start, end=end, span=rec["span"], cameo=cameo,
                                  real=rec["real_event"] and rec["root_ok"], outlet=str(rec.get("outlet") or ""),
                                  line=n))
    if not out:
        raise InputError("no labelled candidates in the file", path=str(path))
    return out


def match_candidate(label: CandidateLabel, events: Sequence[Event]) -> Event | None:
    """The most confident event of the label's root whose trigger overlaps its span."""
    hits = [e for e in events if e.cameo[:2] == label.root and e.start < label.end and label.start < e.end]
    return max(hits, key=lambda e: e.confidence if e.confidence is not None else 1.0) if hits else None


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def score_candidates(pairs: Sequence[tuple[CandidateLabel, Event | None]], *, threshold: float) -> dict[str, Any]:
    """The figures of labels paired with their matched events (None: unmatched) at ``threshold``."""
    from .event_training import reliability

    by_root: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # labels, real, passing, real passing
    conf: list[float] = []
    real: list[int] = []
    for label, event in pairs:
        passing = event is not None and (event.confidence is None or event.confidence >= threshold)
        row = by_root[label.root]
        row[0] += 1
        row[1] += label.real
        row[2] += passing
        row[3] += passing and label.real
        if event is not None and event.confidence is not None:
            conf.append(event.confidence)
            real.append(int(label.real))
    tot = np.array(list(by_root.values())).sum(axis=0)
    return {
        "threshold": threshold,
        "labelled": len(pairs),
        "unmatched": sum(event is None for _, event in pairs),
        "real": int(tot[1]),
        "passing": int(tot[2]),
        "precision": _ratio(int(tot[3]), int(tot[2])),
        "recall": _ratio(int(tot[3]), int(tot[1])),
        "precision_all_candidates": _ratio(int(tot[1]), int(tot[0])),
        "by_root": {r: {"labelled": v[0], "real": v[1], "passing": v[2], "real_passing": v[3]}
                    for r, v in sorted(by_root.items())},
        "calibration": reliability(np.array(conf), np.array(real)) if conf else [],
        "rule": RULE,
    }


def evaluate_candidates(labels_path: str | Path, raw_dir: str | Path, *, min_confidence: float | None = None
                        ) -> dict[str, Any]:
    """Code every article the labels name with the current pipeline and model, and score the
    labelled candidates at ``min_confidence`` (default: the model's threshold)."""
    from ..confidence import check_confidence, default_threshold
    from .corpus import coded_articles

    threshold = check_confidence(min_confidence)
    labels = read_candidate_labels(labels_path)
    docs = coded_articles(raw_dir, labels, path=labels_path, what="labelled")
    if threshold is None:
        threshold = default_threshold()
    by_url: dict[str, list[CandidateLabel]] = defaultdict(list)
    for label in labels:
        by_url[label.url].append(label)
    pairs = [(label, match_candidate(label, docs[url].events)) for url, items in by_url.items() for label in items]
    result: dict[str, Any] = {"labels": {"file": str(labels_path), "articles": len(by_url),
                                         "outlets": len({label.outlet for label in labels})}}
    result.update(score_candidates(pairs, threshold=threshold))
    return result
