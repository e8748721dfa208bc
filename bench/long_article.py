#!/usr/bin/env python3
"""Does coding time grow linearly with article length? The bundled example article's body
repeated N times (joined with blank lines), each size coded through the path of ``marsad code``
(the readers, ``code_record``, the JSON line; the language data frozen out of the cycle
collector after a warm-up article, as ``marsad code`` does) in its own subprocess, in the same
run; prints characters, CPU and wall seconds, CPU time per character relative to the 10x run
and the child's peak memory (maxrss). A size that takes under a second is coded several times
and its fastest run kept. CPU time, not wall time, is compared: the machine may be shared.

Characters are those coded: 1000x (2.15 M) is cut to ``Settings.max_chars`` (2 M), as
``marsad code`` cuts it, with a warning. ``--file-mb 9`` also codes a file of that many
megabytes (the body repeated; cut the same way) and prints the warning it gets.
Usage::

    bench/long_article.py [--sizes 1,10,100,1000] [--file-mb 9] [--quick] [--timeout SECONDS]

``--quick`` (or MARSAD_BENCH_QUICK=1, which ``bench/run_all.py --quick`` sets) stops at 100x and
skips the large file. The issue's target (17): time per character at 1000x within 1.5x of the
10x run, the 9 MB file finishes, memory under 1 GB. A size that runs past ``--timeout`` is
stopped and shown as such.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "src" / "marsad" / "examples" / "sputnik-tajikistan-2021-07-22.ar.txt"

WORKER = r"""
import gc, json, resource, sys, time
from marsad.cli.code import code_record
from marsad.io.readers import iter_articles
from marsad.model import document_to_dict
warm = next(iter(iter_articles([sys.argv[2]])))
code_record(warm)  # load the language data, matchers and models before the clock starts
gc.freeze()  # as marsad code does after its first article
repeats = int(sys.argv[3])
best = None
for _ in range(repeats):
    cpu, wall = time.process_time(), time.perf_counter()
    events = chars = size = 0
    warnings = []
    for result in iter_articles([sys.argv[1]]):
        doc = code_record(result)
        size += len(json.dumps(document_to_dict(doc), ensure_ascii=False))  # the line marsad code prints
        events += len(doc.events)
        chars += len(doc.text)  # as coded: a text longer than Settings.max_chars is cut
        warnings += doc.warnings
    run = {"cpu": time.process_time() - cpu, "seconds": time.perf_counter() - wall}
    if best is None or run["cpu"] < best["cpu"]:
        best = run
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux
print(json.dumps({**best, "events": events, "chars": chars, "bytes": size, "warnings": warnings,
                  "peak_mb": peak_kb / 1024}, ensure_ascii=False))
"""


def _sizes(value: str) -> list[int]:
    try:
        sizes = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a comma-separated list of whole numbers") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be whole numbers of at least 1")
    return sizes


def _run(path: Path, repeats: int, timeout: float) -> dict | None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    try:
        out = subprocess.run([sys.executable, "-c", WORKER, str(path), str(EXAMPLE), str(repeats)],
                             capture_output=True, text=True, env=env, check=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, default=None,
                        help="how many copies of the body, comma-separated (default 1,10,100,1000)")
    parser.add_argument("--file-mb", type=float, default=9.0,
                        help="also code a file of this many MB (default 9; 0 skips it)")
    parser.add_argument("--quick", action="store_true", help="stop at 100x and skip the large file")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds allowed per size (default 900)")
    args, _ = parser.parse_known_args(argv)  # bench/run_all.py passes its arguments to every bench
    quick = args.quick or os.environ.get("MARSAD_BENCH_QUICK") == "1"
    sizes = args.sizes or ([1, 10, 100] if quick else [1, 10, 100, 1000])
    body = EXAMPLE.read_text(encoding="utf-8").strip()
    copy_bytes = len((body + "\n\n").encode("utf-8"))
    runs: list[tuple[str, int]] = [(f"{n}x", n) for n in sizes]
    if args.file_mb > 0 and not quick:
        runs.append((f"{args.file_mb:g} MB", math.ceil(args.file_mb * 1_000_000 / copy_bytes)))
    rows: list[tuple[str, int, int, dict | None]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, n in runs:
            path = Path(tmp) / f"long-{n}.txt"
            text = "\n\n".join([body] * n) + "\n"
            path.write_text(text, encoding="utf-8")
            repeats = max(1, min(20, 200_000 // len(text)))  # about two seconds of coding at the least
            got = _run(path, repeats, args.timeout)
            rows.append((label, path.stat().st_size, len(text), got))
    ref = next((got for label, _, _, got in rows if label == "10x" and got), None)
    ref_per_char = ref["cpu"] / ref["chars"] if ref else None
    print(f"the example body ({len(body)} characters) repeated; CPU time per character relative to "
          f"{'the 10x run' if ref else 'nothing (no 10x run)'}")
    print(f"  {'size':>7s} {'MB':>6s} {'characters':>11s} {'CPU s':>8s} {'wall s':>8s} {'per char':>9s} "
          f"{'peak MB':>8s} {'events':>7s}")
    for label, size, chars, got in rows:
        if got is None:
            print(f"  {label:>7s} {size / 1e6:6.2f} {chars:11d}   did not finish in {args.timeout:g} s")
            continue
        rel = f"{got['cpu'] / got['chars'] / ref_per_char:8.2f}x" if ref_per_char else "        -"
        print(f"  {label:>7s} {size / 1e6:6.2f} {got['chars']:11d} {got['cpu']:8.2f} {got['seconds']:8.2f} {rel} "
              f"{got['peak_mb']:8.0f} {got['events']:7d}")
        for warning in got["warnings"]:
            print(f"  {'':>7s} warning: {warning}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
