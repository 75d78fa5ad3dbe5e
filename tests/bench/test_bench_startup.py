"""The benchmark's start-up section (benchmarks/startup.py): its commands, the environment they
run in, medians and ratios against ``python -c pass`` on made-up figures, PASS/MISS against the
limit. Nothing is timed here (the figures are ``make bench``'s); the one test that runs the
commands checks that each ran the number of rounds, not how long it took."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks import capture as bench_capture
from benchmarks import startup


def test_the_commands_are_the_interpreter_help_version_and_a_one_entry_run() -> None:
    cases = startup.commands(Path("c.har"), Path("c.ndjson"), Path("/venv/bin"))
    assert [c.argv[1:] for c in cases] == [
        ["-c", "pass"],
        ["--help"],
        ["--version"],
        ["traffic", "c.har", "--quiet", "--format", "json", "-o", "/dev/null"],
        ["traffic", "c.ndjson", "--quiet", "--format", "json", "-o", "/dev/null"],
    ]
    assert cases[0].argv[0] == "/venv/bin/python"
    assert cases[0].name == startup.BASELINE
    assert {c.argv[0] for c in cases[1:]} == {"/venv/bin/modelarts-validate"}
    assert [c.judged for c in cases] == [False, True, True, True, True]


def test_bytecode_is_cached_as_an_installed_package_has_it(tmp_path: Path) -> None:
    env = startup.environment({"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/bin"}, tmp_path)
    assert env == {"PATH": "/bin", "PYTHONPYCACHEPREFIX": str(tmp_path)}


def test_medians_ratios_and_verdicts() -> None:
    cases = startup.commands(Path("c.har"), Path("c.ndjson"))
    walls = {
        startup.BASELINE: [0.020, 0.030, 0.025],
        "modelarts-validate --help": [0.060, 0.050, 0.055],
        "modelarts-validate --version": [0.040, 0.050, 0.045],
        "modelarts-validate traffic (1-entry HAR)": [0.140, 0.160, 0.149],
        "modelarts-validate traffic (1-entry NDJSON)": [0.150, 0.160, 0.170],
    }
    # CPU: 0.8 of the wall time, python's 0.02 s
    runs = {name: [(w, 0.8 * w) for w in times] for name, times in walls.items()}
    rows = startup.summarise(cases, runs)
    assert [(r.name, round(r.median_ms, 1), round(r.ratio, 2), r.passed) for r in rows] == [
        (startup.BASELINE, 25.0, 1.0, None),
        ("modelarts-validate --help", 55.0, 2.2, True),
        ("modelarts-validate --version", 45.0, 1.8, True),
        ("modelarts-validate traffic (1-entry HAR)", 149.0, 5.96, True),
        ("modelarts-validate traffic (1-entry NDJSON)", 160.0, 6.4, False),
    ]
    assert [(round(r.cpu_ms, 1), round(r.cpu_ratio, 2)) for r in rows[:2]] == [
        (20.0, 1.0),
        (44.0, 2.2),
    ]
    text = startup.render(rows, 3)
    assert "modelarts-validate --help" in text
    assert "(50-60)" in text
    assert "2.20" in text
    assert "44.0" in text  # --help's CPU ms
    assert "PASS  start-up, modelarts-validate --help: 55 ms (target < 150 ms)" in text
    assert "MISS  start-up, modelarts-validate traffic (1-entry NDJSON): 160 ms" in text
    assert "PASS  start-up, python" not in text  # the interpreter is the reference, not judged


def test_each_command_runs_once_to_warm_up_then_once_a_round(tmp_path: Path) -> None:
    log = tmp_path / "runs.log"
    append = f"open({str(log)!r}, 'a').write(sys.argv[1] + '\\n')"
    cases = [
        startup.Command(name, [sys.executable, "-c", f"import sys; {append}", name])
        for name in ("a", "b")
    ]
    runs = startup.measure(cases, 3, {})
    assert {name: len(pairs) for name, pairs in runs.items()} == {"a": 3, "b": 3}
    assert all(wall > 0 and cpu >= 0 for pairs in runs.values() for wall, cpu in pairs)
    # the warm-up, then rounds starting one command later each time
    assert log.read_text().split() == ["a", "b", "a", "b", "b", "a", "a", "b"]


def test_a_failing_command_stops_the_section() -> None:
    fails = "import sys; sys.stderr.write('first\\nthe reason\\n'); sys.exit(2)"
    with pytest.raises(SystemExit, match=r"exit 2\): \['the reason'\]"):
        startup.time_once([sys.executable, "-c", fails], {})


def test_the_one_entry_capture_is_a_run_of_one_exchange(tmp_path: Path) -> None:
    made = bench_capture.generate(1, 7, tmp_path)
    assert made["entries"] == 1
    files = bench_capture.paths(tmp_path, 1, 7)
    assert files["har"].exists()
    assert files["ndjson"].exists()
