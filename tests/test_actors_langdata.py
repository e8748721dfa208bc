"""Table tests of the actor knowledge base: countries and variants, nisba forms, capitals as
metonyms, IGOs, armed groups and parties, media, role words and titles."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from marsad.settings import Settings
from marsad.stages.entities import extract_entities
from marsad.stages.normalize import normalize
from marsad.stages.segment import segment

REPO = Path(__file__).resolve().parents[1]


def run(text: str, lang):
    norm = normalize(text, lang=lang)
    seg = segment(text, norm, lang=lang)
    return extract_entities(text, norm, seg, None, lang=lang, settings=Settings(ner=False))


def only(text: str, lang):
    got = run(text, lang)
    assert len(got) == 1, [(e.text, e.type, e.basis) for e in got]
    return got[0]


@pytest.mark.parametrize(("text", "iso3"), [
    ("زار روسيا", "RUS"), ("زار روسيا الاتحادية", "RUS"), ("في الاتحاد الروسي", "RUS"),
    ("زار أرمينيا", "ARM"), ("زار أرمنيا", "ARM"), ("زار أمريكا", "USA"), ("زار أميركا", "USA"),
    ("زار الولايات المتحدة", "USA"), ("إلى الولايات المتحدة الأمريكية", "USA"), ("وطاجيكستان", "TJK"),
    ("لطاجيكستان", "TJK"), ("لجمهورية طاجيكستان", "TJK"), ("في قيرغيزستان", "KGZ"), ("قرغيزستان", "KGZ"),
    ("كازاخستان", "KAZ"), ("أوزبكستان", "UZB"), ("تركمانستان", "TKM"), ("بإيران", "IRN"),
    ("أفغانستان", "AFG"), ("المملكة العربية السعودية", "SAU"), ("سوريا", "SYR"), ("سورية", "SYR"),
    ("مصر", "EGY"), ("الصين", "CHN"), ("بريطانيا", "GBR"), ("المملكة المتحدة", "GBR"),
])
def test_country_names_and_variants(text: str, iso3: str, lang) -> None:
    ent = [e for e in run(text, lang) if e.type == "LOC"][0]
    assert ent.actor.code == iso3 and ent.place.country == iso3 and ent.place.feature == "country"
    assert ent.place.lat is not None and ent.place.lon is not None
    assert text[ent.start:ent.end] == ent.text


@pytest.mark.parametrize(("text", "iso3"), [
    ("روسي", "RUS"), ("الروسي", "RUS"), ("الروسية", "RUS"), ("الروس", "RUS"), ("الروسيين", "RUS"),
    ("روسيون", "RUS"), ("الروسيات", "RUS"), ("الروسيتين", "RUS"), ("والروسية", "RUS"),
    ("الأميركية", "USA"), ("الأمريكي", "USA"), ("الأمريكيون", "USA"), ("الأميركان", "USA"),
    ("الطاجيكية", "TJK"), ("الطاجيك", "TJK"), ("الأفغاني", "AFG"), ("الأفغان", "AFG"),
    ("الإيرانية", "IRN"), ("الكازاخستاني", "KAZ"), ("الأرمنية", "ARM"), ("المصريين", "EGY"),
    ("المغاربة", "MAR"), ("الكورية الشمالية", "PRK"), ("البريطانية", "GBR"),
])
def test_nisba_forms(text: str, iso3: str, lang) -> None:
    ent = only(text, lang)
    assert ent.type == "MISC" and ent.actor.country == iso3 and ent.basis == f"kb:nisba:{iso3}"


@pytest.mark.parametrize(("text", "city", "actor"), [
    ("موسكو ستتخذ الإجراءات", "RUS", "RUSGOV"),
    ("أعلنت أن موسكو مستعدة", "RUS", "RUSGOV"),
    ("وصل الوفد إلى موسكو", "RUS", None),
    ("اجتماع في موسكو", "RUS", None),
    ("بموسكو", "RUS", None),
    ("طهران ترفض", "IRN", "IRNGOV"),
    ("واشنطن تحذر", "USA", "USAGOV"),
    ("في دوشنبه", "TJK", None),
])
def test_capitals_as_metonyms(text: str, city: str, actor: str | None, lang) -> None:
    ent = [e for e in run(text, lang) if e.type == "LOC"][0]
    assert ent.place.feature == "city" and ent.place.country == city and ent.place.lat is not None
    assert (ent.actor.code if ent.actor else None) == actor


@pytest.mark.parametrize(("text", "code", "basis"), [
    ("حلف شمال الأطلسي", "IGOWSTNAT", "kb:nato"), ("الناتو", "IGOWSTNAT", "kb:nato"), ("ناتو", "IGOWSTNAT", "kb:nato"),
    ("منظمة معاهدة الأمن الجماعي", "IGOCST", "kb:csto"), ("مجلس الأمن الجماعي", "IGOCST", "kb:csto-council"),
    ("مجلس الأمن الدولي", "IGOUNO", "kb:un-security-council"), ("الأمم المتحدة", "IGOUNO", "kb:un"),
    ("رابطة الدول المستقلة", "IGOCIS", "kb:cis"), ("الاتحاد الأوروبي", "IGOEUREEC", "kb:eu"),
    ("جامعة الدول العربية", "IGOARL", "kb:arab-league"), ("مجلس التعاون الخليجي", "IGOGCC", "kb:gcc"),
    ("الاتحاد الأفريقي", "IGOAFU", "kb:african-union"), ("منظمة التعاون الإسلامي", "IGOOIC", "kb:oic"),
    ("منظمة شنغهاي للتعاون", "IGOSCO", "kb:sco"), ("منظمة الأمن والتعاون في أوروبا", "IGOSCE", "kb:osce"),
    ("الوكالة الدولية للطاقة الذرية", "IGOUNOIAE", "kb:iaea"), ("للأمم المتحدة", "IGOUNO", "kb:un"),
    # the longer name wins: UEFA is not the European Union
    ("الاتحاد الأوروبي لكرة القدم", "NGOUEF", "kb:uefa"), ("المرصد السوري لحقوق الإنسان", "SYRNGOSOH", "kb:syrian-observatory"),
])
def test_igos(text: str, code: str, basis: str, lang) -> None:
    ent = only(text, lang)
    assert ent.type == "ORG" and ent.actor.code == code and ent.basis == basis


@pytest.mark.parametrize(("text", "code", "country"), [
    ("طالبان", "AFGREBTAL", "AFG"), ("حركة طالبان", "AFGREBTAL", "AFG"), ("داعش", "IMGREBISI", None),
    ("تنظيم الدولة", "IMGREBISI", None), ("تنظيم القاعدة", "IMGREBALQ", None), ("حزب الله", "LBNREBHEZ", "LBN"),
    ("حركة حماس", "PSEREBHMS", "PSE"), ("الحوثيين", "YEMREBHTH", "YEM"), ("أنصار الله", "YEMREBHTH", "YEM"),
    ("حزب العمال الكردستاني", "TURREBPKK", "TUR"), ("حركة الشباب", "SOMREBSHB", "SOM"),
    ("جماعة الإخوان المسلمين", "NGMPTYMBR", None), ("سبوتنيك", "RUSMED", "RUS"), ("لوكالة سبوتنيك", "RUSMED", "RUS"),
    ("رويترز", "GBRMED", "GBR"), ("فرانس برس", "FRAMED", "FRA"), ("الكرملين", "RUSGOV", "RUS"),
    ("البيت الأبيض", "USAGOV", "USA"),
])
def test_groups_parties_media(text: str, code: str, country: str | None, lang) -> None:
    ent = only(text, lang)
    assert ent.type == "ORG" and ent.actor.code == code and ent.actor.country == country


@pytest.mark.parametrize(("text", "code", "title"), [
    ("القوات الروسية", "RUSMIL", "Armed Forces"), ("الجيش الروسي", "RUSMIL", "Army"),
    ("الشرطة الأفغانية", "AFGCOP", "Police"), ("وزارة الخارجية الروسية", "RUSGOV", "Foreign Ministry"),
    ("وزارة الدفاع الأمريكية", "USAMIL", "Defence Ministry"), ("الحكومة الطاجيكية", "TJKGOV", "Government"),
    ("المعارضة السورية", "SYROPP", "Opposition"), ("المتمردون", "REB", "Rebels"),
    ("المحتجون", "OPP", "Protesters"), ("قوات الحدود", "MIL", "Border Guard"),
    ("حكومة طاجيكستان", "TJKGOV", "Government"), ("جيش روسيا", "RUSMIL", "Army"),
])
def test_role_bodies(text: str, code: str, title: str, lang) -> None:
    ent = only(text, lang)
    assert ent.type == "ORG" and ent.actor.code == code and ent.actor.title == title


@pytest.mark.parametrize(("text", "name", "code", "title"), [
    ("قال نائب وزير الخارجية الروسي أندريه رودينكو إن", "أندريه رودينكو", "RUSGOV", "Deputy Foreign Minister"),
    ("قال وزير الخارجية الروسي سيرغي لافروف في", "سيرغي لافروف", "RUSGOV", "Foreign Minister"),
    ("وقال الرئيس الأمريكي جو بايدن، إن", "جو بايدن", "USAGOV", "President"),
    ("السفير الروسي لدى طاجيكستان، إيغور لياكين-فرولوف، صرح", "إيغور لياكين-فرولوف", "RUSGOV", "Ambassador"),
    ("أكد وزير الدفاع الإيراني أمير حاتمي أن", "أمير حاتمي", "IRNMIL", "Defence Minister"),
    ("رئيس الوزراء الباكستاني عمران خان", "عمران خان", "PAKGOV", "Prime Minister"),
])
def test_person_titles(text: str, name: str, code: str, title: str, lang) -> None:
    people = [e for e in run(text, lang) if e.type == "PER"]
    assert len(people) == 1
    person = people[0]
    assert person.text == name and person.actor.code == code and person.actor.title == title
    assert person.basis.startswith("title:")


def test_nisba_inflection_rule() -> None:
    spec = importlib.util.spec_from_file_location("countries_builder", REPO / "scripts" / "builders" / "countries.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.inflect_nisba("روسي") == ["روسي", "روسية", "روسيان", "روسيين", "روسيون", "روسيات", "روسيتان", "روسيتين",
                                           "روسيا"]  # the indefinite accusative (جنديا روسيا)
    assert module.inflect_nisba("كوري شمالي")[1] == "كورية شمالية"


def test_every_country_has_names_and_kb_codes_are_unique(lang) -> None:
    names = lang.table("country_names")["countries"]
    common = {row["iso3"] for row in lang.table("countries")["countries"]}
    assert {row["iso3"] for row in names} <= common
    assert len(names) > 240 and all(row["names"] for row in names)
    assert any(row["iso3"] == "TJK" for row in names)  # missing from UniversalPetrarch
    ids = [row["id"] for row in lang.table("organizations")["organizations"]]
    assert len(ids) == len(set(ids))
    assert [row["id"] for row in lang.table("organizations")["organizations"]].count("taliban") == 1


@pytest.mark.parametrize(("text", "name", "code", "title"), [
    ("قال الأمين العام للأمم المتحدة بان كي مون", "بان كي مون", "IGOUNO", "Secretary-General"),
    ("وقال نائب الأمين العام لحزب الله نعيم قاسم إن", "نعيم قاسم", "LBNREBHEZ", "Deputy Secretary-General"),
    ("أكد وزير الخارجية السوري وليد المعلم أن", "وليد المعلم", "SYRGOV", "Foreign Minister"),
    ("أعلن رئيس الوزراء العراقي حيدر العبادي اليوم", "حيدر العبادي", "IRQGOV", "Prime Minister"),
])
def test_person_titles_with_organisations_and_surnames(text: str, name: str, code: str, title: str, lang) -> None:
    people = [e for e in run(text, lang) if e.type == "PER"]
    assert len(people) == 1
    assert (people[0].text, people[0].actor.code, people[0].actor.title) == (name, code, title)


@pytest.mark.parametrize("text", [
    "قال الرئيس الروسي بالتعاون مع",
    "وصرح الرئيس اليمني للصحافيين",
    "وأعلن الرئيس الأمريكي ونظيره",
])
def test_common_words_after_titles_are_not_names(text: str, lang) -> None:
    people = [e for e in run(text, lang) if e.type == "PER"]
    assert len(people) == 1 and people[0].basis.startswith("title:")
    assert people[0].text.startswith("الرئيس")  # the title mention itself, no invented name


@pytest.mark.parametrize(("text", "name", "code"), [
    ("وقال نيكولا ساركوزي إن", "نيكولا ساركوزي", "FRAGOV"),
    ("أعلن ديمتري مدفيديف أمس", "ديمتري مدفيديف", "RUSGOV"),
    ("وقال الرئيس نيكولا ساركوزي", "نيكولا ساركوزي", "FRAGOV"),
])
def test_known_people_from_universalpetrarch(text: str, name: str, code: str, lang) -> None:
    people = [e for e in run(text, lang) if e.type == "PER"]
    assert [(p.text, p.actor.code) for p in people] == [(name, code)]


def test_shipped_actors_are_coded_people_and_organisations(lang) -> None:
    countries = {row["iso3"] for row in lang.table("countries")["countries"]}
    rows = lang.table("actors")["actors"]
    assert sum(1 for r in rows if r["kind"] == "person") > 1000 and sum(1 for r in rows if r["kind"] == "org") > 200
    for row in rows:
        for code in row["codes"]:
            assert code["code"] not in countries  # a bare country is a place, never an actor
            assert code["country"] is None or code["code"].startswith(code["country"])
            assert code["from"] is None or code["to"] is None or code["from"] <= code["to"]
        if row["kind"] == "person":
            assert 1 <= len(row["names"][0].split()) <= 4


#: CAMEO's first-tier codes of actors that are not one country (international or transnational).
INTERNATIONAL = {"IGO", "NGO", "IMG", "NGM", "MNC"}


def test_no_organisation_code_is_a_country_code(lang) -> None:
    """HTI was the Houthis and is Haiti: an organisation's code begins with its country (or an
    international type) and is never a bare country code."""
    countries = {row["iso3"] for row in lang.table("countries")["countries"]}
    for org in lang.table("organizations")["organizations"]:
        code = org["code"]
        assert code not in countries, (org["id"], code)
        assert code[:3] in countries | INTERNATIONAL, (org["id"], code)
        assert len(code) % 3 == 0 and len(code) > 3, (org["id"], code)
        if org["country"]:
            assert code[:3] == org["country"], (org["id"], code)
        if org["type"] in ("REB", "PTY"):
            # a named group: country (or IMG/NGM) + role + the group's own three letters
            assert code[3:6] == org["role"] and len(code) == 9, (org["id"], code)


def test_the_fighters_of_a_named_group_are_the_group(lang) -> None:
    for text in ("هاجم المسلحون الحوثيون مدينة عدن", "سيطرت ميليشيات الحوثي على صنعاء", "قال الحوثيون إن"):
        orgs = [e for e in run(text, lang) if e.type == "ORG"]
        assert [e.actor.code for e in orgs] == ["YEMREBHTH"], text
