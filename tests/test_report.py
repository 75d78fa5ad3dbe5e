"""The reports: counting (``Summary``), the exact text of findings, the JSON and JUnit
documents, and the redaction helpers every report goes through."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from modelarts_validators.findings import Finding, Kind, Unreadable
from modelarts_validators.redact import REDACTED, header_dict, redact_url, scrub
from modelarts_validators.report import MAX_GROUPS, OTHER_GROUP, Place, Summary, fold
from modelarts_validators.report_json import JsonReporter, dumps
from modelarts_validators.report_junit import JunitReporter
from modelarts_validators.report_text import TextReporter, finding_line, summary_lines

from .test_cli import URL, check_report, cli, ndjson_line

PLACE = Place("", 17, "POST", URL)


def finding(kind: Kind = Kind.SCHEMA_VIOLATION, severity: str = "error", **fields: Any) -> Finding:
    values: dict[str, Any] = {"side": "response", "message": "m", "pointer": "/items/0/a"} | fields
    return Finding(kind, severity, **values)  # type: ignore[arg-type]


# -- Summary ---------------------------------------------------------------------------------


def test_summary_counts_exchanges_and_findings() -> None:
    summary = Summary()
    summary.entries = 5
    summary.add_checked([])
    summary.add_checked([finding(), finding(Kind.UNDOCUMENTED_FIELD, "warning")])
    summary.add_checked([finding(Kind.UNDOCUMENTED_VALUE, "warning", pointer="/items/3/a")])
    summary.add_unreadable()
    summary.unmatched += 1
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
    assert summary.failed(strict=False)


def test_warnings_fail_only_under_strict() -> None:
    summary = Summary()
    summary.add_checked([finding(Kind.UNDOCUMENTED_FIELD, "warning")])
    assert not summary.failed(strict=False)
    assert summary.failed(strict=True)


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
        PLACE,
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
    assert finding_line(Place("a.har", 3, "POST", URL + "?token=t"), finding(pointer="")) == (
        f"a.har entry 3 POST {URL}?token={REDACTED} response: schema-violation: m"
    )
    assert finding_line(Place("body.json", None), finding(side="request", pointer="/limit")) == (
        "body.json request /limit: schema-violation: m"
    )


def test_text_summary_table() -> None:
    summary = Summary(entries=4, unmatched=1)
    summary.add_checked([finding(pointer="/items/0/a"), finding(pointer="/items/1/a")])
    summary.add_checked([finding(Kind.UNDOCUMENTED_FIELD, "warning", pointer="/x")])
    summary.add_unreadable()
    assert summary_lines(summary, strict=False) == [
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
    empty = Summary(entries=1)
    empty.add_checked([])
    assert summary_lines(empty, strict=False)[-1] == "result: OK (no findings)"
    drift = Summary(entries=1)
    drift.add_checked([finding(Kind.UNDOCUMENTED_FIELD, "warning")])
    assert summary_lines(drift, strict=False)[-1] == "result: OK with drift (1 warning)"
    assert summary_lines(drift, strict=True)[-1] == "result: FAIL (1 warning, --strict)"
    broken = Summary(failed_inputs=2)
    assert (
        summary_lines(broken, strict=False)[-1]
        == "result: ERROR (2 inputs could not be read to the end; see stderr)"
    )


def test_text_colour_marks_the_kind_only() -> None:
    out = io.StringIO()
    reporter = TextReporter(out, color=True)
    reporter.checked(PLACE, [finding(), finding(Kind.UNDOCUMENTED_FIELD, "warning")])
    reporter.unreadable(Place("", 2), Unreadable(2, "bad"))
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
                        "headers": {"content-type": "application/json"},
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
    JsonReporter(out).finish(Summary(), strict=False)
    document = json.loads(out.getvalue())
    check_report(document)
    assert document["findings"] == []


def test_json_report_streams_findings_and_keeps_odd_values() -> None:
    out = io.StringIO()
    reporter = JsonReporter(out)
    summary = Summary(entries=2)
    big = finding(Kind.INTEGER_OUT_OF_RANGE, "warning", actual=2**70, expected={"max", "min"})
    reporter.checked(Place("", 0, "POST", URL + "?sig=abc"), [big])
    summary.add_checked([big])
    reporter.unreadable(Place("", 1), Unreadable(1, "line 2 is not valid JSON"))
    summary.add_unreadable()
    reporter.finish(summary, strict=False)
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
    summary = Summary(entries=4, unmatched=1)
    reporter.checked(PLACE, [])
    summary.add_checked([])
    control = finding(message='bad \x00\x1b byte <&> "quoted"')
    drift = finding(Kind.UNDOCUMENTED_FIELD, "warning")
    reporter.checked(Place("", 18, "POST", URL), [control, drift])
    summary.add_checked([control, drift])
    reporter.unreadable(Place("", 19), Unreadable(19, "not JSON"))
    summary.add_unreadable()
    reporter.finish(summary, strict=False)
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
    assert 'bad \ufffd\ufffd byte <&> "quoted"' in (failure.text or "")
    assert "undocumented-field" in (cases[1].findtext("system-out") or "")
    assert cases[2].find("error") is not None


# -- redaction -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "redacted"),
    [
        ("https://h/v2/p/x", "https://h/v2/p/x"),
        ("https://h/x?limit=1", "https://h/x?limit=1"),
        ("https://h/x?token=a&limit=1", f"https://h/x?token={REDACTED}&limit=1"),
        (
            "https://h/x?X-Amz-Signature=a&X-Amz-Credential=b",
            f"https://h/x?X-Amz-Signature={REDACTED}&X-Amz-Credential={REDACTED}",
        ),
        (
            "https://h/x?ak=a&sk=b&key=c&sig=d&password=e&access_token=f#frag",
            f"https://h/x?ak={REDACTED}&sk={REDACTED}&key={REDACTED}&sig={REDACTED}&password={REDACTED}&access_token={REDACTED}#frag",
        ),
        ("https://user:pw@h/x", "https://REDACTED@h/x"),
        ("/v2/p/x?refresh_token=z", f"/v2/p/x?refresh_token={REDACTED}"),
    ],
)
def test_redact_url(url: str, redacted: str) -> None:
    assert redact_url(url) == redacted
    assert redact_url(redacted) == redacted


def test_header_dict_redacts_credentials() -> None:
    pairs = [
        ("Authorization", "a"),
        ("Cookie", "c1"),
        ("cookie", "c2"),
        ("X-Security-Token", "s"),
        ("Accept", "x"),
    ]
    assert header_dict(pairs) == {
        "authorization": REDACTED,
        "cookie": f"{REDACTED}, {REDACTED}",
        "x-security-token": REDACTED,
        "accept": "x",
    }


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("'Runing' is not one of ['Creating']", "'Runing' is not one of ['Creating']"),
        (
            "see https://h/x?access_token=abc&a=1 now",
            f"see https://h/x?access_token={REDACTED}&a=1 now",
        ),
        (
            "Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=ff",
            f"Authorization: {REDACTED}",
        ),
        ("header was Bearer eyJhbGciOi.x.y", f"header was Bearer {REDACTED}"),
        ("X-Auth-Token=MIIabc", f"X-Auth-Token={REDACTED}"),
        (
            "tensorboard token field: 5 is not a string",
            "tensorboard token field: 5 is not a string",
        ),
    ],
)
def test_scrub(text: str, scrubbed: str) -> None:
    assert scrub(text) == scrubbed
