"""A record whose URL Python's ``urlsplit`` refuses (a malformed IPv6 host, a bad port) is not a
request of this operation: it is counted as other traffic, and the run goes on to the records
after it, in every reader and mode. (A port that is not a number is refused only when a
``--server`` compares ports; without one, the path alone decides.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import OK_RESPONSE, URL, cli

BAD = [
    "http://[::1/v2/p/training-job-searches",
    "http://[zz]/v2/p/training-job-searches",
    "http://h]/v2/p/training-job-searches",
]


def record(url: str, body: str = '{"limit": 10}') -> dict[str, Any]:
    return {
        "request": {
            "method": "POST",
            "url": url,
            "headers": {"Content-Type": "application/json", "X-Auth-Token": "t"},
            "body": body,
        },
        "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                     "body": OK_RESPONSE},
    }  # fmt: skip


def har(records: list[dict[str, Any]]) -> str:
    entries = []
    for r in records:
        request = r["request"]
        entries.append({
            "request": {"method": request["method"], "url": request["url"],
                        "headers": [{"name": n, "value": v} for n, v in request["headers"].items()],
                        "postData": {"mimeType": "application/json", "text": request["body"]}},
            "response": {"status": 200, "headers": [{"name": "Content-Type",
                                                     "value": "application/json"}],
                         "content": {"mimeType": "application/json", "text": OK_RESPONSE}},
        })  # fmt: skip
    return json.dumps({"log": {"version": "1.2", "entries": entries}})


@pytest.mark.parametrize("fmt", ["ndjson", "har"])
@pytest.mark.parametrize("mode", [(), ("--no-fast-path",), ("--jobs", "2")])
def test_a_url_urlsplit_refuses_is_other_traffic_and_the_run_goes_on(
    tmp_path: Path, fmt: str, mode: tuple[str, ...]
) -> None:
    records = [record(URL)]
    for url in BAD:
        records += [record(url), record(URL, '{"limit": 99}')]  # each bad one, then a finding
    capture = tmp_path / f"capture.{fmt}"
    text = "\n".join(json.dumps(r) for r in records) + "\n" if fmt == "ndjson" else har(records)
    capture.write_text(text)
    run = cli("traffic", "--format", "json", *mode, capture)
    assert run.code == 1, run.stderr
    report = json.loads(run.stdout)
    summary = report["summary"]
    assert (summary["entries"], summary["checked"], summary["unmatched"]) == (7, 4, 3)
    assert [f["entry"] for f in report["findings"]] == [2, 4, 6]
