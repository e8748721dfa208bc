#!/usr/bin/env python3
"""Marsad's times stage against dateparser's ``search_dates`` on the same Arabic articles.

Both are anchored to each article's publication date (the ``# date_extracted:`` header line;
dateparser through ``RELATIVE_BASE``). Prints, in one run, how many date expressions each
finds, how many each resolves to a value, and each one's speed in articles per second with
the ratio. Marsad's time includes normalization and segmentation (the stages ``times``
needs). Usage::

    bench/dates_vs_dateparser.py [TXT_FOLDER] [--limit N] [--show N]

The folder defaults to ``../shared/data/corpora/saudinewsnet/political-sample/txt``; when it
is absent the script says so and exits 0.

A second section measures detection against gold spans: the Wojood NER sample's DATE spans
(``../shared/data/dates/wojood-sample``, ``--wojood``): a gold span is found when a predicted
expression overlaps it (recall), a prediction is right when it overlaps a gold DATE span
(precision). Wojood's DATE also covers durations and frequencies (أسبوعياً) that neither tool
treats as dates, so recall is a floor. No publication date: this counts spans, not values.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "data" / "corpora" / "saudinewsnet" / "political-sample" / "txt"
WOJOOD = REPO.parent / "shared" / "data" / "dates" / "wojood-sample"


def load(folder: Path, limit: int | None) -> list[tuple[str, str, str | None]]:
    from marsad.errors import InputError
    from marsad.io.text import read_article_bytes

    out = []
    for path in sorted(folder.glob("*.txt"))[:limit]:
        try:
            article = read_article_bytes(path.read_bytes(), name=str(path))
        except InputError as exc:
            print(f"skipped {exc}", file=sys.stderr)
            continue
        stamp = article.header.get("date_extracted", "")[:10] or None
        out.append((path.name, article.text, stamp))
    return out


def run_marsad(articles):
    from marsad.langdata.loader import load_langdata
    from marsad.settings import Settings
    from marsad.stages.metadata import Metadata
    from marsad.stages.normalize import normalize
    from marsad.stages.segment import segment
    from marsad.stages.times import extract_times

    lang = load_langdata("ar")
    settings = Settings()
    normalize("تهيئة", lang=lang)  # build the derived tables before timing
    results = []
    stage_only = 0.0
    t0 = time.perf_counter()
    for _, text, stamp in articles:
        norm = normalize(text, lang=lang, settings=settings)
        seg = segment(text, norm, lang=lang, settings=settings)
        meta = Metadata(published=stamp, published_basis="header" if stamp else None)
        t1 = time.perf_counter()
        results.append(extract_times(text, norm, seg, meta, lang=lang, settings=settings))
        stage_only += time.perf_counter() - t1
    return results, time.perf_counter() - t0, stage_only


def run_dateparser(articles):
    from dateparser.search import search_dates

    search_dates("1 يناير 2015", languages=["ar"])  # load the language data before timing
    results = []
    t0 = time.perf_counter()
    for _, text, stamp in articles:
        settings = {}
        if stamp:
            settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(stamp)
        try:
            found = search_dates(text, languages=["ar"], settings=settings) or []
        except Exception as exc:  # a third-party failure on one article must not end the run
            print(f"dateparser failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            found = []
        results.append(found)
    return results, time.perf_counter() - t0


def wojood_sentences(folder: Path) -> list[tuple[str, list[tuple[int, int]]]]:
    """Sentences as text (tokens joined by spaces) with their outermost DATE spans."""
    out: list[tuple[str, list[tuple[int, int]]]] = []
    for path in (folder / name for name in ("train.txt", "val.txt", "test.txt")):
        if not path.is_file():
            continue
        words: list[str] = []
        spans: list[tuple[int, int]] = []
        pos = 0
        open_at: int | None = None

        def flush() -> None:
            nonlocal words, spans, pos, open_at
            if open_at is not None:
                spans.append((open_at, pos - 1))
            if words:
                out.append((" ".join(words), spans))
            words, spans, pos, open_at = [], [], 0, None

        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if not parts or not parts[0].strip():
                flush()
                continue
            word, tags = parts[0], parts[1:]
            if not any(t.endswith("DATE") for t in tags) or "B-DATE" in tags:
                if open_at is not None:
                    spans.append((open_at, pos - 1))
                    open_at = None
                if "B-DATE" in tags:
                    open_at = pos
            words.append(word)
            pos += len(word) + 1
        flush()
    return [(text, spans) for text, spans in out if not text.startswith("-DOCSTART-")]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def detection(name: str, preds: list[list[tuple[int, int]]], gold: list[list[tuple[int, int]]]) -> str:
    n_gold = sum(len(g) for g in gold)
    n_pred = sum(len(p) for p in preds)
    found = sum(1 for g, p in zip(gold, preds, strict=True) for span in g if any(overlaps(span, q) for q in p))
    right = sum(1 for g, p in zip(gold, preds, strict=True) for q in p if any(overlaps(span, q) for span in g))
    recall = found / n_gold if n_gold else 0.0
    precision = right / n_pred if n_pred else 0.0
    return f"{name:12} {n_pred:>11} {recall:>8.1%} {precision:>10.1%}"


def run_wojood(folder: Path) -> None:
    from dateparser.search import search_dates

    from marsad.langdata.loader import load_langdata
    from marsad.settings import Settings
    from marsad.stages.metadata import Metadata
    from marsad.stages.normalize import normalize
    from marsad.stages.segment import segment
    from marsad.stages.times import extract_times

    sentences = wojood_sentences(folder)
    lang = load_langdata("ar")
    settings = Settings()
    ours: list[list[tuple[int, int]]] = []
    theirs: list[list[tuple[int, int]]] = []
    for text, _ in sentences:
        norm = normalize(text, lang=lang)
        seg = segment(text, norm, lang=lang)
        ours.append([(t.start, t.end) for t in extract_times(text, norm, seg, Metadata(), lang=lang,
                                                              settings=settings)])
        spans: list[tuple[int, int]] = []
        pos = 0
        try:
            found = search_dates(text, languages=["ar"]) or []
        except Exception:  # noqa: BLE001 - a third-party failure on one sentence must not end the run
            found = []
        for piece, _ in found:
            at = text.find(piece, pos)
            if at >= 0:
                spans.append((at, at + len(piece)))
                pos = at + len(piece)
        theirs.append(spans)
    gold = [spans for _, spans in sentences]
    print(f"Wojood DATE spans: {sum(len(g) for g in gold)} in {len(sentences)} sentences from {folder}")
    print(f"{'':12} {'predictions':>11} {'recall':>8} {'precision':>10}")
    print(detection("marsad", ours, gold))
    print(detection("dateparser", theirs, gold))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--show", type=int, default=0, help="print N sample expressions of each")
    parser.add_argument("--wojood", type=Path, default=WOJOOD, help="Wojood sample folder (gold DATE spans)")
    args = parser.parse_args(argv)
    try:
        import dateparser  # noqa: F401
    except ImportError:
        print("dateparser is not installed: pip install dateparser")
        return 0
    if args.folder.is_dir():
        compare_articles(args.folder, args.limit, args.show)
    else:
        print(f"{args.folder} is absent: nothing to measure (the SaudiNewsNet sample lives in ../shared)")
    if args.wojood.is_dir():
        print()
        run_wojood(args.wojood)
    else:
        print(f"{args.wojood} is absent: no detection measurement against gold spans")
    return 0


def compare_articles(folder: Path, limit: int | None, show: int) -> None:
    articles = load(folder, limit)
    if not articles:
        print(f"no articles in {folder}")
        return
    ours, t_ours, t_stage = run_marsad(articles)
    theirs, t_theirs = run_dateparser(articles)
    n = len(articles)
    ours_found = sum(len(r) for r in ours)
    ours_valued = sum(1 for r in ours for t in r if t.value is not None)
    theirs_found = sum(len(r) for r in theirs)
    # dateparser returns a datetime for everything it reports: all are "resolved"
    theirs_valued = sum(1 for r in theirs for _, d in r if d is not None)
    rate_ours, rate_theirs = n / t_ours, n / t_theirs
    print(f"articles: {n} from {folder}")
    print(f"{'':12} {'expressions':>12} {'with value':>11} {'articles/s':>11}")
    print(f"{'marsad':12} {ours_found:>12} {ours_valued:>11} {rate_ours:>11.1f}")
    print(f"{'dateparser':12} {theirs_found:>12} {theirs_valued:>11} {rate_theirs:>11.1f}")
    print(f"speed ratio marsad/dateparser: {rate_ours / rate_theirs:.1f}x "
          "(marsad timed with the normalize and segment stages it needs)")
    print(f"marsad times stage alone: {n / t_stage:.1f} articles/s ({n / t_stage / rate_theirs:.1f}x dateparser)")
    rules = Counter((t.rule or "").split(":")[0] for r in ours for t in r)
    print("marsad rules: " + ", ".join(f"{k} {v}" for k, v in rules.most_common()))
    if show:
        print("-- marsad sample")
        for (name, _, stamp), r in list(zip(articles, ours, strict=True))[:show]:
            for t in r[:2]:
                print(f"  {name} [{stamp}] {t.text!r} -> {t.value} ({t.rule})")
        print("-- dateparser sample")
        for (name, _, stamp), found in list(zip(articles, theirs, strict=True))[:show]:
            for piece, d in found[:2]:
                print(f"  {name} [{stamp}] {piece!r} -> {d.date().isoformat()}")

if __name__ == "__main__":
    sys.exit(main())
