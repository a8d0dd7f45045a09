"""The installed `rasad` command: analyze, eval, --version, --help, and bad input in a batch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from record_checks import assert_valid_record

RASAD = str(Path(sys.executable).parent / "rasad")
HEADER = " date 2025-12-21 خبرگزاری نمونه؛ نویسنده نمونه - "


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([RASAD, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_cli_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("rasad ")


@pytest.mark.parametrize("command", [[], ["analyze"], ["eval"], ["normalize"]])
def test_cli_help_on_every_command(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.returncode == 0 and "Usage" in result.stdout


def test_cli_analyze_json_record_matches_schema(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(HEADER + "پوتین هیچ سازشی ارائه نداد\n\nاو گفت: «مذاکرات ادامه دارد.» سپس رفت.", encoding="utf-8")
    result = run("analyze", str(path), "--json")
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    record = json.loads(line)
    assert_valid_record(record)
    assert (record["published"], record["source"], record["author"]) == ("2025-12-21", "خبرگزاری نمونه", "نویسنده نمونه")
    assert [record["text"][s["start"] : s["end"]] for s in record["sentences"]] == [
        "پوتین هیچ سازشی ارائه نداد", "او گفت: «مذاکرات ادامه دارد.»", "سپس رفت.",
    ]  # fmt: skip


def test_cli_analyze_summary_and_out_file(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps({"text": f"خبر شماره {i}.", "published": "2025-01-0" + str(i)}) for i in (1, 2)))
    out = tmp_path / "out.jsonl"
    result = run("analyze", str(path), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "sentences" in result.stdout and "analyzed 2 article(s)" in result.stderr
    assert [json.loads(line)["published"] for line in out.read_text().splitlines()] == ["2025-01-01", "2025-01-02"]


def test_cli_analyze_bad_inputs_are_named_and_the_batch_completes(tmp_path: Path) -> None:
    files = {
        "good.txt": (HEADER + "متن خوب.").encode(),
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 4,
        "arabic-codepage.txt": "خبر از تهران. رئيس گفت.".encode("cp1256"),
        "utf16.txt": (HEADER + "متن دو.").encode("utf-16"),
        "bad-date.txt": " date 2025-99-99 منبع؛ نویسنده - متن.".encode(),
        "huge.txt": ("ا" * 10_000_000).encode(),  # 20 MB
        "lines.jsonl": b'{"text": "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85"}\n{broken\n',
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    result = run("analyze", str(tmp_path), "--json")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 5  # good, cp1256, utf-16, bad date, the JSONL's good line
    for record in records:
        assert_valid_record(record)
    err = result.stderr
    assert f"{tmp_path / 'empty.txt'}: the article is empty" in err
    assert f"{tmp_path / 'binary.txt'}: binary data" in err
    assert f"{tmp_path / 'huge.txt'}: the article has 10,000,000 characters, over the limit" in err
    assert f"{tmp_path / 'lines.jsonl'}:2: invalid JSON" in err
    assert f"{tmp_path / 'bad-date.txt'}:1: impossible date '2025-99-99'" in err
    assert "decoded as Windows-1256" in err
    assert "analyzed 5 article(s); 4 failed" in err


def test_cli_analyze_exit_code_when_nothing_processed(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("analyze", str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert "no such file or folder" in result.stderr and "analyzed 0 article(s); 2 failed" in result.stderr


def test_cli_eval_reports_scores(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text(HEADER + "متن.", encoding="utf-8")
    gold = {"entities": [], "timexes": [], "quotes": [], "events": []}
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    out = tmp_path / "scores.json"
    result = run("eval", str(tmp_path), "--out", str(out))
    assert result.returncode == 0, result.stderr
    scores = json.loads(out.read_text())
    assert scores["articles"] == 1 and set(scores) >= {"entities", "timexes", "quotes", "events"}


def test_cli_eval_missing_gold_is_a_clear_error(tmp_path: Path) -> None:
    result = run("eval", str(tmp_path))
    assert result.returncode == 2 and "no gold files" in result.stderr


def test_cli_normalize_stdin_and_file(tmp_path: Path) -> None:
    result = subprocess.run([RASAD, "normalize"], input="علي  كريمي ، وزير", capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "علی کریمی، وزیر\n"
    path = tmp_path / "a.txt"
    path.write_bytes("رئيس".encode("cp1256"))
    result = run("normalize", str(path))
    assert result.stdout == "رئیس\n" and "Windows-1256" in result.stderr
    assert run("normalize", str(tmp_path / "missing.txt")).returncode == 1
