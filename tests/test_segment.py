"""Sentences, tokens and clitic-stripped forms."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.stages.normalize import normalize
from marsad.stages.segment import segment, token_forms

FORMS = [
    # (word as written, a base form that must be among its forms)
    ("لطاجيكستان", "طاجيكستان"),
    ("وروسيا", "روسيا"),
    ("والأفغانية", "افغانيه"),
    ("والأفغانية", "الافغانيه"),
    ("بالمئة", "ميه"),
    ("للحدود", "الحدود"),
    ("للحدود", "حدود"),
    ("وللجيش", "جيش"),
    ("فالقوات", "قوات"),
    ("ستتخذ", "تتخذ"),
    ("وسيطرتها", "سيطره"),
    ("سيطرتها", "سيطره"),
    ("وأضاف", "اضاف"),
    ("وتابع", "تابع"),
    ("كالعادة", "عاده"),
    ("بقواتهم", "قوات"),
    ("وبالتالي", "تالي"),
]


@pytest.mark.parametrize(("word", "base"), FORMS)
def test_forms_include_base(lang, word: str, base: str) -> None:
    view = normalize(word, lang=lang).text
    assert base in token_forms(view, lang=lang)


@pytest.mark.parametrize("word", ["من", "في", "عن", "بل", "كل"])
def test_short_words_are_not_stripped_to_nothing(lang, word: str) -> None:
    forms = token_forms(normalize(word, lang=lang).text, lang=lang)
    assert forms[0] == normalize(word, lang=lang).text
    assert all(len(f) >= 2 for f in forms)


def test_surface_form_first(lang) -> None:
    assert token_forms("وروسيا", lang=lang)[0] == "وروسيا"
    assert token_forms("2021", lang=lang) == ("2021",)


SENTENCES = [
    ("قال الوزير. وأضاف المتحدث.", ["قال الوزير.", "وأضاف المتحدث."]),
    ("هل حضر؟ نعم حضر!", ["هل حضر؟", "نعم حضر!"]),
    ("العنوان\n\nالفقرة الأولى. الفقرة", ["العنوان", "الفقرة الأولى.", "الفقرة"]),
    ("بلغت النسبة 3.5 بالمئة أمس.", ["بلغت النسبة 3.5 بالمئة أمس."]),
    ("قال: «هذا نص.» ثم غادر.", ["قال: «هذا نص.»", "ثم غادر."]),
    ("The U.N. said no. Then.", ["The U.N. said no.", "Then."]),
    ("قال د. أحمد إن الوضع هادئ.", ["قال د. أحمد إن الوضع هادئ."]),
    ("وصل إلى الساعة 5. ثم عاد.", ["وصل إلى الساعة 5.", "ثم عاد."]),
    ("", []),
    ("   \n  ", []),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_sentences(lang, text: str, expected: list[str]) -> None:
    seg = segment(text, normalize(text, lang=lang), lang=lang)
    assert [s.text for s in seg.sentences] == expected
    for s in seg.sentences:
        assert text[s.start:s.end] == s.text


def test_example_article_segments(lang, example_text: str) -> None:
    seg = segment(example_text, normalize(example_text, lang=lang), lang=lang)
    assert len(seg.sentences) >= 12
    assert seg.sentences[0].text.startswith("نائب وزير الخارجية الروسي")
    for tok in seg.tokens:
        assert example_text[tok.start:tok.end].strip()
        first, last = seg.sentence_tokens[tok.sentence]
        assert first <= tok.index < last
    words = {example_text[t.start:t.end] for t in seg.tokens}
    assert {"لطاجيكستان", "رودينكو", "2021", "ء", "15", "أيار"} <= words


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ابتوفلكسةىأ .،؟!\n\"«»0123456789ـً")), max_size=80))
def test_token_and_sentence_offsets_map_back(lang, text: str) -> None:
    view = normalize(text, lang=lang)
    seg = segment(text, view, lang=lang)
    for s in seg.sentences:
        assert text[s.start:s.end] == s.text and s.text.strip()
    for t in seg.tokens:
        assert 0 <= t.start < t.end <= len(text)
        assert view.text[t.vstart:t.vend] == t.norm
