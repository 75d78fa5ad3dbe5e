"""The in-process command line for tests: ``cli`` runs ``modelarts-validate`` with
``main(argv, stdout, stderr)``; ``json_report`` also validates the JSON report against
``tests/report.schema.json``; ``check_report`` holds any JSON report to its schema and its
invariants."""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from modelarts_validators import Contract
from modelarts_validators.cli import DEBUG_VARIABLE, main

TESTS = Path(__file__).resolve().parent.parent
DATA = TESTS / "data"
TRAFFIC = DATA / "traffic"
REPORT_SCHEMA: dict[str, Any] = json.loads((TESTS / "report.schema.json").read_text())
_REPORT_VALIDATOR = Draft202012Validator(REPORT_SCHEMA)
URL = "https://modelarts.cn-north-4.myhuaweicloud.com/v2/0b3c1f9e2d4a45f6a7b8c9d0e1f2a3b4/training-job-searches"
OK_RESPONSE = '{"total": 0, "count": 0, "limit": 10, "offset": 0, "items": []}'


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@functools.cache
def _load(
    spec: str | None, engine: str, strict: bool, servers: tuple[str, ...], fast: bool
) -> Contract:
    return Contract.load(spec, engine=engine, strict=strict, servers=servers, fast=fast)  # type: ignore[arg-type]


def cached_load(
    spec: str | None = None,
    *,
    engine: str = "rs",
    strict: bool = False,
    servers: tuple[str, ...] = (),
    fast: bool = True,
) -> Contract:
    """``Contract.load``, compiled once per test process for each spec, engine, strictness,
    servers and fast path (the CLI loads one per run; hundreds of runs here)."""
    return _load(spec, engine, strict, tuple(servers), fast)


def cli(
    *argv: str | Path,
    stdin: bytes = b"",
    environ: Mapping[str, str] | None = None,
    stderr_tty: bool = False,
) -> Run:
    """Run ``modelarts-validate`` in-process. Internal errors raise (``DEBUG_VARIABLE`` set)
    unless ``environ`` says otherwise."""
    out = io.StringIO()
    err = _Terminal() if stderr_tty else io.StringIO()
    env = {DEBUG_VARIABLE: "1"} if environ is None else environ
    code = main(
        [str(a) for a in argv], out, err, stdin=io.BytesIO(stdin), environ=env, load=cached_load
    )
    return Run(code, out.getvalue(), err.getvalue())


def check_report(report: dict[str, Any]) -> None:
    """The JSON report's schema, and the invariants a schema cannot say."""
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in _REPORT_VALIDATOR.iter_errors(report)
    ]
    assert not errors, errors
    s = report["summary"]
    assert s["checked"] + s["unmatched"] + s["unreadable"] == s["entries"]
    assert s["conforming"] + s["with_errors"] + s["drift_only"] == s["checked"]
    assert sum(s["by_kind"].values()) == len(report["findings"])
    assert s["unreadable"] == sum(f["kind"] == "unreadable" for f in report["findings"])


def json_report(*argv: str | Path, stdin: bytes = b"") -> tuple[Run, dict[str, Any]]:
    run = cli(*argv, "--format", "json", stdin=stdin)
    report = json.loads(run.stdout)
    check_report(report)
    return run, report


def ndjson_line(body: str = "{}", *, status: int = 200, response: str = OK_RESPONSE) -> str:
    return json.dumps(
        {
            "request": {
                "method": "POST",
                "url": URL,
                "headers": {"content-type": "application/json", "x-auth-token": "t0k"},
                "body": body,
            },
            "response": {
                "status": status,
                "headers": {"content-type": "application/json"},
                "body": response,
            },
        }
    )


def one_line(run: Run) -> str:
    """The single diagnostic line of a run that ended with exit code 2."""
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert "Traceback" not in run.stderr
    return lines[0]
