"""Helpers shared by the tests of the hand-labelled event files: the per-row consistency of a
triples label, the URLs a label file names, and a one-article SaudiNewsNet-shaped corpus for
the ``marsad eval`` commands."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from marsad.evaluation.corpus import read_annotations

# a condemnation the patterns find, and a support verb («تدعم») no 19x pattern matches: one label
# that matches a candidate and one that does not
ONE_ARTICLE_TEXT = "أدان وزير الخارجية السعودي عادل الجبير الهجوم على السفارة في بغداد. وقال إن المملكة تدعم العراق."
ONE_ARTICLE_ZIP = "2015-08-10.zip"


def check_triple_label_row(row: dict) -> None:
    """One triples label: labelled down to 0.15, and its root fields agree with its answers."""
    # labelled down to 0.15, so that any threshold from 0.15 up finds its labels
    assert isinstance(row["confidence"], float) and 0.15 <= row["confidence"] <= 1, row
    if not row["real_event"]:
        assert row["gold_root"] is None, row
    elif row["root_ok"]:
        assert row["gold_root"] == row["cameo"][:2], row
    else:
        assert row["gold_root"] != row["cameo"][:2], row


def urls_of(path: Path) -> set[str]:
    """The article URLs an annotation file names (.jsonl records or a .tsv's first column)."""
    if path.suffix == ".tsv":
        return {line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")}
    return {a["url"] for a in read_annotations(path)}


def write_one_article_corpus(folder: Path, *, url: str, text: str = ONE_ARTICLE_TEXT) -> Path:
    """A raw folder holding one zip with one article, as ../shared's corpus is laid out."""
    raw = folder / "raw"
    raw.mkdir()
    with zipfile.ZipFile(raw / ONE_ARTICLE_ZIP, "w") as zf:
        zf.writestr("example.json", json.dumps([{"source": "example", "url": url, "date_extracted": "2015-08-10",
                                                  "content": text}], ensure_ascii=False))
    return raw
