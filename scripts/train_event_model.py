#!/usr/bin/env python3
"""Train the event model shipped in src/marsad/models/events/ (needs scikit-learn: the `train`
extra, and ../shared). Deterministic: the same data gives the same files.

    .venv/bin/python scripts/train_event_model.py [--out DIR] [--cv K [--cv-seed S ...] [--jobs N]] [--no-annotations]

Examples: the candidates coded in ../shared/data/events/ar-gsr/detection.dev.jsonl (MIT, gold
PROTEST/ASSAULT sentences) and the hand-labelled SaudiNewsNet candidates in
tests/annotations/events_candidates.jsonl (labels ours; articles read from the raw zips).
``--cv K`` also prints the grouped K-fold cross-validation of the whole procedure (JSON); with
``--cv-seed`` repeated, one per split and their mean (the gate's figures: ``--cv-seed 0 --cv-seed 1
--cv-seed 2``).
"""

from __future__ import annotations

import argparse
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODELS / "events")
    parser.add_argument("--cv", type=int, default=0, help="also cross-validate with K grouped folds")
    parser.add_argument("--cv-seed", type=int, action="append", dest="cv_seeds",
                        help="the seed that deals the groups to folds (default 0); repeat it for several "
                             "splits and their mean (the gate's: 0, 1 and 2)")
    parser.add_argument("--jobs", type=int, default=1, help="cross-validate that many splits at once")
    parser.add_argument("--no-annotations", action="store_true")
    args = parser.parse_args(argv)
    if not GOLD.is_file():
        print(f"gold not found at {GOLD}: nothing to train on", file=sys.stderr)
        return 2
    from marsad.evaluation.event_splits import cross_validate_splits
    from marsad.evaluation.event_training import (
        cross_validate,
        read_clusters,
        train,
        training_set,
        write_model,
    )
    from marsad.evaluation.events import read_records
    from marsad.langdata.loader import load_langdata

    lang = load_langdata("ar")
    use_annotations = not args.no_annotations and ANNOTATIONS.is_file() and RAW.is_dir()
    sentences, examples, unmatched = training_set(
        read_records(GOLD), lang=lang, annotations=ANNOTATIONS if use_annotations else None, raw_dir=RAW)
    clusters, clusters_sha = read_clusters(MODELS / CLUSTERS["path"], CLUSTERS["level"])
    n_gold = sum(e.source == "gold" for e in examples)
    print(f"examples: {len(examples)} ({n_gold} gold, {len(examples) - n_gold} annotated; "
          f"{unmatched} annotations without a candidate)", file=sys.stderr)
    seeds = args.cv_seeds or [0]
    if args.cv and len(seeds) == 1:
        print(json.dumps(cross_validate(examples, sentences, clusters, lang=lang, k=args.cv, seed=seeds[0]), indent=1))
    elif args.cv:
        print(json.dumps(cross_validate_splits(examples, sentences, clusters, lang=lang, k=args.cv, seeds=seeds,
                                               jobs=args.jobs), indent=1))
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
