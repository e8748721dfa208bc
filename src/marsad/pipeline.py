"""The ordered table of stages, what each requires and produces, and ``code_article``.

Each stage is a pure function ``fn(*required, lang=..., settings=...) -> product``. The table
is checked once (every requirement produced by an earlier stage or given as an input).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .langdata.loader import LangData, load_langdata
from .model import Document, Source
from .settings import Settings
from .stages import (
    dating,
    entities,
    entity_index,
    events,
    metadata,
    normalize,
    quantities,
    quotes,
    segment,
    times,
)

__all__ = ["Stage", "STAGES", "INPUTS", "check_stages", "code_article", "document_id", "run_stages"]

#: What a caller gives: the article body and the reader's header fields (may be empty).
INPUTS = ("text", "header")


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    run: Callable[..., Any]
    requires: tuple[str, ...]
    produces: str


STAGES: tuple[Stage, ...] = (
    Stage("normalize", normalize.normalize, ("text",), "norm"),
    Stage("segment", segment.segment, ("text", "norm"), "seg"),
    Stage("metadata", metadata.extract_metadata, ("text", "norm", "seg", "header"), "meta"),
    Stage("times", times.extract_times, ("text", "norm", "seg", "meta"), "times"),
    Stage("quantities", quantities.extract_quantities, ("text", "norm", "seg"), "quantities"),
    Stage("entities", entities.extract_entities, ("text", "norm", "seg", "meta"), "entities"),
    Stage("entity_index", entity_index.index_entities, ("seg", "entities"), "entity_index"),
    Stage("quoting", quotes.find_quotes, ("text", "norm", "seg", "entities"), "quoting"),
    Stage("quotes", quotes.quotes_of, ("quoting",), "quotes"),
    # unnamed speakers ("المصدر", "إدارة مرور الشرقية"): entities of the document after the others
    Stage("speakers", quotes.speakers_of, ("quoting",), "speakers"),
    Stage(
        "events",
        events.extract_events,
        ("text", "norm", "seg", "meta", "times", "entity_index", "quotes"),
        "events",
    ),
    # events without a date in their clause or a publication date: the article's own dates
    Stage("dating", dating.date_events, ("events", "times", "meta"), "dated_events"),
)


def check_stages(stages: tuple[Stage, ...] = STAGES) -> None:
    """Raise ``ValueError`` if a stage requires something no earlier stage produces."""
    available = set(INPUTS)
    for stage in stages:
        missing = [r for r in stage.requires if r not in available]
        if missing:
            raise ValueError(f"stage {stage.name!r} requires {missing} before it is produced")
        if stage.produces in available:
            raise ValueError(f"stage {stage.name!r} produces {stage.produces!r} twice")
        available.add(stage.produces)


check_stages()


def document_id(norm_text: str) -> str:
    """Stable content id: the hash of the normalized text with white space folded."""
    folded = " ".join(norm_text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]


def run_stages(
    text: str, *, header: Mapping[str, str] | None = None, lang: LangData, settings: Settings,
    until: str | None = None,
) -> dict[str, Any]:
    """Every product of the stages before ``until`` (all of them when None), by name: what a
    training or evaluation script needs that the Document does not keep (tokens, the entity index)."""
    state: dict[str, Any] = {"text": text, "header": dict(header or {})}
    for stage in STAGES:
        if stage.name == until:
            break
        state[stage.produces] = stage.run(*(state[r] for r in stage.requires), lang=lang, settings=settings)
    return state


def code_article(
    text: str,
    *,
    header: Mapping[str, str] | None = None,
    published: str | None = None,
    source: Source | None = None,
    lang: LangData | None = None,
    settings: Settings | None = None,
    warnings: tuple[str, ...] = (),
) -> Document:
    """Code one article: ``text`` is the body, ``header`` any metadata fields a reader found
    (``date``, ``title``, ``source``, ``url`` ...), ``published`` an ISO date that overrides
    the dateline."""
    settings = settings or Settings()
    lang = lang or load_langdata("ar")
    warnings = list(warnings)
    if len(text) > settings.max_chars:
        warnings.append(f"text cut from {len(text)} to {settings.max_chars} characters")
        text = text[: settings.max_chars]
    fields = dict(header or {})
    if published:
        fields["published"] = published
    state: dict[str, Any] = {"text": text, "header": fields}
    for stage in STAGES:
        state[stage.produces] = stage.run(*(state[r] for r in stage.requires), lang=lang, settings=settings)
    meta: metadata.Metadata = state["meta"]
    seg: segment.Segmentation = state["seg"]
    return Document(
        id=document_id(state["norm"].text),
        language=lang.lang,
        text=text,
        published=meta.published,
        published_basis=meta.published_basis,
        title=meta.title,
        publisher=meta.publisher,
        wire=meta.wire,
        source=source,
        sentences=seg.sentences,
        entities=tuple(state["entities"]) + tuple(state["speakers"]),
        times=tuple(state["times"]),
        quantities=tuple(state["quantities"]),
        quotes=tuple(state["quotes"]),
        events=tuple(state["dated_events"]),
        warnings=tuple(warnings) + tuple(meta.warnings),
        meta={k: v for k, v in fields.items() if isinstance(v, str)},
    )
