"""``marsad serve``: the observatory (HTTP API and web pages) with uvicorn, on 127.0.0.1 by default."""

from __future__ import annotations

import json
import os

import click

from ..errors import StoreError
from .store import DB_HELP

__all__ = ["register", "serve_command"]


@click.command("serve")
@click.option("--db", "db", envvar="MARSAD_DB", default="marsad.db", show_default=True, metavar="URL", help=DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback exposes the store to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--allow-ingest", is_flag=True, help="Turn on POST /api/ingest (needs a token).")
@click.option("--token-env", metavar="VAR", help="Environment variable holding the ingest token.")
@click.option("--token", metavar="TOKEN", help="The ingest token (prefer --token-env: a command line is visible to others).")
@click.option("--cache-entries", type=click.IntRange(0, 1_000_000), default=512, show_default=True,
              help="Answers of the read-only API routes kept in memory until the store changes (0: none).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes (read-only servers only). Each has its own answer cache; more than one "
                   "serves requests in parallel on a multi-core machine.")
@click.option("--readers", type=click.IntRange(1, 1024), default=4, show_default=True, metavar="N",
              help="Requests that read the store at once in each server process; the others wait their turn "
                   "(many threads taking the GIL from each other made every request as slow as the slowest).")
@click.option("--keep-alive", type=click.IntRange(1, 3600), default=30, show_default=True, metavar="SECONDS",
              help="How long an idle connection is kept open for its next request. A client that is slow to "
                   "send it (100 busy clients) would otherwise find it closed under it (uvicorn's 5 s).")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]), default="info",
              show_default=True)
def serve_command(db: str, host: str, port: int, allow_ingest: bool, token_env: str | None, token: str | None,
                  cache_entries: int, workers: int, readers: int, keep_alive: int, log_level: str) -> None:
    """Serve the observatory: JSON API (/api/..., described at /api/docs) and pages over the store.

    Read-only unless --allow-ingest; then POST /api/ingest requires
    'Authorization: Bearer <token>'."""
    if token and token_env:
        raise click.UsageError("give --token or --token-env, not both")
    if token_env:
        token = os.environ.get(token_env)
        if not token:
            raise StoreError(f"environment variable {token_env} is not set or empty")
    if (token_env or token) and not allow_ingest:
        raise click.UsageError("a token is only used with --allow-ingest")
    if allow_ingest and not token:
        raise click.UsageError("--allow-ingest needs --token-env VAR (or --token)")
    if allow_ingest and workers > 1:
        raise click.UsageError("--workers above 1 serves read-only only (ingest writes from one process)")
    try:
        import uvicorn

        from ..api import DEFAULT_ALLOWED_HOSTS, SERVE_ENV, create_app
    except ImportError as exc:
        raise StoreError(f"marsad serve needs fastapi, uvicorn and jinja2 ({exc.name} is missing)") from None

    hosts = list(DEFAULT_ALLOWED_HOSTS)
    if host not in ("127.0.0.1", "localhost", "::1"):
        hosts = ["*"] if host in ("0.0.0.0", "::") else [*hosts, host]
        click.echo(f"marsad: warning: listening on {host}, not only on this machine", err=True)
    from ..langdata.loader import load_langdata

    app = create_app(store_url=db, allow_ingest=allow_ingest, ingest_token=token, allowed_hosts=hosts,
                     lang=load_langdata("ar"), cache_entries=cache_entries, readers=readers)  # loaded now, not on the first request
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Marsad observatory on http://{shown}:{port}/ (store {db}{', ingest on' if allow_ingest else ''}"
               f"{f', {workers} workers' if workers > 1 else ''})", err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False, timeout_keep_alive=keep_alive)
        return
    # uvicorn starts worker processes from an import string; each builds the same app from these settings
    os.environ[SERVE_ENV] = json.dumps({"store_url": db, "allowed_hosts": hosts, "cache_entries": cache_entries,
                                         "readers": readers})
    uvicorn.run("marsad.api:app_from_environment", factory=True, workers=workers, host=host, port=port,
                log_level=log_level, server_header=False, timeout_keep_alive=keep_alive)


def register(root: click.Group) -> None:
    root.add_command(serve_command)
