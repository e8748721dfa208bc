"""The observatory in a real browser: Debian's chromium driven by Playwright against a server
this test starts (uvicorn in a thread on 127.0.0.1, a temporary SQLite store with the example
article and an article carrying XSS payloads).

Every page must load with no console error (a CSP violation is one) and no request leaving
127.0.0.1: requests to any other host are recorded and aborted. Screenshots go to
test-artifacts/screenshots/; with MARSAD_SCREENSHOTS=docs they are also copied to
docs/screenshots/ (as the README shows them).

Skips with the reason when the ``playwright`` package or the chromium binary is absent
(``apt-get install chromium``; never ``playwright install``). MARSAD_CHROMIUM overrides the path.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

pytest.importorskip("fastapi", reason="the observatory needs fastapi (pip install fastapi uvicorn jinja2)")
uvicorn = pytest.importorskip("uvicorn", reason="the browser tests need uvicorn")
sync_api = pytest.importorskip("playwright.sync_api", reason="the browser tests need the playwright package")

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "src" / "marsad" / "examples" / "sputnik-tajikistan-2021-07-22.ar.txt"
CHROMIUM = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
DOCS_SHOTS = REPO / "docs" / "screenshots"
#: The screenshots the README shows (copied to docs/screenshots/ with MARSAD_SCREENSHOTS=docs).
DOC_PAGES = frozenset({"home", "article", "events", "timeline", "network", "map", "api"})
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

XSS_ARTICLE = """# title: <img src=x onerror="alert('title')">عنوان <script>alert('t')</script>
# date: 2021-07-23

<script>alert("xss")</script> أعلن وزير الخارجية الروسي أن موسكو <img src=x onerror=alert(1)> ستتخذ جميع الإجراءات اللازمة لصد العدوان عن طاجيكستان.
وقال "<b onmouseover=alert(2)>نص</b>" إن "</span><script>alert(3)</script>" ليس شيئا.
وأكد الوزير أن "<script>alert(4)</script> موسكو لن تسمح بأي عدوان".
وقال المسؤول لـ"<u>قناة" إن الحوار مستمر مع جميع الأطراف.
"""

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason=f"{CHROMIUM} is absent (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, lang: Any) -> Iterator[dict[str, Any]]:
    from marsad.api import create_app
    from marsad.store import ingest_paths, open_store

    root = tmp_path_factory.mktemp("observatory")
    articles = root / "articles"
    articles.mkdir()
    shutil.copy(EXAMPLE, articles / EXAMPLE.name)
    (articles / "xss.ar.txt").write_text(XSS_ARTICLE, encoding="utf-8")
    db = root / "store.db"
    with open_store(db, lang=lang) as store:
        report = ingest_paths([str(articles)], store=store)
        assert report.added == 2, report.summary()
        docs = {Path(row["source_path"]).name: row["id"] for row in store.document_rows()}
        example = store.get_document(docs[EXAMPLE.name])
    app = create_app(store_url=str(db), lang=lang)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    try:
        yield {"base": f"http://127.0.0.1:{port}", "example": example, "xss_id": docs["xss.ar.txt"], "lang": lang}
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        pw = sync_api.sync_playwright().start()
    except Exception as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"playwright cannot start: {exc}")
    try:
        try:
            instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        except Exception as exc:  # pragma: no cover - depends on the machine
            pytest.skip(f"chromium at {CHROMIUM} cannot be launched by playwright: {str(exc).splitlines()[0]}")
        yield instance
        instance.close()
    finally:
        pw.stop()


class Watch:
    """A page with what it did recorded: console errors, page errors, dialogs, other hosts."""

    def __init__(self, browser: Any) -> None:
        self.console: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-US",
                                           service_workers="block")
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda msg: msg.type == "error" and self.console.append(msg.text))
        self.page.on("pageerror", lambda exc: self.console.append(f"page error: {exc}"))
        self.page.on("dialog", self._dialog)

    def _route(self, route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def goto(self, url: str) -> Any:
        response = self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        return response

    def clean(self) -> None:
        assert self.console == [], f"console errors: {self.console}"
        assert self.outside == [], f"requests left 127.0.0.1: {self.outside}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"

    def shot(self, name: str, *, full_page: bool = False) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        if os.environ.get("MARSAD_SCREENSHOTS") == "docs" and name in DOC_PAGES:
            DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, DOCS_SHOTS / path.name)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def watch(browser: Any) -> Iterator[Watch]:
    w = Watch(browser)
    yield w
    w.close()


@pytest.mark.parametrize("path, ready", [
    ("/", "#documents li"),
    ("/events", "#events tbody tr"),
    ("/quotes", "#quotes tbody tr"),
    ("/timeline", "#timeline[data-rendered=true] rect.bar"),
    ("/network", "#network[data-rendered=true] .node circle"),
    ("/map", "#map[data-rendered=true] circle.point"),
    ("/api/docs", "section.endpoint"),
    ("/document", "#text .hl-entity"),
])
def test_every_page_loads_offline_without_errors(site: dict[str, Any], watch: Watch, path: str, ready: str) -> None:
    url = site["base"] + (f"/documents/{site['example'].id}" if path == "/document" else path)
    response = watch.goto(url)
    assert response is not None and response.status == 200
    csp = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    watch.page.wait_for_selector(ready, timeout=15_000)
    watch.shot({"/": "home", "/api/docs": "api"}.get(path, path.strip("/")))
    watch.clean()


def test_article_highlights_every_kind_and_shows_an_event_rule_on_click(site: dict[str, Any], watch: Watch) -> None:
    doc = site["example"]
    watch.goto(f"{site['base']}/documents/{doc.id}")
    page = watch.page
    # every entity, event, date and quantity of the document has its element, over exactly its text
    for prefix, items in (("ent", doc.entities), ("evt", doc.events)):
        for item in items:
            pieces = page.locator(f"#text [data-card='card-{prefix}-{item.id}']").all_text_contents()
            assert "".join(pieces) == item.text, (prefix, item.id)
    for i, t in enumerate(doc.times):
        assert "".join(page.locator(f"#text [data-card='card-time-{i}']").all_text_contents()) == t.text
    for i, q in enumerate(doc.quantities):
        assert "".join(page.locator(f"#text [data-card='card-qty-{i}']").all_text_contents()) == q.text
    # the page shows the original text unchanged
    assert page.locator("#text").text_content() == doc.text
    assert page.locator("#text").get_attribute("dir") == "rtl"
    for kind in ("PER", "ORG", "LOC"):
        if any(e.type == kind for e in doc.entities):
            assert page.locator(f"#text .hl-{kind}").count() > 0
    # clicking an event trigger shows its card with its rule and codes
    event = doc.events[0]
    card = page.locator(f"#card-evt-{event.id}")
    assert card.is_hidden()
    page.locator(f"#evt-{event.id}").click()
    assert card.is_visible()
    assert card.locator(".rule").inner_text() == event.rule
    assert event.cameo in card.inner_text()
    assert page.locator(f"#text [data-card='card-evt-{event.id}'].selected").count() >= 1
    watch.shot("article")
    # clicking an entity shows its rule (what found it) and its actor code
    entity = next(e for e in doc.entities if e.actor is not None)
    page.locator(f"#ent-{entity.id}").click()
    ent_card = page.locator(f"#card-ent-{entity.id}")
    assert ent_card.is_visible()
    assert ent_card.locator(".rule").inner_text() == entity.basis
    assert entity.actor is not None and entity.actor.code in ent_card.inner_text()
    assert card.is_hidden() or event.start <= entity.start < event.end
    # a kind can be switched off
    page.locator("[data-toggle='entity']").uncheck()
    assert "off-entity" in (page.locator("#text").get_attribute("class") or "")
    watch.shot("article-entities-off")
    watch.clean()


def test_filters_change_the_events_table_and_rows_link_to_their_sentence(site: dict[str, Any], watch: Watch) -> None:
    import httpx

    base = site["base"]
    watch.goto(f"{base}/events")
    page = watch.page
    everything = page.locator("#events tbody tr").count()
    assert everything == httpx.get(f"{base}/api/events?limit=1000").json()["total"] > 1
    # filter by the source of the least common source code
    rows = httpx.get(f"{base}/api/events?limit=1000").json()["items"]
    counts: dict[str, int] = {}
    for r in rows:
        if r["source_code"]:
            counts[r["source_code"]] = counts.get(r["source_code"], 0) + 1
    code = min(counts, key=lambda c: (counts[c], c))
    page.fill("#filters input[name=source]", code)
    page.click("#filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert f"source={code}" in page.url and "actor=" not in page.url  # empty fields are left out
    filtered = page.locator("#events tbody tr")
    expected = httpx.get(f"{base}/api/events", params={"source": code}).json()["total"]
    assert filtered.count() == expected < everything
    for cell in filtered.locator("td:nth-child(2) code").all_inner_texts():
        assert cell.startswith(code)
    # a bad filter is a clear message, not a crash
    watch.goto(f"{base}/events?since=not-a-date")
    assert "not a date" in page.locator("#error").inner_text()
    watch.console.clear()  # the 400 response itself is logged by the browser
    # a row links to its sentence in its article
    watch.goto(f"{base}/events?source={code}")
    link = page.locator("#events a.sentence-link").first
    href = link.get_attribute("href") or ""
    link.click()
    page.wait_for_load_state("networkidle")
    anchor = href.split("#", 1)[1]
    assert page.url.endswith("#" + anchor)
    sentence = page.locator(f"#{anchor}")
    assert sentence.is_visible()
    assert page.evaluate("() => document.querySelector(':target') && document.querySelector(':target').id") == anchor
    watch.shot("events-filtered-sentence")
    watch.clean()


def test_min_confidence_filter_changes_the_events_table(site: dict[str, Any], watch: Watch) -> None:
    import httpx

    base = site["base"]
    watch.goto(f"{base}/events")
    page = watch.page
    default = page.locator("#events tbody tr").count()
    assert default == httpx.get(f"{base}/api/events?limit=1000").json()["total"]
    every = httpx.get(f"{base}/api/events", params={"limit": 1000, "min_confidence": 0}).json()
    assert every["total"] > default
    for value, expected in (("0", every["total"]),
                            ("0.5", sum(r["confidence"] is None or r["confidence"] >= 0.5 for r in every["items"]))):
        page.fill("#filters input[name=min_confidence]", value)
        page.click("#filters button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert f"min_confidence={value}" in page.url
        assert page.locator("#events tbody tr").count() == expected
        assert page.input_value("#filters input[name=min_confidence]") == value  # the form keeps it
        shown = [float(c) for c in page.locator("#events td.conf").all_inner_texts() if c]
        assert len(shown) == expected and all(c >= float(value) - 0.005 for c in shown)
    watch.goto(f"{base}/events?min_confidence=2")
    assert "min-confidence" in page.locator("#error").inner_text()
    watch.console.clear()  # the 400 response itself is logged by the browser
    watch.clean()


def _bar_total(page: Any) -> int:
    return int(page.eval_on_selector_all("#timeline rect.bar", "els => els.reduce((s, e) => s + +e.dataset.events, 0)"))


def test_timeline_network_and_map_draw_what_the_api_returns(site: dict[str, Any], watch: Watch) -> None:
    import httpx

    base = site["base"]
    page = watch.page
    timeline = httpx.get(f"{base}/api/timeline").json()
    watch.goto(f"{base}/timeline")
    page.wait_for_selector("#timeline[data-rendered=true]")
    assert _bar_total(page) == sum(p["events"] for p in timeline["points"]) > 0
    page.select_option("#by", "quad")  # the select submits the form
    page.wait_for_url("**by=quad**")
    page.wait_for_selector("#timeline[data-rendered=true]")
    quad = httpx.get(f"{base}/api/timeline?by=quad").json()
    assert _bar_total(page) == sum(p["events"] for p in quad["points"]) > 0
    keys = set(page.eval_on_selector_all("#timeline rect.bar", "els => els.map(e => e.dataset.key)"))
    assert keys == {p["key"] for p in quad["points"]}
    watch.shot("timeline")

    network = httpx.get(f"{base}/api/network").json()
    watch.goto(f"{base}/network")
    page.wait_for_selector("#network[data-rendered=true]")
    assert page.locator("#network .node").count() == len(network["nodes"]) > 0
    assert page.locator("#network path.edge").count() == len(network["edges"]) > 0
    watch.shot("network")

    points = httpx.get(f"{base}/api/map").json()
    watch.goto(f"{base}/map")
    page.wait_for_selector("#map[data-rendered=true]")
    assert page.locator("#map path.country").count() > 150
    assert page.locator("#map circle.point").count() == len(points["points"]) > 0
    watch.shot("map")
    watch.clean()


def test_an_article_with_xss_payloads_renders_inert(site: dict[str, Any], watch: Watch) -> None:
    base = site["base"]
    page = watch.page
    for url in (f"{base}/documents/{site['xss_id']}", f"{base}/", f"{base}/?q=العدوان", f"{base}/events",
                f"{base}/network", f"{base}/api/docs"):
        watch.goto(url)
        # no script without a src, no element the article tried to inject, no handler attribute anywhere
        assert page.evaluate("() => document.querySelectorAll('script:not([src])').length") == 0
        assert page.evaluate("() => document.querySelectorAll('img, b').length") == 0
        assert page.evaluate(
            "() => [...document.querySelectorAll('*')].filter(e => [...e.attributes].some("
            "a => a.name.startsWith('on'))).length") == 0
    watch.goto(f"{base}/documents/{site['xss_id']}")
    text = page.locator("#text").text_content() or ""
    assert '<script>alert("xss")</script>' in text and "<img src=x onerror=alert(1)>" in text
    assert "<img" in (page.locator("h1").text_content() or "")
    for span in page.locator("#text [data-card]").all()[:5]:
        span.click()
    page.wait_for_timeout(300)
    watch.shot("xss-inert")
    watch.clean()


def test_quotes_page_filters_links_to_the_highlighted_quote_and_shows_script_as_text(site: dict[str, Any],
                                                                                      watch: Watch) -> None:
    import httpx

    base = site["base"]
    page = watch.page
    watch.goto(f"{base}/quotes")
    assert page.locator("#quotes tbody tr").count() == httpx.get(f"{base}/api/quotes").json()["total"] > 6
    # the speaker filter: words of the name, as written with harakat
    page.fill("#filters input[name=speaker]", "رُودِينكو")
    page.click("#filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "speaker=" in page.url and "about=" not in page.url  # empty fields are left out
    expected = httpx.get(f"{base}/api/quotes", params={"speaker": "رودينكو"}).json()
    rows = page.locator("#quotes tbody tr")
    assert rows.count() == expected["total"] >= 4
    assert all("رودينكو" in cell for cell in page.locator("#quotes td.speaker").all_inner_texts())
    # a quote links to its article, where it is highlighted, selected and its card shown
    first = expected["items"][0]
    page.locator("#quotes a.quote-link").first.click()
    page.wait_for_load_state("networkidle")
    anchor = f"quote-{first['position']}"
    assert page.url.endswith(f"?quote={first['position']}#{anchor}")
    quote = page.locator(f"#{anchor}")
    assert "focus" in (quote.get_attribute("class") or "") and "selected" in (quote.get_attribute("class") or "")
    assert "".join(page.locator(f"#text [data-card='card-{anchor}']").all_text_contents()) == first["text"]
    assert page.locator(f"#card-{anchor}").is_visible()
    watch.shot("quote-highlighted")
    # a quote's card names its medium (the outlet Rudenko spoke to), or has no medium row
    with_medium = next(i for i in expected["items"] if i["medium"])
    for item in (with_medium, first):
        watch.goto(f"{base}{item['url']}")
        card = page.locator(f"#card-quote-{item['position']} dl").inner_text()
        assert ("Medium" in card) == bool(item["medium"]) and (item["medium"] or "") in card
    # the medium, who relays and who is spoken to have their columns: the outlet Rudenko spoke to
    watch.goto(f"{base}/quotes?speaker=رودينكو")
    headers = page.locator("#quotes thead th").all_inner_texts()
    assert "Medium" in headers and "Relayed by" in headers and "To" in headers
    media = [r["medium"] for r in expected["items"] if r["medium"]]
    assert media and media == [m for m in page.locator("#quotes td.medium").all_inner_texts() if m]
    assert any("سبوتنيك" in m for m in media)
    # a medium holding markup is shown as text
    watch.goto(f"{base}/quotes?about=الحوار")
    assert any("<u>قناة" in m for m in page.locator("#quotes td.medium").all_inner_texts())
    assert page.evaluate("() => document.querySelectorAll('u').length") == 0
    # a quote holding a script is shown as text: nothing runs, no element is injected
    watch.goto(f"{base}/quotes?about=alert")
    words = page.locator("#quotes td.words").all_inner_texts()
    assert any("<script>alert(4)</script>" in w for w in words), words
    assert page.evaluate("() => document.querySelectorAll('script:not([src])').length") == 0
    assert page.evaluate("() => document.querySelectorAll('img, b').length") == 0
    assert page.evaluate(
        "() => [...document.querySelectorAll('*')].filter(e => [...e.attributes].some("
        "a => a.name.startsWith('on'))).length") == 0
    watch.shot("quotes-xss-inert")
    watch.clean()
