"""Entity-level NER scores in the conlleval convention (as seqeval's default mode).

A chunk starts at a B-X, or at an I-X that does not continue a chunk of type X (after O or
after another type); it ends where the next tag does not continue it. A predicted chunk counts
as correct only when its start, end and type all equal a gold chunk's. Precision, recall and
F1 are computed over chunks, per type and overall ("micro"); ``accuracy`` is token-level.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from ..errors import InputError

__all__ = ["chunks", "evaluate_tags", "read_conll", "evaluate_ner_file", "map_tag"]

# Tag-set variants of the gold files folded onto PER/LOC/ORG/MISC.
_TYPE_ALIASES = {"PERS": "PER", "PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG", "MIS": "MISC"}
_MIS_N = re.compile(r"^MIS\d*$")


class Tagger(Protocol):
    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]: ...


def map_tag(tag: str) -> str:
    """``B-PERS`` -> ``B-PER``, ``I-MIS2`` -> ``I-MISC``; ``O`` and unknown prefixes unchanged."""
    if tag == "O" or "-" not in tag:
        return tag
    prefix, kind = tag.split("-", 1)
    kind = kind.upper()
    if _MIS_N.match(kind):
        kind = "MISC"
    return f"{prefix}-{_TYPE_ALIASES.get(kind, kind)}"


def _split(tag: str) -> tuple[str, str]:
    if tag == "O" or not tag:
        return "O", ""
    if "-" in tag:
        prefix, kind = tag.split("-", 1)
        return prefix, kind
    return "I", tag  # a bare type is an inside tag (conlleval's -r-less behaviour for IO tags)


def chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Chunks ``(start, end_exclusive, type)`` of one tag sequence (conlleval rules for IOBES)."""
    out: list[tuple[int, int, str]] = []
    start = -1
    prev_tag, prev_type = "O", ""
    for i, raw in enumerate([*tags, "O"]):
        tag, kind = _split(raw)
        end = (
            (prev_tag in ("B", "I") and tag in ("B", "O", "S"))
            or (prev_tag in ("E", "S"))
            or (prev_tag != "O" and prev_type != kind)
        )
        begin = (
            tag in ("B", "S")
            or (prev_tag in ("E", "S", "O") and tag in ("I", "E"))
            or (tag != "O" and prev_type != kind)
        )
        if end and start >= 0:
            out.append((start, i, prev_type))
            start = -1
        if begin and tag != "O":
            start = i
        prev_tag, prev_type = tag, kind
    return out


def _prf(correct: int, found: int, gold: int) -> dict[str, float | int]:
    p = correct / found if found else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "gold": gold, "predicted": found, "correct": correct}


def evaluate_tags(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Entity-level precision/recall/F1 per type and overall, plus token accuracy."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted")
    types: set[str] = set()
    counts: dict[str, list[int]] = {}
    total = [0, 0, 0]
    tokens = right = 0
    for g, p in zip(gold, pred, strict=True):
        if len(g) != len(p):
            raise ValueError(f"sentence of {len(g)} gold tags but {len(p)} predicted")
        tokens += len(g)
        right += sum(1 for a, b in zip(g, p, strict=True) if a == b)
        gc, pc = set(chunks(g)), set(chunks(p))
        for group, slot in ((gc, 1), (pc, 2)):
            for _, _, kind in group:
                types.add(kind)
                counts.setdefault(kind, [0, 0, 0])[slot] += 1
                total[slot] += 1
        for _, _, kind in gc & pc:
            counts[kind][0] += 1
            total[0] += 1
    result: dict[str, Any] = {"overall": _prf(total[0], total[2], total[1])}
    result["per_type"] = {k: _prf(c[0], c[2], c[1]) for k, c in sorted(counts.items())}
    result["tokens"] = tokens
    result["sentences"] = len(gold)
    result["accuracy"] = round(right / tokens, 4) if tokens else 0.0
    return result


def read_conll(path: str | Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of ``token TAG`` lines (blank line between sentences); tags mapped by :func:`map_tag`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read NER file: {exc}", path=str(path)) from None
    sentences: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    tags: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            if words:
                sentences.append((words, tags))
                words, tags = [], []
            continue
        parts = line.rsplit(None, 1)
        if len(parts) != 2:
            raise InputError(f"line {number}: expected 'token TAG', got {line!r}", path=str(path))
        words.append(parts[0])
        tags.append(map_tag(parts[1]))
    if words:
        sentences.append((words, tags))
    if not sentences:
        raise InputError("no sentences in NER file", path=str(path))
    return sentences


def evaluate_ner_file(path: str | Path, model: Tagger) -> dict[str, Any]:
    """Tag every sentence of a gold file with ``model`` and score it.

    ``tokens_per_second`` is tokens / CPU seconds this process spent in ``tag_many`` (feature
    extraction from the original words and decoding; single-threaded, so one core), which stays
    meaningful on a shared machine; ``wall_seconds`` is the elapsed time of the same call."""
    data = read_conll(path)
    gold = [tags for _, tags in data]
    w0, c0 = time.perf_counter(), time.process_time()
    pred = model.tag_many([words for words, _ in data])
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    result = evaluate_tags(gold, pred)
    result["file"] = str(path)
    result["cpu_seconds"] = round(cpu, 3)
    result["wall_seconds"] = round(wall, 3)
    result["tokens_per_second"] = round(result["tokens"] / cpu) if cpu > 0 else None
    return result
