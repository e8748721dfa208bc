"""Linear work in article length, counted and never timed: every stage run on an article
repeated N and 2N times executes (nearly) twice the Python lines, not four times; the
indexes that replace whole-document scans answer what the scans answered."""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Callable
from typing import Any

import pytest

from marsad.pipeline import STAGES, run_stages
from marsad.settings import Settings
from marsad.stages.quotes import Intervals, extract_quotes

from .test_quotes import CASES, entities_of

SETTINGS = Settings()


def line_events(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> int:
    """Python lines executed by ``fn(*args, **kwargs)`` (every frame it calls, comprehensions
    and generators included): a count of work that does not depend on the machine's load."""
    count = 0

    def local(frame, event, arg):  # noqa: ANN001, ANN202
        nonlocal count
        if event == "line":
            count += 1
        return local

    previous = sys.gettrace()  # a coverage tracer, say: put back afterwards
    sys.settrace(lambda frame, event, arg: local)
    try:
        fn(*args, **kwargs)
    finally:
        sys.settrace(previous)
    return count


def repeated(body: str, n: int) -> str:
    return "\n\n".join([body] * n) + "\n"


@pytest.fixture(scope="module")
def example_states(example_text: str, lang) -> dict[int, dict[str, Any]]:
    body = example_text.strip()
    run_stages(body, lang=lang, settings=SETTINGS)  # load the language data before counting
    return {n: run_stages(repeated(body, n), lang=lang, settings=SETTINGS) for n in (4, 8)}


@pytest.mark.parametrize("stage", STAGES, ids=[s.name for s in STAGES])
def test_every_stage_is_linear_in_article_length(stage, example_states, lang) -> None:
    counts = {
        n: line_events(stage.run, *(state[r] for r in stage.requires), lang=lang, settings=SETTINGS)
        for n, state in example_states.items()
    }
    per_copy = {n: c / n for n, c in counts.items()}
    # quadratic work would give 2.0 here (and the quotes stage gave 1.25 before its indexes)
    assert per_copy[8] <= 1.1 * per_copy[4] + 5, counts


def test_quotes_are_linear_on_a_quote_heavy_article(lang) -> None:
    body = "\n".join(text for text, _ in CASES)

    def run(n: int) -> int:
        text = repeated(body, n)
        state = run_stages(text, lang=lang, settings=SETTINGS, until="entities")
        ents = entities_of(text)
        return line_events(extract_quotes, text, state["norm"], state["seg"], ents, lang=lang, settings=SETTINGS)

    run(1)
    small, large = run(3), run(6)
    assert large / 6 <= 1.1 * small / 3, (small, large)


def _brute_first(spans: list[tuple[int, int]], pos: int) -> int | None:
    return next((k for k, (a, b) in enumerate(spans) if a <= pos < b), None)


def test_intervals_find_what_the_scan_finds() -> None:
    rng = random.Random(17)
    for _ in range(200):
        # ascending starts and ends (the k-th end is at least the k-th start), possibly
        # overlapping, touching or empty
        starts = sorted(rng.randint(0, 60) for _ in range(rng.randint(0, 8)))
        ends = sorted(a + rng.randint(0, 12) for a in starts)
        spans = list(zip(starts, ends, strict=True))
        index = Intervals(spans)
        for pos in range(-2, 80):
            assert index.first(pos) == _brute_first(spans, pos), (spans, pos)
            assert (pos in index) == (_brute_first(spans, pos) is not None)


def test_intervals_refuse_unsorted_spans() -> None:
    with pytest.raises(ValueError, match="ascending"):
        Intervals([(0, 10), (2, 5)])  # nested: the ends go down
    with pytest.raises(ValueError, match="ascending"):
        Intervals([(5, 8), (0, 9)])


def _flat(text: str) -> str:
    """The text without sentence marks or line breaks: one sentence, as a PDF dump may be."""
    return re.sub(r"[.\n!?؟:;؛]+", " ", text).strip()


def test_a_text_without_sentence_marks_is_cut_into_bounded_sentences(example_text: str, lang) -> None:
    text = " ".join([_flat(example_text)] * 2)  # under the default cap: one sentence
    settings = Settings(max_sentence_tokens=60)
    seg = run_stages(text, lang=lang, settings=settings, until="metadata")["seg"]
    whole = run_stages(text, lang=lang, settings=Settings(), until="metadata")["seg"]
    assert len(whole.sentences) == 1 and len(seg.sentences) > len(whole.tokens) / 60
    assert [(t.start, t.end, t.norm) for t in seg.tokens] == [(t.start, t.end, t.norm) for t in whole.tokens]
    for k, ((a, b), sent) in enumerate(zip(seg.sentence_tokens, seg.sentences, strict=True)):
        assert 0 < b - a <= 60
        assert all(t.sentence == k for t in seg.tokens[a:b])
        assert text[sent.start:sent.end] == sent.text
        assert sent.start <= seg.tokens[a].start and seg.tokens[b - 1].end <= sent.end
        if b - a < 60 and b < len(seg.tokens):
            assert not seg.tokens[b - 1].is_word  # cut after a punctuation mark where there is one
    assert seg.sentences[0].start == whole.sentences[0].start and seg.sentences[-1].end == whole.sentences[0].end


def test_every_stage_is_linear_on_a_text_without_sentence_marks(example_text: str, lang) -> None:
    """Lookups within the sentence stay bounded when the sentence is the whole text: before
    sentences were cut, the events stage's work per copy grew with the number of copies
    (1.26x from 3 to 9 copies: every trigger candidate's features walk the whole sentence)."""
    settings = Settings(max_sentence_tokens=120)
    body = _flat(example_text)
    states = {n: run_stages(" ".join([body] * n), lang=lang, settings=settings) for n in (3, 9)}
    for stage in STAGES:
        counts = {n: line_events(stage.run, *(state[r] for r in stage.requires), lang=lang, settings=settings)
                  for n, state in states.items()}
        assert counts[9] / 9 <= 1.1 * counts[3] / 3 + 5, (stage.name, counts)


class _ScanCounted(str):
    """A text whose lines count the characters their ``find`` calls read (``str.find`` is C:
    its work is invisible to :func:`line_events`)."""

    scanned = 0

    def split(self, sep=None, maxsplit=-1):  # noqa: ANN001, ANN201
        return [_ScanCounted(part) for part in str.split(self, sep, maxsplit)]

    def find(self, sub, start=0, end=None):  # noqa: ANN001, ANN201
        found = str.find(self, sub, start, len(self) if end is None else end)
        _ScanCounted.scanned += (len(self) if found == -1 else found + len(sub)) - start
        return found


def test_quoted_spans_read_a_line_once_however_many_marks_are_left_open(lang) -> None:
    """A long line of opening marks without their closing ones (a title list, a PDF dump):
    each used to search to the end of the line."""
    from marsad.stages.quotes import quote_cues
    from marsad.stages.quotes.marks import quoted_spans

    marks = quote_cues(lang).marks
    counts = {}
    for n in (200, 400):
        text = " ".join(["كلمة «عنوان بلا إغلاق"] * n) + "\nقال: «نص مغلق» و\"آخر\""
        _ScanCounted.scanned = 0
        spans = quoted_spans(_ScanCounted(text), marks)
        assert spans == quoted_spans(text, marks) and len(spans) == 2
        counts[n] = _ScanCounted.scanned
    assert counts[400] <= 2.2 * counts[200], counts
