"""Golden records: the whole pipeline's output on fixed articles, compared field by field.

Run `pytest tests/test_golden.py --update-golden` after an intended change and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from record_checks import assert_valid_record

from rasad.ingest import read_path
from rasad.pipeline import Pipeline
from rasad.records import RawArticle

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = Path(__file__).parents[1] / "examples"
# The seed article (a copy of ../shared/fixtures/seed-article/article.txt, so this runs without ../shared)
# and the bundled examples written for rasad.
CASES = {"seed": GOLDEN / "seed-article.txt"} | {
    f"examples/{p.stem}": p for p in sorted(EXAMPLES.glob("*.txt"))
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_record(name: str, pipeline: Pipeline, update_golden: bool) -> None:
    [article] = read_path(CASES[name])
    assert isinstance(article, RawArticle)
    # The origin is a local path: keep it out of the record so golden files don't depend on the checkout.
    record = pipeline.run(article).to_json()
    record["warnings"] = [w.replace(str(CASES[name]), CASES[name].name) for w in record["warnings"]]
    assert_valid_record(record)
    path = GOLDEN / f"{name}.json"
    if update_golden or not path.exists():
        if not update_golden:
            pytest.fail(f"no golden file {path}; run pytest {__file__} --update-golden and review it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    for field in expected:
        assert record.get(field) == expected[field], f"{name}: field {field!r} differs from {path}"
    assert set(record) == set(expected)
