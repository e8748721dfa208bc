"""Quality measurements against gold files (NER: entity-level P/R/F1, conlleval convention)."""

from __future__ import annotations

from .ner import chunks, evaluate_ner_file, evaluate_tags, read_conll

__all__ = ["chunks", "evaluate_ner_file", "evaluate_tags", "read_conll"]
