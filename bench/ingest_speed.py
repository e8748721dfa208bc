#!/usr/bin/env python3
"""End-to-end speed of ``marsad code`` and ``marsad ingest`` on SaudiNewsNet, per core, with
peak memory, the pipeline's per-stage time shares, and two baselines measured in the same
run on the same articles: reading + normalizing only, and one pyahocorasick pass of the
gazetteer's (normalized) names over the same normalized text. Usage::

    bench/ingest_speed.py [--corpus DIR] [--limit N | --all] [--workers N] [--batch-size N]

The corpus (``../shared/data/corpora/saudinewsnet/raw/*.zip``, 31,030 articles in 18 daily
zips) is sampled evenly (every k-th record of every day) into one JSON Lines file of the
original records, so both commands read the same format they would read from the zips;
``--all`` runs them on the zips themselves. Each command runs as a subprocess, before this
process loads anything big; its peak memory is the largest resident set of one process of
its tree (``wait4`` rusage, which covers the worker processes it waited for). Exits 0 with a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "data" / "corpora" / "saudinewsnet" / "raw"
MARSAD = [sys.executable, "-m", "marsad"]


def _sample(zips: list[Path], limit: int, out: Path) -> int:
    """Every k-th original record of every day into ``out`` (JSON Lines); returns the count."""
    sizes = []
    for path in zips:
        with zipfile.ZipFile(path) as archive:
            sizes.append(sum(len(json.loads(archive.read(m))) for m in sorted(archive.namelist())))
    step = max(1, sum(sizes) // limit)
    written = 0
    with out.open("w", encoding="utf-8") as handle:
        for path in zips:
            with zipfile.ZipFile(path) as archive:
                for member in sorted(archive.namelist()):
                    for record in json.loads(archive.read(member))[::step]:
                        if written < limit:
                            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                            written += 1
    return written


def _run(args: list[str]) -> tuple[float, int, int, str, float]:
    """Run a command; (seconds, exit code, peak RSS in KiB of one process of its tree, stdout
    tail, CPU seconds of its tree)."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO)
    assert proc.stdout is not None
    tail = ""
    for line in proc.stdout:  # read as it comes so the pipe never fills
        tail = line if line.strip() and not line.startswith("{") else tail
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - started, proc.returncode, usage.ru_maxrss, tail.strip(), cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=400, help="articles sampled (default 400)")
    parser.add_argument("--all", action="store_true", help="every article, read from the zips")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch-size", type=int, default=200)
    args, _ = parser.parse_known_args(argv)

    zips = sorted(args.corpus.glob("*.zip")) if args.corpus.is_dir() else []
    if not zips:
        print(f"ingest_speed: skipped: no SaudiNewsNet zips in {args.corpus}")
        return 0

    import ahocorasick

    from marsad.io.readers import iter_articles
    from marsad.langdata.loader import load_langdata
    from marsad.pipeline import STAGES, code_article
    from marsad.settings import Settings
    from marsad.stages.normalize import normalize, normalize_string

    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
        if args.all:
            inputs = [str(p) for p in zips]
            what = f"all of {len(zips)} SaudiNewsNet zips"
        else:
            sample = Path(tmp) / "sample.jsonl"
            n = _sample(zips, args.limit, sample)
            inputs = [str(sample)]
            what = f"{n} articles sampled evenly from {len(zips)} SaudiNewsNet zips"

        # -- the commands, end to end, first: a child's peak RSS counts its parent's at fork time
        code_t, code_rc, code_rss, _, code_cpu = _run([*MARSAD, "code", *inputs])
        runs = []
        for workers in sorted({1, args.workers}):
            db = Path(tmp) / f"ingest-{workers}.db"
            t, rc, rss, tail, cpu = _run([*MARSAD, "ingest", *inputs, "--db", str(db), "-q", "--workers",
                                          str(workers), "--batch-size", str(args.batch_size)])
            runs.append((workers, t, rc, rss, tail, cpu))

        # -- in this process: baselines and per-stage times over the same articles ------------
        lang = load_langdata("ar")
        settings = Settings()
        code_article("تجربة.", lang=lang, settings=settings)  # load and derive before timing
        started = time.perf_counter()
        records = [r.article for r in iter_articles(inputs) if r.article is not None]
        read_s = time.perf_counter() - started
        n = len(records)
        chars = sum(len(a.text) for a in records)
        started = time.perf_counter()
        # Only the normalized strings are kept (a NormalizedText's offset maps, for 30,000
        # articles, would hold gigabytes): the Aho-Corasick pass reads nothing else.
        norms = [normalize(a.text, lang=lang, settings=settings).text for a in records]
        norm_s = time.perf_counter() - started

        started = time.perf_counter()
        automaton = ahocorasick.Automaton()
        for place in json.loads((REPO / "src/marsad/langdata/ar/gazetteer.json").read_text("utf-8"))["places"]:
            for name in place["names"]:
                key = normalize_string(name, lang=lang)
                if key:
                    automaton.add_word(key, key)
        automaton.make_automaton()
        build_s = time.perf_counter() - started
        started = time.perf_counter()
        hits = sum(1 for norm in norms for _ in automaton.iter(norm))
        aho_s = time.perf_counter() - started

        stage_s = dict.fromkeys((s.name for s in STAGES), 0.0)
        cpu_started = time.process_time()
        for article in records:
            state = {"text": article.text, "header": dict(article.header)}
            for stage in STAGES:
                began = time.perf_counter()
                state[stage.produces] = stage.run(*(state[r] for r in stage.requires), lang=lang,
                                                  settings=settings)
                stage_s[stage.name] += time.perf_counter() - began
        pipeline_cpu = time.process_time() - cpu_started
        del records, norms, state
        pipeline_s = sum(stage_s.values())
        self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


    print(f"articles: {what}: {n} read ({chars / max(n, 1):.0f} characters on average); "
          f"{cores} cores on this machine (load average {os.getloadavg()[0]:.1f} at the end)")
    print("\nend to end (a fresh process: start-up, reading, coding; ingest also stores in SQLite):")
    print("  (per core: articles/s over the cores asked for; per CPU-second: articles over the CPU time the")
    print("   command's processes used, which does not depend on what else the machine is running)")
    print(f"  {'command':30} {'seconds':>8} {'articles/s':>11} {'per core':>9} {'CPU s':>7} {'per CPU-s':>10} "
          f"{'CPU ms/art':>10} {'peak RSS':>9}")

    def row(label: str, seconds: float, used: int, rss: int, rc: int, cpu: float) -> None:
        rate = n / seconds
        note = "" if rc in (0, 2) else f"  (exit {rc})"
        print(f"  {label:30} {seconds:8.1f} {rate:11.2f} {rate / used:9.2f} {cpu:7.1f} {n / cpu:10.2f} "
              f"{1000 * cpu / n:10.1f} {rss / 1024:6.0f} MB{note}")

    row("marsad code (1 process)", code_t, 1, code_rss, code_rc, code_cpu)
    for workers, t, rc, rss, _, cpu in runs:
        row(f"marsad ingest --workers {workers}", t, min(workers, cores), rss, rc, cpu)
    for workers, *_, tail, _ in runs:
        print(f"    --workers {workers}: {tail}")
    for workers, *_, tail, _ in runs:
        found = re.search(r"([\d.]+) CPU s in the writing process", tail)
        if workers > 1 and found and float(found.group(1)) > 0:
            serial = float(found.group(1))
            print(f"  the writing process of --workers {workers} (reads, keys, clusters, writes; one process "
                  f"whatever the workers): {1000 * serial / n:.1f} CPU ms/article, so at most "
                  f"{n / serial:.0f} articles/s on any number of cores")
    print(f"  peak RSS of this process (stage timing, baselines): {self_peak / 1024:.0f} MB; "
          f"largest child: {children_peak / 1024:.0f} MB (per process: forked workers share pages)")

    print(f"\nin this process, {n} articles, one core:")
    print(f"  baseline A, read + normalize:      {read_s + norm_s:7.2f} s  {n / (read_s + norm_s):9.1f} articles/s "
          f"(read {read_s:.2f} s, normalize {norm_s:.2f} s)")
    print(f"  baseline B, one gazetteer pass:    {aho_s:7.2f} s  {n / aho_s:9.1f} articles/s "
          f"({len(automaton)} normalized names, {hits} raw hits; automaton built in {build_s:.2f} s)")
    print(f"  the pipeline's stages:             {pipeline_s:7.2f} s  {n / pipeline_s:9.1f} articles/s "
          f"({1000 * pipeline_s / n:.1f} ms per article; CPU {1000 * pipeline_cpu / n:.1f} ms per article)")
    print("  per-stage time shares:")
    for name, seconds in sorted(stage_s.items(), key=lambda kv: -kv[1]):
        print(f"    {name:12} {100 * seconds / pipeline_s:5.1f} %  {1000 * seconds / n:7.2f} ms/article")

    print("\nratios (time per article; higher = slower than the baseline):")
    code_per = code_t / n
    ingest_best = min(t for _, t, *_ in runs) / n
    base_a = (read_s + norm_s) / n
    base_b = aho_s / n
    print(f"  stages / read+normalize:             {pipeline_s / n / base_a:8.1f}x")
    print(f"  stages / gazetteer pass:             {pipeline_s / n / base_b:8.1f}x")
    print(f"  marsad code / read+normalize:        {code_per / base_a:8.1f}x")
    print(f"  marsad code / gazetteer pass:        {code_per / base_b:8.1f}x")
    print(f"  marsad ingest (best) / read+norm.:   {ingest_best / base_a:8.1f}x")
    print(f"  marsad ingest (best) / gazetteer:    {ingest_best / base_b:8.1f}x")
    for workers, t, *_ in runs:
        print(f"  marsad ingest -j{workers} / marsad code:      {t / code_t:8.2f}x")
    return 0 if code_rc in (0, 2) and all(rc in (0, 2) for _, _, rc, *_ in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
