"""The benchmark's instruction counts of ``--coverage``: the same run with and without it, each a
whole process under valgrind's cachegrind, which counts the instructions the process executes
(``I refs``). The counts do not depend on what else the machine runs: the same code on the same
capture gives the same count to a few parts in a thousand, where the wall and CPU times of the
same pair of runs move by 20% and more on a shared machine.

    .venv/bin/python -m benchmarks.instructions [--entries 2000] [--seed 7]

``make bench`` runs it on its small capture (``--small``, 2,000 entries: coverage's fixed cost,
its plan and report, weighs ten times more there than on the large one, so the ratio is the
less flattering of the two), on the code it measures. Under valgrind a run takes some 50 times
as long, which is why the large capture is not counted. Without valgrind the section is
skipped and says so. The instruction count is not the time: a cycle spent waiting for memory
or a mispredicted branch counts as nothing here, which is why the wall-time pairs stay beside
it (``run.coverage_pairs``). ``tests/bench/test_bench_instructions.py`` checks the parsing, the
arithmetic and the commands, with no valgrind run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / ".bench"
VENV_BIN = ROOT / ".venv" / "bin"
#: The goal (issue 17): ``--coverage`` adds at most this share of a run.
OVERHEAD = 0.15
_REFS = re.compile(r"^==\d+== I\s+refs:\s+([\d,]+)\s*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Row:
    fmt: str
    entries: int
    plain: int  # instructions, without --coverage
    coverage: int  # with it

    @property
    def ratio(self) -> float:
        return self.coverage / self.plain

    @property
    def passed(self) -> bool:
        return self.ratio - 1 <= OVERHEAD


def instructions(log: str) -> int:
    """The ``I refs`` count of a cachegrind log. ``ValueError`` when there is none."""
    found = _REFS.findall(log)
    if len(found) != 1:
        raise ValueError(f"no single 'I refs' line in the cachegrind log ({len(found)} found)")
    return int(found[0].replace(",", ""))


def commands(
    capture: Path, out: Path, bin_dir: Path = VENV_BIN
) -> dict[str, list[str]]:  # fmt: skip
    """The two runs of ``capture``: without and with ``--coverage`` (reports under ``out``)."""
    run = [str(bin_dir / "modelarts-validate"), "traffic", str(capture), "--format", "json",
           "--quiet", "-o", str(out / "instructions-report.json")]  # fmt: skip
    return {"plain": run, "coverage": [*run, "--coverage", str(out / "instructions-cov.json")]}


def counted(argv: list[str], env: dict[str, str]) -> int:
    """Instructions of one whole-process run of ``argv`` under cachegrind (exit 0 or 1)."""
    with tempfile.TemporaryDirectory(prefix="bench-instructions-") as folder:
        log = Path(folder) / "cachegrind.log"
        process = subprocess.run(
            ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--branch-sim=no",
             f"--cachegrind-out-file={Path(folder) / 'out'}", f"--log-file={log}", *argv],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            env=env, cwd=ROOT, check=False,
        )  # fmt: skip
        if process.returncode not in (0, 1):
            tail = process.stderr.decode(errors="replace").strip().splitlines()[-1:]
            raise SystemExit(f"{' '.join(argv)} failed under valgrind: {tail}")
        return instructions(log.read_text())


def render(rows: list[Row]) -> str:
    lines = []
    for row in rows:
        verdict = "met" if row.passed else "MISSED"
        lines.append(
            f"--coverage instructions, {row.fmt.upper()} ({row.entries:,} entries): "
            f"{row.plain / 1e6:,.0f} M -> {row.coverage / 1e6:,.0f} M, {row.ratio:.3f}x "
            f"(cachegrind, whole processes; goal <= {1 + OVERHEAD:.2f}x): {verdict}"
        )
    return "\n".join(lines)


def section(
    captures: dict[str, Path], entries: int, env: dict[str, str], out: Path,
    bin_dir: Path = VENV_BIN,
) -> tuple[list[Row], str]:  # fmt: skip
    """Count both runs of each capture (``{"har": path, "ndjson": path}``): the rows (for
    results.json) and the printed text; no rows without valgrind."""
    if shutil.which("valgrind") is None:
        return [], "--coverage instructions: skipped (no valgrind on this machine)"
    rows = []
    for fmt, capture in captures.items():
        argvs = commands(capture, out, bin_dir)
        for argv in argvs.values():  # bytecode written, files in the page cache
            subprocess.run(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, check=False)
        plain, coverage = (counted(argvs[k], env) for k in ("plain", "coverage"))
        rows.append(Row(fmt, entries, plain, coverage))
    return rows, render(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.instructions", description=__doc__)
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    from . import capture as generator  # the generator's imports only when it is run

    files = generator.paths(BENCH, args.entries, args.seed)
    if not all(path.exists() for path in files.values()):
        generator.generate(args.entries, args.seed, BENCH)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(BENCH / "pycache")
    out = BENCH / "out"
    out.mkdir(parents=True, exist_ok=True)
    captures = {fmt: files[fmt] for fmt in ("har", "ndjson")}
    _, text = section(captures, args.entries, env, out)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
