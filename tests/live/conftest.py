"""What the live tests share: the mock with drift and recording, the project, the credentials."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from modelarts_validators.cli import main as validate_main
from modelarts_validators.mock import MockConfig, MockServer

PROJECT = "0123456789abcdef0123456789abcdef"
AK, SK = "MOCKACCESSKEY0000001", "mock-secret-key-do-not-print"
TOKEN = "iam-token-do-not-print"
PATH = f"/v2/{PROJECT}/training-job-searches"


def cli_summary(*argv: str | Path) -> dict[str, Any]:
    """``modelarts-validate traffic --format json`` on the inputs: the summary of its report."""
    out = io.StringIO()
    code = validate_main(["traffic", "--format", "json", *map(str, argv)], out, io.StringIO())
    assert code in (0, 1), out.getvalue()
    summary: dict[str, Any] = json.loads(out.getvalue())["summary"]
    return summary


def same_counts(cli: dict[str, Any], live: dict[str, object]) -> dict[str, Any]:
    """The CLI summary's fields that a live summary also has."""
    return {key: cli[key] for key in live}


@pytest.fixture
def drift_mock(tmp_path: Path) -> Iterator[MockServer]:
    """``modelarts-mock --drift --record served.har --check-signature AK:SK`` in this process."""
    config = MockConfig(jobs=23, seed=3, drift=True, record=tmp_path / "served.har")
    config.credentials = (AK, SK)
    with MockServer(config) as server:
        yield server
