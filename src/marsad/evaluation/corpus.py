"""Hand annotations of real news, kept as URL + offsets + the short annotated span.

The articles themselves (SaudiNewsNet, CC BY-NC-SA, their publishers' property) are never
copied into the project: an annotation names its article by URL, and the text is read from the
corpus's raw zips (``../shared/data/corpora/saudinewsnet/raw``) when it is there. An offset is a
``str`` index into the record's ``content`` field, end exclusive, as ``code_article(content)``
sees it; ``span`` repeats the annotated characters so that a drifted offset is caught.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = [
    "coded_articles",
    "raw_records", "articles_by_url", "political_sample_urls", "read_annotations", "numbered_annotations", "check_span",
    "default_corpus_dir", "annotated_articles",
]


def default_corpus_dir() -> Path:
    """Where the SaudiNewsNet raw zips are when no ``--corpus`` is given: ``../shared`` beside the checkout."""
    return Path.cwd().parent / "shared" / "data" / "corpora" / "saudinewsnet" / "raw"


def annotated_articles(raw_dir: str | Path, items: Iterable[Any], *, path: str | Path, what: str = "gold"
                       ) -> dict[str, dict[str, Any]]:
    """The corpus records of the articles that annotation ``items`` (with ``url``, ``start``,
    ``end``, ``span`` and ``line``) point into, after checking that the corpus is there, that it
    holds every article and that each span is the article's text at its offsets: else an
    :class:`InputError` naming the file (and the line)."""
    raw = Path(raw_dir)
    if not raw.is_dir() or not any(raw.glob("*.zip")):
        raise InputError(f"corpus not found at {raw} (give --corpus DIR: the folder of SaudiNewsNet raw zips)")
    items = list(items)
    urls = list(dict.fromkeys(item.url for item in items))
    records = articles_by_url(raw, urls)
    absent = [u for u in urls if u not in records]
    if absent:
        raise InputError(f"{len(absent)} {what} article(s) not in the corpus, first {absent[0]}", path=str(path))
    for item in items:
        if not check_span(str(records[item.url].get("content") or ""), item.start, item.end, item.span):
            raise InputError(f"line {item.line}: span does not match the article's text at {item.start}:{item.end}",
                             path=str(path))
    return records


def coded_articles(raw_dir: str | Path, items: Iterable[Any], *, path: str | Path, what: str = "gold"
                   ) -> dict[str, Any]:
    """The articles annotation ``items`` point into (checked as :func:`annotated_articles` does),
    each coded with the current pipeline and model at its publication date: URL -> Document."""
    from ..langdata.loader import load_langdata
    from ..pipeline import code_article
    from ..settings import Settings

    items = list(items)
    records = annotated_articles(raw_dir, items, path=path, what=what)
    lang, settings = load_langdata("ar"), Settings()
    out: dict[str, Any] = {}
    for url in dict.fromkeys(item.url for item in items):
        rec = records[url]
        published = str(rec.get("date_extracted") or "")[:10] or None
        out[url] = code_article(str(rec.get("content") or ""), published=published, lang=lang, settings=settings)
    return out


def raw_records(raw_dir: str | Path, *, zips: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
    """Every article record of the raw zips (all of them, or the named ``2015-07-21.zip`` ...),
    in file order; each gets ``zip`` (the archive's name)."""
    root = Path(raw_dir)
    names = sorted(zips) if zips is not None else sorted(p.name for p in root.glob("*.zip"))
    for name in names:
        with zipfile.ZipFile(root / name) as archive:
            for member in sorted(archive.namelist()):
                for rec in json.loads(archive.read(member)):
                    if isinstance(rec, dict):
                        yield {**rec, "zip": name}


def articles_by_url(raw_dir: str | Path, urls: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """The records whose URL is wanted (all when ``urls`` is None); the first record of a URL wins."""
    wanted = set(urls) if urls is not None else None
    found: dict[str, dict[str, Any]] = {}
    for rec in raw_records(raw_dir):
        url = rec.get("url")
        if isinstance(url, str) and url not in found and (wanted is None or url in wanted):
            found[url] = rec
    return found


def political_sample_urls(sample_jsonl: str | Path) -> set[str]:
    """URLs of the 402-article political sample (annotations must come from outside it)."""
    with Path(sample_jsonl).open(encoding="utf-8") as fh:
        return {json.loads(line)["url"] for line in fh if line.strip()}


def numbered_annotations(path: str | Path, *, required: tuple[str, ...] = (), what: str = "a JSON object"
                         ) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each JSON object a line; blank lines and lines starting with
    ``#`` are skipped. A line that is not an object with the ``required`` fields is an error
    naming the line (``what`` it should be, and the fields it lacks)."""
    p = Path(path)
    if not p.is_file():
        raise InputError("no such file", path=str(path))
    with p.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                raise InputError(f"line {n} is not JSON", path=str(path)) from None
            if not isinstance(rec, dict):
                raise InputError(f"line {n} is not {what}", path=str(path))
            missing = [field for field in required if field not in rec]
            if missing:
                raise InputError(f"line {n} is not {what} (missing {', '.join(missing)})", path=str(path))
            yield n, rec


def read_annotations(path: str | Path, *, required: tuple[str, ...] = (), what: str = "a JSON object"
                     ) -> list[dict[str, Any]]:
    """The objects of :func:`numbered_annotations`, in order."""
    return [rec for _, rec in numbered_annotations(path, required=required, what=what)]


def check_span(content: str, start: int, end: int, span: str) -> bool:
    """The annotated characters are still where the annotation says."""
    return 0 <= start <= end <= len(content) and content[start:end] == span
