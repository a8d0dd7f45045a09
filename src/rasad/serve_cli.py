"""`rasad serve`: the REST API and the web UI over an archive (registered on cli.app)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer


def register(app: typer.Typer) -> None:
    """Add the serve command to the rasad app."""
    app.command("serve")(serve)


def serve(
    db: Annotated[Optional[str], typer.Option("--db", help="SQLite file or postgresql:// URL (default: $RASAD_DB or ./rasad.db).")] = None,
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web UI and the REST API (read-only unless $RASAD_API_TOKEN is set)."""
    import uvicorn

    from rasad.api import Settings, create_app
    from rasad.cli import err_console
    from rasad.errors import RasadError
    from rasad.store import open_store

    settings = Settings.from_env(db=db)
    try:
        store = open_store(settings.db)
    except RasadError as exc:
        err_console.print(f"[red]✗[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    app = create_app(settings, store)
    shown = f"[{host}]" if ":" in host else host
    mode = "read-only" if settings.read_only else "writes allowed with the API token"
    err_console.print(
        f"rasad: {store.count():,} article(s) from {store.url} ({mode})\n"
        f"  web UI   http://{shown}:{port}/\n  API docs http://{shown}:{port}/api/docs",
        highlight=False,
    )
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        store.close()
