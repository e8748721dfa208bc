"""Frozen dataclasses mirroring ``schema/document.schema.json`` and their JSON form.

Offsets are Python ``str`` indices into ``Document.text``, end exclusive.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

SCHEMA_ID = "marsad/document/1"
#: An event's modality, in the order of the schema's enum (listings show them in this order).
MODALITIES = ("asserted", "intent", "claim", "historical", "hypothetical")

__all__ = [
    "SCHEMA_ID",
    "MODALITIES",
    "Actor",
    "Document",
    "Entity",
    "Event",
    "Named",
    "Participant",
    "Place",
    "Quantity",
    "Quote",
    "Sentence",
    "Source",
    "TimeExpr",
    "document_from_dict",
    "document_to_dict",
    "document_to_json",
]


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Named:
    """A publisher or wire agency: the text as written and a canonical name."""

    text: str
    name: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Source:
    path: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    code: str
    country: str | None = None
    role: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None = None
    feature: str | None = None
    lat: float | None = None
    lon: float | None = None
    gazetteer_id: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    type: str  # PER, ORG, LOC, MISC
    text: str
    start: int
    end: int
    canonical: str | None = None
    refers_to: str | None = None
    actor: Actor | None = None
    place: Place | None = None
    basis: str | None = None  # what found it: "gazetteer:<id>", "ner", "title", ...


@dataclass(frozen=True, slots=True)
class TimeExpr:
    text: str
    start: int
    end: int
    value: str | None
    granularity: str | None = None  # day, month, year
    calendar: str = "gregorian"
    relative: bool = False
    rule: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str
    start: int
    end: int
    value: float
    unit: str | None = None
    qualifier: str | None = None  # exactly, more_than, less_than, about


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    start: int
    end: int
    kind: str  # direct, indirect
    speaker: str | None
    cue: str | None = None
    sentence: int | None = None
    medium: str | None = None  # entity id of the outlet or channel that carried it ("لـ«عكاظ»", تويتر)
    relayed_by: str | None = None  # entity id of who relays the speaker's words ("نقل X عن Y قوله": X)
    addressee: str | None = None  # entity id of who it was said to ("مخاطبا رئيس الوزراء")
    speaker_for: str | None = None  # entity id of the body a titled speaker speaks for ("المتحدث باسم X")


@dataclass(frozen=True, slots=True)
class Participant:
    code: str
    entity: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    sentence: int
    start: int
    end: int
    text: str
    source: Participant | None
    target: Participant | None
    cameo: str
    root: str
    plover: str
    modality: str
    negated: bool
    date: str | None
    rule: str
    quad_class: int | None = None
    goldstein: float | None = None
    plover_mode: str | None = None
    attributed_to: str | None = None
    date_basis: str | None = None
    location: Place | None = None
    confidence: float | None = None  # the event model's calibrated probability that this is a real event
    quote: int | None = None  # a statement event: the index in ``quotes`` of the words it reports


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    language: str
    text: str
    published: str | None
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    warnings: tuple[str, ...] = ()
    title: str | None = None
    publisher: Named | None = None
    wire: Named | None = None
    source: Source | None = None
    published_basis: str | None = None  # dateline, header, given, none
    schema: str = SCHEMA_ID
    meta: Mapping[str, str] = field(default_factory=dict)


_NESTED: dict[str, type] = {
    "publisher": Named,
    "wire": Named,
    "source": Source,
    "actor": Actor,
    "place": Place,
    "location": Place,
}
_LISTS: dict[str, type] = {
    "sentences": Sentence,
    "entities": Entity,
    "times": TimeExpr,
    "quantities": Quantity,
    "quotes": Quote,
    "events": Event,
}

# Field order of the JSON form: the schema's required fields first, as a reader expects.
_DOC_ORDER = (
    "schema", "id", "language", "source", "title", "publisher", "wire", "published",
    "published_basis", "meta", "text", "sentences", "entities", "times", "quantities",
    "quotes", "events", "warnings",
)


_SCALARS = frozenset({str, int, float, bool, type(None)})


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """A model class's field names in order (``None`` for anything else); asked once per class."""
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:  # most values: answered without the dataclass machinery
        return value
    names = _field_names(kind)
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def document_to_dict(doc: Document) -> dict[str, Any]:
    """The JSON-ready form of a document, fields in a stable reading order."""
    plain = _plain(doc)
    return {key: plain[key] for key in _DOC_ORDER}


def document_to_json(doc: Document, *, indent: int | None = None) -> str:
    return json.dumps(document_to_dict(doc), ensure_ascii=False, indent=indent)


def _build(cls: type, data: Mapping[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    names = {f.name for f in dataclasses.fields(cls)}
    for key, value in data.items():
        if key not in names:
            continue  # fields added by a newer writer are ignored, not fatal
        if value is not None and key in ("source", "target") and cls is Event:
            value = Participant(**value)
        elif value is not None and key in _NESTED and isinstance(value, Mapping):
            value = _build(_NESTED[key], value)
        kwargs[key] = value
    return cls(**kwargs)


def document_from_dict(data: Mapping[str, Any]) -> Document:
    """Rebuild a :class:`Document` from its JSON form (as stored or printed)."""
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key in _LISTS:
            kwargs[key] = tuple(_build(_LISTS[key], item) for item in value)
        elif key == "warnings":
            kwargs[key] = tuple(value)
        elif key in _NESTED and isinstance(value, Mapping):
            kwargs[key] = _build(_NESTED[key], value)
        elif key == "meta":
            kwargs[key] = dict(value or {})
        elif key in {f.name for f in dataclasses.fields(Document)}:
            kwargs[key] = value
    return Document(**kwargs)
