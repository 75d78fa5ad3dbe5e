"""What ``--coverage`` adds to every run, whatever its length (issue 18: start-up): a 1-entry run
with ``--coverage`` imports neither msgspec (no body was decoded by the typed fast path) nor
``inspect`` (no dataclass writes its signature as its docstring), and compiles no source where
the walks are C; the plan's fragments and the JSON document are written as ``fragment`` and
``json.dumps(indent=2)`` write them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from modelarts_validators.contract.pointers import fragment, parse_fragment
from modelarts_validators.report.coverage import coverage_document, coverage_json
from modelarts_validators.run import coverage
from modelarts_validators.run.coverage import NATIVE, CoveragePlan

from benchmarks import capture as bench_capture
from tests.cli.test_cli_startup import compile_probe


@pytest.fixture(scope="module")
def one_entry(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The benchmark's 1-entry capture (a search and its 200 answer), as HAR and NDJSON."""
    folder = tmp_path_factory.mktemp("one-entry")
    bench_capture.generate(1, 7, folder)
    return bench_capture.paths(folder, 1, 7)


def run(probe: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """``modelarts-validate argv`` in a fresh interpreter, after ``probe``."""
    code = (
        f"{probe}sys.argv = ['modelarts-validate', *{list(argv)!r}]\n"
        "from modelarts_validators.cli import console_main\n"
        "console_main()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )  # fmt: skip


@pytest.mark.parametrize("kind", ["har", "ndjson"])
def test_a_one_entry_coverage_run_imports_neither_msgspec_nor_inspect(
    kind: str, one_entry: dict[str, Path], tmp_path: Path
) -> None:
    listing, written = tmp_path / "modules.json", tmp_path / "coverage.json"
    probe = (
        "import atexit, json, sys\n"
        f"atexit.register(lambda: open({str(listing)!r}, 'w').write(json.dumps(sorted(sys.modules))))\n"
    )  # fmt: skip
    argv = ("traffic", str(one_entry[kind]), "--quiet", "--format", "json", "-o", os.devnull)
    process = run(probe, *argv, "--coverage", str(written))
    assert process.returncode == 0, process.stderr
    modules = set(json.loads(listing.read_text()))
    assert "modelarts_validators.run.coverage" in modules  # the probe saw a coverage run
    assert json.loads(written.read_text())["exchanges"] == 1
    assert not {m.split(".")[0] for m in modules} & {"msgspec", "inspect"}


@pytest.mark.skipif(not NATIVE, reason="the parsed walks are Python written for the plan")
def test_a_one_entry_coverage_run_compiles_no_source(
    one_entry: dict[str, Path], tmp_path: Path
) -> None:
    """Where the walks are C, nothing ``--coverage`` makes in a 1-entry run compiles source
    (``@dataclass`` did, 2-4 M instructions a class)."""
    listing = tmp_path / "compiled.json"
    for kind in ("har", "ndjson"):
        written = tmp_path / f"coverage-{kind}.json"
        argv = ("traffic", str(one_entry[kind]), "--quiet", "--format", "json", "-o", os.devnull)
        process = run(compile_probe(listing), *argv, "--coverage", str(written))
        assert process.returncode == 0, process.stderr
        assert json.loads(written.read_text())["exchanges"] == 1
        assert json.loads(listing.read_text()) == []


def test_msgspec_is_imported_when_first_asked_for() -> None:
    code = (
        "import sys\n"
        "from modelarts_validators.run import coverage\n"
        "print('msgspec' in sys.modules)\n"
        "unset = coverage.msgspec.UNSET\n"
        "import msgspec, msgspec.inspect\n"
        "print(coverage.msgspec is msgspec, unset is msgspec.UNSET)\n"
    )
    process = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )  # fmt: skip
    assert process.returncode == 0, process.stderr
    assert process.stdout.split() == ["False", "True", "True"]


def test_every_schema_pointer_of_the_plan_is_its_fragment() -> None:
    from modelarts_validators import Contract

    plan = CoveragePlan(Contract.load().spec)
    for schema_pointer in [t.schema_pointer for t in plan.fields] + [
        t.schema_pointer for t in plan.values
    ]:
        location = parse_fragment(schema_pointer)
        assert location is not None
        assert fragment(location) == schema_pointer
    assert all(t.schema_pointer.startswith("#/") for t in plan.fields)
    assert all(t.schema_pointer.startswith("#/") for t in plan.values)


DOCUMENTS: list[Any] = [
    {},
    [],
    {"a": {}, "b": [], "c": [{}, [], [[]], {"d": [1, 2]}]},
    {"floats": [1e16, 1e-5, 0.1, 1e300, -0.0, 5e-324, 28.0, 100.0, 33.3]},
    {"text": '\x00\x1f\x7f\u2028"\\\n\t\b\f\r é 中 😀'},
    {"surrogate": "\ud800"},
    {"big": 2**70, "small": -(2**63), "top": 2**64 - 1},
    {1: 2, None: 3, False: 4, 2.5: 5},
    {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf")},
    {"scalars": [True, False, None, 0, -1, ""]},
    {"deep": [[[[{"a": [{"b": {}}]}]]]]},
]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_coverage_json_is_what_json_dumps_writes(document: Any) -> None:
    assert coverage_json(document) == json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def test_a_coverage_document_is_written_as_json_dumps_writes_it() -> None:
    from modelarts_validators import Contract

    plan = CoveragePlan(Contract.load().spec)
    tally = plan.tally()
    tally.fields[:] = range(len(tally.fields))
    tally.values[:] = [i % 3 for i in range(len(tally.values))]
    tally.exchanges = 7
    document = coverage_document(plan, tally)
    written = coverage_json(document)
    assert written == json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert json.loads(written) == document
    assert coverage.Tally.__doc__ is not None
