"""What the event stage reads of one article, gathered once: tokens, the entity index, quotes
and time expressions by sentence, the outlets that are never actors, and the prepositions that
govern entities (asked for many candidates, computed once each).

``Article`` and ``Candidate`` are per-call values: nothing here outlives one ``event_candidates``
call.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

from ...langdata.loader import LangData
from ...model import Entity, Quote, TimeExpr
from ..entity_index import EntityIndex
from ..metadata import Metadata
from ..segment import Segmentation, Token
from .candidates import Pattern, PatternIndex
from .modality import parse_iso
from .roles import oblique

__all__ = ["Article", "Candidate", "article_context"]


@dataclass
class Article:
    text: str
    tokens: tuple[Token, ...]
    index: EntityIndex
    ix: PatternIndex
    lang: LangData
    meta: Metadata
    published: date | None
    sentence_quotes: list[list[Quote]]
    sentence_times: list[tuple[TimeExpr, ...]]
    # per sentence: the n-th time expression of the sentence -> its first and last token
    sentence_time_tokens: list[dict[int, tuple[int | None, int | None]]]
    main_countries: tuple[str, ...]
    outlets: frozenset[str]  # media and the dateline's outlet are never actors of events
    _obliques: dict[str, str | None] = field(default_factory=dict)

    def obl(self, e: Entity) -> str | None:
        """The preposition that governs the entity, if any."""
        if e.id not in self._obliques:
            self._obliques[e.id] = oblique(e, self.index.first.get(e.id), self.tokens, self.text, self.ix, self.lang)
        return self._obliques[e.id]

    def described(self, e: Entity) -> bool:
        """The actor stands right after an apposition head («جبهة النصرة ذراع تنظيم القاعدة»,
        «قوات الدفاع الوطني الموالية للنظام»): it describes the actor before, it is no participant."""
        tokens, ix = self.tokens, self.ix
        k = self.index.first.get(e.id)
        if not k or tokens[k - 1].sentence != tokens[k].sentence:
            return False
        return not ix.apposition_heads.isdisjoint(tokens[k - 1].forms[:2]) or (
            e.start > tokens[k].start and not ix.apposition_heads.isdisjoint(tokens[k].forms[1:2]))

    def quote_at(self, pos: int, s_idx: int) -> Quote | None:
        """The innermost quote of the sentence that holds the character."""
        quotes = self.sentence_quotes
        inner = [q for q in quotes[s_idx] if q.start <= pos < q.end] if 0 <= s_idx < len(quotes) else []
        return min(inner, key=lambda q: q.end - q.start) if inner else None


@dataclass(frozen=True)
class Candidate:
    """A matched trigger and its clause, before its roles and modality are read."""
    pattern: Pattern
    pos: str  # verb / noun / word
    form: str
    sentence: int
    first: int  # the sentence's first token and the one after its last
    last: int
    i: int  # the trigger's token; lo..hi its span with the companion word
    lo: int
    hi: int
    cs: int  # the clause's first token and the one after its last
    ce: int
    quote: Quote | None

    @property
    def nominal(self) -> bool:
        return self.pos == "noun"


def _main_countries(index: EntityIndex) -> tuple[str, ...]:
    """The two countries the article's actors belong to most often (fewer when it names fewer)."""
    counts: dict[str, int] = {}
    for e in index.by_id.values():
        if e.actor is not None and e.actor.country:
            counts[e.actor.country] = counts.get(e.actor.country, 0) + 1
    ranked = sorted(counts, key=lambda c: (-counts[c], c))
    return tuple(ranked[:2])


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
    for q in quotes:
        k = max(0, bisect_right(starts, q.start) - 1)
        while k < len(seg.sentences) and seg.sentences[k].start < q.end:
            if seg.sentences[k].end > q.start:
                out[k].append(q)
            k += 1
    return out


def article_context(text: str, seg: Segmentation, meta: Metadata, times: tuple[TimeExpr, ...], index: EntityIndex,
                    quotes: tuple[Quote, ...], *, ix: PatternIndex, lang: LangData) -> Article:
    tokens = seg.tokens
    sentence_times: list[list[TimeExpr]] = [[] for _ in seg.sentences]
    time_tokens: dict[int, tuple[int | None, int | None]] = {}
    for t in sorted(times, key=lambda x: x.start):
        ti = index.token_at.get(t.start)
        if ti is not None and 0 <= tokens[ti].sentence < len(sentence_times):
            sentence_times[tokens[ti].sentence].append(t)
            time_tokens[id(t)] = (ti, index.token_at.get(max(t.start, t.end - 1)))
    return Article(text=text, tokens=tokens, index=index, ix=ix, lang=lang, meta=meta,
                   published=parse_iso(meta.published), sentence_quotes=_quotes_by_sentence(quotes, seg),
                   sentence_times=[tuple(ts) for ts in sentence_times],
                   sentence_time_tokens=[{n: time_tokens[id(t)] for n, t in enumerate(ts)} for ts in sentence_times],
                   main_countries=_main_countries(index), outlets=_outlets(index, meta))
