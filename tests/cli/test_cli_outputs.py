"""What ``modelarts-validate`` writes never overwrites what it reads, nor another file it writes:
the report (``-o``), ``--coverage``, ``--suggest`` and an updated ``--baseline`` must be distinct
files, none of them an input. Refused with exit 2 before any work, and nothing is touched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.cli import DATA, cli

SMALL = DATA / "coverage" / "small.ndjson"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def capture(tmp_path: Path) -> Path:
    copy = tmp_path / "capture.ndjson"
    shutil.copyfile(SMALL, copy)
    return copy


@pytest.mark.parametrize("option", ["-o", "--coverage", "--suggest"])
def test_an_output_that_is_an_input_is_refused(capture: Path, option: str) -> None:
    before = capture.read_bytes()
    run = cli("traffic", capture, option, capture)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        f"modelarts-validate: error: {option} {capture} is also an input: it would be overwritten\n"
    )
    assert capture.read_bytes() == before


def test_an_input_named_another_way_is_still_an_input(capture: Path, tmp_path: Path) -> None:
    before = capture.read_bytes()
    link = tmp_path / "link.ndjson"
    link.symlink_to(capture)
    for written in (link, tmp_path / "." / "capture.ndjson"):
        run = cli("traffic", capture, "--coverage", written)
        assert (run.code, run.stdout) == (2, "")
        assert "is also an input" in run.stderr
    run = cli("traffic", tmp_path, "-o", capture)  # found by a directory search
    assert (run.code, run.stdout) == (2, "")
    assert capture.read_bytes() == before


def test_a_body_command_does_not_write_over_its_body(tmp_path: Path) -> None:
    body = tmp_path / "body.json"
    body.write_text('{"limit": 10}')
    run = cli("request", body, "-o", body)
    assert (run.code, run.stdout) == (2, "")
    assert body.read_text() == '{"limit": 10}'


@pytest.mark.parametrize(
    ("first", "second"),
    [("-o", "--coverage"), ("-o", "--suggest"), ("--coverage", "--suggest")],
)
def test_two_outputs_in_one_file_are_refused(
    capture: Path, tmp_path: Path, first: str, second: str
) -> None:
    both = tmp_path / "out.json"
    run = cli("traffic", capture, first, both, second, both)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        f"modelarts-validate: error: {first} and {second} both name {both}: "
        "each output needs its own file\n"
    )
    assert not both.exists()


def test_an_updated_baseline_is_not_another_output(capture: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    run = cli("traffic", capture, "--baseline", baseline, "--update-baseline", "-o", baseline)
    assert (run.code, run.stdout) == (2, "")
    assert "--baseline and -o both name" in run.stderr
    assert not baseline.exists()


def test_distinct_outputs_are_all_written(capture: Path, tmp_path: Path) -> None:
    report, counted, suggested = (tmp_path / n for n in ("r.json", "c.json", "s.yaml"))
    run = cli(
        "traffic",
        capture,
        "--format",
        "json",
        "-o",
        report,
        "--coverage",
        counted,
        "--suggest",
        suggested,
    )
    assert run.code == 0
    assert all(p.stat().st_size > 0 for p in (report, counted, suggested))


def test_the_spec_is_an_input_too(capture: Path, tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_bytes((ROOT / "openapi" / "training-job-searches.yaml").read_bytes())
    before = spec.read_bytes()
    for option in ("-o", "--coverage", "--suggest"):
        run = cli("--spec", spec, "traffic", capture, option, spec)
        assert (run.code, run.stdout) == (2, "")
        assert f"{option} {spec} is also an input" in run.stderr
    assert spec.read_bytes() == before


def test_device_files_are_not_one_file_for_outputs(capture: Path) -> None:
    run = cli(
        "traffic", capture, "-o", "/dev/null", "--coverage", "/dev/null", "--suggest", "/dev/null"
    )
    assert (run.code, run.stderr) == (0, "")
