"""The entities stage: the example article's expectations, offsets, coreference, NER fallback,
and guards against common words that are also place names."""

from __future__ import annotations

import pytest

from marsad.settings import Settings
from marsad.stages.entities import extract_entities, romanize
from marsad.stages.metadata import extract_metadata
from marsad.stages.normalize import normalize
from marsad.stages.segment import segment


def run(text: str, lang, *, ner: bool = False):
    norm = normalize(text, lang=lang)
    seg = segment(text, norm, lang=lang)
    settings = Settings(ner=ner)
    meta = extract_metadata(text, norm, seg, {}, lang=lang, settings=settings)
    return extract_entities(text, norm, seg, meta, lang=lang, settings=settings)


@pytest.fixture(scope="module")
def example(lang, example_text):
    return run(example_text, lang)


def test_offsets_map_back_and_ids_in_order(example, example_text) -> None:
    assert example
    for k, ent in enumerate(example, 1):
        assert example_text[ent.start:ent.end] == ent.text
        assert ent.id == f"e{k}"
        assert ent.type in {"PER", "LOC", "ORG", "MISC"}
        assert ent.basis
    starts = [e.start for e in example]
    assert starts == sorted(starts)
    for a, b in zip(example, example[1:], strict=False):
        assert a.end <= b.start, (a.text, b.text)  # no overlaps


def test_example_people(example) -> None:
    people = {e.text: e for e in example if e.type == "PER" and e.basis.startswith("title:") and e.refers_to is None}
    rudenko = people["أندريه رودينكو"]
    assert rudenko.actor.code == "RUSGOV" and rudenko.actor.title == "Deputy Foreign Minister"
    assert rudenko.canonical.startswith("Andrei")
    ambassador = people["إيغور لياكين-فرولوف"]
    assert ambassador.actor.code == "RUSGOV" and ambassador.actor.title == "Ambassador"
    assert ambassador.canonical.startswith("Igor")
    later = [e for e in example if e.text == "رودينكو"]
    assert len(later) == 3
    assert all(e.refers_to == rudenko.id and e.actor.code == "RUSGOV" for e in later)
    headline = example[0]
    assert headline.type == "PER" and headline.refers_to == rudenko.id  # "نائب وزير الخارجية الروسي:"


@pytest.mark.parametrize(("basis", "type_", "code"), [
    ("kb:csto", "ORG", "IGOCST"), ("kb:csto-council", "ORG", "IGOCST"), ("kb:nato", "ORG", "IGOWSTNAT"),
    ("kb:taliban", "ORG", "AFGREBTAL"), ("kb:cis", "ORG", "IGOCIS"), ("kb:sputnik", "ORG", "RUSMED"),
])
def test_example_organisations(example, basis: str, type_: str, code: str) -> None:
    found = [e for e in example if e.basis == basis]
    assert found and all(e.type == type_ and e.actor.code == code for e in found)


@pytest.mark.parametrize(("iso3", "lat", "lon"), [
    ("RUS", 53.6, 57.7), ("TJK", 38.8, 69.5), ("AFG", 34.6, 67.5), ("USA", 38.6, -90.6), ("IRN", 33.5, 51.9),
    ("TKM", 38.8, 60.1), ("ARM", 40.4, 44.6), ("KAZ", 48.4, 69.1), ("KGZ", 41.2, 73.0), ("UZB", 40.6, 67.3),
])
def test_example_countries(example, iso3: str, lat: float, lon: float) -> None:
    found = [e for e in example if e.actor is not None and e.actor.country == iso3 and e.place is not None]
    assert found, iso3
    assert all(e.place.country == iso3 for e in found)
    assert any(abs(e.place.lat - lat) < 0.2 and abs(e.place.lon - lon) < 0.2 for e in found)


def test_example_specific_mentions(example) -> None:
    by_text = {}
    for e in example:
        by_text.setdefault(e.text, e)
    assert by_text["أرمنيا"].place.country == "ARM"
    assert by_text["القوات الأميركية"].actor.code == "USAMIL"
    moscow = [e for e in example if e.text == "موسكو"]
    assert len(moscow) == 2
    assert all(e.type == "LOC" and e.actor.code == "RUSGOV" and e.place.feature == "city" for e in moscow)
    assert abs(moscow[0].place.lat - 55.75) < 0.1 and abs(moscow[0].place.lon - 37.62) < 0.1
    assert by_text["القوات الروسية"].actor.code == "RUSMIL"
    assert by_text["الجيش الروسي"].actor.code == "RUSMIL"
    assert by_text["جمهورية طاجيكستان"].type == "LOC"
    assert by_text["حركة طالبان الأفغانية"].actor.country == "AFG"
    # "القاعدة العسكرية" (the military base) is not al-Qaeda; "اليوم الخميس" is not a place.
    assert not [e for e in example if e.basis == "kb:al-qaeda"]
    assert "الخميس" not in by_text


@pytest.mark.parametrize("text", [
    "اليوم الخميس أعلن الوزير",
    "وصل فان إلى المدينة",
    "أكد الخبر أن الاجتماع",
    "في القاعدة العسكرية رقم 201",
    "زاد الإنفاق المالي للدولة",
    "نشرت الصحيفة مقالة عن الرياضة",
    "قال عبد العزيز إن",
    "أثناء القمة العربية",
    "الشرق الأوسط",
    "الطائفة والطائفية",
    "تعيش الأسرة في البيت",
])
def test_common_words_are_not_places(text: str, lang) -> None:
    got = [e for e in run(text, lang) if e.type == "LOC" or (e.basis or "").startswith("gazetteer:")]
    assert not got, [(e.text, e.basis) for e in got]


@pytest.mark.parametrize(("text", "place"), [
    ("وصل إلى الرياض", "SAU"), ("في جدة", "SAU"), ("غارات على صنعاء", "YEM"), ("في محافظة عدن", "YEM"),
    ("في ولاية هلمند", "AFG"), ("من بغداد", "IRQ"), ("في حلب", "SYR"), ("بكابول", "AFG"),
])
def test_places_still_found(text: str, place: str, lang) -> None:
    got = [e for e in run(text, lang) if e.type == "LOC"]
    assert got and got[0].place.country == place and got[0].place.lat is not None
    assert text[got[0].start:got[0].end] == got[0].text


def test_no_name_without_country_or_model(lang) -> None:
    # A bare title without a country and without a NER model does not invent a name.
    assert not [e for e in run("قال رئيس لجنة الانتخابات إن", lang) if e.type == "PER"]


def test_ner_flag_without_model_falls_back(lang, example_text) -> None:
    # With or without the model installed, KB entities are found and nothing crashes.
    got = run(example_text, lang, ner=True)
    assert any(e.text == "أندريه رودينكو" for e in got)
    for e in got:
        assert example_text[e.start:e.end] == e.text


@pytest.mark.parametrize(("words", "latin"), [
    (["أندريه", "رودينكو"], "Andrei Rodenko"), (["سيرغي", "لافروف"], "Sergei Lavrov"),
    (["إيغور", "لياكين-فرولوف"], "Igor Liakin-Frolov"),
    # Slavic name endings are data ("final"): -enko, -ov/-ova, -ev, -sky, -vich
    (["زاخاروفا"], "Zakharova"), (["زيلينسكي"], "Zilinsky"), (["ميلوسيفيتش"], "Milosevich"),
])
def test_romanize(words: list[str], latin: str, lang) -> None:
    assert romanize(words, lang.table("transliteration")) == latin


def test_pipeline_entities_match_stage(lang, example_text) -> None:
    from marsad.pipeline import code_article

    doc = code_article(example_text, lang=lang, settings=Settings(ner=False))
    assert [e.text for e in doc.entities] == [e.text for e in run(example_text, lang)]


class _FakeTagger:
    """Tags the given words (original text) as one entity each: {first word: (type, length)}."""

    def __init__(self, spans: dict[str, tuple[str, int]]) -> None:
        self.spans = spans

    def tag(self, words: list[str]) -> list[str]:
        tags = ["O"] * len(words)
        for i, word in enumerate(words):
            if word in self.spans:
                kind, n = self.spans[word]
                tags[i:i + n] = [f"B-{kind}"] + [f"I-{kind}"] * (n - 1)
        return tags


@pytest.fixture()
def fake_ner(monkeypatch):
    import marsad.ner

    def install(spans):
        monkeypatch.setattr(marsad.ner, "load_ner_model", lambda *a, **k: _FakeTagger(spans))

    return install


def test_ner_adds_unknown_entities_and_kb_wins(fake_ner, lang) -> None:
    fake_ner({"كريم": ("PER", 2), "الأمم": ("ORG", 2), "هيئة": ("ORG", 2)})
    text = "التقى كريم منصور ممثل الأمم المتحدة وممثل هيئة الرقابة"
    got = {e.text: e for e in run(text, lang, ner=True)}
    assert got["كريم منصور"].type == "PER" and got["كريم منصور"].basis == "ner"
    assert got["الأمم المتحدة"].basis == "kb:un"  # the KB wins on overlap
    assert "هيئة الرقابة" in got and got["هيئة الرقابة"].basis == "ner"
    for e in got.values():
        assert text[e.start:e.end] == e.text


def test_ner_delimits_names_after_titles(fake_ner, lang) -> None:
    fake_ner({"سيرغي": ("PER", 2), "عبد": ("PER", 3)})
    text = "قال وزير الخارجية الروسي سيرغي لافروف اليوم. وقال الرئيس عبد الله محمد"
    people = [e for e in run(text, lang, ner=True) if e.type == "PER"]
    assert [p.text for p in people] == ["سيرغي لافروف", "عبد الله محمد"]
    assert people[0].actor.code == "RUSGOV" and people[0].basis == "title:foreign-minister"
    assert people[1].basis == "title:president+document:dominant" and people[1].actor.title == "President"
    # no nisba: the document's one country (Russia), said as such in the basis
    assert people[1].actor.code == "RUSGOV"


def test_name_does_not_cross_a_line(lang) -> None:
    got = run("بيان مع وزير الخارجية الأمريكي\n\n عين اليوم – الدوحة", lang)
    people = [e for e in got if e.type == "PER"]
    assert [p.text for p in people] == ["وزير الخارجية الأمريكي"]


def test_example_with_ner_setting_links_every_rudenko(lang, example_text) -> None:
    # With the NER model when it is installed (dictionary only otherwise), every later
    # "رودينكو" refers to the full name and carries its actor.
    got = run(example_text, lang, ner=True)
    full = next(e for e in got if e.text == "أندريه رودينكو")
    later = [e for e in got if e.text == "رودينكو"]
    assert len(later) == 3
    assert all(e.refers_to == full.id and e.actor is not None and e.actor.code == "RUSGOV" for e in later)
    ids = {e.id for e in got}
    assert all(e.refers_to in ids for e in got if e.refers_to)


def test_dateline_publisher_is_one_media_organisation(lang) -> None:
    from marsad import code_article

    doc = code_article("(پاکستان پوائنٹ نیوز / سبوتنيك - 22 يوليو 2021ء) أعلن الوزير أن المحادثات مستمرة.", lang=lang)
    first = doc.entities[0]
    assert (first.type, first.text, first.basis) == ("ORG", "پاکستان پوائنٹ نیوز", "dateline:publisher")
    assert first.actor is not None and first.actor.code == "PAKMED"
    assert not any(e.type == "LOC" and e.start < first.end for e in doc.entities)


@pytest.mark.parametrize(("text", "name"), [
    ("تحدث الوزير عن الأوضاع في أوروبا والشرق الأوسط أمس.", "الشرق الأوسط"),  # و + article: stripped
    ("اجتمع وزراء أوروبا والخليج في بروكسل.", "الخليج"),
    ("وأكد فالمالكي أنه رفض الاقتراح.", "المالكي"),  # ف + article
    ("وصل الوفد إلى كالينينجراد أمس قادما من موسكو.", "كالينينجراد"),  # no word "الينينجراد": kept whole
])
def test_tagged_names_start_after_proclitics_glued_to_their_article(lang, text: str, name: str) -> None:
    entities = run(text, lang, ner=True)
    # (al-Maliki is a registry entry: the registry's span must start after the proclitics too)
    found = [e for e in entities if (e.basis == "ner" or e.basis.startswith("kb:person:"))
             and text[e.start:e.end].endswith(name)]
    assert found and text[found[0].start:found[0].end] == name == found[0].text


@pytest.mark.parametrize("text, word", [
    ("وغرق المركب في البحر قرب الساحل.", "البحر"),  # the registry's «بحر» (a Palestinian MP) has no article
    ("وقال المالكي للصحفيين إن الاجتماع انتهى.", "المالكي"),  # a surname of people of three countries
])
def test_one_word_registry_names_need_the_whole_word(text: str, word: str, lang) -> None:
    got = [(e.text, e.basis, e.actor and e.actor.code) for e in run(text, lang) if e.text == word]
    assert not got, got


def test_one_word_registry_names_still_found(lang) -> None:
    got = {e.text: e.actor.code for e in run("وقال بوتين إن روسيا لن تتراجع، وزار نتنياهو واشنطن.", lang)
           if e.type == "PER"}
    assert got == {"بوتين": "RUSGOV", "نتنياهو": "ISRGOV"}


def test_generic_bodies_are_composed_by_the_roles_table(lang) -> None:
    # the source's «وزارة عمل» is coded LBNGOVMED: every country has a labour ministry
    (ent,) = [e for e in run("وقالت وزارة العمل إن النسبة ارتفعت.", lang) if e.type == "ORG"]
    assert ent.basis == "kb:role:ministry" and ent.actor.code == "GOV"


def test_houthi_nisba_is_the_group(lang) -> None:
    (ent,) = [e for e in run("وقصفت الميليشيات الحوثية مواقع في تعز.", lang) if e.type == "ORG"]
    assert ent.actor.code == "YEMREBHTH"


def test_accusative_nisba_is_the_country(lang) -> None:
    # «مصورا فرنسيا»: the indefinite accusative of a nisba names the country; after a body word
    # («15 جنديا أمريكيا», roles.json soldiers) it is the body's country: the soldiers are USAMIL
    got = {e.text: e.actor.code for e in run("خطف مسلحون مصورا فرنسيا، وقتل 15 جنديا أمريكيا.", lang)}
    assert got.get("فرنسيا") == "FRA" and got.get("جنديا أمريكيا") == "USAMIL", got


def test_an_army_takes_the_documents_country_the_police_do_not(lang) -> None:
    # document_country_roles (MIL, GOV): «الجيش» in a story about Syria is Syria's; the Arabic
    # event gold codes «الشرطة» without a country, so other bodies keep none
    text = "أعلن الجيش أمس سيطرته على بلدة قرب حمص في سوريا، وقالت الشرطة إن الطريق أغلق في سوريا."
    got = {e.text: (e.actor.code, e.basis) for e in run(text, lang) if e.type == "ORG"}
    assert got["الجيش"] == ("SYRMIL", "kb:role:army+document:dominant"), got
    assert got["الشرطة"][0] == "COP", got


def test_the_regimes_forces_take_the_documents_country(lang) -> None:
    # roles.json of_state: «قوات النظام» (two words, no nisba) is the forces of the story's state,
    # as a lone «الجيش» is; a glued «و» starts the next actor, not the body's complement
    text = "قصفت قوات النظام وحزب الله اللبناني مناطق في سوريا، وقالت المعارضة السورية إن قوات النظام تقدمت."
    got = [(e.text, e.actor.code) for e in run(text, lang) if e.type == "ORG"]
    assert ("قوات النظام", "SYRMIL") in got and ("حزب الله اللبناني", "LBNREBHEZ") in got, got
    assert all(code != "MIL" for _, code in got), got


@pytest.mark.parametrize(("text", "name", "code"), [
    # a title + the organisation it heads (+ an adjective of role) + the name: the organisation's code
    ("التقى رئيس الائتلاف السوري المعارض خالد خوجة في إسطنبول.", "خالد خوجة", "SYROPPSNC"),
    # the words of the office before the organisation, its name in quotation marks, a comma
    ("كما اجتمع مع رئيس المكتب السياسي لحركة «حماس»، خالد مشعل، في الدوحة.", "خالد مشعل", "PSEREBHMS"),
])
def test_a_title_of_an_organisation_codes_the_named_holder(text: str, name: str, code: str, lang) -> None:
    got = {e.text: e.actor.code for e in run(text, lang) if e.type == "PER"}
    assert got.get(name) == code, got


def test_a_title_followed_by_a_verb_takes_no_organisation(lang) -> None:
    # «رئيس الوزراء يلتقي حماس»: no office words between, so Hamas is the object, not the title's
    got = [(e.type, e.text, e.actor.code) for e in run("وقال رئيس الوزراء الإسرائيلي إن حماس تهاجم المدن.", lang)]
    assert ("ORG", "حماس", "PSEREBHMS") in got and ("PER", "رئيس الوزراء الإسرائيلي", "ISRGOV") in got, got


def test_a_bare_title_refers_to_the_earlier_coded_mention_of_it(lang) -> None:
    # «ودعا الأمين العام» after «الأمين العام لجامعة الدول العربية»: the same office holder
    text = "رحب الأمين العام لجامعة الدول العربية بإقرار الوثيقة. ودعا الأمين العام جميع الأطراف إلى التوافق."
    first, later = [e for e in run(text, lang, ner=True) if e.type == "PER"]
    assert first.actor.code == "IGOARL" and later.text == "الأمين العام", (first, later)
    assert later.refers_to == first.id and later.actor.code == "IGOARL" and later.basis.endswith("+coref")
    # with no earlier coded mention the bare title is still dropped (nothing ties it to anyone)
    assert not [e for e in run("ودعا الأمين العام جميع الأطراف إلى التوافق.", lang, ner=True) if e.type == "PER"]


@pytest.mark.parametrize(("text", "code"), [
    # roles.json antecedents: «الوزارة» is the ministry named before, or the ministry of the minister
    ("قال وزير الدفاع العراقي أمس إن الوضع صعب. ولم يستطع مسؤولو الوزارة تأكيد ذلك.", "IRQMIL"),
    ("وقالت وزارة الخارجية الروسية إن الوضع صعب. وأضافت الوزارة أن الحوار مستمر.", "RUSGOV"),
])
def test_the_ministry_refers_back_to_the_ministry_or_minister_named_before(text: str, code: str, lang) -> None:
    got = [(e.actor.code, e.basis) for e in run(text, lang, ner=True) if e.text == "الوزارة"]
    assert got == [(code, "kb:role:ministry+coref:body")], got


def test_bodies_that_name_a_country_side_or_settlers(lang) -> None:
    # roles.json official-sources, side (needs_country: «إلى الجانب» is no actor), settlers
    text = "وقالت مصادر رسمية روسية إن الجانب اليمني وافق، ووقف إلى الجانب الآخر مستوطنون إسرائيليون."
    got = {e.text: e.actor.code for e in run(text, lang) if e.type == "ORG"}
    assert got == {"مصادر رسمية روسية": "RUSGOV", "الجانب اليمني": "YEMGOV", "مستوطنون إسرائيليون": "ISRCVL"}, got


def test_the_documents_dominant_country_comes_before_the_dateline_place(lang) -> None:
    # a story of Yemen's president filed in Riyadh: «الحكومة» is Yemen's, not the dateline's Saudi Arabia
    text = ("الرياض 11 اغسطس 2015 واس\n عقد الرئيس اليمني اجتماعا في اليمن، وأكد أن الحكومة "
            "تقف مع الشعب اليمني في اليمن.")
    got = {e.text: (e.actor.code, e.basis) for e in run(text, lang) if e.type == "ORG" and e.text == "الحكومة"}
    assert got == {"الحكومة": ("YEMGOV", "kb:role:government+document:dominant")}, got


def test_a_person_after_a_head_link_heads_the_body_before(lang) -> None:
    # entity_cues head_links: «برئاسة X» after a coded body; the later short name follows the first
    text = "وأوضح أن الحكومة الليبية السابقة، برئاسة عبد الرحيم الكيب، اتصلت بالسبسي. ثم قال الكيب إنه اتصل."
    got = {e.text: (e.actor.code if e.actor else None) for e in run(text, lang, ner=True) if e.type == "PER"}
    assert got.get("عبد الرحيم الكيب") == "LBYGOV" and got.get("الكيب") == "LBYGOV", got


def test_soldiers_and_security_forces_take_their_nisba(lang) -> None:
    text = "واتهم المتظاهرون الجنود الاميركيين، ثم رشقوا قوى الامن اللبنانية بالحجارة."
    got = {e.text: e.actor.code for e in run(text, lang) if e.type == "ORG"}
    assert got.get("الجنود الاميركيين") == "USAMIL" and got.get("قوى الامن اللبنانية") == "LBNCOP", got


@pytest.mark.parametrize(("text", "name"), [
    ("وأعلن أن رئيس الجمهورية فؤاد معصوم سيزور عمان الأسبوع المقبل.", "فؤاد معصوم"),
    ("وقال وزير الخارجية عادل الجبير سيزور موسكو الثلاثاء المقبل.", "عادل الجبير"),
])
def test_a_future_verb_ends_the_name_after_a_title(text: str, name: str, lang) -> None:
    # the tagger ran «سيزور» (and the place after it) into the name: «فؤاد معصوم سيزور»
    people = [e for e in run(text, lang, ner=True) if e.type == "PER"]
    assert [e.text for e in people] == [name]


def test_future_verb_forms_are_present_forms_only(lang) -> None:
    from marsad.stages.verbs import future_verb_forms

    forms = future_verb_forms(lang)
    assert {"سيزور", "سيلتقي", "وسيزور"} - forms == {"وسيزور"}  # forms, not tokens: no proclitic
    assert "سكان" not in forms and "سيلفا" not in forms  # residents; Silva
