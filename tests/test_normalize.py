"""Normalization: table cases and the offset-map property."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.stages.normalize import normalize, normalize_string

CASES = [
    # (original, normalized view)
    ("أحمد إبراهيم آمال ٱلله", "احمد ابراهيم امال الله"),
    ("مسؤول رئيس", "مسوول رييس"),
    ("مستشفى على", "مستشفي علي"),
    ("مدرسة الجامعة", "مدرسه الجامعه"),
    ("پاکستان پوائنٹ نیوز", "باكستان بواينت نيوز"),
    ("ی ک ہ ۀ ٹ پ", "ي ك ه ه ت ب"),
    ("الســـلام", "السلام"),
    ("مُحَمَّدٌ", "محمد"),
    ("٢٠٢١ ١٥", "2021 15"),
    ("۲۰۲۱", "2021"),
    ("15أيار", "15 ايار"),
    ("2021ء", "2021 ء"),
    ("الفئة500", "الفيه 500"),
    ("مستعدة ، إذا", "مستعده، اذا"),
    ("كلمة .", "كلمه."),
    ("( ناتو )", "(ناتو)"),
    ("«  نص  »", "«نص»"),
    ("a\u200bb\u200fc\u202ad\u2066e", "abcde"),
    ("\ufeffنص", "نص"),
    ("ﻻ", "لا"),
    ("NATO Moscow", "nato moscow"),
    ("٪٧٠", "%70"),
    ("سطر  أول\n\nسطر", "سطر اول\n\nسطر"),
    ("  مسافة", "مسافه"),
    ("سطر \nجديد", "سطر\nجديد"),
]


@pytest.mark.parametrize(("original", "expected"), CASES)
def test_view(lang, original: str, expected: str) -> None:
    assert normalize(original, lang=lang).text == expected


@pytest.mark.parametrize(("original", "expected"), CASES)
def test_each_view_char_maps_into_original(lang, original: str, expected: str) -> None:
    view = normalize(original, lang=lang)
    assert len(view.starts) == len(view.text) == len(view.ends)
    for i in range(len(view.text)):
        assert 0 <= view.starts[i] <= view.ends[i] <= len(original)


def test_span_maps_back_to_original_word(lang) -> None:
    original = "أعلن نائب وزير الخارجية الروسي أندريه رودينكو"
    view = normalize(original, lang=lang)
    a = view.text.index("رودينكو")
    start, end = view.to_original(a, a + len("رودينكو"))
    assert original[start:end] == "رودينكو"
    a = view.text.index("نايب")
    start, end = view.to_original(a, a + 4)
    assert original[start:end] == "نائب"


def test_glued_digit_spans(lang) -> None:
    original = "وُقعت معاهدة في 15أيار/ مايو 1992"
    view = normalize(original, lang=lang)
    a = view.text.index("15")
    assert original[slice(*view.to_original(a, a + 2))] == "15"
    b = view.text.index("ايار")
    assert original[slice(*view.to_original(b, b + 4))] == "أيار"


def test_harakat_inside_word_are_covered_by_span(lang) -> None:
    original = "وُقعت"
    view = normalize(original, lang=lang)
    assert view.text == "وقعت"
    assert original[slice(*view.to_original(0, 4))] == original


def test_normalize_string_strips(lang) -> None:
    assert normalize_string("  حَلْف  شمال الأطلسي ", lang=lang) == "حلف شمال الاطلسي"


ARABICISH = st.text(
    alphabet=st.sampled_from(
        list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
        + list("أإآٱؤئءىةیکہۀٹپ")
        + ["\u064b", "\u064e", "\u0651", "\u0640", "\u200b", "\u200f", "\u202b", "\u2067", "\ufeff"]
        + list("0123456789٠١٢٣٤٥٦٧٨٩۰۴")
        + list("abcXYZ .,،؛:!؟?()«»\"'-/%\n\t")
        + ["ﻻ", "ﷲ", "ﺍ", "\u00a0"]
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(ARABICISH, st.text(max_size=60)))
def test_offsets_always_map_back(lang, text: str) -> None:
    view = normalize(text, lang=lang)
    assert len(view.starts) == len(view.text)
    last_start = 0
    for i in range(len(view.text)):
        s, e = view.starts[i], view.ends[i]
        assert 0 <= s <= e <= len(text)
        assert s >= last_start  # monotone: the view never reorders the original
        last_start = s
    # Any view span maps to an in-bounds, ordered original span.
    for a in range(0, len(view.text), 3):
        for b in range(a, min(len(view.text), a + 7) + 1):
            s, e = view.to_original(a, b)
            assert 0 <= s <= e <= len(text)
