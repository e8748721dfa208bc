"""A snippet from the matches within its reach equals the snippet from every match."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.langdata.loader import load_langdata
from marsad.stages.normalize import deleted_characters, normalize
from marsad.store import textindex
from marsad.store.textindex import _pieces, match_spans, query_groups, snippet, snippet_reach

LANG = load_langdata("ar")
WORDS = ["طاجيكستان", "لطاجيكستان", "روسيا", "الحدود", "كلام", "في", "و", "،", "الرَّئِيسُ", "الرئيس",
         # a base form that is not in its token: ل + ال rewritten (للحدود -> الحدود), ت restored (سيطرتها -> سيطرة)
         "للحدود", "حدودها", "سيطرتها", "سيطرة", "للسيطرة", "بسيطرتهم"]
QUERIES = ["طاجيكستان", "الرئيس", "الحدود", "سيطرة", "للسيطرة"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=400), st.sampled_from(QUERIES),
       st.integers(min_value=40, max_value=300))
def test_snippet_from_reachable_matches_equals_full(words: list[str], query: str, width: int) -> None:
    text = " ".join(words)
    groups = query_groups(query, lang=LANG)
    full = match_spans(text, groups, lang=LANG)
    near = match_spans(text, groups, lang=LANG, within=snippet_reach(width))
    assert near == full[:len(near)]
    assert snippet(text, near, width=width) == snippet(text, full, width=width)


#: Words and marks around which the view drops or inserts spaces (opening and closing marks,
#: commas, digits glued to letters, tatweel and harakat, line breaks).
HARD = [*WORDS, "(", "«", "»", ")", ",", ".", "5", "3.5", "15أيار", "\n", "ـ", "ـ5", "ـ،", "بـ", "  ", "\n\n"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(HARD), min_size=1, max_size=300), st.sampled_from([*QUERIES, "روسيا"]),
       st.integers(min_value=1, max_value=60), st.sampled_from([" ", "", "\n"]))
def test_text_normalized_in_pieces_gives_the_same_matches(words: list[str], query: str, piece: int,
                                                           joint: str) -> None:
    # match_spans with `within` normalizes the text a piece at a time: the pieces' views put end
    # to end are the whole text's view, so the matches (and their distances) are the same.
    text = joint.join(words)
    deleted = deleted_characters(LANG)
    cuts = list(_pieces(text, piece, deleted))
    assert "".join(text[lo:hi] for lo, hi in cuts) == text
    assert "".join(normalize(text[lo:hi], lang=LANG).text for lo, hi in cuts) == normalize(text, lang=LANG).text
    groups = query_groups(query, lang=LANG)
    full = match_spans(text, groups, lang=LANG)
    assert match_spans(text, groups, lang=LANG, within=10**9, piece=piece) == full
    near = match_spans(text, groups, lang=LANG, within=snippet_reach(40), piece=piece)
    assert near == full[:len(near)]
    assert snippet(text, near, width=40) == snippet(text, full, width=40)


def test_a_snippet_normalizes_only_the_start_of_a_long_document(monkeypatch) -> None:
    # A results page looks for the matches a snippet shows: with the first match near the start
    # of a long document, the text past the snippet's reach is never normalized (it was: the
    # whole text, about 1 ms per 5,000 characters of every hit, most of a search's time).
    text = "في طاجيكستان اليوم. " + " ".join(["كلام"] * 20_000)
    normalized: list[int] = []

    def recording(value: str, **kwargs):
        normalized.append(len(value))
        return normalize(value, **kwargs)

    monkeypatch.setattr(textindex, "normalize", recording)
    spans = match_spans(text, query_groups("طاجيكستان", lang=LANG), lang=LANG, within=snippet_reach(160))
    assert [text[s.start:s.end] for s in spans] == ["طاجيكستان"]
    assert sum(normalized) < 3 * textindex.PIECE < len(text) // 10


def test_pieces_before_the_first_match_are_only_folded(monkeypatch) -> None:
    # A piece whose folded text holds no core of a query term is not normalized (nor tokenized):
    # with the first match 3,000 characters in, only the pieces from it on are.
    text = " ".join(["كلام"] * 600) + " للسيطرة على الحدود. " + " ".join(["كلام"] * 600)
    normalized: list[int] = []

    def recording(value: str, **kwargs):
        normalized.append(len(value))
        return normalize(value, **kwargs)

    groups = query_groups("سيطرة", lang=LANG)
    full = match_spans(text, groups, lang=LANG)
    monkeypatch.setattr(textindex, "normalize", recording)
    near = match_spans(text, groups, lang=LANG, within=snippet_reach(160))
    assert [text[s.start:s.end] for s in near] == ["للسيطرة"] and near == full
    assert sum(normalized) < 4 * textindex.PIECE < 3000
