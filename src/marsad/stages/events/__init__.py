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
match), ``roles`` (source and target from the clause), ``modality`` (negation, intent,
conditionals, dates). Every event carries ``rule`` (the pattern id), so it can be explained
(``marsad explain``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from ...errors import MarsadError
from ...langdata.loader import LangData
from ...model import Entity, Event, Participant, Place, Quote, TimeExpr
from ...settings import Settings
from ..entity_index import EntityIndex
from ..metadata import Metadata
from ..normalize import NormalizedText, normalize_string
from ..quotes import quote_cues
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
from .modality import clause_date, conditional, intended, negated_before, parse_iso, purpose
from .model import CandidateView, load_event_model, sentence_block, view_from_tokens
from .roles import (
    agent_after,
    between_parties,
    conjoined,
    dual_reference,
    listed_members,
    nearest_actor,
    oblique,
    passive_verb,
    sentence_target,
    undergoes,
    verb_initial,
)

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


def _possessed(text: str, tok, form: str, ix: PatternIndex) -> bool:
    """A nominal trigger with a third-person pronoun suffix written on it ("سيطرتها")."""
    written = text[tok.start:tok.end]
    return tok.norm != form and any(sfx and written.endswith(sfx) for sfx in ix.possessive_suffixes)


def _speaker_pronoun(tokens, start: int, i: int, ix: PatternIndex) -> bool:
    """A complementiser with a third-person pronoun («أنها», «بأنه») from ``start`` (the token
    before the quote) to the trigger: in an indirect quote, the one who speaks is the subject of
    what follows."""
    return any(not ix.speaker_pronouns.isdisjoint(t.forms[:2]) for t in tokens[max(0, start):i])


def _quote_first_token(quote: Quote, index: EntityIndex, default: int) -> int:
    tokens = index.token_at.covering(quote.start, quote.end)
    return tokens[0] if tokens else default


def _first_person(tokens, cs: int, i: int, ix: PatternIndex) -> bool:
    """A first-person future verb or pronoun in the clause up to the trigger."""
    for t in tokens[cs:i + 1]:
        if any(f in ix.first_person_words for f in t.forms[:2]):
            return True
        if len(t.norm) >= 5 and t.norm.startswith(ix.first_person_prefixes):
            return True
    return False


def _main_countries(index: EntityIndex) -> tuple[str, ...]:
    """The two countries the article's actors belong to most often (fewer when it names fewer)."""
    counts: dict[str, int] = {}
    for e in index.by_id.values():
        if e.actor is not None and e.actor.country:
            counts[e.actor.country] = counts.get(e.actor.country, 0) + 1
    ranked = sorted(counts, key=lambda c: (-counts[c], c))
    return tuple(ranked[:2])


def _between_two(s_part: Participant | None, t_part: Participant | None, member: Entity | None,
                 tgt: Entity | None, countries: tuple[str, ...], quote: Quote | None, index: EntityIndex
                 ) -> tuple[Participant | None, Participant | None]:
    """"بين وزارتي الدفاع … بين البلدين": a role with no country between "the two countries"
    is that role of each of the article's two main countries; the speaker's country comes first."""
    role_ent = next((e for e in (member, tgt) if e is not None and e.actor is not None and not e.actor.country), None)
    if role_ent is None or role_ent.actor is None:
        return s_part, t_part
    if any(p is not None and p.entity != role_ent.id for p in (s_part, t_part)):
        return s_part, t_part  # a participant with a country of its own is already there
    first, second = countries
    speaker = index.by_id.get(index.resolve(quote.speaker) or "") if quote is not None else None
    if speaker is not None and speaker.actor is not None and speaker.actor.country == second:
        first, second = second, first
    role = role_ent.actor.role or role_ent.actor.code
    return (Participant(code=first + role, entity=role_ent.id, text=role_ent.text),
            Participant(code=second + role, entity=role_ent.id, text=role_ent.text))


def _outlets(index: EntityIndex, meta: Metadata) -> frozenset[str]:
    """Entities that are news media (an actor role MED) or stand in the dateline (its publisher
    or wire, the author of a byline «أحمد البشيري – الباحة»): they report events, they are never
    their source or target."""
    spans = [(n.start, n.end) for n in (meta.publisher, meta.wire) if n is not None and n.start is not None]
    line = meta.dateline
    out = set()
    for e in index.by_id.values():
        if e.actor is not None and (e.actor.role == "MED" or e.actor.code.endswith("MED")):
            out.add(e.id)
        elif any(s < e.end and e.start < t for s, t in spans if t is not None):
            out.add(e.id)
        elif line is not None and e.type == "PER" and line[0] <= e.start and e.end <= line[1]:
            out.add(e.id)
    return frozenset(out)


def _quotes_by_sentence(quotes: tuple[Quote, ...], seg: Segmentation) -> list[list[Quote]]:
    """The quotes that overlap each sentence (a quote over several sentences is in each)."""
    out: list[list[Quote]] = [[] for _ in seg.sentences]
    starts = [s.start for s in seg.sentences]
    from bisect import bisect_right

    for q in quotes:
        k = max(0, bisect_right(starts, q.start) - 1)
        while k < len(seg.sentences) and seg.sentences[k].start < q.end:
            if seg.sentences[k].end > q.start:
                out[k].append(q)
            k += 1
    return out


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


def event_candidates(
    text: str, norm: NormalizedText, seg: Segmentation, meta: Metadata, times: tuple[TimeExpr, ...],
    index: EntityIndex, quotes: tuple[Quote, ...], *, lang: LangData, settings: Settings,
) -> list[tuple[Event, CandidateView]]:
    """The pattern candidates in text order, each with what the event model sees of it."""
    if "event_patterns" not in lang or "cameo" not in lang:
        return []
    ix = event_patterns(lang)
    cues = quote_cues(lang) if "quote_cues" in lang else None
    tokens = seg.tokens
    ent_first, ent_last, in_entity = index.first, index.last, index.in_entity
    token_at = index.token_at
    published = parse_iso(meta.published)
    sentence_quotes = _quotes_by_sentence(quotes, seg)
    sentence_times: list[list[TimeExpr]] = [[] for _ in seg.sentences]
    time_tokens: dict[int, tuple[int | None, int | None]] = {}
    for t in sorted(times, key=lambda x: x.start):
        ti = token_at.get(t.start)
        if ti is not None and 0 <= tokens[ti].sentence < len(sentence_times):
            sentence_times[tokens[ti].sentence].append(t)
            time_tokens[id(t)] = (ti, token_at.get(max(t.start, t.end - 1)))
    main_countries = _main_countries(index)
    outlets = _outlets(index, meta)  # media and the dateline's outlet are never actors of events
    obliques: dict[str, str | None] = {}  # entity id -> governing preposition, once per article

    def obl(e: Entity) -> str | None:
        if e.id not in obliques:
            obliques[e.id] = oblique(e, ent_first.get(e.id), tokens, text, ix, lang)
        return obliques[e.id]

    def described(e: Entity) -> bool:
        """The actor stands right after an apposition head («جبهة النصرة ذراع تنظيم القاعدة»,
        «قوات الدفاع الوطني الموالية للنظام»): it describes the actor before, it is no participant."""
        k = ent_first.get(e.id)
        if not k or tokens[k - 1].sentence != tokens[k].sentence:
            return False
        return not ix.apposition_heads.isdisjoint(tokens[k - 1].forms[:2]) or (
            e.start > tokens[k].start and not ix.apposition_heads.isdisjoint(tokens[k].forms[1:2]))

    def quote_at(pos: int, s_idx: int) -> Quote | None:
        inner = [q for q in sentence_quotes[s_idx] if q.start <= pos < q.end] if 0 <= s_idx < len(sentence_quotes) else []
        return min(inner, key=lambda q: q.end - q.start) if inner else None

    events: list[tuple[Event, CandidateView]] = []
    last_hi = -1
    triggers = ix.triggers
    for s_idx, (first, last) in enumerate(seg.sentence_tokens):
        consumed: set[int] = set()
        in_sentence: list[Event] = []
        sent_ents = index.in_sentence(s_idx)
        s_times = tuple(sentence_times[s_idx])
        s_time_tokens = {n: time_tokens[id(t)] for n, t in enumerate(s_times)}
        time_ends = {a: b + 1 for a, b in s_time_tokens.values() if a is not None and b is not None}
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
            quote = quote_at(t_start, s_idx)

            # --- participants -------------------------------------------------------------
            q_span = (quote.start, quote.end) if quote is not None else None

            def same_quote(e: Entity, q_span: tuple[int, int] | None = q_span, s: int = s_idx) -> bool:
                inner = quote_at(e.start, s)
                return (inner.start, inner.end) == q_span if inner is not None else q_span is None

            actors = [e for e in sent_ents if e.actor is not None and not (e.start < t_end and e.end > t_start)
                      and not described(e)]
            # an event reported in a quote takes its actors from the quote: the speaker outside it
            # («أعلن المرصد … استمرت الاشتباكات») is attributed_to, not the source
            cands = [e for e in actors if cs <= ent_first[e.id] < ce and (quote is None or same_quote(e))]
            before_subj = [e for e in cands if e.end <= t_start and obl(e) is None]
            after_subj = [e for e in cands if e.start >= t_end and obl(e) is None]
            agent = agent_after(tokens, hi, ce, cands, ent_first, ix)
            src: Entity | None = None
            tgt: Entity | None = None
            patient_first = False  # the role search below looks for no further target
            between = None
            if pat.cameo.startswith(ix.between_codes) and not dual_reference(tokens, cs, ce, ix):
                # "اشتباكات بين قوات النظام … من جهة، وتنظيم داعش": the two sides after «بين»
                between = between_parties(tokens, hi, last, [e for e in actors if quote is None or same_quote(e)],
                                          ent_first, text, ix)
            if between is not None and (between[0] is not None or between[1] is not None):
                src, tgt = between
                patient_first = True
            elif pos != "noun" and passive_verb(text, tokens, i, ce, ix, time_ends):
                # "قُتل ستة من مسلحي الحوثي": the subject of a passive is its target; the source
                # only from an agent phrase ("على يد", "برصاص"), else unknown
                src = agent
                after = [e for e in after_subj if e is not agent]
                tgt = after[0] if after else (before_subj[-1] if before_subj else None)
                patient_first = True
            elif pos == "noun" and undergoes(tokens, lo, cs, ix) and (before_subj or after_subj):
                # "تعرضت القوات الأميركية لهجوم": who undergoes the attack is its target
                tgt = before_subj[-1] if before_subj else after_subj[0]
                src = agent if agent is not tgt else None
                patient_first = True
            elif (pos == "noun" and pat.genitive_target and after_subj and ent_first[after_subj[0].id] - hi <= 2
                  and after_subj[0] is not agent):
                # "اغتيال الرئيس": the noun after the trigger is its patient
                tgt, src = after_subj[0], agent
                patient_first = True
            elif pos == "noun":
                if after_subj and ent_first[after_subj[0].id] - hi <= 2:
                    src = after_subj[0]
                elif before_subj:
                    src = nearest_actor(before_subj)
            elif before_subj:
                src = nearest_actor(before_subj)
            elif after_subj and verb_initial(tokens, cs, lo, ix):
                src = after_subj[0]
            if src is None and not patient_first:
                # the subject of an earlier clause of the sentence ("أعلنت طالبان، …، سيطرتها")
                earlier = [e for e in actors if first <= ent_first[e.id] < cs and e.end <= t_start
                           and obl(e) is None and same_quote(e)]
                if earlier:
                    src = nearest_actor(earlier)
            if src is None and agent is not None and agent is not tgt:
                src = agent
            speaker = index.by_id.get(quote.speaker or "") if quote is not None else None
            if src is None and speaker is not None and speaker.actor is not None and (
                    (pos == "noun" and _possessed(text, tokens[i], form, ix))
                    or (quote is not None and quote.kind == "direct" and _first_person(tokens, cs, i, ix))
                    or (quote is not None and quote.kind != "direct" and pos == "verb"
                        and _speaker_pronoun(tokens, _quote_first_token(quote, index, cs) - 1, i, ix))):
                # "أعلنت طالبان … سيطرتها على" ("its control"), "سنقدم مساعدات" ("we will provide"),
                # "أعلنت طالبان أنها سيطرت": in what a party says, the party's own act
                src = speaker
            if not patient_first:
                objects = []
                for e in cands:
                    if e.start < t_end or (src is not None and e.start < src.end) or e is agent:
                        continue
                    if src is not None and index.resolve(e.id) == index.resolve(src.id):
                        continue
                    p = obl(e)
                    if p is None and (pos == "noun" or conjoined(tokens, ent_first[e.id], text, e, ix)):
                        continue
                    if p is None or p in ix.target_preps:
                        objects.append(e)
                # the object, or the complement of a target preposition: the first that is not a bare
                # nisba describing a noun («في عدة مدن باكستانية … من قرار بريطانيا»), else the first
                tgt = next((e for e in objects if e.type != "MISC"), objects[0] if objects else None)
            if tgt is None and pat.cameo[:2] in ix.sentence_target_roots:
                tgt = sentence_target(tokens, hi, last, actors, ent_first,
                                      {x.id for x in (src,) if x is not None} | set(outlets), ix)
            # Media fill a slot of the clause but are never an event's actors; a quote's speaker is
            # not the actor of what the quote reports (it is attributed_to) unless the clause says so.
            src = None if src is not None and src.id in outlets else src
            tgt = None if tgt is not None and tgt.id in outlets else tgt
            if tgt is not None and src is not None and tgt.actor and src.actor and tgt.actor.code == src.actor.code:
                tgt = None
            # "روسيا، أرمينيا، … و أوزبكستان بالتوقيع": one event per member of a listed subject
            sources = listed_members(src, actors, ent_first, ent_last, tokens, text, ix) if src is not None else [None]
            if tgt is not None and len(sources) > 1:
                sources = [m for m in sources if m is not tgt]  # «بين إسرائيل ولبنان»: the other party

            # --- modality ---------------------------------------------------------------
            negated = negated_before(tokens, i, cs, ix)
            cue = None
            if quote is not None and quote.cue and cues is not None:
                for f in token_forms(normalize_string(quote.cue, lang=lang), lang=lang):
                    if f in cues.verbs:
                        cue = cues.verbs[f]
                        break
                if cue is not None and cue.negates:
                    negated = True
            intent = intended(tokens, i, hi, first, ce, ix, nominal=pos == "noun")
            hypothetical = conditional(tokens, i, cs, ix)
            if pos == "noun" and not hypothetical:
                hypothetical = purpose(tokens, i, form, cs, ix)
            # --- date ---------------------------------------------------------------------
            when = clause_date(s_times, s_time_tokens, lo, hi, first, cs, ce, ix)
            date_basis = "text" if when else None
            if when is None and meta.published:
                when, date_basis = meta.published, "published"
            historical = False
            if date_basis == "text" and published is not None:
                d = parse_iso(when)
                historical = d is not None and d < published - timedelta(days=settings.historical_days)
            claim = (
                quote is not None and cue is not None and cue.claim and src is not None
                and index.resolve(src.id) == index.resolve(quote.speaker)
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
            places = [e for e in sent_ents if e.place is not None and e.id not in roles]
            located = [e for e in places if obl(e) in ix.location_preps]
            if located:
                location = min(located, key=lambda e: abs(ent_first[e.id] - i)).place
            elif tgt is not None and tgt.place is not None:
                location = tgt.place

            def part(e: Entity | None) -> Participant | None:
                if e is None or e.actor is None:
                    return None
                return Participant(code=e.actor.code, entity=e.id, text=e.text)

            pairs = [(part(member), part(tgt)) for member in sources]
            if len(main_countries) == 2 and dual_reference(tokens, cs, ce, ix):
                pairs = [_between_two(s_part, t_part, member, tgt, main_countries, quote, index)
                         for (s_part, t_part), member in zip(pairs, sources, strict=True)]

            new = [Event(
                id="", sentence=s_idx, start=t_start, end=t_end, text=text[t_start:t_end],
                source=s_part, target=t_part, cameo=code, root=code[:2],
                plover=plover, modality=modality, negated=negated, date=when,
                rule=pat.id, quad_class=entry.get("quad_class"), goldstein=entry.get("goldstein"),
                plover_mode=entry.get("plover_mode"),
                attributed_to=quote.speaker if quote is not None else None,
                date_basis=date_basis, location=location,
            ) for s_part, t_part in pairs]
            in_sentence.extend(new)
            for ev in new:
                events.append((ev, view_from_tokens(
                    tokens, lo, hi, first, last, rule=pat.id, cameo=code, kind=entry.get("plover") or code[:2], pos=pos, modality=modality,
                    negated=negated, in_quote=quote is not None,
                    source=ev.source.code if ev.source else None, target=ev.target.code if ev.target else None)))
    events.sort(key=lambda pair: (pair[0].start, pair[0].end))
    return events
