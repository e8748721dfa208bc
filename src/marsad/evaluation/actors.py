"""Actor codes and canonical names against hand-annotated actor mentions (``marsad eval actors``).

The gold (criteria in ``docs/annotation/actors.md``) is one JSON object a line: the article's
URL, the character offsets of one actor mention in its ``content`` and the ``span`` they cover,
the expected CAMEO ``code`` with its ``country`` and ``role`` slots, the usual English spelling
of the name (``english``, null when there is none), the ``basis`` the text gives for the country
and the mention ``type``.

Rules (the same for every mention):

* **Found**: a coded entity shares at least one character with the gold span. When several do,
  the one sharing the most characters is taken (ties: the one with an actor code, then the
  shorter entity, then the earlier start).
* **Country / role**: a code is read as its two CAMEO slots, the first three letters (a country,
  or ``IGO``/``IMG``/``NGO``... for organisations) and the next three (the role, or an
  organisation's type); a code that starts with a role (``GOV``) has no country. A missed
  mention, or a found entity without a code, is wrong on both.
* **Name**: over the gold mentions with an ``english`` name, the matched entity's ``canonical``
  equals it after case folding, accents dropped, parenthesised parts dropped, and hyphens,
  apostrophes and spacing made uniform ("Adel al-Jubeir" = "adel Al Jubeir").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Entity
from .corpus import numbered_annotations

__all__ = [
    "BASES", "GOLD_FIELDS", "ROLE_CODES", "TYPES", "GoldActor", "code_slots", "evaluate_actors", "match_mention",
    "name_key", "read_gold_actors", "score_mentions",
]

GOLD_FIELDS = ("url", "zip", "outlet", "start", "end", "span", "code", "country", "role", "english", "basis", "type")
# Where the text gives the actor's country (see docs/annotation/actors.md).
BASES = ("name", "nisba", "of_org", "in_place", "coref", "document")
TYPES = ("person", "organisation", "government", "group", "anonymous")
# CAMEO role codes (the codebook's primary and secondary roles): a code starting with one has no country.
ROLE_CODES = frozenset({
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CRM", "CVL", "LAB", "LEG",
    "HLH", "REF", "AGR", "ELI", "ENV", "REL", "UAF", "SET", "MOD", "RAD", "HRI", "DEV",
})
RULE = ("found: a coded entity shares a character with the gold span (most shared characters wins); "
        "country and role: the code's first and second three-letter CAMEO slots; name: canonical equals "
        "the gold English spelling ignoring case, accents, hyphens and parenthesised parts")


@dataclass(frozen=True, slots=True)
class GoldActor:
    url: str
    start: int
    end: int
    span: str
    code: str
    english: str | None
    basis: str
    type: str
    outlet: str = ""
    line: int = 0


def code_slots(code: str | None) -> tuple[str, str]:
    """(country slot, role slot) of a CAMEO actor code; ``("", "")`` for none."""
    code = (code or "").strip().upper()
    if not code or code == "---":
        return "", ""
    if code[:3] in ROLE_CODES:
        return "", code[:3]
    return code[:3], code[3:6]


def name_key(name: str | None) -> str:
    """A Latin name folded for comparison (case, accents, hyphens, apostrophes, brackets)."""
    if not name:
        return ""
    value = unicodedata.normalize("NFKD", name)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = re.sub(r"\([^)]*\)", " ", value).casefold()
    value = re.sub(r"[-_‐‑–'’`ʿʾ.]", " ", value)
    return " ".join(value.split())


def read_gold_actors(path: str | Path) -> list[GoldActor]:
    """The gold mentions of ``path``; a malformed line is an error naming it."""
    out: list[GoldActor] = []
    for n, rec in numbered_annotations(path, required=GOLD_FIELDS, what="a gold actor mention"):
        def bad(message: str, n: int = n) -> InputError:
            return InputError(f"line {n}: {message}", path=str(path))
        start, end = rec["start"], rec["end"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
            raise bad("start and end must be integers with start < end")
        if not isinstance(rec["span"], str) or len(rec["span"]) != end - start:
            raise bad("span must be the text between start and end")
        code = rec["code"]
        if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{3,12}", code) or len(code) % 3:
            raise bad("code must be a CAMEO code of three-letter parts (IRQGOV, IGOUNO)")
        if (rec["country"], rec["role"]) != code_slots(code):
            raise bad(f"country and role must be the slots of {code}: {code_slots(code)}")
        if rec["basis"] not in BASES:
            raise bad(f"basis must be one of {', '.join(BASES)}")
        if rec["type"] not in TYPES:
            raise bad(f"type must be one of {', '.join(TYPES)}")
        if rec["english"] is not None and not (isinstance(rec["english"], str) and rec["english"].strip()):
            raise bad("english must be null or a name")
        out.append(GoldActor(url=rec["url"], start=start, end=end, span=rec["span"], code=code,
                             english=rec["english"], basis=rec["basis"], type=rec["type"],
                             outlet=str(rec.get("outlet") or ""), line=n))
    return out


def match_mention(gold: GoldActor, entities: Sequence[Entity]) -> Entity | None:
    """The coded entity that overlaps the gold span most (see the module's rules)."""
    best: tuple[int, int, int, int] | None = None
    chosen = None
    for ent in entities:
        shared = min(gold.end, ent.end) - max(gold.start, ent.start)
        if shared <= 0:
            continue
        coded = ent.actor is not None and code_slots(ent.actor.code) != ("", "")
        key = (-shared, 0 if coded else 1, ent.end - ent.start, ent.start)
        if best is None or key < best:
            best, chosen = key, ent
    return chosen


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def score_mentions(pairs: Sequence[tuple[GoldActor, Entity | None]], *, errors: bool = False) -> dict[str, Any]:
    """The figures of gold mentions paired with their matched entities (None: missed)."""
    def empty() -> dict[str, int]:
        return {"gold": 0, "found": 0, "country": 0, "role": 0, "country_role": 0}
    total = empty()
    by_basis: dict[str, dict[str, int]] = {b: empty() for b in BASES}
    by_type: dict[str, dict[str, int]] = {t: empty() for t in TYPES}
    named = correct_names = 0
    missed: list[dict[str, Any]] = []
    for g, ent in pairs:
        want = code_slots(g.code)
        got = code_slots(ent.actor.code if ent is not None and ent.actor is not None else None)
        flags = {"found": ent is not None, "country": ent is not None and got[0] == want[0],
                 "role": ent is not None and got[1] == want[1]}
        flags["country_role"] = flags["country"] and flags["role"]
        for bucket in (total, by_basis[g.basis], by_type[g.type]):
            bucket["gold"] += 1
            for k, v in flags.items():
                bucket[k] += int(v)
        name_ok = None
        if g.english is not None:
            named += 1
            name_ok = ent is not None and name_key(ent.canonical) == name_key(g.english)
            correct_names += int(name_ok)
        if errors and (not flags["country_role"] or name_ok is False):
            missed.append({
                "url": g.url, "start": g.start, "end": g.end, "span": g.span, "basis": g.basis,
                "gold_code": g.code, "gold_english": g.english,
                "system": None if ent is None else {
                    "text": ent.text, "type": ent.type, "code": ent.actor.code if ent.actor else None,
                    "canonical": ent.canonical, "basis": ent.basis},
                "wrong": [k for k in ("found", "country", "role") if not flags[k]]
                + (["name"] if name_ok is False else []),
            })

    def figures(b: dict[str, int]) -> dict[str, Any]:
        return {"gold": b["gold"], "found": _ratio(b["found"], b["gold"]),
                "country": _ratio(b["country"], b["gold"]), "role": _ratio(b["role"], b["gold"]),
                "country_role": _ratio(b["country_role"], b["gold"])}

    out: dict[str, Any] = {
        "mentions": total["gold"],
        "found": _ratio(total["found"], total["gold"]),
        "country": _ratio(total["country"], total["gold"]),
        "role": _ratio(total["role"], total["gold"]),
        "country_role": _ratio(total["country_role"], total["gold"]),
        "country_role_of_found": _ratio(total["country_role"], total["found"]),
        "name": {"accuracy": _ratio(correct_names, named), "correct": correct_names, "scored": named},
        "by_basis": {b: figures(v) for b, v in by_basis.items() if v["gold"]},
        "by_type": {t: figures(v) for t, v in by_type.items() if v["gold"]},
        "rule": RULE,
    }
    if errors:
        out["errors"] = missed
    return out


def evaluate_actors(gold_path: str | Path, raw_dir: str | Path, *, errors: bool = False) -> dict[str, Any]:
    """Code every article the gold names with the pipeline (up to its entities) and score them."""
    from ..langdata.loader import load_langdata
    from ..pipeline import run_stages
    from ..settings import Settings
    from .corpus import annotated_articles

    gold = read_gold_actors(gold_path)
    records = annotated_articles(raw_dir, gold, path=gold_path)
    lang = load_langdata("ar")
    settings = Settings()
    pairs: list[tuple[GoldActor, Entity | None]] = []
    by_url: dict[str, list[GoldActor]] = {}
    for g in gold:
        by_url.setdefault(g.url, []).append(g)
    for url in by_url:
        rec = records[url]
        published = str(rec.get("date_extracted") or "")[:10] or None
        state = run_stages(str(rec.get("content") or ""), header={"published": published} if published else None,
                           lang=lang, settings=settings, until="entity_index")
        entities = state["entities"]
        pairs.extend((g, match_mention(g, entities)) for g in by_url[url])
    result: dict[str, Any] = {"gold": {"file": str(gold_path), "articles": len(by_url),
                                       "outlets": len({g.outlet for g in gold}), "mentions": len(gold)}}
    result.update(score_mentions(pairs, errors=errors))
    return result
