"""Verb and noun forms shared by the quote and event stages: conjugations generated from a
verb's past and present 3ms (``ar/verb_forms.json``) and the check that a form inside a token
is a verb with only proclitics before it and an object pronoun after it.

Both stages build their cue and trigger tables from these, so they live one floor below them.
"""

from __future__ import annotations

from ..langdata.loader import LangData
from .normalize import normalize_string

__all__ = ["verb_ok", "verb_surface_forms", "verb_tense_forms", "noun_forms", "known_present_forms", "future_verb_forms"]


def verb_ok(token_norm: str, form: str, proclitics: frozenset[str], suffixes: frozenset[str]) -> bool:
    """A verb form inside a token only with verb proclitics before it and an object pronoun after."""
    k = token_norm.find(form)
    while k != -1:
        if token_norm[:k] in proclitics and token_norm[k + len(form):] in suffixes:
            return True
        k = token_norm.find(form, k + 1)
    return False


def verb_surface_forms(lang: LangData, past: str, present: str | None) -> set[str]:
    """Normalized conjugations of a verb given as past 3ms and present 3ms."""
    a, b = verb_tense_forms(lang, past, present)
    return a | b


def _weak_rule(rules: list[dict], written: str) -> dict | None:
    """The defective-verb rule whose final letter ends the verb as written (before normalization,
    which folds ى into ي), if any."""
    return next((r for r in rules if written.endswith(r["ending"])), None)


def verb_tense_forms(lang: LangData, past: str, present: str | None) -> tuple[set[str], set[str]]:
    """(past forms, present forms) of a verb given as past 3ms and present 3ms. A defective verb
    (ending in a weak letter: اعتدى، دعا / يعتدي، يدعو) replaces that letter by its rule's suffix
    for each regular suffix (اعتدت، اعتدوا، يعتدون), as ``verb_forms.json`` says."""
    spec = lang.table("verb_forms")

    def norm(value: str) -> str:
        return normalize_string(value, lang=lang)

    forms: set[str] = set()
    weak = _weak_rule(spec.get("weak_past", []), past)
    stem = norm(past[: -len(weak["ending"])] if weak else past)
    for suffix in spec["past_suffixes"]:
        ending = weak["suffixes"].get(suffix, weak["ending"] + suffix) if weak else suffix
        forms.add(stem + norm(ending) if ending else stem)
    present_forms: set[str] = set()
    if present:
        weak = _weak_rule(spec.get("weak_present", []), present)
        pres = norm(present[: -len(weak["ending"])] if weak else present)
        marker = norm(spec["present_marker"])
        core = pres[len(marker):] if pres.startswith(marker) else pres
        for prefix in spec["present_prefixes"]:
            for suffix in spec["present_suffixes"]:
                ending = weak["suffixes"].get(suffix, weak["ending"] + suffix) if weak else suffix
                present_forms.add(norm(prefix) + core + (norm(ending) if ending else ""))
    return forms, present_forms - forms


def noun_forms(lang: LangData, noun: str) -> set[str]:
    spec = lang.table("verb_forms")
    base = normalize_string(noun, lang=lang)
    out = {base}
    if not base.endswith(tuple(normalize_string(x, lang=lang) for x in spec.get("noun_suffixes_not_after", []))):
        out |= {base + normalize_string(s, lang=lang) for s in spec["noun_suffixes"] if s}
    return out


def known_present_forms(lang: LangData) -> frozenset[str]:
    """Present-tense forms of every verb the language data names: event triggers, future verbs
    (``modality.json``) and quote cues. Present forms only: «س» + a past form is a noun («سكان»
    residents), not a future verb."""
    return lang.derived("verbs.present_forms", _known_present_forms)


def _known_present_forms(lang: LangData) -> frozenset[str]:
    rows = [pair for row in lang.get("event_patterns", {}).get("patterns", []) for pair in row.get("verbs", [])]
    rows += list(lang.get("modality", {}).get("future_verbs", []))
    rows += [pair for row in lang.get("quote_cues", {}).get("verb_cues", []) for pair in row.get("verbs", [])]
    present: set[str] = set()
    for past, pres in rows:
        present |= verb_tense_forms(lang, past, pres)[1]
    return frozenset(present)


def future_verb_forms(lang: LangData) -> frozenset[str]:
    """A future prefix (``modality.future_prefixes``) on a known present form: «سيزور», «سيلتقي»."""
    return lang.derived("verbs.future_forms", _future_verb_forms)


def _future_verb_forms(lang: LangData) -> frozenset[str]:
    prefixes = [normalize_string(p, lang=lang) for p in lang.get("modality", {}).get("future_prefixes", [])]
    return frozenset(p + f for p in prefixes for f in known_present_forms(lang))
