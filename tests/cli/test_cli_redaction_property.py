"""No credential planted in a URL reaches any output, in any format, from either capture format.

Generated captures (``tests/support/secret_urls.py``) carry URLs with credentials in every place
a URL holds one; each request has a body that breaks the contract, so that every report echoes
the URL (text and JUnit in the finding's location, JSON in ``url``). ``modelarts-validate
traffic`` runs in-process over each capture in every format of ``report.REPORTERS``.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from modelarts_validators.report import REPORTERS

from tests.support.cli import OK_RESPONSE, check_report, cli
from tests.support.examples import examples
from tests.support.secret_urls import PLANTED, planted_url

#: Breaks the contract (``limit`` is at least 1): every exchange has a finding, so its URL is shown.
BAD_BODY = '{"limit": 0}'


def ndjson(urls: list[str]) -> bytes:
    lines = [
        json.dumps(
            {
                "request": {
                    "method": "POST",
                    "url": url,
                    "headers": {"Content-Type": "application/json"},
                    "body": BAD_BODY,
                },
                "response": {
                    "status": 200,
                    "headers": {"Content-Type": "application/json"},
                    "body": OK_RESPONSE,
                },
            }
        )
        for url in urls
    ]
    return "\n".join(lines).encode() + b"\n"


def har(urls: list[str]) -> bytes:
    def entry(url: str) -> dict[str, Any]:
        return {
            "startedDateTime": "2026-01-01T00:00:00.000Z",
            "time": 1,
            "request": {
                "method": "POST",
                "url": url,
                "httpVersion": "HTTP/1.1",
                "cookies": [],
                "headers": [{"name": "Content-Type", "value": "application/json"}],
                # HAR's own copy of the query: ignored by the reader, and never echoed
                "queryString": [{"name": "token", "value": PLANTED + "QUERYSTRING"}],
                "headersSize": -1,
                "bodySize": len(BAD_BODY),
                "postData": {"mimeType": "application/json", "text": BAD_BODY},
            },
            "response": {
                "status": 200,
                "statusText": "OK",
                "httpVersion": "HTTP/1.1",
                "cookies": [],
                "headers": [{"name": "Content-Type", "value": "application/json"}],
                "content": {
                    "size": len(OK_RESPONSE),
                    "mimeType": "application/json",
                    "text": OK_RESPONSE,
                },
                "redirectURL": "",
                "headersSize": -1,
                "bodySize": len(OK_RESPONSE),
            },
            "cache": {},
            "timings": {"send": 0, "wait": 1, "receive": 0},
        }

    log = {"version": "1.2", "creator": {"name": "test", "version": "1"}}
    return json.dumps({"log": {**log, "entries": [entry(u) for u in urls]}}).encode()


WRITERS = {"ndjson": ndjson, "har": har}


@given(
    urls=st.lists(planted_url(routable=True), min_size=1, max_size=3),
    capture=st.sampled_from(sorted(WRITERS)),
)
@examples(ci=40)  # six runs of the command line an example; test_redact draws 100 URLs alone
def test_no_planted_url_credential_reaches_any_format(urls: list[str], capture: str) -> None:
    data = WRITERS[capture](urls)
    assert PLANTED in data.decode()
    for fmt in REPORTERS:
        run = cli("traffic", "-", "--format", fmt, stdin=data, stderr_tty=True, environ={})
        assert run.code == 1, run.stderr  # every exchange breaks the contract
        assert PLANTED not in run.stdout
        assert PLANTED not in run.stderr
        assert "REDACTED" in run.stdout  # the URLs are echoed, redacted
        if fmt == "json":
            report = json.loads(run.stdout)
            check_report(report)
            assert report["summary"]["checked"] == len(urls)  # none taken for other traffic
            assert all("REDACTED" in f["url"] for f in report["findings"])
