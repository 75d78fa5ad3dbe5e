"""The command line through ``main(argv, stdout, stderr)``: parsing, exit codes, inputs (files,
directories, stdin), the body commands, options. Helpers used by the other CLI and report tests
live here too: ``cli`` runs a command in-process, ``json_report`` also validates the JSON report
against ``tests/report.schema.json``."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from modelarts_validators import Contract
from modelarts_validators.cli import DEBUG_VARIABLE, parse

from tests.support.cli import (
    OK_RESPONSE,
    TESTS,
    TRAFFIC,
    URL,
    check_report,
    cli,
    json_report,
    ndjson_line,
    one_line,
)

# -- parsing ---------------------------------------------------------------------------------


def test_help_goes_to_stdout_and_exits_0() -> None:
    run = cli("--help")
    assert run.code == 0
    assert "traffic" in run.stdout
    assert "Exit codes" in run.stdout
    assert run.stderr == ""


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["traffic"],
        ["bogus", "x.har"],
        ["traffic", "--format", "xml", "x.har"],
        ["--engine", "java", "traffic", "x.har"],
        ["traffic", "--color", "sometimes", "x.har"],
        ["request"],
        ["request", "a.json", "b.json"],
        ["response", "body.json"],
        ["response", "--status", "abc", "body.json"],
        ["response", "--status", "99", "body.json"],
        ["response", "--status", "600", "body.json"],
        ["traffic", "--no-such-option", "x.har"],
    ],
)
def test_usage_errors_exit_2_with_usage_and_no_traceback(argv: list[str]) -> None:
    run = cli(*argv)
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("usage: modelarts-validate")
    assert "error:" in run.stderr
    assert "Traceback" not in run.stderr


def test_options_go_before_or_after_the_command() -> None:
    before = parse(
        ["--format", "json", "--strict", "traffic", "a.har"], io.StringIO(), io.StringIO()
    )
    after = parse(
        ["traffic", "a.har", "--format", "json", "--strict"], io.StringIO(), io.StringIO()
    )
    assert before == after
    assert not isinstance(before, int)
    assert (before.format, before.strict, before.files) == ("json", True, ("a.har",))
    both = parse(
        ["--format", "json", "traffic", "--format", "junit", "a"], io.StringIO(), io.StringIO()
    )
    assert not isinstance(both, int)
    assert both.format == "junit"
    defaults = parse(["response", "--status", "200", "-"], io.StringIO(), io.StringIO())
    assert not isinstance(defaults, int)
    assert (defaults.format, defaults.engine, defaults.color, defaults.status) == (
        "text",
        "rs",
        "auto",
        200,
    )
    assert defaults.content_type == "application/json"


# -- inputs ----------------------------------------------------------------------------------


def test_missing_file_is_exit_2_with_one_line(tmp_path: Path) -> None:
    run = cli("traffic", tmp_path / "nope.har")
    assert run.code == 2
    assert run.stdout == ""
    assert (
        one_line(run)
        == f"modelarts-validate: error: {tmp_path / 'nope.har'}: no such file or directory"
    )


def test_directory_without_captures_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    run = cli("traffic", tmp_path)
    assert run.code == 2
    assert "no capture files" in one_line(run)


def test_directories_are_searched_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "late.ndjson").write_text(ndjson_line('{"limit": 0}') + "\n")
    (tmp_path / "a.jsonl").write_text(ndjson_line('{"limit": 99}') + "\n")
    (tmp_path / "ignored.json").write_text("garbage")
    run = cli("traffic", tmp_path)
    assert run.code == 1
    lines = [line for line in run.stdout.splitlines() if "schema-violation:" in line]
    assert [line.split(" entry ")[0] for line in lines] == [
        str(tmp_path / "a.jsonl"),
        str(tmp_path / "b" / "late.ndjson"),
    ]


def test_several_files_number_entries_per_file_and_name_the_file(tmp_path: Path) -> None:
    first, second = tmp_path / "one.ndjson", tmp_path / "two.ndjson"
    first.write_text(ndjson_line() + "\n" + ndjson_line('{"limit": 0}') + "\n")
    second.write_text(ndjson_line('{"order": "up"}') + "\n")
    run = cli("traffic", first, second)
    assert run.code == 1
    assert run.stdout.splitlines()[:2] == [
        f"{first} entry 1 POST {URL} request /limit: schema-violation: 0 is less than the minimum of 1",
        f"{second} entry 0 POST {URL} request /order: schema-violation: 'up' is not one of 'asc', 'desc'",
    ]
    _, report = json_report("traffic", first, second)
    assert [f["entry"] for f in report["findings"]] == [1, 0]
    assert report["summary"]["entries"] == 3


def test_a_single_input_needs_no_file_name_in_the_location(tmp_path: Path) -> None:
    capture = tmp_path / "one.ndjson"
    capture.write_text(ndjson_line('{"limit": 0}') + "\n")
    assert cli("traffic", capture).stdout.startswith(f"entry 0 POST {URL} request /limit: ")


@pytest.mark.parametrize(
    "name",
    [
        "valid/sdk-mitmproxy.har",
        "valid/log.ndjson",
        "invalid/violations.har",
        "invalid/malformed.ndjson",
    ],
)
def test_stdin_gives_the_report_of_the_file(name: str) -> None:
    path = TRAFFIC / name
    data = path.read_bytes()
    from_file = json_report("traffic", path)
    from_stdin = json_report("traffic", "-", stdin=data)
    from_gzip = json_report("traffic", "-", stdin=gzip.compress(data))
    assert from_file[1] == from_stdin[1] == from_gzip[1]
    assert from_file[0].code == from_stdin[0].code == from_gzip[0].code


def test_stdin_twice_is_a_usage_of_input_error() -> None:
    run = cli("traffic", "-", "-")
    assert run.code == 2
    assert "more than once" in one_line(run)


def test_empty_stdin_is_no_records() -> None:
    run, report = json_report("traffic", "-", stdin=b"")
    assert run.code == 1  # nothing was checked: a gate that proves nothing fails
    assert report["summary"]["entries"] == 0
    assert report["summary"]["nothing_checked"] is True
    assert cli("traffic", "-", "--allow-empty", stdin=b"").code == 0


def test_garbage_on_stdin_is_exit_2() -> None:
    run = cli("traffic", "-", stdin=b"\x00\x01binary")
    assert run.code == 2
    assert one_line(run) == (
        "modelarts-validate: error: <stdin>: not a HAR or NDJSON capture: it starts with byte 0x00, not '{'"
    )


def test_an_unusable_input_does_not_stop_the_others() -> None:
    run, report = json_report(
        "traffic", TRAFFIC / "unusable/not-json.har", TRAFFIC / "valid/log.ndjson"
    )
    assert run.code == 2
    assert report["summary"]["entries"] == 4
    assert "not-json.har: not a HAR" in one_line(run)


def test_a_truncated_har_is_checked_up_to_the_break_then_exit_2() -> None:
    run, report = json_report("traffic", TRAFFIC / "unusable/truncated.har")
    assert run.code == 2
    assert report["summary"] == {
        "entries": 2,
        "checked": 2,
        "unmatched": 0,
        "unreadable": 0,
        "conforming": 2,
        "with_errors": 0,
        "drift_only": 0,
        "by_kind": {},
        "nothing_checked": False,
        "ignored": 0,
        "baseline": None,
        "skipped_files": 0,
        "coverage_shortfalls": [],
    }
    assert one_line(run).endswith(
        "truncated.har: invalid HAR JSON after 2 entries: the document breaks off (truncated)"
    )
    text = cli("traffic", TRAFFIC / "unusable/truncated.har")
    assert (
        text.stdout.splitlines()[-1]
        == "result: ERROR (1 input could not be read to the end; see stderr)"
    )


# -- the body commands -----------------------------------------------------------------------


def test_request_command_checks_a_body_file(tmp_path: Path) -> None:
    body = tmp_path / "body.json"
    body.write_text('{"limit": 51}')
    run = cli("request", body)
    assert run.code == 1
    assert (
        run.stdout.splitlines()[0]
        == f"{body} request /limit: schema-violation: 51 is greater than the maximum of 50"
    )
    body.write_text('{"limit": 50, "order": "asc"}')
    assert cli("request", body).code == 0


def test_request_command_reads_stdin_and_reports_invalid_json() -> None:
    run, report = json_report("request", "-", stdin=b'{"limit": ')
    assert run.code == 1
    assert [f["kind"] for f in report["findings"]] == ["invalid-json"]
    assert report["findings"][0]["entry"] is None
    assert report["summary"]["entries"] == report["summary"]["checked"] == 1


def test_request_command_missing_file_is_exit_2(tmp_path: Path) -> None:
    run = cli("request", tmp_path / "absent.json")
    assert run.code == 2
    assert run.stdout == ""
    assert (
        one_line(run)
        == f"modelarts-validate: error: {tmp_path / 'absent.json'}: No such file or directory"
    )


def test_response_command_checks_status_content_type_and_body(tmp_path: Path) -> None:
    body = tmp_path / "page.json"
    body.write_text(OK_RESPONSE)
    assert cli("response", "--status", "200", body).code == 0
    run = cli("response", "--status", "302", body)
    assert run.code == 1
    assert run.stdout.splitlines()[0] == (
        f"{body} response: undocumented-status: status 302 is not documented (documented: 200, 4XX, 5XX)"
    )
    run = cli("response", "--status", "200", "--content-type", "text/html", body)
    assert run.code == 1
    assert "wrong-content-type: Content-Type 'text/html', expected application/json" in run.stdout
    error = b'{"error_code": "ModelArts.2807", "error_msg": "bad filter"}'
    assert cli("response", "--status", "400", "-", stdin=error).code == 0


# -- options ---------------------------------------------------------------------------------


def test_output_writes_the_report_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    run = cli("traffic", TRAFFIC / "valid/log.ndjson", "--format", "json", "--output", target)
    assert run.code == 0
    assert run.stdout == ""
    check_report(json.loads(target.read_text()))


def test_unwritable_output_is_exit_2(tmp_path: Path) -> None:
    run = cli(
        "traffic", TRAFFIC / "valid/log.ndjson", "--output", tmp_path / "no" / "dir" / "r.txt"
    )
    assert run.code == 2
    assert "cannot write" in one_line(run)


def test_strict_turns_drift_into_failure() -> None:
    capture = TRAFFIC / "valid/sdk-mitmproxy.har"
    relaxed, report = json_report("traffic", capture)
    assert relaxed.code == 0
    assert {f["severity"] for f in report["findings"]} == {"warning"}
    strict, strict_report = json_report("traffic", capture, "--strict")
    assert strict.code == 1
    assert {f["severity"] for f in strict_report["findings"]} == {"error"}
    assert strict_report["summary"]["with_errors"] == report["summary"]["drift_only"]


def test_both_engines_reach_the_same_verdicts() -> None:
    for name in ("invalid/violations.har", "valid/sdk-mitmproxy.har", "invalid/malformed.ndjson"):
        rs = json_report("traffic", TRAFFIC / name, "--engine", "rs")
        python = json_report("traffic", TRAFFIC / name, "--engine", "python")
        assert rs[0].code == python[0].code
        assert rs[1]["summary"] == python[1]["summary"]
        key = ("entry", "side", "kind", "severity", "pointer")
        assert [[f[k] for k in key] for f in rs[1]["findings"]] == [
            [f[k] for k in key] for f in python[1]["findings"]
        ]


def test_a_broken_spec_is_exit_2_before_any_traffic_is_read(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("openapi: [unclosed\n")
    run = cli("traffic", "--spec", spec, tmp_path / "missing.har")
    assert run.code == 2
    line = one_line(run)
    assert line.startswith(f"modelarts-validate: error: spec {spec}: ")
    assert "missing.har" not in line
    assert cli("request", "--spec", tmp_path / "nope.yaml", "-").code == 2


def test_spec_option_loads_that_spec() -> None:
    spec = TESTS.parent / "openapi" / "training-job-searches.yaml"
    run = cli("traffic", "--spec", spec, TRAFFIC / "valid/log.ndjson")
    assert run.code == 0


def test_color(tmp_path: Path) -> None:
    capture = TRAFFIC / "invalid/violations.har"
    coloured = cli("traffic", capture, "--color", "always", environ={})
    assert "\x1b[31mschema-violation\x1b[0m" in coloured.stdout
    assert "\x1b[33mundocumented-value\x1b[0m" in coloured.stdout
    assert (
        "\x1b["
        not in cli("traffic", capture, "--color", "always", environ={"NO_COLOR": "1"}).stdout
    )
    assert "\x1b[" not in cli("traffic", capture, "--color", "auto", environ={}).stdout  # not a tty
    assert (
        "\x1b["
        not in cli("traffic", capture, "--color", "always", "--format", "json", environ={}).stdout
    )


def test_progress_on_a_terminal_only_and_not_with_quiet(tmp_path: Path) -> None:
    capture = tmp_path / "many.ndjson"
    capture.write_text((ndjson_line() + "\n") * 600)
    shown = cli("traffic", capture, stderr_tty=True)
    assert shown.code == 0
    assert "entries" in shown.stderr
    assert "\r" in shown.stderr
    assert shown.stderr.endswith("\r\x1b[K")  # cleared at the end
    assert cli("traffic", capture, "--quiet", stderr_tty=True).stderr == ""
    assert cli("traffic", capture).stderr == ""


def test_internal_errors_are_one_line_unless_debugging(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(self: Contract, exchange: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(Contract, "check_exchange", explode)
    run = cli("traffic", TRAFFIC / "valid/log.ndjson", environ={})
    assert run.code == 2
    assert one_line(run) == (
        "modelarts-validate: error: internal error: RuntimeError: boom second line "
        f"(set {DEBUG_VARIABLE}=1 for a traceback)"
    )
    with pytest.raises(RuntimeError):
        cli("traffic", TRAFFIC / "valid/log.ndjson", environ={DEBUG_VARIABLE: "1"})


def test_python_dash_m_and_the_console_script() -> None:
    capture = str(TRAFFIC / "invalid/violations.har")
    module = subprocess.run(
        [sys.executable, "-m", "modelarts_validators", "traffic", capture, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert module.returncode == 1
    check_report(json.loads(module.stdout))
    script = Path(sys.executable).parent / "modelarts-validate"
    usage = subprocess.run([str(script), "traffic"], capture_output=True, text=True, check=False)
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr
    piped = subprocess.run(
        f"'{script}' traffic '{capture}' | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert piped.stdout.startswith("entry 0 POST")
    assert "Traceback" not in piped.stderr
    assert "Exception" not in piped.stderr
