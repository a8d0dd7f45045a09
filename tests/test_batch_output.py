"""Batch output: the Parquet schema holds whole records, and reading it back gives the same records."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from rasad.batch import read_failures, read_parquet_records, read_records, record_schema, run_batch
from rasad.batch.inputs import read_input
from rasad.batch.output import write_part
from rasad.cli import app
from rasad.errors import InputError
from rasad.pipeline import Pipeline
from rasad.records import Entity, Event, Failure, Participant, Quote, Record, Sentence, Span, Speaker, Timex, Token
from test_batch_inputs import write_folder, write_jsonl


def full_record(number: int) -> Record:
    """A record with every layer filled, including the optional and null-able parts."""
    text = f"دیدار {number} در تهران: «ادامه می‌دهیم» گفت."
    return Record(
        id=f"{number:040x}",
        source="منبع",
        author=None,
        published="2025-12-21",
        title=None,
        language="fa",
        text=text,
        sentences=(Sentence(0, len(text)),),
        tokens=(Token(0, 5, "دیدار"), Token(6, 6 + len(str(number)), str(number))),
        entities=(
            Entity("e1", "LOC", "تهران", "Tehran", "Q3616", (Span(10, 15, "تهران"), Span(10, 15, "تهران"))),
            Entity("e2", "PER", "بی‌نام", None, None, ()),
        ),
        timexes=(Timex(0, 5, "دیدار", "DATE", None), Timex(1, 3, "ید", "DURATION", "P4Y")),
        quotes=(
            Quote("direct", 17, 30, "ادامه می‌دهیم", "گفت", Speaker("e2", "بی‌نام")),
            Quote("indirect", 0, 5, "دیدار", "گفت", Speaker(None, "یک مقام")),
        ),
        events=(
            Event("CONSULT", None, Span(0, 5, "دیدار"), (Participant("e1", "Tehran"),), (), None, "2025-12-20", 0),
            Event("ACCUSE", "verbal", Span(0, 5, "دیدار"), (), (Participant(None, None),), Participant("e1", None), None, 0),
        ),
        warnings=("a warning", "another"),
        url=None if number % 2 else "https://example.org/1",
    )


def test_batch_output_schema_has_every_record_field() -> None:
    schema = record_schema()
    assert schema.names == [f.name for f in dataclasses.fields(Record)]
    entity = schema.field("entities").type.value_type
    assert entity.field("mentions").type.value_type.names == ["start", "end", "text"]
    quote = schema.field("quotes").type.value_type
    assert quote.field("speaker").type.names == ["entity", "text"] and not quote.field("speaker").nullable
    event = schema.field("events").type.value_type
    assert event.field("where").nullable and event.field("actors").type.value_type.names == ["entity", "name_en"]
    assert not schema.field("id").nullable and schema.field("author").nullable


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_batch_output_round_trip_is_exact(tmp_path: Path, fmt: str) -> None:
    records = [full_record(n) for n in range(5)]
    failures = [Failure("x.jsonl:3", "x.jsonl:3: invalid JSON", "InputError")]
    write_part(str(tmp_path), 1, records[2:], [], fmt)  # type: ignore[arg-type]
    write_part(str(tmp_path), 0, records[:2], failures, fmt)  # type: ignore[arg-type]
    assert list(read_records(tmp_path)) == records  # part order, not write order
    assert list(read_failures(tmp_path)) == failures
    assert sorted(p.name for p in (tmp_path / "records").iterdir()) == [f"part-00000.{fmt}", f"part-00001.{fmt}"]


def test_batch_output_parquet_is_nested_not_json_strings(tmp_path: Path) -> None:
    write_part(str(tmp_path), 0, [full_record(1)], [], "parquet")
    table = pq.read_table(tmp_path / "records" / "part-00000.parquet")
    assert table.schema.equals(record_schema())
    row = table.to_pylist()[0]
    assert row["quotes"][1]["speaker"] == {"entity": None, "text": "یک مقام"}
    assert row["events"][0]["where"] is None and row["events"][1]["where"]["entity"] == "e1"


def test_batch_output_pipeline_records_round_trip(tmp_path: Path, pipeline: Pipeline) -> None:
    records = [r for r in pipeline.run_many(read_input(write_jsonl(tmp_path / "in.jsonl", 6, broken=False)))]
    assert all(isinstance(r, Record) for r in records)
    write_part(str(tmp_path / "out"), 0, records, [], "parquet")  # type: ignore[arg-type]
    assert list(read_parquet_records(tmp_path / "out" / "records" / "part-00000.parquet")) == records


def test_batch_local_engine_matches_a_sequential_run(tmp_path: Path, pipeline: Pipeline) -> None:
    folder = write_folder(tmp_path / "in")
    write_jsonl(folder / "e.jsonl", 12)
    expected = list(pipeline.run_many(read_input(folder)))
    summary = run_batch(folder, str(tmp_path / "out"), workers=2, shard_size=4)
    got_records, got_failures = list(read_records(tmp_path / "out")), list(read_failures(tmp_path / "out"))
    assert got_records == [r for r in expected if isinstance(r, Record)]
    assert got_failures == [r for r in expected if isinstance(r, Failure)]
    assert {f.error for f in got_failures} == {"InputError"} and len(got_failures) == 9
    assert (summary["records"], summary["failures"]) == (len(got_records), len(got_failures))
    assert (tmp_path / "out" / "_batch.json").is_file()


def test_batch_refuses_to_mix_with_earlier_output(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 3)
    run_batch(source, str(tmp_path / "out"), workers=1)
    with pytest.raises(InputError, match="--overwrite"):
        run_batch(source, str(tmp_path / "out"), workers=1)
    run_batch(source, str(tmp_path / "out"), workers=1, fmt="jsonl", overwrite=True)
    assert [p.suffix for p in (tmp_path / "out" / "records").iterdir()] == [".jsonl"]


def test_batch_cli_writes_jsonl_and_reports(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 4)
    result = CliRunner().invoke(app, ["batch", str(source), str(tmp_path / "out"), "--format", "jsonl", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "4 record(s), 4 failure(s)" in result.output
    lines = (tmp_path / "out" / "records" / "part-00000.jsonl").read_text(encoding="utf-8").splitlines()
    assert [Record.loads(line).title for line in lines] == ["خبر 0", "خبر 1", "خبر 2", "خبر 3"]


def test_batch_cli_rejects_unknown_engine(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 1)
    result = CliRunner().invoke(app, ["batch", str(source), str(tmp_path / "out"), "--engine", "flink"])
    assert result.exit_code == 2 and not (tmp_path / "out").exists()
