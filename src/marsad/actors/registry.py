"""The actor registry: named people and organisations with their CAMEO codes, dated roles
included, from the shipped tables and an optional user registry that adds or overrides entries.

Shipped: ``organizations`` (curated) and ``actors`` (built from UniversalPetrarch by
``scripts/builders/actors.py``). User: one TSV or YAML file per analyst or project
(``Settings.actors``, ``--actors FILE``), read by :func:`load_user_registry` all or nothing:
a bad line is a :class:`~marsad.errors.RegistryError` naming the file and line.

A user entry overrides every shipped entry with the same name (normalized as the matcher
normalizes text); the code ``---`` removes the shipped entry without adding one. The registry
is built once per process and per state of the user file (:func:`actor_registry`), and its
``version`` (a hash of the shipped tables and the user file) is what the store records with
each coded document.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import RegistryError
from ..langdata.loader import LangData

__all__ = [
    "ActorRecord", "CAMEO_ROLES", "DatedCode", "INTERNATIONAL", "Registry", "USER_COLUMNS", "actor_registry",
    "build_registry", "code_parts", "load_user_registry", "pick_code", "write_user_registry",
]

#: CAMEO first-tier codes of actors that are not one country.
INTERNATIONAL = frozenset({"IGO", "NGO", "IMG", "NGM", "MNC", "INT"})
#: CAMEO role (second-tier) codes; any other block after the first is a group or sub-role code.
CAMEO_ROLES = frozenset({
    "COP", "GOV", "INS", "JUD", "MIL", "OPP", "PTY", "REB", "SEP", "SPY", "UAF", "AGR", "BUS", "CRM", "CVL",
    "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "MOD", "RAD", "REF", "SET", "NGO", "IGO",
})
USER_COLUMNS = ("name", "code", "country", "role", "from", "to", "aliases", "kind", "english")
KINDS = ("person", "org")
REMOVE = "---"


@dataclass(frozen=True, slots=True)
class DatedCode:
    code: str
    country: str | None
    role: str | None
    start: str | None = None  # ISO dates, inclusive; None is open
    end: str | None = None

    def covers(self, when: str) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)

    def span(self) -> str:
        if self.start is None and self.end is None:
            return "undated"
        return f"{self.start or '…'}..{self.end or '…'}"


@dataclass(frozen=True, slots=True)
class ActorRecord:
    id: str
    kind: str  # person | org
    names: tuple[str, ...]
    codes: tuple[DatedCode, ...]  # empty: a removal (user code ---)
    table: str  # organizations, actors, or the user file's path
    line: int | None = None  # line in the user file, or in the dictionary the entry came from
    english: str | None = None
    type: str | None = None  # an organisation's type (IGO, NGO, REB, PTY, MED, GOV, BUS)

    def where(self) -> str:
        return f"{self.table}:{self.line}" if self.line else f"{self.table}:{self.id}"


def pick_code(codes: Sequence[DatedCode], when: str | None) -> tuple[DatedCode, str]:
    """The code of ``codes`` that applies on ``when`` (an ISO date or None) and why.

    A dated role containing the date wins (the latest-starting one if several); else an
    undated code; else the latest role that started before the date; without a date, the
    undated code, else the most recent role."""
    if len(codes) == 1 and codes[0].start is None and codes[0].end is None:
        return codes[0], "undated"
    undated = [c for c in codes if c.start is None and c.end is None]
    dated = [c for c in codes if c.start is not None or c.end is not None]

    def latest(items: Iterable[DatedCode]) -> DatedCode:
        return max(items, key=lambda c: (c.start or "", c.end or "9999"))

    if when:
        inside = [c for c in dated if c.covers(when)]
        if inside:
            chosen = latest(inside)
            return chosen, f"role {chosen.span()} covers {when}"
        if undated:
            return undated[0], f"undated (no dated role covers {when})"
        before = [c for c in dated if (c.start or "") <= when]
        if before:
            chosen = latest(before)
            return chosen, f"latest role before {when}: {chosen.span()}"
        chosen = min(dated, key=lambda c: c.start or "")
        return chosen, f"earliest role (all start after {when}): {chosen.span()}"
    if undated:
        return undated[0], "undated"
    chosen = latest(dated)
    return chosen, f"most recent role {chosen.span()} (no date given)"


def code_parts(code: str, countries: frozenset[str]) -> tuple[str | None, str | None]:
    """``(country, role)`` of a CAMEO actor code: the first block when it is a country, and
    the first role block after it."""
    blocks = [code[k:k + 3] for k in range(0, len(code), 3)]
    country = blocks[0] if blocks and blocks[0] in countries else None
    role = next((b for b in blocks[1:] if b in CAMEO_ROLES and b not in INTERNATIONAL), None)
    if role is None and len(blocks) == 1 and blocks[0] in CAMEO_ROLES:
        role = blocks[0]
    return country, role


def _valid_code(code: str, countries: frozenset[str]) -> str | None:
    """Why ``code`` is not a usable actor code, or None."""
    if not code or len(code) % 3 or not code.isascii() or not code.isalpha() or not code.isupper():
        return f"code {code!r} is not CAMEO blocks of three capital letters"
    first = code[:3]
    if first not in countries and first not in INTERNATIONAL and first not in CAMEO_ROLES:
        return f"code {code!r} does not begin with a known country (ISO3) or IGO/NGO/IMG/NGM/MNC"
    return None


def _iso(value: str) -> str:
    value = value.strip()
    if len(value) == 8 and value.isdigit():
        value = f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return date.fromisoformat(value).isoformat()


# --- the user registry -------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    line: int
    name: str
    code: str
    country: str = ""
    role: str = ""
    start: str = ""
    end: str = ""
    aliases: tuple[str, ...] = ()
    kind: str = ""
    english: str = ""


def _tsv_rows(path: Path, text: str) -> list[_Row]:
    rows: list[_Row] = []
    header: list[str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in next(csv.reader([raw], delimiter="\t", quoting=csv.QUOTE_NONE))]
        if header is None:
            header = [c.lower() for c in cells]
            unknown = [c for c in header if c not in USER_COLUMNS]
            if unknown:
                raise RegistryError(f"{path}:{number}: unknown column {unknown[0]!r} (columns: "
                                    f"{', '.join(USER_COLUMNS)}; the first line is the header)")
            for need in ("name", "code"):
                if need not in header:
                    raise RegistryError(f"{path}:{number}: the header has no {need!r} column")
            if len(set(header)) != len(header):
                raise RegistryError(f"{path}:{number}: a column is named twice in the header")
            continue
        if len(cells) > len(header):
            raise RegistryError(f"{path}:{number}: {len(cells)} fields, the header has {len(header)} "
                                "(fields are separated by tabs)")
        values = dict(zip(header, cells, strict=False))
        rows.append(_Row(
            line=number, name=values.get("name", ""), code=values.get("code", ""),
            country=values.get("country", ""), role=values.get("role", ""), start=values.get("from", ""),
            end=values.get("to", ""), kind=values.get("kind", ""), english=values.get("english", ""),
            aliases=tuple(a.strip() for a in values.get("aliases", "").split("|") if a.strip()),
        ))
    if header is None:
        raise RegistryError(f"{path}:1: empty registry (expected a header line: {chr(9).join(USER_COLUMNS)})")
    return rows


def _yaml_rows(path: Path, text: str) -> list[_Row]:
    try:
        import yaml
    except ImportError:
        raise RegistryError(f"{path}: a YAML registry needs PyYAML (pip install pyyaml), or use TSV") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise RegistryError(f"{path}:{line}: not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if root is None:
        raise RegistryError(f"{path}:1: empty registry (expected a list of entries)")
    if not isinstance(root, yaml.SequenceNode):
        raise RegistryError(f"{path}:{root.start_mark.line + 1}: the registry is a list of entries (- name: ...)")
    rows: list[_Row] = []
    for node in root.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            raise RegistryError(f"{path}:{line}: an entry is a mapping (name: ..., code: ...)")
        values: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value).lower()
            if key not in USER_COLUMNS and key != "codes":
                raise RegistryError(f"{path}:{key_node.start_mark.line + 1}: unknown field {key!r} "
                                    f"(fields: {', '.join(USER_COLUMNS)}, codes)")
            values[key] = (value_node, yaml.safe_load(yaml.serialize(value_node)))
        aliases = values.get("aliases", (None, []))[1] or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise RegistryError(f"{path}:{values['aliases'][0].start_mark.line + 1}: aliases is a list of names")

        def text_of(key: str, where: dict[str, Any] = values) -> str:
            got = where.get(key, (None, ""))[1]
            return "" if got is None else str(got)

        base = dict(name=text_of("name"), kind=text_of("kind"), english=text_of("english"), aliases=tuple(aliases))
        if "codes" in values:
            codes_node, codes = values["codes"]
            if not isinstance(codes, list) or "code" in values:
                raise RegistryError(f"{path}:{codes_node.start_mark.line + 1}: codes is a list of "
                                    "{code, from, to} (and then no code field)")
            for item_node, item in zip(codes_node.value, codes, strict=True):
                item_line = item_node.start_mark.line + 1
                if not isinstance(item, dict) or set(item) - {"code", "country", "role", "from", "to"}:
                    raise RegistryError(f"{path}:{item_line}: a code is a mapping of code, country, role, from, to")
                rows.append(_Row(line=item_line, code=str(item.get("code") or ""),
                                 country=str(item.get("country") or ""), role=str(item.get("role") or ""),
                                 start=str(item.get("from") or ""), end=str(item.get("to") or ""), **base))
        else:
            rows.append(_Row(line=line, code=text_of("code"), country=text_of("country"), role=text_of("role"),
                             start=text_of("from"), end=text_of("to"), **base))
    return rows


def read_registry_text(path: Path, *, what: str) -> str:
    """The UTF-8 text of a registry or actor dictionary file (a BOM dropped); a file that cannot
    be read or is not UTF-8 is a ``RegistryError`` naming it and ``what`` it is."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise RegistryError(f"{path}: {what} is not UTF-8 text") from None


def load_user_registry(path: str | Path, *, countries: frozenset[str]) -> tuple[ActorRecord, ...]:
    """Read a user registry (``.tsv``/``.txt``: tab-separated with a header line; ``.yaml``/
    ``.yml``: a list of entries). Every line is checked before anything is returned."""
    path = Path(path)
    text = read_registry_text(path, what="the actor registry")
    rows = _yaml_rows(path, text) if path.suffix.lower() in (".yaml", ".yml") else _tsv_rows(path, text)
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        where = f"{path}:{row.line}"
        name = " ".join(row.name.split())
        if not name:
            raise RegistryError(f"{where}: the name is empty")
        code = row.code.strip()
        if not code:
            raise RegistryError(f"{where}: {name!r} has no code (a CAMEO actor code, or --- to remove the entry)")
        kind = row.kind.strip().lower() or "person"
        if kind not in KINDS:
            raise RegistryError(f"{where}: kind {row.kind!r} is not one of {', '.join(KINDS)}")
        entry = merged.setdefault((name, kind), {"line": row.line, "aliases": [], "codes": [], "english": "",
                                                 "remove": False})
        entry["aliases"] += [" ".join(a.split()) for a in row.aliases if " ".join(a.split()) not in entry["aliases"]]
        entry["english"] = entry["english"] or row.english.strip()
        if code == REMOVE:
            entry["remove"] = True
            continue
        problem = _valid_code(code, countries)
        if problem:
            raise RegistryError(f"{where}: {problem}")
        country, role = code_parts(code, countries)
        if row.country:
            given = row.country.strip().upper()
            if given not in countries:
                raise RegistryError(f"{where}: country {row.country!r} is not an ISO 3166 alpha-3 code")
            if country is not None and given != country:
                raise RegistryError(f"{where}: country {given} does not match the code {code} (begins with {country})")
            country = given
        if row.role:
            given = row.role.strip().upper()
            if len(given) != 3 or not given.isalpha():
                raise RegistryError(f"{where}: role {row.role!r} is not a three-letter CAMEO role code")
            role = given
        try:
            start = _iso(row.start) if row.start.strip() else None
            end = _iso(row.end) if row.end.strip() else None
        except ValueError:
            raise RegistryError(f"{where}: dates are YYYY-MM-DD (from {row.start!r}, to {row.end!r})") from None
        if start and end and end < start:
            raise RegistryError(f"{where}: the role ends ({end}) before it starts ({start})")
        entry["codes"].append(DatedCode(code, country, role, start, end))
    records = []
    for (name, kind), entry in merged.items():
        if entry["remove"] and entry["codes"]:
            raise RegistryError(f"{path}:{entry['line']}: {name!r} is both removed (---) and given a code")
        records.append(ActorRecord(
            id=f"user-{entry['line']}", kind=kind, names=(name, *(a for a in entry["aliases"] if a != name)),
            codes=tuple(entry["codes"]), table=str(path), line=entry["line"], english=entry["english"] or None,
            type=None))
    return tuple(records)


def write_user_registry(records: Iterable[Mapping[str, Any]], out: Any) -> int:
    """Write rows (``USER_COLUMNS`` keys; ``aliases`` a list) as a TSV user registry to the
    text stream ``out``; returns the number of rows."""
    out.write("# marsad actor registry: one line per name and role; aliases separated by |\n")
    out.write("\t".join(USER_COLUMNS) + "\n")
    count = 0
    for row in records:
        cells = []
        for column in USER_COLUMNS:
            value = row.get(column)
            if column == "aliases":
                value = "|".join(value or ())
            cells.append("" if value is None else " ".join(str(value).split()))
        out.write("\t".join(cells) + "\n")
        count += 1
    return count


# --- the registry ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Registry:
    records: tuple[ActorRecord, ...]  # effective: user entries, then shipped ones not overridden
    version: str
    user_path: str | None = None
    overridden: tuple[ActorRecord, ...] = ()  # shipped entries a user entry replaced or removed
    by_id: Mapping[str, ActorRecord] = field(default_factory=dict)


def _shipped(lang: LangData, countries: frozenset[str]) -> list[ActorRecord]:
    records: list[ActorRecord] = []
    for org in lang.get("organizations", {"organizations": []})["organizations"]:
        records.append(ActorRecord(
            id=org["id"], kind="org", names=tuple(org["names"]),
            codes=(DatedCode(org["code"], org.get("country"), org.get("role")),), table="organizations",
            english=org.get("english"), type=org.get("type")))
    for row in lang.get("actors", {"actors": []})["actors"]:
        records.append(ActorRecord(
            id=row["id"], kind=row["kind"], names=tuple(row["names"]),
            codes=tuple(DatedCode(c["code"], c.get("country"), c.get("role"), c.get("from"), c.get("to"))
                        for c in row["codes"]),
            table="actors", line=row.get("line"), english=row.get("english"), type=row.get("type")))
    return records


def build_registry(lang: LangData, user: str | Path | None = None) -> Registry:
    """The registry of ``lang`` with the user registry at ``user`` (None: shipped only)."""
    from ..stages.normalize import normalize_string
    from ..stages.segment import tokenize_view

    countries = frozenset(row["iso3"] for row in lang.table("countries")["countries"])
    digest = hashlib.sha256()
    for name in ("organizations", "actors"):
        digest.update(json.dumps(lang.get(name), ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\0")
    shipped = _shipped(lang, countries)
    user_records: tuple[ActorRecord, ...] = ()
    if user is not None:
        user_records = load_user_registry(user, countries=countries)
        digest.update(Path(user).read_bytes())

    def key(value: str) -> tuple[str, ...]:
        return tuple(w for _, _, w in tokenize_view(normalize_string(value, lang=lang)))

    replaced = {key(n) for r in user_records for n in r.names}
    kept: list[ActorRecord] = []
    overridden: list[ActorRecord] = []
    for record in shipped:
        names = tuple(n for n in record.names if key(n) not in replaced)
        if len(names) != len(record.names):
            overridden.append(record)
        if names:
            kept.append(record if len(names) == len(record.names) else
                        ActorRecord(record.id, record.kind, names, record.codes, record.table, record.line,
                                    record.english, record.type))
    records = tuple(r for r in user_records if r.codes) + tuple(kept)
    return Registry(records=records, version=digest.hexdigest()[:16], user_path=None if user is None else str(user),
                    overridden=tuple(overridden), by_id={r.id: r for r in records})


def actor_registry(lang: LangData, path: str | Path | None = None) -> Registry:
    """:func:`build_registry`, once per process for each state (size, time) of the user file."""
    if path is None:
        return lang.derived("actors.registry", build_registry)
    try:
        stat = os.stat(path)
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read the actor registry: {exc.strerror or exc}") from None
    return lang.derived(f"actors.registry:{os.path.abspath(path)}:{stat.st_size}:{stat.st_mtime_ns}",
                        lambda lg: build_registry(lg, path))
