"""``marsad actors resolve | import``: the actor registry from the command line (``marsad actors``
and ``actors list``, the store's actors, are in :mod:`.store`).

``--actors FILE`` (env ``MARSAD_ACTORS``) names a user registry; it is also an option of
``code`` and ``ingest``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..errors import RegistryError

__all__ = ["register", "actors_option"]


def actors_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--actors", "actors", envvar="MARSAD_ACTORS", metavar="FILE", default=None,
                        help="User actor registry (TSV or YAML) that adds or overrides entries of the shipped "
                             "one (env MARSAD_ACTORS).")(func)


def check_registry(path: str | None):
    """Load the registry (shipped + ``path``) once, before any coding: a bad file is one error."""
    from ..actors import actor_registry
    from ..langdata.loader import load_langdata

    return actor_registry(load_langdata("ar"), path)


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _record_view(record, when: str | None) -> dict[str, Any]:
    from ..actors import pick_code

    view: dict[str, Any] = {"entry": record.id, "kind": record.kind, "table": record.table, "line": record.line,
                            "names": list(record.names), "english": record.english}
    if record.codes:
        chosen, why = pick_code(record.codes, when)
        view.update(code=chosen.code, country=chosen.country, role=chosen.role, role_dates=chosen.span(), why=why)
        view["roles"] = [{"code": c.code, "from": c.start, "to": c.end} for c in record.codes]
    return view


def resolve(text: str, *, when: str | None, actors: str | None) -> dict[str, Any]:
    """What ``text`` resolves to: registry entries with exactly this name, and the entities the
    coder finds in it (with the registry entry and dated role behind each)."""
    from ..langdata.loader import load_langdata
    from ..pipeline import run_stages
    from ..settings import Settings
    from ..stages.normalize import normalize_string
    from ..stages.segment import tokenize_view

    lang = load_langdata("ar")
    registry = check_registry(actors)

    def key(value: str) -> tuple[str, ...]:
        return tuple(w for _, _, w in tokenize_view(normalize_string(value, lang=lang)))

    wanted = key(text)
    exact = [r for r in registry.records if any(key(n) == wanted for n in r.names)]
    replaced = [r for r in registry.overridden if any(key(n) == wanted for n in r.names)]
    state = run_stages(text, header={"published": when} if when else {}, lang=lang,
                       settings=Settings(ner=False, actors=actors), until="entity_index")
    entities = []
    for ent in state["entities"]:
        item: dict[str, Any] = {"text": ent.text, "type": ent.type, "basis": ent.basis,
                                "code": ent.actor.code if ent.actor else None,
                                "country": ent.actor.country if ent.actor else None,
                                "role": ent.actor.role if ent.actor else None,
                                "title": ent.actor.title if ent.actor else None}
        ident = ent.basis.split(":")[-1] if ent.basis.startswith("kb:") else None
        record = registry.by_id.get(ident) if ident else None
        if record is None:  # a name inside a title phrase: the title gave the code, the entry is shown
            record = next((r for r in registry.records if any(key(n) == key(ent.text) for n in r.names)), None)
            item["registry_used_for_code"] = False if record is not None else None
        if record is not None:
            item["registry"] = _record_view(record, when)
        entities.append(item)
    return {"text": text, "date": when, "registry_version": registry.version, "user_registry": registry.user_path,
            "entries": [_record_view(r, when) for r in exact],
            "overridden": [_record_view(r, when) for r in replaced], "entities": entities}


def _where(view: dict[str, Any]) -> str:
    table = view["table"]
    if table in ("organizations", "actors"):
        place = f"langdata ar/{table}.json entry {view['entry']}"
        if view.get("line"):
            place += f" (UniversalPetrarch actor_dict_ar_v4.txt line {view['line']})"
        return place
    return f"user registry {table} line {view['line']}"


def _print(result: dict[str, Any]) -> None:
    on = f" on {result['date']}" if result["date"] else " (no date: undated or most recent role)"
    click.echo(f"«{result['text']}»{on}; registry {result['registry_version']}"
               + (f" with {result['user_registry']}" if result["user_registry"] else ""))
    if not result["entries"]:
        click.echo("  no registry entry has exactly this name")
    for view in result["entries"]:
        click.echo(f"  entry {view['kind']} -> {view.get('code') or '(removed)'}: {_where(view)}")
        if view.get("code"):
            click.echo(f"    role used: {view['code']} {view['role_dates']} ({view['why']})"
                       + (f"; {len(view['roles'])} roles" if len(view["roles"]) > 1 else ""))
    for view in result["overridden"]:
        click.echo(f"  overrides {_where(view)} ({view.get('code')})")
    for ent in result["entities"]:
        code = ent["code"] or "no code"
        extra = ", ".join(f"{k} {ent[k]}" for k in ("country", "role", "title") if ent.get(k))
        click.echo(f"  entity {ent['type']} «{ent['text']}» -> {code}" + (f" ({extra})" if extra else "")
                   + f" basis {ent['basis']}")
        if "registry" in ent:
            view = ent["registry"]
            how = "entry (the title gave the code)" if ent.get("registry_used_for_code") is False else "from"
            click.echo(f"    {how} {_where(view)}; role {view['code']} {view['role_dates']} ({view['why']})")


@click.command("resolve")
@click.argument("text")
@click.option("--date", "when", metavar="YYYY-MM-DD", callback=_check_date,
              help="The date of the text: dated roles that cover it apply (default: undated or most recent).")
@actors_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def resolve_command(text: str, when: str | None, actors: str | None, fmt: str) -> None:
    """Show what a name (or a phrase) resolves to in the actor registry and why: the entry
    and its table, the dated role used, the entities the coder finds."""
    if not text.strip():
        raise click.BadParameter("the text is empty", param_hint="TEXT")
    result = resolve(text, when=when, actors=actors)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        _print(result)


def import_dictionary(path: str | Path) -> tuple[list[dict[str, Any]], list[tuple[int, str]], int]:
    """Rows of a user registry from a PETRARCH/Phoenix actor dictionary, the lines skipped and
    why, and the number of entries read."""
    from ..actors import petrarch
    from ..actors.registry import _valid_code, code_parts, read_registry_text
    from ..langdata.loader import load_langdata

    path = Path(path)
    text = read_registry_text(path, what="the dictionary")
    countries = frozenset(row["iso3"] for row in load_langdata("ar").table("countries")["countries"])
    parsed = petrarch.parse(text)
    problems = list(parsed.problems)
    rows: list[dict[str, Any]] = []
    for entry in parsed.entries:
        if not entry.codes:
            problems.append((entry.line, f"{entry.name!r} has no code"))
            continue
        kind = "person" if any(c.start or c.end for c in entry.codes) else "org"
        aliases = [a for a, _ in entry.aliases if a != entry.name]
        seen: set[tuple[str, str | None, str | None]] = set()
        for code in entry.codes:
            start, end = code.start, code.end
            if end == petrarch.OPEN_END:
                end = None
            if start == petrarch.UNKNOWN_START:
                start = None
            if start and end and end < start:
                problems.append((code.line, f"{code.code}: end {end} before start {start}, end dropped"))
                end = None
            problem = _valid_code(code.code, countries)
            if problem:
                problems.append((code.line, problem))
                continue
            marker = (code.code, start and start.isoformat(), end and end.isoformat())
            if marker in seen:
                continue
            seen.add(marker)
            country, role = code_parts(code.code, countries)
            rows.append({"name": entry.name, "code": code.code, "country": country, "role": role,
                         "from": marker[1], "to": marker[2], "aliases": aliases, "kind": kind})
    return rows, problems, len(parsed.entries)


@click.command("import")
@click.argument("dictionary", type=click.Path(dir_okay=False))
@click.option("--out", "out", required=True, metavar="FILE",
              help="The user registry (TSV) to write (- for standard output).")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
def import_command(dictionary: str, out: str, force: bool) -> None:
    """Read a PETRARCH/Phoenix-format actor dictionary (lines `NAME [CODE dates]`, `+alias`,
    indented `[CODE dates]`, `#` comments) into a user registry file for --actors."""
    import io

    from ..actors.registry import load_user_registry, write_user_registry
    from ..langdata.loader import load_langdata

    rows, problems, entries = import_dictionary(dictionary)
    if not rows:
        raise RegistryError(f"{dictionary}: no entry with a usable code ({entries} entries read)")
    buffer = io.StringIO()
    count = write_user_registry(rows, buffer)
    if out != "-":
        target = Path(out)
        if target.suffix.lower() in (".yaml", ".yml"):
            raise RegistryError(f"{target}: import writes a TSV registry (name it .tsv)")
        if target.exists() and not force:
            raise RegistryError(f"{target}: exists (use --force to replace it)")
        if not target.parent.is_dir():
            raise RegistryError(f"{target}: folder {target.parent} does not exist")
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(buffer.getvalue(), encoding="utf-8")
        countries = frozenset(r["iso3"] for r in load_langdata("ar").table("countries")["countries"])
        try:
            load_user_registry(tmp, countries=countries)  # what is written must load
        except RegistryError:
            tmp.unlink()
            raise
        tmp.replace(target)
    else:
        sys.stdout.write(buffer.getvalue())
    names = len({r["name"] for r in rows})
    dated = sum(1 for r in rows if r["from"] or r["to"])
    summary = f"{entries} entries read, {names} imported as {count} rows ({dated} dated roles) to {out}"
    if problems:
        shown = "; ".join(f"line {n}: {why}" for n, why in problems[:3])
        summary += f"; {len(problems)} skipped or fixed ({shown}{'; ...' if len(problems) > 3 else ''})"
    click.echo(summary, err=True)


def register(root: click.Group) -> None:
    group = root.commands["actors"]
    assert isinstance(group, click.Group)
    group.add_command(resolve_command)
    group.add_command(import_command)
