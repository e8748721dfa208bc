"""Entities built by hand for stage tests that must not depend on the NER model: every
occurrence of a known name (longest first), later mentions referring to the first.

Import into a test module: ``from .hand_entities import hand_entities``.
"""

from __future__ import annotations

from marsad.model import Actor, Entity, Place

# name -> (entity type, actor code or None, country or None)
Known = dict[str, tuple[str, str | None, str | None]]


def hand_entities(text: str, known: Known) -> tuple[Entity, ...]:
    spans: list[tuple[int, int, str]] = []
    for name in sorted(known, key=len, reverse=True):
        k = text.find(name)
        while k != -1:
            if not any(a < k + len(name) and k < b for a, b, _ in spans):
                spans.append((k, k + len(name), name))
            k = text.find(name, k + 1)
    out = []
    first: dict[str, str] = {}
    for n, (a, b, name) in enumerate(sorted(spans), 1):
        typ, code, country = known[name]
        eid = f"e{n}"
        out.append(Entity(
            id=eid, type=typ, text=name, start=a, end=b, refers_to=first.get(name),
            actor=Actor(code, country) if code else None,
            place=Place(name, country, "country" if code and code == country else "city") if typ == "LOC" else None,
        ))
        first.setdefault(name, eid)
    return tuple(out)
