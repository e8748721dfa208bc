"""Readers for every news format: each format and encoding, bad records reported and skipped,
format recognised by content when the extension lies. Fixtures are made here in tmp_path."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import sys
import zipfile
from pathlib import Path

import pytest

from marsad.errors import InputError
from marsad.io.readers import (
    FieldMap,
    Origin,
    RecordResult,
    iso_date,
    iter_articles,
    iter_input_files,
    record_to_article,
    sniff_format,
)
from marsad.io.readers_json import iter_json_lines, iter_json_records
from marsad.io.readers_markup import decode_markup, detect_encoding, html_to_text

# Arabic news prose, long enough for encoding detection and main-text extraction.
PARAS = [
    "أعلن وزير الخارجية في بيان صدر اليوم أن المحادثات مع الجانب الآخر ستستمر حتى التوصل إلى اتفاق شامل.",
    "وقال المتحدث باسم الحكومة إن الوفد سيزور العاصمة الأسبوع المقبل لبحث الملفات العالقة بين البلدين.",
    "وأضاف أن الاجتماع الذي عقد في الرياض تناول سبل تعزيز التعاون الاقتصادي والأمني في المنطقة.",
    "وأكد رئيس الوزراء أن الحكومة ملتزمة بتنفيذ الإصلاحات التي أعلنت عنها في مطلع العام الجاري.",
]
BODY = "\n".join(PARAS)


def arts(results: list[RecordResult]) -> list[RecordResult]:
    return [r for r in results if r.ok]


def errs(results: list[RecordResult]) -> list[RecordResult]:
    return [r for r in results if not r.ok]


def read(*paths: Path | str, **kw) -> list[RecordResult]:
    return list(iter_articles([str(p) for p in paths], **kw))


# ----------------------------------------------------------------------------- plain text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1256", "iso8859_6"])
def test_plain_text_in_every_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(BODY.encode(encoding))
    [result] = read(path)
    assert result.ok, result.error
    assert result.article.text.strip() == BODY
    assert result.origin == Origin(str(path), format="text")


def test_windows_1256_text_with_header_block(tmp_path: Path) -> None:
    text = "# title: المحادثات مستمرة\n# source: aawsat\n# date_extracted: 2015-07-21 02:51:32\n\n" + BODY
    path = tmp_path / "snn.txt"
    path.write_bytes(text.encode("cp1256"))
    [result] = read(path)
    article = result.article
    assert article.encoding == "cp1256"
    assert article.text.strip() == BODY
    assert article.header["title"] == "المحادثات مستمرة"
    assert article.header["source"] == "aawsat"
    assert article.header["date"] == "2015-07-21T02:51:32"
    assert article.header["date_raw"] == "2015-07-21 02:51:32"
    assert article.header["date_basis"] == "crawled"


def test_text_header_date_is_published(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("# date: 2021-07-22\n# url: https://example.com/a\n\n" + BODY, encoding="utf-8")
    header = read(path)[0].article.header
    assert header["date"] == "2021-07-22" and header["date_basis"] == "published"
    assert header["url"] == "https://example.com/a"


def test_empty_and_binary_files_are_errors_not_crashes(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 4)
    results = read(tmp_path / "empty.txt", tmp_path / "bin.txt", tmp_path / "missing.txt")
    assert [r.ok for r in results] == [False, False, False]
    assert "empty" in results[0].error
    assert "No such file" in results[2].error


def test_articles_in_another_language_are_errors_in_every_format(tmp_path: Path) -> None:
    english = "The president met the foreign minister in Paris to discuss the crisis and the talks."
    (tmp_path / "en.txt").write_text(english, encoding="utf-8")
    (tmp_path / "mixed.jsonl").write_text(
        json.dumps({"text": english}) + "\n" + json.dumps({"text": BODY}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    results = read(tmp_path / "en.txt", tmp_path / "mixed.jsonl")
    assert [r.ok for r in results] == [False, False, True]
    for result in results[:2]:
        assert "not a language Marsad codes" in result.error and "'en'" in result.error


def test_oversized_text_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(BODY * 50, encoding="utf-8")
    [result] = read(path, max_record_bytes=1000)
    assert not result.ok and "larger than 1000 bytes" in result.error


# ----------------------------------------------------------------------------- HTML

NAV = '<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/sport">رياضة</a></li></ul></nav>'
FOOTER = '<footer><p>جميع الحقوق محفوظة لموقع الأخبار</p><a href="/privacy">سياسة الخصوصية</a></footer>'


def html_page(charset_meta: str = '<meta charset="utf-8">', *, script: bool = True) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAS)
    return (
        f'<!DOCTYPE html><html lang="ar"><head>{charset_meta}<title>المحادثات مستمرة | موقع الأخبار</title>'
        '<link rel="canonical" href="https://example.com/news/123">'
        '<meta property="og:site_name" content="موقع الأخبار">'
        '<meta property="article:published_time" content="2021-07-22T10:30:00+03:00">'
        '<meta name="author" content="أحمد علي"></head><body>'
        f"{NAV}<article><h1>المحادثات مستمرة</h1>{paragraphs}</article>{FOOTER}"
        + ('<script>var note = "سكربت لا يظهر";</script>' if script else "")
        + "</body></html>"
    )


def test_html_main_text_without_boilerplate_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(html_page(), encoding="utf-8")
    [result] = read(path)
    assert result.ok, result.error
    article = result.article
    for para in PARAS:
        assert para in article.text
    for boiler in ("الرئيسية", "رياضة", "جميع الحقوق", "سياسة الخصوصية", "سكربت"):
        assert boiler not in article.text
    assert article.header["title"] == "المحادثات مستمرة"
    assert article.header["url"] == "https://example.com/news/123"
    assert article.header["source"] == "موقع الأخبار"
    assert article.header["author"] == "أحمد علي"
    assert article.header["date"] == "2021-07-22"
    assert article.header["date_basis"] == "published"
    assert result.origin.format == "html"


@pytest.mark.parametrize(
    ("meta", "encoding", "expected"),
    [
        ('<meta charset="windows-1256">', "cp1256", "cp1256"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">', "cp1256", "cp1256"),
        ('<meta charset="iso-8859-6">', "iso8859_6", "iso8859-6"),
        ("", "cp1256", "cp1256"),  # undeclared: detected from the Arabic runs
        ("", "iso8859_6", "iso8859-6"),
        ("", "utf-16", "utf-16"),
        ('<meta charset="windows-1256">', "utf-8", "utf-8"),  # a wrong declaration on UTF-8 bytes
    ],
)
def test_html_encodings(tmp_path: Path, meta: str, encoding: str, expected: str) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(html_page(meta).encode(encoding))
    [result] = read(path)
    assert result.ok, result.error
    assert codecs.lookup(result.article.encoding).name == codecs.lookup(expected).name
    assert PARAS[0] in result.article.text


def test_html_without_article_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body></body></html>", encoding="utf-8")
    [result] = read(path)
    assert not result.ok and "no article text" in result.error


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p>واحد</p><p>اثنان</p>", "واحد\nاثنان"),
        ("نص<br>بعد السطر", "نص\nبعد السطر"),
        ("<div>قبل<script>alert('x')</script> بعد</div>", "قبل بعد"),
        ("<style>p{color:red}</style><p>نص</p>", "نص"),
        ("<p>  مسافات   كثيرة  </p>", "مسافات كثيرة"),
        ("<p>&quot;اقتباس&quot; &amp; رمز</p>", '"اقتباس" & رمز'),
        ("<ul><li>أ</li><li>ب</li></ul>", "أ\nب"),
        ("نص بلا وسوم", "نص بلا وسوم"),
    ],
)
def test_html_to_text(fragment: str, expected: str) -> None:
    assert html_to_text(fragment) == expected


# ----------------------------------------------------------------------------- JSON Lines


def jsonl_line(i: int, **extra) -> str:
    record = {"title": f"عنوان {i}", "content": f"{PARAS[i % 4]} رقم {i}", "date": "2015-07-21", "url": f"u{i}"}
    record.update(extra)
    return json.dumps(record, ensure_ascii=False)


def test_jsonl_malformed_line_reported_others_land(tmp_path: Path) -> None:
    lines = [jsonl_line(0), jsonl_line(1), '{"title": "مكسور", "content": "نص', "", jsonl_line(3), "[1, 2]"]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read(path)
    assert [r.origin.line for r in arts(results)] == [1, 2, 5]
    bad = errs(results)
    assert [r.origin.line for r in bad] == [3, 6]
    assert "malformed JSON" in bad[0].error and "column" in bad[0].error
    assert "not an object" in bad[1].error
    assert str(bad[0]).startswith(f"{path}:3: malformed JSON")
    first = arts(results)[0].article
    assert first.text == f"{PARAS[0]} رقم 0"
    assert first.header["title"] == "عنوان 0" and first.header["date"] == "2015-07-21"
    assert first.header["url"] == "u0" and first.header["date_basis"] == "published"


def test_jsonl_field_mapping(tmp_path: Path) -> None:
    record = {"story": {"body": BODY, "headline": "خبر"}, "when": "Wed, 21 Jul 2021 10:00:00 +0000",
              "link": "https://x/1", "key": 7}
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    [result] = read(path, text_field="story.body", title_field="story.headline", date_field="when",
                    id_field="key")
    header = result.article.header
    assert result.article.text == BODY
    assert header["title"] == "خبر" and header["id"] == "7" and header["url"] == "https://x/1"
    assert header["date"] == "2021-07-21T10:00:00+00:00"
    assert header["date_raw"] == "Wed, 21 Jul 2021 10:00:00 +0000"


def test_jsonl_explicit_field_missing_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(jsonl_line(0) + "\n" + json.dumps({"text": "نص", "published": "2020-01-01"}) + "\n")
    results = read(path, date_field="published")
    assert [r.ok for r in results] == [False, True]
    assert "'published'" in results[0].error
    assert results[1].article.header["date"] == "2020-01-01"


def test_jsonl_record_without_text(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"title": "بلا نص", "content": "   "}\n' + jsonl_line(1) + "\n", encoding="utf-8")
    results = read(path)
    assert [r.ok for r in results] == [False, True]
    assert "no article text" in results[0].error


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1256", "iso8859_6"])
def test_jsonl_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes("\n".join(jsonl_line(i) for i in range(4)).encode(encoding))
    results = read(path)
    assert [r.ok for r in results] == [True] * 4
    assert [r.article.text for r in results] == [f"{PARAS[i]} رقم {i}" for i in range(4)]


@pytest.mark.parametrize("padding", [0, 70_000])
def test_jsonl_lines_in_mixed_encodings(tmp_path: Path, padding: int) -> None:
    """Lines in UTF-8 and Windows-1256 in one file, the first Windows-1256 line inside or
    beyond the sample the file's encoding is guessed from."""
    pad = [jsonl_line(9, content=PARAS[0] + " " * 100) for _ in range(padding // 300)]
    lines = [*pad, jsonl_line(0), jsonl_line(1), jsonl_line(2)]
    encodings = ["utf-8"] * len(pad) + ["utf-8", "cp1256", "utf-8"]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(line.encode(enc) for line, enc in zip(lines, encodings, strict=True)))
    results = read(path)[len(pad):]
    assert [r.article.text for r in results] == [f"{PARAS[i]} رقم {i}" for i in range(3)]
    assert [r.article.header["title"] for r in results] == ["عنوان 0", "عنوان 1", "عنوان 2"]
    odd = [i for i, r in enumerate(results) if r.article.warnings]
    assert odd == ([1] if padding else [0, 2])


def test_jsonl_oversized_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join([jsonl_line(0), jsonl_line(1, content="ب" * 5000), jsonl_line(2)]) + "\n")
    results = read(path, max_record_bytes=2000)
    assert [r.ok for r in results] == [True, False, True]
    assert "longer than 2000" in results[1].error
    assert results[2].origin.line == 3


# ----------------------------------------------------------------------------- JSON documents


def snn_items(n: int) -> list[dict[str, str]]:
    return [
        {"source": "aawsat", "url": f"http://aawsat.com/{i}", "date_extracted": "2015-07-21 02:51:32",
         "title": f"عنوان {i}", "author": "لندن: مراسل", "content": f"{PARAS[i % 4]} ({i})"}
        for i in range(n)
    ]


def test_json_array_pretty_printed(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(snn_items(5), ensure_ascii=False, indent=4), encoding="utf-8")
    results = read(path)
    assert [r.origin.record for r in results] == [1, 2, 3, 4, 5]
    assert all(r.ok for r in results)
    header = results[2].article.header
    assert header["source"] == "aawsat" and header["author"] == "لندن: مراسل"
    assert header["date"] == "2015-07-21T02:51:32" and header["date_basis"] == "crawled"
    assert header["date_extracted"] == "2015-07-21 02:51:32"
    assert results[2].article.text == f"{PARAS[2]} (2)"
    assert results[1].origin.line == 10


def test_json_array_bad_element_and_truncation(tmp_path: Path) -> None:
    items = [json.dumps(x, ensure_ascii=False) for x in snn_items(3)]
    text = "[" + items[0] + ', {"title": "x", "content": tru},' + items[1] + "," + items[2][:40]
    path = tmp_path / "a.json"
    path.write_text(text, encoding="utf-8")
    results = read(path)
    assert [r.ok for r in results] == [True, False, True, False]
    assert "malformed JSON" in results[1].error
    assert "truncated" in results[3].error


def test_json_single_object_and_object_stream(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps(snn_items(1)[0], ensure_ascii=False, indent=2), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text("\n".join(json.dumps(x, ensure_ascii=False, indent=1) for x in snn_items(3)))
    assert [r.ok for r in read(one)] == [True]
    assert [r.article.header["url"] for r in read(many)] == [f"http://aawsat.com/{i}" for i in range(3)]


def test_json_oversized_element_is_skipped_and_scan_resumes(tmp_path: Path) -> None:
    items = snn_items(3)
    items[1]["content"] = "نص " * 3000
    path = tmp_path / "a.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    results = read(path, max_record_bytes=1000)
    assert [r.ok for r in results] == [True, False, True]
    assert "longer than 1000" in results[1].error
    assert results[2].article.header["url"] == "http://aawsat.com/2"


class Trickle(io.StringIO):
    """A text stream that returns at most ``size`` characters per read."""

    def __init__(self, text: str, size: int) -> None:
        super().__init__(text)
        self.size = size

    def read(self, n: int | None = -1) -> str:  # type: ignore[override]
        return super().read(self.size if n is None or n < 0 else min(n, self.size))


TRICKY = [
    {"a": "قوس ] داخل نص { و\\ شرطة", "b": [1, {"c": "\"}"}]},
    {"text": "\\\\", "n": None},
    {"text": "سطر\nجديد", "q": "\\\""},
    [1, 2, [3]],
    "نص",
    3.5,
    {},
]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 64])
def test_json_splitter_at_every_chunk_boundary(size: int) -> None:
    text = json.dumps(TRICKY, ensure_ascii=False, indent=2)
    got = [json.loads(r.text) for r in iter_json_records(Trickle(text, size), max_chars=10_000)]
    assert got == TRICKY
    stream = "\n".join(json.dumps(x, ensure_ascii=False) for x in TRICKY)
    records = list(iter_json_records(Trickle(stream, size), max_chars=10_000))
    assert [json.loads(r.text) for r in records] == TRICKY
    assert [r.line for r in records] == list(range(1, len(TRICKY) + 1))


@pytest.mark.parametrize("size", [3, 64, 1 << 16])
def test_json_splitter_drops_an_oversized_record_while_streaming(size: int) -> None:
    big = {"text": "نص \\ \" ] } " * 500}
    records = [{"a": 1}, big, {"b": "ok"}, big]
    text = json.dumps(records, ensure_ascii=False)
    got = list(iter_json_records(Trickle(text, size), max_chars=100))
    assert [r.text and json.loads(r.text) for r in got] == [{"a": 1}, None, {"b": "ok"}, None]
    assert "longer than 100" in got[1].error and got[1].index == 2


def test_json_lines_splitter_counts_lines() -> None:
    text = '{"a": 1}\n\n{"a": 2}\r\n' + "x" * 50 + "\n{}\n"
    got = [(r.line, r.text is not None) for r in iter_json_lines(Trickle(text, 4), max_chars=20)]
    assert got == [(1, True), (3, True), (4, False), (5, True)]


# ----------------------------------------------------------------------------- WARC


def write_warc(pages: list[tuple[str, str]], *, gzipped: bool = True, extra: bool = True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    for url, html in pages:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=http,
            warc_headers_dict={"WARC-Date": "2021-07-23T08:00:00Z"}))
        if extra:
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    if extra:
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://example.com/a.png", "response", payload=io.BytesIO(b"\x89PNG...."), http_headers=img))
    return out.getvalue()


def pages(n: int) -> list[tuple[str, str]]:
    result = []
    for i in range(n):
        html = html_page(script=False).replace("المحادثات مستمرة</h1>", f"المحادثات مستمرة {i}</h1>")
        html = html.replace('<meta property="article:published_time" content="2021-07-22T10:30:00+03:00">',
                            "" if i == 1 else '<meta property="article:published_time" content="2021-07-22">')
        result.append((f"https://example.com/news/{i}", html))
    return result


def test_warc_gz_html_responses(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(write_warc(pages(3)))
    results = read(path)
    assert all(r.ok for r in results), [r.error for r in results]
    assert [r.origin.record for r in results] == [2, 4, 6]  # warcinfo, request and image skipped
    headers = [r.article.header for r in results]
    assert [h["url"] for h in headers] == [f"https://example.com/news/{i}" for i in range(3)]
    assert headers[0]["canonical_url"] == "https://example.com/news/123"
    assert headers[0]["date"] == "2021-07-22" and headers[0]["date_basis"] == "published"
    assert headers[1]["date"] == "2021-07-23T08:00:00Z" and headers[1]["date_basis"] == "crawled"
    assert all(h["fetched"] == "2021-07-23T08:00:00Z" for h in headers)
    assert all(h["warc_record_id"].startswith("<urn:uuid:") for h in headers)
    assert PARAS[3] in results[2].article.text and "الرئيسية" not in results[2].article.text


@pytest.mark.parametrize("gzipped", [True, False])
def test_truncated_warc_yields_what_it_can_then_reports(tmp_path: Path, gzipped: bool) -> None:
    data = write_warc(pages(4), gzipped=gzipped, extra=False)
    path = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    path.write_bytes(data[: int(len(data) * 0.85)])
    results = read(path)
    good = arts(results)
    assert 2 <= len(good) <= 3
    assert [r.article.header["url"] for r in good] == [f"https://example.com/news/{i}" for i in range(len(good))]
    [bad] = errs(results)
    assert results[-1] is bad and "truncated" in bad.error


def test_warc_gz_with_a_lying_txt_extension(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(write_warc(pages(2)))
    results = read(path)
    assert [r.origin.format for r in results] == ["warc", "warc"]
    assert all(r.ok for r in results)


# ----------------------------------------------------------------------------- feeds

RSS = """{prolog}
<rss version="2.0"><channel><title>أخبار اليوم</title><link>https://example.com</link>
<item><title>الخبر الأول</title><link>https://example.com/1</link>
<pubDate>Thu, 22 Jul 2021 10:30:00 +0300</pubDate><author>news@example.com (مراسل)</author>
<guid>item-1</guid>
<description><![CDATA[<p>{p0}</p><script>document.write("سكربت خبيث")</script><p>{p1}</p>]]></description></item>
<item><title>الخبر الثاني</title><link>https://example.com/2</link>
<description>&lt;p&gt;{p2}&lt;/p&gt;&lt;style&gt;p {{color: red}}&lt;/style&gt;</description></item>
<item><title>فارغ</title><link>https://example.com/3</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>وكالة</title>
<entry><title>خبر أتوم</title><link href="https://example.org/a"/><id>tag:a</id>
<updated>2021-07-22T08:00:00Z</updated><summary>ملخص قصير</summary>
<content type="html">&lt;div&gt;&lt;p&gt;{p0}&lt;/p&gt;&lt;p&gt;{p3}&lt;/p&gt;&lt;/div&gt;</content></entry>
</feed>"""


@pytest.mark.parametrize(
    ("prolog", "encoding"),
    [
        ('<?xml version="1.0" encoding="utf-8"?>', "utf-8"),
        ('<?xml version="1.0" encoding="windows-1256"?>', "cp1256"),
        ('<?xml version="1.0" encoding="ISO-8859-6"?>', "iso8859_6"),
        ('<?xml version="1.0"?>', "cp1256"),  # undeclared: detected
        ("", "utf-16"),
    ],
)
def test_rss_items_with_html_and_script(tmp_path: Path, prolog: str, encoding: str) -> None:
    path = tmp_path / "feed.xml"
    text = RSS.format(prolog=prolog, p0=PARAS[0], p1=PARAS[1], p2=PARAS[2])
    path.write_bytes(text.encode(encoding))
    results = read(path)
    assert [r.ok for r in results] == [True, True, False]
    first, second = results[0].article, results[1].article
    assert first.text == f"{PARAS[0]}\n{PARAS[1]}"
    assert second.text == PARAS[2]
    assert first.header["title"] == "الخبر الأول" and first.header["url"] == "https://example.com/1"
    assert first.header["date"] == "2021-07-22T07:30:00Z"
    assert first.header["date_raw"] == "Thu, 22 Jul 2021 10:30:00 +0300"
    assert first.header["source"] == "أخبار اليوم" and first.header["id"] == "item-1"
    assert results[2].origin.record == 3 and "no content" in results[2].error


def test_atom_content_preferred_over_summary(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_text(ATOM.format(p0=PARAS[0], p3=PARAS[3]), encoding="utf-8")
    [result] = read(path)
    assert result.origin.format == "feed"
    assert result.article.text == f"{PARAS[0]}\n{PARAS[3]}"
    assert result.article.header["date"] == "2021-07-22T08:00:00Z"
    assert result.article.header["date_basis"] == "updated"
    assert result.article.header["url"] == "https://example.org/a"


def test_feed_without_items_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text('<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>')
    [result] = read(path)
    assert not result.ok and "no feed items" in result.error


# ----------------------------------------------------------------------------- archives


def test_zip_of_json_like_saudinewsnet(tmp_path: Path) -> None:
    path = tmp_path / "2015-07-21.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("2015-07-22.json", json.dumps(snn_items(2), ensure_ascii=False, indent=4))
        zf.writestr("2015-07-21.json", json.dumps(snn_items(3), ensure_ascii=False, indent=4))
        zf.writestr("single.json", json.dumps(snn_items(1)[0], ensure_ascii=False))
        zf.writestr("__MACOSX/._2015-07-21.json", b"\x00\x05\x16\x07")
    results = read(path)
    assert all(r.ok for r in results)
    assert [(r.origin.member, r.origin.record) for r in results] == [
        ("2015-07-21.json", 1), ("2015-07-21.json", 2), ("2015-07-21.json", 3),
        ("2015-07-22.json", 1), ("2015-07-22.json", 2), ("single.json", 1),
    ]
    assert str(results[1].origin).startswith(f"{path}!2015-07-21.json#2")


def test_zip_of_txt_files_and_nested_archives(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deep.txt", PARAS[3].encode("cp1256"))
    path = tmp_path / "texts.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("b/two.txt", PARAS[1].encode("utf-16"))
        zf.writestr("a/one.txt", ("# title: الأول\n\n" + PARAS[0]).encode("utf-8"))
        zf.writestr("c/empty.txt", b"")
        zf.writestr("d/inner.zip", inner.getvalue())
        zf.writestr("e/lines.jsonl.gz", gzip.compress((jsonl_line(0) + "\n").encode()))
    results = read(path)
    assert [r.origin.member for r in results] == [
        "a/one.txt", "b/two.txt", "c/empty.txt", "d/inner.zip/deep.txt", "e/lines.jsonl.gz"]
    assert [r.ok for r in results] == [True, True, False, True, True]
    assert results[0].article.header["title"] == "الأول"
    assert results[1].article.text == PARAS[1]
    assert results[3].article.text == PARAS[3] and results[3].article.encoding == "cp1256"
    assert results[4].origin.format == "jsonl"


def test_corrupt_zip_is_reported(tmp_path: Path) -> None:
    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.json", json.dumps(snn_items(50), ensure_ascii=False))
    path = tmp_path / "cut.zip"
    path.write_bytes(good.read_bytes()[:-60])
    [result] = read(path)
    assert not result.ok and "zip" in result.error


def test_gzipped_jsonl_truncated(tmp_path: Path) -> None:
    data = gzip.compress("\n".join(jsonl_line(i, content=PARAS[i % 4] * 20) for i in range(200)).encode())
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    results = read(path)
    assert len(arts(results)) > 10
    assert not results[-1].ok and "truncated" in results[-1].error


# ----------------------------------------------------------------------------- sniffing


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"\x1f\x8b\x08\x00", "a.txt", "gzip"),
        (b"PK\x03\x04rest", "a.json", "zip"),
        (b"WARC/1.0\r\nWARC-Type: warcinfo", "a.txt", "warc"),
        (b'<?xml version="1.0"?>\n<rss version="2.0">', "a.html", "feed"),
        (b'<?xml version="1.0"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom">', "x", "feed"),
        (b"<rdf:RDF xmlns:rdf=''>", "", "feed"),
        (b"<!DOCTYPE html><html><head>", "a.txt", "html"),
        (b"\xef\xbb\xbf  <html lang='ar'>", "a", "html"),
        (b"<div>fragment</div>", "a.htm", "html"),
        (b'{"text": "a"}\n{"text": "b"}\n', "a.txt", "jsonl"),
        (b'{\n  "text": "a"\n}\n', "a.txt", "json"),
        (b'{"text": "a",\n"x": 1}', "a.jsonl", "jsonl"),
        (b'{"text": "broken\n{"text": "b"}\n', "a.json", "jsonl"),
        (b"[\n {", "a.jsonl", "json"),
        (b"# title: x\n\nbody", "a.json", "text"),
        ("[عاجل] نص الخبر".encode(), "a.txt", "text"),
        ("{تحديث} نص".encode(), "a.json", "text"),
        (b"[]", "a.json", "json"),
        (b"[ 1, 2]", "a", "json"),
        (b'[\n  "a"]', "a", "json"),
        (b"{}", "a", "json"),
        ("نص عربي".encode("cp1256"), "a.html", "text"),
        ("<html>".encode("utf-16"), "a.txt", "html"),
        ('{"text": "a"}\n'.encode("utf-16-le"), "a", "jsonl"),
    ],
)
def test_sniff_format(head: bytes, name: str, expected: str) -> None:
    assert sniff_format(head, name) == expected


def test_jsonl_with_txt_extension(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text("\n".join(jsonl_line(i) for i in range(3)), encoding="utf-8")
    results = read(path)
    assert [r.origin.format for r in results] == ["jsonl"] * 3
    assert [r.article.header["title"] for r in results] == ["عنوان 0", "عنوان 1", "عنوان 2"]


def test_forced_format(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<p>" + BODY + "</p>", encoding="utf-8")
    [result] = read(path, format="text")
    assert result.article.text.startswith("<p>")
    with pytest.raises(InputError):
        read(path, format="pdf")


# ----------------------------------------------------------------------------- directories, stdin, sinks


def test_nested_directories_sorted_and_filtered(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "b" / "deep").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".git").mkdir()
    (root / "z.txt").write_text(PARAS[0], encoding="utf-8")
    (root / "a" / "2.txt").write_text(PARAS[1], encoding="utf-8")
    (root / "a" / "1.jsonl").write_text(jsonl_line(2), encoding="utf-8")
    (root / "b" / "deep" / "page.html").write_text(html_page(), encoding="utf-8")
    (root / "b" / "c.txt").write_bytes(PARAS[3].encode("cp1256"))
    (root / "b" / "image.png").write_bytes(b"\x89PNG\r\n")
    (root / ".hidden.txt").write_text("x")
    (root / ".git" / "HEAD.txt").write_text("x")
    files = list(iter_input_files([str(root)]))
    rel = [str(Path(f).relative_to(root)) for f in files]
    assert rel == ["z.txt", "a/1.jsonl", "a/2.txt", "b/c.txt", "b/deep/page.html"]
    results = read(root)
    assert all(r.ok for r in results)
    assert [r.origin.format for r in results] == ["text", "jsonl", "text", "text", "html"]
    assert list(iter_input_files(["-", str(root / "z.txt")])) == ["-", str(root / "z.txt")]


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = "\n".join(jsonl_line(i) for i in range(2)).encode("cp1256")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    results = read("-")
    assert [r.origin.path for r in results] == ["-", "-"]
    assert [r.article.text for r in results] == [f"{PARAS[0]} رقم 0", f"{PARAS[1]} رقم 1"]


def test_no_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    [result] = read("-")
    assert not result.ok and "no standard input" in result.error


def test_nothing_is_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("a reader tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    (tmp_path / "page.html").write_text(html_page().replace("<article>", '<img src="https://x/y.png"><article>'))
    (tmp_path / "feed.rss").write_text(RSS.format(prolog="", p0=PARAS[0], p1=PARAS[1], p2=PARAS[2]))
    (tmp_path / "crawl.warc.gz").write_bytes(write_warc(pages(1)))
    results = read(tmp_path)
    assert [r.origin.format for r in arts(results)] == ["warc", "feed", "feed", "html"]


def test_missing_optional_library_is_a_reported_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails
    (tmp_path / "page.html").write_text(html_page(), encoding="utf-8")
    (tmp_path / "z.txt").write_text(BODY, encoding="utf-8")
    results = read(tmp_path)
    assert [r.ok for r in results] == [False, True]
    assert "needs the 'trafilatura' package" in results[0].error


def test_error_sinks(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join([jsonl_line(0), "{bad", jsonl_line(2)]), encoding="utf-8")
    collected: list[RecordResult] = []
    assert [r.origin.line for r in iter_articles([str(path)], errors=collected)] == [1, 3]
    assert [r.origin.line for r in collected] == [2]
    seen: list[str] = []
    assert len(list(iter_articles([str(path)], errors=lambda r: seen.append(str(r))))) == 2
    assert seen == [f"{path}:2: {collected[0].error}"]


# ----------------------------------------------------------------------------- pieces


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-07-21 02:51:32", "2015-07-21T02:51:32"),
        ("2015-07-21T02:51:32", "2015-07-21T02:51:32"),
        ("2021-07-22", "2021-07-22"),
        ("2021-07-22T10:30:00Z", "2021-07-22T10:30:00Z"),
        ("2021-07-22T10:30:00+03:00", "2021-07-22T10:30:00+03:00"),
        ("Thu, 22 Jul 2021 10:30:00 +0300", "2021-07-22T10:30:00+03:00"),
        ("Thu, 22 Jul 2021 10:30:00 GMT", "2021-07-22T10:30:00+00:00"),
        ("22 يوليو 2021", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_iso_date(value: str, expected: str | None) -> None:
    assert iso_date(value) == expected


def test_record_to_article_defaults_and_extras() -> None:
    article = record_to_article({
        "body": ["فقرة أولى", "فقرة ثانية"], "headline": "عنوان", "pubDate": "2020-02-02",
        "authors": ["أ", "ب"], "source": {"id": "x", "name": "الوكالة"}, "lang": "ar", "score": 3,
        "tags": ["a"], "flag": True,
    })
    assert article.text == "فقرة أولى\nفقرة ثانية"
    assert dict(article.header) == {
        "title": "عنوان", "author": "أ; ب", "source": "الوكالة", "date": "2020-02-02",
        "date_basis": "published", "lang": "ar", "score": "3",
    }
    with pytest.raises(InputError):
        record_to_article({"title": "x"})
    with pytest.raises(InputError, match="'story'"):
        record_to_article({"text": "x"}, FieldMap(text=("story",)), explicit=frozenset({"text"}))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (BODY.encode("utf-8"), "utf-8"),
        (BODY.encode("cp1256"), "cp1256"),
        (BODY.encode("iso8859_6"), "iso8859-6"),
        (BODY.encode("utf-16"), "utf-16"),
        (BODY.encode("utf-8")[:-1], "utf-8"),  # a sample cut mid character
        (json.dumps({"url": "http://example.com/a/b/c", "content": PARAS[0]}, ensure_ascii=False)
         .encode("cp1256"), "cp1256"),
        (json.dumps({"url": "http://example.com/a/b/c", "content": PARAS[0]}, ensure_ascii=False)
         .encode("iso8859_6"), "iso8859-6"),
    ],
)
def test_detect_encoding(data: bytes, expected: str) -> None:
    assert codecs.lookup(detect_encoding(data)).name == codecs.lookup(expected).name


def test_detect_encoding_rejects_binary() -> None:
    with pytest.raises(InputError):
        detect_encoding(b"\x00\x01\x02\x03" * 100)


def test_decode_markup_prefers_bom_and_declared_charset() -> None:
    page = f'<html><head><meta charset="windows-1256"></head><body>{PARAS[0]}</body></html>'
    text, encoding, warnings = decode_markup(page.encode("cp1256"))
    assert encoding == "cp1256" and PARAS[0] in text and not warnings
    text, encoding, _ = decode_markup(codecs.BOM_UTF8 + page.encode("utf-8"))
    assert encoding == "utf-8-sig" and PARAS[0] in text
    text, encoding, warnings = decode_markup(page.replace("windows-1256", "klingon").encode("cp1256"))
    assert encoding == "cp1256" and "unknown declared charset" in warnings[0]


# ----------------------------------------------------------------------------- real data


@pytest.mark.shared
def test_saudinewsnet_raw_zip(shared_dir: Path) -> None:
    raw = sorted((shared_dir / "data" / "corpora" / "saudinewsnet" / "raw").glob("*.zip"))
    if not raw:
        pytest.skip("no SaudiNewsNet raw zip")
    path = raw[0]
    with zipfile.ZipFile(path) as zf:
        expected = sum(len(json.loads(zf.read(n))) for n in zf.namelist() if n.endswith(".json"))
        blank = sum(
            1 for n in zf.namelist() if n.endswith(".json") for x in json.loads(zf.read(n))
            if not (x.get("content") or "").strip()
        )
    results = list(iter_articles([str(path)]))
    assert len(results) == expected
    assert len(errs(results)) == blank
    assert all("no article text" in r.error for r in errs(results))
    good = arts(results)
    assert all(r.article.header.get("url") and r.article.header.get("source") for r in good)
    assert all(r.article.header["date_basis"] == "crawled" for r in good)


# ----------------------------------------------------------------------------- robustness


def damaged_fixtures() -> dict[str, bytes]:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.json", json.dumps(snn_items(20), ensure_ascii=False, indent=2))
        zf.writestr("b.txt", BODY)
    return {
        "warc.gz": write_warc(pages(3)),
        "warc": write_warc(pages(3), gzipped=False),
        "zip": archive.getvalue(),
        "jsonl.gz": gzip.compress("\n".join(jsonl_line(i) for i in range(50)).encode()),
        "json": json.dumps(snn_items(20), ensure_ascii=False, indent=2).encode(),
        "jsonl": "\n".join(jsonl_line(i) for i in range(20)).encode("utf-16"),
        "rss": RSS.format(prolog="", p0=PARAS[0], p1=PARAS[1], p2=PARAS[2]).encode(),
        "html": html_page().encode("cp1256"),
    }


@pytest.mark.parametrize("kind", list(damaged_fixtures()))
def test_cut_or_corrupted_input_never_raises(tmp_path: Path, kind: str) -> None:
    """Every format, cut short or with one byte flipped at several places: each record is an
    article or an error, and reading never raises."""
    data = damaged_fixtures()[kind]
    path = tmp_path / f"x.{kind}"
    for fraction in (0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95):
        at = max(1, int(len(data) * fraction))
        flipped = bytearray(data)
        flipped[at] ^= 0xFF
        for damaged in (data[:at], bytes(flipped)):
            path.write_bytes(damaged)
            results = read(path)
            assert results
            assert all((r.article is None) != (r.error is None) for r in results)
            assert all(r.error.strip() for r in errs(results))
