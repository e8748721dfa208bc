#!/usr/bin/env python3
"""List pattern candidates of SaudiNewsNet articles outside the political sample, for hand labelling.

Every candidate the patterns produce (before the model's threshold) is printed as one JSON line
with its URL, offsets, trigger span, CAMEO code, rule, modality, participants, current confidence
and a short context with the trigger in [[…]]. The annotator adds ``real_event``, ``root_ok``,
``gold_root``, ``modality`` and ``note`` and keeps only the fields of
``tests/annotations/events_candidates.jsonl`` (the context is never committed: it is the
publisher's text). The criteria are in ``docs/annotation/event_candidates.md``. Usage::

    scripts/annotation_candidates.py --zips 2015-07-21.zip ... [--seed S] [--per-article N]
                                     [--per-root N] [--limit N] [--exclude FILE ...] [--passing]

With ``--passing`` only the events at or above the model's threshold are listed (with their
actors' text): the sample of a hand check of whole triples.

Articles are shuffled with the seed; at most ``--per-article`` candidates of an article and
``--per-root`` of a CAMEO root are listed, so that the sample spreads over articles and roots.
Exits 0 with a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data" / "corpora" / "saudinewsnet"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED)
    parser.add_argument("--zips", nargs="+", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-article", type=int, default=3)
    parser.add_argument("--per-root", type=int, default=40)
    parser.add_argument("--limit", type=int, default=150)
    parser.add_argument("--exclude", type=Path, action="append", default=[],
                        help="a file of URLs (one a line) or a JSONL file with a url field")
    parser.add_argument("--passing", action="store_true",
                        help="only events at or above the model's threshold (what users see): a hand check")
    args = parser.parse_args(argv)
    raw = args.corpus / "raw"
    if not raw.is_dir():
        print(f"corpus not found at {raw}: nothing to list")
        return 0

    from marsad.confidence import default_threshold
    from marsad.evaluation.corpus import political_sample_urls, raw_records
    from marsad.langdata.loader import load_langdata
    from marsad.pipeline import run_stages
    from marsad.settings import Settings

    seen = political_sample_urls(args.corpus / "political-sample" / "articles.jsonl")
    for path in args.exclude:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("{"):
                seen.add(str(json.loads(line).get("url")))
            elif line:
                seen.add(line)
    records = [r for r in raw_records(raw, zips=args.zips)
               if r.get("content") and r.get("url") not in seen]
    rng = random.Random(args.seed)
    rng.shuffle(records)
    lang = load_langdata("ar")
    settings = Settings()
    threshold = default_threshold(settings) if args.passing else None
    per_root: dict[str, int] = {}
    listed = 0
    urls: set[str] = set()
    for rec in records:
        if listed >= args.limit:
            break
        url = str(rec["url"])
        if url in urls:
            continue
        urls.add(url)
        text = str(rec["content"])
        published = str(rec.get("date_extracted") or "")[:10] or None
        state = run_stages(text, header={"published": published} if published else None, lang=lang,
                           settings=settings, until="dating")
        events = [e for e in state["events"]  # every candidate, each with the model's confidence
                  if threshold is None or (e.confidence is not None and e.confidence >= threshold)]
        rng.shuffle(events)
        taken = 0
        for event in events:
            root = event.cameo[:2]
            if taken >= args.per_article or per_root.get(root, 0) >= args.per_root or listed >= args.limit:
                continue
            per_root[root] = per_root.get(root, 0) + 1
            taken += 1
            listed += 1
            left = text[max(0, event.start - 260):event.start]
            right = text[event.end:event.end + 160]
            print(json.dumps({
                "url": url, "zip": rec["zip"], "outlet": rec.get("source"),
                "start": event.start, "end": event.end, "span": text[event.start:event.end],
                "cameo": event.cameo, "rule": event.rule, "modality": event.modality,
                "source": event.source.code if event.source else None,
                "target": event.target.code if event.target else None,
                "source_text": event.source.text if event.source else None,
                "target_text": event.target.text if event.target else None,
                "confidence": event.confidence,
                "context": left + "[[" + text[event.start:event.end] + "]]" + right,
            }, ensure_ascii=False))
    print(f"{listed} candidates from {len(urls)} articles; by root: "
          + ", ".join(f"{k}:{v}" for k, v in sorted(per_root.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
