#!/usr/bin/env python3
"""What the actor registry costs ``marsad code``: the same SaudiNewsNet articles coded by an
earlier revision (``--base REV``, default the last commit before the registry: 499 people),
by this tree with the shipped registry (1,435 actors), and by this tree with a user registry
of ``--user N`` extra entries as well, each in its own subprocess, in the same run; prints CPU
ms per article, entities and coded entities, and the ratios. Usage::

    bench/registry_cost.py [--corpus DIR] [--limit N] [--base REV] [--repeat K] [--user N]

Exits 0 with a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASE = "edca874"  # the code before the registry

WORKER = r"""
import json, sys, resource
from marsad.pipeline import code_article
from marsad.langdata.loader import load_langdata
from marsad.settings import Settings
records = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
user = sys.argv[2] if len(sys.argv) > 2 else None
settings = Settings(actors=user) if user else Settings()
lang = load_langdata("ar")
for rec in records[:20]:  # warm the caches (language data, models, registry)
    code_article(rec["content"], lang=lang, settings=settings)
start = resource.getrusage(resource.RUSAGE_SELF)
entities = coded = 0
for rec in records:
    doc = code_article(rec["content"], lang=lang, settings=settings)
    entities += len(doc.entities)
    coded += sum(1 for e in doc.entities if e.actor is not None and e.actor.code != "---")
end = resource.getrusage(resource.RUSAGE_SELF)
cpu = (end.ru_utime - start.ru_utime) + (end.ru_stime - start.ru_stime)
print(json.dumps({"cpu_ms": 1000 * cpu / len(records), "entities": entities, "coded": coded}))
"""


def _helpers():
    spec = importlib.util.spec_from_file_location("event_model_cost", REPO / "bench" / "event_model_cost.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _user_registry(path: Path, n: int) -> None:
    """``n`` made-up people (two-word names of letters that are no Arabic words) as a TSV registry."""
    letters = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
    rows = ["name\tcode\tfrom\tto"]
    for k in range(n):
        m = len(letters)
        first = letters[k % m] + letters[(k // m) % m] + letters[(k // (m * m)) % m] + "ظغ"
        rows.append(f"{first} {first[::-1]}ظ\tIRQGOV\t2010-01-01\t")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def _run(src: Path, sample: Path, *extra: str) -> dict:
    env = {"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", WORKER, str(sample), *extra], capture_output=True, text=True,
                         env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    helpers = _helpers()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=helpers.DEFAULT)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--base", default=BASE, help="the earlier revision to compare with (git)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the fastest counts")
    parser.add_argument("--user", type=int, default=2000, help="entries of the user registry")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}: nothing to measure")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        sample = tmpdir / "sample.jsonl"
        n = helpers._sample(args.corpus, args.limit, sample)
        user = tmpdir / "user.tsv"
        _user_registry(user, args.user)
        old_src = helpers._export(args.base, tmpdir / "base")
        runs = {"base": (old_src, ()), "shipped": (REPO / "src", ()), "with_user": (REPO / "src", (str(user),))}
        best = helpers.fastest_of(runs, args.repeat, lambda src, extra: _run(src, sample, *extra))
    base = best["base"]["cpu_ms"]
    print(f"articles: {n}; CPU ms per article (fastest of {args.repeat}); user registry: {args.user} entries")
    for name, got in best.items():
        print(f"  {name:9s} {got['cpu_ms']:7.2f} ms  {got['cpu_ms'] / base:5.2f}x base ({args.base})  "
              f"entities {got['entities']}, with an actor code {got['coded']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
