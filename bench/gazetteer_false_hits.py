#!/usr/bin/env python3
"""Gazetteer false hits on real news: run the entities stage (dictionary only) over the
SaudiNewsNet political sample and count the place hits that come from the gazetteer (cities
and regions), with and without the common-word guard (stoplist + ANERcorp common words).

A hit is judged by its name against ``bench/data/gazetteer_judgements.json`` (names a reader
judged "place" or "word" in these articles, type level); hits of names not judged yet are
listed as "unjudged" so a new false hit is visible. Usage:

    .venv/bin/python bench/gazetteer_false_hits.py [--corpus ../shared/data/corpora/saudinewsnet/political-sample/txt]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "corpora" / "saudinewsnet" / "political-sample" / "txt"
JUDGEMENTS = Path(__file__).resolve().parent / "data" / "gazetteer_judgements.json"


def _articles(folder: Path) -> list[str]:
    out = []
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        out.append("\n".join(line for line in lines if not line.startswith("# ")))
    return out


def _run(texts: list[str], lang, settings) -> tuple[Counter[str], int, float]:
    from marsad.stages.entities import extract_entities
    from marsad.stages.normalize import normalize, normalize_string
    from marsad.stages.segment import segment

    hits: Counter[str] = Counter()
    total = 0
    prepared = []
    for text in texts:
        norm = normalize(text, lang=lang)
        prepared.append((text, norm, segment(text, norm, lang=lang)))
    extract_entities(*prepared[0], None, lang=lang, settings=settings)  # build the matchers once
    began = time.perf_counter()
    found = [extract_entities(*item, None, lang=lang, settings=settings) for item in prepared]
    seconds = time.perf_counter() - began
    for entities in found:
        for ent in entities:
            total += 1
            if ent.basis and ent.basis.startswith("gazetteer:"):
                hits[normalize_string(ent.text, lang=lang)] += 1
    return hits, total, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--list", action="store_true", help="print every hit name with its count")
    parser.add_argument("--unguarded", action="store_true", help="print the hits only the guard removes")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder {args.corpus} is absent", file=sys.stderr)
        return 2
    from marsad.langdata.loader import LangData, load_langdata
    from marsad.settings import Settings

    lang = load_langdata("ar")
    settings = Settings(ner=False)
    texts = _articles(args.corpus)
    judged = json.loads(JUDGEMENTS.read_text(encoding="utf-8"))
    words = {k for k, v in judged["names"].items() if v == "word"}
    places = {k for k, v in judged["names"].items() if v == "place"}

    hits, total, seconds = _run(texts, lang, settings)
    tables = {name: lang.table(name) for name in lang.names()}
    unguarded_gaz = dict(tables["gazetteer"], stoplist=[], common_words=[])
    ar_tables = {k: v for k, v in tables.items() if k not in ("countries", "cameo")}
    ar_tables["gazetteer"] = unguarded_gaz
    unguarded = LangData("ar", ar_tables, {"countries": tables["countries"]})
    raw_hits, _, _ = _run(texts, unguarded, settings)

    def report(label: str, counts: Counter[str]) -> None:
        n = sum(counts.values())
        false = sum(c for k, c in counts.items() if k in words)
        unjudged = sum(c for k, c in counts.items() if k not in words and k not in places)
        rate = false / n if n else 0.0
        print(f"{label}: {n} gazetteer hits, {false} false ({rate:.1%}), {unjudged} unjudged")

    print(f"{len(texts)} articles, {total} entities, {len(texts) / seconds:.0f} articles/s (the entities stage alone, "
          "dictionary only, one process)")
    report("with guard   ", hits)
    report("without guard", raw_hits)
    if args.unguarded:
        for name, count in raw_hits.most_common():
            if name not in hits:
                mark = "word" if name in words else "place" if name in places else "?"
                print(f"{count:5d}  {mark:5s}  {name}")
    if args.list:
        for name, count in hits.most_common():
            mark = "word" if name in words else "place" if name in places else "?"
            print(f"{count:5d}  {mark:5s}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
