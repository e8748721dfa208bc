"""One per-article index of entities by token, built once and shared by the quote and event
stages: the tokens each entity covers, the entities of each sentence in text order, and the
entity by id. Looking participants up in a sentence through it keeps every stage linear in the
article's length (before, each trigger candidate walked every entity of the document).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..langdata.loader import LangData
from ..model import Entity
from ..settings import Settings
from .segment import Segmentation, TokenAt, char_to_token

__all__ = ["EntityIndex", "index_entities"]


@dataclass(frozen=True, slots=True)
class EntityIndex:
    by_id: Mapping[str, Entity]
    first: Mapping[str, int]  # entity id -> index of its first token
    last: Mapping[str, int]  # ... and of its last token
    in_entity: frozenset[int]  # token indices covered by some entity
    by_sentence: tuple[tuple[Entity, ...], ...]  # entities with tokens, per sentence, in document order
    token_at: TokenAt

    def in_sentence(self, sentence: int) -> tuple[Entity, ...]:
        return self.by_sentence[sentence] if 0 <= sentence < len(self.by_sentence) else ()

    def resolve(self, entity_id: str | None) -> str | None:
        """Follow ``refers_to`` to the first full mention (a later 'رودينكو' -> 'أندريه رودينكو')."""
        seen: set[str] = set()
        by_id = self.by_id
        while entity_id and entity_id in by_id and by_id[entity_id].refers_to and entity_id not in seen:
            seen.add(entity_id)
            entity_id = by_id[entity_id].refers_to
        return entity_id


def index_entities(seg: Segmentation, entities: tuple[Entity, ...], *, lang: LangData,
                   settings: Settings) -> EntityIndex:
    token_at = char_to_token(seg)
    tokens = seg.tokens
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    covered: set[int] = set()
    per_sentence: list[list[Entity]] = [[] for _ in seg.sentence_tokens]
    for ent in entities:
        idx = token_at.covering(ent.start, ent.end)
        if not idx:
            continue
        covered.update(idx)
        first[ent.id], last[ent.id] = idx[0], idx[-1]
        s = tokens[idx[0]].sentence
        if 0 <= s < len(per_sentence):
            per_sentence[s].append(ent)
    return EntityIndex(
        by_id={e.id: e for e in entities}, first=first, last=last, in_entity=frozenset(covered),
        by_sentence=tuple(tuple(row) for row in per_sentence), token_at=token_at,
    )
