"""The benchmark's start-up section: how long ``modelarts-validate`` takes to answer when there is
next to nothing to do, against the interpreter's own start-up (``python -c pass``).

    .venv/bin/python -m benchmarks.startup [--rounds 21] [--capture .bench/capture-1-s7.har]

Commands, each a whole process (``make bench`` runs them on the code it measures): ``python -c
pass``, ``modelarts-validate --help``, ``modelarts-validate --version``, and ``modelarts-validate
traffic`` on a 1-entry capture (HAR and NDJSON, made by ``capture``: the spec loaded and its
schemas compiled, one exchange checked, the report written). ``--rounds`` interleaved rounds
(each round starts one command later), after one warm-up run of each; the median wall time of
each, in milliseconds and as a ratio to ``python -c pass`` measured in the same rounds, and the
median CPU time (user + system, of the process alone: less disturbed than wall time by other
work on a shared machine). The goal (issue 18): each under ``LIMIT_MS`` of wall time.

Bytecode is cached (``PYTHONPYCACHEPREFIX`` under ``.bench/``, ``PYTHONDONTWRITEBYTECODE``
unset), as it is for an installed package: a run that compiled every module it imports would
measure the compiler. No timing in the tests: ``tests/bench/test_bench_startup.py`` checks the
arithmetic and the commands only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / ".bench"
VENV_BIN = ROOT / ".venv" / "bin"
#: The goal: each command's median wall time below this.
LIMIT_MS = 150.0
BASELINE = "python -c pass"


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    argv: list[str]
    judged: bool = True  # held to LIMIT_MS (the interpreter's own start-up is not)


def commands(har: Path, ndjson: Path, bin_dir: Path = VENV_BIN) -> list[Command]:
    validate = str(bin_dir / "modelarts-validate")
    quiet = ["--quiet", "--format", "json", "-o", os.devnull]
    return [
        Command(BASELINE, [str(bin_dir / "python"), "-c", "pass"], judged=False),
        Command("modelarts-validate --help", [validate, "--help"]),
        Command("modelarts-validate --version", [validate, "--version"]),
        Command("modelarts-validate traffic (1-entry HAR)", [validate, "traffic", str(har), *quiet]),
        Command("modelarts-validate traffic (1-entry NDJSON)",
                [validate, "traffic", str(ndjson), *quiet]),
    ]  # fmt: skip


def environment(base: dict[str, str], cache: Path) -> dict[str, str]:
    """``base`` with bytecode cached under ``cache``."""
    env = {k: v for k, v in base.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def time_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, from ``wait4``: this process alone) of one
    whole-process run of ``argv`` (exit 0 or 1: a run with findings)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors, env=env,
            cwd=ROOT,
        )  # fmt: skip
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            errors.seek(0)
            tail = errors.read().decode(errors="replace").strip().splitlines()[-1:]
            raise SystemExit(f"{' '.join(argv)} failed (exit {code}): {tail}")
    return wall, usage.ru_utime + usage.ru_stime


Runs = dict[str, list[tuple[float, float]]]


def measure(cases: list[Command], rounds: int, env: dict[str, str]) -> Runs:
    """(wall, CPU) seconds per command, ``rounds`` interleaved rounds after one warm-up run
    each."""
    for case in cases:  # writes the bytecode cache, reads the files into the page cache
        time_once(case.argv, env)
    runs: Runs = {case.name: [] for case in cases}
    for round_ in range(rounds):
        shift = round_ % len(cases)
        for case in cases[shift:] + cases[:shift]:
            runs[case.name].append(time_once(case.argv, env))
    return runs


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    median_ms: float
    low_ms: float
    high_ms: float
    ratio: float  # over python -c pass
    cpu_ms: float  # median CPU time
    cpu_ratio: float  # over python -c pass's
    passed: bool | None  # None: not judged


def summarise(cases: list[Command], runs: Runs) -> list[Row]:
    base = statistics.median(wall for wall, _ in runs[BASELINE])
    base_cpu = statistics.median(cpu for _, cpu in runs[BASELINE])
    rows = []
    for case in cases:
        walls = [wall for wall, _ in runs[case.name]]
        median = statistics.median(walls)
        cpu = statistics.median(cpu for _, cpu in runs[case.name])
        rows.append(
            Row(case.name, median * 1e3, min(walls) * 1e3, max(walls) * 1e3, median / base,
                cpu * 1e3, cpu / base_cpu if base_cpu else float("nan"),
                median * 1e3 < LIMIT_MS if case.judged else None)
        )  # fmt: skip
    return rows


def render(rows: list[Row], rounds: int) -> str:
    header = (
        f"{'start-up: command':<46}{'median ms':>10}{'(min-max)':>14}{'x python':>10}"
        f"{'CPU ms':>8}{'x python':>10}"
    )
    lines = [header, "-" * len(header)]
    for r in rows:
        spread = f"({r.low_ms:.0f}-{r.high_ms:.0f})"
        lines.append(
            f"{r.name:<46}{r.median_ms:>10.1f}{spread:>14}{r.ratio:>10.2f}"
            f"{r.cpu_ms:>8.1f}{r.cpu_ratio:>10.2f}"
        )
    lines.append(
        f"whole processes, median of {rounds} interleaved rounds after a warm-up run, bytecode "
        f"cached; x python: over `{BASELINE}` in the same rounds; CPU: user + system of the "
        "process"
    )
    for r in rows:
        if r.passed is not None:
            verdict = "PASS" if r.passed else "MISS"
            lines.append(
                f"{verdict}  start-up, {r.name}: {r.median_ms:.0f} ms (target < {LIMIT_MS:.0f} ms)"
            )
    return "\n".join(lines)


def section(
    har: Path, ndjson: Path, rounds: int, env: dict[str, str], bin_dir: Path = VENV_BIN
) -> tuple[list[Row], str]:
    """Measure and render: the rows (for results.json) and the printed text."""
    cases = commands(har, ndjson, bin_dir)
    walls = measure(cases, rounds, environment(env, BENCH / "pycache"))
    rows = summarise(cases, walls)
    return rows, render(rows, rounds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup", description=__doc__)
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    from . import capture as generator  # the generator's imports only when it is run

    files = generator.paths(BENCH, 1, args.seed)
    if not all(path.exists() for path in files.values()):
        generator.generate(1, args.seed, BENCH)
    _, text = section(files["har"], files["ndjson"], args.rounds, dict(os.environ))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
