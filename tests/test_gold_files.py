"""The gold annotations themselves are consistent: every string they quote is in its article."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_gold_files_examples_are_consistent() -> None:
    result = subprocess.run([sys.executable, str(REPO / "examples" / "gold" / "check.py")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.evaluation
def test_gold_files_dev_set_is_consistent(shared_dir: Path) -> None:
    data = shared_dir / "data" / "news_farsnews_language-ml" / "farsnews_articles.jsonl.gz"
    result = subprocess.run(
        [sys.executable, str(REPO / "tests" / "eval" / "dev" / "check_gold.py"), "--data", str(data)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
