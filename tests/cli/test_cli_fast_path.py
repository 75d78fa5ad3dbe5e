"""``--no-fast-path``: every body judged by the engine alone gives the same report, in every
format, as the default run behind the typed fast path."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.captures import bench_capture_300
from tests.support.cli import cli

DATA = Path(__file__).parent.parent / "data" / "traffic"
CAPTURES = sorted(
    p
    for folder in ("valid", "invalid", "unusable")
    for p in (DATA / folder).iterdir()
    if not p.name.endswith((".json", ".md"))
)


@pytest.mark.parametrize("format_", ["json", "text", "sarif"])
@pytest.mark.parametrize("folders", [("valid", "invalid"), ("unusable",)])
def test_the_fast_path_changes_no_report(format_: str, folders: tuple[str, ...]) -> None:
    captures = [p for p in CAPTURES if p.parent.name in folders]
    assert len(captures) >= 4
    fast = cli("traffic", *captures, "--format", format_, "--strict", "-q")
    alone = cli("traffic", *captures, "--format", format_, "--strict", "-q", "--no-fast-path")
    assert fast.code == alone.code == (1 if "valid" in folders else 2)
    assert fast.stdout == alone.stdout
    assert fast.stderr == alone.stderr


def test_no_fast_path_is_in_the_help() -> None:
    assert "--no-fast-path" in cli("traffic", "--help").stdout


@pytest.fixture(scope="module")
def bench_capture(request: pytest.FixtureRequest) -> dict[str, Path]:
    return bench_capture_300(request)


@pytest.mark.parametrize("fmt", ["har", "ndjson"])
@pytest.mark.parametrize("options", [(), ("--jobs", "2")])
def test_the_fast_path_changes_no_report_of_a_larger_capture(
    bench_capture: dict[str, Path], fmt: str, options: tuple[str, ...], tmp_path: Path
) -> None:
    """300 exchanges (violations, drift, other traffic): enough that most are judged by the
    fast path and its plans (``Contract._plan``), report and coverage alike."""
    runs = {}
    for name, extra in (("fast", ()), ("alone", ("--no-fast-path",))):
        coverage = tmp_path / f"{name}.json"
        run = cli(
            "traffic", bench_capture[fmt], "--format", "json", "--coverage", coverage,
            *options, *extra,
        )  # fmt: skip
        runs[name] = (run.code, run.stdout, run.stderr, coverage.read_bytes())
    assert runs["fast"] == runs["alone"]
    assert runs["fast"][0] == 1
    assert b'"seen"' in runs["fast"][3]
