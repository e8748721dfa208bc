"""Golden files: the bundled example articles coded end to end, compared field by field with
the committed expectation. After an intended change, regenerate with

    MARSAD_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py

and review the diff (git diff tests/golden) before committing it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from marsad import code_article, document_to_dict

from .conftest import REPO

EXAMPLES = sorted((REPO / "src" / "marsad" / "examples").glob("*.txt"))
GOLDEN = Path(__file__).resolve().parent / "golden"


def _coded(path: Path) -> dict:
    data = document_to_dict(code_article(path.read_text(encoding="utf-8")))
    data.pop("source", None)
    return data


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_golden(path: Path) -> None:
    golden = GOLDEN / f"{path.stem}.json"
    actual = _coded(path)
    if os.environ.get("MARSAD_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    for key in expected:
        assert actual.get(key) == expected[key], f"{key} differs from {golden.name}"
    assert set(actual) == set(expected)


def test_example_article_essentials(example_text: str) -> None:
    """The foundation issue's acceptance list, stated directly (independent of the golden file)."""
    doc = code_article(example_text)
    assert doc.published == "2021-07-22" and doc.published_basis == "dateline"
    assert doc.publisher is not None and doc.publisher.name == "Pakistan Point News"
    assert doc.wire is not None and doc.wire.name == "Sputnik"
    values = {t.value for t in doc.times}
    assert {"2021-07-22", "2013-09-23", "1992-05-15"} <= values
    quantities = {(q.value, q.unit, q.qualifier) for q in doc.quantities}
    assert (70, "percent", "more_than") in quantities
    assert any(v == 150 and qual == "more_than" for v, _, qual in quantities)
    assert any(v == 6 for v, _, _ in quantities)
    text = doc.text
    for kind in ("sentences", "entities", "times", "quantities", "quotes", "events"):
        for item in getattr(doc, kind):
            assert text[item.start:item.end] == item.text
