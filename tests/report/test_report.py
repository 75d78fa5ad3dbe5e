"""The reports: counting (``Summary``), the exact text of findings, the JSON and JUnit
documents. The redaction helpers every report goes through are tested in
``tests/contract/test_redact.py``."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from modelarts_validators.capture.records import Unreadable
from modelarts_validators.contract.findings import Finding, Kind, Origin, severity_of
from modelarts_validators.contract.redact import REDACTED
from modelarts_validators.report import REPORTERS, ReportOptions, make_reporter
from modelarts_validators.report.base import finding_line, location
from modelarts_validators.report.json import JsonReporter, dumps
from modelarts_validators.report.junit import JunitReporter
from modelarts_validators.report.text import TextReporter, summary_lines
from modelarts_validators.run.summary import MAX_GROUPS, OTHER_GROUP, Summary, fold

from tests.support.cli import URL, check_report, cli, ndjson_line

ORIGIN = Origin("capture.har", 17, "POST", URL)


def finding(kind: Kind = Kind.SCHEMA_VIOLATION, severity: str = "error", **fields: Any) -> Finding:
    values: dict[str, Any] = {"side": "response", "message": "m", "pointer": "/items/0/a"} | fields
    return Finding(kind, severity, **values)  # type: ignore[arg-type]


# -- Summary ---------------------------------------------------------------------------------


def test_summary_counts_exchanges_and_findings() -> None:
    summary = Summary()
    summary.add_checked([])
    summary.add_checked([finding(), finding(Kind.UNDOCUMENTED_FIELD, "warning")])
    summary.add_checked([finding(Kind.UNDOCUMENTED_VALUE, "warning", pointer="/items/3/a")])
    summary.add_unreadable()
    summary.add_unmatched()
    assert summary.as_json() == {
        "entries": 5,
        "checked": 3,
        "unmatched": 1,
        "unreadable": 1,
        "conforming": 1,
        "with_errors": 1,
        "drift_only": 1,
        "by_kind": {
            "schema-violation": 1,
            "undocumented-field": 1,
            "undocumented-value": 1,
            "unreadable": 1,
        },
    }
    assert (summary.errors, summary.warnings) == (2, 2)
    assert summary.groups[("undocumented-value", "warning", "response", "/items/*/a")] == 1
    assert summary.failed()


def test_drift_fails_only_when_the_contract_made_it_an_error() -> None:
    relaxed, strict = Summary(), Summary()
    kind = Kind.UNDOCUMENTED_FIELD
    relaxed.add_checked([finding(kind, severity_of(kind, strict=False))])
    strict.add_checked([finding(kind, severity_of(kind, strict=True))])
    assert not relaxed.failed()
    assert strict.failed()
    assert (strict.errors, strict.warnings, strict.with_errors) == (1, 0, 1)


def test_summaries_of_parts_merge_into_the_summary_of_the_whole() -> None:
    records: list[list[Finding] | None] = [
        [],
        [finding()],
        None,
        [finding(Kind.UNDOCUMENTED_FIELD, "warning", pointer="/items/2/x")],
        [finding(pointer="/items/9/a"), finding(pointer="/b")],
    ]

    def add(summary: Summary, findings: list[Finding] | None) -> None:
        if findings is None:
            summary.add_unmatched()
        else:
            summary.add_checked(findings)

    whole = Summary()
    for findings in records:
        add(whole, findings)
    whole.add_unreadable()
    merged = Summary()
    for part in (records[:2], records[2:]):
        summary = Summary(max_groups=None)
        for findings in part:
            add(summary, findings)
        merged.merge(summary)
    tail = Summary(max_groups=None)
    tail.add_unreadable()
    merged.merge(tail)
    assert merged == whole
    assert list(merged.groups) == list(whole.groups)


def test_merged_groups_are_bounded_as_one_run_bounds_them() -> None:
    whole, merged = Summary(max_groups=3), Summary(max_groups=3)
    parts = [[f"/a{i}" for i in range(2)], [f"/a{i}" for i in range(1, 5)]]
    for part in parts:
        summary = Summary(max_groups=None)
        for pointer in part:
            whole.add_checked([finding(pointer=pointer)])
            summary.add_checked([finding(pointer=pointer)])
        merged.merge(summary)
    assert merged.groups == whole.groups
    assert merged.groups[OTHER_GROUP] == 2


def test_repeat_groups_are_bounded() -> None:
    summary = Summary()
    for i in range(MAX_GROUPS + 50):
        summary.add_checked([finding(pointer=f"/field{i}")])
    assert len(summary.groups) == MAX_GROUPS + 1
    assert summary.groups[OTHER_GROUP] == 50


@pytest.mark.parametrize(
    ("pointer", "folded"),
    [
        ("", ""),
        ("/items/0/status", "/items/*/status"),
        ("/a/12", "/a/*"),
        ("/a1/b22c", "/a1/b22c"),
        ("/0/1", "/*/*"),
    ],
)
def test_fold(pointer: str, folded: str) -> None:
    assert fold(pointer) == folded


# -- text ------------------------------------------------------------------------------------


def test_finding_line_puts_the_location_first() -> None:
    line = finding_line(
        location(ORIGIN, show_source=False),
        finding(
            Kind.UNDOCUMENTED_VALUE,
            "warning",
            pointer="/items/0/status/phase",
            message="'Runing' is not one of ...",
        ),
    )
    assert (
        line
        == f"entry 17 POST {URL} response /items/0/status/phase: undocumented-value: 'Runing' is not one of ..."
    )
    where = location(Origin("a.har", 3, "POST", URL + "?token=t"), show_source=True)
    assert finding_line(where, finding(pointer="")) == (
        f"a.har entry 3 POST {URL}?token={REDACTED} response: schema-violation: m"
    )
    where = location(Origin("body.json"), show_source=True)
    assert finding_line(where, finding(side="request", pointer="/limit")) == (
        "body.json request /limit: schema-violation: m"
    )


def test_text_summary_table() -> None:
    summary = Summary()
    summary.add_unmatched()
    summary.add_checked([finding(pointer="/items/0/a"), finding(pointer="/items/1/a")])
    summary.add_checked([finding(Kind.UNDOCUMENTED_FIELD, "warning", pointer="/x")])
    summary.add_unreadable()
    assert summary_lines(summary) == [
        "",
        "summary: 4 entries: 2 checked (0 conforming, 1 with errors, 1 drift only), 1 unmatched, 1 unreadable",
        "  count  severity  kind                side      pointer",
        "      2  error     schema-violation    response  /items/*/a",
        "      1  warning   undocumented-field  response  /x",
        "      1  error     unreadable          -         -",
        "by kind: schema-violation 2, undocumented-field 1, unreadable 1",
        "result: FAIL (3 errors, 1 warning)",
    ]


def test_text_verdicts() -> None:
    empty = Summary()
    empty.add_checked([])
    assert summary_lines(empty)[-1] == "result: OK (no findings)"
    drift = Summary()
    drift.add_checked([finding(Kind.UNDOCUMENTED_FIELD, "warning")])
    assert summary_lines(drift)[-1] == "result: OK with drift (1 warning)"
    strict = Summary()
    strict.add_checked([finding(Kind.UNDOCUMENTED_FIELD, "error")])
    assert summary_lines(strict)[-1] == "result: FAIL (1 error, 0 warnings)"
    broken = Summary()
    broken.add_failed_input()
    broken.add_failed_input()
    assert (
        summary_lines(broken)[-1]
        == "result: ERROR (2 inputs could not be read to the end; see stderr)"
    )


def test_text_colour_marks_the_kind_only() -> None:
    out = io.StringIO()
    reporter = TextReporter(out, ReportOptions(color=True))
    reporter.checked(ORIGIN, [finding(), finding(Kind.UNDOCUMENTED_FIELD, "warning")])
    reporter.unreadable(Unreadable(2, "bad", "capture.har"))
    lines = out.getvalue().splitlines()
    assert (
        lines[0] == f"entry 17 POST {URL} response /items/0/a: \x1b[31mschema-violation\x1b[0m: m"
    )
    assert (
        lines[1] == f"entry 17 POST {URL} response /items/0/a: \x1b[33mundocumented-field\x1b[0m: m"
    )
    assert lines[2] == "entry 2: \x1b[31munreadable\x1b[0m: bad"


def message_for(*lines: str) -> str:
    """The one finding line of the text report on an NDJSON capture of ``lines``."""
    run = cli("traffic", "-", stdin="\n".join(lines).encode() + b"\n")
    findings = run.stdout.split("\nsummary: ")[0].splitlines()
    assert len(findings) == 1, run.stdout
    return findings[0]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            ndjson_line('{"limit": 51}'),
            f"entry 0 POST {URL} request /limit: schema-violation: 51 is greater than the maximum of 50",
        ),
        (
            ndjson_line('{"order": "up"}'),
            f"entry 0 POST {URL} request /order: schema-violation: 'up' is not one of 'asc', 'desc'",
        ),
        (
            ndjson_line('{"limit": '),
            f"entry 0 POST {URL} request: invalid-json: the body is not JSON: unexpected end of data: line 1 column 11 (char 10)",
        ),
        (
            ndjson_line(status=302),
            f"entry 0 POST {URL} response: undocumented-status: status 302 is not documented (documented: 200, 4XX, 5XX)",
        ),
        (
            ndjson_line(response='{"total": 0, "count": "0"}'),
            f"entry 0 POST {URL} response /count: schema-violation: expected integer, got string '0'",
        ),
        (
            ndjson_line(response='{"total": 0, "colour": 1}'),
            f"entry 0 POST {URL} response /colour: undocumented-field: 'colour' is not a documented field of ListTrainingJobsResponse",
        ),
        (
            json.dumps(
                {
                    "request": {
                        "method": "POST",
                        "url": URL,
                        "headers": {"content-type": "application/json", "x-auth-token": "t"},
                        "body": "{}",
                    },
                    "response": None,
                }
            ),
            f"entry 0 POST {URL} response: body-not-captured: no response was captured",
        ),
        (
            '{"request": {"method": "POST", "url": 5}}',
            "entry 0: unreadable: line 1: request.method and request.url must be strings",
        ),
    ],
)
def test_exact_messages(record: str, expected: str) -> None:
    assert message_for(record) == expected


def test_exact_message_of_a_malformed_line() -> None:
    assert (
        message_for(ndjson_line(), "{oops")
        == "entry 1: unreadable: line 2 is not valid JSON: unexpected character, expected a string key at character 1"
    )


# -- JSON ------------------------------------------------------------------------------------


def test_json_report_without_findings() -> None:
    out = io.StringIO()
    JsonReporter(out).finish(Summary())
    document = json.loads(out.getvalue())
    check_report(document)
    assert document["findings"] == []


def test_json_report_streams_findings_and_keeps_odd_values() -> None:
    out = io.StringIO()
    reporter = JsonReporter(out)
    summary = Summary()
    big = finding(Kind.INTEGER_OUT_OF_RANGE, "warning", actual=2**70, expected={"max", "min"})
    reporter.checked(Origin("", 0, "POST", URL + "?sig=abc"), [big])
    summary.add_checked([big])
    reporter.unreadable(Unreadable(1, "line 2 is not valid JSON"))
    summary.add_unreadable()
    reporter.finish(summary)
    document = json.loads(out.getvalue())
    check_report(document)
    first = document["findings"][0]
    assert first["actual"] == 2**70
    assert first["expected"] == ["max", "min"]
    assert first["url"] == f"{URL}?sig={REDACTED}"
    assert document["findings"][1]["side"] is None


def test_dumps_falls_back_for_what_orjson_refuses() -> None:
    assert json.loads(dumps({"n": 2**64 + 1, "b": b"\xff"})) == {"n": 2**64 + 1, "b": "\ufffd"}


# -- JUnit -----------------------------------------------------------------------------------


def test_junit_report_is_valid_xml_with_one_case_per_exchange() -> None:
    out = io.StringIO()
    reporter = JunitReporter(out)
    summary = Summary()
    summary.add_unmatched()
    reporter.checked(ORIGIN, [])
    summary.add_checked([])
    control = finding(message='bad \x00\x1b byte <&> "quoted"')
    drift = finding(Kind.UNDOCUMENTED_FIELD, "warning")
    reporter.checked(Origin("capture.har", 18, "POST", URL), [control, drift])
    summary.add_checked([control, drift])
    reporter.unreadable(Unreadable(19, "not JSON", "capture.har"))
    summary.add_unreadable()
    reporter.finish(summary)
    suite = ET.fromstring(out.getvalue()).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [
        f"entry 17 POST {URL}",
        f"entry 18 POST {URL}",
        "entry 19",
    ]
    failure = cases[1].find("failure")
    assert failure is not None
    assert failure.get("type") == "schema-violation"
    assert 'bad \\x00\\x1b byte <&> "quoted"' in (failure.text or "")  # escaped, as in text
    assert "undocumented-field" in (cases[1].findtext("system-out") or "")
    assert cases[2].find("error") is not None


def test_junit_names_the_input_only_when_the_run_shows_sources() -> None:
    def classnames(show_source: bool) -> list[str | None]:
        out = io.StringIO()
        reporter = JunitReporter(out, ReportOptions(show_source=show_source, suite="suite"))
        reporter.checked(ORIGIN, [])
        reporter.unreadable(Unreadable(19, "not JSON", "capture.har"))
        reporter.finish(Summary())
        suite = ET.fromstring(out.getvalue()).find("testsuite")
        assert suite is not None
        return [case.get("classname") for case in suite.findall("testcase")]

    assert classnames(False) == ["suite", "suite"]
    assert classnames(True) == ["capture.har", "capture.har"]


# -- the table of formats --------------------------------------------------------------------


def test_every_format_of_the_table_is_a_choice_of_the_command_line() -> None:
    run = cli("--help")
    assert "{" + ",".join(REPORTERS) + "}" in run.stdout
    assert list(REPORTERS) == ["text", "json", "junit", "sarif", "github", "markdown"]


@pytest.mark.parametrize("name", list(REPORTERS))
def test_each_format_declares_what_it_needs_and_writes_a_report(name: str) -> None:
    out = io.StringIO()
    reporter = make_reporter(name, out, ReportOptions())  # type: ignore[arg-type]
    assert reporter.needs_passed is (name == "junit")
    summary = Summary()
    summary.add_checked([finding()])
    reporter.checked(ORIGIN, [finding()])
    reporter.finish(summary)
    assert "schema-violation" in out.getvalue()
