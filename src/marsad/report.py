"""Readable terminal summaries of coded documents (used by ``marsad demo``)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .model import Document

__all__ = ["print_document_summary"]


def _short(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def print_document_summary(doc: Document, *, name: str, console: Console | None = None) -> None:
    console = console or Console()
    console.rule(f"[bold]{name}")
    head = Table(show_header=False, box=None)
    head.add_row("title", doc.title or "-")
    head.add_row("publisher", doc.publisher.name or doc.publisher.text if doc.publisher else "-")
    head.add_row("wire", doc.wire.name or doc.wire.text if doc.wire else "-")
    head.add_row("published", f"{doc.published or '-'} ({doc.published_basis or 'unknown'})")
    head.add_row("counts", ", ".join(
        f"{len(getattr(doc, k))} {k}" for k in ("sentences", "entities", "times", "quantities", "quotes", "events")
    ))
    console.print(head)

    def table(title: str, columns: list[str], rows: list[list[str]]) -> None:
        if not rows:
            return
        t = Table(title=title, title_justify="left")
        for column in columns:
            t.add_column(column)
        for row in rows:
            t.add_row(*row)
        console.print(t)

    table("Times", ["text", "value", "granularity", "relative"], [
        [t.text, t.value or "?", t.granularity or "", "yes" if t.relative else ""] for t in doc.times])
    table("Quantities", ["text", "value", "unit", "qualifier"], [
        [q.text, f"{q.value:g}", q.unit or "", q.qualifier or ""] for q in doc.quantities])
    table("Entities", ["id", "type", "text", "actor", "place", "refers to"], [
        [e.id, e.type, e.text, e.actor.code if e.actor else "",
         f"{e.place.name} ({e.place.country})" if e.place else "", e.refers_to or ""] for e in doc.entities])
    table("Quotes", ["kind", "speaker", "cue", "text"], [
        [q.kind, q.speaker or "?", q.cue or "", _short(q.text)] for q in doc.quotes])
    table("Events (every candidate)", ["cameo", "plover", "source", "target", "modality", "conf.", "date", "rule",
                                       "trigger"], [
        [e.cameo, e.plover, e.source.code if e.source else "", e.target.code if e.target else "",
         e.modality + (" (negated)" if e.negated else ""), "" if e.confidence is None else f"{e.confidence:.2f}",
         e.date or "", e.rule, e.text] for e in doc.events])
