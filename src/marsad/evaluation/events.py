"""Measure the event coder against Arabic event gold (openeventdata/arabic_event_gsr format).

Two record kinds, told apart by their fields:

* detection (``gold_is_event``): a sentence, a PLOVER ``event_type`` and whether the sentence
  reports such an event (``null`` = ambiguous, excluded). A sentence counts as detected for
  type T when Marsad codes at least one event whose PLOVER type is T, running the whole
  pipeline on the sentence text alone. Precision, recall and F1 per type.
* spans (``trigger_gold``): gold source/target CAMEO codes (``{"main": "USA", "role": ...}``).
  For each record with a gold source (target) code, the country Marsad gives the source
  (target) of the event of that type — the one whose trigger overlaps the gold trigger words,
  else the first — must equal the gold ``main`` code (``"None"`` = no country: then Marsad must
  give none). Accuracy = matching records / records with a gold code.

When detection records carry their annotators' votes (``accept`` of ``total``), the result
also gives ``annotator``: the precision, recall and F1 one annotator of that pool would get
against the gold, in expectation (each record counts ``accept/total`` of a "yes"). In the
arabic_event_gsr gold a "yes" needs every annotator to agree, so this is the ceiling a system
that judges like a single careful reader can expect, and it puts the system's figures in scale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..confidence import default_threshold, passes
from ..langdata.loader import LangData, load_langdata
from ..model import Document, Event
from ..settings import Settings
from .actors import code_slots
from .corpus import read_annotations

__all__ = ["read_records", "evaluate_records", "evaluate_files", "event_country"]

Coder = Callable[[str], Document]


def read_records(path: str | Path) -> list[dict[str, Any]]:
    return read_annotations(path, required=("text", "event_type"), what="an event gold record")

def _default_coder(lang: LangData, settings: Settings) -> Coder:
    from ..pipeline import code_article

    cache: dict[str, Document] = {}

    def code(text: str) -> Document:
        if text not in cache:
            cache[text] = code_article(text, lang=lang, settings=settings)
        return cache[text]

    return code


def event_country(doc: Document, event: Event, role: str) -> str | None:
    """The country of an event's source or target: its entity's actor country, else the
    code's first slot for an international actor (NATO, IGOWSTNAT: IGO, the gold's "main"); None
    for an actor with neither, such as unidentified gunmen (UAF)."""
    part = event.source if role == "source" else event.target
    if part is None:
        return None
    for ent in doc.entities:
        if ent.id == part.entity and ent.actor is not None:
            return ent.actor.country or code_slots(ent.actor.code)[0] or None
    return None


def _gold_country(code: Any) -> str | None:
    if not isinstance(code, dict) or not code:
        return None
    main = code.get("main")
    return None if main in (None, "", "None") else str(main)


def _pick_event(doc: Document, rec: dict[str, Any]) -> Event | None:
    typed = [e for e in doc.events if e.plover == rec["event_type"]]
    if not typed:
        return None
    words = [w for w in str(rec.get("trigger_gold") or "").split() if w]
    for e in typed:
        if any(w in e.text or e.text in w for w in words):
            return e
    return typed[0]


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def count_outcome(c: list[int], found: bool, gold: bool) -> None:
    if found and gold:
        c[0] += 1
    elif found:
        c[1] += 1
    elif gold:
        c[2] += 1


def _votes(rec: dict[str, Any]) -> float | None:
    accept, total = rec.get("accept"), rec.get("total")
    if isinstance(accept, int) and isinstance(total, int) and total > 0 and 0 <= accept <= total:
        return accept / total
    return None


def _prf_float(tp: float, fp: float, fn: float) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _passes(event: Event, etype: str, min_confidence: float) -> bool:
    return event.plover == etype and passes(event, min_confidence)


def evaluate_records(records: Iterable[dict[str, Any]], code: Coder, *, min_confidence: float = 0.0
                     ) -> dict[str, Any]:
    """Detection counts a sentence as found for type T when an event of type T has a confidence
    of at least ``min_confidence`` (an event without one always counts). Besides the full gold
    (``detection``): ``detection_clear`` (gold yes against easy no: the 'difficult no' records,
    which some annotators accepted, left out) and ``detection_majority`` (gold = more than half
    of the annotators accepted, ambiguous records included)."""
    counts: dict[str, list[int]] = {}
    clear: dict[str, list[int]] = {}
    majority: dict[str, list[int]] = {}
    annotator: dict[str, list[float]] = {}
    voted: dict[str, bool] = {}
    excluded = 0
    span = {"source": [0, 0], "target": [0, 0]}
    n_detection = n_spans = 0
    for rec in records:
        etype = str(rec["event_type"])
        if "gold_is_event" in rec:
            n_detection += 1
            gold = rec["gold_is_event"]
            share = _votes(rec)
            found = any(_passes(e, etype, min_confidence) for e in code(str(rec["text"])).events)
            if share is not None or gold is not None:
                count_outcome(majority.setdefault(etype, [0, 0, 0]), found, share > 0.5 if share is not None else bool(gold))
            if gold is None:
                excluded += 1
                continue
            if rec.get("label") != "difficult no":
                count_outcome(clear.setdefault(etype, [0, 0, 0]), found, bool(gold))
            voted[etype] = voted.get(etype, True) and share is not None
            if share is not None:
                a = annotator.setdefault(etype, [0.0, 0.0, 0.0])
                if gold:
                    a[0] += share
                    a[2] += 1 - share
                else:
                    a[1] += share
            count_outcome(counts.setdefault(etype, [0, 0, 0]), found, bool(gold))
        elif "trigger_gold" in rec or "source_code" in rec:
            n_spans += 1
            doc = code(str(rec["text"]))
            event = _pick_event(doc, rec)
            for role in ("source", "target"):
                gold_code = rec.get(f"{role}_code")
                if not isinstance(gold_code, dict) or not gold_code:
                    continue
                predicted = event_country(doc, event, role) if event is not None else None
                span[role][1] += 1
                span[role][0] += int(predicted == _gold_country(gold_code))
    result: dict[str, Any] = {
        "min_confidence": min_confidence,
        "detection": {t: prf(*c) for t, c in sorted(counts.items())},
        "detection_clear": {t: prf(*c) for t, c in sorted(clear.items())},
        "detection_majority": {t: prf(*c) for t, c in sorted(majority.items())},
        "annotator": {t: _prf_float(*a) for t, a in sorted(annotator.items()) if voted.get(t)},
        "detection_records": n_detection,
        "detection_excluded_ambiguous": excluded,
        "span_records": n_spans,
    }
    for role in ("source", "target"):
        ok, total = span[role]
        result[f"{role}_country_accuracy"] = round(ok / total, 4) if total else None
        result[f"{role}_country_records"] = total
    return result


def evaluate_files(
    paths: Iterable[str | Path], *, lang: LangData | None = None, settings: Settings | None = None,
    coder: Coder | None = None, min_confidence: float | None = None,
) -> dict[str, Any]:
    """``min_confidence`` None: the threshold of the event model the settings name (0 without one)."""
    records: list[dict[str, Any]] = []
    for path in paths:
        records.extend(read_records(path))
    settings = settings or Settings()
    code = coder or _default_coder(lang or load_langdata("ar"), settings)
    if min_confidence is None:
        min_confidence = default_threshold(settings)
    return evaluate_records(records, code, min_confidence=min_confidence)

