"""Declared settings with defaults and help; passed explicitly to every stage."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

__all__ = ["Settings"]


@dataclass(frozen=True, slots=True)
class Settings:
    max_chars: int = field(
        default=2_000_000,
        metadata={"help": "articles longer than this are cut, with a warning (memory bound)"},
    )
    max_sentence_tokens: int = field(
        default=1000,
        metadata={"help": "a sentence of more tokens (a text without sentence marks) is cut into pieces of at most "
                          "this many, at a punctuation mark where there is one (time bound)"},
    )
    historical_days: int = field(
        default=30,
        metadata={"help": "an event dated more than this many days before publication is 'historical' (background)"},
    )
    ner: bool = field(default=True, metadata={"help": "run the trained NER model beside the gazetteer"})
    actors: str | None = field(
        default=None,
        metadata={"help": "user actor registry (TSV or YAML) that adds or overrides entries of the shipped one "
                          "(see `marsad actors resolve`)"},
    )
    event_model: str | None = field(
        default=None,
        metadata={"help": "folder of the event model that gives each event its confidence (default: the shipped one; "
                          "'none' leaves confidence empty)"},
    )

    article_timeout: float = field(
        default=60.0,
        metadata={"help": "ingest: seconds one article may take to code; a slower one is recorded as failed and "
                          "the batch goes on (0: no limit)"},
    )

    @classmethod
    def describe(cls) -> dict[str, str]:
        return {f.name: f.metadata.get("help", "") for f in fields(cls)}
