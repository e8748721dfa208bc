#!/usr/bin/env python3
"""Regenerate the generated language-data tables from their sources.

Each module in ``scripts/builders/`` defines ``build(shared: Path | None) -> dict[str, dict]``
mapping a target path (relative to ``src/marsad/langdata``) to the table's JSON content.
A builder whose sources live in ``../shared`` returns ``{}`` when ``shared`` is None and
sets ``NEEDS_SHARED = True``. ``--check`` compares a fresh build with what is committed
(used by the tests) instead of writing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGDATA = ROOT / "src" / "marsad" / "langdata"
BUILDERS = Path(__file__).resolve().parent / "builders"
DEFAULT_SHARED = ROOT.parent / "shared" / "data"


def dump(data: dict) -> str:
    """The one serialisation of generated tables, so a rebuild is byte-identical."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def load_builders(only: list[str] | None = None):
    for path in sorted(BUILDERS.glob("*.py")):
        if path.name.startswith("_") or (only and path.stem not in only):
            continue
        spec = importlib.util.spec_from_file_location(f"builders.{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield path.stem, module


def build_all(shared: Path | None, only: list[str] | None = None) -> tuple[dict[str, str], list[str]]:
    outputs: dict[str, str] = {}
    skipped: list[str] = []
    for name, module in load_builders(only):
        if getattr(module, "NEEDS_SHARED", False) and shared is None:
            skipped.append(name)
            continue
        for target, data in module.build(shared).items():
            outputs[target] = dump(data)
    return outputs, skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared data folder")
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    parser.add_argument("only", nargs="*", help="builder names (default: all)")
    args = parser.parse_args(argv)
    shared = args.shared if args.shared.is_dir() else None
    outputs, skipped = build_all(shared, args.only or None)
    for name in skipped:
        print(f"skipped {name}: {args.shared} is absent", file=sys.stderr)
    stale = []
    for target, content in sorted(outputs.items()):
        path = LANGDATA / target
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != content:
                stale.append(target)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print("stale generated language data: " + ", ".join(stale), file=sys.stderr)
        return 1
    if not args.check:
        from marsad.langdata.loader import write_validation_manifest

        print(f"wrote {write_validation_manifest(LANGDATA).relative_to(ROOT)} (every table validated)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
