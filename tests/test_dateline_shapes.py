"""Dateline shapes of the SaudiNewsNet outlets and the Gulf wires (issue 17): KUNA's day and
month without a year, SPA's date on the line below its credit, «مواس», author-place bylines,
and outlets in running text («لـ(عكاظ)») that are not datelines. The knowledge is the
``datelines`` block of ``ar/news_agencies.json`` and the gazetteer's places."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad import code_article
from marsad.settings import Settings
from marsad.stages.metadata import Metadata, extract_metadata
from marsad.stages.normalize import normalize
from marsad.stages.segment import segment

BODY = "وأوضح المتحدث باسم الوزارة في بيان أن العمل على المشروع سيبدأ مطلع الشهر المقبل في عدة مناطق."


def meta(text: str, lang, header: dict[str, str] | None = None) -> Metadata:
    norm = normalize(text, lang=lang)
    return extract_metadata(text, norm, segment(text, norm, lang=lang), header or {}, lang=lang, settings=Settings())


def dateline_text(text: str, m: Metadata) -> str | None:
    return text[m.dateline[0]:m.dateline[1]] if m.dateline is not None else None


# KUNA: «PLACE - DAY - MONTH (كونا) --»; the year is the one nearest the header's date.
KUNA = [
    ("الكويت - 5 - 8 (كونا) -- أعلنت وزارة الأشغال العامة الكويتية اليوم عن بدء أعمال صيانة الطرق السريعة.",
     "2015-08-06 03:00:00", "2015-08-05", "الكويت - 5 - 8 (كونا)"),
    ("نيويورك - 28 - 7 (كونا) -- دعا الأمين العام للأمم المتحدة اليوم الأطراف اليمنية إلى العودة للمفاوضات.",
     "2015-07-29", "2015-07-28", "نيويورك - 28 - 7 (كونا)"),
    # the year before the header's: a dateline of 31 December read on 2 January
    ("الكويت - 31 - 12 (كونا) -- أصدرت الإدارة العامة للجمارك الكويتية اليوم إحصائية بالشحنات المضبوطة خلال العام.",
     "2016-01-02", "2015-12-31", "الكويت - 31 - 12 (كونا)"),
    # a slash between day and month
    ("القاهرة - 3/8 (كونا) -- بحث وزير الخارجية المصري اليوم مع نظيره الكويتي تطورات الأوضاع في المنطقة.",
     "2015-08-04", "2015-08-03", "القاهرة - 3/8 (كونا)"),
]


@pytest.mark.parametrize(("line", "header_date", "published", "dateline"), KUNA)
def test_kuna_day_month_takes_the_year_of_the_publication_date(lang, line, header_date, published, dateline) -> None:
    text = f"{line}\n{BODY}"
    m = meta(text, lang, {"date_extracted": header_date})
    assert (m.published, m.published_basis) == (published, "dateline")
    assert m.wire is not None and m.wire.name == "Kuwait News Agency"
    assert text[m.wire.start:m.wire.end] == "كونا"
    assert dateline_text(text, m) == dateline


def test_kuna_day_month_without_a_publication_date_stays_undated(lang) -> None:
    text = f"{KUNA[0][0]}\n{BODY}"
    m = meta(text, lang)
    assert m.published is None and m.wire is not None and m.wire.name == "Kuwait News Agency"


@pytest.mark.parametrize("line", [
    # not a day and month: 31 February, month 13
    "الكويت - 31 - 2 (كونا) -- أعلنت وزارة الأشغال العامة الكويتية اليوم عن بدء أعمال صيانة الطرق السريعة.",
    "الكويت - 5 - 13 (كونا) -- أعلنت وزارة الأشغال العامة الكويتية اليوم عن بدء أعمال صيانة الطرق السريعة.",
    # a score in running text, no credit
    "فاز فريق القادسية على منافسه 5 - 8 في المباراة التي أقيمت مساء أمس على ملعب الصداقة والسلام.",
])
def test_numbers_that_are_no_kuna_date(lang, line) -> None:
    m = meta(f"{line}\n{BODY}", lang, {"date_extracted": "2015-08-06"})
    assert (m.published, m.published_basis) == ("2015-08-06", "header")


# SPA: the credit on one line, its date on the next («وكالة الأنباء السعودية تحييكم ...»).
def test_spa_date_on_the_line_below_its_credit(lang) -> None:
    text = ("وكالة الأنباء السعودية تحييكم وتبدأ بثها اليوم\n"
            " الخميس 28 شوال 1436 هـ الموافق 13 اغسطس 2015 م واس\n 06:05 ت م \n")
    m = meta(text, lang, {"source": "was", "date_extracted": "2015-08-14 01:00:00"})
    assert (m.published, m.published_basis) == ("2015-08-13", "dateline")
    assert m.publisher is not None and m.publisher.name == "Saudi Press Agency"
    assert dateline_text(text, m).endswith("2015 م واس")


def test_spa_place_on_the_line_above_its_dated_credit(lang) -> None:
    text = f"جدة\n02 ذو القعدة 1436 هـ الموافق 17 أغسطس 2015 م واس\n{BODY}"
    m = meta(text, lang)
    assert (m.published, m.published_basis) == ("2015-08-17", "dateline")
    assert m.wire is not None and m.wire.name == "Saudi Press Agency"
    assert dateline_text(text, m) == "جدة\n02 ذو القعدة 1436 هـ الموافق 17 أغسطس 2015 م واس"


def test_a_credit_line_is_not_joined_to_another_agencys_date(lang) -> None:
    text = "وكالة الأنباء السعودية تحييكم وتبدأ بثها اليوم\nبيروت 14 آب 2015 (أ ف ب) - أعلن الجيش اللبناني اليوم خطة."
    m = meta(text, lang, {"source": "was"})
    assert m.published is None and dateline_text(text, m) == "وكالة الأنباء السعودية تحييكم وتبدأ بثها اليوم"


# «مواس»: the Gregorian «م» glued to «واس» at the end of a dated SPA line.
def test_mwas_is_spa(lang) -> None:
    text = f"تبوك 02 ذو القعدة 1436 هـ الموافق 17 أغسطس 2015 مواس\n{BODY}"
    m = meta(text, lang)
    assert (m.published, m.published_basis) == ("2015-08-17", "dateline")
    assert m.wire is not None and m.wire.name == "Saudi Press Agency" and m.wire.text == "مواس"


def test_seasons_are_not_spa(lang) -> None:
    text = f"تبدأ مواسم الحصاد في المنطقة الشرقية مطلع الشهر المقبل بحسب وزارة الزراعة\n{BODY}"
    m = meta(text, lang)
    assert m.wire is None and m.dateline is None


# Bylines: an author and a gazetteer place between dashes, on their own line.
BYLINES = [
    ("3alyoum", "سعد الغامدي – الطائف", "سعد الغامدي – الطائف"),
    ("3alyoum", "Next Previous   ماجد العنزي – جدة", "ماجد العنزي – جدة"),
    ("alriyadh", "الدمام - فهد القحطاني", "الدمام - فهد القحطاني"),
    ("alyaum", "نورة السبيعي - الرياض", "نورة السبيعي - الرياض"),
    ("alriyadh", "أبها، تقرير - خالد الأسمري", "أبها، تقرير - خالد الأسمري"),
]


@pytest.mark.parametrize(("source", "line", "dateline"), BYLINES)
def test_author_place_bylines(lang, source, line, dateline) -> None:
    text = f"{line}\n{BODY}"
    m = meta(text, lang, {"source": source, "date_extracted": "2015-08-06"})
    assert dateline_text(text, m) == dateline
    assert m.wire is None and m.publisher is not None and m.publisher.start is None  # the header's outlet
    assert (m.published, m.published_basis) == ("2015-08-06", "header")


@pytest.mark.parametrize("line", [
    "الهلال - النصر",  # two clubs, no place
    "الهلال 2 - 1 الرياض",  # a score
    "الرياض - أعلنت وزارة الداخلية اليوم عن خطة جديدة لتنظيم حركة المرور في العاصمة خلال الصيف",
    "عبدالله بن محمد بن سعد آل سعود الكبير - الرياض",  # five words beside the place
    "سعد – ماجد – فهد – الرياض",  # four pieces
])
def test_lines_that_are_no_byline(lang, line) -> None:
    m = meta(f"{line}\n{BODY}", lang, {"source": "alriyadh"})
    assert m.dateline is None


# An outlet in running text is not a dateline: «لـ(عكاظ)» is "told Okaz".
@pytest.mark.parametrize("line", [
    "كشف لـ(عكاظ) مدير إدارة المرور في المحافظة أن الخطة الجديدة ستطبق مطلع الشهر المقبل.",
    "أكدت لـ (عكاظ) مصادر مطلعة أن الوزارة ستعلن أسماء المقبولين الأسبوع المقبل.",
])
def test_outlet_as_object_is_not_a_dateline(lang, line) -> None:
    m = meta(f"{line}\n{BODY}", lang, {"source": "okaz"})
    assert m.dateline is None
    assert m.publisher is not None and m.publisher.name == "Okaz" and m.publisher.start is None


def test_outlet_credit_is_still_a_dateline(lang) -> None:
    text = f"جدة (عكاظ) - أعلنت أمانة المحافظة اليوم عن طرح مشاريع جديدة لتصريف مياه الأمطار.\n{BODY}"
    m = meta(text, lang, {"source": "okaz"})
    assert dateline_text(text, m) == "جدة (عكاظ)"
    assert m.publisher is not None and m.publisher.text == "عكاظ"


# The entity and event stages: what stands in the dateline is never an actor of an event.
def test_dateline_outlet_and_byline_are_no_actors() -> None:
    text = ("الكويت - 5 - 8 (كونا) -- انتقدت كونا في تقرير لها اليوم تأخر المشاريع الحكومية، "
            "واستقبل وزير الخارجية الكويتي اليوم السفير الأمريكي لدى البلاد.")
    doc = code_article(text, header={"date_extracted": "2015-08-06"})
    assert doc.published == "2015-08-05" and doc.published_basis == "dateline"
    kuna = {e.id for e in doc.entities if e.text == "كونا"}
    assert kuna and all(e.actor is not None and e.actor.role == "MED" for e in doc.entities if e.id in kuna)
    parts = [p for v in doc.events for p in (v.source, v.target) if p is not None]
    assert parts and not any(p.entity in kuna for p in parts)

    text = "سعود المطيري – جدة\nاستقبل سعود المطيري رئيس الغرفة التجارية أمس السفير الفرنسي وبحث معه التعاون."
    doc = code_article(text, header={"source": "3alyoum", "date_extracted": "2015-08-06"})
    byline = {e.id for e in doc.entities if e.end <= len("سعود المطيري – جدة")}
    assert byline  # the author and the place are found ...
    assert doc.events and not any(p.entity in byline for v in doc.events for p in (v.source, v.target) if p)


# Bad input: empty, truncated datelines, odd mixtures of the pieces of a dateline.
TRUNCATED = ["", "\n", "الكويت -", "الكويت - 5 -", "الكويت - 5 - 8", "الكويت - 5 - 8 (", "(كونا) --",
             "- 5 - 8 (كونا)", "وكالة الأنباء السعودية تحييكم وتبدأ بثها اليوم\n", "جدة\n", "أحمد –", "– الباحة",
             "لـ(عكاظ", "مواس", "99 - 99 (كونا)", "0 - 0 (كونا) --"]


@pytest.mark.parametrize("text", TRUNCATED)
def test_truncated_datelines_never_raise(lang, text) -> None:
    for header in ({}, {"date_extracted": "2015-08-06"}, {"source": "3alyoum", "date_extracted": "not a date"}):
        m = meta(text, lang, header)
        if m.dateline is not None:
            assert 0 <= m.dateline[0] < m.dateline[1] <= len(text)
        assert m.published is None or m.published_basis in ("dateline", "header")


PIECES = ["الكويت", "جدة", "الرياض", "(كونا)", "(عكاظ)", "لـ", "واس", "مواس", "سبق", "عين اليوم", "-", "–", "/",
          "--", ":", "(", ")", "\n", " ", "5", "8", "31", "12", "1436", "2015", "هـ", "م", "الموافق", "أغسطس",
          "شوال", "أحمد", "العتيبي", "قال", "Next Previous"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), max_size=20), st.sampled_from(["", "2015-08-06", "2016-01-02"]))
def test_any_mixture_of_dateline_pieces(lang, pieces, header_date) -> None:
    text = " ".join(pieces)
    m = meta(text, lang, {"date_extracted": header_date} if header_date else None)
    if m.dateline is not None:
        assert 0 <= m.dateline[0] < m.dateline[1] <= len(text)
    for named in (m.publisher, m.wire):
        if named is not None and named.start is not None:
            assert text[named.start:named.end] == named.text
    if m.published is not None:
        assert len(m.published) == 10 and m.published_basis in ("dateline", "header")
