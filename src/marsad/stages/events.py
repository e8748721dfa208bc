"""Events: CAMEO codes with their PLOVER type, source and target actors, modality, date and place.

Triggers are language data (``ar/event_patterns.json``): verbs (conjugated with
``ar/verb_forms.json``), nouns and words, each pattern with an id, a CAMEO code and optional
context (``with`` a word nearby, ``without`` a blocking word). They are matched over the
clitic-aware token forms of the segmentation. Names, Goldstein scores, QuadClass and the PLOVER
type come from ``common/cameo.json``; modality markers from ``ar/modality.json``, which also lists
the background contexts (relative clauses, reference, condemnation and prevention words) where a
trigger only mentions a known event: no event is coded there. Negated and hypothetical events keep
their CAMEO code but get no PLOVER type (nothing occurred).

Every event carries ``rule`` (the pattern id), so it can be explained (``marsad explain``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..langdata.loader import LangData
from ..model import Entity, Event, Participant, Place, Quote, TimeExpr
from ..settings import Settings
from .metadata import Metadata
from .normalize import NormalizedText, normalize_string
from .quotes import quote_cues, resolve_entity, verb_ok
from .segment import Orthography, Segmentation, Token, char_to_token, orthography, token_forms

__all__ = ["extract_events", "verb_surface_forms", "Pattern", "event_patterns", "describe_rule", "cameo_entry"]


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

    @property
    def specific(self) -> bool:
        return bool(self.with_words)


@dataclass(frozen=True, slots=True)
class _Index:
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


def verb_surface_forms(lang: LangData, past: str, present: str | None) -> set[str]:
    """Normalized conjugations of a verb given as past 3ms and present 3ms."""
    a, b = verb_tense_forms(lang, past, present)
    return a | b


def verb_tense_forms(lang: LangData, past: str, present: str | None) -> tuple[set[str], set[str]]:
    """(past forms, present forms) of a verb given as past 3ms and present 3ms."""
    spec = lang.table("verb_forms")

    def norm(value: str) -> str:
        return normalize_string(value, lang=lang)

    forms: set[str] = set()
    stem = norm(past)
    for suffix in spec["past_suffixes"]:
        forms.add(stem + norm(suffix) if suffix else stem)
    present_forms: set[str] = set()
    if present:
        pres = norm(present)
        marker = norm(spec["present_marker"])
        core = pres[len(marker):] if pres.startswith(marker) else pres
        for prefix in spec["present_prefixes"]:
            for suffix in spec["present_suffixes"]:
                present_forms.add(norm(prefix) + core + (norm(suffix) if suffix else ""))
    return forms, present_forms - forms


def _noun_forms(lang: LangData, noun: str) -> set[str]:
    spec = lang.table("verb_forms")
    base = normalize_string(noun, lang=lang)
    out = {base}
    if not base.endswith(tuple(normalize_string(x, lang=lang) for x in spec.get("noun_suffixes_not_after", []))):
        out |= {base + normalize_string(s, lang=lang) for s in spec["noun_suffixes"] if s}
    return out


def event_patterns(lang: LangData) -> _Index:
    return lang.derived("events.patterns", _build_index)


def _build_index(lang: LangData) -> _Index:
    spec = lang.table("event_patterns")
    mod = lang.table("modality")
    vf = lang.table("verb_forms")

    def norm(value: str) -> str:
        return normalize_string(value, lang=lang)

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
            without=frozenset(norm(x) for x in row.get("without", [])), order=order,
            needs_support=bool(row.get("needs_support")),
            not_followed_by_prefix=tuple(norm(x) for x in row.get("not_followed_by_prefix", [])),
            without_after=frozenset(norm(x) for x in row.get("without_after", {}).get("words", [])),
            without_after_window=int(row.get("without_after", {}).get("window", 0)),
            without_in_clause=frozenset(norm(x) for x in row.get("without_in_clause", [])),
            intransitive=bool(row.get("intransitive")),
            adverbial=bool(row.get("adverbial")),
        )
        patterns[pat.id] = pat
        forms: list[tuple[str, str]] = []
        for past, present in row.get("verbs", []):
            past_forms, present_forms = verb_tense_forms(lang, past, present)
            forms += [(f, "verb") for f in sorted(past_forms)]
            forms += [(f, "present") for f in sorted(present_forms)]
        for noun in row.get("nouns", []):
            forms += [(f, "noun") for f in sorted(_noun_forms(lang, noun))]
            if noun.endswith(orth.feminine_endings):
                ta_marbuta.add(norm(noun))
        forms += [(norm(x), "noun") for x in row.get("words", [])]
        noun_forms.update(f for f, pos in forms if pos == "noun")
        for form, pos in forms:
            entry = triggers.setdefault(form, [])
            if all(p.id != pat.id for p, _ in entry):
                entry.append((pat, pos))
    ordered = {
        form: tuple(sorted(entry, key=lambda e: (not e[0].specific, e[0].order)))
        for form, entry in triggers.items()
    }
    background = mod.get("background", {})
    purpose = mod.get("purpose", {})
    # present-tense forms only: "س" + a past form is a noun ("سكان" residents), not a future verb
    verb_forms_all: set[str] = {f for f, entry in triggers.items() if any(pos == "present" for _, pos in entry)}
    for past, present in mod.get("future_verbs", []):
        verb_forms_all |= verb_tense_forms(lang, past, present)[1]
    for row in lang.get("quote_cues", {}).get("verb_cues", []):
        for past, present in row.get("verbs", []):
            verb_forms_all |= verb_tense_forms(lang, past, present)[1]
    return _Index(
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
        verb_forms=frozenset(verb_forms_all),
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
        orth=orth,
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


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) == 1:
            return date(int(parts[0]), 1, 1)
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1)
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def extract_events(
    text: str, norm: NormalizedText, seg: Segmentation, meta: Metadata, times: tuple[TimeExpr, ...],
    entities: tuple[Entity, ...], quotes: tuple[Quote, ...], *, lang: LangData, settings: Settings,
) -> tuple[Event, ...]:
    if "event_patterns" not in lang or "cameo" not in lang:
        return ()
    ix = event_patterns(lang)
    orth = ix.orth
    cues = quote_cues(lang) if "quote_cues" in lang else None
    tokens = seg.tokens
    by_id = {e.id: e for e in entities}
    token_at = char_to_token(seg)
    in_entity: set[int] = set()
    ent_first: dict[str, int] = {}
    ent_last: dict[str, int] = {}
    for ent in entities:
        idx = token_at.covering(ent.start, ent.end)
        if idx:
            in_entity.update(idx)
            ent_first[ent.id], ent_last[ent.id] = idx[0], idx[-1]
    published = _parse_iso(meta.published)

    conj = ix.conjunction_letters

    def oblique(ent: Entity) -> str | None:
        """The preposition governing the entity, if any (glued ``لـ``/``بـ`` or a word before)."""
        i = ent_first.get(ent.id)
        if i is None:
            return None
        tok = tokens[i]
        glued = normalize_string(text[tok.start:ent.start], lang=lang) if ent.start > tok.start else ""
        if glued:
            g = glued.lstrip(conj) or glued
            for core in ix.prep_cores:
                if g.startswith(core):
                    return core[0]
        if i > 0 and tokens[i - 1].sentence == tok.sentence:
            prev = tokens[i - 1]
            for f in prev.forms:
                if f in ix.prepositions:
                    return f
            # "لجمهورية طاجيكستان": the genitive of a noun that carries a proclitic preposition
            for f in prev.forms[1:]:
                if len(f) < 3:
                    continue
                head = prev.norm[: len(prev.norm) - len(f)] if prev.norm.endswith(f) else ""
                core = head.lstrip(conj)
                if core and core[0] in ix.genitive_preps and core in ix.prep_cores:
                    return core[0]
        return None

    def quote_at(pos: int) -> Quote | None:
        inner = [q for q in quotes if q.start <= pos < q.end]
        return min(inner, key=lambda q: q.end - q.start) if inner else None

    def future_verb(tok: Token) -> bool:
        n = tok.norm
        for p in ix.future_prefixes:
            for lead in ("", *conj):
                head = lead + p
                if n.startswith(head) and n[len(head):] in ix.verb_forms:
                    return True
        return False

    events: list[Event] = []
    last_hi = -1
    triggers = ix.triggers
    for s_idx, (first, last) in enumerate(seg.sentence_tokens):
        consumed: set[int] = set()
        for i in range(first, last):
            if i in consumed or i in in_entity:
                continue
            tok = tokens[i]
            if triggers.keys().isdisjoint(tok.forms) or not tok.is_word:
                continue  # no form of it triggers anything: _match would find nothing
            match = _match(tokens, i, first, last, ix, text)
            if match is None:
                continue
            pat, pos, form, w_idx = match
            if pat.adverbial and any(e.sentence == s_idx and e.root == pat.cameo[:2] for e in events):
                consumed.add(i)  # "تظاهروا أمس، احتجاجا على …": the same protest, not a second one
                continue
            if events and events[-1].sentence == s_idx and events[-1].rule == pat.id and i - last_hi <= 3:
                consumed.add(i)  # "انفجار سيارة مفخخة": one bombing, not two
                continue
            lo, hi = i, i
            if w_idx is not None and abs(w_idx - i) <= 2:
                lo, hi = min(i, w_idx), max(i, w_idx)
            consumed.update(range(lo, hi + 1))
            last_hi = hi
            t_start, t_end = tokens[lo].start, tokens[hi].end
            cs, ce = _clause_bounds(tokens, i, first, last, ix)
            if _background(tokens, min(i, lo), cs, ix, nominal=pos != "verb" or form in ix.noun_forms):
                continue  # a mention of a known event (relative clause, reference, condemnation), not a report
            quote = quote_at(t_start)

            # --- participants -------------------------------------------------------------
            q_span = (quote.start, quote.end) if quote is not None else None

            def same_quote(e: Entity, q_span: tuple[int, int] | None = q_span) -> bool:
                inner = quote_at(e.start)
                return (inner.start, inner.end) == q_span if inner is not None else q_span is None

            actors = [e for e in entities if e.actor is not None and e.id in ent_first
                      and not (e.start < t_end and e.end > t_start)]
            cands = [e for e in actors if cs <= ent_first[e.id] < ce]
            obl = {e.id: oblique(e) for e in actors}
            before_subj = [e for e in cands if e.end <= t_start and obl[e.id] is None]
            after_subj = [e for e in cands if e.start >= t_end and obl[e.id] is None]
            src: Entity | None = None
            if pos == "noun":
                if after_subj and ent_first[after_subj[0].id] - hi <= 2:
                    src = after_subj[0]
                elif before_subj:
                    src = before_subj[-1]
            elif before_subj:
                src = before_subj[-1]
            elif after_subj and _verb_initial(tokens, cs, lo, ix):
                src = after_subj[0]
            if src is None:  # the subject of an earlier clause of the sentence ("أعلنت طالبان، …، سيطرتها")
                earlier = [e for e in actors if first <= ent_first[e.id] < cs and e.end <= t_start
                           and obl[e.id] is None and same_quote(e)]
                if earlier:
                    src = earlier[-1]
            tgt: Entity | None = None
            for e in cands:
                if e.start < t_end or (src is not None and e.start < src.end):
                    continue
                if src is not None and resolve_entity(e.id, by_id) == resolve_entity(src.id, by_id):
                    continue
                p = obl[e.id]
                if p is None and (pos == "noun" or _conjoined(tokens, ent_first[e.id], text, e, ix)):
                    continue
                if p is None or p in ix.target_preps:
                    tgt = e
                    break
            fallback = False
            if src is None and quote is not None and quote.speaker in by_id and by_id[quote.speaker].actor:
                src = by_id[quote.speaker]
                fallback = True
            if tgt is not None and src is not None and tgt.actor and src.actor and tgt.actor.code == src.actor.code:
                tgt = None
            # "روسيا، أرمينيا، … و أوزبكستان بالتوقيع": one event per member of a listed subject
            sources = _listed(src, actors, ent_first, ent_last, tokens, text, ix) if src is not None else [None]

            # --- modality ---------------------------------------------------------------
            negated = any(
                f in ix.negation_words
                for t in tokens[max(cs, i - ix.negation_window):i] for f in t.forms[:1]
            )
            cue = None
            if quote is not None and quote.cue and cues is not None:
                for f in token_forms(normalize_string(quote.cue, lang=lang), lang=lang):
                    if f in cues.verbs:
                        cue = cues.verbs[f]
                        break
                if cue is not None and cue.negates:
                    negated = True
            intent = future_verb(tok)
            for t in tokens[max(first, i - ix.intent_window):i]:
                if t.norm in orth.semicolons:
                    intent = False
                elif future_verb(t) or any(f in ix.intent_words for f in t.forms[:2]):
                    intent = True
            if pos == "noun" and not intent:
                intent = any(future_verb(t) for t in tokens[hi + 1:min(ce, hi + 1 + ix.future_lookahead)])
            hypothetical = False
            for j in range(max(cs, i - ix.conditional_window), i):
                for phrase in ix.conditionals:
                    k = len(phrase)
                    if j + k <= i and all(phrase[m] in tokens[j + m].forms[:2] for m in range(k)):
                        hypothetical = True
            if pos == "noun" and not hypothetical:
                hypothetical = _purpose(tokens, i, form, cs, ix)
            # --- date ---------------------------------------------------------------------
            when: str | None = None
            for t in sorted(times, key=lambda x: x.start):
                if not t.value:
                    continue
                ti = token_at.get(t.start)
                te = token_at.get(max(t.start, t.end - 1))
                if ti is None or te is None or not (cs <= ti < ce):
                    continue
                if ti > hi and ti - hi <= ix.time_after_window:
                    when = t.value
                    break
                if te < lo and lo - te <= ix.time_before_window:
                    when = t.value
            if when is None:
                # A fronted time adverbial ("وفي نفس العام، قامت ...") dates the whole sentence.
                for t in times:
                    ti = token_at.get(t.start)
                    if t.value and ti is not None and first <= ti < min(lo, first + ix.fronted_time_window):
                        when = t.value
            date_basis = "text" if when else None
            if when is None and meta.published:
                when, date_basis = meta.published, "published"
            historical = False
            if date_basis == "text" and published is not None:
                d = _parse_iso(when)
                historical = d is not None and d < published - timedelta(days=settings.historical_days)
            claim = (
                quote is not None and cue is not None and cue.claim and src is not None
                and (fallback or resolve_entity(src.id, by_id) == quote.speaker)
            )
            if historical:
                modality = "historical"
            elif intent:
                modality = "intent"
            elif hypothetical:
                modality = "hypothetical"
            elif claim and not negated:
                modality = "claim"
            else:
                modality = "asserted"
            code = pat.intent if (modality == "intent" and pat.intent) else pat.cameo
            entry = cameo_entry(lang, code)
            # a PLOVER type only for an event that occurs: not a negated or hypothetical one
            plover = "" if (negated or modality == "hypothetical") else entry.get("plover") or ""

            # --- location -------------------------------------------------------------------
            location: Place | None = None
            roles = {x.id for x in (*sources, tgt) if x is not None}
            places = [e for e in entities if e.place is not None and e.id in ent_first
                      and first <= ent_first[e.id] < last and e.id not in roles]
            located = [e for e in places if obl.get(e.id, oblique(e)) in ix.location_preps]
            if located:
                location = min(located, key=lambda e: abs(ent_first[e.id] - i)).place
            elif tgt is not None and tgt.place is not None:
                location = tgt.place

            def part(e: Entity | None) -> Participant | None:
                if e is None or e.actor is None:
                    return None
                return Participant(code=e.actor.code, entity=e.id, text=e.text)

            events.extend(Event(
                id="", sentence=s_idx, start=t_start, end=t_end, text=text[t_start:t_end],
                source=part(member), target=part(tgt), cameo=code, root=code[:2],
                plover=plover, modality=modality, negated=negated, date=when,
                rule=pat.id, quad_class=entry.get("quad_class"), goldstein=entry.get("goldstein"),
                plover_mode=entry.get("plover_mode"),
                attributed_to=quote.speaker if quote is not None else None,
                date_basis=date_basis, location=location,
            ) for member in sources)
    events.sort(key=lambda e: (e.start, e.end))
    return tuple(_renumber(e, k) for k, e in enumerate(events, 1))


def _supported(tokens: tuple[Token, ...], i: int, first: int, last: int, ix: _Index) -> bool:
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


def _background(tokens: tuple[Token, ...], i: int, cs: int, ix: _Index, *, nominal: bool) -> bool:
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


def _clause_bounds(tokens: tuple[Token, ...], i: int, first: int, last: int, ix: _Index) -> tuple[int, int]:
    """The token span of the clause around token ``i``: between clause marks, within its sentence."""
    a = i
    while a > first and tokens[a - 1].norm not in ix.clause_marks:
        a -= 1
    b = i
    while b < last and tokens[b].norm not in ix.clause_marks:
        b += 1
    return a, b


def _listed(src: Entity, actors: list[Entity], ent_first: dict[str, int], ent_last: dict[str, int],
            tokens: tuple[Token, ...], text: str, ix: _Index) -> list[Entity]:
    """The members of the list the subject belongs to ("روسيا، أرمينيا، … و أوزبكستان"), in
    text order: actors joined only by commas and "و" (written apart or glued to the name)."""
    by_first = {ent_first[e.id]: e for e in actors}
    by_last = {ent_last[e.id]: e for e in actors}

    def joined(left: Entity, right: Entity) -> bool:
        gap = tokens[ent_last[left.id] + 1:ent_first[right.id]]
        glued = text[tokens[ent_first[right.id]].start:right.start].startswith(ix.coordinators)
        return all(t.norm in ix.list_joiners for t in gap) and (bool(gap) or glued)

    def step(e: Entity, back: bool) -> Entity | None:
        if back:
            k = ent_first[e.id] - 1
            while k >= 0 and tokens[k].norm in ix.list_joiners:
                k -= 1
            other = by_last.get(k)
            return other if other is not None and other is not e and joined(other, e) else None
        k = ent_last[e.id] + 1
        while k < len(tokens) and tokens[k].norm in ix.list_joiners:
            k += 1
        other = by_first.get(k)
        return other if other is not None and other is not e and joined(e, other) else None

    members = [src]
    for back in (True, False):
        e = step(src, back)
        while e is not None and e not in members:
            members.insert(0, e) if back else members.append(e)
            e = step(e, back)
    return members


def _purpose(tokens: tuple[Token, ...], i: int, form: str, cs: int, ix: _Index) -> bool:
    """A nominal trigger names a goal, not an occurrence: it carries a purpose proclitic
    ("للتوصل إلى اتفاق لوقف إطلاق النار") or follows a purpose word ("بهدف اغتياله") in its
    clause. After a 'subjected' word the proclitic is a plain preposition ("تعرضت قافلته لهجوم")."""
    tok = tokens[i]
    at = tok.norm.find(form)
    head = tok.norm[:at] if at > 0 else ""
    before = tokens[max(cs, i - ix.purpose_window):i]
    if head in ix.purpose_proclitics and not any(f in ix.subjected_words for t in before for f in t.forms):
        return True
    for j in range(max(cs, i - ix.purpose_window), i):
        for phrase in ix.purpose_words:
            k = len(phrase)
            if j + k <= i and all(phrase[m] in tokens[j + m].forms[:2] for m in range(k)):
                return True
    return False


def _verb_initial(tokens: tuple[Token, ...], cs: int, lo: int, ix: _Index) -> bool:
    """VSO: nothing but particles between the clause start and the verb."""
    words = [t for t in tokens[cs:lo] if t.is_word and not (set(t.forms[:2]) & (ix.negation_words | ix.intent_words))]
    return len(words) <= 1


def _conjoined(tokens: tuple[Token, ...], i: int, text: str, ent: Entity, ix: _Index) -> bool:
    """The entity is the second member of a coordination ("القوات الأميركية وقوات الناتو")."""
    tok = tokens[i]
    if text[tok.start:ent.start].startswith(ix.coordinators):
        return True
    if i == 0:
        return False
    prev = tokens[i - 1]
    return any(prev.norm.startswith(c) and prev.norm[len(c):] in prev.forms for c in ix.coordinators)


def _renumber(event: Event, k: int) -> Event:
    from dataclasses import replace

    return replace(event, id=f"v{k}")


def _match(tokens: tuple[Token, ...], i: int, first: int, last: int, ix: _Index, text: str
           ) -> tuple[Pattern, str, str, int | None] | None:
    tok = tokens[i]

    orth = ix.orth

    def text_end_is_ta_marbuta(t: Token) -> bool:
        return text[t.end - 1:t.end] in orth.feminine_endings

    seen: set[str] = set()
    cands: list[tuple[Pattern, str, str]] = []
    for want in ("noun", "verb"):  # a noun reading first: "سيطرتها" is "its control"
        for form in tok.forms:
            for pat, pos in ix.triggers.get(form, ()):
                if (pos == "noun") != (want == "noun") or pat.id in seen:
                    continue
                if pos != "noun" and not verb_ok(tok.norm, form, ix.verb_proclitics, ix.object_suffixes):
                    continue
                if (pos != "noun" and any(tok.norm.endswith(form + f) for f in orth.feminine_folded)
                        and text_end_is_ta_marbuta(tok)):
                    continue  # "ضربة" is a noun, not "ضربه" (he hit him): ta marbuta folds to ه
                if (pos == "noun" and form in ix.ta_marbuta_nouns and tok.norm.endswith(form)
                        and text[tok.end - 1:tok.end] in orth.feminine_folded):
                    continue  # "ومظاهره" is "its manifestations", not "مظاهرة" (a demonstration)
                seen.add(pat.id)
                cands.append((pat, pos, form))
    cands.sort(key=lambda c: (not c[0].specific, c[0].order))
    for pat, pos, form in cands:
        pos = "verb" if pos == "present" and not pat.needs_support else pos
        if pos != "noun" and pat.intransitive and not verb_ok(tok.norm, form, ix.verb_proclitics, frozenset({""})):
            continue
        if pat.without_in_clause:
            a, b = _clause_bounds(tokens, i, first, last, ix)
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
        if pos in ("noun", "present") and pat.needs_support and not _supported(tokens, i, first, last, ix):
            continue
        if not pat.with_words:
            return pat, pos, form, None
        lo = i - pat.window if pat.side in ("before", "any") else i + 1
        hi = i + pat.window if pat.side in ("after", "any") else i - 1
        for j in range(max(first, lo), min(last - 1, hi) + 1):
            if j != i and any(f in pat.with_words for f in tokens[j].forms):
                return pat, pos, form, j
    return None
