"""``GET /api/quotes``, the ``/quotes`` page and the article page's highlighted quote, through
the in-process client: the example article's quotes, filters, CSV, bad parameters (a clear
400), SQL-like input and script-like text in a quote (shown as text)."""

from __future__ import annotations

import csv
import dataclasses
import io
import warnings
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the observatory needs fastapi (pip install fastapi uvicorn jinja2 httpx)")
pytest.importorskip("httpx", reason="the API tests need httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from marsad.api import create_app  # noqa: E402
from marsad.model import Document, Quote  # noqa: E402
from marsad.store import open_store  # noqa: E402
from marsad.store.quotes import QUOTE_COLUMNS  # noqa: E402

from .store_fixtures import make_doc  # noqa: E402
from .test_api import BASE, _bad, client, coded, store_path  # noqa: E402, F401

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
SCRIPT = 'قال الوزير إن «<script>alert("q")</script> لن نقبل <img src=x onerror=alert(1)>» في بيان.'


def _speaker(doc: Document, quote: Quote) -> str | None:
    ents = {e.id: e for e in doc.entities}
    return ents[quote.speaker].text if quote.speaker in ents else None


def test_quotes_of_the_example_article(client: TestClient, coded: Document) -> None:  # noqa: F811
    body = client.get("/api/quotes").json()
    assert body["total"] == len(coded.quotes) > 0 and (body["limit"], body["offset"]) == (100, 0)
    items = body["items"]
    assert [i["position"] for i in items] == list(range(len(coded.quotes)))  # one document: text order
    for item, quote in zip(items, coded.quotes, strict=True):
        assert set(item) == {*QUOTE_COLUMNS, "url"}
        assert (item["text"], item["char_start"], item["char_end"], item["kind"], item["cue"]) == (
            quote.text, quote.start, quote.end, quote.kind, quote.cue)
        assert coded.text[item["char_start"]:item["char_end"]] == item["text"]
        assert item["speaker_entity"] == quote.speaker and item["published"] == coded.published
        # the roles: the text of the entity the document names (its first full mention)
        ents = {e.id: e for e in coded.entities}
        for column, field in (("medium", "medium"), ("relayed_by_text", "relayed_by"), ("addressee_text", "addressee"),
                              ("speaker_for_text", "speaker_for")):
            value = getattr(quote, field)
            assert item[column] == (ents[value].text if value and not ents[value].refers_to else item[column])
            assert (item[column] is None) == (value is None)
        assert item["url"] == f"/documents/{coded.id}?quote={item['position']}#quote-{item['position']}"
    # the speaker by name with harakat, by code prefix; about: words inside the quote
    rudenko = [q for q in coded.quotes if _speaker(coded, q) == "أندريه رودينكو"]
    assert len(rudenko) >= 4
    assert client.get("/api/quotes", params={"speaker": "رُودِينكو"}).json()["total"] == len(rudenko)
    by_code = client.get("/api/quotes", params={"speaker": "RUS"}).json()
    assert by_code["total"] >= len(rudenko) and all(i["speaker_code"].startswith("RUS") for i in by_code["items"])
    about = client.get("/api/quotes", params={"about": "طاجيكستان"}).json()
    assert 0 < about["total"] < len(coded.quotes) and all("طاجيكستان" in i["text"] for i in about["items"])
    page = client.get("/api/quotes", params={"limit": 2, "offset": 1}).json()
    assert [i["position"] for i in page["items"]] == [1, 2] and page["total"] == len(coded.quotes)
    assert client.get("/api/quotes", params={"since": "2099"}).json()["total"] == 0
    assert client.get("/api/quotes", params={"doc_id": coded.id, "kind": "direct"}).json()["total"] == sum(
        q.kind == "direct" for q in coded.quotes)
    table = client.get("/api/quotes", params={"format": "csv", "speaker": "رودينكو"})
    assert table.headers["content-type"].startswith("text/csv") and table.headers["x-total-count"] == str(len(rudenko))
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert [r["text"] for r in rows] == [q.text for q in rudenko]
    # the outlet Rudenko spoke to is the medium of some of his quotes (CSV and JSON alike)
    media = [i["medium"] for i in client.get("/api/quotes", params={"speaker": "رودينكو"}).json()["items"]]
    assert any(m and "سبوتنيك" in m for m in media) and [r["medium"] or None for r in rows] == media


@pytest.mark.parametrize("params, word", [
    ({"since": "yesterday"}, "not a date"), ({"until": "2021-13"}, "not a date"),
    ({"since": "2022", "until": "2021"}, "after"), ({"kind": "both"}, "direct, indirect"),
    ({"doc_id": "a b"}, "not an id"), ({"speaker": "..."}, "speaker"), ({"about": "x" * 1001}, "longer"),
    ({"limit": "0"}, "limit"), ({"limit": "many"}, "whole number"), ({"offset": "-1"}, "offset"),
    ({"format": "xml"}, "format"),
])
def test_bad_parameters_are_400(client: TestClient, params: dict[str, str], word: str) -> None:  # noqa: F811
    _bad(client.get("/api/quotes", params=params), 400, word)


@pytest.mark.parametrize("value", ["' OR '1'='1", "RUS%", "x'); DROP TABLE quotes; --", "_%"])
def test_sql_like_input_finds_nothing_and_breaks_nothing(client: TestClient, value: str) -> None:  # noqa: F811
    for name in ("speaker", "about"):
        answer = client.get("/api/quotes", params={name: value})
        if answer.status_code == 400:
            _bad(answer, 400, "no words")
        else:
            assert answer.status_code == 200 and answer.json()["total"] == 0, (name, value)
    assert client.get("/api/quotes").json()["total"] > 0


def test_quotes_page_and_the_highlighted_quote(client: TestClient, coded: Document) -> None:  # noqa: F811
    page = client.get("/quotes", params={"speaker": "رودينكو"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.text.count('class="quote-link"') == client.get(
        "/api/quotes", params={"speaker": "رودينكو"}).json()["total"]
    assert 'href="/quotes"' in client.get("/").text  # in the navigation
    bad = client.get("/quotes", params={"since": "never"})
    assert bad.status_code == 400 and "not a date" in bad.text
    article = client.get(f"/documents/{coded.id}", params={"quote": 1})
    assert article.status_code == 200
    assert article.text.count(" focus") == 1 and 'focus" id="quote-1"' in article.text
    assert " focus" not in client.get(f"/documents/{coded.id}").text
    assert client.get(f"/documents/{coded.id}", params={"quote": "x"}).status_code == 400


def test_script_in_a_quote_is_shown_as_text(tmp_path: Path, lang: Any) -> None:
    doc = make_doc(SCRIPT, published="2021-07-23")
    words = SCRIPT[SCRIPT.index("«") + 1:SCRIPT.index("»")]
    start = SCRIPT.index(words)
    doc = dataclasses.replace(doc, quotes=(Quote(text=words, start=start, end=start + len(words), kind="direct",
                                                 speaker=None, cue="قال"),))
    path = tmp_path / "xss.db"
    with open_store(path, lang=lang) as store:
        store.ingest([doc])
    with TestClient(create_app(store_url=str(path), lang=lang), base_url=BASE) as c:
        assert c.get("/api/quotes").json()["items"][0]["text"] == words
        html = c.get("/quotes").text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#34;q&#34;)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
        found = c.get("/api/quotes", params={"about": "script alert"}).json()
        assert found["total"] == 1  # the words are words like any other
