"""Where ``modelarts-validate traffic`` spends its time on a benchmark capture, by stage and by
function, from py-spy samples.

    .venv/bin/pip install py-spy     # not a project dependency: install it when you profile
    .venv/bin/python -m benchmarks.profiling .bench/capture-20000-s7.har [--validators REF]

Runs the CLI once under ``py-spy record`` (250 samples a second, ``--format raw``: one line per
distinct stack with its sample count), on the validators of commit ``REF`` as ``make bench``
measures them, and prints:

- stages: each sample is put down to the first stage, in the order below, that a frame of its
  stack belongs to (so parsing a body inside a check counts as ``parse bodies``, not
  ``check glue``); a sample in none of them is ``other``. A sample whose innermost frame is the
  line of ``contract/contract.py`` that calls ``self._json(...)`` is time spent freeing the parsed body as
  ``_json`` returns (py-spy shows no frame for deallocation): ``free parsed bodies``;
- the functions with the most samples of their own (self), and with the most samples on the
  stack at all (inclusive).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from .run import OUT, ROOT, VENV_BIN, snapshot

#: (stage, pattern of a frame "function (file.py)"), tried in order for every sample.
STAGES: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern))
    for name, pattern in [
        ("start-up: imports", r"<frozen importlib|_call_with_frames_removed"),
        (
            "start-up: spec load and compile",
            r"\(contract/spec\.py\)|Contract\.load|Contract\.__init__",
        ),
        ("parse bodies (orjson)", r"^parse_json \(contract/wire\.py\)"),
        ("validate (jsonschema-rs is_valid)", r"is_valid \(contract/engines\.py\)"),
        ("explain findings (errors, messages)", r"\(contract/(engines|explain)\.py\)"),
        ("report (JSON, summary)", r"\((report/[a-z_]+|contract/redact|run/summary)\.py\)"),
        ("read records (HAR/NDJSON reader)", r"\(capture/[a-z_]+\.py\)"),
        ("check glue (routing, headers, media types)", r"\(contract/(contract|wire)\.py\)"),
        ("run loop and command line", r"\((run|cli)/[a-z_/]+\.py\)"),
    ]
]
#: A frame's file: its path inside the package (``contract/wire.py``), else its name.
FRAME = re.compile(r" \((?:(?:.*/)?modelarts_validators/|.*/)?([^:]*):\d+\)$")


def frames(stack: str) -> list[str]:
    """``func (.../modelarts_validators/run/loop.py:12)`` and ``func
    (modelarts_validators/run/loop.py:12)`` (py-spy 0.4 writes paths relative to ``sys.path``) ->
    ``func (run/loop.py)``, ``func (/usr/lib/x.py:3)`` -> ``func (x.py)``, outermost first."""
    return [FRAME.sub(r" (\1)", f) for f in stack.split(";")]


def summarize(
    folded: str, frees: frozenset[str] = frozenset()
) -> tuple[int, Counter[str], Counter[str], Counter[str]]:
    """Samples: in all, by stage, by function (self), by function (inclusive). ``frees``: raw
    innermost frames (``Contract._message (contract/contract.py:204)``) that stand for freeing
    a body."""
    total = 0
    stages: Counter[str] = Counter()
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    for line in folded.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        n = int(count)
        total += n
        names = frames(stack)
        own[names[-1]] += n
        for name in set(names):
            inclusive[name] += n
        if re.sub(r"\((?:.*/modelarts_validators/|.*/)?", "(", stack.rsplit(";", 1)[-1]) in frees:
            stages["free parsed bodies (as _json returns)"] += n
            continue
        stage = next((s for s, pattern in STAGES if any(pattern.search(f) for f in names)), "other")
        stages[stage] += n
    return total, stages, own, inclusive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.profiling", description=__doc__.splitlines()[0]
    )
    parser.add_argument("capture", type=Path)
    parser.add_argument("--validators", default="HEAD", metavar="REF")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    py_spy = shutil.which("py-spy") or str(VENV_BIN / "py-spy")
    if not Path(py_spy).exists():
        sys.exit("py-spy is not installed: .venv/bin/pip install py-spy")
    code, _, sha = snapshot(args.validators)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".folded", delete=False) as handle:
        folded = Path(handle.name)
    command = [
        py_spy, "record", "--rate", "250", "--format", "raw", "--output", str(folded), "--",
        str(VENV_BIN / "python"), "-m", "modelarts_validators", "traffic", str(args.capture),
        "--format", "json", "--quiet", "--output", str(OUT / "profiled.json"),
    ]  # fmt: skip
    env = {"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"}
    subprocess.run(command, check=False, capture_output=True, env=env, cwd=ROOT)
    checks = (code / "modelarts_validators" / "contract" / "contract.py").read_text().splitlines()
    frees = frozenset(
        f"Contract._message (contract/contract.py:{number})"
        for number, line in enumerate(checks, 1)
        if "self._json(" in line
    )
    total, stages, own, inclusive = summarize(folded.read_text(), frees)
    folded.unlink()
    if not total:
        sys.exit("py-spy recorded no samples")
    print(f"{args.capture.name}, validators at {sha}: {total} samples")
    print("\nstage")
    for stage, n in stages.most_common():
        print(f"  {100 * n / total:5.1f}%  {stage}")
    for title, counter in (("self", own), ("inclusive", inclusive)):
        print(f"\nfunctions, {title}")
        for name, n in counter.most_common(args.top):
            print(f"  {100 * n / total:5.1f}%  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
