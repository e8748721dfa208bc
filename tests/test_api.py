"""The observatory's HTTP API and pages through the in-process client: every route, bad
parameters (a clear 4xx, never a 500), the ingest token, size limits, escaping, headers, and
the highlighted article's markup (spans that cross are split so tags nest)."""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest

pytest.importorskip("fastapi", reason="the observatory needs fastapi (pip install fastapi uvicorn jinja2 httpx)")
pytest.importorskip("httpx", reason="the API tests need httpx")

with warnings.catch_warnings():  # starlette's notice about httpx2 (the test client works with httpx)
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from marsad.api import CSP, MAX_BODY, _redact, create_app  # noqa: E402
from marsad.errors import StoreError  # noqa: E402
from marsad.model import Document, Entity, Event, Sentence, document_to_dict  # noqa: E402
from marsad.store import EVENT_COLUMNS, open_store  # noqa: E402
from marsad.web.highlight import Span, document_spans, render_spans  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "src" / "marsad" / "examples" / "sputnik-tajikistan-2021-07-22.ar.txt"
SCHEMA = json.loads((REPO / "src" / "marsad" / "schema" / "document.schema.json").read_text(encoding="utf-8"))
TOKEN = "s3cret-token-for-tests-0123456789"
BASE = "http://127.0.0.1"
ALL = {"min_confidence": "0"}  # every candidate, as the store's own queries give them without a threshold
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def coded(lang: Any) -> Document:
    from marsad.pipeline import code_article

    return code_article(EXAMPLE.read_text(encoding="utf-8"), lang=lang)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, lang: Any, coded: Document) -> Path:
    path = tmp_path_factory.mktemp("api") / "store.db"
    with open_store(path, lang=lang) as store:
        store.ingest([coded])
    return path


@pytest.fixture(scope="module")
def client(store_path: Path, lang: Any) -> Iterator[TestClient]:
    with TestClient(create_app(store_url=str(store_path), lang=lang), base_url=BASE) as c:
        yield c


@pytest.fixture()
def ingest_client(tmp_path: Path, lang: Any) -> Iterator[TestClient]:
    app = create_app(store_url=str(tmp_path / "new.db"), lang=lang, allow_ingest=True, ingest_token=TOKEN)
    with TestClient(app, base_url=BASE) as c:
        yield c


def _store(store_path: Path, lang: Any):
    return open_store(store_path, lang=lang, create=False)


def _bad(response: Any, status: int = 400, *words: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "message"} and "\n" not in body["message"]
    for word in words:
        assert word in body["message"]


# -- documents ---------------------------------------------------------------------------------
def test_documents_list_search_filters_and_paging(client: TestClient, coded: Document) -> None:
    listing = client.get("/api/documents").json()
    assert listing["total"] == 1 and listing["items"][0]["id"] == coded.id
    assert listing["items"][0]["title"] == coded.title
    word = next(e.text for e in coded.entities if e.type == "LOC")
    hits = client.get("/api/documents", params={"q": word}).json()
    assert hits["total"] == 1 and "[" in hits["items"][0]["snippet"] and "\ue000" not in hits["items"][0]["snippet"]
    assert client.get("/api/documents", params={"q": "كمبيوتراتزائفة"}).json()["total"] == 0
    day = coded.published
    assert day
    cases = [({"since": day}, 1), ({"since": "2099"}, 0), ({"until": "1990-01"}, 0), ({"until": day[:7]}, 1),
             ({"q": word, "since": "2099"}, 0), ({"q": word, "until": day}, 1), ({"publisher": "nobody"}, 0),
             ({"publisher": coded.publisher.name if coded.publisher else ""}, 1), ({"limit": 1, "offset": 1}, 1)]
    for params, total in cases:
        page = client.get("/api/documents", params=params)
        assert page.status_code == 200, (params, page.text)
        assert page.json()["total"] == total, params
    assert client.get("/api/documents", params={"limit": 1, "offset": 1}).json()["items"] == []


@pytest.mark.parametrize("params, word", [
    ({"limit": "0"}, "limit"), ({"limit": "1001"}, "limit"), ({"limit": "many"}, "whole number"),
    ({"offset": "-1"}, "offset"), ({"since": "yesterday"}, "not a date"), ({"until": "2021-13"}, "not a date"),
    ({"since": "2022", "until": "2021"}, "after"), ({"q": "..."}, "no words"), ({"q": "x" * 1001}, "longer"),
    ({"q": " ".join(f"w{i}" for i in range(20))}, "at most"),
])
def test_documents_bad_parameters_are_400(client: TestClient, params: dict[str, str], word: str) -> None:
    _bad(client.get("/api/documents", params=params), 400, word)


def test_document_by_id_is_the_full_schema_valid_json(client: TestClient, coded: Document) -> None:
    body = client.get(f"/api/documents/{coded.id}").json()
    assert body == json.loads(json.dumps(document_to_dict(coded)))
    jsonschema.validate(body, SCHEMA)
    _bad(client.get("/api/documents/0123456789abcdef"), 404, "no document")
    _bad(client.get("/api/documents/bad%20id%3Cscript%3E"), 400, "not an id")
    _bad(client.get("/api/documents/" + "a" * 200), 400, "not an id")


# -- events ------------------------------------------------------------------------------------
def test_events_match_the_store_query_in_json_and_csv(client: TestClient, store_path: Path, lang: Any) -> None:
    with _store(store_path, lang) as store:
        expected = store.events()
    body = client.get("/api/events", params={"limit": 1000, **ALL}).json()
    assert body["total"] == len(expected) > 5
    assert [r["id"] for r in body["items"]] == [r["id"] for r in expected]
    first = body["items"][0]
    assert set(EVENT_COLUMNS) <= set(first)
    assert first["mention"]["doc_id"] == first["first_doc"] and isinstance(first["mention"]["sentence"], int)
    response = client.get("/api/events", params={"format": "csv", "limit": 1000, **ALL})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert tuple(rows[0]) == EVENT_COLUMNS and len(rows) == len(expected) + 1
    assert response.headers["x-total-count"] == str(len(expected))
    page = client.get("/api/events", params={"limit": 2, "offset": 3, **ALL}).json()
    assert [r["id"] for r in page["items"]] == [r["id"] for r in expected[3:5]] and page["total"] == len(expected)


def test_event_filters_select_what_the_cli_selects(client: TestClient, store_path: Path, lang: Any) -> None:
    with _store(store_path, lang) as store:
        every = store.events()
        source = next(r["source_code"] for r in every if r["source_code"])
        target = next(r["target_code"] for r in every if r["target_code"])
        plover = next(r["plover"] for r in every if r["plover"])
        country = next(r["location_country"] for r in every if r["location_country"])
        day = next(r["date"] for r in every if r["date"] and len(r["date"]) == 10)
        cases = [{"actor": source[:3]}, {"source": source}, {"target": target}, {"code": every[0]["cameo"][:2]},
                 {"plover": plover}, {"country": country}, {"since": day}, {"until": day}, {"since": day, "until": day},
                 {"actor": source, "plover": plover}, {"source": "ZZZ"},
                 {"modality": "asserted"}, {"modality": "hypothetical,intent"}, {"modality": "negated"}]
        for params in cases:
            expected = [r["id"] for r in store.events(**params)]
            got = client.get("/api/events", params={**params, "limit": 1000, **ALL}).json()
            assert [r["id"] for r in got["items"]] == expected, params
            assert got["total"] == len(expected), params
    assert client.get("/api/events", params={"source": "ZZZ"}).json()["total"] == 0


@pytest.mark.parametrize("params, word", [
    ({"since": "07/22/2021"}, "not a date"), ({"until": "2021-02-30"}, "not a date"),
    ({"since": "2021-08", "until": "2021-07"}, "after"), ({"actor": "ru s"}, "actor code"),
    ({"source": "<script>"}, "actor code"), ({"target": "x"}, "actor code"), ({"code": "99"}, "CAMEO"),
    ({"code": "abc"}, "CAMEO"), ({"plover": "NOPE"}, "PLOVER"), ({"plover": "1"}, "PLOVER"),
    ({"country": "XXZ"}, "country"), ({"modality": "certain"}, "modality"), ({"country": "Russia"}, "ISO"), ({"format": "xml"}, "format"),
    ({"limit": "5000"}, "limit"), ({"limit": "-2"}, "limit"), ({"offset": "x"}, "offset"), ({"actor": "A" * 1200}, "longer"),
])
def test_events_bad_parameters_are_400(client: TestClient, params: dict[str, str], word: str) -> None:
    _bad(client.get("/api/events", params=params), 400, word)


def test_events_default_to_the_models_threshold_and_min_confidence_chooses_another(
        client: TestClient, store_path: Path, lang: Any) -> None:
    from marsad.confidence import default_threshold

    threshold = default_threshold()
    with _store(store_path, lang) as store:
        at_default = store.events(min_confidence=threshold)
        at_half = store.events(min_confidence=0.5)
        every = store.events()
    assert 0 < len(at_default) < len(every)
    for params, expected in (({}, at_default), ({"min_confidence": "0.5"}, at_half), (ALL, every)):
        body = client.get("/api/events", params={**params, "limit": 1000}).json()
        assert [r["id"] for r in body["items"]] == [r["id"] for r in expected] and body["total"] == len(expected)
        assert [r["confidence"] for r in body["items"]] == [r["confidence"] for r in expected]
        assert all(r["mention"]["confidence"] is not None for r in body["items"])
    assert all(r["confidence"] >= threshold for r in at_default)
    csv_rows = list(csv.DictReader(io.StringIO(client.get("/api/events", params={"format": "csv"}).text)))
    assert [float(r["confidence"]) for r in csv_rows] == [r["confidence"] for r in at_default]
    # The charts count the same events.
    timeline = client.get("/api/timeline", params={"min_confidence": "0.5"}).json()
    assert sum(p["events"] for p in timeline["points"]) + timeline["undated"] == len(at_half)
    assert sum(p["mentions"] for p in timeline["points"]) <= sum(r["num_mentions"] for r in at_half)
    network = client.get("/api/network").json()
    assert sum(e["events"] for e in network["edges"]) == sum(1 for r in at_default if r["source_code"] and r["target_code"])
    points = client.get("/api/map").json()
    assert sum(p["events"] for p in points["points"]) + points["unplaced"] == len(at_default)


@pytest.mark.parametrize("path", ["/api/events", "/api/timeline", "/api/network", "/api/map"])
@pytest.mark.parametrize("value", ["1.5", "-0.1", "high", "nan"])
def test_bad_min_confidence_is_400(client: TestClient, path: str, value: str) -> None:
    _bad(client.get(path, params={"min_confidence": value}), 400, "min-confidence")


def test_events_page_shows_confidence_and_filters_on_it(client: TestClient, store_path: Path, lang: Any,
                                                       coded: Document) -> None:
    from marsad.confidence import default_threshold

    with _store(store_path, lang) as store:
        at_half = store.events(min_confidence=0.5)
        every = store.events()
    page = client.get("/events")
    assert page.status_code == 200
    assert 'name="min_confidence"' in page.text and "<th" in page.text and ">Conf.</th>" in page.text
    assert f'placeholder="{default_threshold():.2f}"' in page.text
    half = client.get("/events", params={"min_confidence": "0.5"}).text
    assert half.count("<tr data-event=") == len(at_half)
    assert [f'<td class="conf">{r["confidence"]:.2f}</td>' in half for r in at_half] == [True] * len(at_half)
    assert client.get("/events", params=ALL).text.count("<tr data-event=") == len(every)
    bad = client.get("/events", params={"min_confidence": "2"})
    assert bad.status_code == 400 and "min-confidence" in bad.text
    for chart in ("/timeline", "/network", "/map"):
        assert 'name="min_confidence"' in client.get(chart).text
    article = client.get(f"/documents/{coded.id}").text
    assert article.count("<dt>Confidence</dt>") == len(coded.events)
    assert all(f'<td class="conf">{e.confidence:.2f}</td>' in article for e in coded.events)


# -- actors, stats, timeline, network, map -----------------------------------------------------
def test_actors_and_stats_are_the_store_answers(client: TestClient, store_path: Path, lang: Any) -> None:
    with _store(store_path, lang) as store:
        actors = store.actors()
        people = store.actors(type="PER")
        stats = store.stats()
    body = client.get("/api/actors", params={"limit": 1000}).json()
    assert body["items"] == json.loads(json.dumps(actors)) and body["total"] == len(actors)
    assert client.get("/api/actors", params={"type": "PER", "limit": 1000}).json()["items"] == people
    assert client.get("/api/actors", params={"limit": 2, "offset": 1}).json()["items"] == actors[1:3]
    _bad(client.get("/api/actors", params={"type": "CAT"}), 400, "entity type")
    _bad(client.get("/api/actors", params={"limit": "lots"}), 400, "whole number")
    got = client.get("/api/stats").json()
    assert got["documents"] == stats["documents"] == 1 and got["events"] == stats["events"]
    assert got["ingest_allowed"] is False


@pytest.mark.parametrize("url, expected", [
    ("postgresql://marsad:hunter2@db.local:5432/marsad", "postgresql://marsad:***@db.local:5432/marsad"),
    ("postgresql://marsad@127.0.0.1/marsad", "postgresql://marsad@127.0.0.1/marsad"),
    ("/tmp/store.db", "/tmp/store.db"), ("sqlite:///x.db", "sqlite:///x.db"),
])
def test_store_addresses_are_shown_without_passwords(url: str, expected: str) -> None:
    assert _redact(url) == expected


def test_timeline_counts_every_event_once(client: TestClient, store_path: Path, lang: Any) -> None:
    with _store(store_path, lang) as store:
        every = store.events()
    for by, keys in (("root", {r["root"] for r in every}), ("quad", {str(r["quad_class"]) for r in every})):
        body = client.get("/api/timeline", params={"by": by, **ALL}).json()
        assert sum(p["events"] for p in body["points"]) + body["undated"] == len(every), by
        assert {p["key"] for p in body["points"]} <= keys
        days = {r["date"] for r in every if r["date"] and len(r["date"]) == 10}
        assert {p["date"] for p in body["points"]} == days
        assert all(s["label"] for s in body["series"])
    plover = every[0]["plover"]
    filtered = client.get("/api/timeline", params={"plover": plover, **ALL}).json()
    assert sum(p["events"] for p in filtered["points"]) + filtered["undated"] == sum(r["plover"] == plover for r in every)
    _bad(client.get("/api/timeline", params={"by": "week"}), 400, "by")
    _bad(client.get("/api/timeline", params={"since": "soon"}), 400, "not a date")


def test_network_edges_count_events_between_actors(client: TestClient, store_path: Path, lang: Any) -> None:
    with _store(store_path, lang) as store:
        every = store.events()
    pairs: dict[tuple[str, str], int] = {}
    for r in every:
        if r["source_code"] and r["target_code"]:
            pairs[(r["source_code"], r["target_code"])] = pairs.get((r["source_code"], r["target_code"]), 0) + 1
    body = client.get("/api/network", params=ALL).json()
    assert {(e["source"], e["target"]): e["events"] for e in body["edges"]} == pairs
    assert {n["code"] for n in body["nodes"]} == {c for pair in pairs for c in pair}
    assert all(e["goldstein"] is None or -10 <= e["goldstein"] <= 10 for e in body["edges"])
    small = client.get("/api/network", params={"max_nodes": 2, **ALL}).json()
    assert len(small["nodes"]) == 2 and small["dropped_nodes"] == len(body["nodes"]) - 2
    assert all(e["source"] in {n["code"] for n in small["nodes"]} for e in small["edges"])
    for value in ("0", "501", "two"):
        assert client.get("/api/network", params={"max_nodes": value}).status_code == 400


def test_map_points_are_event_locations(client: TestClient, store_path: Path, lang: Any) -> None:
    with _store(store_path, lang) as store:
        every = store.events()
    body = client.get("/api/map", params=ALL).json()
    placed = [r for r in every if r["location_lat"] is not None]
    assert sum(p["events"] for p in body["points"]) == len(placed) and body["unplaced"] == len(every) - len(placed)
    for p in body["points"]:
        assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180
    country = placed[0]["location_country"]
    only = client.get("/api/map", params={"country": country, **ALL}).json()
    assert any(p["country"] == country for p in only["points"])
    _bad(client.get("/api/map", params={"country": "??"}), 400, "country")


# -- coding and ingest -------------------------------------------------------------------------
def test_code_returns_the_document_and_stores_nothing(client: TestClient, coded: Document) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    as_json = client.post("/api/code", json={"text": text})
    assert as_json.status_code == 200
    assert as_json.json()["id"] == coded.id and len(as_json.json()["events"]) == len(coded.events)
    jsonschema.validate(as_json.json(), SCHEMA)
    plain = client.post("/api/code", content="# title: عنوان\n# date: 2020-01-02\n\n" + text,
                        headers={"content-type": "text/plain; charset=utf-8"})
    assert plain.status_code == 200 and plain.json()["title"] == "عنوان"
    given = client.post("/api/code", json={"text": text, "published": "2021-07-20", "title": "T"}).json()
    assert given["published"] == "2021-07-20" and given["published_basis"] == "given" and given["title"] == "T"
    assert client.get("/api/stats").json()["documents"] == 1


@pytest.mark.parametrize("body, headers, word", [
    (b'{"text": ""}', {"content-type": "application/json"}, "no article text"),
    (b"   \n ", {"content-type": "text/plain"}, "no article text"),
    (b'{"text": ', {"content-type": "application/json"}, "not JSON"),
    (b'["text"]', {"content-type": "application/json"}, "JSON object"),
    (b'{"text": 5}', {"content-type": "application/json"}, "must be a string"),
    (b'{"text": "x", "evil": 1}', {"content-type": "application/json"}, "unknown fields"),
    (b'{"text": "x", "published": "soon"}', {"content-type": "application/json"}, "not a date"),
    (b"\xff\xfe\x00bad", {"content-type": "text/plain"}, "not UTF-8"),
    (b"<a>x</a>", {"content-type": "application/xml"}, "content type"),
    (b"The president met the foreign minister in Paris to discuss the crisis.", {"content-type": "text/plain"},
     "not a language Marsad codes"),
])
def test_code_bad_bodies_are_400(client: TestClient, body: bytes, headers: dict[str, str], word: str) -> None:
    _bad(client.post("/api/code", content=body, headers=headers), 400, word)


def test_bodies_over_the_limit_are_413(client: TestClient) -> None:
    big = b"x" * (MAX_BODY + 1)
    _bad(client.post("/api/code", content=big, headers={"content-type": "text/plain"}), 413, "larger")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while it streams in
        for _ in range(5):
            yield b"y" * (MAX_BODY // 4)

    _bad(client.post("/api/code", content=chunks(), headers={"content-type": "text/plain"}), 413, "larger")
    _bad(client.post("/api/ingest", content=big, headers={"authorization": f"Bearer {TOKEN}"}), 413)


def test_ingest_is_off_unless_allowed(client: TestClient) -> None:
    response = client.post("/api/ingest", json={"text": "نص"}, headers={"authorization": f"Bearer {TOKEN}"})
    _bad(response, 403, "--allow-ingest")
    assert client.get("/api/stats").json()["documents"] == 1


def test_ingest_needs_the_token_and_stores(ingest_client: TestClient, coded: Document) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for headers in ({}, {"authorization": "Bearer wrong"}, {"authorization": TOKEN},
                    {"authorization": f"Basic {TOKEN}"}, {"authorization": f"Bearer {TOKEN}x"},
                    {"authorization": f"Bearer {TOKEN[:-1]}"}):
        response = ingest_client.post("/api/ingest", json={"text": text}, headers=headers)
        _bad(response, 401, "token")
        assert response.headers["www-authenticate"] == "Bearer"
    assert ingest_client.get("/api/stats").json()["documents"] == 0
    auth = {"authorization": f"Bearer {TOKEN}"}
    first = ingest_client.post("/api/ingest", json={"text": text}, headers=auth)
    assert first.status_code == 201, first.text
    assert first.json()["id"] == coded.id and first.json()["added"] is True
    again = ingest_client.post("/api/ingest", json={"text": text}, headers=auth)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert ingest_client.get("/api/stats").json()["documents"] == 1
    assert ingest_client.get(f"/api/documents/{coded.id}").json()["text"] == text
    _bad(ingest_client.post("/api/ingest", json={"text": ""}, headers=auth), 400, "no article text")


@pytest.mark.parametrize("token", [None, "", "short"])
def test_ingest_cannot_start_without_a_real_token(tmp_path: Path, token: str | None) -> None:
    with pytest.raises(StoreError, match="token"):
        create_app(store_url=str(tmp_path / "s.db"), allow_ingest=True, ingest_token=token)


def test_a_missing_store_fails_at_start_up(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        create_app(store_url=str(tmp_path / "absent.db"))
    assert not (tmp_path / "absent.db").exists()


# -- security, pages, docs ---------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/", "/events", "/timeline", "/network", "/map", "/api/docs", "/api/stats",
                                 "/static/marsad.css", "/nowhere", "/api/events?since=x"])
def test_every_response_carries_the_security_headers(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code < 500
    assert response.headers["content-security-policy"] == CSP
    assert "'unsafe-inline'" not in CSP and "default-src 'self'" in CSP and "script-src 'self'" in CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_other_host_names_are_refused(client: TestClient) -> None:
    assert client.get("/api/stats", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/api/stats", headers={"host": "localhost:8000"}).status_code == 200


@pytest.mark.parametrize("url, status", [
    ("/", 200), ("/?q=طاجيكستان", 200), ("/?limit=2&offset=0", 200), ("/events", 200), ("/events?actor=RUS", 200),
    ("/timeline?by=quad", 200), ("/network?plover=AGREE", 200), ("/map?country=TJK", 200), ("/api/docs", 200),
    ("/events?since=nope", 400), ("/?until=13-13", 400), ("/timeline?code=99", 400), ("/documents/none", 404),
    ("/documents/a%3Cb", 400), ("/nowhere", 404),
])
def test_pages_answer_in_html(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    assert "<script>" not in response.text  # scripts only as <script src=...>
    if status >= 400:
        assert 'id="error"' in response.text


def test_article_page_shows_every_item_and_escapes_text(client: TestClient, coded: Document) -> None:
    html = client.get(f"/documents/{coded.id}").text
    for e in coded.entities:
        assert f'id="ent-{e.id}"' in html and f'id="card-ent-{e.id}"' in html
    for v in coded.events:
        assert f'id="evt-{v.id}"' in html and f'id="card-evt-{v.id}"' in html and v.rule in html
    for i in range(len(coded.sentences)):
        assert f'id="s-{i}"' in html
    assert 'dir="rtl"' in html and 'lang="ar"' in html


def test_an_article_with_markup_is_shown_as_text(ingest_client: TestClient) -> None:
    payload = ('# title: <img src=x onerror=alert(1)>\n\n<script>alert("x")</script> أعلن وزير الخارجية الروسي '
               'أن موسكو ستساعد طاجيكستان <b onclick="alert(2)">هنا</b>.')
    doc = ingest_client.post("/api/ingest", content=payload.encode(), headers={
        "authorization": f"Bearer {TOKEN}", "content-type": "text/plain"}).json()
    for url in (f"/documents/{doc['id']}", "/", "/?q=موسكو", "/events"):
        html = ingest_client.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html and "<b onclick" not in html, url
    html = ingest_client.get(f"/documents/{doc['id']}").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_openapi_describes_every_api_route(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    for route in ("/api/documents", "/api/documents/{doc_id}", "/api/events", "/api/actors", "/api/stats",
                  "/api/timeline", "/api/network", "/api/map", "/api/code", "/api/ingest"):
        assert route in spec["paths"], route
    page = client.get("/api/docs").text
    assert "/api/events" in page and "/api/openapi.json" in page


def test_no_route_answers_500_to_odd_input(client: TestClient) -> None:
    odd = ["", "%00", "'; DROP TABLE events; --", "\u202e", "9" * 40, "-1", "2021-07-22T00:00", "null", "[]"]
    routes = {"/api/documents": ("q", "since", "until", "publisher", "limit", "offset"),
              "/api/events": ("actor", "source", "target", "code", "plover", "country", "since", "until", "limit",
                              "offset", "format"),
              "/api/actors": ("type", "limit", "offset"), "/api/timeline": ("by", "code"),
              "/api/network": ("max_nodes", "actor"), "/api/map": ("country",), "/": ("q", "limit", "since"),
              "/events": ("actor", "limit", "until")}
    for route, names in routes.items():
        for name in names:
            for value in odd:
                response = client.get(route, params={name: value})
                assert response.status_code < 500, (route, name, value, response.text[:200])
    assert client.get("/api/stats").json()["documents"] == 1  # reading never writes


# -- the highlighted article's markup ----------------------------------------------------------
class _Nesting(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.ids: list[str] = []
        self.pieces: dict[str, str] = {}
        self._cards: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"] or "")
        self._cards.append(values.get("data-card"))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> does not close {self.stack[-1:]}"
        self.stack.pop()
        self._cards.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for card in self._cards:
            if card:
                self.pieces[card] = self.pieces.get(card, "") + data


@pytest.mark.parametrize("spans", [
    [(0, 10, "sentence"), (2, 5, "entity"), (4, 8, "event")],                    # crossing
    [(0, 10, "quote"), (0, 10, "entity"), (0, 10, "event")],                     # identical
    [(0, 4, "entity"), (4, 8, "entity"), (3, 5, "time")],                        # touching + crossing both
    [(1, 9, "quote"), (0, 5, "sentence"), (5, 10, "sentence"), (4, 6, "event")],  # quote over two sentences
    [(0, 10, "entity"), (1, 2, "quantity"), (1, 2, "time"), (8, 10, "event")],
    [(3, 3, "entity"), (0, 10, "sentence")],                                     # empty span
])
def test_crossing_spans_are_split_so_tags_nest(spans: list[tuple[int, int, str]]) -> None:
    text = "<a&b>\"'تجربة"[:10].ljust(10, "x")
    made = [Span(s, e, kind, f"{kind}-{i}", ("hl",)) for i, (s, e, kind) in enumerate(spans)]
    html = str(render_spans(text, made))
    parser = _Nesting()
    parser.feed(html)
    parser.close()
    assert parser.stack == []
    assert "".join(parser.text) == text
    assert {m[1] for m in re.findall(r"<(/?)([A-Za-z]+)", html)} <= {"span"}  # no tag from the text
    assert len(parser.ids) == len(set(parser.ids))  # a split span has its id on its first piece only
    for span in made:
        if span.kind != "sentence" and span.end > span.start:
            assert parser.pieces[f"card-{span.key}"] == text[span.start:span.end], span


def test_document_spans_cover_each_item_with_its_text(coded: Document) -> None:
    spans = document_spans(coded)
    assert sum(s.kind == "entity" for s in spans) == len(coded.entities)
    assert sum(s.kind == "event" for s in spans) == len(coded.events)
    parser = _Nesting()
    parser.feed(str(render_spans(coded.text, spans)))
    assert "".join(parser.text) == coded.text
    for e in coded.entities:
        assert parser.pieces[f"card-ent-{e.id}"] == e.text
    bad = Document(id="x", language="ar", text="abc", published=None, sentences=(Sentence(0, 9, "abc"),),
                   entities=(Entity("e1", "PER", "abc", 0, 3), Entity("e2", "PER", "zz", 5, 7)),
                   events=(Event("v1", 0, 2, 1, "", None, None, "010", "01", "", "asserted", False, None, "r"),))
    assert [s.key for s in document_spans(bad)] == ["ent-e1"]  # out of range or empty: left out


# -- the command ----------------------------------------------------------------------------------
def test_serve_command_checks_its_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from marsad.cli import root

    runner = CliRunner()
    assert "--allow-ingest" in runner.invoke(root, ["serve", "--help"]).output
    result = runner.invoke(root, ["serve", "--db", str(tmp_path / "s.db"), "--allow-ingest"])
    assert result.exit_code == 2 and "token" in result.output
    monkeypatch.delenv("MARSAD_TEST_TOKEN", raising=False)
    result = runner.invoke(root, ["serve", "--allow-ingest", "--token-env", "MARSAD_TEST_TOKEN"])
    assert result.exit_code != 0 and "MARSAD_TEST_TOKEN" in result.output
    result = runner.invoke(root, ["serve", "--token", TOKEN])
    assert result.exit_code == 2 and "--allow-ingest" in result.output
    result = runner.invoke(root, ["serve", "--db", str(tmp_path / "absent.db"), "--port", "0"])
    assert result.exit_code == 4 and "no store" in result.output
    result = runner.invoke(root, ["serve", "--allow-ingest", "--token", TOKEN, "--workers", "2"])
    assert result.exit_code == 2 and "read-only" in result.output
    result = runner.invoke(root, ["serve", "--workers", "0"])
    assert result.exit_code == 2 and "--workers" in result.output


def test_worker_processes_build_the_app_from_the_environment(tmp_path: Path, lang: Any, coded: Document,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.api import SERVE_ENV, app_from_environment

    path = tmp_path / "w.db"
    with open_store(path, lang=lang) as store:
        store.ingest([coded])
    monkeypatch.delenv(SERVE_ENV, raising=False)
    with pytest.raises(StoreError, match=SERVE_ENV):
        app_from_environment()
    monkeypatch.setenv(SERVE_ENV, "{not json")
    with pytest.raises(StoreError, match="not valid"):
        app_from_environment()
    monkeypatch.setenv(SERVE_ENV, json.dumps({"store_url": str(path), "allowed_hosts": ["testserver", "127.0.0.1"],
                                              "cache_entries": 0}))
    with TestClient(app_from_environment(), base_url=BASE) as c:
        assert c.get("/api/stats").json()["documents"] == 1
        assert c.post("/api/ingest", json={}).status_code in (403, 404, 405)  # read-only


def test_serve_with_two_workers_answers(tmp_path: Path, lang: Any, coded: Document) -> None:
    import socket
    import subprocess
    import sys
    import time

    import httpx

    path = tmp_path / "w2.db"
    with open_store(path, lang=lang) as store:
        store.ingest([coded])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "marsad", "serve", "--db", str(path), "--port", str(port),
                               "--workers", "2", "--log-level", "warning"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read().decode()[-500:] if server.stderr else ""
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.5)
        assert answer.status_code == 200 and answer.json()["documents"] == 1
        assert all(httpx.get(f"http://127.0.0.1:{port}/api/events?limit=2", timeout=10).status_code == 200
                   for _ in range(4))
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_bundled_world_map_is_complete_and_licensed() -> None:
    static = REPO / "src" / "marsad" / "web" / "static"
    world = json.loads((static / "world-110m.json").read_text(encoding="utf-8"))
    assert {"source", "licence", "generated_by"} <= set(world["meta"]) and "Natural Earth" in world["meta"]["source"]
    assert "ISC" in (static / "world-110m.LICENSE.txt").read_text(encoding="utf-8")
    assert (world["width"], world["height"]) == (720, 360) and len(world["countries"]) > 170
    names = {c["name"] for c in world["countries"]}
    assert {"Russia", "Tajikistan", "Afghanistan", "Fiji", "Antarctica"} <= names
    for country in world["countries"]:
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", country["d"])]
        xs, ys = numbers[0::2], numbers[1::2]
        assert country["d"].startswith("M") and country["d"].endswith("Z")
        assert all(-720 <= x <= 1440 for x in xs) and all(0 <= y <= 360 for y in ys), country["name"]


def test_answers_are_kept_until_the_store_changes(tmp_path: Path, lang: Any, coded: Document) -> None:
    """The read-only routes keep their answers per store version: an ingest by another process
    (here: another connection) shows at once; an error is never kept."""
    path = tmp_path / "cache.db"
    with open_store(path, lang=lang) as store:
        store.ingest([coded])
    app = create_app(store_url=str(path), lang=lang, cache_entries=4)
    with TestClient(app, base_url=BASE) as c:
        routes = ("/api/events?limit=5", "/api/documents?q=طاجيكستان", "/api/timeline", "/api/network",
                  "/api/map", "/api/stats", "/api/actors")
        first = {r: c.get(r) for r in routes}
        assert all(a.status_code == 200 for a in first.values())
        again = {r: c.get(r) for r in routes}
        assert all(again[r].content == first[r].content for r in routes)
        assert again["/api/events?limit=5"].headers["content-type"] == "application/json"
        _bad(c.get("/api/events", params={"since": "2021-13"}), 400, "since")
        _bad(c.get("/api/events", params={"since": "2021-13"}), 400, "since")
        other = code_article_text(EXAMPLE.read_text(encoding="utf-8").replace("طاجيكستان", "بيلاروسيا"), lang)
        with open_store(path, lang=lang) as store:
            store.ingest([other])
        assert c.get("/api/stats").json()["documents"] == 2
        assert c.get("/api/documents?q=بيلاروسيا").json()["total"] == 1
        assert c.get("/api/events?limit=5").json()["total"] >= first["/api/events?limit=5"].json()["total"]
        csv_first = c.get("/api/events", params={"format": "csv"})
        assert csv_first.headers["content-type"].startswith("text/csv")
        assert c.get("/api/events", params={"format": "csv"}).headers["x-total-count"] == \
            csv_first.headers["x-total-count"]


def code_article_text(text: str, lang: Any) -> Document:
    from marsad.pipeline import code_article

    return code_article(text, lang=lang)
