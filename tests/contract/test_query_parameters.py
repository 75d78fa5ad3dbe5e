"""Query parameters: the operation documents none, so each one a request carries is drift of
its own kind, ``undocumented-parameter`` (a warning; an error under ``--strict``), named by its
name and never by its value."""

from __future__ import annotations

import json

import pytest
from modelarts_validators import Contract
from modelarts_validators.contract.findings import DRIFT_KINDS, Kind
from modelarts_validators.contract.model import Exchange, Request, Response

from tests.support.cli import URL, cached_load, json_report, ndjson_line

OK = b'{"total": 0, "count": 0, "limit": 10, "offset": 0, "items": []}'
HEADERS = {"x-auth-token": "t", "content-type": "application/json"}


def exchange(url: str) -> Exchange:
    request = Request(headers=HEADERS, body=b"{}", url=url)
    response = Response(headers={"content-type": "application/json"}, body=OK, status=200)
    return Exchange(request, response)


@pytest.mark.parametrize("strict", [False, True])
def test_each_query_parameter_is_drift(strict: bool) -> None:
    contract = cached_load(strict=strict)
    findings = contract.check_exchange(exchange(URL + "?workspace_id=0&limit=10&limit=20"))
    assert findings is not None
    assert [(f.kind, f.side, f.severity, f.actual) for f in findings] == [
        (Kind.UNDOCUMENTED_PARAMETER, "request", "error" if strict else "warning", name)
        for name in ("workspace_id", "limit")
    ]
    assert findings[0].message == (
        "query parameter 'workspace_id' is not documented"
        " (the operation documents no query parameters)"
    )
    assert (
        findings[0].schema_pointer == "#/paths/~1v2~1%7Bproject_id%7D~1training-job-searches/post"
    )
    assert Kind.UNDOCUMENTED_PARAMETER in DRIFT_KINDS


def test_no_query_no_finding_and_a_bare_question_mark_is_no_parameter() -> None:
    contract = cached_load()
    assert contract.check_exchange(exchange(URL)) == []
    assert contract.check_exchange(exchange(URL + "?")) == []
    findings = contract.check_exchange(exchange(URL + "?flag&a%20b=1"))
    assert findings is not None
    assert [f.actual for f in findings] == ["flag", "a b"]


def test_the_value_is_never_shown() -> None:
    findings = Contract.load().check_exchange(exchange(URL + "?workspace_id=s3cr3t-value"))
    assert findings is not None
    # the finding itself (the URL it came from is the exchange's, redacted by the capture reader)
    (finding,) = findings
    assert "s3cr3t-value" not in repr((finding.message, finding.expected, finding.actual))


def test_traffic_reports_it_in_json_and_exit_code_follows_strict() -> None:
    line = ndjson_line()
    record = json.loads(line)
    record["request"]["url"] = URL + "?workspace_id=0&limit=10"
    stdin = (json.dumps(record) + "\n").encode()
    run, report = json_report("traffic", "-", stdin=stdin)
    assert run.code == 0
    assert report["summary"]["by_kind"] == {"undocumented-parameter": 2}
    assert report["summary"]["drift_only"] == 1
    run, report = json_report("traffic", "--strict", "-", stdin=stdin)
    assert run.code == 1
    assert {f["severity"] for f in report["findings"]} == {"error"}
