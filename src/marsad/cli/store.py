"""``marsad ingest | search | events | quotes | actors | stats | export``: thin wrappers over marsad.store.

Library errors (QueryError, StoreError, InputError) become one line and an exit code in the
root group."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click

from ..settings import Settings
from .actors import actors_option, check_registry
from .code import min_confidence_option, reader_kwargs, reader_options, resolve_min_confidence

__all__ = ["register", "DB_HELP"]

DB_HELP = "Store: a file path, sqlite:///path or postgresql://user@host:port/db (env MARSAD_DB)."


def _db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--db", "db", envvar="MARSAD_DB", default="marsad.db", show_default=True,
                        metavar="URL", help=DB_HELP)(func)


def _open(db: str, **kwargs: Any):
    from ..store import open_store

    return open_store(db, **kwargs)


def _emit(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str, *, title: str | None = None) -> None:
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    else:
        cells = [[_cell(row.get(c)) for c in columns] for row in rows]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
        if title:
            click.echo(title)
        click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
        for r in cells:
            click.echo("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())


def _cell(value: Any, width: int = 60) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


_FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
                       show_default=True, help="Output format.")


def _default_workers() -> int:
    return os.cpu_count() or 1


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@_db_option
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=200, show_default=True,
              help="Documents per transaction.")
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date to use instead of the one found.")
@click.option("--near-threshold", type=click.FloatRange(0.05, 1.0), default=None,
              help="Near-duplicate Jaccard threshold (default 0.8; fixed when the store is created).")
@click.option("--workers", "-j", type=click.IntRange(1, 1024), default=_default_workers,
              show_default="all cores", help="Processes (local engine) or Dask workers (LocalCluster) coding.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: a process pool here; dask: partitions on a Dask cluster, written as Parquet shards "
                   "and merged into the store in input order.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786); without it a LocalCluster is started.")
@click.option("--shard-dir", metavar="DIR",
              help="Dask: keep the Parquet shards in DIR (must be shared with the workers of a remote "
                   "cluster); default a temporary folder, removed.")
@click.option("--article-timeout", type=click.FloatRange(0, None), default=Settings().article_timeout,
              show_default=True, metavar="SECONDS",
              help="An article that takes longer to code is recorded as failed (not stored) and the batch goes "
                   "on; 0: no limit. Local engine (workers and in-process); not on Dask.")
@click.option("--progress-every", type=click.FloatRange(0, None), default=10.0, show_default=True,
              metavar="SECONDS", help="When not on a terminal: one progress line on standard error this often.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line.")
@min_confidence_option("0: store every candidate with its confidence, so `events` and `export` can choose "
                       "the threshold later")
@actors_option
@reader_options
@click.pass_context
def ingest_command(ctx: click.Context, paths: tuple[str, ...], db: str, batch_size: int, published: str | None,
                   near_threshold: float | None, workers: int, engine: str, scheduler: str | None,
                   shard_dir: str | None, article_timeout: float, progress_every: float, quiet: bool,
                   min_confidence: float | None, actors: str | None, **reader: Any) -> None:
    """Code articles (files, folders, archives; every format `marsad code` reads) and store
    them, coding on all cores; rerunning the same command is safe. A progress bar on a
    terminal, log lines on standard error otherwise."""
    from ..io.readers import check_folders
    from ..scale import IngestProgress
    from ..store import ingest_paths
    from ..store.query import check_date

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if shard_dir and engine != "dask":
        raise click.UsageError("--shard-dir needs --engine dask")
    published = check_date(published, "--published") if published else None
    check_folders(paths)  # before the store is created
    options = {"shard_dir": shard_dir} if shard_dir else None
    check_registry(actors)  # a bad registry is one error before anything is stored
    if actors:  # workers may run elsewhere: the registry's path as this process sees it
        actors = os.path.abspath(actors)
    with _open(db, near_threshold=near_threshold) as store:
        progress = None if quiet else IngestProgress(every=progress_every)
        try:
            report = ingest_paths(paths, store=store, batch_size=batch_size, published=published,
                                  progress=progress, workers=workers, engine=engine, scheduler=scheduler,
                                  engine_options=options, min_confidence=min_confidence,
                                  settings=Settings(article_timeout=article_timeout, actors=actors),
                                  **reader_kwargs(reader))
        finally:
            if progress is not None:
                progress.close()
    for path, message in report.failed:
        click.echo(f"marsad: error: {path}: {message}", err=True)
    click.echo(f"{db}: {report.summary()}")
    if report.failed:
        ctx.exit(2)


@click.command("search")
@click.argument("query")
@_db_option
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--all-copies", is_flag=True, help="List every matching document, not one per story.")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
def search_command(query: str, db: str, limit: int, all_copies: bool, fmt: str) -> None:
    """Full-text search (harakat, hamza forms and clitics do not matter), one document per
    story unless --all-copies; snippets come from the original text, matches in [brackets]."""
    with _open(db, create=False) as store:
        hits = store.search(query, limit=limit, one_per_story=not all_copies)
        documents, stories = store.search_counts(query)
    if fmt == "jsonl":
        for hit in hits:
            click.echo(json.dumps(hit.to_dict(), ensure_ascii=False))
        return
    shown = stories if not all_copies else documents
    click.echo(f"{documents} documents in {stories} stories match {query!r}"
               + (f"; showing {len(hits)}" if shown > len(hits) else ""))
    for hit in hits:
        head = " | ".join(x for x in (hit.published, hit.publisher, hit.title) if x)
        click.echo(f"\n{hit.doc_id}  {head}")
        click.echo(f"  {hit.snippet}")


@click.command("events")
@_db_option
@click.option("--actor", metavar="CODE", help="Source or target actor code (prefix: RUS matches RUSGOV).")
@click.option("--source", metavar="CODE", help="Source actor code (prefix).")
@click.option("--target", metavar="CODE", help="Target actor code (prefix).")
@click.option("--code", metavar="PREFIX", help="CAMEO event code prefix (e.g. 19 or 0334).")
@click.option("--plover", metavar="TYPE", help="PLOVER event type (e.g. ASSAULT).")
@click.option("--country", metavar="ISO3", help="Either actor's country or the event's location country.")
@click.option("--since", metavar="DATE", help="First event date (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--until", metavar="DATE", help="Last event date (inclusive).")
@click.option("--modality", metavar="LIST",
              help="Only events with a mention of these modalities that is not negated "
                   "(asserted, intent, claim, historical, hypothetical; comma-separated), or 'negated'.")
@click.option("--limit", type=int, default=None, help="At most this many events.")
@min_confidence_option("the event model's threshold chosen by cross-validation; 0 lists every candidate")
@_FORMAT
def events_command(db: str, fmt: str, min_confidence: float | None, **filters: Any) -> None:
    """Merged events (one row per source/target/CAMEO/date) with mention counts and confidence
    (the best mention's); with a threshold only the mentions at or above it are counted."""
    threshold = resolve_min_confidence(min_confidence)
    with _open(db, create=False) as store:
        rows = store.events(min_confidence=threshold, **filters)
    columns = ("id", "date", "source_code", "target_code", "cameo", "plover", "confidence", "num_mentions",
               "num_sources", "num_articles", "num_stories", "modalities", "num_negated",
               "text") if fmt == "table" else None
    from ..store import EVENT_COLUMNS

    if columns is not None:
        rows = [{**r, "confidence": None if r["confidence"] is None else f"{r['confidence']:.2f}"} for r in rows]
    _emit(rows, columns or EVENT_COLUMNS, fmt,
          title=f"{len(rows)} events" + (f" with a confidence of at least {threshold:g}" if threshold else ""))


@click.command("quotes")
@_db_option
@click.option("--speaker", metavar="NAME|CODE",
              help="Words of the speaker's name (harakat, hamza forms and clitics do not matter) or the "
                   "speaker's actor code prefix (IRQ matches IRQGOV).")
@click.option("--about", metavar="WORDS|CODE",
              help="The party spoken about: an actor code prefix of the target or addressee, or words inside "
                   "the quote.")
@click.option("--since", metavar="DATE", help="First publication date (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--until", metavar="DATE", help="Last publication date (inclusive).")
@click.option("--kind", type=click.Choice(["direct", "indirect"]), default=None, help="Direct or indirect speech.")
@click.option("--doc", "doc_id", metavar="ID", help="Only the quotes of this document.")
@click.option("--limit", type=click.IntRange(0, None), default=None, help="At most this many quotes.")
@click.option("--offset", type=click.IntRange(0, None), default=0, help="Skip this many first.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default="table",
              show_default=True, help="Output format (json: one object with the total and the quotes).")
def quotes_command(db: str, fmt: str, **filters: Any) -> None:
    """Quotes and reported statements in the store with their speaker, medium, who relays them,
    who they were said to, cue and the document's date: newest document first, each document's
    quotes in text order (json, jsonl and csv also give the codes and the body the speaker
    speaks for)."""
    from ..store.quotes import QUOTE_COLUMNS

    with _open(db, create=False) as store:
        flt = store.quote_filter(**filters)
        rows = store.quotes(flt)
        total = store.count_quotes(flt)
    if fmt == "json":
        click.echo(json.dumps({"total": total, "limit": flt.limit, "offset": flt.offset, "items": rows},
                              ensure_ascii=False))
        return
    columns = ("published", "speaker_text", "speaker_code", "kind", "cue", "medium", "relayed_by_text",
               "addressee_text", "text", "doc_id") if fmt == "table" else QUOTE_COLUMNS
    title = f"{total} quotes" + (f"; {flt.offset + 1}-{flt.offset + len(rows)} shown" if len(rows) < total else "")
    _emit(rows, columns, fmt, title=title)


def _actors_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = _FORMAT(func)
    func = click.option("--limit", type=int, default=None)(func)
    func = click.option("--type", "etype", type=click.Choice(["PER", "ORG", "LOC", "MISC"]), default=None,
                        help="Only entities of this type (PER: people, with the titles that introduced them).")(func)
    return _db_option(func)


def _list_actors(db: str, etype: str | None, limit: int | None, fmt: str) -> None:
    with _open(db, create=False) as store:
        rows = store.actors(limit=limit, type=etype)
    columns = ("code", "name", "type", "country", "role", "title", "mentions", "documents", "stories",
               "events_as_source", "events_as_target")
    _emit(rows, columns, fmt, title=f"{len(rows)} actors")


@click.group("actors", invoke_without_command=True)
@_actors_options
@click.pass_context
def actors_command(ctx: click.Context, db: str, etype: str | None, limit: int | None, fmt: str) -> None:
    """Actors and people of the store with how many mentions, documents and stories name them
    (the same as `actors list`); `actors resolve` and `actors import` work on the actor registry."""
    if ctx.invoked_subcommand is None:
        _list_actors(db, etype, limit, fmt)


@actors_command.command("list")
@_actors_options
def actors_list_command(db: str, etype: str | None, limit: int | None, fmt: str) -> None:
    """Actors and people of the store with how many mentions, documents and stories name them."""
    _list_actors(db, etype, limit, fmt)


@click.command("stats")
@_db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats_command(db: str, fmt: str) -> None:
    """What the store holds: documents, stories, events, mentions, publishers."""
    with _open(db, create=False) as store:
        stats = store.stats()
    if fmt == "json":
        click.echo(json.dumps(stats, ensure_ascii=False, indent=1))
        return
    for key, value in stats.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            click.echo(f"{key}:")
            for item in value:
                click.echo("  " + ", ".join(f"{k}={v}" for k, v in item.items()))
        elif isinstance(value, (list, dict)):
            click.echo(f"{key}: {json.dumps(value, ensure_ascii=False)}")
        else:
            click.echo(f"{key}: {value}")


@click.command("export")
@_db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "gdelt"]), required=True,
              help="jsonl (documents by default), csv/parquet (events by default), gdelt (GDELT 2.0 events, "
                   "61 tab-separated columns).")
@click.option("--out", "out", required=True, metavar="FILE", help="Output file (- for standard output).")
@click.option("--table", type=click.Choice(["documents", "events", "mentions", "quotes"]), default=None,
              help="What to export (default: documents for jsonl, events otherwise); quotes: the columns of "
                   "`marsad quotes`, with the medium, who relays, who is addressed and the body spoken for.")
@min_confidence_option("the event model's threshold chosen by cross-validation; 0 exports every candidate. "
                       "Mentions, and documents' events, below it are left out too")
def export_command(db: str, fmt: str, out: str, table: str | None, min_confidence: float | None) -> None:
    """Export the store (each event and mention with its confidence, except in the GDELT format,
    which has no such column: it holds the events that pass the threshold)."""
    from ..store import EventFilter

    threshold = resolve_min_confidence(min_confidence)
    with _open(db, create=False) as store:
        count = store.export(fmt, out, table=table, filters=EventFilter(min_confidence=threshold or None))
    if out != "-":
        click.echo(f"{count} rows written to {out}", err=True)


COMMANDS: Iterable[click.Command] = (ingest_command, search_command, events_command, quotes_command, actors_command,
                                     stats_command, export_command)


def register(root: click.Group) -> None:
    for command in COMMANDS:
        root.add_command(command)

