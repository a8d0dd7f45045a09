"""The atheris fuzz targets in fuzz/: run for a bounded time when atheris is installed (`pip install
'.[fuzz]'`), and always over hypothesis-made bytes so a fresh machine checks the same properties."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"
sys.path.insert(0, str(FUZZ))

import ingest_target  # noqa: E402
import normalize_target  # noqa: E402
from seeds import BAD_INPUTS  # noqa: E402

FUZZ_SECONDS = 10


def _seeds() -> list[tuple[str, bytes]]:
    return [(kind, path.read_bytes()[:4096]) for path in sorted(BAD_INPUTS.iterdir())
            if (kind := ingest_target.kind_of(path))]  # fmt: skip


SEEDS = _seeds()
# A bad input cut anywhere and followed by junk: how truncated downloads and broken exports look.
MUTATED = st.builds(
    lambda seed, cut, junk: ingest_target.seed(seed[0], seed[1][: int(len(seed[1]) * cut)] + junk),
    st.sampled_from(SEEDS), st.floats(0, 1), st.binary(max_size=64),
)  # fmt: skip


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=512) | MUTATED.map(lambda data: data[1:]))
def test_fuzz_targets_normalize_over_generated_bytes(data: bytes) -> None:
    normalize_target.check(data)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=512) | MUTATED)
def test_fuzz_targets_ingest_over_generated_bytes(data: bytes) -> None:
    ingest_target.check(data)


def test_fuzz_targets_seeds_cover_every_reader() -> None:
    # .tsv shares the CSV reader; every other reader starts from at least one bad input.
    assert set(ingest_target.KINDS) - {".tsv"} <= {kind for kind, _ in SEEDS}


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris not installed (pip install '.[fuzz]')")
@pytest.mark.parametrize("target", ["normalize_target.py", "ingest_target.py"])
def test_fuzz_targets_atheris_bounded_run(tmp_path: Path, target: str) -> None:
    result = subprocess.run(
        [sys.executable, str(FUZZ / target), f"-max_total_time={FUZZ_SECONDS}", "-seed=1",
         f"-artifact_prefix={tmp_path}/", "-print_final_stats=1"],
        capture_output=True, text=True, timeout=FUZZ_SECONDS * 6, cwd=tmp_path,
    )  # fmt: skip
    report = "\n".join(line for line in result.stderr.splitlines() if not line.startswith(("INFO: Instrumenting", "#")))
    assert result.returncode == 0, report[-4000:]
    assert "Done " in result.stderr and not list(tmp_path.glob("crash-*")), report[-4000:]
