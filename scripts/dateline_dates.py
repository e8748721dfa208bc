#!/usr/bin/env python3
"""Count how SaudiNewsNet articles get their publication date from the metadata stage.

Runs normalization, segmentation and the metadata stage (not the whole pipeline) on every
article of the raw zips with its header (source, url, date_extracted, title) and prints the
articles by ``published_basis`` and by source, the number whose wire is each agency, and a
random sample of dateline-dated articles (first line, header date, date found) for checking
by hand. Usage::

    scripts/dateline_dates.py [--raw DIR] [--sample N] [--seed S]

Exits 0 with a message when the corpus is absent. About a minute for the 31,030 articles.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RAW = REPO.parent / "shared" / "data" / "corpora" / "saudinewsnet" / "raw"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=RAW, help="folder of the SaudiNewsNet zips")
    parser.add_argument("--sample", type=int, default=20, help="dateline-dated articles to list")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args(argv)
    if not args.raw.is_dir():
        print(f"{args.raw} is absent: nothing to count")
        return 0
    from marsad import load_langdata
    from marsad.evaluation.corpus import raw_records
    from marsad.settings import Settings
    from marsad.stages.metadata import extract_metadata
    from marsad.stages.normalize import normalize
    from marsad.stages.segment import segment

    lang = load_langdata("ar")
    settings = Settings()
    basis: Counter[str] = Counter()
    by_source: Counter[tuple[str, str]] = Counter()
    wires: Counter[str] = Counter()
    dated: list[tuple[str, str, str, str]] = []
    for rec in raw_records(args.raw):
        text = str(rec.get("content") or "")
        header = {k: str(rec[k]) for k in ("source", "url", "date_extracted", "title") if rec.get(k)}
        norm = normalize(text, lang=lang)
        meta = extract_metadata(text, norm, segment(text, norm, lang=lang), header, lang=lang, settings=settings)
        key = meta.published_basis or "none"
        basis[key] += 1
        by_source[(header.get("source", "?"), key)] += 1
        if meta.wire is not None and meta.wire.name:
            wires[meta.wire.name] += 1
        if key == "dateline" and meta.dateline is not None:
            line = text[meta.dateline[0]:meta.dateline[1]]
            dated.append((header.get("source", "?"), header.get("date_extracted", "")[:10], meta.published or "", line))
    print("published_basis:", ", ".join(f"{k} {v}" for k, v in basis.most_common()))
    print("dateline-dated by source:", ", ".join(f"{s} {v}" for (s, k), v in sorted(by_source.items()) if k == "dateline"))
    print("wires:", ", ".join(f"{k} {v}" for k, v in wires.most_common()))
    for source, crawled, published, line in random.Random(args.seed).sample(dated, min(args.sample, len(dated))):
        print(f"{source}\tcrawled {crawled}\tpublished {published}\t{line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
