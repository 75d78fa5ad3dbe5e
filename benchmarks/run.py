"""``make bench``: measure ``modelarts-validate`` side by side with the alternatives, in one run,
on the same captures, and judge the targets (``table.targets``).

    .venv/bin/python -m benchmarks.run [--entries 20000] [--small 2000] [--repeat 3]
        [--openapi-core-entries 2000] [--seed 7] [--skip redocly,openapi-core,...]
        [--validators REF] [--baseline REF] [--startup-rounds 21] [--coverage-pairs 7]
        [--floor-pairs 7] [--results PATH]

1. Captures: ``capture`` makes ``.bench/capture-<N>-s<seed>.{har,ndjson}`` and their manifests,
   at ``--entries`` and at ``--small`` (the small one is the large one's prefix: the generator
   draws entry by entry), unless they exist from the same generator version.
2. Cases, each one whole process: ``modelarts-validate traffic --format json`` on the HAR and the
   NDJSON (both sizes; with ``--jobs 2`` too when the CLI has that option); the orjson floor
   (``floor``) on both, and on the HAR streamed as well (bounded memory); the physical reference
   (``physical``: msgspec scans the same files and bodies and builds no parsed values) on both,
   the HAR whole and streamed; Redocly CLI ``drift`` on
   the HAR when node and ``node_modules/.bin/redocly`` exist; the openapi-core driver
   (``openapi_core``) on the first ``--openapi-core-entries`` entries of the large HAR (in its own
   virtual environment, made on first use from ``benchmarks/openapi_core.txt``). With
   ``--baseline REF``, also ``modelarts-validate`` as of commit ``REF`` on the large captures
   (``before-*`` cases, their ratios against today's): a change's cost, measured in one run.
3. ``--repeat`` rounds, the cases interleaved (each round starts one case later, so no tool always
   runs first or after the same neighbour); medians of the wall times.
   ``--coverage`` (``ours-*-coverage``) is then also measured in ``--coverage-pairs`` pairs of
   back-to-back runs with and without it, the order swapped every pair: its cost is judged on
   the median of the pairs' ratios, which the load that moves between rounds disturbs less;
   and by the instructions the two runs of the small captures execute (``instructions``:
   cachegrind, where valgrind is installed), which no load disturbs. The same way, the orjson
   floor and ``modelarts-validate`` are run in ``--floor-pairs`` back-to-back pairs on each
   format (``floor_pairs``), beside the rounds' medians the table shows.
4. The tools' outputs (of the last round) are read back into per-entry verdicts
   (``verdicts``) and compared with the manifest.
5. Start-up (``startup``): ``python -c pass``, ``modelarts-validate --help``, ``--version`` and a
   run on a 1-entry capture, medians of many whole-process runs, in ms and as ratios.
6. The table, the targets (``table``), the comparison and the start-up section are printed and
   written, with the raw runs and the machine, to ``.bench/results.json``.

``--skip`` takes any of redocly, openapi-core, coverage, instructions, physical, startup; with a small
``--entries`` and ``--small`` and ``--results`` elsewhere, a section can be tried in seconds:
``python -m benchmarks.run --entries 500 --small 100 --repeat 1 --skip redocly,openapi-core,coverage
--validators worktree --results /tmp/results.json``.

Each run is measured by ``measure.measure``: under GNU ``time`` (or a small launcher), so that
its peak RSS is its own (see there why a child of the benchmark's process would not do), plus
a ``/proc`` sampler for process trees. The code measured is a commit's
(``--validators``, default HEAD), exported under ``.bench/snapshot-<commit>`` and put first on
``PYTHONPATH``: a run measures exactly that commit, whatever else happens in the checkout.
Every command runs with the repository root as its working directory, so that the floor and the
openapi-core driver run as modules of this package (``python -m benchmarks.floor``).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from . import capture as generator
from . import instructions as instructions_section
from . import physical as physical_reference
from . import startup as startup_section
from . import verdicts as tool_verdicts
from .measure import launcher, measure
from .table import (
    Case,
    Measurement,
    aggregate,
    bounds,
    physical_lines,
    ratio,
    render,
    render_targets,
    targets,
)

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / ".bench"
OUT = BENCH / "out"
SPEC = ROOT / "openapi" / "training-job-searches.yaml"
VENV_BIN = ROOT / ".venv" / "bin"
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"
CORE_VENV = BENCH / "openapi-core-venv"
CORE_PINS = ROOT / "benchmarks" / "openapi_core.txt"


# -- set-up ----------------------------------------------------------------------------------


def capture(entries: int, seed: int) -> dict[str, Any]:
    """The manifest of the capture, made first when missing or from another generator."""
    files = generator.paths(BENCH, entries, seed)
    if all(p.exists() for p in files.values()):
        manifest: dict[str, Any] = orjson.loads(files["manifest.json"].read_bytes())
        if manifest["generator"]["version"] == generator.GENERATOR_VERSION:
            return manifest
    print(f"generating {entries} entries (seed {seed}) ...", flush=True)
    return generator.generate(entries, seed, BENCH)


def openapi_core_python() -> Path | None:
    """The openapi-core venv's python, made on first use; None when it cannot be installed."""
    python = CORE_VENV / "bin" / "python"
    stamp = CORE_VENV / ".installed"
    if stamp.exists() and stamp.stat().st_mtime >= CORE_PINS.stat().st_mtime:
        return python
    print("installing openapi-core into .bench/openapi-core-venv ...", flush=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    try:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(CORE_VENV)], check=True)
        subprocess.run([*pip, "-r", str(CORE_PINS)], check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as error:
        reason = (error.stderr or "").strip().splitlines()[-1:] or [str(error)]
        print(f"openapi-core skipped: cannot install it ({reason[0]})", file=sys.stderr)
        return None
    except OSError as error:
        print(f"openapi-core skipped: cannot install it ({error})", file=sys.stderr)
        return None
    stamp.touch()
    return python


def cli_has_jobs(env: dict[str, str], option: str = "--jobs") -> bool:
    result = subprocess.run(
        [str(VENV_BIN / "modelarts-validate"), "traffic", "--help"],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    return option in result.stdout


#: What counting coverage may add to a run's time (``--coverage`` against the same run without).
COVERAGE_OVERHEAD = 0.15


#: One pair of runs of a capture, without and with ``--coverage``: wall and CPU seconds of each.
Pair = tuple[float, float, float, float]


def coverage_pairs(
    cases: list[Case], argvs: dict[str, list[str]], pairs: int, env: dict[str, str]
) -> dict[str, list[Pair]]:
    """``pairs`` pairs of back-to-back runs of each ``ours-*`` case and its ``-coverage`` twin
    (``back_to_back``), by the twin's name."""
    names = {c.name for c in cases}
    twins = [
        (name.removesuffix("-coverage"), name, name)
        for name in sorted(n for n in names if n.startswith("ours-") and n.endswith("-coverage"))
    ]
    return back_to_back(names, argvs, twins, pairs, env)


def floor_pairs(
    cases: list[Case], argvs: dict[str, list[str]], pairs: int, env: dict[str, str]
) -> dict[str, list[Pair]]:
    """``pairs`` pairs of back-to-back runs of the orjson floor and ``modelarts-validate`` on
    each format (``back_to_back``, the floor the reference), by ours' name."""
    names = {c.name for c in cases}
    twins = [(f"floor-{fmt}", f"ours-{fmt}", f"ours-{fmt}") for fmt in ("har", "ndjson")]
    return back_to_back(names, argvs, twins, pairs, env)


def back_to_back(
    names: set[str],
    argvs: dict[str, list[str]],
    twins: list[tuple[str, str, str]],
    pairs: int,
    env: dict[str, str],
) -> dict[str, list[Pair]]:
    """``pairs`` pairs of back-to-back runs of each (reference, measured, key) of ``twins``,
    the order swapped every pair (ABBA): each pair's ratio is measured under the same load, which
    on a shared machine moves more between the interleaved rounds than within a pair. Each pair
    is (reference wall, reference CPU, measured wall, measured CPU), under ``key``."""
    found: dict[str, list[Pair]] = {}
    for reference, measured, key in twins:
        if reference not in names or measured not in names:
            continue
        runs: list[Pair] = []
        for index in range(pairs):
            order = (reference, measured) if index % 2 == 0 else (measured, reference)
            got: dict[str, tuple[float, float]] = {}
            for case in order:
                stdout, stderr = OUT / f"{case}.stdout", OUT / f"{case}.stderr"
                wall, _, cpu, code, _ = measure(argvs[case], stdout, stderr, env, cwd=ROOT)
                if code not in EXPECTED_EXIT[case.split("-")[0]]:
                    raise SystemExit(f"{case} failed (exit {code})")
                got[case] = (wall, cpu)
            runs.append((*got[reference], *got[measured]))
            wall, cpu = (got[measured][i] / got[reference][i] for i in (0, 1))
            print(f"  pair {index + 1}/{pairs} {measured:<20} {wall:6.3f}x wall, {cpu:6.3f}x CPU "
                  f"vs {reference}", flush=True)  # fmt: skip
        found[key] = runs
    return found


def paired_ratios(runs: list[Pair]) -> tuple[float, float]:
    """The median over the pairs of each pair's ratio: wall, CPU (with over without)."""
    walls = sorted(cov_wall / wall for wall, _, cov_wall, _ in runs)
    cpus = sorted(cov_cpu / cpu for _, cpu, _, cov_cpu in runs)
    return statistics.median(walls), statistics.median(cpus)


def floor_lines(pairs: dict[str, list[Pair]]) -> list[str]:
    """``modelarts-validate`` against the orjson floor measured back to back (``floor_pairs``):
    the median of the pairs' ratios and their range, beside the interleaved rounds' medians (the
    table), which load that moves between rounds disturbs more."""
    lines = []
    for name, runs in pairs.items():
        if not runs:
            continue
        wall, cpu = paired_ratios(runs)
        walls = sorted(ours / floor for floor, _, ours, _ in runs)
        lines.append(
            f"{name} vs floor-{name.removeprefix('ours-')}, back to back: {wall:.3f}x wall "
            f"(median of {len(runs)} pairs, {walls[0]:.2f}x-{walls[-1]:.2f}x), CPU {cpu:.3f}x "
            "(goal <= 1.00x): " + ("met" if wall <= 1 else "MISSED")
        )
    return lines


def coverage_lines(stats: dict[str, Any], pairs: dict[str, list[Pair]] | None = None) -> list[str]:
    """The cost of ``--coverage``: each ``ours-*-coverage`` case against the same run without
    it, judged against ``COVERAGE_OVERHEAD``: on the median of the paired runs' ratios where
    there are some (``coverage_pairs``), else on the interleaved rounds' medians."""
    lines = []
    for name in stats:
        if name.startswith("ours-") and name.endswith("-coverage"):
            runs = (pairs or {}).get(name)
            if runs:
                value, cpu = paired_ratios(runs)
                how = f"median of {len(runs)} back-to-back pairs; CPU {cpu:.3f}x"
            else:
                found = ratio(stats, name)
                if found is None:
                    continue
                value, how = found, "medians of the interleaved rounds"
            verdict = "met" if value - 1 <= COVERAGE_OVERHEAD else "MISSED"
            lines.append(
                f"--coverage overhead, {name}: {value:.3f}x the same run without it ({how}) "
                f"(goal <= {1 + COVERAGE_OVERHEAD:.2f}x): {verdict}"
            )
    return lines


def _version(argv: list[str]) -> str:
    try:
        result = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    lines = (result.stdout.strip() or result.stderr.strip()).splitlines()
    return lines[-1] if lines else "unknown"


def _git(*args: str) -> str:
    result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return result.stdout.strip()


def snapshot(ref: str) -> tuple[Path, Path, str]:
    """The validators and the spec as of commit ``ref`` (named by the last commit up to it that
    changed them), exported under ``.bench/snapshot-<sha>``: the run measures exactly that code,
    and other work in the checkout cannot change it between rounds. ``worktree`` measures the
    checkout as it is. Returns the folder to put first on ``PYTHONPATH``, the spec, and the
    commit (marked ``+dirty`` for a worktree with uncommitted changes)."""
    if ref == "worktree":
        dirty = bool(_git("status", "--porcelain", "--", "validators/", "openapi/"))
        sha = _git("log", "-1", "--format=%h", "--", "validators/")
        return ROOT / "validators", SPEC, sha + ("+dirty" if dirty else "")
    sha = _git("log", "-1", "--format=%h", ref, "--", "validators/", "openapi/")
    if not sha:
        raise SystemExit(f"--validators {ref}: not a commit")
    folder = BENCH / f"snapshot-{sha}"
    if not (folder / "validators").exists():
        archive = subprocess.run(
            ["git", "archive", sha, "validators", "openapi"], cwd=ROOT, capture_output=True,
            check=True,
        )  # fmt: skip
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
        build_extensions(folder / "validators")
    return folder / "validators", folder / "openapi" / SPEC.name, sha


def build_extensions(source: Path) -> None:
    """Compile the C extensions of exported validators (``run/_counting.c``) in place, as an
    install builds them: a snapshot measures what users run, not the Python fallback."""
    for c in sorted(source.rglob("*.c")):
        module = ".".join(c.relative_to(source).with_suffix("").parts)
        build = (
            "from setuptools import Extension, setup; "
            f"setup(name='snapshot', ext_modules=[Extension({module!r}, [{str(c.relative_to(source))!r}])], "
            "script_args=['--quiet', 'build_ext', '--inplace', '--build-temp', 'build'])"
        )
        subprocess.run([str(VENV_BIN / "python"), "-c", build], cwd=source, check=True)


# -- cases -----------------------------------------------------------------------------------


def build_cases(
    big: dict[str, Any], small: dict[str, Any], skip: set[str], core: Path | None,
    core_entries: int, jobs: bool, spec: Path, baseline: tuple[Path, str] | None = None,
    coverage: bool = False, physical: bool = True,
) -> tuple[list[Case], dict[str, list[str]]]:  # fmt: skip
    """The cases and their command lines. ``x ours`` of each is against ``modelarts-validate``
    on the same file. ``baseline`` (the code of another commit, and its name) adds that
    commit's ``modelarts-validate`` on the same files, as ``before-*`` cases. ``coverage``
    adds each format's run with ``--coverage`` (``ours-*-coverage``, against the same run
    without it). ``physical`` adds the physical reference (``physical-*``)."""
    n, k = big["entries"], small["entries"]
    cases: list[Case] = []
    argvs: dict[str, list[str]] = {}

    def path(manifest: dict[str, Any], fmt: str) -> str:
        return str(ROOT / manifest["files"][fmt]["path"])

    def add(case: Case, argv: list[str]) -> None:
        cases.append(case)
        argvs[case.name] = argv

    def validate(name: str, manifest: dict[str, Any], fmt: str, *extra: str) -> list[str]:
        output = ["--format", "json", "--quiet", "-o", str(OUT / f"{name}.json")]
        return [
            str(VENV_BIN / "modelarts-validate"),
            "traffic",
            path(manifest, fmt),
            *extra,
            *output,
        ]

    floor = [str(VENV_BIN / "python"), "-m", "benchmarks.floor"]
    scan = [str(VENV_BIN / "python"), "-m", "benchmarks.physical"]
    for fmt in ("har", "ndjson"):
        label = f"modelarts-validate {fmt.upper()}"
        add(Case(f"ours-{fmt}", label, f"{fmt}-{n}", n), validate(f"ours-{fmt}", big, fmt))
        if jobs:
            add(Case(f"ours-{fmt}-jobs2", f"{label} --jobs 2", f"{fmt}-{n}", n, f"ours-{fmt}"),
                validate(f"ours-{fmt}-jobs2", big, fmt, "--jobs", "2"))  # fmt: skip
        if coverage:
            counted = str(OUT / f"ours-{fmt}-coverage.coverage.json")
            add(Case(f"ours-{fmt}-coverage", f"{label} --coverage", f"{fmt}-{n}", n,
                     f"ours-{fmt}"),
                validate(f"ours-{fmt}-coverage", big, fmt, "--coverage", counted))  # fmt: skip
        add(Case(f"floor-{fmt}", f"orjson parse-only floor {fmt.upper()}", f"{fmt}-{n}", n,
                 f"ours-{fmt}"), [*floor, path(big, fmt)])  # fmt: skip
        if baseline is not None:
            code, name = baseline
            before = ["/usr/bin/env", f"PYTHONPATH={code}"]
            add(Case(f"before-{fmt}", f"{label} at {name}", f"{fmt}-{n}", n, f"ours-{fmt}"),
                [*before, *validate(f"before-{fmt}", big, fmt)])  # fmt: skip
            if jobs:
                add(Case(f"before-{fmt}-jobs2", f"{label} --jobs 2 at {name}", f"{fmt}-{n}", n,
                         f"ours-{fmt}-jobs2"),
                    [*before, *validate(f"before-{fmt}-jobs2", big, fmt, "--jobs", "2")])  # fmt: skip
        if fmt == "har":
            add(Case("floor-har-stream", "floor HAR streamed (json.raw_decode)", f"har-{n}", n,
                     "ours-har"), [*floor, "--stream", path(big, "har")])  # fmt: skip
        if physical:
            note = f"physical reference: {physical_reference.DESCRIPTION}" if fmt == "har" else ""
            add(Case(f"physical-{fmt}", f"physical reference {fmt.upper()} (msgspec)",
                     f"{fmt}-{n}", n, f"ours-{fmt}", note), [*scan, path(big, fmt)])  # fmt: skip
            if fmt == "har":
                add(Case("physical-har-stream", "physical HAR streamed (line by line)",
                         f"har-{n}", n, "ours-har"),
                    [*scan, "--stream", path(big, "har")])  # fmt: skip
    redocly = "redocly" not in skip and REDOCLY.exists() and shutil.which("node") is not None

    def drift(name: str, manifest: dict[str, Any], reference: str) -> None:
        count = manifest["entries"]
        add(Case(name, "Redocly CLI drift HAR", f"har-{count}", count, reference),
            [str(REDOCLY), "drift", path(manifest, "har"), "--api", str(spec),
             "--format", "csv", "-o", str(OUT / f"{name}.csv")])  # fmt: skip

    if redocly:
        drift("redocly-har", big, "ours-har")
    if core is not None and "openapi-core" not in skip:
        limit = min(core_entries, n)
        note = (f"first {limit} of the {n} entries (the HAR is loaded whole); entries/s and"
                " x ours from its validation loop alone") if limit < n else ""  # fmt: skip
        add(Case("openapi-core-har", "openapi-core 0.23.1 driver HAR", f"har-{n}", limit,
                 "ours-har", note),
            [str(core), "-m", "benchmarks.openapi_core", path(big, "har"),
             "--limit", str(limit), "--spec", str(spec)])  # fmt: skip
    for fmt in ("har", "ndjson"):  # memory: the same tool on a tenth of the capture
        add(Case(f"ours-{fmt}-small", f"modelarts-validate {fmt.upper()}", f"{fmt}-{k}", k),
            validate(f"ours-{fmt}-small", small, fmt))  # fmt: skip
    if redocly:
        drift("redocly-har-small", small, "ours-har-small")
    return cases, argvs


#: Exit codes that mean the tool ran to the end (ours and Redocly: 1 = findings).
EXPECTED_EXIT = {
    "ours": {0, 1}, "before": {0, 1}, "floor": {0}, "physical": {0}, "redocly": {0, 1},
    "openapi": {0},
}  # fmt: skip


def run_rounds(
    cases: list[Case], argvs: dict[str, list[str]], repeat: int, env: dict[str, str]
) -> list[Measurement]:
    measurements: list[Measurement] = []
    for round_ in range(repeat):
        shift = round_ % len(cases)
        for case in cases[shift:] + cases[:shift]:
            stdout, stderr = OUT / f"{case.name}.stdout", OUT / f"{case.name}.stderr"
            wall, rss, cpu, code, pss = measure(argvs[case.name], stdout, stderr, env, cwd=ROOT)
            loop = None
            if case.name.startswith("openapi-core") and code == 0:
                loop = float(orjson.loads(stdout.read_bytes())["loop_seconds"])
            measurements.append(Measurement(case.name, round_, wall, rss, cpu, code, loop, pss))
            print(f"  round {round_ + 1}/{repeat} {case.name:<20} {wall:7.2f} s "
                  f"{rss / 1024:7.0f} MiB  exit {code}", flush=True)  # fmt: skip
            if code not in EXPECTED_EXIT[case.name.split("-")[0]]:
                tail = stderr.read_text(errors="replace").strip().splitlines()[-3:]
                raise SystemExit(f"{case.name} failed (exit {code}): {' | '.join(tail)}")
    return measurements


# -- verdicts --------------------------------------------------------------------------------


def verdicts(
    cases: list[Case], big: dict[str, Any], small: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[str]]:
    """Each tool's verdicts against the manifest; the printed lines."""
    comparisons: list[dict[str, Any]] = []
    for case in cases:
        manifest = small if case.name.endswith("-small") else big
        if case.name.startswith(("ours-", "before-")):
            found = tool_verdicts.ours(OUT / f"{case.name}.json")
        elif case.name.startswith("redocly-"):
            found = tool_verdicts.redocly(OUT / f"{case.name}.csv", case.entries)
        elif case.name.startswith("openapi-core"):
            found = tool_verdicts.openapi_core(OUT / f"{case.name}.stdout")
        else:
            continue
        comparison = tool_verdicts.compare(found, manifest, case.entries)
        comparison["case"] = case.name
        comparisons.append(comparison)
    lines = [
        f"{'case':<22}{'entries':>8}{'violating: truth':>18}{'found':>7}{'agree':>7}"
        f"{'missed':>8}{'extra':>7}{'unmatched: truth':>18}{'found':>7}{'drift-only':>12}"
    ]
    for c in comparisons:
        drift = (f"{c['found_drift_only']}/{c['expected_drift_only']}"
                 if "expected_drift_only" in c else "-")  # fmt: skip
        found_unmatched = "-" if c["found_unmatched"] is None else c["found_unmatched"]
        lines.append(
            f"{c['case']:<22}{c['entries']:>8}{c['expected_violating']:>18}"
            f"{c['found_violating']:>7}{c['agree']:>7}{c['missed']:>8}{c['extra']:>7}"
            f"{c['expected_unmatched']:>18}{found_unmatched!s:>7}{drift:>12}"
        )
    for c in comparisons:
        if not c["case"].endswith("-small"):
            lines += tool_verdicts.explain(c)
    lines.append(f"  {tool_verdicts.DRIFT_NOTE}")
    return comparisons, lines


def scan_agreement(cases: list[Case]) -> list[str]:
    """Whether each physical reference counted what the floor on the same file counted (records,
    bodies parsed, bodies not JSON): the two did the same work."""
    lines = []
    for case in cases:
        if not case.name.startswith("physical-"):
            continue
        floor = case.name.replace("physical-", "floor-", 1)
        try:
            mine = orjson.loads((OUT / f"{case.name}.stdout").read_bytes())
            theirs = orjson.loads((OUT / f"{floor}.stdout").read_bytes())
        except (OSError, orjson.JSONDecodeError):
            lines.append(f"counts of {case.name}: not comparable with {floor}'s (no output)")
            continue
        keys = ("entries", "parsed", "not_json")
        same = all(mine.get(k) == theirs.get(k) for k in keys)
        counted = ", ".join(f"{k} {mine.get(k)}" for k in keys)
        lines.append(
            f"counts of {case.name}: {counted}: "
            f"{'the same as' if same else 'DIFFERENT from'} {floor}'s"
        )
    return lines


# -- main ------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor(),
    )  # fmt: skip
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "node": _version(["node", "--version"]) if shutil.which("node") else None,
        "launcher": launcher(),
        "loadavg_before": Path("/proc/loadavg").read_text().split()[:3],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--small", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--openapi-core-entries", type=int, default=2_000)
    parser.add_argument(
        "--skip", default="",
        help="comma-separated: redocly, openapi-core, coverage, instructions, physical, startup",
    )  # fmt: skip
    parser.add_argument(
        "--startup-rounds", type=int, default=21,
        help="whole-process runs of each start-up command (default 21)",
    )  # fmt: skip
    parser.add_argument(
        "--validators", default="HEAD", metavar="REF",
        help="commit whose validators and spec are measured (default HEAD; 'worktree': the checkout)",
    )  # fmt: skip
    parser.add_argument(
        "--baseline", metavar="REF",
        help="also measure modelarts-validate as of this commit, in the same rounds (before/after)",
    )  # fmt: skip
    parser.add_argument(
        "--coverage-pairs", type=int, default=7, metavar="N",
        help="back-to-back runs without and with --coverage, per format (default 7; 0: none)",
    )  # fmt: skip
    parser.add_argument(
        "--floor-pairs", type=int, default=7, metavar="N",
        help="back-to-back runs of the orjson floor and modelarts-validate, per format "
        "(default 7; 0: none)",
    )  # fmt: skip
    parser.add_argument("--results", type=Path, default=BENCH / "results.json")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    OUT.mkdir(parents=True, exist_ok=True)

    big, small = capture(args.entries, args.seed), capture(args.small, args.seed)
    core = None if "openapi-core" in skip else openapi_core_python()
    code, spec, sha = snapshot(args.validators)
    # bytecode cached (as an installed package has it): PYTHONDONTWRITEBYTECODE, set on some
    # machines, would make every run compile every module it imports
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env = {**base, "PYTHONPATH": str(code), "NO_COLOR": "1", "REDOCLY_TELEMETRY": "off",
           "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
           "PYTHONPYCACHEPREFIX": str(OUT / "pycache")}  # fmt: skip
    jobs = cli_has_jobs(env)
    baseline = None
    if args.baseline:
        before_code, _, before_sha = snapshot(args.baseline)
        baseline = (before_code, before_sha)
    coverage = "coverage" not in skip and cli_has_jobs(env, "--coverage")
    cases, argvs = build_cases(
        big, small, skip, core, args.openapi_core_entries, jobs, spec, baseline, coverage,
        physical="physical" not in skip,
    )  # fmt: skip
    for manifest in (big, small):  # the first run should not pay for a cold page cache
        for fmt in ("har", "ndjson"):
            with (ROOT / manifest["files"][fmt]["path"]).open("rb") as stream:
                while stream.read(1 << 24):
                    pass
    info = machine()
    print(f"{len(cases)} cases x {args.repeat} rounds, interleaved", flush=True)
    measurements = run_rounds(cases, argvs, args.repeat, env)
    pairs: dict[str, list[Pair]] = {}
    if coverage and args.coverage_pairs:
        print(f"--coverage: {args.coverage_pairs} back-to-back pairs ...", flush=True)
        pairs = coverage_pairs(cases, argvs, args.coverage_pairs, env)
    against_floor: dict[str, list[Pair]] = {}
    if args.floor_pairs:
        print(f"the floor: {args.floor_pairs} back-to-back pairs ...", flush=True)
        against_floor = floor_pairs(cases, argvs, args.floor_pairs, env)
    counts: list[instructions_section.Row] = []
    counts_text = ""
    if coverage and "instructions" not in skip:
        print("--coverage: instructions (cachegrind, small captures) ...", flush=True)
        counts, counts_text = instructions_section.section(
            {fmt: ROOT / small["files"][fmt]["path"] for fmt in ("har", "ndjson")},
            small["entries"], env, OUT,
        )  # fmt: skip
    startup_rows: list[startup_section.Row] = []
    startup_text = ""
    if "startup" not in skip:
        print(f"start-up: {args.startup_rounds} rounds ...", flush=True)
        one = capture(1, args.seed)
        startup_rows, startup_text = startup_section.section(
            ROOT / one["files"]["har"]["path"], ROOT / one["files"]["ndjson"]["path"],
            args.startup_rounds, env,
        )  # fmt: skip
    info["loadavg_after"] = Path("/proc/loadavg").read_text().split()[:3]

    stats = aggregate(cases, measurements)
    order = [c.name for c in cases]
    results = targets(stats)
    comparisons, verdict_lines = verdicts(cases, big, small)
    validators = f"{sha} {_git('log', '-1', '--format=%s', sha.removesuffix('+dirty'))}"
    header = [
        f"captures: {big['files']['har']['bytes'] / 1e6:.0f} MB HAR / "
        f"{big['files']['ndjson']['bytes'] / 1e6:.0f} MB NDJSON, {big['entries']} entries "
        f"({big['counts']}), mean {big['pages']['mean jobs per page']} jobs per page",
        f"validators at {validators}; "
        f"{info['cpus']} CPUs, load {' '.join(info['loadavg_before'])} -> "
        f"{' '.join(info['loadavg_after'])}; median of {args.repeat} interleaved runs; "
        f"RSS measured under {info['launcher']}",
    ]
    text = "\n\n".join(
        [
            "\n".join(header),
            render(stats, order),
            render_targets(results) + "\n" + "\n".join(
                [*bounds(stats), *physical_lines(stats), *scan_agreement(cases),
                 *floor_lines(against_floor), *coverage_lines(stats, pairs),
                 *([counts_text] if counts_text else [])]
            ),
            "\n".join(verdict_lines),
            *([startup_text] if startup_text else []),
        ]
    )  # fmt: skip
    print("\n" + text)
    document = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _git("rev-parse", "HEAD"),
        "validators_commit": validators,
        "machine": info,
        "repeat": args.repeat,
        "captures": {
            str(m["entries"]): {key: m[key] for key in ("files", "counts", "pages", "mutations")}
            for m in (big, small)
        },
        "cases": {name: s.as_dict() for name, s in stats.items()},
        "ratios_vs_ours": {name: ratio(stats, name) for name in order},
        "targets": [
            {"name": t.name, "passed": t.passed, "value": t.value, "goal": t.goal} for t in results
        ],
        "bounds": bounds(stats),
        "physical": physical_lines(stats) + scan_agreement(cases),
        "startup": [asdict(row) for row in startup_rows],
        "coverage_overhead": coverage_lines(stats, pairs),
        "coverage_pairs": pairs,
        "floor_pairs": against_floor,
        "floor_paired": floor_lines(against_floor),
        "coverage_instructions": [{**asdict(row), "ratio": row.ratio} for row in counts],
        "verdicts": comparisons,
        "measurements": [asdict(m) for m in measurements],
        "commands": argvs,
        "report": text,
    }
    args.results.write_bytes(orjson.dumps(document, option=orjson.OPT_INDENT_2))
    print(
        f"\nwritten {args.results.relative_to(ROOT) if args.results.is_relative_to(ROOT) else args.results}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
