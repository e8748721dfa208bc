"""The roles around a quote besides its speaker (``stages/quotes/roles.py``): the medium, who
relays the words, who they were said to and the body a titled speaker speaks for, on real
sentence forms; every value an entity of the document."""

from __future__ import annotations

import pytest

from marsad import code_article


def _roles(text: str) -> list[dict[str, str | None]]:
    doc = code_article(text)
    by_id = {e.id: e for e in doc.entities}
    out = []
    for q in doc.quotes:
        row: dict[str, str | None] = {}
        for field in ("speaker", "medium", "relayed_by", "addressee", "speaker_for"):
            value = getattr(q, field)
            assert value is None or value in by_id, (field, value)
            row[field] = by_id[value].text if value else None
        out.append(row)
    return out


@pytest.mark.parametrize(("text", "medium"), [
    ("وأكد لـ«عكاظ» الشيخ صالح لنجف أن القبائل لن تقبل بالحوار مع المتمردين.", "عكاظ"),
    ("وقال قائد للقوات المناهضة للحوثيين لرويترز إن الخطوة المقبلة هي تحرير تعز.", "رويترز"),
    ("وقال الوزير في تصريحات لصحيفة ميليت نشرت أمس إن الحكومة لن تستقيل قبل الانتخابات.", "صحيفة ميليت"),
    ("وقال الشيخ سلمان العودة في تغريدة على تويتر إن الحادث جريمة لا يقبلها أحد.", "تويتر"),
    ("وقالت وكالة أنباء الشرق الأوسط نقلا عن مصدر أمني إن خبراء المفرقعات فحصوا الموقع.", "وكالة أنباء الشرق الأوسط"),
])
def test_medium(text: str, medium: str) -> None:
    roles = _roles(text)
    assert roles and roles[0]["medium"] is not None and medium in roles[0]["medium"], roles
    assert roles[0]["speaker"] is None or medium not in roles[0]["speaker"]


def test_no_medium_when_none_is_named() -> None:
    roles = _roles("وقال وزير الخارجية سيرغي لافروف إن بلاده مستعدة للحوار مع جميع الأطراف.")
    assert roles and roles[0]["medium"] is None and roles[0]["addressee"] is None and roles[0]["relayed_by"] is None


def test_canal_is_no_medium() -> None:
    roles = _roles("وقال الرئيس إن افتتاح قناة السويس الجديدة سيكون يوما تاريخيا للبلاد.")
    assert roles and roles[0]["medium"] is None, roles


def test_relayed_by_the_subject_of_a_relay_cue() -> None:
    roles = _roles("ونقل محامي نادي الأسير عن القيادي أحمد سعدات قوله إن الإضراب سيستمر حتى تحقيق المطالب.")
    assert roles[0]["speaker"] == "أحمد سعدات"
    assert roles[0]["relayed_by"] is not None and "محامي" in roles[0]["relayed_by"]
    assert roles[0]["speaker_for"] is None  # the relayer's body is not the speaker's


def test_an_outlet_that_relays_is_the_medium() -> None:
    roles = _roles("ونقلت وكالة فرانس برس عن المتحدث باسم الجيش أحمد علي قوله إن القوات تقدمت نحو المدينة.")
    assert roles[0]["speaker"] == "أحمد علي"
    assert roles[0]["medium"] == "وكالة فرانس برس" and roles[0]["relayed_by"] is None


def test_addressee_after_an_addressing_word() -> None:
    roles = _roles("وأضاف دمرداش مخاطبا رئيس الوزراء أحمد داود أوغلو: «قد يتشكل ائتلاف وقد لا يتشكل».")
    assert roles[0]["speaker"] == "دمرداش"
    assert roles[0]["addressee"] is not None and "رئيس الوزراء" in roles[0]["addressee"]


def test_addressee_in_a_meeting_phrase() -> None:
    roles = _roles("وقال الرئيس السيسي في لقائه مع رؤساء تحرير الصحف الأفريقية إنه لا يتدخل في عمل القضاء.")
    assert roles[0]["addressee"] is not None and "رؤساء تحرير" in roles[0]["addressee"], roles


def test_speaker_for_the_body_of_a_title() -> None:
    roles = _roles("وقال المتحدث باسم وزارة الصحة حسام عبد الغفار إن أربعة أشخاص أصيبوا في الانفجار.")
    assert roles[0]["speaker"] == "حسام عبد الغفار"
    assert roles[0]["speaker_for"] is not None and "وزارة" in roles[0]["speaker_for"]


def test_speaker_for_holds_for_the_continuation() -> None:
    roles = _roles("وأوضح المدير التنفيذي لشركة مترو جدة الدكتور أسامة إبراهيم عبده أن المشروع يتكون من ثلاث مراحل. "
                   "وأضاف أن المرحلة الأولى ستنتهي العام المقبل.")
    assert len(roles) == 2 and all(r["speaker"] == "أسامة إبراهيم عبده" for r in roles)
    assert all(r["speaker_for"] == "شركة مترو جدة" for r in roles), roles


@pytest.mark.shared
def test_every_role_of_the_gold_articles_is_an_entity_of_its_document(shared_dir) -> None:
    """On the 72 annotated articles: every speaker and role id names an entity of the document,
    and an entity the quotes stage added for a role is named by some quote."""
    from pathlib import Path

    from marsad.evaluation.corpus import articles_by_url
    from marsad.evaluation.quotes import read_gold_articles

    repo = Path(__file__).resolve().parent.parent
    listed = read_gold_articles(repo / "tests" / "annotations" / "quotes.articles.tsv")
    records = articles_by_url(shared_dir / "data" / "corpora" / "saudinewsnet" / "raw", {a.url for a in listed})
    fields = ("speaker", "medium", "relayed_by", "addressee", "speaker_for")
    seen = dict.fromkeys(fields[1:], 0)
    for art in listed:
        doc = code_article(str(records[art.url].get("content") or ""))
        ids = {e.id for e in doc.entities}
        named = {getattr(q, f) for q in doc.quotes for f in fields} - {None}
        assert named <= ids, art.url
        added = {e.id for e in doc.entities if e.basis in ("medium", "addressee", "relayed_by", "speaker_for")}
        assert added <= named, art.url
        for f in seen:
            seen[f] += sum(1 for q in doc.quotes if getattr(q, f))
    assert all(seen.values()), seen


def test_addressee_glued_hearer_and_the_object_of_an_addressee_cue() -> None:
    roles = _roles("وقال الوزير في تصريحات للصحفيين في مدينة فان إن الحكومة لن تتفاوض مع المسلحين.")
    assert roles[0]["addressee"] == "صحفيين", roles  # "للصحفيين" without its لـ and the article
    roles = _roles("وأبلغ الأمين العام نبيل العربي المبعوث الأممي أن الجامعة العربية ستدرس مراقبة الحدود.")
    assert roles[0]["addressee"] is not None and "المبعوث" in roles[0]["addressee"], roles
    # what is demanded is no addressee
    roles = _roles("وطالب الوزير بضرورة إشراك المعاهد الأهلية في التدريب.")
    assert all(r["addressee"] is None for r in roles), roles
