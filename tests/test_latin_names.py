"""People's Latin names: the usual spelling (arabic-name-romanizer), the transliteration
table's whole words first, the table's letter rules without the library."""

from __future__ import annotations

import builtins

import pytest

from marsad.actors import names
from marsad.actors.names import latin_name, romanize_letters


@pytest.mark.parametrize(("arabic", "country", "latin"), [
    ("عادل الجبير", "SAU", "Adel al-Jubeir"),  # the attested spelling, not "Adl Aljbir"
    ("نوري المالكي", None, "Nouri al-Maliki"),
    ("جمال عبد الناصر", "EGY", "Gamal Abdel Nasser"),  # the Egyptian spelling (Jamal in the Gulf)
    ("سلمان بن عبد العزيز", "SAU", "Salman bin Abdulaziz"),
    ("فلاديمير بوتين", "RUS", "Vladimir Putin"),  # the table's words win over the library's "Boutine"
    ("سيرغي لافروف", None, "Sergei Lavrov"),
])
def test_usual_spellings(arabic: str, country: str | None, latin: str, lang) -> None:
    assert latin_name(arabic.split(), lang=lang, country=country) == latin


def test_empty_name(lang) -> None:
    assert latin_name([], lang=lang) is None and latin_name(["", ""], lang=lang) is None


def test_without_the_library_the_table_rules_answer(lang, monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_romanizer(name, *args, **kwargs):
        if name.startswith("arabic_name_romanizer"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_romanizer)
    engine = names._Names(lang)
    assert engine.engine is None
    table = lang.table("transliteration")
    assert engine.name(["عادل", "الجبير"], "SAU") == romanize_letters(["عادل", "الجبير"], table) == "Adl Aljbir"
    assert engine.name(["بوتين"], None) == "Putin"


def test_pipeline_names_people_so(lang) -> None:
    from marsad.pipeline import code_article

    doc = code_article("وقال وزير الخارجية السعودي عادل الجبير إن المحادثات مستمرة.", lang=lang)
    people = {e.text: e.canonical for e in doc.entities if e.type == "PER"}
    assert people.get("عادل الجبير") == "Adel al-Jubeir", people
