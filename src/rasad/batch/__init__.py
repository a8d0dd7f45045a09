"""Batch runs over whole archives: shards of articles through `Pipeline.run_many`, on a process pool or Spark."""

from rasad.batch.inputs import Shard, plan_shards, read_input
from rasad.batch.output import read_failures, read_parquet_records, read_records
from rasad.batch.runner import run_batch, run_shard
from rasad.batch.schema import failure_schema, record_schema

__all__ = [
    "Shard",
    "failure_schema",
    "plan_shards",
    "read_failures",
    "read_input",
    "read_parquet_records",
    "read_records",
    "record_schema",
    "run_batch",
    "run_shard",
]
