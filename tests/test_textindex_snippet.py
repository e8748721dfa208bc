"""A snippet from the matches within its reach equals the snippet from every match."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.langdata.loader import load_langdata
from marsad.store.textindex import match_spans, query_groups, snippet, snippet_reach

LANG = load_langdata("ar")
WORDS = ["طاجيكستان", "لطاجيكستان", "روسيا", "الحدود", "كلام", "في", "و", "،", "الرَّئِيسُ", "الرئيس"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=400), st.sampled_from(["طاجيكستان", "الرئيس"]),
       st.integers(min_value=40, max_value=300))
def test_snippet_from_reachable_matches_equals_full(words: list[str], query: str, width: int) -> None:
    text = " ".join(words)
    groups = query_groups(query, lang=LANG)
    full = match_spans(text, groups, lang=LANG)
    near = match_spans(text, groups, lang=LANG, within=snippet_reach(width))
    assert near == full[:len(near)]
    assert snippet(text, near, width=width) == snippet(text, full, width=width)
