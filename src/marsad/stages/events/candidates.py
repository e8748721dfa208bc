"""Trigger candidates: the pattern table (``ar/event_patterns.json``) compiled into an index of
trigger forms, and the match of a token against it with the patterns' context constraints
(``with``, ``without``, support words for nominal triggers, ...). Also the clause bounds and the
background test (a trigger that only mentions a known event), which decide whether a match is a
candidate at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...langdata.loader import LangData
from ..normalize import normalize_string
from ..quantities import count_words
from ..segment import Orthography, Token, orthography
from ..verbs import known_present_forms, verb_ok, verb_surface_forms, verb_tense_forms
from ..verbs import noun_forms as inflected_nouns

__all__ = [
    "Pattern", "PatternIndex", "event_patterns", "cameo_entry", "describe_rule", "match_trigger",
    "clause_bounds", "background", "supported", "phrase_at",
]


def phrase_at(tokens: tuple[Token, ...], j: int, end: int, phrase: tuple[str, ...]) -> bool:
    """The words of ``phrase`` (normalized) stand at tokens ``j``… before ``end``, each as one of
    the token's first two forms (the token itself or without its proclitic)."""
    k = len(phrase)
    return j + k <= end and all(phrase[m] in tokens[j + m].forms[:2] for m in range(k))


@dataclass(frozen=True, slots=True)
class Pattern:
    id: str
    cameo: str
    intent: str | None
    with_words: frozenset[str]
    window: int
    side: str
    without: frozenset[str]  # blocking words within 2 tokens either side ...
    order: int
    needs_support: bool = False
    not_followed_by_prefix: tuple[str, ...] = ()
    without_after: frozenset[str] = frozenset()  # ... and right after the trigger only
    without_after_window: int = 0
    without_in_clause: frozenset[str] = frozenset()  # ... and anywhere in its clause
    intransitive: bool = False  # a verb reading takes no object pronoun ("وأضربه" is "and I hit him")
    adverbial: bool = False  # "احتجاجا": the manner of an event already coded in the sentence
    genitive_target: bool = False  # "اغتيال الرئيس": the noun after the nominal trigger is its patient
    hal_words: frozenset[str] = frozenset()  # "متهما": a trigger only indefinite and not counted
    not_after_number: bool = False  # "30 طالبا" is a counted noun, not a verb

    @property
    def specific(self) -> bool:
        return bool(self.with_words)


@dataclass(frozen=True, slots=True)
class PatternIndex:
    triggers: dict[str, tuple[tuple[Pattern, str], ...]]  # form -> (pattern, "verb"/"noun"), specific first
    patterns: dict[str, Pattern]
    prepositions: frozenset[str]
    proclitic_preps: tuple[str, ...]
    target_preps: frozenset[str]
    location_preps: frozenset[str]
    future_prefixes: tuple[str, ...]
    present_prefixes: tuple[str, ...]
    intent_words: frozenset[str]
    intent_window: int
    negation_words: frozenset[str]
    negation_window: int
    conditionals: tuple[tuple[str, ...], ...]
    conditional_window: int
    fronted_time_window: int
    time_after_window: int  # a date at most N tokens after the trigger dates it
    time_before_window: int  # ... or at most N tokens before it
    clause_marks: frozenset[str]
    verb_forms: frozenset[str]  # every present-tense verb form known (triggers, cues, future_verbs)
    verb_proclitics: frozenset[str]
    object_suffixes: frozenset[str]
    future_lookahead: int
    support_verbs: frozenset[str]
    support_words: frozenset[str]
    support_numbers: bool
    support_window: int
    orth: Orthography  # the article, ta marbuta, punctuation (segmentation table)
    count_words: frozenset[str] = frozenset()  # number words (quantities.count_words): a count of victims
    experiencer_verbs: frozenset[str] = frozenset()  # تعرض لـ، نجا من: the subject undergoes the event
    experiencer_window: int = 0
    statement_roots: frozenset[str] = frozenset()  # events that report words: linked to their quote
    relative_pronouns: frozenset[str] = frozenset()
    relative_window: int = 0
    reference_words: frozenset[str] = frozenset()
    reference_window: int = 0
    demonstratives: frozenset[str] = frozenset()
    noun_forms: frozenset[str] = frozenset()  # every nominal trigger form ("قتل" is a verb and a noun)
    ta_marbuta_nouns: frozenset[str] = frozenset()  # nominal forms written with ة ("مظاهرة" → مظاهره)
    purpose_proclitics: frozenset[str] = frozenset()
    purpose_words: tuple[tuple[str, ...], ...] = ()
    purpose_window: int = 0
    subjected_words: frozenset[str] = frozenset()
    list_joiners: frozenset[str] = frozenset()
    conjunction_letters: str = ""  # glued one-letter conjunctions, for str.lstrip
    prep_cores: tuple[str, ...] = ()  # proclitic_preps without their conjunctions, in the same order
    coordinators: tuple[str, ...] = ()  # the glued "and"
    genitive_preps: frozenset[str] = frozenset()
    agent_markers: tuple[tuple[str, ...], ...] = ()  # "على يد", "برصاص": the agent follows
    passive_marks: frozenset[str] = frozenset()  # raw vowel marks (normalization drops them)
    dual_references: frozenset[str] = frozenset()  # "البلدين": the article's two main countries
    possessive_suffixes: tuple[str, ...] = ()  # third-person pronoun suffixes, as written
    first_person_prefixes: tuple[str, ...] = ()  # "سنقدم": we will
    first_person_words: frozenset[str] = frozenset()
    speaker_pronouns: frozenset[str] = frozenset()
    between_words: frozenset[str] = frozenset()  # «بين»: the two parties of a reciprocal event
    between_sides: tuple[tuple[str, ...], ...] = ()  # «من جهة»: the end of the first party's side
    between_codes: tuple[str, ...] = ()  # CAMEO codes or their leading digits
    between_window: int = 0
    apposition_heads: frozenset[str] = frozenset()  # «ذراع تنظيم القاعدة»: the actor after one fills no slot  # «أنها»: in an indirect quote, the speaker as subject
    sentence_target_roots: frozenset[str] = frozenset()
    clause_particles: frozenset[str] = frozenset()
    sentence_target_cues: tuple[tuple[str, ...], ...] = ()
    sentence_target_window: int = 0


def event_patterns(lang: LangData) -> PatternIndex:
    return lang.derived("events.patterns", _build_index)


def _build_index(lang: LangData) -> PatternIndex:
    spec = lang.table("event_patterns")
    mod = lang.table("modality")
    vf = lang.table("verb_forms")

    def norm(value: str) -> str:
        return normalize_string(value, lang=lang)

    lists = spec.get("word_lists", {})

    def words(values: list[str]) -> frozenset[str]:
        """Normalized words; "@name" stands for the words of word list ``name`` (sport …)."""
        out: set[str] = set()
        for x in values:
            out.update(norm(y) for y in (lists[x[1:]] if x.startswith("@") else [x]))
        return frozenset(out)

    orth = orthography(lang)
    roles = spec["roles"]
    conj = "".join(norm(c) for c in roles.get("conjunction_proclitics", []))
    proclitic_preps = tuple(sorted({norm(p) for p in roles["proclitic_prepositions"]}, key=len, reverse=True))
    triggers: dict[str, list[tuple[Pattern, str]]] = {}
    patterns: dict[str, Pattern] = {}
    noun_forms: set[str] = set()
    ta_marbuta: set[str] = set()
    for order, row in enumerate(spec["patterns"]):
        w = row.get("with") or {}
        pat = Pattern(
            id=row["id"], cameo=row["cameo"], intent=row.get("intent"),
            with_words=frozenset(norm(x) for x in w.get("words", [])),
            window=int(w.get("window", 3)), side=w.get("side", "after"),
            without=words(row.get("without", [])), order=order,
            needs_support=bool(row.get("needs_support")),
            not_followed_by_prefix=tuple(norm(x) for x in row.get("not_followed_by_prefix", [])),
            without_after=words(row.get("without_after", {}).get("words", [])),
            without_after_window=int(row.get("without_after", {}).get("window", 0)),
            without_in_clause=words(row.get("without_in_clause", [])),
            intransitive=bool(row.get("intransitive")),
            adverbial=bool(row.get("adverbial")),
            genitive_target=row.get("genitive") == "target",
            hal_words=frozenset(norm(x) for x in row.get("words", [])) if row.get("hal") else frozenset(),
            not_after_number=bool(row.get("not_after_number")),
        )
        patterns[pat.id] = pat
        forms: list[tuple[str, str]] = []
        for past, present in row.get("verbs", []):
            past_forms, present_forms = verb_tense_forms(lang, past, present)
            forms += [(f, "verb") for f in sorted(past_forms)]
            forms += [(f, "present") for f in sorted(present_forms)]
        for noun in row.get("nouns", []):
            forms += [(f, "noun") for f in sorted(inflected_nouns(lang, noun))]
            if noun.endswith(orth.feminine_endings):
                ta_marbuta.add(norm(noun))
        forms += [(norm(x), "noun") for x in row.get("words", [])]
        noun_forms.update(f for f, pos in forms if pos == "noun")
        for form, pos in forms:
            entry = triggers.setdefault(form, [])
            if all(p.id != pat.id or kind != pos for p, kind in entry):
                entry.append((pat, pos))  # one reading per part of speech: "بخطف" is the noun of خطف
    ordered = {
        form: tuple(sorted(entry, key=lambda e: (not e[0].specific, e[0].order)))
        for form, entry in triggers.items()
    }
    background = mod.get("background", {})
    purpose = mod.get("purpose", {})
    return PatternIndex(
        triggers=ordered,
        patterns=patterns,
        prepositions=frozenset(norm(p) for p in roles["prepositions"]),
        proclitic_preps=proclitic_preps,
        target_preps=frozenset(norm(p) for p in roles["target_prepositions"]),
        location_preps=frozenset(norm(p) for p in roles["location_prepositions"]),
        future_prefixes=tuple(norm(p) for p in mod["future_prefixes"]),
        present_prefixes=tuple(norm(p) for p in vf["present_prefixes"]),
        intent_words=frozenset(norm(p) for p in mod["intent_words"]),
        intent_window=int(mod.get("intent_window", 8)),
        negation_words=frozenset(norm(p) for p in mod["negation_words"]),
        negation_window=int(mod.get("negation_window", 3)),
        conditionals=tuple(sorted({tuple(norm(c).split()) for c in mod["conditional_words"]}, key=len, reverse=True)),
        conditional_window=int(mod.get("conditional_window", 6)),
        fronted_time_window=int(mod.get("fronted_time_window", 0)),
        time_after_window=int(mod.get("time_after_window", 8)),
        time_before_window=int(mod.get("time_before_window", 2)),
        clause_marks=frozenset(mod["clause_marks"]) | frozenset(norm(m) for m in mod["clause_marks"]),
        verb_forms=known_present_forms(lang),
        verb_proclitics=frozenset(norm(p) for p in vf.get("verb_proclitics", [""])) | {""},
        object_suffixes=frozenset(norm(p) for p in vf.get("object_suffixes", [""])) | {""},
        future_lookahead=int(mod.get("future_lookahead", 0)),
        support_verbs=frozenset(f for past, present in spec["support"]["verbs"]
                                for f in verb_surface_forms(lang, past, present)),
        support_words=frozenset(norm(w) for w in spec["support"]["words"]),
        support_numbers=bool(spec["support"]["numbers"]),
        support_window=int(spec["support"]["window"]),
        relative_pronouns=frozenset(norm(w) for w in background.get("relative_pronouns", [])),
        relative_window=int(background.get("relative_window", 0)),
        reference_words=frozenset(norm(w) for w in background.get("reference_words", [])),
        reference_window=int(background.get("reference_window", 0)),
        demonstratives=frozenset(norm(w) for w in background.get("demonstratives", [])),
        noun_forms=frozenset(noun_forms),
        ta_marbuta_nouns=frozenset(ta_marbuta),
        purpose_proclitics=frozenset(norm(p) for p in purpose.get("proclitics", [])),
        purpose_words=tuple(sorted({tuple(norm(w).split()) for w in purpose.get("words", [])}, key=len, reverse=True)),
        purpose_window=int(purpose.get("window", 0)),
        subjected_words=frozenset(norm(w) for w in purpose.get("subjected", [])),
        list_joiners=frozenset(roles.get("list_joiners", [])) | frozenset(norm(w) for w in roles.get("list_joiners", [])),
        conjunction_letters=conj,
        prep_cores=tuple(p.lstrip(conj) or p for p in proclitic_preps),
        coordinators=tuple(norm(c) for c in roles.get("coordinating_proclitics", [])),
        genitive_preps=frozenset(norm(p) for p in roles.get("genitive_proclitic_prepositions", [])),
        agent_markers=tuple(sorted({tuple(norm(m).split()) for m in roles.get("agent_markers", [])}, key=len, reverse=True)),
        passive_marks=frozenset(roles.get("passive_marks", [])),
        dual_references=frozenset(norm(w) for w in roles.get("dual_references", [])),
        possessive_suffixes=tuple(roles.get("possessive_suffixes", [])),
        clause_particles=frozenset(norm(w) for w in roles.get("clause_particles", [])),
        sentence_target_roots=frozenset(roles.get("sentence_targets", {}).get("roots", [])),
        sentence_target_cues=tuple(sorted({tuple(norm(c).split()) for c in roles.get("sentence_targets", {}).get("cues", [])},
                                          key=len, reverse=True)),
        sentence_target_window=int(roles.get("sentence_targets", {}).get("window", 0)),
        first_person_prefixes=tuple(norm(p) for p in roles.get("first_person", {}).get("prefixes", [])),
        first_person_words=frozenset(norm(w) for w in roles.get("first_person", {}).get("words", []) if " " not in w),
        speaker_pronouns=frozenset(norm(w) for w in roles.get("speaker_pronouns", [])),
        between_words=frozenset(norm(w) for w in roles.get("between", {}).get("words", [])),
        between_sides=tuple(sorted({tuple(norm(c).split()) for c in roles.get("between", {}).get("sides", [])},
                                   key=len, reverse=True)),
        between_codes=tuple(roles.get("between", {}).get("codes", [])),
        between_window=int(roles.get("between", {}).get("window", 0)),
        apposition_heads=frozenset(norm(w) for w in roles.get("apposition_heads", [])),
        orth=orth,
        experiencer_verbs=frozenset(norm(w) for w in roles.get("experiencer_verbs", {}).get("forms", [])),
        statement_roots=frozenset(roles.get("statements", {}).get("roots", [])),
        experiencer_window=int(roles.get("experiencer_verbs", {}).get("window", 0)),
        count_words=count_words(lang) if "numbers" in lang else frozenset(),
    )


def cameo_entry(lang: LangData, code: str) -> dict:
    codes = lang.table("cameo")["codes"]
    for k in range(len(code), 1, -1):
        if code[:k] in codes:
            return codes[code[:k]]
    return {}


def describe_rule(lang: LangData, rule_id: str) -> str:
    """The pattern behind a rule id, as written in the table (for ``marsad explain``)."""
    table = lang.table("event_patterns")
    labels = {"separator": ", ", "after": "after", "before": "before", "around": "around",
              "followed_by": "verb followed by", "glued": "-", **table.get("explain_labels", {})}
    for row in table["patterns"]:
        if row["id"] != rule_id:
            continue
        heads = [f"{p}/{q}" if q else p for p, q in row.get("verbs", [])] + row.get("nouns", []) + row.get("words", [])
        text = labels["separator"].join(heads)
        if row.get("with"):
            w = row["with"]
            side = labels[{"after": "after", "before": "before", "any": "around"}[w.get("side", "after")]]
            text += f"  + ({' | '.join(w['words'])}) {side} ≤{w['window']}"
        if row.get("without"):
            text += f"  − ({' | '.join(row['without'])})"
        if row.get("without_after"):
            w = row["without_after"]
            text += f"  − ({' | '.join(w['words'])}) {labels['after']} ≤{w['window']}"
        if row.get("not_followed_by_prefix"):
            glued = " | ".join(p + labels["glued"] for p in row["not_followed_by_prefix"])
            text += f"  − {labels['followed_by']} ({glued})"
        return text
    return ""


def match_trigger(tokens: tuple[Token, ...], i: int, first: int, last: int, ix: PatternIndex, text: str
           ) -> tuple[Pattern, str, str, int | None] | None:
    tok = tokens[i]

    orth = ix.orth

    def text_end_is_ta_marbuta(t: Token) -> bool:
        return text[t.end - 1:t.end] in orth.feminine_endings

    seen: set[tuple[str, str]] = set()
    cands: list[tuple[Pattern, str, str]] = []
    for want in ("noun", "verb"):  # a noun reading first: "سيطرتها" is "its control"
        for form in tok.forms:
            for pat, pos in ix.triggers.get(form, ()):
                if (pos == "noun") != (want == "noun") or (pat.id, pos) in seen:
                    continue
                if pos == "noun" and any(
                        p.id == pat.id and kind != "noun" and verb_ok(tok.norm, form, ix.verb_proclitics, ix.object_suffixes)
                        for p, kind in ix.triggers[form]):
                    continue  # a form that is this pattern's verb too ("خطف") stays a verb where it can be one
                if pos != "noun" and not verb_ok(tok.norm, form, ix.verb_proclitics, ix.object_suffixes):
                    continue
                if (pos != "noun" and any(tok.norm.endswith(form + f) for f in orth.feminine_folded)
                        and text_end_is_ta_marbuta(tok)):
                    continue  # "ضربة" is a noun, not "ضربه" (he hit him): ta marbuta folds to ه
                if pos == "noun" and any(f.startswith(a + form) and f != a + form for a in orth.articles
                                         for f in tok.forms):
                    continue  # the article and an enclitic: "الاجتماعي" is "social", not "my meeting"
                if form in pat.hal_words and (
                        any(f.startswith(a + form) for a in orth.articles for f in tok.forms)
                        or (i > first and tokens[i - 1].is_number)):
                    continue  # "المتهمين", "16 متهما": defendants, not "accusing"
                if pat.not_after_number and i > first and tokens[i - 1].is_number:
                    continue  # "30 طالبا": students
                if (pos == "noun" and form in ix.ta_marbuta_nouns and tok.norm.endswith(form)
                        and text[tok.end - 1:tok.end] in orth.feminine_folded):
                    continue  # "ومظاهره" is "its manifestations", not "مظاهرة" (a demonstration)
                seen.add((pat.id, pos))
                cands.append((pat, pos, form))
    cands.sort(key=lambda c: (not c[0].specific, c[0].order))
    for pat, pos, form in cands:
        pos = "verb" if pos == "present" and not pat.needs_support else pos
        if pos != "noun" and pat.intransitive and not verb_ok(tok.norm, form, ix.verb_proclitics, frozenset({""})):
            continue
        if pat.without_in_clause:
            a, b = clause_bounds(tokens, i, first, last, ix)
            if any(f in pat.without_in_clause for t in tokens[a:b] if t.index != i for f in t.forms[:2]):
                continue  # "أدت الفيضانات إلى مقتل 13 شخصا": deaths, not an assault
        if pos != "noun" and pat.not_followed_by_prefix and i + 1 < last:
            nxt = tokens[i + 1].norm
            if any(nxt.startswith(p) and len(nxt) - len(p) >= 2 for p in pat.not_followed_by_prefix):
                continue  # "تظاهر بالمرض" (pretended), "أضرب بأصابعه" (hit with)
        if pat.without_after:
            after = tokens[i + 1:min(last, i + 1 + pat.without_after_window)]
            if any(f in pat.without_after for t in after for f in t.forms[:2]):
                continue  # "قطع الطريق على …" is the idiom "to forestall"
        if pat.without:
            near = tokens[max(first, i - 2):min(last, i + 3)]
            if any(f in pat.without for t in near if t.index != i for f in t.forms[:2]):
                continue
        if pos == "present" and pat.needs_support:
            head = tok.norm[: max(0, tok.norm.find(form))]
            prev = tokens[i - 1].forms[0] if i > first else ""
            if any(p in head for p in ix.future_prefixes) or prev in ix.negation_words:
                pos = "verb"  # a future or negated verb is not a habitual present: no support needed
        if pos in ("noun", "present") and pat.needs_support and not supported(tokens, i, first, last, ix):
            continue
        if not pat.with_words:
            return pat, pos, form, None
        lo = i - pat.window if pat.side in ("before", "any") else i + 1
        hi = i + pat.window if pat.side in ("after", "any") else i - 1
        for j in range(max(first, lo), min(last - 1, hi) + 1):
            if j != i and any(f in pat.with_words for f in tokens[j].forms):
                return pat, pos, form, j
    return None
def supported(tokens: tuple[Token, ...], i: int, first: int, last: int, ix: PatternIndex) -> bool:
    """A nominal trigger reports an occurrence: a support word, verb or number is near it."""
    for t in tokens[max(first, i - ix.support_window):min(last, i + ix.support_window + 1)]:
        if t.index == i:
            continue
        if ix.support_numbers and t.is_number:
            return True
        if any(f in ix.support_words for f in t.forms[:3]):
            return True
        if any(f in ix.support_verbs and verb_ok(t.norm, f, ix.verb_proclitics, ix.object_suffixes) for f in t.forms):
            return True
        if any(pos == "verb" and verb_ok(t.norm, f, ix.verb_proclitics, ix.object_suffixes)
               for f in t.forms for p, pos in ix.triggers.get(f, ()) if p.needs_support):
            return True
    return False


def background(tokens: tuple[Token, ...], i: int, cs: int, ix: PatternIndex, *, nominal: bool) -> bool:
    """The trigger mentions an event as background rather than reporting it: a verb opening a
    relative clause ("الهجوم الذي استهدف …"), a nominal trigger right after a demonstrative
    ("هذا الهجوم"), or one governed by a reference, condemnation or prevention word
    ("منذ اغتيال …", "أدان الهجوم", "أحبطت هجوما") in its clause."""
    for j in range(max(cs, i - ix.relative_window), i):
        if any(f in ix.relative_pronouns for f in tokens[j].forms[:2]):
            return True
    if not nominal:
        return False
    if i > cs and any(f in ix.demonstratives for f in tokens[i - 1].forms[:2]):
        return True  # "هذا الهجوم": an event already reported
    for j in range(max(cs, i - ix.reference_window), i):
        if any(f in ix.reference_words for f in tokens[j].forms[:2]):
            return True
    return False


def clause_bounds(tokens: tuple[Token, ...], i: int, first: int, last: int, ix: PatternIndex) -> tuple[int, int]:
    """The token span of the clause around token ``i``: between clause marks, within its sentence."""
    a = i
    while a > first and tokens[a - 1].norm not in ix.clause_marks:
        a -= 1
    b = i
    while b < last and tokens[b].norm not in ix.clause_marks:
        b += 1
    return a, b


