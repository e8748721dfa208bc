#!/usr/bin/env python3
"""Draw random coded events (and quotes) from real news for a hand check of precision:
shuffle the SaudiNewsNet articles with a seed, code them in that order until every requested
PLOVER type has enough events, and print a random sample of each type with the trigger in [[…]]
and the rule, modality, source and target; ``--quotes N`` also prints N random quotes with their
cue and the speaker's name (one quote per article). Usage::

    scripts/sample_events.py [--corpus DIR] [--seed S] [--per-type N] [--types T ...]
                             [--quotes N] [--exclude FILE] [--seen-out FILE]

``--seen-out`` writes the URLs of the articles this run coded; pass such files to a later run
with ``--exclude`` so that each hand check reads articles never read before. Exits 0 with a
message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "data" / "corpora" / "saudinewsnet" / "raw"


def _records(corpus: Path) -> list[dict]:
    out: list[dict] = []
    for path in sorted(corpus.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for member in sorted(archive.namelist()):
                out += json.loads(archive.read(member))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-type", type=int, default=40)
    parser.add_argument("--types", nargs="+", default=["PROTEST", "ASSAULT"])
    parser.add_argument("--quotes", type=int, default=0, help="also sample N quotes")
    parser.add_argument("--exclude", type=Path, action="append", default=[])
    parser.add_argument("--seen-out", type=Path)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}: nothing to sample")
        return 0

    from marsad.pipeline import code_article

    seen: set[str] = set()
    for path in args.exclude:
        seen |= {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    records = [r for r in _records(args.corpus) if r.get("content") and r.get("url") not in seen]
    rng = random.Random(args.seed)
    rng.shuffle(records)
    found: dict[str, list[dict]] = {t: [] for t in args.types}
    quotes: list[dict] = []
    coded: list[str] = []
    for rec in records:
        coded.append(str(rec.get("url")))
        doc = code_article(rec["content"], published=(rec.get("date_extracted") or "")[:10] or None)
        for e in doc.events:
            if e.plover in found:
                found[e.plover].append({
                    "url": rec.get("url"), "rule": e.rule, "modality": e.modality,
                    "source": e.source.code if e.source else None, "target": e.target.code if e.target else None,
                    "context": doc.text[max(0, e.start - 200):e.start] + "[[" + e.text + "]]" + doc.text[e.end:e.end + 120],
                })
        names = {ent.id: ent.text for ent in doc.entities}
        for q in ([rng.choice(doc.quotes)] if doc.quotes else []):  # one per article
            quotes.append({
                "kind": q.kind, "speaker": names.get(q.speaker or "", "-"), "cue": q.cue,
                "context": doc.text[max(0, q.start - 200):q.start] + "[[" + q.text[:150] + "]]",
            })
        # enough to sample from without favouring the first articles read
        if all(len(v) >= 1.5 * args.per_type for v in found.values()) and len(quotes) >= 1.5 * args.quotes:
            break
    if args.seen_out:
        args.seen_out.write_text("\n".join(coded) + "\n", encoding="utf-8")
    print(f"articles coded: {len(coded)}; events found: " + ", ".join(f"{t} {len(v)}" for t, v in found.items()))
    for etype, events in found.items():
        rng.shuffle(events)
        print(f"\n== {etype}")
        for n, e in enumerate(events[:args.per_type]):
            context = e["context"].replace("\n", " ")
            print(f"{n:3d} {e['rule']} {e['modality']} {e['source']}→{e['target']} | {context}")
    if args.quotes:
        rng.shuffle(quotes)
        print("\n== quotes")
        for n, q in enumerate(quotes[:args.quotes]):
            context = q["context"].replace("\n", " ")
            print(f"{n:3d} {q['kind']} speaker={q['speaker']} cue={q['cue']} | {context}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
