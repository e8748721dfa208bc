"""The times stage: date expressions of every dialect family, Hijri, relative forms, weekdays,
invalid dates, and the example article's golden values."""

from __future__ import annotations

import pytest

from marsad.settings import Settings
from marsad.stages.metadata import Metadata
from marsad.stages.normalize import normalize
from marsad.stages.segment import segment
from marsad.stages.times import extract_times

PUB = "2015-07-31"  # a Friday


def run(lang, text: str, published: str | None = PUB):
    norm = normalize(text, lang=lang)
    seg = segment(text, norm, lang=lang)
    times = extract_times(text, norm, seg, Metadata(published=published), lang=lang, settings=Settings())
    for t in times:
        assert text[t.start:t.end] == t.text, t
    return times


# (sentence, expected [(span text, value, granularity, relative)])
CASES: list[tuple[str, list[tuple[str, str | None, str | None, bool]]]] = [
    # Egyptian / Gulf
    ("عقد الاجتماع في 12 يناير 2014", [("12 يناير 2014", "2014-01-12", "day", False)]),
    ("صدر في 1 فبراير 2013", [("1 فبراير 2013", "2013-02-01", "day", False)]),
    ("في 5 مارس 2011 بدأت", [("5 مارس 2011", "2011-03-05", "day", False)]),
    ("في 9 أبريل 2003 سقطت", [("9 أبريل 2003", "2003-04-09", "day", False)]),
    ("في 9 ابريل 2003 سقطت", [("9 ابريل 2003", "2003-04-09", "day", False)]),
    ("في 25 مايو 2000", [("25 مايو 2000", "2000-05-25", "day", False)]),
    ("جرت في 14 يونيه 2014", [("14 يونيه 2014", "2014-06-14", "day", False)]),
    ("جرت في 8 يونية 2012", [("8 يونية 2012", "2012-06-08", "day", False)]),
    ("جرت في 30 يونيو 2013", [("30 يونيو 2013", "2013-06-30", "day", False)]),
    ("وقع في 23 يوليه 1952", [("23 يوليه 1952", "1952-07-23", "day", False)]),
    ("في 2 أغسطس 1990 اجتاح", [("2 أغسطس 1990", "1990-08-02", "day", False)]),
    ("في 2 اغسطس 1990 اجتاح", [("2 اغسطس 1990", "1990-08-02", "day", False)]),
    ("في 11 سبتمبر 2001", [("11 سبتمبر 2001", "2001-09-11", "day", False)]),
    ("في 6 أكتوبر 1973", [("6 أكتوبر 1973", "1973-10-06", "day", False)]),
    ("في 4 نوفمبر 2008", [("4 نوفمبر 2008", "2008-11-04", "day", False)]),
    ("في 17 ديسمبر 2010", [("17 ديسمبر 2010", "2010-12-17", "day", False)]),
    # Levantine / Iraqi
    ("وصل الوفد في 3 كانون الثاني 2015 إلى بغداد", [("3 كانون الثاني 2015", "2015-01-03", "day", False)]),
    ("عقد الاجتماع في 12 شباط 2014", [("12 شباط 2014", "2014-02-12", "day", False)]),
    ("في 15 آذار 2011 اندلعت", [("15 آذار 2011", "2011-03-15", "day", False)]),
    ("في 13 نيسان 1975", [("13 نيسان 1975", "1975-04-13", "day", False)]),
    ("في 25 أيار 2000", [("25 أيار 2000", "2000-05-25", "day", False)]),
    ("في 25 ايار 2000", [("25 ايار 2000", "2000-05-25", "day", False)]),
    ("في 5 حزيران 1967", [("5 حزيران 1967", "1967-06-05", "day", False)]),
    ("في 14 تموز 1958", [("14 تموز 1958", "1958-07-14", "day", False)]),
    ("في 20 آب 2014", [("20 آب 2014", "2014-08-20", "day", False)]),
    ("في 1 أيلول 1969", [("1 أيلول 1969", "1969-09-01", "day", False)]),
    ("توفي في 1 تشرين الأول 2010", [("1 تشرين الأول 2010", "2010-10-01", "day", False)]),
    ("وفي 5 تشرين ثاني 2011", [("5 تشرين ثاني 2011", "2011-11-05", "day", False)]),
    ("في 22 تشرين الثاني 1943", [("22 تشرين الثاني 1943", "1943-11-22", "day", False)]),
    ("في 31 كانون الأول 1999", [("31 كانون الأول 1999", "1999-12-31", "day", False)]),
    ("في 9 مايس 2003", [("9 مايس 2003", "2003-05-09", "day", False)]),
    # Maghrebi
    ("أعلن ذلك في 30 جانفي 2016", [("30 جانفي 2016", "2016-01-30", "day", False)]),
    ("في 9 فيفري 2012", [("9 فيفري 2012", "2012-02-09", "day", False)]),
    ("في 2 أفريل 2020", [("2 أفريل 2020", "2020-04-02", "day", False)]),
    ("و3 ماي 2013", [("3 ماي 2013", "2013-05-03", "day", False)]),
    ("صدر في 7 جوان 2019", [("7 جوان 2019", "2019-06-07", "day", False)]),
    ("في 4 جويلية 2017", [("4 جويلية 2017", "2017-07-04", "day", False)]),
    ("و 15 أوت 2018", [("15 أوت 2018", "2018-08-15", "day", False)]),
    ("في 20 غشت 1953", [("20 غشت 1953", "1953-08-20", "day", False)]),
    ("في 30 يوليوز 2019", [("30 يوليوز 2019", "2019-07-30", "day", False)]),
    # slash pairs, parentheses, glued digits, Arabic-Indic digits, harakat
    ("الصادر في 23 أيلول/سبتمبر 2013 بشأن", [("23 أيلول/سبتمبر 2013", "2013-09-23", "day", False)]),
    ("وقعت في 15أيار/ مايو 1992.", [("15أيار/ مايو 1992", "1992-05-15", "day", False)]),
    ("في 10 سبتمبر/أيلول 2014", [("10 سبتمبر/أيلول 2014", "2014-09-10", "day", False)]),
    ("في 10 أيلول (سبتمبر) 2014", [("10 أيلول (سبتمبر) 2014", "2014-09-10", "day", False)]),
    ("في ٢٣ يوليو ٢٠١٥", [("٢٣ يوليو ٢٠١٥", "2015-07-23", "day", False)]),
    ("في 3 أَيّار 2010", [("3 أَيّار 2010", "2010-05-03", "day", False)]),
    # month-year, day-month
    ("في يوليو 2021 بدأ", [("يوليو 2021", "2021-07", "month", False)]),
    ("في حزيران 2014 سيطر", [("حزيران 2014", "2014-06", "month", False)]),
    ("في أغسطس من عام 2020", [("أغسطس من عام 2020", "2020-08", "month", False)]),
    ("وصل في 15 يوليو", [("15 يوليو", "2015-07-15", "day", True)]),
    ("وصل في 22 ديسمبر", [("22 ديسمبر", "2015-12-22", "day", True)]),
    ("يصل في 2 أغسطس", [("2 أغسطس", "2015-08-02", "day", True)]),
    ("وصل في 15 يوليو الماضي", [("15 يوليو الماضي", "2015-07-15", "day", True)]),
    ("يغادر في 3 أغسطس المقبل", [("3 أغسطس المقبل", "2015-08-03", "day", True)]),
    ("في مارس الماضي", [("مارس الماضي", "2015-03", "month", True)]),
    ("في أغسطس المقبل", [("أغسطس المقبل", "2015-08", "month", True)]),
    ("في شهر ديسمبر", [("ديسمبر", "2015-12", "month", True)]),
    ("في مارس آذار وابريل نيسان", [("مارس آذار", "2015-03", "month", True)]),
    ("حتى منتصف أغسطس", [("أغسطس", "2015-08", "month", True)]),
    ("الذي مارس المنصب", []),
    # ordinal days, "الـ8 من"
    ("في السابع من كانون الأول/ديسمبر 1941 اتخذت", [("السابع من كانون الأول/ديسمبر 1941", "1941-12-07", "day", False)]),
    ("في الحادي والعشرين من مارس 2003", [("الحادي والعشرين من مارس 2003", "2003-03-21", "day", False)]),
    ("قتل في الـ8 من يوليو الجاري", [("الـ8 من يوليو الجاري", "2015-07-08", "day", True)]),
    ("الموافق التاسع من يوليو 2015", [("التاسع من يوليو 2015", "2015-07-09", "day", False)]),
    # numeric
    ("في 22/7/2021 وفي 2021-07-22", [("22/7/2021", "2021-07-22", "day", False),
                                     ("2021-07-22", "2021-07-22", "day", False)]),
    ("في مؤتمر صحفي يوم الخميس 26-3-2015م أن", [("يوم الخميس 26-3-2015م", "2015-03-26", "day", False)]),
    ("بتاريخ 5.3.2014", [("5.3.2014", "2014-03-05", "day", False)]),
    # Hijri
    ("في 15 رمضان 1436 هـ وقع الحادث", [("15 رمضان 1436 هـ", "2015-07-02", "day", False)]),
    ("في 1 محرم 1437هـ", [("1 محرم 1437هـ", "2015-10-14", "day", False)]),
    ("في 10 ذي الحجة 1436 هـ", [("10 ذي الحجة 1436 هـ", "2015-09-23", "day", False)]),
    ("في 12 ربيع الأول 1437 هـ", [("12 ربيع الأول 1437 هـ", "2015-12-23", "day", False)]),
    ("في شهر شعبان 1436هـ وقعت", [("شعبان 1436هـ", "2015-06", "month", False)]),
    ("الموافق 1436/9/15هـ", [("1436/9/15هـ", "2015-07-02", "day", False)]),
    ("عام 1436 هـ", [("عام 1436 هـ", "2015", "year", False)]),
    ("في رمضان 2015", [("رمضان 2015", "2015-07", "month", False)]),
    # years
    ("في عام 1992 تأسست", [("عام 1992", "1992", "year", False)]),
    ("في عام 2012", [("عام 2012", "2012", "year", False)]),
    ("وسنة 2015 ولعام 1999 و العام 2010", [("سنة 2015", "2015", "year", False),
                                        ("عام 1999", "1999", "year", False),
                                        ("العام 2010", "2010", "year", False)]),
    ("قرية أسدود سنة (1935) م.", [("سنة (1935) م", "1935", "year", False)]),
    ("في سوريا عام (1976).", [("عام (1976)", "1976", "year", False)]),
    ("قبل حرب 1948 (النكبة)", [("1948", "1948", "year", False)]),
    ("مدينة يافا (1948).", [("1948", "1948", "year", False)]),
    ("في تموز (1970) وصل", [("تموز (1970)", "1970-07", "month", False)]),
    ("قرار رقم (1948) ووصل (2000 جندي)", []),
    ("(سبوتنيك - 2021ء)", [("2021ء", "2021", "year", False)]),
    ("تأسست 1945م في", [("1945م", "1945", "year", False)]),
    ("منذ 2011 وخلال عامي 2012 و2013", [("2011", "2011", "year", False),
                                       ("عامي 2012", "2012", "year", False),
                                       ("2013", "2013", "year", False)]),
    ("في أواخر 2012 عندما", [("2012", "2012", "year", False)]),
    ("تأسست في 1992. وفي نفس العام انضمت", [("1992", "1992", "year", False),
                                           ("نفس العام", "1992", "year", False)]),
    ("انتخب عام 2014، وفي العام نفسه استقال", [("عام 2014", "2014", "year", False),
                                             ("العام نفسه", "2014", "year", False)]),
    ("في 3 مارس 2009، وفي ذات العام", [("3 مارس 2009", "2009-03-03", "day", False),
                                      ("ذات العام", "2009", "year", False)]),
    ("وفي نفس العام انضمت", [("نفس العام", None, "year", False)]),
    # relative days and periods (published Friday 2015-07-31)
    ("أعلن اليوم الجمعة أن", [("اليوم الجمعة", "2015-07-31", "day", True)]),
    ("أعلن اليوم أن", [("اليوم", "2015-07-31", "day", True)]),
    ("قال أمس إن", [("أمس", "2015-07-30", "day", True)]),
    ("وقال يوم أمس إن", [("يوم أمس", "2015-07-30", "day", True)]),
    ("أعلن أمس الخميس أن", [("أمس الخميس", "2015-07-30", "day", True)]),
    ("قال أول من أمس", [("أول من أمس", "2015-07-29", "day", True)]),
    ("قال أول أمس", [("أول أمس", "2015-07-29", "day", True)]),
    ("وسيصل غدا إلى", [("غدا", "2015-08-01", "day", True)]),
    ("وسيصل غداً السبت", [("غداً السبت", "2015-08-01", "day", True)]),
    ("يصل بعد غد", [("بعد غد", "2015-08-02", "day", True)]),
    ("الأسبوع الماضي", [("الأسبوع الماضي", None, None, True)]),
    ("الأسبوع المقبل", [("الأسبوع المقبل", None, None, True)]),
    ("والشهر الماضي", [("الشهر الماضي", "2015-06", "month", True)]),
    ("الشهر المقبل", [("الشهر المقبل", "2015-08", "month", True)]),
    ("الشهر الجاري", [("الشهر الجاري", "2015-07", "month", True)]),
    ("العام الماضي", [("العام الماضي", "2014", "year", True)]),
    ("السنة المقبلة", [("السنة المقبلة", "2016", "year", True)]),
    ("وهذا العام", [("هذا العام", "2015", "year", True)]),
    ("العام الجاري", [("العام الجاري", "2015", "year", True)]),
    # weekdays
    ("اجتمع الثلاثاء مع الوفد", [("الثلاثاء", "2015-07-28", "day", True)]),
    ("ويوم الأحد", [("يوم الأحد", "2015-07-26", "day", True)]),
    ("وصل الجمعة", [("الجمعة", "2015-07-31", "day", True)]),
    ("الجمعة الماضية", [("الجمعة الماضية", "2015-07-24", "day", True)]),
    ("الاثنين المقبل", [("الاثنين المقبل", "2015-08-03", "day", True)]),
    ("والسبت القادم", [("السبت القادم", "2015-08-01", "day", True)]),
    ("مساء الإثنين", [("الإثنين", "2015-07-27", "day", True)]),
    ("يوم الخميس 30 يوليو 2015 عقد", [("يوم الخميس 30 يوليو 2015", "2015-07-30", "day", False)]),
    # invalid dates and numbers that are not years
    ("في 31 فبراير 2015", [("31 فبراير 2015", None, "day", False)]),
    ("في 29 فبراير 2015", [("29 فبراير 2015", None, "day", False)]),
    ("في 29 فبراير 2016", [("29 فبراير 2016", "2016-02-29", "day", False)]),
    ("في 31 نيسان 2014", [("31 نيسان 2014", None, "day", False)]),
    ("في 30 رمضان 1436 هـ", [("30 رمضان 1436 هـ", None, "day", False)]),
    ("القاعدة رقم 201 وأكثر من 70 بالمئة و 2000 جندي", []),
    ("في 1500 منزل", []),
    ("في 32 يوليو", []),
    ("اليوم الوطني واليوم العالمي للمرأة", []),
    ("بين الاثنين علاقة", []),
    ("باب المندب", []),
    ("وقال كيري غداة لقائه", []),
    ("نقلت قناة روسيا اليوم وموقع عين اليوم", []),
    ("قال منسق فريق 14 آذار وقصر 22 مايو بعد أحداث 11 سبتمبر", []),
    ("يكون لكل شاطئ (100م) حرما", []),
    ("حكم بين عامي 1320 قبل الميلاد", [("عامي 1320 قبل الميلاد", None, "year", False)]),
    # side-by-side month pairs and spaced numeric dates
    ("في 14 يوليو تموز 2015", [("14 يوليو تموز 2015", "2015-07-14", "day", False)]),
    ("يوم الخميس (6 أغسطس اب) يفتتح", [("يوم الخميس (6 أغسطس اب)", "2015-08-06", "day", True)]),
    ("وتاريخ 28 / 7 / 1433هـ", [("28 / 7 / 1433هـ", "2012-06-18", "day", False)]),
    ("خلال شهري يونيو حزيران", [("يونيو حزيران", "2015-06", "month", True)]),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_date_forms(lang, sentence: str, expected) -> None:
    got = [(t.text, t.value, t.granularity, t.relative) for t in run(lang, sentence)]
    assert got == expected


def test_calendar_and_rule(lang) -> None:
    (hijri,) = run(lang, "في 15 رمضان 1436 هـ")
    assert hijri.calendar == "hijri" and hijri.rule == "hijri_dmy"
    (greg,) = run(lang, "في 23 أيلول/سبتمبر 2013")
    assert greg.calendar == "gregorian" and greg.rule == "dmy"
    (bad,) = run(lang, "في 31 فبراير 2015")
    assert bad.rule == "dmy:invalid"


@pytest.mark.parametrize("sentence", ["أعلن اليوم أن", "قال أمس", "الثلاثاء", "الشهر الماضي", "15 يوليو",
                                      "في مارس الماضي", "اليوم الخميس"])
def test_relative_without_publication_date(lang, sentence: str) -> None:
    (item,) = run(lang, sentence, published=None)
    assert item.value is None and item.relative


def test_absolute_without_publication_date(lang) -> None:
    (item,) = run(lang, "في 23 أيلول/سبتمبر 2013", published=None)
    assert item.value == "2013-09-23"


def test_closest_year_across_new_year(lang) -> None:
    (item,) = run(lang, "وصل في 30 ديسمبر", published="2016-01-03")
    assert item.value == "2015-12-30"
    (item,) = run(lang, "يصل في 2 يناير", published="2015-12-28")
    assert item.value == "2016-01-02"


def test_today_with_weekday_of_another_day(lang) -> None:
    # Published on Friday but written on Thursday: the weekday wins, on or before.
    (item,) = run(lang, "أعلن اليوم الخميس", published="2015-07-31")
    assert item.value == "2015-07-30"


def test_example_article_golden(lang, example_text: str) -> None:
    times = run(lang, example_text, published="2021-07-22")
    values = [(t.text, t.value) for t in times]
    assert ("22 يوليو 2021ء", "2021-07-22") in values
    assert ("اليوم الخميس", "2021-07-22") in values
    assert ("23 أيلول/سبتمبر 2013", "2013-09-23") in values
    assert ("15أيار/ مايو 1992", "1992-05-15") in values
    assert ("نفس العام", "1992") in values
    # "201" (a base number) and "70" (a percentage) are not years
    assert all(t.value is not None for t in times)
    assert len(times) == 5


def test_pipeline_end_to_end(example_text: str) -> None:
    from marsad.pipeline import code_article

    doc = code_article(example_text, published="2021-07-22")
    values = {t.value for t in doc.times}
    assert {"2021-07-22", "2013-09-23", "1992-05-15", "1992"} <= values
    for t in doc.times:
        assert doc.text[t.start:t.end] == t.text


def test_publisher_span_is_not_a_date(lang) -> None:
    from marsad.model import Named

    text = "الغد اليوم – عمّان\nأعلن الوزير اليوم أن"
    norm = normalize(text, lang=lang)
    seg = segment(text, norm, lang=lang)
    meta = Metadata(published=PUB, publisher=Named(text="الغد اليوم", start=0, end=10))
    times = extract_times(text, norm, seg, meta, lang=lang, settings=Settings())
    assert [(t.text, t.start) for t in times] == [("اليوم", text.rindex("اليوم"))]


def test_every_span_maps_back_on_glued_and_decorated_text(lang) -> None:
    text = "وقعت في ١٥أيار/ مايو ١٩٩٢م، ثم في 3 رَمَضَان 1436هـ وفي العامِ نفسه"
    times = run(lang, text)
    assert [t.value for t in times] == ["1992-05-15", "2015-06-20", "2015"]


@pytest.mark.parametrize("text", ["", "   \n ", "2021", "هـ", "/ / /", "31", "1436/13/40هـ", "0/0/0000",
                                  "99/99/9999", "يوليو", "عام", "في 5 رمضان", "في 15 ربيع الأول 9999 هـ",
                                  "في 1 محرم 1300 هـ"])
def test_odd_inputs_do_not_fail(lang, text: str) -> None:
    for item in run(lang, text):
        assert item.value is None or item.value[:1].isdigit()
