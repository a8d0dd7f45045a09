"""Batch input reading and shard planning; also the made-up Persian inputs the batch and Spark tests share."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from rasad.batch.inputs import plan_shards, read_input
from rasad.records import Failure, RawArticle

SENTENCES = (
    "حسن روحانی رئیس‌جمهور ایران روز شنبه در تهران گفت: «ما آماده مذاکره هستیم.»",
    "وزیر امور خارجه روسیه با همتای چینی خود در مسکو دیدار کرد.",
    "سخنگوی دولت اعلام کرد که نشست بعدی هفته آینده در اصفهان برگزار می‌شود.",
    "رئیس سازمان ملل متحد دیروز حمله به غیرنظامیان را محکوم کرد.",
)


def article_lines(count: int) -> list[str]:
    """JSONL lines of made-up articles, with varied source, date and text."""
    lines = []
    for i in range(count):
        text = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + i % 3))
        published = None if i % 5 == 4 else f"2024-0{1 + i % 9}-1{i % 10}"
        item = {"text": text, "source": f"source-{i % 4}", "title": f"خبر {i}", "published": published}
        lines.append(json.dumps(item, ensure_ascii=False))
    return lines


# Lines that must come out as failures, each with its own reason.
BROKEN_LINES = ('{"text": "نیمه', '{"text": "   "}', '{"title": "بدون متن"}', "[1, 2]")


def write_jsonl(path: Path, count: int, broken: bool = True) -> Path:
    """A JSONL file of `count` articles with the broken lines spread among them."""
    lines = article_lines(count)
    if broken:
        for offset, line in enumerate(BROKEN_LINES):
            lines.insert(min(len(lines), 2 + offset * 3), line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_folder(folder: Path) -> Path:
    """A folder of mixed inputs: JSONL, a CSV and seed-style text files."""
    folder.mkdir(parents=True, exist_ok=True)
    write_jsonl(folder / "a.jsonl", 7)
    rows = ["text,source,published"] + [f'"{s}",csv-{i},2023-05-0{i + 1}' for i, s in enumerate(SENTENCES)]
    (folder / "b.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    for i, sentence in enumerate(SENTENCES[:2]):
        (folder / f"c{i}.txt").write_text(f" date 2022-11-0{i + 1} خبرگزاری نمونه؛ نویسنده - {sentence}\n", encoding="utf-8")
    (folder / "d.txt").write_bytes(b"\x00\x01\x02binary")
    return folder


def test_batch_inputs_broken_lines_become_failures(tmp_path: Path) -> None:
    items = list(read_input(write_jsonl(tmp_path / "in.jsonl", 5)))
    failures = [i for i in items if isinstance(i, Failure)]
    # The empty article is a RawArticle here: the pipeline refuses it later, with its own reason.
    assert [f.origin.rsplit(":", 1)[1] for f in failures] == ["3", "8", "9"]
    assert len(failures) == 3 and sum(isinstance(i, RawArticle) for i in items) == 6


def test_batch_inputs_parquet_articles_are_read_like_jsonl(tmp_path: Path) -> None:
    rows = [json.loads(line) for line in article_lines(4)] + [{"title": "بدون متن"}]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "in.parquet")
    items = list(read_input(tmp_path / "in.parquet"))
    assert [i.text for i in items[:4]] == [r["text"] for r in rows[:4]]
    assert items[0].origin == f"{tmp_path / 'in.parquet'}:1" and items[0].source == "source-0"
    assert isinstance(items[4], Failure) and "no 'text' field" in items[4].reason


def test_batch_inputs_shards_keep_input_order(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in")
    write_jsonl(folder / "big.jsonl", 40)  # larger than shard_bytes below: read on the driver and cut
    expected = list(read_input(folder))
    shards = list(plan_shards(folder, shard_size=7, shard_bytes=2_000))
    assert [s.index for s in shards] == list(range(len(shards)))
    assert any(s.files for s in shards) and any(s.items for s in shards)
    assert [item for s in shards for item in s.articles()] == expected
    assert all(len(s.items) <= 7 for s in shards)


def test_batch_inputs_missing_and_empty_inputs_are_failures(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    [missing] = read_input(tmp_path / "nope.jsonl")
    [empty] = [i for s in plan_shards(tmp_path / "empty") for i in s.articles()]
    assert "no such file" in missing.reason and "no supported input files" in empty.reason
