"""Credentials never reach any output: text, JSON, JUnit, ``--output`` files, diagnostics.

``tests/data/secrets/`` holds captures full of planted credentials, every one containing the
marker ``PLANTED`` (headers Authorization, X-Auth-Token, X-Security-Token, Cookie, Set-Cookie;
query parameters token, access_token, sig, X-Amz-Signature, password, key, ak, sk; a URL
password), on entries that do produce findings, so that their URLs are echoed. The SDK recording
carries a real ``SDK-HMAC-SHA256`` Authorization header, made with a fake AK/SK.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from modelarts_validators.contract.redact import REDACTED

from tests.support.cli import DATA, TRAFFIC, cli

PLANTED = "PLANTED"
PLANTED_SIGNATURE = "5ec12e7a11ce"
SDK_HAR = TRAFFIC / "valid" / "sdk-mitmproxy.har"


def sdk_credentials() -> set[str]:
    """The access key and every signature in the SDK recording's Authorization headers."""
    har = json.loads(SDK_HAR.read_text())
    found: set[str] = set()
    for entry in har["log"]["entries"]:
        for header in entry["request"]["headers"]:
            if header["name"].lower() == "authorization":
                found.update(re.findall(r"(?:Access|Signature)=([^,\s]+)", header["value"]))
    assert len(found) >= 2
    return found


def everything(capture: Path, fmt: str, tmp_path: Path, *, stdin: bool = False) -> str:
    """All that one run writes: stdout, stderr and the --output file."""
    target = tmp_path / f"report.{fmt}"
    argv: list[str | Path] = [
        "traffic",
        "-" if stdin else capture,
        "--format",
        fmt,
        "--output",
        target,
    ]
    data = capture.read_bytes() if stdin else b""
    run = cli(*argv, stdin=data, stderr_tty=True, environ={})  # progress line included
    assert run.code in (0, 1)
    written = target.read_text()
    direct = cli("traffic", "-" if stdin else capture, "--format", fmt, stdin=data, environ={})
    return "\n".join([run.stdout, run.stderr, written, direct.stdout, direct.stderr])


@pytest.mark.parametrize("fmt", ["text", "json", "junit"])
@pytest.mark.parametrize("name", ["secrets.har", "secrets.ndjson"])
@pytest.mark.parametrize("stdin", [False, True], ids=["file", "stdin"])
def test_planted_secrets_appear_in_no_output(
    name: str, fmt: str, stdin: bool, tmp_path: Path
) -> None:
    capture = DATA / "secrets" / name
    assert PLANTED in capture.read_text()
    output = everything(capture, fmt, tmp_path, stdin=stdin)
    assert PLANTED not in output
    assert PLANTED_SIGNATURE not in output
    assert REDACTED in output  # the URLs are echoed, redacted


@pytest.mark.parametrize("fmt", ["text", "json", "junit"])
def test_the_sdk_signature_appears_in_no_output(fmt: str, tmp_path: Path) -> None:
    output = everything(SDK_HAR, fmt, tmp_path)
    for credential in sdk_credentials():
        assert credential not in output


def test_secrets_in_a_broken_capture_stay_out_of_the_diagnostic(tmp_path: Path) -> None:
    text = (DATA / "secrets" / "secrets.har").read_text()
    cut = tmp_path / "cut.har"
    cut.write_text(text[: text.index(PLANTED, len(text) // 2) + 4])  # breaks off inside a secret
    run = cli("traffic", cut, environ={})
    assert run.code == 2
    assert PLANTED not in run.stdout + run.stderr
    garbage = tmp_path / "garbage.ndjson"
    garbage.write_text('{"request": "token=PLANTEDX" \n' + text)
    run = cli("traffic", garbage, environ={})
    assert PLANTED not in run.stdout + run.stderr
