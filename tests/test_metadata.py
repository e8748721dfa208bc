"""The metadata stage: datelines (publisher, wire, date), header fields, title."""

from __future__ import annotations

import pytest

from marsad.settings import Settings
from marsad.stages.metadata import Metadata, extract_metadata
from marsad.stages.normalize import normalize
from marsad.stages.segment import segment

TITLE = "عنوان الخبر هنا"
BODY = "وقال المسؤول في بيان إن المحادثات ستستمر خلال الأسبوع المقبل بين الطرفين في العاصمة."


def meta(text: str, lang, header: dict[str, str] | None = None) -> Metadata:
    norm = normalize(text, lang=lang)
    seg = segment(text, norm, lang=lang)
    return extract_metadata(text, norm, seg, header or {}, lang=lang, settings=Settings())


def check_spans(text: str, m: Metadata) -> None:
    for named in (m.publisher, m.wire):
        if named is not None and named.start is not None:
            assert text[named.start:named.end] == named.text
    if m.dateline is not None:
        s, e = m.dateline
        assert 0 <= s < e <= len(text)


# (first body line, expected publisher name, wire name, published, dateline text)
DATELINES = [
    ("(پاکستان پوائنٹ نیوز / سبوتنيك - 22 يوليو 2021ء) أعلن نائب الوزير أن موسكو مستعدة.",
     "Pakistan Point News", "Sputnik", "2021-07-22", "پاکستان پوائنٹ نیوز / سبوتنيك - 22 يوليو 2021ء"),
    ("القاهرة - رويترز - قال مسؤول مصري إن الحكومة ستعلن خطتها الأسبوع المقبل للمواطنين.",
     None, "Reuters", None, "القاهرة - رويترز"),
    ("القاهرة (رويترز) - قال مسؤول مصري إن الحكومة ستعلن خطتها الأسبوع المقبل للمواطنين.",
     None, "Reuters", None, "القاهرة (رويترز)"),
    ("بيروت (أ ف ب) - أعلن الجيش اللبناني اليوم أنه أوقف عددا من المطلوبين في الشمال.",
     None, "Agence France-Presse", None, "بيروت (أ ف ب)"),
    ("باريس (أ.ف.ب) - أعلنت الحكومة الفرنسية اليوم خطة جديدة لدعم المزارعين في البلاد.",
     None, "Agence France-Presse", None, "باريس (أ.ف.ب)"),
    ("برلين (د ب أ) - قالت المستشارة الألمانية إن بلادها ستستقبل مزيدا من اللاجئين هذا العام.",
     None, "Deutsche Presse-Agentur", None, "برلين (د ب أ)"),
    ("الرياض - وكالة الأنباء السعودية (واس): رأس خادم الحرمين الشريفين جلسة مجلس الوزراء اليوم.",
     None, "Saudi Press Agency", None, "الرياض - وكالة الأنباء السعودية (واس)"),
    ("موسكو - سبوتنيك - أعلنت وزارة الدفاع الروسية اليوم عن مناورات عسكرية واسعة في الجنوب.",
     None, "Sputnik", None, "موسكو - سبوتنيك"),
    ("بكين (شينخوا) - أعلنت الصين اليوم الخميس عن خطة جديدة لدعم الاقتصاد الوطني في البلاد.",
     None, "Xinhua", None, "بكين (شينخوا)"),
    ("أنقرة - الأناضول - قال الرئيس التركي اليوم إن العمليات العسكرية ضد المسلحين ستستمر.",
     None, "Anadolu Agency", None, "أنقرة - الأناضول"),
    ("طهران - إرنا - أعلن المتحدث باسم الخارجية الإيرانية اليوم أن المحادثات ستستأنف قريبا.",
     None, "Islamic Republic News Agency", None, "طهران - إرنا"),
    ("الكويت (كونا) - استقبل أمير البلاد اليوم وزير الخارجية الأمريكي في قصر بيان بالعاصمة.",
     None, "Kuwait News Agency", None, "الكويت (كونا)"),
    ("القاهرة (أ ش أ) - أكد وزير الخارجية المصري اليوم دعم بلاده للحل السياسي في ليبيا.",
     None, "Middle East News Agency", None, "القاهرة (أ ش أ)"),
    ("دمشق - سانا - استقبل الرئيس السوري اليوم وفدا برلمانيا روسيا في العاصمة دمشق.",
     None, "Syrian Arab News Agency", None, "دمشق - سانا"),
    ("طرابلس 26 شوال 1436ه لموافق 11 اغسطس 2015م .واس",
     None, "Saudi Press Agency", "2015-08-11", "طرابلس 26 شوال 1436ه لموافق 11 اغسطس 2015م .واس"),
    ("جنيف، 23 أيلول/سبتمبر 2013 (رويترز) - قال مبعوث الأمم المتحدة إن المحادثات ستبدأ غدا.",
     None, "Reuters", "2013-09-23", None),
    ("واشنطن - أ ف ب - قال الرئيس الأمريكي إن بلاده لن تتراجع عن الاتفاق مع إيران أبدا.",
     None, "Agence France-Presse", None, "واشنطن - أ ف ب"),
    ("موسكو، 22 يوليو (سبوتنيك) - قال الكرملين إن الرئيس سيلتقي نظيره التركي الأسبوع المقبل.",
     None, "Sputnik", None, "موسكو، 22 يوليو (سبوتنيك)"),  # no year: no publication date
    ("دبي - العربية.نت: أعلنت السلطات اليوم عن خطة جديدة لتطوير البنية التحتية في الإمارة.",
     "Al Arabiya", None, None, "دبي - العربية.نت"),
    ("الدوحة - الجزيرة نت - قال مسؤول قطري إن المفاوضات مستمرة بين الأطراف المعنية.",
     "Al Jazeera", None, None, "الدوحة - الجزيرة نت"),
    ("أبوظبي - وام: استقبل ولي العهد اليوم وزير الخارجية الأمريكي في قصر الشاطئ.",
     None, "Emirates News Agency", None, "أبوظبي - وام"),
    ("المنامة - بنا - أكد وزير الداخلية أن الأجهزة الأمنية تتابع الوضع عن كثب.",
     None, "Bahrain News Agency", None, "المنامة - بنا"),
    ("لندن - بي بي سي: قال رئيس الوزراء البريطاني إن بلاده ستدعم الحل السياسي في سوريا.",
     "BBC Arabic", None, None, "لندن - بي بي سي"),
    ("طهران/ تسنيم/ 22 يوليو 2021 - أعلن المتحدث باسم الخارجية أن المحادثات مستمرة.",
     None, "Tasnim News Agency", "2021-07-22", "طهران/ تسنيم/ 22 يوليو 2021"),
    ("بغداد/ واع/ أعلنت الحكومة العراقية اليوم عن خطة جديدة لإعادة الإعمار في المحافظات المحررة.",
     None, "Iraqi News Agency", None, "بغداد/ واع"),
    ("اسلام آباد ( اے پی پی) أعلن رئيس الوزراء الباكستاني اليوم خطة جديدة للتنمية في الأقاليم.",
     None, "Associated Press of Pakistan", None, "اسلام آباد ( اے پی پی)"),
]


@pytest.mark.parametrize(("line", "publisher", "wire", "published", "dateline"), DATELINES)
def test_datelines(lang, line, publisher, wire, published, dateline) -> None:
    text = f"{TITLE}\n\n{line}\n\n{BODY}"
    m = meta(text, lang)
    check_spans(text, m)
    assert (m.publisher.name if m.publisher else None) == publisher
    assert (m.wire.name if m.wire else None) == wire
    assert m.published == published
    assert m.published_basis == ("dateline" if published else None)
    if dateline is not None:
        assert m.dateline is not None
        assert text[m.dateline[0]:m.dateline[1]] == dateline
    assert m.title == TITLE


# SaudiNewsNet-style datelines: the header names the outlet (publisher), the dateline may credit a wire.
OUTLET_DATELINES = [
    ("3alyoum", " عين اليوم – أنقرة", "Ain Alyoum", "عين اليوم", None),
    ("3alyoum", " سلوى المدني – عين اليوم", "Ain Alyoum", "عين اليوم", None),
    ("3alyoum", " Next Previous واس - الرياض", "Ain Alyoum", None, "Saudi Press Agency"),
    ("sabq", " سبق- الرياض: وجه وزير الشؤون البلدية والقروية بضرورة تضافر الجهود لخدمة الحجاج.",
     "Sabq", "سبق", None),
    ("sabq", " خالد علي– سبق– جدة: رد وزير الخارجية على أسئلة الصحفيين في المؤتمر الصحفي اليوم.",
     "Sabq", "سبق", None),
    ("sabq", " رويترز- بنغازي: قال مسؤول ليبي إن الاشتباكات تجددت في المدينة صباح اليوم الأحد.",
     "Sabq", None, "Reuters"),
    ("okaz", " أكد وزير الدولة لشؤون مجلس الوزراء الكويتي، أمس، أن خلاف بلاده مع المملكة فني.",
     "Okaz", None, None),
    ("was", " بيروت 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس",
     "Saudi Press Agency", "واس", None),
    ("alyaum", " اليوم - الدمام", "Al Yaum", "اليوم", None),  # opening its dateline: the outlet
]


@pytest.mark.parametrize(("source", "line", "publisher", "publisher_text", "wire"), OUTLET_DATELINES)
def test_outlet_datelines(lang, source, line, publisher, publisher_text, wire) -> None:
    text = f"{TITLE}\n\n{line}\n{BODY}"
    header = {"source": source, "date_extracted": "2015-07-31 15:03:47"}
    m = meta(text, lang, header)
    check_spans(text, m)
    assert m.publisher is not None and m.publisher.name == publisher
    if publisher_text is None:
        assert m.publisher.start is None and m.publisher.text == source
    else:
        assert m.publisher.text == publisher_text and m.publisher.start is not None
    assert (m.wire.name if m.wire else None) == wire
    assert m.published_basis in ("header", "dateline")


def test_header_only(lang) -> None:
    text = f"{TITLE}\n\n{BODY}"
    m = meta(text, lang, {"source": "aawsat", "date_extracted": "2015-07-23 10:00:00", "title": "عنوان آخر"})
    assert m.published == "2015-07-23" and m.published_basis == "header"
    assert m.publisher is not None and m.publisher.name == "Asharq Al-Awsat" and m.publisher.start is None
    assert m.wire is None and m.dateline is None
    assert m.title == "عنوان آخر"  # the header's title wins over the first line


def test_header_date_field_and_url(lang) -> None:
    m = meta(BODY, lang, {"date": "2016-01-05", "url": "https://www.alarabiya.net/ar/news/1.html"})
    assert (m.published, m.published_basis) == ("2016-01-05", "header")
    assert m.publisher is not None and m.publisher.name == "Al Arabiya"
    assert m.title is None  # one line, no blank line after it: not a headline


def test_unknown_header_source_kept_as_written(lang) -> None:
    m = meta(BODY, lang, {"source": "some-blog"})
    assert m.publisher is not None and m.publisher.text == "some-blog" and m.publisher.name is None


def test_given_published_wins(lang, example_text) -> None:
    m = meta(example_text, lang, {"published": "2021-07-23", "date_extracted": "2021-07-30"})
    assert (m.published, m.published_basis) == ("2021-07-23", "given")
    assert m.wire is not None and m.wire.name == "Sputnik"  # the dateline still names the wire


def test_given_published_not_a_date_warns(lang, example_text) -> None:
    m = meta(example_text, lang, {"published": "yesterday"})
    assert (m.published, m.published_basis) == ("2021-07-22", "dateline")
    assert m.warnings and "yesterday" in m.warnings[0]


def test_dateline_beats_header_date(lang, example_text) -> None:
    m = meta(example_text, lang, {"date_extracted": "2021-07-30 08:00:00"})
    assert (m.published, m.published_basis) == ("2021-07-22", "dateline")


def test_example_article(lang, example_text) -> None:
    m = meta(example_text, lang)
    check_spans(example_text, m)
    assert m.title == "نائب وزير الخارجية الروسي: موسكو ستتخذ جميع الإجراءات اللازمة لصد العدوان عن طاجيكستان"
    assert m.publisher is not None and m.publisher.name == "Pakistan Point News"
    assert m.publisher.text == "پاکستان پوائنٹ نیوز"
    assert m.wire is not None and m.wire.name == "Sputnik" and m.wire.text == "سبوتنيك"
    assert (m.published, m.published_basis) == ("2021-07-22", "dateline")
    assert m.dateline is not None
    assert example_text[m.dateline[0]:m.dateline[1]] == "پاکستان پوائنٹ نیوز / سبوتنيك - 22 يوليو 2021ء"


NOT_DATELINES = [
    # A wire named in running text is not a dateline.
    "وقال رودينكو لوكالة سبوتنيك إن روسيا ستتخذ جميع الإجراءات اللازمة لمنع العدوان على البلاد.",
    # "آب" is a month, not AP; "(الجمعة)" is no agency.
    "حددت الإمارات يوم الأول من شهر أغسطس (آب) المقبل موعدا لبدء تحرير أسعار الوقود في البلاد.",
    "نفى الرئيس التركي بقوة اليوم (الجمعة) أن تكون بلاده تدعم تنظيم داعش في سوريا والعراق.",
    # "سبق" as a word, not the outlet.
    "سبق تقول للمسؤول: منذ أعلن عن تطوير الطرق لم يتغير شيء في حياة السكان في المنطقة.",
    # A short sentence with a date is not a dateline.
    "قتل خمسة أشخاص في هجوم يوم 3 يوليو 2015 في المدينة",
    # A parenthesised date inside running text (an op-ed citing a newspaper) is not a dateline,
    # and the slashes of a numeric date separate no dateline pieces.
    "نشرت «المدينة» يوم الأحد الماضي (5/7/2015م) تقريرا عن مشاريع الإسكان في جدة.",
    "كتبت يوم 12/7/2015 مقالا عن الإسكان في جدة.",
    # "اليوم" after words is today, not the outlet اليوم (Asharq Al-Awsat's "اليوم (الاثنين)").
    "قال مسؤولون، اليوم (الثلاثاء) إن المحادثات ستستمر خلال الأسبوع المقبل بين الطرفين.",
    "أعلنت وزارة الخارجية الإيطالية، اليوم (الاثنين)، أن أربعة من مواطنيها خطفوا في ليبيا.",
    "قررت محكمة مصرية، اليوم ، تأجيل محاكمة الرئيس الأسبق إلى الشهر المقبل.",
    "اليوم، وبعد إغلاق ملف التحقيق في فرنسا، فإن كثيرا من الناس لا يثقون بنتائجه.",
]


@pytest.mark.parametrize("line", NOT_DATELINES)
def test_not_datelines(lang, line) -> None:
    text = f"{TITLE}\n\n{line}\n\n{BODY}"
    m = meta(text, lang)
    assert m.wire is None and m.publisher is None and m.published is None and m.dateline is None


ODD_INPUTS = ["", " ", "\n\n\n", "(", ")", "(((", "- - -", "واس", "(واس", "1/2/3", "2021", "\u200f\u200e",
              "abc\n\ndef", "(" * 500 + ")" * 3, "سبق-" * 200, "22 يوليو", "(22 يوليو 9999)", "99/99/2021"]


@pytest.mark.parametrize("text", ODD_INPUTS)
def test_odd_input_never_raises(lang, text) -> None:
    for header in ({}, {"published": "not a date"}, {"date": "2015-02-30"}, {"source": "", "url": "::"}):
        m = meta(text, lang, header)
        check_spans(text, m)
        assert m.published is None or len(m.published) == 10


def test_numeric_hijri_date_is_not_a_gregorian_dateline(lang) -> None:
    from marsad import code_article

    doc = code_article(
        "نشرت «المدينة» يوم 18/9/1436هـ (5/7/2015م) استطلاعًا عن مشروع درب السنة.",
        header={"date_extracted": "2015-07-27 18:49:50"}, lang=lang,
    )
    assert doc.published in ("2015-07-05", "2015-07-27")
    assert not doc.published.startswith("1436")


# One realistic dateline per wire style, dated in the forms the times stage reads (issue 17):
# (first body line, header date or None, wire, publisher, published, dateline text).
WIRE_DATELINES = [
    # Reuters: the date after the credit
    ("القاهرة (رويترز) 3 مارس 2016 - قال مسؤول مصري إن الحكومة ستعلن خطتها الأسبوع المقبل.",
     None, "Reuters", None, "2016-03-03", "القاهرة (رويترز) 3 مارس 2016"),
    # Reuters Arabic: a day and a month pair without a year, the year from the header's date
    ("سان فرانسيسكو 20 يوليو تموز (رويترز) - ظل السؤال الأزلي الذي يستبد بعقول الناس قائما.",
     "2015-07-24 10:00:00", "Reuters", None, "2015-07-20", "سان فرانسيسكو 20 يوليو تموز (رويترز)"),
    # Sputnik
    ("موسكو (سبوتنيك) 22 يوليو 2021 - قال الكرملين إن الرئيس سيلتقي نظيره التركي الأسبوع المقبل.",
     None, "Sputnik", None, "2021-07-22", "موسكو (سبوتنيك) 22 يوليو 2021"),
    ("موسكو، 22 يوليو (سبوتنيك) - قال الكرملين إن الرئيس سيلتقي نظيره التركي الأسبوع المقبل.",
     "2021-07-23", "Sputnik", None, "2021-07-22", "موسكو، 22 يوليو (سبوتنيك)"),
    # AFP: the date before the credit, a Levantine month
    ("بيروت 3 آذار 2016 (أ ف ب) - أعلن الجيش اللبناني أنه أوقف عددا من المطلوبين في الشمال.",
     None, "Agence France-Presse", None, "2016-03-03", "بيروت 3 آذار 2016 (أ ف ب)"),
    # AFP by name, a weekday and a month pair
    ("باريس - فرانس برس - الخميس 22 تموز/يوليو 2021 - أعلنت الحكومة الفرنسية خطة جديدة لدعم المزارعين.",
     None, "Agence France-Presse", None, "2021-07-22", "باريس - فرانس برس - الخميس 22 تموز/يوليو 2021"),
    # AP: a numeric date after the credit
    ("واشنطن (أ ب) 14/7/2015 - قال الرئيس الأمريكي إن الاتفاق مع إيران يمنعها من امتلاك السلاح النووي.",
     None, "Associated Press", None, "2015-07-14", "واشنطن (أ ب) 14/7/2015"),
    ("نيويورك (أسوشيتد برس) 5 أغسطس 2015 - ارتفعت أسعار النفط في التعاملات المبكرة اليوم.",
     None, "Associated Press", None, "2015-08-05", "نيويورك (أسوشيتد برس) 5 أغسطس 2015"),
    # Anadolu: slashes
    ("إسطنبول/ الأناضول/ 5 آب 2016 - قال الرئيس التركي إن العمليات العسكرية ضد المسلحين ستستمر.",
     None, "Anadolu Agency", None, "2016-08-05", "إسطنبول/ الأناضول/ 5 آب 2016"),
    # SPA: Hijri only; the weekday, Hijri and Gregorian with «هـ» and «م»
    ("جدة 15 رمضان 1436 هـ واس", None, "Saudi Press Agency", None, "2015-07-02", "جدة 15 رمضان 1436 هـ واس"),
    ("الثلاثاء 26 شوال 1436 هـ الموافق 11 اغسطس 2015 م واس", None, "Saudi Press Agency", None, "2015-08-11",
     "الثلاثاء 26 شوال 1436 هـ الموافق 11 اغسطس 2015 م واس"),
    ("الرياض 1436/10/25هـ (واس) - رأس خادم الحرمين الشريفين جلسة مجلس الوزراء في قصر السلام بجدة.",
     None, "Saudi Press Agency", None, "2015-08-10", "الرياض 1436/10/25هـ (واس)"),
    # KUNA
    ("الكويت 5 أغسطس 2015 (كونا) - استقبل أمير البلاد اليوم وزير الخارجية الأمريكي في قصر بيان.",
     None, "Kuwait News Agency", None, "2015-08-05", "الكويت 5 أغسطس 2015 (كونا)"),
    # MENA
    ("القاهرة (أ ش أ) 10 أغسطس 2015 - أكد وزير الخارجية المصري دعم بلاده للحل السياسي في ليبيا.",
     None, "Middle East News Agency", None, "2015-08-10", "القاهرة (أ ش أ) 10 أغسطس 2015"),
    # RT (an outlet: the publisher when no header names one); its «اليوم» is no date
    ("موسكو - روسيا اليوم - 22 يوليو 2021: أعلنت وزارة الدفاع الروسية عن مناورات عسكرية في الجنوب.",
     None, None, "RT Arabic", "2021-07-22", "موسكو - روسيا اليوم - 22 يوليو 2021"),
    # Xinhua: its double dash
    ("بكين 22 يوليو 2021 (شينخوا) -- أعلنت الصين عن خطة جديدة لدعم الاقتصاد الوطني في البلاد.",
     None, "Xinhua", None, "2021-07-22", "بكين 22 يوليو 2021 (شينخوا)"),
    # DPA: a month pair with a slash before the credit
    ("برلين 3 كانون الثاني/يناير 2016 (د ب أ) - قالت المستشارة الألمانية إن بلادها ستستقبل مزيدا من اللاجئين.",
     None, "Deutsche Presse-Agentur", None, "2016-01-03", "برلين 3 كانون الثاني/يناير 2016 (د ب أ)"),
]


@pytest.mark.parametrize(("line", "header_date", "wire", "publisher", "published", "dateline"), WIRE_DATELINES)
def test_wire_dateline_dates(lang, line, header_date, wire, publisher, published, dateline) -> None:
    text = f"{TITLE}\n\n{line}\n\n{BODY}"
    m = meta(text, lang, {"date_extracted": header_date} if header_date else None)
    check_spans(text, m)
    assert (m.wire.name if m.wire else None) == wire
    assert (m.publisher.name if m.publisher else None) == publisher
    assert (m.published, m.published_basis) == (published, "dateline")
    assert m.dateline is not None and text[m.dateline[0]:m.dateline[1]] == dateline
    assert m.title == TITLE


# SaudiNewsNet outlets: (source, first body lines, header date, published, wire, dateline text).
OUTLET_DATED = [
    # «عين اليوم – CITY DAY MONTH»: the year from the header's date (the crawl, a day later)
    ("3alyoum", "عين اليوم – روما 6 أغسطس\nتضاءلت الآمال في العثور على ناجين من حادث غرق قارب بالبحر المتوسط.",
     "2015-08-07 01:10:00", "2015-08-06", None, "عين اليوم – روما 6 أغسطس"),
    # a WAS dateline as the first line above a blank line: the dateline, not a headline
    ("was", "الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس\n \n بدأت إدارة التدريب التقني للبنات في استقبال الطلبات.",
     "2015-08-11 02:00:00", "2015-08-10", None, "الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس"),
    # a WAS dateline carried by another outlet: the wire
    ("3alyoum", "إسلام آباد 18 شوال 1436 هـ الموافق 03 اغسطس 2015 م واس\n لقي خمسة مسلحين مصرعهم باشتباكات مع قوات الأمن.",
     "2015-08-04 09:00:00", "2015-08-03", "Saudi Press Agency", "إسلام آباد 18 شوال 1436 هـ الموافق 03 اغسطس 2015 م واس"),
]


@pytest.mark.parametrize(("source", "body", "header_date", "published", "wire", "dateline"), OUTLET_DATED)
def test_outlet_dateline_dates(lang, source, body, header_date, published, wire, dateline) -> None:
    m = meta(body, lang, {"source": source, "date_extracted": header_date, "title": "عنوان من الترويسة"})
    check_spans(body, m)
    assert (m.published, m.published_basis) == (published, "dateline")
    assert (m.wire.name if m.wire else None) == wire
    assert m.dateline is not None and body[m.dateline[0]:m.dateline[1]] == dateline
    assert m.title == "عنوان من الترويسة"


# Dates that are not the dateline's: the header date stays (first body line, header source).
NOT_DATELINE_DATES = [
    # a date in the running text after the credit
    "القاهرة (رويترز) - قال مسؤول مصري إن الاجتماع سيعقد في 3 مارس 2016 بحضور الوزراء.",
    "الرياض - واس - قال مسؤول إن الاجتماع سيعقد يوم 3 مارس 2016 في جدة بحضور الوزراء.",
    "(رويترز) 3 مارس 2016 قال مسؤول مصري إن الحكومة ستعلن خطتها الأسبوع المقبل للمواطنين.",
    # an op-ed's parenthesised date, with and without a newspaper's name before it
    "نشرت «المدينة» يوم الأحد الماضي (5/7/2015م) تقريرا عن مشاريع الإسكان في جدة.",
    "كتب الزميل في «عكاظ» (الخميس 23 يوليو 2015) مقالا عن مشاريع الإسكان في جدة.",
    # a diary's day and month, a plan for tomorrow, a relative day: no credit, no dateline date
    "15 أغسطس: صحا الجو قليلا، فأخذنا القطار جميعا متجهين إلى المحطة.",
    "يغادر – بمشيئة الله تعالى – يوم غد الخميس 14 / 10 / 1436هـ الموافق 30 / 7 / 2015م الأمير إلى المغرب.",
    "وافق مجلس الأمن الدولي، اليوم (الاثنين)، على قرار يصادق على الاتفاق النووي مع إيران.",
    "عقد في 3 مارس 2016: اجتماع لوزراء الخارجية العرب في القاهرة لبحث الأزمة.",
]


@pytest.mark.parametrize("line", NOT_DATELINE_DATES)
def test_dates_that_are_not_the_datelines(lang, line) -> None:
    text = f"{TITLE}\n\n{line}\n\n{BODY}"
    m = meta(text, lang, {"date_extracted": "2015-08-01 12:00:00"})
    assert (m.published, m.published_basis) == ("2015-08-01", "header")
    m = meta(text, lang)
    assert m.published is None
