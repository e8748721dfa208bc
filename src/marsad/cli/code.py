"""``marsad code`` and ``marsad demo``."""

from __future__ import annotations

import gc
import json
import re
from datetime import date
from pathlib import Path

import click

from ..io.files import read_article_file
from ..io.readers import FORMATS, RecordResult, check_folders, iter_articles
from ..model import Document, Source, document_to_dict
from ..pipeline import code_article
from ..settings import Settings
from .actors import actors_option, check_registry

__all__ = ["register", "example_paths", "code_file", "code_record", "reader_options", "reader_kwargs",
           "min_confidence_option", "resolve_min_confidence"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def example_paths() -> list[Path]:
    folder = Path(__file__).resolve().parent.parent / "examples"
    return sorted(folder.glob("*.txt"))


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        if not _ISO_DATE.match(value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None
    return value


def code_file(path: str, *, published: str | None = None) -> Document:
    article = read_article_file(path)
    source = Source(path=None if path == "-" else path, url=article.header.get("url") or None)
    return code_article(article.text, header=article.header, published=published, source=source,
                        warnings=article.warnings)


def _check_min_confidence(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    from ..confidence import check_confidence

    return check_confidence(value, "--min-confidence")  # a QueryError: one line, exit 2


def min_confidence_option(default: str):
    """``--min-confidence X`` (a number in [0, 1], checked); ``default`` says what it is when
    not given (the command resolves it)."""
    return click.option("--min-confidence", "min_confidence", metavar="X", callback=_check_min_confidence,
                        help=f"Only events whose confidence (the event model's calibrated probability) is at least "
                             f"X, in [0, 1]; events without one always pass. Default: {default}.")


def resolve_min_confidence(value: float | None) -> float:
    """The threshold asked for, or the event model's cross-validated one."""
    from ..confidence import default_threshold

    return default_threshold() if value is None else value


def reader_options(func):
    """Options shared by the commands that read articles (code, ingest)."""
    options = [
        click.option("--text-field", help="JSON field holding the article text (default: text, content, body)."),
        click.option("--date-field", help="JSON field holding the publication date."),
        click.option("--title-field", help="JSON field holding the title."),
        click.option("--url-field", help="JSON field holding the URL."),
        click.option("--input-format", type=click.Choice(list(FORMATS)),
                     help="Read every input as this format instead of recognising it."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def reader_kwargs(params: dict) -> dict:
    return {
        "text_field": params.get("text_field"), "date_field": params.get("date_field"),
        "title_field": params.get("title_field"), "url_field": params.get("url_field"),
        "format": params.get("input_format"),
    }


def code_record(result: RecordResult, *, published: str | None = None, settings: Settings | None = None) -> Document:
    article = result.article
    assert article is not None
    source = Source(path=str(result.origin), url=article.header.get("url") or None)
    return code_article(article.text, header=article.header, published=published, source=source,
                        warnings=article.warnings, settings=settings)


@click.command("code")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl", show_default=True,
              help="JSON Lines (one document a line) or one JSON array.")
@click.option("--published", callback=_check_date, metavar="YYYY-MM-DD",
              help="Publication date to use instead of the one found in the article.")
@min_confidence_option("the event model's threshold chosen by cross-validation; 0 prints every candidate")
@actors_option
@reader_options
@click.pass_context
def code_command(ctx: click.Context, paths: tuple[str, ...], fmt: str, published: str | None,
                 min_confidence: float | None, actors: str | None, **reader) -> None:
    """Code articles into documents.

    PATHS are files (text, HTML, JSON Lines, JSON, WARC, RSS/Atom, zip, gzip: recognised by
    content), folders (read recursively) or - for standard input. Each event has its
    confidence; those below --min-confidence are left out."""
    from ..confidence import keep_confident

    check_folders(paths)
    threshold = resolve_min_confidence(min_confidence)
    check_registry(actors)  # a bad registry is one error before any article is coded
    settings = Settings(actors=actors)
    failures = 0
    first = True
    if fmt == "json":
        click.echo("[", nl=False)
    for result in iter_articles(paths, **reader_kwargs(reader)):
        if not result.ok:
            failures += 1
            click.echo(f"marsad: error: {result}", err=True)
            continue
        doc = keep_confident(code_record(result, published=published, settings=settings), threshold)
        line = json.dumps(document_to_dict(doc), ensure_ascii=False)
        if fmt == "json":
            click.echo(("" if first else ",\n") + line, nl=False)
        else:
            click.echo(line)
        if first:
            # The language data, matchers and model loaded for the first article live until the
            # end: keep them out of the cycle collector's scans (~2 ms per article otherwise).
            gc.freeze()
        first = False
    if fmt == "json":
        click.echo("]")
    if failures:
        ctx.exit(2)


@click.command("demo")
@click.option("--db", "db", envvar="MARSAD_DB", default="marsad.db", show_default=True, metavar="URL",
              help="Store to ingest the examples into (a file path, sqlite:///path or postgresql://...).")
def demo_command(db: str) -> None:
    """Code the bundled example articles, store them, and show what was found."""
    from rich.console import Console
    from rich.table import Table

    from ..report import print_document_summary
    from ..store import ingest_paths, open_store

    console = Console()
    paths = [str(p) for p in example_paths()]
    for path in paths:
        print_document_summary(code_file(path), name=Path(path).name, console=console)
    threshold = resolve_min_confidence(None)
    with open_store(db) as store:
        report = ingest_paths(paths, store=store)
        events = store.events(min_confidence=threshold)
        stats = store.stats()
    console.rule(f"[bold]Stored in {db}")
    console.print(f"{report.summary()}; the store holds "
                  f"{stats.get('documents')} documents in {stats.get('stories')} stories and "
                  f"{stats.get('events')} merged events, of which {len(events)} have a confidence of at least "
                  f"{threshold:g} (the event model's threshold).")
    table = Table(title=f"Events from the store (merged across documents; confidence >= {threshold:g})",
                  title_justify="left")
    for column in ("date", "source", "cameo", "plover", "target", "modality", "conf.", "n", "trigger"):
        # The codes stay whole on a narrow terminal; the trigger text wraps.
        table.add_column(column, no_wrap=column != "trigger")
    for row in events:
        negated = row.get("num_negated") or 0
        modality = (row.get("modalities") or "") + (f" ({negated} negated)" if negated else "")
        table.add_row(row.get("date") or "", row.get("source_code") or "", row.get("cameo") or "",
                      row.get("plover") or "", row.get("target_code") or "", modality,
                      _conf(row.get("confidence")), str(row.get("num_mentions") or ""), row.get("text") or "")
    console.print(table)
    console.print("Next: marsad search طاجيكستان | marsad events --actor RUS | marsad serve")


def _conf(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def register(root: click.Group) -> None:
    root.add_command(code_command)
    root.add_command(demo_command)
