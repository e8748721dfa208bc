"""``marsad code`` and ``marsad demo``."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import click

from ..errors import InputError, MarsadError
from ..io.files import read_article_file
from ..io.readers import FORMATS, RecordResult, iter_articles
from ..model import Document, Source, document_to_dict
from ..pipeline import code_article

__all__ = ["register", "example_paths", "code_file", "code_record", "reader_options", "reader_kwargs"]

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


def code_record(result: RecordResult, *, published: str | None = None) -> Document:
    article = result.article
    assert article is not None
    source = Source(path=str(result.origin), url=article.header.get("url") or None)
    return code_article(article.text, header=article.header, published=published, source=source,
                        warnings=article.warnings)


@click.command("code")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl", show_default=True,
              help="JSON Lines (one document a line) or one JSON array.")
@click.option("--published", callback=_check_date, metavar="YYYY-MM-DD",
              help="Publication date to use instead of the one found in the article.")
@reader_options
@click.pass_context
def code_command(ctx: click.Context, paths: tuple[str, ...], fmt: str, published: str | None, **reader) -> None:
    """Code articles into documents.

    PATHS are files (text, HTML, JSON Lines, JSON, WARC, RSS/Atom, zip, gzip: recognised by
    content), folders (read recursively) or - for standard input."""
    failures = 0
    first = True
    if fmt == "json":
        click.echo("[", nl=False)
    for result in iter_articles(paths, **reader_kwargs(reader)):
        if not result.ok:
            failures += 1
            click.echo(f"marsad: error: {result}", err=True)
            continue
        line = json.dumps(document_to_dict(code_record(result, published=published)), ensure_ascii=False)
        if fmt == "json":
            click.echo(("" if first else ",\n") + line, nl=False)
        else:
            click.echo(line)
        first = False
    if fmt == "json":
        click.echo("]")
    if failures:
        ctx.exit(2)


@click.command("demo")
def demo_command() -> None:
    """Code the bundled example articles and show what was found."""
    from ..report import print_document_summary

    for path in example_paths():
        try:
            doc = code_file(str(path))
        except MarsadError as exc:  # pragma: no cover - the bundled examples are valid
            raise click.ClickException(str(exc)) from None
        print_document_summary(doc, name=path.name)


def register(root: click.Group) -> None:
    root.add_command(code_command)
    root.add_command(demo_command)
