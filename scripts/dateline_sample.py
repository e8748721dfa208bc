#!/usr/bin/env python3
"""Count what the metadata stage reads from the datelines of a sample of SaudiNewsNet articles.

Draws ``--sample`` articles (seeded) from the raw zips, runs normalization, segmentation, the
metadata stage and the entity stage on each (with its header: source, url, date_extracted,
title) and prints, overall and by source, how many articles get

* a dateline (a span at the top of the body),
* a dateline place (a place entity inside that span),
* a dateline agency (the publisher or wire named inside that span),
* a dateline date (``published_basis == "dateline"``),

and ``--misses`` first lines of articles without a dateline, for finding the shapes it misses.
Usage::

    scripts/dateline_sample.py [--raw DIR] [--sample 2000] [--seed 17] [--misses 0]

Exits 0 with a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RAW = REPO.parent / "shared" / "data" / "corpora" / "saudinewsnet" / "raw"
KINDS = ("dateline", "place", "agency", "date")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=RAW, help="folder of the SaudiNewsNet zips")
    parser.add_argument("--sample", type=int, default=2000, help="articles drawn at random")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--misses", type=int, default=0, help="first lines of undated-dateline articles to print")
    args = parser.parse_args(argv)
    if not args.raw.is_dir():
        print(f"{args.raw} is absent: nothing to count")
        return 0
    if args.sample < 1:
        print("--sample must be at least 1", file=sys.stderr)
        return 2
    from marsad import load_langdata
    from marsad.evaluation.corpus import raw_records
    from marsad.settings import Settings
    from marsad.stages.entities import extract_entities
    from marsad.stages.metadata import extract_metadata
    from marsad.stages.normalize import normalize
    from marsad.stages.segment import segment

    lang = load_langdata("ar")
    settings = Settings()
    records = [r for r in raw_records(args.raw) if str(r.get("content") or "").strip()]
    rng = random.Random(args.seed)
    sample = rng.sample(records, min(args.sample, len(records)))
    total: Counter[str] = Counter()
    by_source: dict[str, Counter[str]] = {}
    misses: list[tuple[str, str]] = []
    for rec in sample:
        text = str(rec.get("content") or "")
        header = {k: str(rec[k]) for k in ("source", "url", "date_extracted", "title") if rec.get(k)}
        norm = normalize(text, lang=lang)
        seg = segment(text, norm, lang=lang)
        meta = extract_metadata(text, norm, seg, header, lang=lang, settings=settings)
        found: set[str] = set()
        if meta.dateline is not None:
            lo, hi = meta.dateline
            found.add("dateline")
            if any(n is not None and n.start is not None and lo <= n.start and n.end <= hi
                   for n in (meta.publisher, meta.wire)):
                found.add("agency")
            if meta.published_basis == "dateline":
                found.add("date")
            entities = extract_entities(text, norm, seg, meta, lang=lang, settings=settings)
            if any(e.type == "LOC" and lo <= e.start and e.end <= hi for e in entities):
                found.add("place")
        source = header.get("source", "?")
        counts = by_source.setdefault(source, Counter())
        counts["articles"] += 1
        total["articles"] += 1
        for kind in found:
            counts[kind] += 1
            total[kind] += 1
        if "dateline" not in found and len(misses) < args.misses:
            first = next((line.strip() for line in text.splitlines() if line.strip()), "")
            misses.append((source, first[:140]))
    print(f"sample {total['articles']} of {len(records)} articles (seed {args.seed})")
    print("overall: " + ", ".join(f"{k} {total[k]}" for k in KINDS))
    for source in sorted(by_source):
        c = by_source[source]
        print(f"  {source:<13} {c['articles']:>5} articles: " + ", ".join(f"{k} {c[k]}" for k in KINDS))
    for source, first in misses:
        print(f"miss\t{source}\t{first}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
