"""Whole who-did-what-to-whom triples against a hand check (``marsad eval triples``).

The hand check (criteria in ``docs/annotation/event_triples.md``) is one JSON object a line:
a pattern candidate named by its article's URL, the character offsets of its trigger in the
article's ``content`` and the ``span`` they cover, the ``cameo`` code and ``rule`` it had when it
was labelled, and the labels: ``real_event``, ``root_ok``, ``gold_root``, and the ``gold_source``
and ``gold_target`` a careful coder gives from the text (a CAMEO actor code such as ``SAUGOV``,
``YEMREBHTH`` or ``USA``; a list of codes when the text names several parties in that slot,
any of which is right; ``"none"`` when the text names no such participant).

Rules (the same for every label):

* **Matched**: the articles are coded again with the current pipeline and model; a label is
  matched by the events of its URL with the same start, end and CAMEO root. A label no event
  has any more is *unmatched* (it counts as not passing). When several events share a label's
  key (one per coordinated actor: «تتهم بريطانيا وفرنسا والولايات المتحدة»), the one with the
  most participant slots right is scored, then the most confident.
* **Passing**: the matched event's confidence is at or above the threshold (an event without a
  confidence passes, as in :func:`marsad.confidence.passes`).
* **Real**: ``real_event`` and ``root_ok`` (a positive, as training counts it). Precision is the
  share of passing labels that are real; recall the share of real labels that pass.
* **Participants**, scored over the passing real labels: the system's code against the gold's
  at the country slot and at country + role (the first two three-letter CAMEO slots,
  :func:`marsad.evaluation.actors.code_slots`: ``YEMREBHTH`` is ``YEM`` + ``REB``, ``USA`` is
  ``USA`` with no role). A gold ``"none"`` is right only when the system has no participant; a
  system with no participant is wrong against any gold code.
* **Whole triple**: real, and source and target right at country + role; reported over the
  passing labels (what a user sees) with the count, and at the country level beside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Event
from .actors import code_slots
from .corpus import numbered_annotations

__all__ = [
    "GOLD_FIELDS", "TripleLabel", "evaluate_triples", "match_label", "participant_right", "read_triple_labels",
    "score_triples",
]

GOLD_FIELDS = ("url", "zip", "outlet", "start", "end", "span", "cameo", "rule", "real_event", "root_ok",
               "gold_root", "gold_source", "gold_target", "note")
NONE = "none"
RULE = ("matched: same URL, start, end and CAMEO root (several events at a key: most slots right, then most "
        "confident); passing: confidence >= threshold; real: real_event and root_ok; source/target: the system "
        "code's country slot (and country + role slots) equals one gold code's, gold 'none' right only with no "
        "participant; triple: real and source and target right at country + role")
_CODE = re.compile(r"(?:[A-Z]{3}){1,4}")


@dataclass(frozen=True, slots=True)
class TripleLabel:
    url: str
    start: int
    end: int
    span: str
    cameo: str
    real_event: bool
    root_ok: bool
    gold_source: tuple[str, ...]  # () when the text names no source ("none")
    gold_target: tuple[str, ...]
    rule: str = ""
    outlet: str = ""
    line: int = 0

    @property
    def root(self) -> str:
        return self.cameo[:2]

    @property
    def real(self) -> bool:
        return self.real_event and self.root_ok


def _gold_codes(value: Any, field: str, bad: Any) -> tuple[str, ...]:
    if value == NONE:
        return ()
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) and _CODE.fullmatch(v) for v in values):
        raise bad(f"{field} must be \"none\", a CAMEO code of three-letter parts (SAUGOV, YEMREBHTH, USA) "
                  "or a list of them")
    return tuple(values)


def read_triple_labels(path: str | Path) -> list[TripleLabel]:
    """The labels of ``path``; a malformed line is an error naming it."""
    out: list[TripleLabel] = []
    seen: dict[tuple[str, int, int, str], int] = {}
    for n, rec in numbered_annotations(path, required=GOLD_FIELDS, what="a hand-checked event candidate"):
        def bad(message: str, n: int = n) -> InputError:
            return InputError(f"line {n}: {message}", path=str(path))
        start, end = rec["start"], rec["end"]
        if not (isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool)
                and 0 <= start < end):
            raise bad("start and end must be integers with start < end")
        if not isinstance(rec["url"], str) or not rec["url"]:
            raise bad("url must be the article's URL")
        if not isinstance(rec["span"], str) or len(rec["span"]) != end - start:
            raise bad("span must be the text between start and end")
        cameo = rec["cameo"]
        if not (isinstance(cameo, str) and re.fullmatch(r"\d{3,4}", cameo) and 1 <= int(cameo[:2]) <= 20):
            raise bad("cameo must be a CAMEO event code (three or four digits, root 01-20)")
        if not isinstance(rec["real_event"], bool) or not isinstance(rec["root_ok"], bool):
            raise bad("real_event and root_ok must be true or false")
        root = rec["gold_root"]
        if root is not None and not (isinstance(root, str) and re.fullmatch(r"\d\d", root)):
            raise bad("gold_root must be null or a two-digit CAMEO root")
        key = (rec["url"], start, end, cameo[:2])
        if key in seen:
            raise bad(f"the same candidate (URL, offsets, root) as line {seen[key]}")
        seen[key] = n
        out.append(TripleLabel(
            url=rec["url"], start=start, end=end, span=rec["span"], cameo=cameo,
            real_event=rec["real_event"], root_ok=rec["root_ok"],
            gold_source=_gold_codes(rec["gold_source"], "gold_source", bad),
            gold_target=_gold_codes(rec["gold_target"], "gold_target", bad),
            rule=str(rec.get("rule") or ""), outlet=str(rec.get("outlet") or ""), line=n))
    if not out:
        raise InputError("no hand-checked candidates in the file", path=str(path))
    return out


def participant_right(system: str | None, gold: tuple[str, ...], *, role: bool) -> bool:
    """Whether the system's participant code is right against the gold codes (``()``: none), at
    the country slot, or at country and role when ``role``."""
    if not gold:
        return not system
    if not system:
        return False
    got = code_slots(system)
    return any((got == code_slots(g)) if role else (got[0] == code_slots(g)[0]) for g in gold)


def _code(participant: Any) -> str | None:
    return participant.code if participant is not None else None


def match_label(label: TripleLabel, events: Sequence[Event]) -> Event | None:
    """The event of ``events`` (of the label's article) scored for ``label`` (see the module's rules)."""
    best: tuple[int, float] | None = None
    chosen = None
    for event in events:
        if (event.start, event.end, event.cameo[:2]) != (label.start, label.end, label.root):
            continue
        right = sum(participant_right(_code(p), g, role=r) for p, g in
                    ((event.source, label.gold_source), (event.target, label.gold_target)) for r in (False, True))
        key = (right, event.confidence if event.confidence is not None else 1.0)
        if best is None or key > best:
            best, chosen = key, event
    return chosen


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def score_triples(pairs: Sequence[tuple[TripleLabel, Event | None]], *, threshold: float,
                  errors: bool = False) -> dict[str, Any]:
    """The figures of labels paired with their matched events (None: unmatched) at ``threshold``."""
    counts = dict.fromkeys(("passing", "passing_real", "real", "source_country", "source_country_role",
                            "target_country", "target_country_role", "triple", "triple_country"), 0)
    unmatched = 0
    listed: list[dict[str, Any]] = []
    for label, event in pairs:
        unmatched += event is None
        passing = event is not None and (event.confidence is None or event.confidence >= threshold)
        counts["real"] += label.real
        counts["passing"] += passing
        flags: dict[str, bool] = {}
        if event is not None:
            src, tgt = _code(event.source), _code(event.target)
            flags = {
                "source_country": participant_right(src, label.gold_source, role=False),
                "source_country_role": participant_right(src, label.gold_source, role=True),
                "target_country": participant_right(tgt, label.gold_target, role=False),
                "target_country_role": participant_right(tgt, label.gold_target, role=True),
            }
        if passing and label.real:
            counts["passing_real"] += 1
            for k, v in flags.items():
                counts[k] += v
            counts["triple"] += flags["source_country_role"] and flags["target_country_role"]
            counts["triple_country"] += flags["source_country"] and flags["target_country"]
        whole = passing and label.real and flags["source_country_role"] and flags["target_country_role"]
        if errors and (passing or label.real) and not whole:
            why = ([] if passing else ["unmatched" if event is None else "below threshold"]) \
                + ([] if label.real_event else ["not a real event"]) \
                + ([] if label.root_ok or not label.real_event else ["wrong root"]) \
                + [k.replace("_country_role", "") for k in ("source_country_role", "target_country_role")
                   if event is not None and not flags[k]]
            listed.append({
                "line": label.line, "url": label.url, "start": label.start, "end": label.end, "span": label.span,
                "cameo": label.cameo, "gold_source": list(label.gold_source) or NONE,
                "gold_target": list(label.gold_target) or NONE,
                "system": None if event is None else {
                    "cameo": event.cameo, "rule": event.rule, "confidence": event.confidence,
                    "source": _code(event.source), "target": _code(event.target)},
                "wrong": why,
            })
    real_passing = counts["passing_real"]
    out: dict[str, Any] = {
        "threshold": threshold,
        "labelled": len(pairs),
        "unmatched": unmatched,
        "passing": counts["passing"],
        "real": counts["real"],
        "precision": _ratio(real_passing, counts["passing"]),
        "recall": _ratio(real_passing, counts["real"]),
        "source": {"country": _ratio(counts["source_country"], real_passing),
                   "country_role": _ratio(counts["source_country_role"], real_passing)},
        "target": {"country": _ratio(counts["target_country"], real_passing),
                   "country_role": _ratio(counts["target_country_role"], real_passing)},
        "triples": {"right": counts["triple"], "of_passing": counts["passing"],
                    "rate": _ratio(counts["triple"], counts["passing"]),
                    "right_country": counts["triple_country"],
                    "rate_country": _ratio(counts["triple_country"], counts["passing"])},
        "rule": RULE,
    }
    if errors:
        out["errors"] = listed
    return out


def evaluate_triples(labels_path: str | Path, raw_dir: str | Path, *, min_confidence: float | None = None,
                     errors: bool = False) -> dict[str, Any]:
    """Code every article the hand check names with the current pipeline and model, and score it at
    ``min_confidence`` (default: the model's threshold)."""
    from ..confidence import check_confidence, default_threshold
    from .corpus import coded_articles

    threshold = check_confidence(min_confidence)
    labels = read_triple_labels(labels_path)
    docs = coded_articles(raw_dir, labels, path=labels_path, what="labelled")
    if threshold is None:
        threshold = default_threshold()
    by_url: dict[str, list[TripleLabel]] = {}
    for label in labels:
        by_url.setdefault(label.url, []).append(label)
    pairs = [(label, match_label(label, docs[url].events)) for url, items in by_url.items() for label in items]
    result: dict[str, Any] = {"labels": {"file": str(labels_path), "articles": len(by_url),
                                         "outlets": len({label.outlet for label in labels})}}
    result.update(score_triples(pairs, threshold=threshold, errors=errors))
    return result
