"""The `rasad` command line: analyze articles, evaluate against gold files."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Optional, TextIO

import typer
from rich.console import Console
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from rasad import __version__
from rasad.errors import RasadError
from rasad.ingest import READERS, read_path
from rasad.pipeline import DEFAULT_MAX_CHARS, Pipeline
from rasad.records import Failure, RawArticle, Record

app = typer.Typer(
    help="rasad (رصد): Persian news in; who met whom, who said what, where and when out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out_console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rasad {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = None,
) -> None:
    """rasad (رصد): Persian news in; who met whom, who said what, where and when out."""


def _input_files(paths: list[Path]) -> list[Path]:
    """Files to read, folders expanded to their supported files; missing paths are kept to be reported."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READERS)
            files.extend(found or [path])
        else:
            files.append(path)
    return files


def _analyzed(
    pipeline: Pipeline, files: list[Path], progress: Progress
) -> Iterator[Record | Failure]:
    task = progress.add_task("analyzing", total=len(files))
    for file in files:
        progress.update(task, description=f"{file.name}")
        if not file.exists():
            yield Failure(str(file), f"{file}: no such file or folder")
        else:
            yield from pipeline.run_many(read_path(file))
        progress.advance(task)


@app.command()
def analyze(
    files: Annotated[list[Path], typer.Argument(help="Article files or folders (.txt, .jsonl, .json, .csv, .tsv).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON record per article (JSON Lines).")] = False,
    out: Annotated[Optional[Path], typer.Option("--out", help="Also write the records as JSON Lines to this file.")] = None,
    max_chars: Annotated[int, typer.Option(help="Refuse articles longer than this many characters.")] = DEFAULT_MAX_CHARS,
) -> None:
    """Analyze Persian news articles: a readable summary, or JSON records with --json."""
    pipeline = Pipeline.build(max_chars=max_chars)
    input_files = _input_files(files)
    analyzed = 0
    failures: list[Failure] = []
    sink = out.open("w", encoding="utf-8") if out else None
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=len(input_files) < 2 or not err_console.is_terminal,
    )
    try:
        with progress:
            for result in _analyzed(pipeline, input_files, progress):
                if isinstance(result, Failure):
                    failures.append(result)
                    err_console.print(f"[red]✗[/red] {result.reason}", markup=True, highlight=False)
                    continue
                analyzed += 1
                _emit(result, as_json, sink)
    finally:
        if sink:
            sink.close()
    _report(analyzed, failures)
    if failures and not analyzed:
        raise typer.Exit(1)


def _emit(record: Record, as_json: bool, sink: TextIO | None) -> None:
    line = record.dumps()
    if sink:
        sink.write(line + "\n")
    for warning in record.warnings:
        err_console.print(f"[yellow]![/yellow] {warning}", markup=True, highlight=False)
    if as_json:
        sys.stdout.write(line + "\n")
    else:
        print_summary(record, out_console)


def _report(analyzed: int, failures: list[Failure]) -> None:
    if not failures:
        err_console.print(f"analyzed {analyzed} article(s)", highlight=False)
        return
    reasons = Counter(_reason_kind(f) for f in failures)
    listed = "; ".join(f"{n} {kind}" for kind, n in reasons.most_common())
    err_console.print(f"analyzed {analyzed} article(s); {len(failures)} failed: {listed}", highlight=False)


def _reason_kind(failure: Failure) -> str:
    """The reason without the origin, for grouping ('invalid JSON', 'binary data', …)."""
    reason = failure.reason.split(": ", 1)[-1]
    return reason.split(" (", 1)[0].split(";", 1)[0]


def print_summary(record: Record, console: Console) -> None:
    """A readable summary of one record: metadata, entities, time, quotes, events, warnings."""
    heading = " · ".join(x for x in (record.source, record.author, record.published) if x) or "(no metadata)"
    title = record.title or record.text[:80].split("\n")[0]
    console.print(Panel(f"{title}\n[dim]{heading} · id {record.id[:12]}[/dim]", expand=False))
    console.print(
        f"{len(record.sentences)} sentences · {len(record.tokens)} tokens · {len(record.entities)} entities · "
        f"{len(record.timexes)} time expressions · {len(record.quotes)} quotes · {len(record.events)} events",
        highlight=False,
    )
    names = {e.id: e.name for e in record.entities}
    if record.entities:
        table = Table("type", "name", "English", "mentions", title="entities", title_justify="left")
        for entity in record.entities:
            table.add_row(entity.type, entity.name, entity.name_en or "", str(len(entity.mentions)))
        console.print(table)
    if record.timexes:
        table = Table("text", "type", "value", title="time", title_justify="left")
        for timex in record.timexes:
            table.add_row(timex.text, timex.type, timex.value or "?")
        console.print(table)
    if record.quotes:
        table = Table("speaker", "cue", "kind", "quote", title="quotes", title_justify="left")
        for quote in record.quotes:
            speaker = names.get(quote.speaker.entity or "", quote.speaker.text)
            table.add_row(speaker, quote.cue, quote.kind, _clip(quote.text, 90))
        console.print(table)
    if record.events:
        table = Table("type", "actors", "targets", "where", "when", "trigger", title="events", title_justify="left")
        for event in record.events:
            table.add_row(
                event.type,
                ", ".join(p.name_en or names.get(p.entity or "", "?") for p in event.actors),
                ", ".join(p.name_en or names.get(p.entity or "", "?") for p in event.targets),
                event.where.name_en or "" if event.where else "",
                event.when or "",
                event.trigger.text,
            )
        console.print(table)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@app.command()
def normalize(
    file: Annotated[str, typer.Argument(help="A text file, or - for standard input.")] = "-",
) -> None:
    """Print the normalized text: folded letters and spacing, lost half-spaces restored."""
    from rasad.ingest.decode import decode_bytes
    from rasad.stages.normalize import normalize_text

    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        text, notes = decode_bytes(data, "<stdin>" if file == "-" else file)
    except (OSError, RasadError) as exc:
        err_console.print(f"[red]✗[/red] {file}: {getattr(exc, 'strerror', None) or exc}", highlight=False)
        raise typer.Exit(1) from exc
    for note in notes:
        err_console.print(f"[yellow]![/yellow] {note}", highlight=False)
    sys.stdout.write(normalize_text(text).value + "\n")


@app.command("eval")
def eval_(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold files (gold.json or *.gold.json), or one file.")],
    data: Annotated[
        Optional[Path], typer.Option(help="Folder of the datasets that gold files refer to by id (../shared/data).")
    ] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Write the scores as JSON to this file.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score rasad against hand-made gold files: entities, time, quotes, events (P/R/F1)."""
    from rasad.evaluate import evaluate, gold_files, load_case

    try:
        cases = [load_case(path, data) for path in gold_files(gold_dir)]
    except RasadError as exc:
        err_console.print(f"[red]✗[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    pipeline = Pipeline.build()
    scores = evaluate(cases, pipeline.run).to_json()
    if out:
        out.write_text(json.dumps(scores, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(scores, ensure_ascii=False, indent=1))
        return
    print_scores(scores, out_console)


def print_scores(scores: dict, console: Console) -> None:
    """A table of P/R/F1 per layer."""
    table = Table("layer", "P", "R", "F1", "tp", "fp", "fn", title=f"{scores['articles']} article(s)")
    rows = [
        ("entities", scores["entities"]),
        ("time", scores["timexes"]),
        ("quotes", scores["quotes"]),
        ("  direct", scores["quotes"]["direct"]),
        ("  indirect", scores["quotes"]["indirect"]),
        ("events (loose)", scores["events"]),
        ("events (strict)", scores["events"]["strict"]),
    ]
    for name, s in rows:
        table.add_row(name, *(f"{s[k]:.3f}" for k in ("precision", "recall", "f1")), *(str(s[k]) for k in ("tp", "fp", "fn")))
    console.print(table)
    accuracy = scores["quotes"]["speaker_accuracy"]
    console.print(f"quote speaker accuracy: {accuracy if accuracy is not None else 'n/a'}", highlight=False)
    for name, reason in scores.get("failures", {}).items():
        console.print(f"[red]✗[/red] {name}: {reason} (scored as an empty record)", highlight=False)


# Commands of the archive (ingest, search, quotes, events, export), batch runs and the web server.
from rasad.store_cli import register as _register_store  # noqa: E402
from rasad.batch_cli import register as _register_batch  # noqa: E402
from rasad.serve_cli import register as _register_serve  # noqa: E402

_register_store(app)
_register_batch(app)
_register_serve(app)

if __name__ == "__main__":  # pragma: no cover
    app()
