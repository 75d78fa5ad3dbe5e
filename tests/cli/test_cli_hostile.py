"""Hostile conditions around the command line: closed standard streams, pipes and FIFOs with
``--jobs``, absurd ``--jobs``, file names that are not UTF-8. The promise: exit 0, 1 or 2, one
line on stderr for 2, never a traceback, every record counted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from modelarts_validators.capture.sources import find_sources
from modelarts_validators.report import REPORTERS
from modelarts_validators.run.parallel import default_jobs, workers_for

from tests.support.cli import TRAFFIC, cli, one_line

VIOLATIONS = TRAFFIC / "invalid" / "violations.har"
NDJSON = TRAFFIC / "invalid" / "malformed.ndjson"


def validate(
    *argv: str | Path,
    preexec: Callable[[], None] | None = None,
    stdin: bytes | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[bytes]:
    """``modelarts-validate`` as its own process (the console script's code path)."""
    return subprocess.run(
        [sys.executable, "-m", "modelarts_validators", *map(str, argv)],
        input=stdin,
        capture_output=True,
        preexec_fn=preexec,
        timeout=timeout,
        check=False,
    )


def close(fd: int) -> Callable[[], None]:
    return lambda: os.close(fd)


# -- closed and broken standard streams ------------------------------------------------------


def test_a_closed_stdin_that_is_not_an_input_does_not_matter() -> None:
    run = validate("traffic", "--format", "json", VIOLATIONS, preexec=close(0))
    assert run.returncode == 1
    assert run.stderr == b""
    assert json.loads(run.stdout)["summary"]["entries"] == 15


def test_a_closed_stdin_that_is_an_input_is_one_line() -> None:
    run = validate("traffic", "-", preexec=close(0))
    assert run.returncode == 2
    assert (
        run.stderr.decode()
        == "modelarts-validate: error: <stdin>: standard input is not available\n"
    )
    run = validate("request", "-", preexec=close(0))
    assert run.returncode == 2
    assert run.stderr.decode() == "modelarts-validate: error: standard input is not available\n"


def test_a_closed_stdout_is_one_line() -> None:
    run = validate("traffic", VIOLATIONS, preexec=close(1))
    assert run.returncode == 2
    assert run.stderr.decode() == (
        "modelarts-validate: error: cannot write the report: standard output is closed\n"
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_full_disk_is_one_line(tmp_path: Path) -> None:
    expected = "modelarts-validate: error: cannot write the report: No space left on device\n"
    run = validate("traffic", VIOLATIONS, "--output", "/dev/full")
    assert (run.returncode, run.stderr.decode()) == (2, expected)
    with open("/dev/full", "wb") as full:
        run = subprocess.run(
            [sys.executable, "-m", "modelarts_validators", "traffic", str(VIOLATIONS)],
            stdout=full, capture_output=False, stderr=subprocess.PIPE, check=False, timeout=60,
        )  # fmt: skip
    assert (run.returncode, run.stderr.decode()) == (2, expected)


# -- pipes, FIFOs and --jobs -----------------------------------------------------------------


def test_a_fifo_with_jobs_is_read_once_by_the_main_process(tmp_path: Path) -> None:
    fifo = tmp_path / "capture.har"
    os.mkfifo(fifo)
    data = VIOLATIONS.read_bytes()

    def feed() -> None:
        with fifo.open("wb") as pipe:
            pipe.write(data)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    piped = validate("traffic", "--format", "json", "--jobs", "2", fifo, NDJSON, timeout=60)
    writer.join(5)
    plain = tmp_path / "plain.har"
    plain.write_bytes(data)
    expected = validate("traffic", "--format", "json", plain, NDJSON)
    assert piped.returncode == expected.returncode == 1
    report, reference = json.loads(piped.stdout), json.loads(expected.stdout)
    assert report["summary"] == reference["summary"]
    assert report["findings"] == reference["findings"]


@pytest.mark.parametrize("capture", [VIOLATIONS, NDJSON], ids=["har", "ndjson"])
def test_dev_stdin_with_jobs_is_the_report_of_one_process(capture: Path) -> None:
    argv = ("traffic", "--format", "json", "/dev/stdin", VIOLATIONS)
    piped = validate(*argv, "--jobs", "2", stdin=capture.read_bytes())
    once = validate(*argv, "--jobs", "1", stdin=capture.read_bytes())
    assert piped.returncode == once.returncode
    assert piped.stdout == once.stdout
    assert piped.stderr == once.stderr == b""


def test_a_pipe_is_not_given_a_size() -> None:
    read, write = os.pipe()
    try:
        (source,) = find_sources([f"/dev/fd/{read}"])
        assert source.size is None
    finally:
        os.close(read)
        os.close(write)


def test_workers_are_capped_by_cpus_and_by_the_work(tmp_path: Path) -> None:
    small = [tmp_path / "a.har", tmp_path / "b.har"]
    for path in small:
        shutil.copy(VIOLATIONS, path)
    sources = find_sources([str(p) for p in small])
    assert workers_for(sources, 400) == min(2, default_jobs())
    assert workers_for(sources[:1], 400) == 1
    assert workers_for(sources, 1) == 1


@pytest.mark.parametrize("value", ["100000", str(2**70), "9" * 5000])
def test_an_absurd_number_of_jobs_is_a_usage_error(value: str) -> None:
    run = cli("traffic", "--jobs", value, VIOLATIONS)
    assert run.code == 2
    assert "--jobs" in run.stderr
    assert "Traceback" not in run.stderr


# -- file names ------------------------------------------------------------------------------


@pytest.mark.parametrize("format_", list(REPORTERS))
def test_file_names_that_are_not_utf8_are_shown_escaped(tmp_path: Path, format_: str) -> None:
    odd = os.fsdecode(bytes(tmp_path) + b"/caf\xff.har")
    shutil.copy(VIOLATIONS, odd)
    shutil.copy(VIOLATIONS, tmp_path / "plain.har")
    out = tmp_path / "report.out"
    run = cli("traffic", "--format", format_, "--output", out, odd, tmp_path / "plain.har")
    assert run.code == 1, run.stderr
    text = out.read_text(encoding="utf-8")
    if format_ == "sarif":  # a JSON document: the name is a string value in it
        result = json.loads(text)["runs"][0]["results"][0]
        assert result["properties"]["input"].endswith("caf\\xff.har")
    elif format_ != "json":  # JSON findings carry no input name
        assert "caf\\xff.har" in text
    assert "\udcff" not in text


def test_a_missing_input_with_an_odd_name_is_one_line(tmp_path: Path) -> None:
    odd = os.fsdecode(bytes(tmp_path) + b"/gone\xfe.har")
    run = cli("traffic", odd)
    assert run.code == 2
    assert one_line(run).endswith("gone\\xfe.har: no such file or directory")


# -- forged lines and terminal escapes -------------------------------------------------------


def test_control_characters_in_a_capture_cannot_forge_lines_or_reach_the_terminal(
    tmp_path: Path,
) -> None:
    url = (
        "https://h/v2/p/training-job-searches?x=1\n"
        "entry 99 POST https://forged/ request /limit: schema-violation: forged\x1b[2J\u2028"
    )
    record = {
        "request": {
            "method": "POST",
            "url": url,
            "headers": {"X-Auth-Token": "t"},
            "body": '{"limit": 51}',
        },
        "response": None,
    }
    capture = tmp_path / "forged.ndjson"
    capture.write_text(json.dumps(record) + "\n")
    for format_ in ("text", "junit"):
        run = cli("traffic", "--format", format_, "--color", "never", capture)
        assert run.code == 1
        assert "\x1b" not in run.stdout
        assert "\u2028" not in run.stdout
        lines = run.stdout.splitlines()
        assert not any(line.startswith("entry 99") for line in lines)
    run = cli("traffic", "--color", "never", capture)
    count = len(json.loads(cli("traffic", "--format", "json", capture).stdout)["findings"])
    findings = [line for line in run.stdout.splitlines() if line.startswith("entry 0 ")]
    # Content-Type, /limit, no response, the query parameter x: one line each
    assert len(findings) == count == 4
    assert "\\x0aentry 99 POST https://forged/" in findings[0]
    assert "\\x1b[2J" in findings[0]
