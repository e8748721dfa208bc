"""Build ``ar/known_people.json``: named people with their CAMEO actor code, mined from the
UniversalPetrarch Arabic actor dictionary (``shared/data/dictionaries/universalpetrarch-ar/
actor_dict_ar_v4.txt``, MIT) through a curated filter.

The dictionary is noisy (lemmatized entries, codes carried over, countries and phrases listed
as actors), so only entries that look like a person's name are kept:

* the entry has dated codes (``[IRQGOV 20101221-20140908]``), as people do in that file;
* two to four words, Arabic letters only, none of them a role word, an organisation word or a
  country word of our own tables (``رئيس``, ``حركة``, ``عاصمة`` ... excluded), none in the
  curated ``exclude_words`` of ``scripts/sources/actors_filter.json``;
* every code starts with an ISO3 country we know and the kept code has a role (a bare country
  code marks a place: تل أبيب); the code kept is the one of the most recent range (a person's
  latest position), with its country and first role.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

NEEDS_SHARED = True

FILTER = Path(__file__).resolve().parent.parent / "sources" / "actors_filter.json"
LANGDATA = Path(__file__).resolve().parent.parent.parent / "src" / "marsad" / "langdata"
_CODE = re.compile(r"\s*\[(?P<code>[A-Z]+)\s*(?P<dates>[^\]]*)\]")
_HEAD = re.compile(r"\s*(?P<name>[^\s\[]+)\s*(?:\[(?P<code>[A-Z]+)[^\]]*\])?")
_ARABIC = re.compile(r"^[\u0621-\u064A]+$")
_ROLES = ("GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "PTY", "ELI", "MED", "BUS", "CVL", "SPY", "IGO")


def _parse(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    entries: list[tuple[str, list[tuple[str, str]]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[:1].isspace() and line.lstrip().startswith("["):
            m = _CODE.match(line)
            if m and entries:
                entries[-1][1].append((m.group("code"), m.group("dates").strip()))
            continue
        m = _HEAD.match(line)
        if m:
            codes = [(m.group("code"), "")] if m.group("code") else []
            entries.append((m.group("name"), codes))
    return entries


def _start(dates: str) -> str:
    dates = dates.lstrip(">").strip()
    return dates.split("-")[0] if dates else ""


def _vocabulary() -> set[str]:
    """Words of our own role, organisation and country tables, nisba forms included (with and
    without the article)."""
    words: set[str] = set()
    ar = LANGDATA / "ar"
    for name, key, fields in (("roles", "roles", ("names",)), ("organizations", "organizations", ("names",)),
                              ("country_names", "countries", ("names", "nisba"))):
        for row in json.loads((ar / f"{name}.json").read_text(encoding="utf-8"))[key]:
            for value in (v for f in fields for v in row[f]):
                for word in value.split():
                    words.add(word)
                    if word.startswith("ال"):
                        words.add(word[2:])
    return words


def build(shared: Path | None) -> dict[str, dict]:
    if shared is None:
        return {}
    curated = json.loads(FILTER.read_text(encoding="utf-8"))
    exclude = set(curated["exclude_words"]) | _vocabulary()
    countries = {
        row["iso3"] for row in json.loads((LANGDATA / "common" / "countries.json").read_text(encoding="utf-8"))[
            "countries"]
    }
    path = shared / "dictionaries" / "universalpetrarch-ar" / "actor_dict_ar_v4.txt"
    people: dict[str, dict] = {}
    for raw, codes in _parse(path):
        dated = [(c, d) for c, d in codes if d]
        if not dated:
            continue
        words = [w for w in raw.split("_") if w]
        if not 2 <= len(words) <= 4 or not all(_ARABIC.match(w) and len(w) > 1 for w in words):
            continue
        if any(w in exclude for w in words):
            continue
        if not all(c[:3] in countries for c, _ in dated):
            continue
        code, _ = max(dated, key=lambda cd: _start(cd[1]))
        name = " ".join(words)
        if name in people:
            continue
        role = next((code[k:k + 3] for k in range(3, len(code), 3) if code[k:k + 3] in _ROLES), None)
        if role is None:
            continue  # a bare country code: a place or a phrase, not a person
        people[name] = {"id": f"up-{len(people) + 1}", "names": [name], "code": code, "country": code[:3],
                        "role": role}
    return {
        "ar/known_people.json": {
            "meta": {
                "source": "UniversalPetrarch Arabic actor dictionary actor_dict_ar_v4 (openeventdata/UniversalPetrarch, "
                "branch arabic @a0af422), people only, through the curated filter of scripts/builders/actors.py "
                "and scripts/sources/actors_filter.json",
                "licence": "MIT (Copyright (c) 2016 Open Event Data Alliance)",
                "generated_by": "scripts/builders/actors.py",
                "notes": "code: the code of the person's most recent dated range in the source; not reviewed "
                "entry by entry",
            },
            "people": list(people.values()),
        }
    }
