"""`rasad batch`: analyze a whole archive into Parquet or JSON Lines, on a local process pool or on Spark."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from rasad.batch.inputs import DEFAULT_SHARD_SIZE
from rasad.errors import RasadError
from rasad.pipeline import DEFAULT_MAX_CHARS

err_console = Console(stderr=True, soft_wrap=True)


def batch(
    input_path: Annotated[Path, typer.Argument(metavar="INPUT", help="A file or folder: .jsonl, .csv, .parquet, .txt, …")],
    output_dir: Annotated[str, typer.Argument(metavar="OUTPUT_DIR", help="Folder for records/, failures/ and _batch.json.")],
    engine: Annotated[str, typer.Option(help="local (a process pool) or spark.")] = "local",
    master: Annotated[
        Optional[str], typer.Option(help="Spark master: local[2], spark://host:7077, yarn (default local[WORKERS]).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="parquet (nested, SCHEMA.md) or jsonl.")] = "parquet",
    workers: Annotated[Optional[int], typer.Option(help="Worker processes (default: one per CPU).")] = None,
    shard_size: Annotated[int, typer.Option(help="Articles per shard (one Spark partition each).")] = DEFAULT_SHARD_SIZE,
    overwrite: Annotated[bool, typer.Option(help="Replace the output of an earlier run in OUTPUT_DIR.")] = False,
    max_chars: Annotated[int, typer.Option(help="Refuse articles longer than this many characters.")] = DEFAULT_MAX_CHARS,
) -> None:
    """Analyze every article under INPUT into OUTPUT_DIR, with a failures table giving each reason."""
    try:
        from rasad.batch.output import FORMATS
        from rasad.batch.runner import ENGINES, run_batch
    except ImportError as exc:  # pyarrow comes with the spark (or export) extra
        err_console.print(f"[red]✗[/red] rasad batch needs pyarrow: pip install 'rasad[spark]' ({exc})")
        raise typer.Exit(2) from exc

    if engine not in ENGINES:
        raise typer.BadParameter(f"choose one of {', '.join(ENGINES)}", param_hint="--engine")
    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    if workers is not None and workers < 1:
        raise typer.BadParameter("must be at least 1", param_hint="--workers")
    if not input_path.exists():
        err_console.print(f"[red]✗[/red] {input_path}: no such file or folder", highlight=False)
        raise typer.Exit(2)
    try:
        summary = run_batch(
            input_path, output_dir, engine=engine, fmt=fmt, workers=workers, master=master,  # type: ignore[arg-type]
            shard_size=shard_size, overwrite=overwrite, max_chars=max_chars,
        )
    except RasadError as exc:
        err_console.print(f"[red]✗[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    err_console.print(
        f"{summary['records']} record(s), {summary['failures']} failure(s) in {summary['shards']} shard(s), "
        f"{summary['seconds']:.1f} s → {output_dir} ({fmt})",
        highlight=False,
    )
    if summary["failures"] and not summary["records"]:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the `batch` command to the rasad app."""
    app.command("batch")(batch)
