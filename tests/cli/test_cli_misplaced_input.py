"""A capture or a spec given to ``request`` or ``response`` is recognised and named, with the
command to use instead, exit 2; it is never judged as a body (which would report the HAR's own
keys as undocumented fields and pass)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.support.cli import TRAFFIC, cli, ndjson_line

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "training-job-searches.yaml"
HAR = TRAFFIC / "valid" / "sdk-mitmproxy.har"
NDJSON = TRAFFIC / "valid" / "log.ndjson"
COMMANDS = [("request",), ("response", "--status", "200")]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("capture", [HAR, NDJSON], ids=["har", "ndjson"])
def test_a_capture_is_named_and_traffic_is_suggested(
    command: tuple[str, ...], capture: Path
) -> None:
    run = cli(*command, capture)
    assert run.code == 2
    assert run.stdout == ""
    kind = "a HAR capture" if capture.suffix == ".har" else "an NDJSON capture"
    assert run.stderr == (
        f"modelarts-validate: error: {capture}: this is {kind}, not a {command[0]} body:"
        f" check it with `modelarts-validate traffic {capture}`\n"
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_a_spec_is_named_and_spec_option_is_suggested(command: tuple[str, ...]) -> None:
    run = cli(*command, SPEC)
    assert run.code == 2
    assert run.stderr == (
        f"modelarts-validate: error: {SPEC}: this is an OpenAPI document, not a {command[0]}"
        f" body: give it as `--spec {SPEC}` and the body to check as FILE\n"
    )


def test_a_json_spec_and_a_compressed_har_and_stdin_are_recognised(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"openapi": "3.1.0", "info": {}, "paths": {}}))
    assert "this is an OpenAPI document" in cli("request", spec).stderr
    packed = tmp_path / "capture.json.gz"
    packed.write_bytes(gzip.compress(HAR.read_bytes()))
    run = cli("request", packed)
    assert (run.code, "this is a gzip-compressed file" in run.stderr) == (2, True)
    assert f"`modelarts-validate traffic {packed}`" in run.stderr
    run = cli("request", "-", stdin=(ndjson_line() + "\n" + ndjson_line() + "\n").encode())
    assert run.code == 2
    assert "<stdin>: this is an NDJSON capture" in run.stderr
    assert "`modelarts-validate traffic -`" in run.stderr


@pytest.mark.parametrize(
    "body",
    [
        b'{"limit": 10, "log": "not a HAR"}',
        b'{"limit": 10, "request": {"method": "POST"}}',
        b'{"openapi": 3}',
        b"not json at all",
        b"",
    ],
)
def test_bodies_that_only_look_alike_are_still_judged_as_bodies(body: bytes) -> None:
    run = cli("request", "-", stdin=body)
    assert "this is" not in run.stderr
    assert run.code in (0, 1), run.stderr
