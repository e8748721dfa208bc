"""What the store writes for one document, made from the document alone: :func:`document_rows`.

Everything here depends only on the document, the language data and the store's MinHash
parameters, not on what the store already holds, so it is made where the document was coded
(a worker process, a Dask worker) and the process that owns the store only assigns sequence
numbers and story clusters and writes. That keeps the serial part of an ingest small however
many cores code.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..langdata.loader import LangData
from ..model import Document, Entity, Event, document_to_dict
from . import minhash, textindex
from .query import known_iso3
from .quotes import quote_rows

__all__ = ["DocumentRows", "document_rows", "event_key", "event_id_for", "merge_key", "EVENT_ROW", "MENTION_ROW"]


def merge_key(source: str | None, target: str | None, cameo: str, when: str | None) -> str:
    """The merge key of source and target codes, CAMEO code and ``when``: the event's date,
    or ``story:<cluster id>`` for an event with no date at all (see ``Store``)."""
    return "\x1f".join((source or "", target or "", cameo, when or ""))


def event_key(event: Event) -> str:
    """What makes two events one: source, target, CAMEO code and date (as GDELT)."""
    return merge_key(event.source.code if event.source else None, event.target.code if event.target else None,
                     event.cameo, event.date)


#: The fields of an event row and a mention row, in the order of the tuples below.
EVENT_ROW = (
    "id", "merge_key", "event_date", "source_code", "target_code", "cameo", "root", "plover", "quad_class",
    "goldstein", "source_name", "target_name", "source_country", "target_country", "source_role", "target_role",
    "location_name", "location_country", "location_feature", "location_lat", "location_lon", "location_gazetteer",
    "first_doc",
)
MENTION_ROW = (
    "doc_id", "mention_id", "event_id", "sentence", "char_start", "char_end", "text", "rule", "modality",
    "negated", "source_text", "target_text", "attributed_to", "date_basis",
)


def event_id_for(key: str) -> int:
    """A stable positive 60-bit id from the merge key: the same on every store."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:15], 16)


@dataclass(frozen=True, slots=True)
class DocumentRows:
    """One document's rows, all but what the store decides (sequence number, story cluster,
    similarity, time of ingest). ``lang`` and ``lsh`` say what they were made with; a store
    with other MinHash parameters refuses them."""

    id: str
    lang: str
    lsh: minhash.LSHParams
    document: tuple[Any, ...]  # language, published, title, publisher, wire, source path, url, text, doc_json
    signature: bytes | None
    bands: tuple[tuple[int, int], ...]
    terms: str
    entities: tuple[tuple[Any, ...], ...]
    events: tuple[tuple[tuple[Any, ...], tuple[Any, ...]], ...]  # (event row, mention row) per event
    registry: str | None = None  # the actor registry version it was coded with (None: unknown)
    quotes: tuple[tuple[Any, ...], ...] = ()  # quotes.QUOTE_ROW per quote

    def to_json(self) -> str:
        """JSON for a Parquet shard; :meth:`from_json` gives back an equal object."""
        return json.dumps({
            "id": self.id, "lang": self.lang, "lsh": [self.lsh.num_perm, self.lsh.bands, self.lsh.rows,
                                                      self.lsh.shingle],
            "document": self.document, "signature": None if self.signature is None else self.signature.hex(),
            "bands": self.bands, "terms": self.terms, "entities": self.entities, "events": self.events,
            "registry": self.registry, "quotes": self.quotes,
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, data: str) -> DocumentRows:
        value = json.loads(data)
        return cls(
            id=value["id"], lang=value["lang"], lsh=minhash.LSHParams(*value["lsh"]),
            document=tuple(value["document"]),
            signature=None if value["signature"] is None else bytes.fromhex(value["signature"]),
            bands=tuple((band, digest) for band, digest in value["bands"]), terms=value["terms"],
            entities=tuple(tuple(row) for row in value["entities"]),
            events=tuple((tuple(event), tuple(mention)) for event, mention in value["events"]),
            registry=value.get("registry"), quotes=tuple(tuple(row) for row in value.get("quotes", ())),
        )


def _named(value: Any) -> str | None:
    if value is None:
        return None
    return value.name or value.text


def document_rows(doc: Document, *, lang: LangData, lsh: minhash.LSHParams,
                  form: Mapping[str, Any] | None = None, registry: str | None = None) -> DocumentRows:
    """The rows of ``doc`` (``form``: its ``document_to_dict`` form when the caller has it;
    ``registry``: the version of the actor registry it was coded with)."""
    tokens, terms = textindex.analyse(doc.text, lang=lang)
    sig = minhash.signature(tokens, lsh)
    entities = {e.id: e for e in doc.entities}
    iso3 = known_iso3(lang)
    form = document_to_dict(doc) if form is None else form
    return DocumentRows(
        id=doc.id,
        lang=lang.lang,
        lsh=lsh,
        document=(doc.language, doc.published, doc.title, _named(doc.publisher), _named(doc.wire),
                  doc.source.path if doc.source else None, doc.source.url if doc.source else None, doc.text,
                  json.dumps(form, ensure_ascii=False)),
        signature=None if sig is None else sig.tobytes(),
        bands=tuple(minhash.band_hashes(sig, lsh)) if sig is not None else (),
        terms=terms,
        entities=tuple(
            (doc.id, e.id, e.type, e.text, e.canonical, e.actor.code if e.actor else None,
             (e.actor.country if e.actor else None) or (e.place.country if e.place else None),
             e.actor.role if e.actor else None, e.actor.title if e.actor else None, e.basis, e.start, e.end)
            for e in doc.entities),
        events=tuple(_event_rows(doc, event, entities, iso3) for event in doc.events),
        registry=registry,
        quotes=quote_rows(form, lang=lang),
    )


def _event_rows(doc: Document, event: Event, entities: Mapping[str, Entity],
                iso3: frozenset[str]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    key = event_key(event)
    eid = event_id_for(key)

    def side(part: Any) -> tuple[str | None, str | None, str | None, str | None]:
        if part is None:
            return None, None, None, None
        ent = entities.get(part.entity) if part.entity else None
        name = part.text or (ent.canonical or ent.text if ent else None)
        country = ent.actor.country if ent is not None and ent.actor is not None else None
        if country is None and part.code and part.code[:3] in iso3:
            country = part.code[:3]  # CAMEO actor codes begin with the country: RUSGOV
        role = ent.actor.role if ent is not None and ent.actor is not None else None
        return part.code, name, country, role

    s_code, s_name, s_country, s_role = side(event.source)
    t_code, t_name, t_country, t_role = side(event.target)
    loc = event.location
    event_row = (
        eid, key, event.date, s_code, t_code, event.cameo, event.root, event.plover, event.quad_class,
        event.goldstein, s_name, t_name, s_country, t_country, s_role, t_role,
        loc.name if loc else None, loc.country if loc else None, loc.feature if loc else None,
        loc.lat if loc else None, loc.lon if loc else None, loc.gazetteer_id if loc else None, doc.id,
    )
    mention_row = (
        doc.id, event.id, eid, event.sentence, event.start, event.end, event.text, event.rule, event.modality,
        int(bool(event.negated)), event.source.text if event.source else None,
        event.target.text if event.target else None, event.attributed_to, event.date_basis, event.confidence,
    )
    return event_row, mention_row
