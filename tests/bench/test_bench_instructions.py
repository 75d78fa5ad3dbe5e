"""The benchmark's instruction counts of ``--coverage`` (benchmarks/instructions.py): the log
parsed, the ratio and the verdict, the commands, and the section run end to end against a stand-in
``valgrind`` on ``PATH`` (a script that writes the log a real one would, and runs the command).
No valgrind run and no timing here: the figures are ``make bench``'s."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from benchmarks import instructions

LOG = """==123== Cachegrind, a cache and branch-prediction profiler
==123== Command: modelarts-validate traffic x.har
==123==
==123== I   refs:      1,564,428,693
"""


def test_the_instruction_count_is_read_from_the_log() -> None:
    assert instructions.instructions(LOG) == 1_564_428_693


@pytest.mark.parametrize("log", ["", "==1== D   refs: 5\n", LOG + LOG.splitlines()[-1] + "\n"])
def test_a_log_without_one_count_is_an_error(log: str) -> None:
    with pytest.raises(ValueError, match="I refs"):
        instructions.instructions(log)


def test_the_ratio_and_the_verdict_at_the_goal() -> None:
    assert instructions.Row("har", 2000, 1000, 1150).passed  # exactly 15%
    assert not instructions.Row("har", 2000, 1000, 1151).passed
    row = instructions.Row("ndjson", 2000, 1_570_000_000, 1_727_000_000)
    assert row.ratio == pytest.approx(1.1)
    assert instructions.render([row]) == (
        "--coverage instructions, NDJSON (2,000 entries): 1,570 M -> 1,727 M, 1.100x "
        "(cachegrind, whole processes; goal <= 1.15x): met"
    )
    assert instructions.render([instructions.Row("har", 5, 100, 200)]).endswith("MISSED")


def test_the_two_commands_differ_by_coverage_alone(tmp_path: Path) -> None:
    argvs = instructions.commands(tmp_path / "c.har", tmp_path, Path("/bin-dir"))
    plain, coverage = argvs["plain"], argvs["coverage"]
    assert plain[:3] == ["/bin-dir/modelarts-validate", "traffic", str(tmp_path / "c.har")]
    assert coverage[: len(plain)] == plain
    assert coverage[len(plain) :] == ["--coverage", str(tmp_path / "instructions-cov.json")]


def test_without_valgrind_the_section_says_it_was_skipped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    rows, text = instructions.section({"har": tmp_path / "x.har"}, 2000, {}, tmp_path)
    assert rows == []
    assert text == "--coverage instructions: skipped (no valgrind on this machine)"


def test_the_section_runs_each_command_under_valgrind(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A stand-in ``valgrind`` counts a run with ``--coverage`` as 1,100 instructions and one
    without as 1,000; ``modelarts-validate`` is a stand-in too, that records its arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    fake_valgrind = bin_dir / "valgrind"
    fake_valgrind.write_text(
        "#!/bin/sh\n"
        'log=""; for a in "$@"; do case "$a" in --log-file=*) log="${a#--log-file=}";; esac; done\n'
        'while [ "${1#--}" != "$1" ]; do shift; done\n'  # the tool's options, then the command
        'n=1,000; case "$*" in *--coverage*) n=1,100;; esac\n'
        'printf "==7== I   refs:      %s\\n" "$n" > "$log"\n'
        'exec "$@"\n'
    )
    validate = bin_dir / "modelarts-validate"
    validate.write_text(f'#!/bin/sh\necho "$*" >> {calls}\nexit 1\n')  # 1: findings, accepted
    for script in (fake_valgrind, validate):
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")  # shutil.which looks here
    rows, text = instructions.section(
        {"har": tmp_path / "c.har", "ndjson": tmp_path / "c.ndjson"}, 2000, dict(os.environ),
        tmp_path, bin_dir,
    )  # fmt: skip
    assert rows == [
        instructions.Row("har", 2000, 1000, 1100),
        instructions.Row("ndjson", 2000, 1000, 1100),
    ]
    assert text.count(": met") == 2
    # each command once to warm up, once counted
    assert len(calls.read_text().splitlines()) == 8
