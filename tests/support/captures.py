"""Captures for the tests: the exchanges a capture file holds, and the benchmark generator's
capture of 300 exchanges (HAR and NDJSON, the same traffic) made once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from modelarts_validators.capture.records import Unreadable
from modelarts_validators.capture.sources import iter_records
from modelarts_validators.contract.model import Exchange

from benchmarks import capture as bench_capture
from tests.support.shared import shared_folder


def records_of(path: Path) -> list[Exchange]:
    """The exchanges of a capture file (its unreadable records left out)."""
    return [r for r in iter_records([str(path)]) if not isinstance(r, Unreadable)]


def bench_capture_300(request: pytest.FixtureRequest) -> dict[str, Path]:
    """The generator's 300 exchanges (seed 3): violations, drift, other traffic, as
    ``{"har": ..., "ndjson": ...}``."""

    def make(out: Path) -> None:
        bench_capture.generate(300, 3, out)

    folder = shared_folder(request, "bench-capture-300", make)
    files = bench_capture.paths(folder, 300, 3)
    return {"har": files["har"], "ndjson": files["ndjson"]}
