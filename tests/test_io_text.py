"""Reading article bytes: encodings detected from content, headers, bad input."""

from __future__ import annotations

import codecs
import re

import pytest

from marsad.errors import InputError
from marsad.io.text import decode_bytes, parse_article_text, read_article_bytes, unsupported_language

ARABIC = "أعلن نائب وزير الخارجية الروسي أندريه رودينكو، اليوم الخميس، أن موسكو مستعدة لاتخاذ إجراءات."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARABIC.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARABIC.encode("utf-8"), "utf-8-sig"),
        (ARABIC.encode("utf-16"), "utf-16"),
        (ARABIC.encode("utf-16-le"), "utf-16-le"),
        (ARABIC.encode("utf-16-be"), "utf-16-be"),
        (ARABIC.encode("cp1256"), "cp1256"),
        ("أعلنت الحكومة: 42 حالة في المدينة".encode("iso8859_6"), "iso8859_6"),
        (("Plain English text. " * 3).encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_detected_from_content(data: bytes, encoding: str) -> None:
    text, found = decode_bytes(data)
    assert "\ufeff" not in text
    assert found == encoding
    if encoding == "iso8859_6":
        assert text == "أعلنت الحكومة: 42 حالة في المدينة"
        return
    if data.startswith(ARABIC.encode("utf-8")[:4]) or found in ("cp1256", "utf-16", "utf-16-le", "utf-16-be"):
        assert "رودينكو" in text or "English" in text


def test_iso8859_6_text_round_trips() -> None:
    original = "الصحة: 42 حالة في المدينة"
    text, _ = decode_bytes(original.encode("iso8859_6"))
    assert text == original


def test_cp1256_long_article_round_trips(example_text: str) -> None:
    sample = "\n".join(line for line in example_text.splitlines() if "پ" not in line)
    data = sample.encode("cp1256", errors="strict")
    text, encoding = decode_bytes(data)
    assert encoding == "cp1256"
    assert text == sample


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(0, 32)) * 20, "binary"),
        (b"\xff\xfe\x00\xd8", "invalid"),
    ],
)
def test_bad_input_is_a_one_line_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        read_article_bytes(data, name="bad.txt")
    text = str(info.value)
    assert text.startswith("bad.txt: ") and message in text and "\n" not in text


def test_truncated_utf8_keeps_complete_characters() -> None:
    data = ARABIC[:-1].encode("utf-8")[:-1]  # ends inside the two-byte letter "ت"
    article = read_article_bytes(data, name="cut.txt")
    assert article.text == ARABIC[:-2]
    assert article.encoding == "utf-8-truncated"
    assert article.warnings


def test_header_block_is_split_from_body() -> None:
    raw = "# source: 3alyoum\n# url: http://x/y\n# date_extracted: 2015-07-31 15:03:47\n# author: \n\nالعنوان\n\nنص"
    article = parse_article_text(raw)
    assert article.header == {
        "source": "3alyoum", "url": "http://x/y", "date_extracted": "2015-07-31 15:03:47", "author": ""}
    assert article.text == "العنوان\n\nنص"


def test_no_header_keeps_text_unchanged() -> None:
    raw = "# هذا ليس رأسا\nنص"
    assert parse_article_text(raw).text == raw
    assert parse_article_text(ARABIC).header == {}


def test_html_and_script_are_kept_as_text() -> None:
    raw = "<script>alert(1)</script> قال الوزير <img src=x onerror=alert(1)>"
    article = read_article_bytes(raw.encode("utf-8"))
    assert article.text == raw


def test_code_pages_come_from_language_data(monkeypatch: pytest.MonkeyPatch) -> None:
    # A language's legacy code page is data: adding a Hebrew ``encodings`` table (Windows-1255,
    # its letters, the article ה) makes the reader decode Hebrew, with no code added, and the
    # Arabic table still wins on Arabic bytes.
    from marsad.io import text as reader
    from marsad.langdata.loader import load_langdata, validate_table

    hebrew_table = {
        "meta": {"source": "test", "licence": "MIT", "generated_by": None},
        "script_ranges": [["\u05d0", "\u05ea"]], "code_pages": ["cp1255"], "word_openers": ["\u05d4"],
    }
    validate_table("encodings", hebrew_table)
    hebrew = "\u05d4\u05de\u05de\u05e9\u05dc\u05d4 \u05d4\u05d5\u05d3\u05d9\u05e2\u05d4 \u05e2\u05dc \u05d4\u05e1\u05db\u05dd \u05d4\u05d7\u05d3\u05e9."
    # Arabic code pages only: the bytes are misread (cp1256 maps them to Arabic and French letters).
    assert decode_bytes(hebrew.encode("cp1255"))[1] != "cp1255"
    scripts = (reader._script_of(load_langdata("ar").table("encodings")), reader._script_of(hebrew_table))
    monkeypatch.setattr(reader, "_scripts", lambda: scripts)
    assert decode_bytes(hebrew.encode("cp1255")) == (hebrew, "cp1255")
    assert decode_bytes(ARABIC.encode("cp1256")) == (ARABIC, "cp1256")


FRENCH = ("Le président français a rencontré le ministre à Paris pour discuter de la crise économique. "
          "Le gouvernement a déclaré qu'il se réunirait demain pour étudier les mesures proposées.")
ENGLISH = ("The president met the foreign minister in Paris on Thursday to discuss the crisis. "
           "The government said it would meet again tomorrow to study the proposals.")
RUSSIAN = ("Президент встретился с министром иностранных дел в Москве, чтобы обсудить кризис. "
           "Правительство заявило, что соберется завтра.")


@pytest.mark.parametrize(("text", "language", "script"), [
    (ENGLISH, "'en'", "Latin"), (FRENCH, "'fr'", "Latin"), (RUSSIAN, "'ru'", "Cyrillic"),
])
def test_text_in_another_language_is_named(text: str, language: str, script: str) -> None:
    reason = unsupported_language(text)
    assert reason is not None
    assert language in reason and f"{script} script" in reason and "Marsad codes: ar" in reason


@pytest.mark.parametrize("text", [
    ARABIC,
    ARABIC + " وقال في بيان: “We will defend our allies, whatever it takes, on every border we share.”",
    "OK 2021",  # too few letters to tell
])
def test_arabic_and_short_text_pass_the_language_check(text: str) -> None:
    assert unsupported_language(text) is None


def test_latin_code_page_says_which_language_it_found() -> None:
    with pytest.raises(InputError) as err:
        decode_bytes(FRENCH.encode("cp1252"), name="fr.txt")
    message = str(err.value)
    assert "\n" not in message and message.startswith("fr.txt: ")
    assert "'fr'" in message and "not a language Marsad codes" in message
    # French bytes are the same in the Latin code pages: charset-normalizer may name any of them
    assert re.search(r"read as (cp125[02]|latin_1|iso8859_(1|15))\b", message)
