#!/usr/bin/env python3
"""Run every benchmark in bench/ in turn (each prints its own figures and ratios).

``--quick`` (``make bench QUICK=1``) is not passed on: it sets MARSAD_BENCH_QUICK=1 for every
benchmark, and those with a long run shorten it (bench/long_article.py stops at 100x). Other
arguments are passed to every benchmark."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    status = 0
    args = [a for a in sys.argv[1:] if a != "--quick"]
    env = {**os.environ, **({"MARSAD_BENCH_QUICK": "1"} if "--quick" in sys.argv[1:] else {})}
    for script in sorted(HERE.glob("*.py")):
        if script.name == Path(__file__).name or script.name.startswith("_"):
            continue
        print(f"== {script.name}", flush=True)
        status |= subprocess.call([sys.executable, str(script), *args], env=env)
    return status


if __name__ == "__main__":
    sys.exit(main())
