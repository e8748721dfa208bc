"""Source markers: ``بحسب X`` / ``وفقا لـ X`` / ``نقلا عن X`` attribute a clause to X."""

from __future__ import annotations

from bisect import bisect_right

from ...model import Quote
from .speakers import resolve_entity

__all__ = ["source_marked"]


def source_marked(text, seg, cues, ent_at_token, ent_token_end, by_id, inside_direct, found):
    """``بحسب X`` / ``وفقا لـ X`` / ``نقلا عن X``: X is the source of the clause before the marker
    (or after X when the marker opens the sentence)."""
    tokens = seg.tokens
    out: list[Quote] = []
    # whether a position is inside a quote found already: the quotes by start, with the
    # furthest end reached so far (they may overlap), searched by bisection
    covered = sorted((q.start, q.end) for q in found)
    covered_starts = [a for a, _ in covered]
    reach: list[int] = []
    for _, b in covered:
        reach.append(max(b, reach[-1]) if reach else b)
    for tok in tokens:
        if cues.sources.keys().isdisjoint(tok.forms) or inside_direct(tok.start):
            continue
        particles = next(cues.sources[f] for f in tok.forms if f in cues.sources)
        if not particles:
            continue
        s_first, s_last = seg.sentence_tokens[tok.sentence]
        ent = None
        for j in (tok.index + 1, tok.index + 2):
            if j < s_last and j in ent_at_token:
                ent = ent_at_token[j]
                break
        if ent is None or not (ent.type in ("PER", "ORG") or ent.actor is not None):
            continue
        k = bisect_right(covered_starts, tok.start)
        if k and reach[k - 1] > tok.start:
            continue  # inside a quote found already
        if tok.index - s_first >= 3:
            span = [t for t in tokens[s_first:tok.index] if t.is_word or t.is_number]
        else:
            span = [t for t in tokens[ent_token_end[ent.id]:s_last] if t.is_word or t.is_number]
        if len(span) < 2:
            continue
        a, b = span[0].start, span[-1].end
        out.append(Quote(text=text[a:b], start=a, end=b, kind="indirect",
                         speaker=resolve_entity(ent.id, by_id), cue=text[tok.start:tok.end], sentence=tok.sentence))
    return out
