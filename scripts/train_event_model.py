#!/usr/bin/env python3
"""Train the event model shipped in src/marsad/models/events/ (needs scikit-learn: the `train`
extra, and ../shared). Deterministic: the same data gives the same files.

    .venv/bin/python scripts/train_event_model.py [--out DIR] [--cv K] [--no-annotations]

Examples: the candidates coded in ../shared/data/events/ar-gsr/detection.dev.jsonl (MIT, gold
PROTEST/ASSAULT sentences) and the hand-labelled SaudiNewsNet candidates in
tests/annotations/events_candidates.jsonl (labels ours; articles read from the raw zips).
``--cv K`` also prints the grouped K-fold cross-validation of the whole procedure (JSON).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
GOLD = SHARED / "events" / "ar-gsr" / "detection.dev.jsonl"
RAW = SHARED / "corpora" / "saudinewsnet" / "raw"
ANNOTATIONS = REPO / "tests" / "annotations" / "events_candidates.jsonl"
MODELS = REPO / "src" / "marsad" / "models"
CLUSTERS = {"path": "ner/clusters.tsv", "level": 2}  # the 256-cluster level of the NER model's table


def load_clusters() -> tuple[dict[str, str], str]:
    path = MODELS / CLUSTERS["path"]
    data = path.read_bytes()
    out: dict[str, str] = {}
    for line in data.decode("utf-8").splitlines():
        if line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) > CLUSTERS["level"]:
            out[parts[0]] = parts[CLUSTERS["level"]]
    return out, hashlib.sha256(data).hexdigest()


def build_examples(*, annotations: bool):
    from marsad.evaluation.event_training import annotation_examples, gold_examples, gold_sentences
    from marsad.evaluation.events import read_records
    from marsad.langdata.loader import load_langdata
    from marsad.settings import Settings

    lang = load_langdata("ar")
    settings = Settings(event_model="none")
    sentences = gold_sentences(read_records(GOLD), lang=lang, settings=settings)
    examples = gold_examples(sentences, lang=lang)
    unmatched = 0
    if annotations and ANNOTATIONS.is_file() and RAW.is_dir():
        extra, unmatched = annotation_examples(ANNOTATIONS, RAW, lang=lang, settings=settings)
        examples += extra
    return lang, sentences, examples, unmatched


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODELS / "events")
    parser.add_argument("--cv", type=int, default=0, help="also cross-validate with K grouped folds")
    parser.add_argument("--no-annotations", action="store_true")
    args = parser.parse_args(argv)
    if not GOLD.is_file():
        print(f"gold not found at {GOLD}: nothing to train on", file=sys.stderr)
        return 2
    from marsad.evaluation.event_training import cross_validate, train, write_model

    lang, sentences, examples, unmatched = build_examples(annotations=not args.no_annotations)
    clusters, clusters_sha = load_clusters()
    n_gold = sum(e.source == "gold" for e in examples)
    print(f"examples: {len(examples)} ({n_gold} gold, {len(examples) - n_gold} annotated; "
          f"{unmatched} annotations without a candidate)", file=sys.stderr)
    if args.cv:
        print(json.dumps(cross_validate(examples, sentences, clusters, lang=lang, k=args.cv), indent=1))
    model = train(examples, sentences, clusters, lang=lang)
    card = {
        "trained_on": {"gold": "openeventdata/arabic_event_gsr detection.dev.jsonl (MIT)",
                       "annotations": "tests/annotations/events_candidates.jsonl (SaudiNewsNet candidates, labels ours)",
                       "gold_examples": n_gold, "annotation_examples": len(examples) - n_gold,
                       "positives": int(sum(e.label for e in examples))},
        "clusters_sha256": clusters_sha,
    }
    write_model(model, args.out, clusters_spec=CLUSTERS, card=card)
    print(f"wrote {args.out} (C={model.C}, threshold {model.threshold:.4f})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
