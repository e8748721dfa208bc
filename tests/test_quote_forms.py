"""Quote forms and speakers of Arabic news conventions (issue 16, items 2 and 3): each rule on an
invented news-like sentence, with hand-made entities so the NER model does not decide the case."""

from __future__ import annotations

import pytest

from marsad.model import Entity
from marsad.settings import Settings
from marsad.stages.normalize import normalize
from marsad.stages.quotes import extract_quotes
from marsad.stages.segment import segment

from .hand_entities import hand_entities

# name -> (type, actor code, country)
KNOWN = {
    "سامي الخطيب": ("PER", None, None),
    "الخطيب": ("PER", None, None),
    "منى العلي": ("PER", None, None),
    "وزارة الصحة": ("ORG", "SAUGOV", "SAU"),
    "الحكومة الأردنية": ("ORG", "JORGOV", "JOR"),
    "وكالة رويترز": ("ORG", "GBRMED", "GBR"),
    "حركة طالبان": ("ORG", "AFGREB", "AFG"),
    "الأمم المتحدة": ("ORG", "IGOUNO", None),
    "البيت الأبيض": ("ORG", "USAGOV", "USA"),
    "عمان": ("LOC", "JOR", "JOR"),
    "الغد": ("ORG", None, "JOR"),
    "الباحث الفلكي": ("PER", None, None),
    "للمؤسسة العامة للتدريب": ("ORG", None, None),
    "الفرنسي": ("MISC", "FRA", "FRA"),
    "الأردني": ("MISC", "JOR", "JOR"),
}


def entities_of(text: str) -> tuple[Entity, ...]:
    return hand_entities(text, KNOWN)


def quotes_of(text: str, lang) -> list[tuple[str, str | None, str]]:
    norm = normalize(text, lang=lang)
    seg = segment(text, norm, lang=lang)
    ents = entities_of(text)
    by_id = {e.id: e for e in ents}
    quotes = extract_quotes(text, norm, seg, ents, lang=lang, settings=Settings())
    for q in quotes:
        assert text[q.start:q.end] == q.text
    return [(q.kind, by_id[q.speaker].text if q.speaker in by_id else None, q.text) for q in quotes]


CASES = [
    # a complementizer carrying a pronoun (إنه، أنها، بأنهم) opens the reported clause
    ("وقال سامي الخطيب إنه سيعود إلى بلاده الشهر المقبل.",
     [("indirect", "سامي الخطيب", "سيعود إلى بلاده الشهر المقبل")]),
    ("وأكدت وزارة الصحة أنها لم تسجل أي إصابة جديدة.",
     [("indirect", "وزارة الصحة", "لم تسجل أي إصابة جديدة")]),
    # reported speech ends where the next cue opens its own (a participle, a joined verb)
    ("وقال سامي الخطيب إن المحادثات كانت صريحة، مشيرا إلى أن الجولة المقبلة ستعقد في عمان.",
     [("indirect", "سامي الخطيب", "المحادثات كانت صريحة"),
      ("indirect", "سامي الخطيب", "الجولة المقبلة ستعقد في عمان")]),
    ("قالت منى العلي إن الحصار خانق،وأدانت قصف المستشفى الوحيد في المدينة.",
     [("indirect", "منى العلي", "الحصار خانق"), ("indirect", "منى العلي", "قصف المستشفى الوحيد في المدينة")]),
    # a noun object of a cue whose object is what was said (أكد، أعرب عن، دعا إلى، طالب بـ)
    ("وأكد سامي الخطيب خلال المؤتمر استمرار الدعم المقدم للاجئين.",
     [("indirect", "سامي الخطيب", "خلال المؤتمر استمرار الدعم المقدم للاجئين")]),
    ("وأعربت الحكومة الأردنية عن قلقها البالغ من تدهور الأوضاع.",
     [("indirect", "الحكومة الأردنية", "قلقها البالغ من تدهور الأوضاع")]),
    ("ودعت الأمم المتحدة إلى وقف فوري لإطلاق النار.",
     [("indirect", "الأمم المتحدة", "وقف فوري لإطلاق النار")]),
    # the span starts after a glued preposition (guidelines: from after the glued بـ/لـ)
    ("وطالب الخطيب بضرورة فتح المعابر أمام المساعدات.",
     [("indirect", "الخطيب", "ضرورة فتح المعابر أمام المساعدات")]),
    # a participle without a subject: its content follows it, or its preposition
    ("وقال سامي الخطيب إن الوضع هادئ، مؤكدا عودة الحركة إلى طبيعتها.",
     [("indirect", "سامي الخطيب", "الوضع هادئ"), ("indirect", "سامي الخطيب", "عودة الحركة إلى طبيعتها")]),
    ("وقالت وزارة الصحة إن المستشفيات جاهزة، مشددة على ضرورة الالتزام بالتعليمات.",
     [("indirect", "وزارة الصحة", "المستشفيات جاهزة"),
      ("indirect", "وزارة الصحة", "ضرورة الالتزام بالتعليمات")]),
    # a complementizer soon after a noun object opens the speech ("أكد على موقعه أن")
    ("وأكدت حركة طالبان على موقعها الإلكتروني أن زعيمها بصحة جيدة.",
     [("indirect", "حركة طالبان", "زعيمها بصحة جيدة")]),
    # curly braces are quotation marks («وقالت إنها {…}»)
    ("وقالت منى العلي إنها {لن تتراجع عن قرارها مهما كانت الضغوط}.",
     [("direct", "منى العلي", "لن تتراجع عن قرارها مهما كانت الضغوط")]),
    # a colon, a complementizer, then marks: the marked words are the quote
    ("قال سامي الخطيب: إن «الحدود ستبقى مفتوحة أمام الجميع».",
     [("direct", "سامي الخطيب", "الحدود ستبقى مفتوحة أمام الجميع")]),
    # a quoted name before the speech colon is skipped whole (its closing mark, then the colon)
    ('قال "الخطيب": الحدود ستبقى مفتوحة أمام الجميع.',
     [("direct", "الخطيب", "الحدود ستبقى مفتوحة أمام الجميع")]),
    # a broken mark: opened after a speech colon and never closed in its paragraph
    ('قال سامي الخطيب: "لن نقبل بأي تسوية لا تضمن حقوقنا كاملة.\nوفي شأن آخر، افتتح الوزير المعرض.',
     [("direct", "سامي الخطيب", "لن نقبل بأي تسوية لا تضمن حقوقنا كاملة.")]),
    # a non-breaking space between spaces ends a paragraph of a scraped page: marks pair within it
    ('قال سامي الخطيب: "لن نقبل بأي تسوية. \u00a0 وقالت منى العلي "إن الحوار مستمر".',
     [("direct", "سامي الخطيب", "لن نقبل بأي تسوية."), ("direct", "منى العلي", "إن الحوار مستمر")]),
    # a cue with its own complementizer inside a reported clause starts a quote of its own;
    # one in a relative clause (الأمر الذي يؤكد أن) is part of what was said
    ("وقال سامي الخطيب إن الأسعار مستقرة لكن منى العلي قالت إن الأسعار سترتفع.",
     [("indirect", "سامي الخطيب", "الأسعار مستقرة"),
      ("indirect", "منى العلي", "الأسعار سترتفع")]),
    ("وقال سامي الخطيب إن الصادرات زادت، الأمر الذي يؤكد أن الخطة نجحت.",
     [("indirect", "سامي الخطيب", "الصادرات زادت، الأمر الذي يؤكد أن الخطة نجحت")]),
    # accusations and welcomes: the content after the glued بـ; a participle's noun object
    ("واتهمت الحكومة الأردنية حركة طالبان بتهريب السلاح عبر الحدود.",
     [("indirect", "الحكومة الأردنية", "تهريب السلاح عبر الحدود")]),
    ("ورحبت الأمم المتحدة بالاتفاق الموقع بين الطرفين.",
     [("indirect", "الأمم المتحدة", "الاتفاق الموقع بين الطرفين")]),
    ("وقال سامي الخطيب إن المحادثات انتهت، معتبرا الاتفاق خطوة مهمة نحو السلام.",
     [("indirect", "سامي الخطيب", "المحادثات انتهت"),
      ("indirect", "سامي الخطيب", "الاتفاق خطوة مهمة نحو السلام")]),
    # a headline: a line opening with a name and a colon is that speaker's statement
    ("الأمم المتحدة: الوضع الإنساني في المدينة كارثي\nوصل وفد المنظمة إلى المدينة أمس.",
     [("direct", "الأمم المتحدة", "الوضع الإنساني في المدينة كارثي")]),
    # the writer's background (يذكر أن) is no reported speech
    ("ويذكر أن المهلة الممنوحة للبرلمان تنتهي الشهر المقبل.", []),
    # an appeal (أهاب بـ، ناشد) is a statement (the span keeps who is appealed to)
    ("وأهابت وزارة الصحة بالمواطنين إلى ضرورة تلقي اللقاح.",
     [("indirect", "وزارة الصحة", "المواطنين إلى ضرورة تلقي اللقاح")]),
    # a statement named without its content is no speech
    ("وكشف سامي الخطيب السبب.", []),
    # بين is a cue only before أن ("وبين أن"): "بين X و Y" is "between"
    ("وبين سامي الخطيب أن الأسعار سترتفع.", [("indirect", "سامي الخطيب", "الأسعار سترتفع")]),
    ("وجرى اللقاء بين سامي الخطيب ومنى العلي في عمان.", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_quote_forms(text, expected, lang):
    assert quotes_of(text, lang) == expected


SPEAKERS = [
    # the medium that carried the words is not the speaker (لصحيفة الغد، لوكالة …)
    ("وقال لصحيفة الغد سامي الخطيب إن الحكومة ستعلن خطتها قريبا.",
     [("indirect", "سامي الخطيب", "الحكومة ستعلن خطتها قريبا")]),
    # relayed speech: نقل X عن Y قوله — Y speaks, X relays
    ("ونقلت وكالة رويترز عن سامي الخطيب قوله إن المفاوضات فشلت.",
     [("indirect", "سامي الخطيب", "المفاوضات فشلت")]),
    # a fronted prepositional phrase before a subjectless cue keeps the current speaker
    ("قال سامي الخطيب إن الوضع هادئ.\nوفي السياق ذاته أكد أن الحدود مفتوحة.",
     [("indirect", "سامي الخطيب", "الوضع هادئ"), ("indirect", "سامي الخطيب", "الحدود مفتوحة")]),
    # a role phrase, an apposition, then the name: the name speaks
    ('وقال الباحث الفلكي، بجامعة الملك سعود، سامي الخطيب: "الشهب تبلغ ذروتها الليلة".',
     [("direct", "سامي الخطيب", "الشهب تبلغ ذروتها الليلة")]),
    # a name after the cue's preposition is part of what was said, not a speaker
    ("وقال سامي الخطيب إن الاتفاق يتيح حوارا أوسع في قضايا أخرى مشيرا إلى عمان على سبيل المثال.",
     [("indirect", "سامي الخطيب", "الاتفاق يتيح حوارا أوسع في قضايا أخرى"),
      ("indirect", "سامي الخطيب", "عمان على سبيل المثال")]),
    # an honorific pronoun (سموه، معاليه) and a statement (البيان) speak for the current speaker
    ("قال سامي الخطيب إن الأمن مستتب.\nوأضاف سموه أن الدولة لن تتهاون.",
     [("indirect", "سامي الخطيب", "الأمن مستتب"), ("indirect", "سامي الخطيب", "الدولة لن تتهاون")]),
    ("وقالت وزارة الصحة إن الحالات تراجعت.\nوذكر البيان أن المستشفيات جاهزة.",
     [("indirect", "وزارة الصحة", "الحالات تراجعت"), ("indirect", "وزارة الصحة", "المستشفيات جاهزة")]),
    # a name glued to لـ and the article (للمؤسسة) is said to, not a speaker
    ("قال سامي الخطيب إن المعاهد تحتاج إلى دعم.\nوفي رسالة للمؤسسة العامة للتدريب، قال إن التراخيص تتأخر.",
     [("indirect", "سامي الخطيب", "المعاهد تحتاج إلى دعم"), ("indirect", "سامي الخطيب", "التراخيص تتأخر")]),
    # words after the subject of قال are no object: read on to إن ("يوم أمس", a name's words)
    ("قال وزير الخارجية سامي الخطيب يوم أمس إن بلاده ستواصل دعم الحل السياسي.",
     [("indirect", "سامي الخطيب", "بلاده ستواصل دعم الحل السياسي")]),
    ("وقالت وزارة الصحة العامة أمس الخميس إن الحملة ستستمر شهرا.",
     [("indirect", "وزارة الصحة", "الحملة ستستمر شهرا")]),
    # a name spoken to after مخاطبا is not the speaker
    ('قال سامي الخطيب إن الحوار ممكن.\nوأضاف مخاطبا رئيس الحكومة منى العلي «لن نتراجع عن مطالبنا».',
     [("indirect", "سامي الخطيب", "الحوار ممكن"), ("direct", "سامي الخطيب", "لن نتراجع عن مطالبنا")]),
    # a name inside what was reported is not the subject of the next cue of the sentence
    ("قال مسؤول إن قوات الأمم المتحدة انسحبت من المدينة، وأوضح أن الانسحاب مؤقت.",
     [("indirect", None, "قوات الأمم المتحدة انسحبت من المدينة"), ("indirect", None, "الانسحاب مؤقت")]),
    # a place far before a cue is where things happened, not its speaker
    ("وفي ندوة أقيمت في عمان مساء أمس، ذكر فيها أن الصحف الإلكترونية تحتاج إلى تنظيم.",
     [("indirect", None, "الصحف الإلكترونية تحتاج إلى تنظيم")]),
    # after an unnamed subject, a name following the cue's preposition is content
    ("وأشار الوزير إلى حاجة عمان إلى محطات جديدة للطاقة.",
     [("indirect", None, "حاجة عمان إلى محطات جديدة للطاقة")]),
    # relayed speech: a named subject and its own cue inside the clause: the words are hers
    ("وأضاف سامي الخطيب أن منى العلي أكدت في اللقاء على أهمية الحوار الوطني.",
     [("indirect", "منى العلي", "أهمية الحوار الوطني")]),
    # an idiom's object (كشف النقاب عن) is no unnamed subject: the speaker carries on
    ("قال سامي الخطيب إن اللجنة اجتمعت.\nوكشف النقاب عن خطة جديدة لتطوير المعاهد.",
     [("indirect", "سامي الخطيب", "اللجنة اجتمعت"), ("indirect", "سامي الخطيب", "خطة جديدة لتطوير المعاهد")]),
    # an unnamed source with the country the text gives: the nisba's entity (its actor) speaks;
    # a name after the title still wins
    ("وقال مصدر عسكري الفرنسي إن طائرة أقلعت من القاعدة.",
     [("indirect", "الفرنسي", "طائرة أقلعت من القاعدة")]),
    ("وقال وزير الخارجية الأردني سامي الخطيب يوم أمس إن المعبر سيفتح.",
     [("indirect", "سامي الخطيب", "المعبر سيفتح")]),
    # an unnamed official of a body: the body the text gives
    ("وقال مسؤول في وزارة الصحة إن اللقاحات وصلت.", [("indirect", "وزارة الصحة", "اللقاحات وصلت")]),
    # a statement or report "speaks" for the body that issued it
    ("وقال بيان وزارة الصحة إن الحملة ستستمر.", [("indirect", "وزارة الصحة", "الحملة ستستمر")]),
    ("وأوضح تقرير الأمم المتحدة أن المساعدات لم تصل.", [("indirect", "الأمم المتحدة", "المساعدات لم تصل")]),
    # يبلغ (reaches an age) is not أبلغ (informed)
    ("ويبلغ سامي الخطيب من العمر 40 عاما، وقال إن الرحلة كانت شاقة.",
     [("indirect", "سامي الخطيب", "الرحلة كانت شاقة")]),
]


@pytest.mark.parametrize("text,expected", SPEAKERS)
def test_speakers(text, expected, lang):
    assert quotes_of(text, lang) == expected
