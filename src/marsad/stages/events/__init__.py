"""Events: CAMEO codes with their PLOVER type, source and target actors, modality, date and place.

Triggers are language data (``ar/event_patterns.json``): verbs (conjugated with
``ar/verb_forms.json``), nouns and words, each pattern with an id, a CAMEO code and optional
context (``with`` a word nearby, ``without`` a blocking word). They are matched over the
clitic-aware token forms of the segmentation. Names, Goldstein scores, QuadClass and the PLOVER
type come from ``common/cameo.json``; modality markers from ``ar/modality.json``, which also lists
the background contexts (relative clauses, reference, condemnation and prevention words) where a
trigger only mentions a known event: no event is coded there. Negated and hypothetical events keep
their CAMEO code but get no PLOVER type (nothing occurred).

The stage is a package of small modules: ``candidates`` (the pattern index and the trigger
match), ``context`` (what is read of the article once: tokens, entity index, quotes and times by
sentence, outlets), ``roles`` and ``participants`` (source and target from the clause),
``modality`` and ``clause_modality`` (negation, intent, conditionals, claims, dates), ``model``
(the features and the confidence). Every event carries ``rule`` (the pattern id), so it can be
explained (``marsad explain``).
"""

from __future__ import annotations

from dataclasses import replace

from ...errors import MarsadError
from ...langdata.loader import LangData
from ...model import Event, Place, Quote, TimeExpr
from ...settings import Settings
from ..entity_index import EntityIndex
from ..metadata import Metadata
from ..normalize import NormalizedText, normalize_string
from ..quotes import QuoteCues, quote_cues
from ..segment import Segmentation, token_forms
from ..verbs import verb_surface_forms
from .candidates import (
    Pattern,
    PatternIndex,
    background,
    cameo_entry,
    clause_bounds,
    describe_rule,
    event_patterns,
    match_trigger,
)
from .clause_modality import candidate_modality
from .context import Article, Candidate, article_context
from .model import CandidateView, load_event_model, sentence_block, view_from_tokens
from .participants import Roles, candidate_roles, participant_pairs

__all__ = [
    "extract_events", "event_candidates", "verb_surface_forms", "Pattern", "PatternIndex", "event_patterns", "describe_rule",
    "cameo_entry",
]


def _event_model(settings: Settings):
    """The event model the settings name (None: the shipped one; "none": no model)."""
    if settings.event_model == "none":
        return None
    try:
        return load_event_model(settings.event_model)
    except MarsadError:
        if settings.event_model is not None:
            raise  # a model the user named must load
        return None  # no model shipped (a fresh build before training): events carry no confidence


def extract_events(
    text: str, norm: NormalizedText, seg: Segmentation, meta: Metadata, times: tuple[TimeExpr, ...],
    index: EntityIndex, quotes: tuple[Quote, ...], *, lang: LangData, settings: Settings,
) -> tuple[Event, ...]:
    """Every pattern candidate as an event, each with the event model's confidence (the store
    keeps them all; readers choose a threshold)."""
    pairs = event_candidates(text, norm, seg, meta, times, index, quotes, lang=lang, settings=settings)
    model = _event_model(settings)
    out: list[Event] = []
    # The model features of the current sentence, built once for its candidates (in text
    # order): only one sentence's are held, not every sentence's of a long article.
    block_sentence: int | None = None
    block: dict[str, float] = {}
    sentence_z: dict[str, float | None] = {}
    cues = _quote_cues_by_sentence(quotes, lang) if pairs else {}
    for k, (ev, view) in enumerate(pairs, 1):
        confidence = None
        if model is not None:
            if ev.sentence != block_sentence:
                block_sentence, block, sentence_z = ev.sentence, sentence_block(view.sentence), {}
            confidence = model.confidence(view, block, sentence_z=sentence_z)
        out.append(replace(ev, id=f"v{k}", confidence=confidence, quote=_statement_quote(ev, cues, lang)))
    return tuple(out)


def _quote_cues_by_sentence(quotes: tuple[Quote, ...], lang: LangData
                            ) -> dict[int, list[tuple[int, Quote, tuple[str, ...]]]]:
    """Each sentence's quotes that have a cue: (index in ``quotes``, quote, the cue's first word's forms)."""
    out: dict[int, list[tuple[int, Quote, tuple[str, ...]]]] = {}
    for n, q in enumerate(quotes):
        words = normalize_string(q.cue, lang=lang).split() if q.cue else []
        if words and q.sentence is not None:
            out.setdefault(q.sentence, []).append((n, q, token_forms(words[0], lang=lang)))
    return out


def _statement_quote(event: Event, cues: dict[int, list[tuple[int, Quote, tuple[str, ...]]]], lang: LangData
                     ) -> int | None:
    """The quote a statement event reports: the first quote of its sentence whose cue is the
    event's trigger («وأدان المجلس ... ووصفه بأنه ...»: the condemnation and what was said)."""
    if event.root not in event_patterns(lang).statement_roots or event.sentence not in cues:
        return None
    trigger: set[str] = set()
    for word in normalize_string(event.text, lang=lang).split():
        trigger.update(token_forms(word, lang=lang))
    for n, q, cue_forms in cues[event.sentence]:
        if q.end > event.start and not trigger.isdisjoint(cue_forms):
            return n
    return None


def _location(art: Article, c: Candidate, roles: Roles) -> Place | None:
    """Where: the nearest place of the sentence under a location preposition that is not a
    participant, else the target's place."""
    taken = {x.id for x in (*roles.sources, roles.target) if x is not None}
    places = [e for e in art.index.in_sentence(c.sentence) if e.place is not None and e.id not in taken]
    located = [e for e in places if art.obl(e) in art.ix.location_preps]
    if located:
        return min(located, key=lambda e: abs(art.index.first[e.id] - c.i)).place
    if roles.target is not None and roles.target.place is not None:
        return roles.target.place
    return None


def _sentence_candidates(art: Article, s_idx: int, first: int, last: int, *, cues: QuoteCues | None,
                         settings: Settings) -> list[tuple[Event, CandidateView]]:
    tokens, ix, text, index = art.tokens, art.ix, art.text, art.index
    in_entity = index.in_entity
    consumed: set[int] = set()
    in_sentence: list[Event] = []
    out: list[tuple[Event, CandidateView]] = []
    time_ends = {a: b + 1 for a, b in art.sentence_time_tokens[s_idx].values() if a is not None and b is not None}
    last_hi = -1
    triggers = ix.triggers
    for i in range(first, last):
        if i in consumed or i in in_entity:
            continue
        tok = tokens[i]
        if triggers.keys().isdisjoint(tok.forms) or not tok.is_word:
            continue  # no form of it triggers anything: match_trigger would find nothing
        match = match_trigger(tokens, i, first, last, ix, text)
        if match is None:
            continue
        pat, pos, form, w_idx = match
        if pat.adverbial and any(e.root == pat.cameo[:2] for e in in_sentence):
            consumed.add(i)  # "تظاهروا أمس، احتجاجا على …": the same protest, not a second one
            continue
        if in_sentence and in_sentence[-1].rule == pat.id and i - last_hi <= 3:
            consumed.add(i)  # "انفجار سيارة مفخخة": one bombing, not two
            continue
        lo, hi = i, i
        if w_idx is not None and abs(w_idx - i) <= 2 and w_idx not in in_entity:
            # the companion word joins the trigger's span, unless it names an actor
            # («خرج متظاهرون أفغان»: the demonstrators are the source, not part of the trigger)
            lo, hi = min(i, w_idx), max(i, w_idx)
        consumed.update(range(lo, hi + 1))
        last_hi = hi
        t_start, t_end = tokens[lo].start, tokens[hi].end
        cs, ce = clause_bounds(tokens, i, first, last, ix)
        if background(tokens, min(i, lo), cs, ix, nominal=pos != "verb" or form in ix.noun_forms):
            continue  # a mention of a known event (relative clause, reference, condemnation), not a report
        c = Candidate(pattern=pat, pos=pos, form=form, sentence=s_idx, first=first, last=last, i=i, lo=lo, hi=hi,
                      cs=cs, ce=ce, quote=art.quote_at(t_start, s_idx))
        roles = candidate_roles(art, c, time_ends=time_ends)
        m = candidate_modality(art, c, roles.source, cues=cues, settings=settings)
        location = _location(art, c, roles)
        quote = c.quote
        new = [Event(
            id="", sentence=s_idx, start=t_start, end=t_end, text=text[t_start:t_end],
            source=s_part, target=t_part, cameo=m.code, root=m.code[:2],
            plover=m.plover, modality=m.modality, negated=m.negated, date=m.date,
            rule=pat.id, quad_class=m.entry.get("quad_class"), goldstein=m.entry.get("goldstein"),
            plover_mode=m.entry.get("plover_mode"),
            attributed_to=quote.speaker if quote is not None else None,
            date_basis=m.date_basis, location=location,
        ) for s_part, t_part in participant_pairs(art, c, roles)]
        in_sentence.extend(new)
        for ev in new:
            out.append((ev, view_from_tokens(
                tokens, lo, hi, first, last, rule=pat.id, cameo=m.code, kind=m.entry.get("plover") or m.code[:2],
                pos=pos, modality=m.modality, negated=m.negated, in_quote=quote is not None,
                source=ev.source.code if ev.source else None, target=ev.target.code if ev.target else None)))
    return out


def event_candidates(
    text: str, norm: NormalizedText, seg: Segmentation, meta: Metadata, times: tuple[TimeExpr, ...],
    index: EntityIndex, quotes: tuple[Quote, ...], *, lang: LangData, settings: Settings,
) -> list[tuple[Event, CandidateView]]:
    """The pattern candidates in text order, each with what the event model sees of it."""
    if "event_patterns" not in lang or "cameo" not in lang:
        return []
    ix = event_patterns(lang)
    cues = quote_cues(lang) if "quote_cues" in lang else None
    art = article_context(text, seg, meta, times, index, quotes, ix=ix, lang=lang)
    events: list[tuple[Event, CandidateView]] = []
    for s_idx, (first, last) in enumerate(seg.sentence_tokens):
        events.extend(_sentence_candidates(art, s_idx, first, last, cues=cues, settings=settings))
    events.sort(key=lambda pair: (pair[0].start, pair[0].end))
    return events
