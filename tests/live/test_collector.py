"""The collector's reports: every format the command line writes, from the same exchanges, and
the suffixes it knows."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from modelarts_validators import Contract, Exchange, Request, Response
from modelarts_validators.live import Collector, format_for
from modelarts_validators.report import REPORTERS

from tests.live.conftest import PATH, TOKEN

URL = f"https://modelarts.cn-north-4.myhuaweicloud.com{PATH}"


def exchange(body: bytes) -> Exchange:
    headers = {"x-auth-token": "[REDACTED]", "content-type": "application/json"}
    request = Request(headers, body, "POST", URL)
    ok = b'{"total": 0, "count": 0, "limit": 10, "offset": 0, "items": []}'
    return Exchange(request, Response({"content-type": "application/json"}, ok, 200))


@pytest.fixture
def collector() -> Collector:
    contract = Contract.load()
    collector = Collector(contract)
    for body in (b'{"limit": 2}', b'{"limit": 99}', b'{"limit": 3, "extra": 1}'):
        found = contract.check_exchange(exchange(body))
        assert found is not None
        collector.add(exchange(body), found)
    return collector


def test_findings_are_in_order_and_located_at_their_exchange(collector: Collector) -> None:
    assert [(f.entry, f.kind.value) for f in collector.findings] == [
        (1, "schema-violation"),
        (2, "undocumented-field"),
    ]
    summary = collector.summary
    assert (summary.checked, summary.conforming, summary.with_errors, summary.drift_only) == (
        3,
        1,
        1,
        1,
    )
    assert collector.errors() == collector.findings[:1]
    assert collector.errors(since=1) == []


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_every_cli_format_is_written(collector: Collector, name: str) -> None:
    out = io.StringIO()
    collector.write_report(out, name)  # type: ignore[arg-type]
    text = out.getvalue()
    assert "limit" in text
    assert TOKEN not in text


def test_the_suffix_names_the_format(collector: Collector, tmp_path: Path) -> None:
    collector.write_report(tmp_path / "report.json")
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["summary"]["checked"] == 3
    assert report["summary"]["by_kind"] == {"schema-violation": 1, "undocumented-field": 1}
    assert [format_for(f"r{s}") for s in (".json", ".xml", ".sarif", ".md", ".txt")] == [
        "json",
        "junit",
        "sarif",
        "markdown",
        "text",
    ]
    with pytest.raises(ValueError, match=r"cannot tell the report format from '\.csv'"):
        format_for("report.csv")
    with pytest.raises(ValueError, match="needs its format named"):
        collector.write_report(io.StringIO())
