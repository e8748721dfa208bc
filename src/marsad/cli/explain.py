"""``marsad explain PATH``: every coded event with its confidence, sentence, trigger, actors and rule.

Arabic is printed in logical order (never reversed): the terminal does the bidi layout; rich
markup only wraps the trigger.
"""

from __future__ import annotations

import click

__all__ = ["register", "explain_document"]


def explain_document(doc, *, lang=None, console=None, threshold: float | None = None) -> None:
    """Print the events of a coded document, one block per event, each with its confidence
    (marked when below ``threshold``, default the event model's)."""
    from rich.console import Console
    from rich.markup import escape

    from ..confidence import default_threshold
    from ..langdata.loader import load_langdata
    from ..stages.events import cameo_entry, describe_rule

    lang = lang or load_langdata(doc.language)
    threshold = default_threshold() if threshold is None else threshold
    console = console or Console(highlight=False)
    names = {e.id: e for e in doc.entities}
    if not doc.events:
        console.print("no events coded")
        return
    for ev in doc.events:
        sent = doc.sentences[ev.sentence] if 0 <= ev.sentence < len(doc.sentences) else None
        entry = cameo_entry(lang, ev.cameo)
        head = (f"[bold]{ev.id}[/bold]  CAMEO {ev.cameo} {escape(entry.get('name', ''))}  ·  "
                f"PLOVER {ev.plover or '-'}{'/' + ev.plover_mode if ev.plover_mode else ''}  ·  "
                f"{ev.modality}{'  · negated' if ev.negated else ''}  ·  {ev.date or '-'}"
                f"{' (' + ev.date_basis + ')' if ev.date_basis else ''}")
        console.print(head)
        if ev.confidence is None:
            console.print("  confidence: - (no event model)")
        else:
            below = f"  [yellow]below the threshold {threshold:g}[/yellow]" if ev.confidence < threshold else ""
            console.print(f"  confidence: {ev.confidence:.2f}{below}")
        if sent is not None:
            a, b = ev.start - sent.start, ev.end - sent.start
            line = (escape(sent.text[:a]) + "[bold reverse]" + escape(sent.text[a:b]) + "[/bold reverse]"
                    + escape(sent.text[b:]))
            console.print(f"  sentence {ev.sentence}: {line}")

        def actor(part) -> str:
            if part is None:
                return "-"
            ent = names.get(part.entity or "")
            label = ent.canonical if ent is not None and ent.canonical else part.text
            return f"{part.code} ({escape(label or '')})"

        console.print(f"  source: {actor(ev.source)}   target: {actor(ev.target)}")
        if ev.attributed_to:
            sp = names.get(ev.attributed_to)
            console.print(f"  reported by: {escape(sp.canonical or sp.text) if sp else ev.attributed_to}")
        if ev.location is not None:
            console.print(f"  location: {escape(ev.location.name)} {ev.location.country or ''}")
        console.print(f"  rule: [cyan]{ev.rule}[/cyan]  {escape(describe_rule(lang, ev.rule))}")
        console.print()


@click.command("explain")
@click.argument("path")
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date to use instead of the one found.")
def explain_command(path: str, published: str | None) -> None:
    """Code an article and explain each event: sentence, trigger, actors and the rule that fired."""
    from .code import code_file

    explain_document(code_file(path, published=published))


def register(root: click.Group) -> None:
    root.add_command(explain_command)
