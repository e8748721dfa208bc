"""Build ``ar/actors.json``, the shipped actor registry: people, organisations and groups with
their CAMEO codes and dated roles, derived from the UniversalPetrarch Arabic actor dictionary
(``shared/data/dictionaries/universalpetrarch-ar/actor_dict_ar_v4.txt``, MIT; read, never
copied) through the word lists and fixes of ``scripts/sources/actors_filter.json``.

What is usable (each rule drops or fixes what the source has wrong; the table's ``meta.notes``
counts every rule's effect):

1. Names: the ``_`` joiners become spaces; the superscript alef (اللٰه), tatweel and direction
   marks are removed; every word is Arabic letters only, one to six words, a one-word name at
   least three letters. Otherwise dropped (``not an Arabic name``).
2. Codes: CAMEO blocks of three capitals beginning with a known ISO3 country or IGO/IMG/NGO/
   NGM/MNC; malformed codes (``?MIL``, ``000GOV``, ``china,CHN...``) are dropped, and so are
   bare role codes (``[MIL]``, ``[COP]``: generic words, which the roles table codes) and a
   bare ``IGO``/``IGO<role>`` on anything but a person (it does not say which organisation).
3. A code that is only a country (``غزة [PSE]``, ``سوري [SYR]``) marks a place or a nisba:
   dropped (the country and gazetteer tables have them).
4. Dates: ``YYYYMMDD-YYYYMMDD``, ``>D`` (from), ``<D`` (until). The source's placeholders are
   read as such: an end of 18000101 is open, a start of 19700101 unknown; an end before its
   start was carried over from the entry above and is dropped; unreadable ranges (``>22000101``)
   leave the code undated. Dated roles are kept with their dates (al-Maliki IRQGOV until
   2014-09-08, then IRQELI).
5. Words: an entry with a function word (``ل``, ``في`` ...) is a phrase, one with a title word
   (``رئيس``, ``وزير``, ``شيخ`` ...) a title phrase that the roles table composes from title,
   country and name: both dropped, unless two to four words of a name follow the title
   (``رئيس وزير غوردون براون`` is Gordon Brown's entry). An entry with an organisation word (``حركة``, ``جيش``,
   ``وزارة`` ...) is an organisation, dropped when every word is an organisation word, a role
   body or a country/nisba word (``قوة إسرائيلي``: the roles table codes it the same way), or
   when it is a body the roles table composes with a complement and one ordinary word
   (``وزارة عمل``, coded LBNGOVMED in the source: every country has a labour ministry). Other
   entries of two to four words are people, unless a word is a country/nisba or a phrase word
   (``عربي``, ``سابق``); one word is a person, or a group when all its roles are
   REB/OPP/PTY/INS/UAF/SEP. A person's name that ANERcorp train has more often as the start of
   a longer name than as a whole name is a given name (``عبد الله``, the King of Jordan's
   entry): dropped, it would cut «عبد الله محمد» short.
   A person or one-word group whose every word ANERcorp train (``shared/data/ner/anercorp``)
   tags as an ordinary word (O) more often than inside a name is not a name (``جسم``, ``صدر``,
   ``حرس ثورة``): dropped. A one-word name that is a gazetteer place of its code's country is
   the place by metonymy (``بيروت [LBNGOV]``): dropped (the gazetteer codes capitals so).
6. Covered: a name that is (without the article) a name of the curated ``organizations`` table
   is dropped: that table gives the group its one code (the Taliban are AFGREBTAL there, not
   the source's conflicting AFGREB/IMGREB/PAKREB; Hamas, Hezbollah, the Houthis likewise).
7. Duplicates: entries with the same name are one actor, their codes merged (each dated role
   once). Two different undated codes for one name are a conflict: the name is dropped. A
   one-word person name that is also a word of a longer person's name of another country is
   ambiguous (``المالكي``: Nouri al-Maliki, but also Riyad al-Malki of Palestine and Habib
   El Malki of Morocco; ``موسى``, ``عباس``): dropped, the full names stay.
8. Additions: ``additions`` of the filter file add what the source misses (Tajikistan's
   leaders: the source has no Tajik entry).
9. English names: ``english_names`` of the filter file give a person the usual English spelling
   of their name (``بوتين`` → Vladimir Putin), in place of the transliteration the entity stage
   makes ("Putin"); keyed by the registry name, each key must name a person the rules above kept
   (a key that names none is an error, so the list cannot go stale silently).
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

NEEDS_SHARED = True

ROOT = Path(__file__).resolve().parent.parent.parent
FILTER = ROOT / "scripts" / "sources" / "actors_filter.json"
LANGDATA = ROOT / "src" / "marsad" / "langdata"
SOURCE = Path("dictionaries") / "universalpetrarch-ar" / "actor_dict_ar_v4.txt"
ANERCORP = Path("ner") / "anercorp" / "train.txt"
_ARABIC = re.compile(r"^[\u0621-\u064A]+$")
_STRIP = dict.fromkeys(map(ord, "\u0670\u0640\u200e\u200f"), None)
INTERNATIONAL = {"IGO", "IMG", "NGO", "NGM", "MNC"}
GROUP_ROLES = {"REB", "OPP", "PTY", "INS", "UAF", "SEP"}



def _ambiguous_one_word(actors: dict[tuple[str, ...], dict]) -> list[tuple[str, ...]]:
    """One-word people whose word is part of a longer person's name of a country they lack."""
    countries_with_word: dict[str, set[str]] = {}
    for key, actor in actors.items():
        if actor["kind"] == "person" and len(key) > 1:
            own = {r["country"] for r in actor["codes"] if r["country"]}
            for word in key:
                countries_with_word.setdefault(word, set()).update(own)
    out = []
    for key, actor in actors.items():
        if actor["kind"] == "person" and len(key) == 1:
            own = {r["country"] for r in actor["codes"] if r["country"]}
            if countries_with_word.get(key[0], set()) - own:
                out.append(key)
    return out

def _petrarch():
    if str(ROOT / "src") not in sys.path:
        sys.path.insert(0, str(ROOT / "src"))
    from marsad.actors import petrarch
    from marsad.actors.registry import code_parts

    return petrarch, code_parts


def _table(name: str, folder: str = "ar") -> dict:
    return json.loads((LANGDATA / folder / f"{name}.json").read_text(encoding="utf-8"))


def _strip_article(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def _folder():
    """Words compare as the matcher sees them: Marsad's normalization (hamza and alef forms,
    ta marbuta, alef maqsura folded), without the article."""
    _petrarch()
    from marsad.langdata.loader import load_langdata
    from marsad.stages.normalize import normalize_string

    lang = load_langdata("ar")
    cache: dict[str, str] = {}

    def fold(word: str) -> str:
        got = cache.get(word)
        if got is None:
            got = cache[word] = _strip_article(normalize_string(word, lang=lang))
        return got

    return fold


def _vocabulary(fold) -> tuple[set[str], set[str], set[str]]:
    """Words of the roles table's bodies, country names and nisba forms (all also without the
    article), and the one-word bodies the roles table composes with a complement (وزارة)."""
    body: set[str] = set()
    places: set[str] = set()
    complemented: set[str] = set()
    for row in _table("roles")["roles"]:
        if row["kind"] == "body":
            body.update(fold(w) for name in row["names"] for w in name.split())
            if row.get("complement_words"):
                complemented.update(fold(name) for name in row["names"] if len(name.split()) == 1)
    for row in _table("country_names")["countries"]:
        places.update(fold(w) for value in row["names"] + row["nisba"] for w in value.split())
    return body, places, complemented


def _anercorp(path: Path, fold) -> tuple[set[str], set[tuple[str, ...]]]:
    """Words ANERcorp train tags O more often than inside a name, and given names: person
    names it has more often as the start of a longer PERS span than as a whole span."""
    plain: dict[str, int] = {}
    named: dict[str, int] = {}
    whole: dict[tuple[str, ...], int] = {}
    starts: dict[tuple[str, ...], int] = {}
    span: list[str] = []

    def close() -> None:
        if span:
            name = tuple(span)
            whole[name] = whole.get(name, 0) + 1
            for k in range(1, len(name)):
                starts[name[:k]] = starts.get(name[:k], 0) + 1
            span.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) != 2:
            close()
            continue
        word, tag = parts
        if tag != "I-PERS":
            close()
        if tag in ("B-PERS", "I-PERS"):
            span.append(fold(word))
        for form in {fold(word)}:
            target = plain if tag == "O" else named
            target[form] = target.get(form, 0) + 1
    close()
    given = {name for name, n in starts.items() if n > whole.get(name, 0)}
    return {w for w, n in plain.items() if n > named.get(w, 0)}, given


def _places(fold) -> dict[str, set[str]]:
    """One-word gazetteer place names (also without the article) -> their countries."""
    out: dict[str, set[str]] = {}
    for place in _table("gazetteer")["places"]:
        for name in place["names"]:
            if len(name.split()) == 1:
                out.setdefault(fold(name), set()).add(place["country"])
    return out


def _dates(code, petrarch) -> tuple[str | None, str | None, str | None]:
    """(start, end, fix) of a parsed code under rule 4."""
    start, end, fix = code.start, code.end, None
    if end == petrarch.OPEN_END:
        end, fix = None, "open end 18000101"
    if start == petrarch.UNKNOWN_START:
        start, fix = None, "unknown start 19700101"
    if start and end and end < start:
        end, fix = None, "end before start"
    if start and start > date(2030, 1, 1):
        start, fix = None, "start after 2030"
    return (start.isoformat() if start else None, end.isoformat() if end else None, fix)


def build(shared: Path | None) -> dict[str, dict]:
    if shared is None:
        return {}
    petrarch, code_parts = _petrarch()
    fold = _folder()
    curated = json.loads(FILTER.read_text(encoding="utf-8"))
    function_words = {fold(w) for w in curated["function_words"]}
    title_words = {fold(w) for w in curated["title_words"]}
    org_words = {fold(w) for w in curated["org_words"]}
    phrase_words = {fold(w) for w in curated["phrase_words"]}
    body, places, complemented = _vocabulary(fold)
    countries = frozenset(row["iso3"] for row in _table("countries", "common")["countries"])
    covered = {tuple(fold(w) for w in name.split()) for org in _table("organizations")["organizations"]
               for name in org["names"]}
    ordinary, given_names = _anercorp(shared / ANERCORP, fold)
    gazetteer = _places(fold)
    parsed = petrarch.parse((shared / SOURCE).read_text(encoding="utf-8"))
    counts: dict[str, int] = {}

    def count(reason: str) -> None:
        counts[reason] = counts.get(reason, 0) + 1

    actors: dict[tuple[str, ...], dict] = {}
    conflicts: set[tuple[str, ...]] = set()
    for _ in parsed.problems:
        count("malformed code or date (rule 2)")
    for entry in parsed.entries:
        count("entries read")
        words = entry.name.translate(_STRIP).split()
        if not 1 <= len(words) <= 6 or not all(_ARABIC.match(w) for w in words) or (
                len(words) == 1 and len(words[0]) < 3):
            count("dropped: not an Arabic name (rule 1)")
            continue
        codes = []
        for code in entry.codes:
            first = code.code[:3]
            if first not in countries and first not in INTERNATIONAL:
                count("code dropped: bare role or unknown first block (rule 2)")
                continue
            if len(code.code) == 3 and first in countries:
                count("code dropped: bare country (rule 3)")
                continue
            codes.append(code)
        if not codes:
            count("dropped: no usable code (rules 2-3)")
            continue
        bare = [fold(w) for w in words]
        if any(w in function_words for w in bare):
            count("dropped: a phrase (rule 5)")
            continue
        if any(w in title_words for w in bare):
            # «رئيس وزير غوردون براون»: the name after the title, when one is left
            k = 0
            while k < len(bare) and (bare[k] in title_words or bare[k] in places or bare[k] in phrase_words
                                     or bare[k] in org_words or bare[k] in body):
                k += 1
            rest = bare[k:]
            if not 2 <= len(rest) <= 4 or any(w in title_words or w in places or w in phrase_words
                                               or w in org_words for w in rest):
                count("dropped: a title phrase (rule 5)")
                continue
            count("title stripped from a name (rule 5)")
            words, bare = words[k:], rest
        roles = {code_parts(c.code, countries)[1] for c in codes}
        if any(w in org_words for w in bare):
            if all(w in org_words or w in body or w in places for w in bare):
                count("dropped: compositional, the roles table codes it (rule 5)")
                continue
            if len(bare) == 2 and bare[0] in complemented and bare[1] in ordinary:
                count("dropped: a body the roles table composes with its complement (rule 5)")
                continue
            kind = "org"
        elif any(w in places or w in phrase_words for w in bare):
            count("dropped: a country or phrase word in a name (rule 5)")
            continue
        elif len(words) == 1:
            kind = "org" if roles <= GROUP_ROLES else "person"
        elif len(words) <= 4:
            kind = "person"
        else:
            count("dropped: five or more words, no organisation word (rule 5)")
            continue
        if kind == "person" and tuple(bare) in given_names:
            count("dropped: a given name (rule 5)")
            continue
        if kind == "person" or len(words) == 1:
            if all(w in ordinary for w in bare):
                count("dropped: ordinary words, not a name (rule 5)")
                continue
            if len(words) == 1 and {c.code[:3] for c in codes} & gazetteer.get(bare[0], set()):
                count("dropped: a place of its own country, metonymy (rule 5)")
                continue
        if kind == "org":
            codes = [c for c in codes if c.code[:3] != "IGO" or len(c.code) > 6]
            if not codes:
                count("dropped: an organisation coded only IGO (rule 2)")
                continue
        key = tuple(bare)
        if key in covered:
            count("dropped: covered by the organizations table (rule 6)")
            continue
        rows = []
        for code in codes:
            start, end, fix = _dates(code, petrarch)
            if fix:
                count(f"date fixed: {fix} (rule 4)")
            country, role = code_parts(code.code, countries)
            rows.append({"code": code.code, "country": country, "role": role, "from": start, "to": end})
        name = " ".join(words)
        actor = actors.get(key)
        if actor is None:
            actors[key] = {"id": f"up-{entry.line}", "kind": kind, "names": [name], "codes": [], "line": entry.line}
            actor = actors[key]
        else:
            count("merged: a duplicate name (rule 7)")
        for row in rows:
            if row not in actor["codes"]:
                actor["codes"].append(row)
        undated = {r["code"] for r in actor["codes"] if r["from"] is None and r["to"] is None}
        if len(undated) > 1:
            conflicts.add(key)
    for key in conflicts:
        del actors[key]
        count("dropped: conflicting undated codes for one name (rule 7)")
    for key in _ambiguous_one_word(actors):
        del actors[key]
        count("dropped: a one-word name in other countries' people's names, ambiguous (rule 7)")
    out = []
    for actor in actors.values():
        actor["codes"].sort(key=lambda r: (r["from"] or "", r["to"] or "9999", r["code"]))
        out.append(actor)
    english = curated.get("english_names", {})
    named = set()
    for actor in out:
        for name in actor["names"]:
            if actor["kind"] == "person" and name in english:
                actor["english"] = english[name]
                named.add(name)
                count("English name (rule 9)")
    stale = sorted(set(english) - named)
    if stale:
        raise ValueError(f"english_names: {len(stale)} name(s) no kept person has, first {stale[0]!r}")
    for addition in curated["additions"]:
        codes = []
        for c in addition["codes"]:
            country, role = code_parts(c["code"], countries)
            codes.append({"code": c["code"], "country": country, "role": role, "from": c.get("from"),
                          "to": c.get("to")})
        out.append({"id": addition["id"], "kind": addition["kind"], "names": addition["names"],
                    "english": addition["english"], "codes": codes})
        count("added (rule 8)")
    kinds = {k: sum(1 for a in out if a["kind"] == k) for k in ("person", "org")}
    dated = sum(1 for a in out for c in a["codes"] if c["from"] or c["to"])
    return {
        "ar/actors.json": {
            "meta": {
                "source": "UniversalPetrarch Arabic actor dictionary actor_dict_ar_v4.txt (openeventdata/"
                "UniversalPetrarch, branch arabic @a0af422), read through the rules of scripts/builders/actors.py "
                "and the word lists and additions of scripts/sources/actors_filter.json",
                "licence": "MIT (Copyright (c) 2016 Open Event Data Alliance); additions MIT (Marsad)",
                "generated_by": "scripts/builders/actors.py",
                "notes": f"{len(out)} actors ({kinds['person']} people, {kinds['org']} organisations), "
                f"{dated} dated roles; line: the entry's line in the source; rule counts: "
                + "; ".join(f"{k}: {v}" for k, v in counts.items()),
            },
            "actors": out,
        }
    }
