"""The article page's highlighted text: spans from a document's offsets, made into properly
nested markup.

Every span (sentences, quotes, events, entities, times, quantities) is cut at the offsets of
the original text. Where two spans cross, the inner one is split into pieces, each piece
carrying the same card id, so the markup always nests. Text is escaped here, and only here,
with :func:`markupsafe.escape`; the caller marks the result safe.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..model import Document

__all__ = ["Span", "document_spans", "render_spans", "KINDS"]

#: Kinds, outermost first when two spans cover the same characters.
KINDS = ("sentence", "quote", "event", "entity", "time", "quantity")
_PRIORITY = {kind: i for i, kind in enumerate(KINDS)}


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str
    key: str  # element id of the first piece; also the id of its card ("card-<key>")
    classes: tuple[str, ...] = ()
    title: str = ""
    attrs: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def document_spans(doc: Document, *, focus_quote: int | None = None) -> list[Span]:
    """All highlightable spans of a document, clipped to its text; empty spans dropped. The
    quote at position ``focus_quote`` (a link from the quotes page) gets the ``focus`` class."""
    size = len(doc.text)
    spans: list[Span] = []

    def add(start: int, end: int, span: Span) -> None:
        if 0 <= start < end <= size:
            spans.append(span)

    for i, s in enumerate(doc.sentences):
        add(s.start, s.end, Span(s.start, s.end, "sentence", f"s-{i}", ("sent",)))
    for i, q in enumerate(doc.quotes):
        classes = ("hl", "hl-quote", f"hl-quote-{q.kind}") + (("focus",) if i == focus_quote else ())
        add(q.start, q.end, Span(q.start, q.end, "quote", f"quote-{i}", classes, f"quote ({q.kind})"))
    for ev in doc.events:
        add(ev.start, ev.end, Span(ev.start, ev.end, "event", f"evt-{ev.id}",
                                   ("hl", "hl-event", f"hl-quad-{ev.quad_class or 0}"),
                                   f"{ev.cameo} {ev.plover} · {ev.rule}"))
    for en in doc.entities:
        code = en.actor.code if en.actor else ""
        add(en.start, en.end, Span(en.start, en.end, "entity", f"ent-{en.id}", ("hl", "hl-entity", f"hl-{en.type}"),
                                   " ".join(x for x in (en.type, code, en.canonical or "") if x)
                                   + (f" · {en.basis}" if en.basis else "")))
    for i, t in enumerate(doc.times):
        add(t.start, t.end, Span(t.start, t.end, "time", f"time-{i}", ("hl", "hl-time"),
                                 f"{t.value or '?'}" + (f" · {t.rule}" if t.rule else "")))
    for i, n in enumerate(doc.quantities):
        add(n.start, n.end, Span(n.start, n.end, "quantity", f"qty-{i}", ("hl", "hl-quantity"),
                                 f"{n.qualifier or ''} {n.value:g} {n.unit or ''}".strip()))
    return spans


def _order(span: Span) -> tuple[int, int, int, str]:
    return (span.start, -span.end, _PRIORITY.get(span.kind, len(KINDS)), span.key)


def _open(span: Span, first: bool) -> str:
    tag = "span"
    classes = list(span.classes) + ([] if first else ["cont"])
    parts = [f'<{tag} class="{escape(" ".join(classes))}"']
    if first:
        parts.append(f' id="{escape(span.key)}"')
    if span.kind != "sentence":
        parts.append(f' data-card="card-{escape(span.key)}" data-kind="{escape(span.kind)}" tabindex="0"')
        if span.title:
            parts.append(f' title="{escape(span.title)}"')
    for name, value in span.attrs:
        parts.append(f' {escape(name)}="{escape(value)}"')
    return "".join(parts) + ">"


def render_spans(text: str, spans: Iterable[Span]) -> Markup:
    """The text with every span as an element; crossing spans are split so tags nest."""
    ordered = sorted(spans, key=_order)
    bounds = sorted({0, len(text), *(s.start for s in ordered), *(s.end for s in ordered)})
    out: list[str] = []
    stack: list[Span] = []
    opened: set[str] = set()
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        wanted = [s for s in ordered if s.start <= lo and s.end >= hi]
        keep = 0
        while keep < len(stack) and keep < len(wanted) and stack[keep] is wanted[keep]:
            keep += 1
        for _ in range(len(stack) - keep):
            stack.pop()
            out.append("</span>")
        for span in wanted[keep:]:
            out.append(_open(span, span.key not in opened))
            opened.add(span.key)
            stack.append(span)
        out.append(str(escape(text[lo:hi])))
    out.extend("</span>" for _ in stack)
    return Markup("".join(out))
