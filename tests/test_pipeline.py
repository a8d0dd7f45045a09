"""The pipeline checks its chain when built, runs stages in order, and never lets one article end a batch."""

from __future__ import annotations

import pytest

from rasad.errors import InputError, PipelineError, StageError
from rasad.pipeline import Pipeline, article_id, registered_stages, stage
from rasad.records import Doc, Failure, RawArticle, Record
from rasad.resources import Resources


def test_pipeline_build_names_the_missing_requirement() -> None:
    with pytest.raises(PipelineError, match=r"'tokenize' requires 'text'.*provided by: normalize"):
        Pipeline.build(["tokenize"])


def test_pipeline_build_rejects_unknown_stage() -> None:
    with pytest.raises(PipelineError, match="no stage named 'nonesuch'"):
        Pipeline.build(["normalize", "nonesuch"])


def test_pipeline_stage_rejects_unknown_layer() -> None:
    with pytest.raises(PipelineError, match="unknown layers"):
        stage("bad", requires=("text",), provides=("colours",))(lambda doc, res: doc)


def test_pipeline_default_chain_is_complete() -> None:
    pipeline = Pipeline.build()
    assert pipeline.names[:2] == ("normalize", "tokenize")
    assert set(pipeline.names) <= set(registered_stages())


def test_pipeline_run_fills_record(pipeline: Pipeline) -> None:
    raw = RawArticle(text="سلام دنیا. خداحافظ.", source="s", published="2025-01-01", origin="t")
    record = pipeline.run(raw)
    assert isinstance(record, Record)
    assert record.id == article_id(raw)
    assert [record.text[s.start : s.end] for s in record.sentences] == ["سلام دنیا.", "خداحافظ."]
    assert record.published == "2025-01-01" and record.source == "s"


def test_pipeline_article_id_depends_on_source_and_text() -> None:
    a = article_id(RawArticle(text="x", source="a"))
    assert a != article_id(RawArticle(text="x", source="b"))
    assert a != article_id(RawArticle(text="y", source="a"))
    assert len(a) == 40 and a == article_id(RawArticle(text="x", source="a", title="other title"))


def test_pipeline_stage_error_names_article_and_stage() -> None:
    @stage("explode_for_test", requires=("text",), provides=())
    def explode(doc: Doc, resources: Resources) -> Doc:
        raise ValueError("boom")

    pipeline = Pipeline.build(["normalize", "explode_for_test"])
    with pytest.raises(StageError, match=r"art-1: stage 'explode_for_test' failed: ValueError: boom"):
        pipeline.run(RawArticle(text="متن", origin="art-1"))


def test_pipeline_run_many_continues_after_failures(pipeline: Pipeline) -> None:
    items = [
        RawArticle(text="یک.", origin="a"),
        Failure("b", "b: unreadable"),
        RawArticle(text="   \n ", origin="c"),
        RawArticle(text="دو.", origin="d"),
    ]
    results = list(pipeline.run_many(items))
    assert [type(r).__name__ for r in results] == ["Record", "Failure", "Failure", "Record"]
    assert "c: the article is empty" in results[2].reason


def test_pipeline_refuses_articles_over_the_limit() -> None:
    pipeline = Pipeline.build(max_chars=100)
    with pytest.raises(InputError, match="over the limit of 100"):
        pipeline.run(RawArticle(text="ا" * 101, origin="big"))


def test_pipeline_resources_load_once() -> None:
    resources = Resources()
    calls = []
    for _ in range(3):
        resources.load("k", lambda: calls.append(1) or "value")
    assert calls == [1]
