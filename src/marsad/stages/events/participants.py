"""The source and target of one candidate, read off its clause (the rules are in ``roles``):
the two sides after «بين», the subject of a passive or of «تعرض» as target, a nominal
trigger's patient, else the subject before the trigger and the object or the complement of a
target preposition after it. An event reported in a quote takes its actors from the quote;
the speaker is its source only when the clause makes the act the speaker's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Entity, Participant, Quote
from ..entity_index import EntityIndex
from .candidates import PatternIndex
from .context import Article, Candidate
from .roles import (
    agent_after,
    between_parties,
    conjoined,
    dual_reference,
    listed_members,
    nearest_actor,
    passive_verb,
    sentence_target,
    undergoes,
    verb_initial,
)

__all__ = ["Roles", "candidate_roles", "participant_pairs"]


@dataclass(frozen=True)
class Roles:
    source: Entity | None  # the clause's source, before a listed subject is split into its members
    target: Entity | None
    sources: list[Entity | None]  # one event per member of a listed subject


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


def _speakers_own_act(art: Article, c: Candidate, speaker: Entity) -> bool:
    """"أعلنت طالبان … سيطرتها على" ("its control"), "سنقدم مساعدات" ("we will provide"),
    "أعلنت طالبان أنها سيطرت": in what a party says, the party's own act."""
    tokens, ix, quote = art.tokens, art.ix, c.quote
    return ((c.nominal and _possessed(art.text, tokens[c.i], c.form, ix))
            or (quote is not None and quote.kind == "direct" and _first_person(tokens, c.cs, c.i, ix))
            or (quote is not None and quote.kind != "direct" and c.pos == "verb"
                and _speaker_pronoun(tokens, _quote_first_token(quote, art.index, c.cs) - 1, c.i, ix)))


def candidate_roles(art: Article, c: Candidate, *, time_ends: dict[int, int]) -> Roles:
    """Source and target of the candidate (``time_ends``: a time expression's first token -> the
    one after its last, so that «قتل أمس» reads as a verb followed by a date)."""
    tokens, ix, index, text = art.tokens, art.ix, art.index, art.text
    ent_first = index.first
    i, lo, hi, cs, ce, quote = c.i, c.lo, c.hi, c.cs, c.ce, c.quote
    t_start, t_end = tokens[lo].start, tokens[hi].end
    q_span = (quote.start, quote.end) if quote is not None else None

    def same_quote(e: Entity) -> bool:
        inner = art.quote_at(e.start, c.sentence)
        return (inner.start, inner.end) == q_span if inner is not None else q_span is None

    actors = [e for e in index.in_sentence(c.sentence) if e.actor is not None
              and not (e.start < t_end and e.end > t_start) and not art.described(e)]
    # an event reported in a quote takes its actors from the quote: the speaker outside it
    # («أعلن المرصد … استمرت الاشتباكات») is attributed_to, not the source
    cands = [e for e in actors if cs <= ent_first[e.id] < ce and (quote is None or same_quote(e))]
    before_subj = [e for e in cands if e.end <= t_start and art.obl(e) is None]
    after_subj = [e for e in cands if e.start >= t_end and art.obl(e) is None]
    agent = agent_after(tokens, hi, ce, cands, ent_first, ix)
    src: Entity | None = None
    tgt: Entity | None = None
    patient_first = False  # the role search below looks for no further target
    between = None
    if c.pattern.cameo.startswith(ix.between_codes) and not dual_reference(tokens, cs, ce, ix):
        # "اشتباكات بين قوات النظام … من جهة، وتنظيم داعش": the two sides after «بين»
        between = between_parties(tokens, hi, c.last, [e for e in actors if quote is None or same_quote(e)],
                                  ent_first, text, ix)
    if between is not None and (between[0] is not None or between[1] is not None):
        src, tgt = between
        patient_first = True
    elif not c.nominal and passive_verb(text, tokens, i, ce, ix, time_ends):
        # "قُتل ستة من مسلحي الحوثي": the subject of a passive is its target; the source
        # only from an agent phrase ("على يد", "برصاص"), else unknown
        src = agent
        after = [e for e in after_subj if e is not agent]
        tgt = after[0] if after else (before_subj[-1] if before_subj else None)
        patient_first = True
    elif c.nominal and undergoes(tokens, lo, cs, ix) and (before_subj or after_subj):
        # "تعرضت القوات الأميركية لهجوم": who undergoes the attack is its target
        tgt = before_subj[-1] if before_subj else after_subj[0]
        src = agent if agent is not tgt else None
        patient_first = True
    elif (c.nominal and c.pattern.genitive_target and after_subj and ent_first[after_subj[0].id] - hi <= 2
          and after_subj[0] is not agent):
        # "اغتيال الرئيس": the noun after the trigger is its patient
        tgt, src = after_subj[0], agent
        patient_first = True
    elif c.nominal:
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
        earlier = [e for e in actors if c.first <= ent_first[e.id] < cs and e.end <= t_start
                   and art.obl(e) is None and same_quote(e)]
        if earlier:
            src = nearest_actor(earlier)
    if src is None and agent is not None and agent is not tgt:
        src = agent
    speaker = index.by_id.get(quote.speaker or "") if quote is not None else None
    if src is None and speaker is not None and speaker.actor is not None and _speakers_own_act(art, c, speaker):
        src = speaker
    if not patient_first:
        objects = []
        for e in cands:
            if e.start < t_end or (src is not None and e.start < src.end) or e is agent:
                continue
            if src is not None and index.resolve(e.id) == index.resolve(src.id):
                continue
            p = art.obl(e)
            if p is None and (c.nominal or conjoined(tokens, ent_first[e.id], text, e, ix)):
                continue
            if p is None or p in ix.target_preps:
                objects.append(e)
        # the object, or the complement of a target preposition: the first that is not a bare
        # nisba describing a noun («في عدة مدن باكستانية … من قرار بريطانيا»), else the first
        tgt = next((e for e in objects if e.type != "MISC"), objects[0] if objects else None)
    if tgt is None and c.pattern.cameo[:2] in ix.sentence_target_roots:
        tgt = sentence_target(tokens, hi, c.last, actors, ent_first,
                              {x.id for x in (src,) if x is not None} | set(art.outlets), ix)
    # Media fill a slot of the clause but are never an event's actors; a quote's speaker is
    # not the actor of what the quote reports (it is attributed_to) unless the clause says so.
    src = None if src is not None and src.id in art.outlets else src
    tgt = None if tgt is not None and tgt.id in art.outlets else tgt
    if tgt is not None and src is not None and tgt.actor and src.actor and tgt.actor.code == src.actor.code:
        tgt = None
    # "روسيا، أرمينيا، … و أوزبكستان بالتوقيع": one event per member of a listed subject
    sources: list[Entity | None] = (listed_members(src, actors, ent_first, index.last, tokens, text, ix)
                                    if src is not None else [None])
    if tgt is not None and len(sources) > 1:
        sources = [m for m in sources if m is not tgt]  # «بين إسرائيل ولبنان»: the other party
    return Roles(source=src, target=tgt, sources=sources)


def _part(e: Entity | None) -> Participant | None:
    if e is None or e.actor is None:
        return None
    return Participant(code=e.actor.code, entity=e.id, text=e.text)


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


def participant_pairs(art: Article, c: Candidate, roles: Roles
                      ) -> list[tuple[Participant | None, Participant | None]]:
    """(source, target) of each event the candidate gives: one per member of a listed subject."""
    pairs = [(_part(member), _part(roles.target)) for member in roles.sources]
    if len(art.main_countries) == 2 and dual_reference(art.tokens, c.cs, c.ce, art.ix):
        pairs = [_between_two(s_part, t_part, member, roles.target, art.main_countries, c.quote, art.index)
                 for (s_part, t_part), member in zip(pairs, roles.sources, strict=True)]
    return pairs
