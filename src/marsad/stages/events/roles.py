"""Participants of a candidate: the source and target actors from its clause.

The subject is the nearest actor before the trigger (after it for a nominal trigger or a
verb-initial clause) that no preposition governs; the target the first actor after the trigger
that is the object or governed by a target preposition (``ar/event_patterns.json`` roles).
Entities come from the article's ``EntityIndex``, so the search stays inside the sentence.
"""

from __future__ import annotations

from ...model import Entity
from ..normalize import normalize_string
from ..segment import Token
from .candidates import PatternIndex, phrase_at

__all__ = ["oblique", "listed_members", "verb_initial", "conjoined", "passive_verb", "undergoes", "agent_after", "dual_reference",
           "sentence_target", "between_parties", "nearest_actor"]


def oblique(ent: Entity, first_token: int | None, tokens: tuple[Token, ...], text: str, ix: PatternIndex,
            lang) -> str | None:
    """The preposition governing the entity, if any (glued ``لـ``/``بـ`` or a word before)."""
    i = first_token
    if i is None:
        return None
    conj = ix.conjunction_letters
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


def listed_members(src: Entity, actors: list[Entity], ent_first: dict[str, int], ent_last: dict[str, int],
            tokens: tuple[Token, ...], text: str, ix: PatternIndex) -> list[Entity]:
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


def nearest_actor(before: list[Entity]) -> Entity:
    """The subject among the actors before the trigger (in text order): the nearest one that is not
    a bare nisba (MISC: «متظاهرون غاضبون في البقاع اللبناني», «حمل المتظاهرون أعلاما تركية»:
    the nisba describes a place or a thing, the protesters are the subject), else the nearest."""
    return next((e for e in reversed(before) if e.type != "MISC"), before[-1])


def verb_initial(tokens: tuple[Token, ...], cs: int, lo: int, ix: PatternIndex) -> bool:
    """VSO: nothing but particles between the clause start and the verb (negation, intent and
    clause particles, prepositions of a fronted "من المقرر أن" do not count)."""
    skip = ix.negation_words | ix.intent_words | ix.clause_particles | ix.prepositions
    words = [t for t in tokens[cs:lo] if t.is_word and not (set(t.forms[:2]) & skip)]
    return len(words) <= 1


def conjoined(tokens: tuple[Token, ...], i: int, text: str, ent: Entity, ix: PatternIndex) -> bool:
    """The entity is the second member of a coordination ("القوات الأميركية وقوات الناتو")."""
    tok = tokens[i]
    if text[tok.start:ent.start].startswith(ix.coordinators):
        return True
    if i == 0:
        return False
    prev = tokens[i - 1]
    return any(prev.norm.startswith(c) and prev.norm[len(c):] in prev.forms for c in ix.coordinators)




def passive_verb(text: str, tokens: tuple[Token, ...], i: int, ce: int, ix: PatternIndex,
                 time_ends: dict[int, int] | None = None) -> bool:
    """A verb trigger read as passive: a passive vowel mark written on its first letters
    ("قُتل", "أُصيب"), or a number right after it — the count of its victims ("قتل 5 أشخاص",
    "قتل سبعة"), also past a time expression between them ("قتل أمس سبعة ..."; ``time_ends``: the token
    after each time expression, by its first token)."""
    tok = tokens[i]
    if ix.passive_marks and any(ch in ix.passive_marks for ch in text[tok.start:min(tok.end, tok.start + 4)]):
        return True
    j = i + 1
    if time_ends and j in time_ends:
        j = time_ends[j]
    return j < ce and (tokens[j].is_number or tokens[j].norm in ix.count_words)


def undergoes(tokens: tuple[Token, ...], lo: int, cs: int, ix: PatternIndex) -> bool:
    """A noun trigger governed by an experiencer verb shortly before it in its clause
    ("تعرضت القوات الأميركية لهجوم", "نجا الوزير من محاولة اغتيال")."""
    return any(not ix.experiencer_verbs.isdisjoint(tokens[j].forms[:2])
               for j in range(max(cs, lo - ix.experiencer_window), lo))


def agent_after(tokens: tuple[Token, ...], hi: int, ce: int, actors: list[Entity], ent_first, ix: PatternIndex
                ) -> Entity | None:
    """The actor introduced by an agent marker after the trigger in its clause ("على يد مسلحين",
    "برصاص قوات الأمن", "في ضربة جوية أميركية", "غارة شنتها طائرة أميركية"): within two tokens
    after the marker, with no target preposition between ("في هجوم على القوات الأميركية" names
    the target, not the agent)."""
    for j in range(hi + 1, ce):
        for phrase in ix.agent_markers:
            if phrase_at(tokens, j, ce, phrase):
                end = j + len(phrase) - 1
                for e in actors:
                    k = ent_first[e.id]
                    if end < k <= end + 2 and not any(ix.target_preps.intersection(t.forms[:1]) for t in tokens[end + 1:k]):
                        return e
    return None


def dual_reference(tokens: tuple[Token, ...], cs: int, ce: int, ix: PatternIndex) -> bool:
    return any(f in ix.dual_references for t in tokens[cs:ce] for f in t.forms[:2])


def sentence_target(tokens: tuple[Token, ...], hi: int, last: int, actors: list[Entity], ent_first,
                    exclude: set[str], ix: PatternIndex) -> Entity | None:
    """The first actor at most ``sentence_target_window`` tokens after a target cue later in the
    sentence ("… مطالبين الحكومة التركية", "… ضد «الناتو»")."""
    for j in range(hi + 1, last):
        for phrase in ix.sentence_target_cues:
            if phrase_at(tokens, j, last, phrase):
                end = j + len(phrase) - 1
                for e in actors:
                    if e.id not in exclude and end <= ent_first[e.id] <= end + ix.sentence_target_window:
                        return e
    return None


def between_parties(tokens: tuple[Token, ...], hi: int, last: int, actors: list[Entity], ent_first,
                    text: str, ix: PatternIndex) -> tuple[Entity | None, Entity | None] | None:
    """The two parties of a reciprocal event named after «بين» at most ``between_window`` tokens
    after the trigger with no comma between (the parties may run on past one, to the sentence's
    ``last`` token): the first actor after it is the source; the target is the first actor after
    a side word («… من جهة، وعناصر تنظيم داعش من جهة أخرى») when one follows, else the next actor
    joined to the source by «و» («اللقاء بين مشعل ولافروف»). None when no «بين», an actor stands
    between the trigger and it, or no party follows."""
    at = None
    stops = ix.orth.commas | ix.orth.semicolons
    for j in range(hi + 1, min(last, hi + 1 + ix.between_window)):
        if tokens[j].norm in stops:
            break  # «والقتال، بعد تعثر المفاوضات بين …»: the parties of another noun
        if tokens[j].norm in ix.between_words:
            at = j
            break
    if at is None or any(hi < ent_first[e.id] < at for e in actors):
        return None  # «اجتمع الوزير مع نظيره لبحث العلاقات بين …»: the parties of another noun
    parties = sorted((e for e in actors if ent_first[e.id] > at), key=lambda e: ent_first[e.id])
    if not parties:
        return None
    side = None
    for j in range(at + 1, last):
        phrase = next((p for p in ix.between_sides if phrase_at(tokens, j, last, p)), None)
        if phrase is not None:
            side = j + len(phrase)
            break
    if side is not None:
        first = next((e for e in parties if ent_first[e.id] < side), None)
        second = next((e for e in parties if ent_first[e.id] >= side), None)
        return first, second
    first = parties[0]
    second = next((e for e in parties[1:] if conjoined(tokens, ent_first[e.id], text, e, ix)), None)
    return first, second
