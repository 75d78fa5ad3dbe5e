"""The spooling reports (JSON, SARIF, JUnit) leave no temporary file open, whatever the run's end:
found by a hostile tester as a ``ResourceWarning`` on stderr under ``python -X dev`` for a run
with no findings and for a run ending in exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent.parent / "data" / "traffic"


@pytest.mark.parametrize("format_", ["json", "sarif", "junit"])
@pytest.mark.parametrize(
    ("capture", "code"),
    [
        (DATA / "valid" / "log.ndjson", 0),
        (DATA / "unusable" / "truncated.har", 2),
        (DATA / "invalid" / "violations.har", 1),
    ],
)
def test_no_spool_is_left_open(format_: str, capture: Path, code: int) -> None:
    command = [sys.executable, "-X", "dev", "-m", "modelarts_validators", "traffic", "-q"]
    done = subprocess.run(
        [*command, "--format", format_, str(capture)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == code, done.stderr
    assert "ResourceWarning" not in done.stderr, done.stderr
    assert len(done.stderr.splitlines()) <= (1 if code == 2 else 0), done.stderr
