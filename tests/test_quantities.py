"""The quantities stage: digits, number words, percentages, qualifiers, units, non-quantities."""

from __future__ import annotations

import pytest

from marsad.model import Quantity
from marsad.settings import Settings
from marsad.stages.normalize import normalize
from marsad.stages.quantities import extract_quantities, parse_digits
from marsad.stages.segment import segment


def quantities(text: str, lang) -> tuple[Quantity, ...]:
    norm = normalize(text, lang=lang)
    seg = segment(text, norm, lang=lang)
    out = extract_quantities(text, norm, seg, lang=lang, settings=Settings())
    for q in out:
        assert text[q.start:q.end] == q.text
    return out


def one(text: str, lang) -> Quantity:
    out = quantities(text, lang)
    assert len(out) == 1, out
    return out[0]


# (text, value, unit, qualifier, span text)
CASES = [
    # digits
    ("قتل 3 أشخاص في الهجوم", 3, "person", None, "3 أشخاص"),
    ("قتل ٣ أشخاص في الهجوم", 3, "person", None, "٣ أشخاص"),
    ("وصل 1,000,000 زائر", 1_000_000, "زاير", None, "1,000,000 زائر"),  # outside the table: view form
    ("ارتفع المؤشر إلى 6235 نقطة", 6235, "point", None, "6235 نقطة"),
    ("2000 جندي", 2000, "soldier", None, "2000 جندي"),
    ("منح 388.5 ألف سيارة", 388_500, "car", None, "388.5 ألف سيارة"),
    ("نحو 9,15 مليون يورو", 9_150_000, "euro", "about", "نحو 9,15 مليون يورو"),
    # scale words after digits
    ("رصد 2 مليون دولار", 2_000_000, "US dollar", None, "2 مليون دولار"),
    ("بلغت 1.5 مليار يورو", 1.5e9, "euro", None, "1.5 مليار يورو"),
    ("أنتجت 1107.6 مليون متر مكعب", 1107.6e6, "cubic metre", None, "1107.6 مليون متر مكعب"),
    ("فقدت 125 ألف جندي", 125_000, "soldier", None, "125 ألف جندي"),
    ("استقبلت 3 آلاف خوذة", 3000, "خوذه", None, "3 آلاف خوذة"),
    ("مليون و200 ألف", 1_200_000, None, None, "مليون و200 ألف"),
    # number words
    ("وصل ثلاثة آلاف جندي", 3000, "soldier", None, "ثلاثة آلاف جندي"),
    ("قتل خمسة وعشرين شخصا", 25, "person", None, "خمسة وعشرين شخصا"),
    ("سبعة وسبعون", 77, None, None, "سبعة وسبعون"),
    ("أحد عشر لاعبا", 11, "player", None, "أحد عشر لاعبا"),
    ("اثنا عشر", 12, None, None, "اثنا عشر"),
    ("ثلاثة عشر", 13, None, None, "ثلاثة عشر"),
    ("مئتان", 200, None, None, "مئتان"),
    ("ثلاثمئة", 300, None, None, "ثلاثمئة"),
    ("ثلاثمائة", 300, None, None, "ثلاثمائة"),
    ("ثلاث مئة", 300, None, None, "ثلاث مئة"),
    ("مئة وخمسون ألفا", 150_000, None, None, "مئة وخمسون ألفا"),
    ("ألفين وخمسمئة", 2500, None, None, "ألفين وخمسمئة"),
    ("مليون ونصف", 1_500_000, None, None, "مليون ونصف"),
    ("نصف مليون", 500_000, None, None, "نصف مليون"),
    ("ربع مليون نسمة", 250_000, "person", None, "ربع مليون نسمة"),
    ("استمرت ثماني ساعات", 8, "hour", None, "ثماني ساعات"),
    ("سلمت مصر عشر مروحيات", 10, "helicopter", None, "عشر مروحيات"),
    ("قتل ستة من المسلحين", 6, None, None, "ستة"),
    ("بثلاثة أيام", 3, "day", None, "ثلاثة أيام"),
    # vague plurals
    ("قتل عشرات الآلاف", 10_000, None, "more_than", "عشرات الآلاف"),
    ("تظاهر آلاف المتظاهرين", 1000, "protester", "more_than", "آلاف المتظاهرين"),
    ("نزوح مئات العائلات", 100, "عايلات", "more_than", "مئات العائلات"),
    ("للعشرات من المستوطنين", 10, None, "more_than", "عشرات"),
    # percentages
    ("70 بالمئة", 70, "percent", None, "70 بالمئة"),
    ("70 بالمائة", 70, "percent", None, "70 بالمائة"),
    ("70 في المئة من السكان", 70, "percent", None, "70 في المئة"),
    ("70 في المائة من السكان", 70, "percent", None, "70 في المائة"),
    ("70% من السكان", 70, "percent", None, "70%"),
    ("%70 من السكان", 70, "percent", None, "%70"),
    ("بنسبة 50.4 % من الإجمالي", 50.4, "percent", None, "50.4 %"),
    ("١٢٫٥ بالمئة", 12.5, "percent", None, "١٢٫٥ بالمئة"),
    ("ارتفع 0.1 في المئة", 0.1, "percent", None, "0.1 في المئة"),
    # qualifiers
    ("سيطرت على أكثر من 70 بالمئة من الحدود", 70, "percent", "more_than", "أكثر من 70 بالمئة"),
    ("سيطرت على أكثر من 150 منطقة", 150, "district", "more_than", "أكثر من 150 منطقة"),
    ("ما يزيد على 1,000,000 نسمة", 1_000_000, "person", "more_than", "ما يزيد على 1,000,000 نسمة"),
    ("أزيد من 40 قتيلا", 40, "killed", "more_than", "أزيد من 40 قتيلا"),
    ("اشتباكات لأكثر من ثماني ساعات", 8, "hour", "more_than", "أكثر من ثماني ساعات"),
    ("بأكثر من 50 %", 50, "percent", "more_than", "أكثر من 50 %"),
    ("ما لا يقل عن 20 شخصا", 20, "person", "more_than", "ما لا يقل عن 20 شخصا"),
    ("قتل 40 شخصا على الأقل", 40, "person", "more_than", "40 شخصا على الأقل"),
    ("أقل من 10 دول", 10, "country", "less_than", "أقل من 10 دول"),
    ("ما دون 18 عاما", 18, "year", "less_than", "ما دون 18 عاما"),
    ("نحو 50 قتيلا", 50, "killed", "about", "نحو 50 قتيلا"),
    ("حوالي مئة شخص", 100, "person", "about", "حوالي مئة شخص"),
    ("حوالى الف شخص", 1000, "person", "about", "حوالى الف شخص"),
    ("قرابة 200 مقاتل", 200, "fighter", "about", "قرابة 200 مقاتل"),
    ("ما يقارب 300 مقاتل", 300, "fighter", "about", "ما يقارب 300 مقاتل"),
    ("زهاء ألف مهاجر", 1000, "migrant", "about", "زهاء ألف مهاجر"),
    ("ويبعد قرابة 70 كيلومترا", 70, "kilometre", "about", "قرابة 70 كيلومترا"),
    ("10 أيام تقريبا", 10, "day", "about", "10 أيام تقريبا"),
    ("20 دقيقة بالضبط", 20, "minute", "exactly", "20 دقيقة بالضبط"),
    # counted nouns (English gloss from the table; accusative and plural forms)
    ("قامت 6 دول بالتوقيع", 6, "country", None, "6 دول"),
    ("مساحة 150 كيلومترا مربعا", 150, "square kilometre", None, "150 كيلومترا مربعا"),
    ("على مساحة 9300 متر مربع", 9300, "square metre", None, "9300 متر مربع"),
    ("بناء 886 وحدة استيطانية", 886, "unit", None, "886 وحدة"),
    ("اعتقال 150 شابا", 150, "شاب", None, "150 شابا"),
    ("على بعد 100م من الحدود", 100, None, None, "100"),
]


@pytest.mark.parametrize(("text", "value", "unit", "qualifier", "span"), CASES)
def test_quantity_forms(lang, text, value, unit, qualifier, span) -> None:
    q = one(text, lang)
    assert q.value == pytest.approx(value)
    assert q.unit == unit
    assert q.qualifier == qualifier
    assert q.text == span


NOT_QUANTITIES = [
    "في 22 يوليو 2021",
    "الصادر في 23 أيلول/سبتمبر 2013",
    "وقعت معاهدة في 15أيار/ مايو 1992",
    "في 30 و31 يوليو",
    "يوم 8 ذي القعدة المقبل",
    "في عام 1992",
    "العام 2015",
    "في أواخر 2012",
    "منذ 2011 قتل",
    "2015م",
    "1436هـ",
    "القاعدة العسكرية رقم 201",
    "القاعدة العسكرية 201",
    "القرار 2254",
    "قرار مجلس الأمن رقم 2254",
    "المادة 50 من الدستور",
    "رقم (1004)",
    "الآية: 30",
    "الساعة 10",
    "10:35",
    "11/8/2015",
    "1435/1436",
    "28 - 7 - 1433",
    "01",
    "المركز الـ11",
    "مجموعة 5+1",
    "الرحلة ام اتش17",
    "طائرات إف16",
    "يوم الاثنين",
    "الأحد المقبل",
    "أحد المسؤولين",
    "في آن واحد",
    "لست أدري",
    "كمية من النفايات",
    "الدول الثلاث",
    "القضاء على هذه الآفة",
    "في المئة",
    "ونصف",
    "الخامسة عشرة بوزارة الزراعة",
    "(5ر557)",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_quantities(lang, text) -> None:
    assert quantities(text, lang) == ()


def test_list_markers_are_not_quantities(lang) -> None:
    text = "قرر مجلس الوزراء ما يلي:\n1 - تجديد عضوية اللجنة.\n2 ـ تعيين مدير جديد.\n3) إقرار الميزانية."
    assert quantities(text, lang) == ()


def test_range_gives_both_ends(lang) -> None:
    out = quantities("بين 10 و20 شخصا", lang)
    assert [(q.value, q.unit) for q in out] == [(10, None), (20, "person")]


def test_example_article(lang, example_text) -> None:
    out = quantities(example_text, lang)
    assert [(q.value, q.unit, q.qualifier) for q in out] == [
        (70, "percent", "more_than"),
        (150, "district", "more_than"),
        (6, "country", None),
    ]
    assert [q.text for q in out] == ["أكثر من 70 بالمئة", "أكثر من 150 منطقة", "6 دول"]


@pytest.mark.parametrize(("token", "value"), [
    ("70", 70), ("1,000,000", 1e6), ("1.000.000", 1e6), ("1.5", 1.5), ("1,5", 1.5), ("12,345.5", 12345.5),
    ("0.4", 0.4), ("1,000", 1000), ("007", 7),
])
def test_parse_digits(token, value) -> None:
    assert parse_digits(token) == pytest.approx(value)


@pytest.mark.parametrize("token", ["", "abc", "1.2.3", "9" * 30])
def test_parse_digits_rejects(token) -> None:
    assert parse_digits(token) is None


ODD = ["", " ", "\n", "%", "% %", "و", "وو 5", "5 و", "5" * 40, "1.", ".5", "مليون", "آلاف", "ألف ألف ألف",
       "ونصف ونصف", "عشر عشر عشر", "اثنا", "9" * 16 + " مليار", "أكثر من", "أكثر من %", "(((5)))", "5-5-5-5-5"]


@pytest.mark.parametrize("text", ODD)
def test_odd_input_never_raises(lang, text) -> None:
    for q in quantities(text, lang):
        assert q.value > 0
