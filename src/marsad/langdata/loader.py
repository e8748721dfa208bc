"""The one loader of language data.

Every table is a JSON file ``langdata/<lang>/<name>.json`` (or ``langdata/common/<name>.json``)
validated against ``langdata/schemas/<name>.schema.json``. A table without a schema is an
error, so nothing is loaded unchecked. Adding a language is adding a folder: no code.

Validating every table takes about a second of CPU, which every process (each CLI call, each
worker not forked from a loaded parent) would pay. ``validated.json`` records the SHA-256 of
each table file that passed, with a digest of all the schemas; a table whose bytes and schemas
are exactly those is already known valid and is not validated again. Any other table (edited by
hand, a new language, a folder given with ``root=``) is validated as it is read.
``write_validation_manifest`` (run by ``scripts/build_langdata.py``) validates everything and
writes the record; a test checks it is fresh.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from functools import cache, lru_cache
from pathlib import Path
from threading import RLock
from typing import Any, TypeVar

import jsonschema
from referencing import Registry, Resource

from ..errors import LangDataError

__all__ = [
    "LangData", "available_languages", "load_langdata", "langdata_root", "validate_table",
    "write_validation_manifest",
]

T = TypeVar("T")
_ROOT = Path(__file__).resolve().parent
COMMON = "common"
MANIFEST = "validated.json"


def langdata_root() -> Path:
    return _ROOT


def available_languages(root: Path | None = None) -> list[str]:
    root = root or _ROOT
    return sorted(
        p.name for p in root.iterdir()
        if p.is_dir() and p.name not in {COMMON, "schemas", "sources", "__pycache__"}
        and any(p.glob("*.json"))
    )


@cache
def _schema(root: Path, name: str) -> dict[str, Any]:
    path = root / "schemas" / f"{name}.schema.json"
    if not path.is_file():
        raise LangDataError(f"no schema for language-data table {name!r} (expected {path.name})")
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _registry(root: Path) -> Registry:
    """Every schema by file name, so a schema can ``$ref`` another (``meta.schema.json``)."""
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text(encoding="utf-8"))))
        for path in sorted((root / "schemas").glob("*.schema.json"))
    ]
    return Registry().with_resources(resources)


@cache
def _validator(root: Path, name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(_schema(root, name), registry=_registry(root))


def validate_table(name: str, data: Any, *, root: Path | None = None) -> None:
    """Check one table against its schema; raise :class:`LangDataError` on the first problem."""
    validator = _validator((root or _ROOT).resolve(), name)
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        raise LangDataError(f"language-data table {name!r} is invalid at {where}: {error.message}")


def _schemas_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted((root / "schemas").glob("*.schema.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _known_valid(root: Path) -> dict[str, str]:
    """Table digests recorded as valid under the current schemas (empty when the record is
    absent, unreadable or made for other schemas)."""
    try:
        record = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(record, dict) or record.get("schemas") != _schemas_digest(root):
        return {}
    tables = record.get("tables")
    return {str(k): str(v) for k, v in tables.items()} if isinstance(tables, dict) else {}


def _read_folder(root: Path, folder: str, known: Mapping[str, str]) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for path in sorted((root / folder).glob("*.json")):
        try:
            raw = path.read_bytes()
            data = json.loads(raw.decode("utf-8"))
        except (OSError, ValueError) as exc:
            raise LangDataError(f"cannot read {folder}/{path.name}: {exc}") from None
        if known.get(f"{folder}/{path.name}") != hashlib.sha256(raw).hexdigest():
            validate_table(path.stem, data, root=root)
        tables[path.stem] = data
    return tables


def write_validation_manifest(root: Path | None = None) -> Path:
    """Validate every table of every language and record their digests (``validated.json``)."""
    root = (root or _ROOT).resolve()
    tables: dict[str, str] = {}
    for folder in [COMMON, *available_languages(root)]:
        if (root / folder).is_dir():
            _read_folder(root, folder, {})  # raises on the first invalid table
            for path in sorted((root / folder).glob("*.json")):
                tables[f"{folder}/{path.name}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    record = {"note": "tables validated against the schemas; written by scripts/build_langdata.py",
              "schemas": _schemas_digest(root), "tables": tables}
    path = root / MANIFEST
    path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


class LangData:
    """The validated tables of one language plus the common ones.

    Stages derive matchers from the tables (normalized dictionaries, automata) once per
    ``LangData`` through :meth:`derived`; the tables themselves are never modified.
    """

    def __init__(self, lang: str, tables: Mapping[str, Any], common: Mapping[str, Any]) -> None:
        self.lang = lang
        self._tables = dict(tables)
        self._common = dict(common)
        self._derived: dict[str, Any] = {}
        self._lock = RLock()

    def __repr__(self) -> str:
        return f"LangData({self.lang!r}, tables={sorted(self._tables)})"

    def __contains__(self, name: str) -> bool:
        return name in self._tables or name in self._common

    def names(self) -> Iterator[str]:
        yield from sorted(set(self._tables) | set(self._common))

    def table(self, name: str) -> Any:
        """A table of this language, else a common one."""
        if name in self._tables:
            return self._tables[name]
        if name in self._common:
            return self._common[name]
        raise LangDataError(f"language {self.lang!r} has no table {name!r}")

    def get(self, name: str, default: Any = None) -> Any:
        return self.table(name) if name in self else default

    def derived(self, key: str, build: Callable[[LangData], T]) -> T:
        """Build ``key`` from the tables once, then reuse it (thread-safe)."""
        try:
            return self._derived[key]
        except KeyError:
            pass
        with self._lock:
            if key not in self._derived:
                self._derived[key] = build(self)
            return self._derived[key]


@lru_cache(maxsize=8)
def _load(lang: str, root: Path) -> LangData:
    if not (root / lang).is_dir():
        known = ", ".join(available_languages(root)) or "none"
        raise LangDataError(f"no language data for {lang!r} (available: {known})")
    known = _known_valid(root)
    common = _read_folder(root, COMMON, known) if (root / COMMON).is_dir() else {}
    return LangData(lang, _read_folder(root, lang, known), common)


def load_langdata(lang: str = "ar", *, root: Path | None = None) -> LangData:
    """Load and validate the tables of ``lang`` (cached per process: the data is read-only)."""
    return _load(lang, (root or _ROOT).resolve())
