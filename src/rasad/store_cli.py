"""The archive commands of `rasad`: ingest, search, quotes, events, export (registered on cli.app)."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from rasad.errors import RasadError
from rasad.ingest import READERS, file_kind, read_path
from rasad.pipeline import DEFAULT_MAX_CHARS, Pipeline, article_id
from rasad.records import Failure, RawArticle, Record
from rasad.store import Filters, IngestStats, Store, default_db, open_store
from rasad.store.search import MARK_END, MARK_START

DbOption = Annotated[
    Optional[str], typer.Option("--db", help="SQLite file or postgresql:// URL (default: $RASAD_DB or ./rasad.db).")
]
FromOption = Annotated[Optional[str], typer.Option("--from", help="Only articles published on or after this date.")]
ToOption = Annotated[Optional[str], typer.Option("--to", help="Only articles published on or before this date.")]
LimitOption = Annotated[int, typer.Option("--limit", min=1, max=10_000, help="At most this many results.")]
JsonOption = Annotated[bool, typer.Option("--json", help="One JSON object per result (JSON Lines).")]
# Keys every record written by `rasad analyze --json` has and a raw article does not.
_RECORD_KEYS = frozenset({"id", "language", "text", "sentences", "entities"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def register(app: typer.Typer) -> None:
    """Add the archive commands to the rasad app."""
    app.command("ingest")(ingest)
    app.command("search")(search)
    app.command("quotes")(quotes)
    app.command("events")(events)
    app.command("export")(export)


def _err() -> object:
    from rasad.cli import err_console

    return err_console


def _fail(exc: Exception) -> typer.Exit:
    _err().print(f"[red]✗[/red] {escape(str(exc))}", highlight=False)
    return typer.Exit(2)


def _open(db: str | None) -> Store:
    try:
        return open_store(db or default_db())
    except RasadError as exc:
        raise _fail(exc) from exc


# ---- ingest ----------------------------------------------------------------------------------------


def _files(paths: list[Path]) -> list[Path]:
    """Files to read, folders expanded to their supported files (including .warc.gz)."""
    files: list[Path] = []
    for path in paths:
        if _is_batch_output(path):
            files.append(path)  # a `rasad batch` output folder is read as one source of records
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and file_kind(p) in READERS)
            files.extend(found or [path])
        else:
            files.append(path)
    return files


def _is_batch_output(path: Path) -> bool:
    """A `rasad batch` output: a Parquet file, or a folder with its _batch.json summary."""
    return (path.is_file() and path.suffix == ".parquet") or (path.is_dir() and (path / "_batch.json").is_file())


def _batch_records(path: Path) -> Iterator[Record | Failure]:
    """Records of a `rasad batch` output (Parquet or JSON Lines parts), already analyzed."""
    try:
        from rasad.batch import read_records
    except ImportError:  # pyarrow lives in the [export] and [spark] extras
        yield Failure(str(path), f"{path}: reading batch output needs pyarrow (pip install 'rasad[export]')")
        return
    try:
        yield from read_records(path)
    except (OSError, ValueError) as exc:
        yield Failure(str(path), f"{path}: not readable as rasad batch output ({exc})")


def _analyzed_records(path: Path) -> Iterator[Record | Failure] | None:
    """Records of `rasad analyze --json` JSON Lines or of `rasad batch` output; None when the file holds raw articles."""
    if _is_batch_output(path):
        return _batch_records(path)
    if file_kind(path) not in (".jsonl", ".ndjson") or not path.is_file():
        return None
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        first = next((line for line in handle if line.strip()), "")
    try:
        head = json.loads(first)
    except json.JSONDecodeError:
        return None
    if not isinstance(head, dict) or not _RECORD_KEYS <= head.keys():
        return None

    def records() -> Iterator[Record | Failure]:
        with path.open(encoding="utf-8-sig") as handle:
            for lineno, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield Record.loads(line)
                except ValueError as exc:
                    where = f"{path}:{lineno}"
                    yield Failure(where, f"{where}: not a valid record ({str(exc).splitlines()[0]})")

    return records()


_WORKER_PIPELINE: Pipeline | None = None


def _worker_init(max_chars: int) -> None:
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = Pipeline.build(max_chars=max_chars)


def _worker_run(raws: list[RawArticle | Failure]) -> list[Record | Failure]:
    assert _WORKER_PIPELINE is not None
    return list(_WORKER_PIPELINE.run_many(raws))


def _chunks(items: Iterable[RawArticle | Failure], size: int) -> Iterator[list[RawArticle | Failure]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _new_only(store: Store, chunk: list[RawArticle | Failure], stats: IngestStats) -> list[RawArticle | Failure]:
    """The chunk without articles already stored: a rerun after an interruption skips them unanalyzed."""
    ids = {id(item): article_id(item) for item in chunk if isinstance(item, RawArticle)}
    stored = store.has(ids.values())
    kept: list[RawArticle | Failure] = []
    for item in chunk:
        if isinstance(item, RawArticle) and ids[id(item)] in stored:
            stats.count(ids[id(item)], "unchanged")
        else:
            kept.append(item)
    return kept


def ingest(
    sources: Annotated[list[Path], typer.Argument(help="Files or folders: .txt .jsonl .json .csv .tsv .html .xml/.rss/.atom .warc(.gz); JSONL of analyzed records is stored as is.")],
    db: DbOption = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes analyzing articles in parallel.")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per database transaction.")] = 200,
    max_chars: Annotated[int, typer.Option(help="Refuse articles longer than this many characters.")] = DEFAULT_MAX_CHARS,
) -> None:
    """Analyze articles and store them; re-ingesting is safe (unchanged articles are skipped, edits replace)."""
    from rasad.cli import _reason_kind

    store = _open(db)
    files = _files(sources)
    stats = IngestStats()
    failures: list[Failure] = []
    progress = Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=_err(), transient=True, disable=not _err().is_terminal,
    )  # fmt: skip
    pool = ProcessPoolExecutor(workers, initializer=_worker_init, initargs=(max_chars,)) if workers > 1 else None
    pipeline = None if pool else Pipeline.build(max_chars=max_chars)

    def store_all(results: Iterable[Record | Failure]) -> None:
        records: list[Record] = []
        for result in results:
            if isinstance(result, Failure):
                failures.append(result)
                _err().print(f"[red]✗[/red] {escape(result.reason)}", highlight=False)
            else:
                records.append(result)
        done = store.add_many(records, batch_size=len(records) or 1)
        for record_id, status in done.statuses.items():
            stats.count(record_id, status)
        stats.duplicates += done.duplicates

    try:
        with progress:
            task = progress.add_task("ingesting", total=len(files))
            for file in files:
                progress.update(task, description=file.name)
                if not file.exists():
                    store_all([Failure(str(file), f"{file}: no such file or folder")])
                    progress.advance(task)
                    continue
                analyzed = _analyzed_records(file)
                if analyzed is not None:
                    for chunk in _chunks(analyzed, batch_size):
                        store_all(chunk)  # type: ignore[arg-type]
                else:
                    chunks = (_new_only(store, c, stats) for c in _chunks(read_path(file), batch_size))
                    if pool:
                        for results in pool.map(_worker_run, chunks):
                            store_all(results)
                    else:
                        assert pipeline is not None
                        for chunk in chunks:
                            store_all(pipeline.run_many(chunk))
                progress.advance(task)
    except RasadError as exc:
        raise _fail(exc) from exc
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
        store.close()
    summary = (
        f"stored in {store.url}: {stats.added} added, {stats.updated} updated, {stats.unchanged} unchanged"
        f"; {stats.duplicates} joined a near-duplicate cluster"
    )
    if failures:
        kinds = {}
        for failure in failures:
            kinds[_reason_kind(failure)] = kinds.get(_reason_kind(failure), 0) + 1
        listed = "; ".join(f"{n} {kind}" for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
        summary += f"; {len(failures)} failed: {listed}"
    _err().print(summary, highlight=False)
    if failures and not (stats.added or stats.updated or stats.unchanged):
        raise typer.Exit(1)


# ---- queries ---------------------------------------------------------------------------------------


def _filters(date_from: str | None, date_to: str | None, source: str | None = None,
             entities: list[str] | None = None, event_type: str | None = None) -> Filters:  # fmt: skip
    for name, value in (("--from", date_from), ("--to", date_to)):
        if value and not _ISO_DATE.match(value):
            raise _fail(ValueError(f"{name} {value!r}: expected a date as YYYY-MM-DD"))
    return Filters(date_from, date_to, source, tuple(entities or ()), event_type)


def _fetch(db: str | None, query: Callable[[Store], list]) -> list:
    """Run one read query on the archive, closing it; a RasadError becomes a clear CLI error."""
    store = _open(db)
    try:
        return query(store)
    except RasadError as exc:
        raise _fail(exc) from exc
    finally:
        store.close()


def _print_json_lines(hits: list) -> None:
    for hit in hits:
        sys.stdout.write(json.dumps(hit.to_json(), ensure_ascii=False) + "\n")


def _rich_snippet(snippet: str) -> str:
    return escape(snippet).replace(escape(MARK_START), "[bold yellow]").replace(escape(MARK_END), "[/bold yellow]")


def search(
    query: Annotated[str, typer.Argument(help='Words (all required), "exact phrases", word* prefixes; English names find Persian mentions.')],
    db: DbOption = None,
    entity: Annotated[Optional[list[str]], typer.Option("--entity", help="Only articles mentioning this entity (Persian or English name, kb id); repeatable.")] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Only articles from this source.")] = None,
    event_type: Annotated[Optional[str], typer.Option("--type", help="Only articles with an event of this PLOVER type.")] = None,
    limit: LimitOption = 20,
    as_json: JsonOption = False,
) -> None:
    """Search the archive: best matches first, with highlighted snippets."""
    from rasad.cli import out_console

    filters = _filters(date_from, date_to, source, entity, event_type)
    hits = _fetch(db, lambda store: store.search(query, filters, limit=limit))
    if as_json:
        _print_json_lines(hits)
        return
    if not hits:
        _err().print("no matching articles", highlight=False)
        return
    for hit in hits:
        heading = " · ".join(x for x in (hit.published, hit.source) if x)
        out_console.print(f"[bold]{escape(hit.title or '(untitled)')}[/bold]  [dim]{escape(heading)} · {hit.id[:12]} · {hit.score:.3f}[/dim]")
        out_console.print(_rich_snippet(hit.snippet), highlight=False)
        out_console.print()


def quotes(
    speaker: Annotated[Optional[str], typer.Option("--speaker", help="Speaker's Persian or English name.")] = None,
    db: DbOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    limit: LimitOption = 50,
    as_json: JsonOption = False,
) -> None:
    """Quotes in the archive, newest first, optionally by one speaker."""
    from rasad.cli import out_console

    filters = _filters(date_from, date_to)
    hits = _fetch(db, lambda store: store.quotes(speaker, filters, limit=limit))
    if as_json:
        _print_json_lines(hits)
        return
    table = Table("date", "speaker", "cue", "kind", "quote", "article")
    for hit in hits:
        table.add_row(hit.published or "", hit.speaker, hit.cue, hit.kind, hit.text, hit.article[:12])
    out_console.print(table)


def events(
    type_: Annotated[Optional[str], typer.Option("--type", help="PLOVER event type, e.g. CONSULT.")] = None,
    actor: Annotated[Optional[str], typer.Option("--actor", help="Actor's Persian or English name.")] = None,
    target: Annotated[Optional[str], typer.Option("--target", help="Target's Persian or English name.")] = None,
    db: DbOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    limit: LimitOption = 50,
    as_json: JsonOption = False,
) -> None:
    """Events in the archive, newest first, by type, actor and target."""
    from rasad.cli import out_console

    filters = _filters(date_from, date_to)
    hits = _fetch(db, lambda store: store.events(type_, actor, target, filters, limit=limit))
    if as_json:
        _print_json_lines(hits)
        return
    table = Table("date", "type", "actors", "targets", "where", "trigger", "article")
    for hit in hits:
        table.add_row(hit.published or "", hit.type, ", ".join(hit.actors), ", ".join(hit.targets),
                      hit.where or "", hit.trigger, hit.article[:12])  # fmt: skip
    out_console.print(table)


# ---- export ----------------------------------------------------------------------------------------

# Flat columns of csv/parquet exports; the analysis layers are JSON strings.
EXPORT_COLUMNS = ("id", "source", "author", "published", "title", "url", "language", "text",
                  "entities", "timexes", "quotes", "events", "warnings")  # fmt: skip
_LAYERS = ("entities", "timexes", "quotes", "events", "warnings")


def _flat(record: Record) -> dict[str, object]:
    data = record.to_json()
    row = {name: data.get(name) for name in EXPORT_COLUMNS}
    for layer in _LAYERS:
        row[layer] = json.dumps(data[layer], ensure_ascii=False)
    return row


def export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl (full records), csv or parquet (layers as JSON).")] = "jsonl",
    out: Annotated[Optional[Path], typer.Option("--out", help="Output file (default: standard output; required for parquet).")] = None,
    db: DbOption = None,
) -> None:
    """Export every stored record."""
    if fmt not in ("jsonl", "csv", "parquet"):
        raise _fail(ValueError(f"--format {fmt!r}: choose jsonl, csv or parquet"))
    if fmt == "parquet" and out is None:
        raise _fail(ValueError("parquet is binary: give --out FILE.parquet"))
    store = _open(db)
    count = 0
    try:
        if fmt == "parquet":
            count = _write_parquet(store.records(), out)  # type: ignore[arg-type]
        else:
            sink = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
            try:
                count = _write_text(store.records(), fmt, sink)
            finally:
                if out:
                    sink.close()
    except RasadError as exc:
        raise _fail(exc) from exc
    finally:
        store.close()
    _err().print(f"exported {count} record(s)" + (f" to {out}" if out else ""), highlight=False)


def _write_text(records: Iterable[Record], fmt: str, sink: io.TextIOBase) -> int:
    count = 0
    writer = csv.DictWriter(sink, fieldnames=EXPORT_COLUMNS) if fmt == "csv" else None
    if writer:
        writer.writeheader()
    for record in records:
        if writer:
            writer.writerow(_flat(record))
        else:
            sink.write(record.dumps() + "\n")
        count += 1
    return count


def _write_parquet(records: Iterable[Record], out: Path, batch: int = 1000) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RasadError("parquet export needs pyarrow: pip install 'rasad[export]'") from exc
    schema = pa.schema([(name, pa.string()) for name in EXPORT_COLUMNS])
    count = 0
    with pq.ParquetWriter(str(out), schema, compression="zstd") as writer:
        for chunk in _chunks(records, batch):  # type: ignore[arg-type]
            rows = [_flat(r) for r in chunk]  # type: ignore[arg-type]
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            count += len(rows)
    return count
