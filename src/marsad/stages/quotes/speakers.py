"""Speaker helpers shared by the extraction rules: coreference to the first full mention, addressees."""

from __future__ import annotations

from collections.abc import Mapping

from ...model import Entity
from ..segment import Token

__all__ = ["resolve_entity", "is_addressee"]


def resolve_entity(entity_id: str | None, by_id: dict[str, Entity]) -> str | None:
    """Follow ``refers_to`` to the first full mention (a later 'رودينكو' -> 'أندريه رودينكو')."""
    seen: set[str] = set()
    while entity_id and entity_id in by_id and by_id[entity_id].refers_to and entity_id not in seen:
        seen.add(entity_id)
        entity_id = by_id[entity_id].refers_to
    return entity_id


def is_addressee(text: str, entity: Entity, tokens: tuple[Token, ...], token_at: Mapping[int, int],
                 prefixes: tuple[str, ...], *, conjunctions: str = "", deleted: frozenset[str] = frozenset()) -> bool:
    """True when a ``لـ`` proclitic (or a lone ``ل`` token) stands right before the entity,
    after any glued one-letter ``conjunctions``; ``deleted``: the marks normalization drops
    (tatweel, harakat), ignored in the glued prefix."""
    i = token_at.get(entity.start)
    if i is None:
        return False
    tok = tokens[i]
    glued = "".join(ch for ch in text[tok.start:entity.start] if ch not in deleted)
    if glued:
        return glued.lstrip(conjunctions).startswith(prefixes)
    return i > 0 and tokens[i - 1].sentence == tok.sentence and tokens[i - 1].norm in prefixes
