"""The example captures of ``tests/data/traffic`` (listed in ``tests/data/README.md``):
``valid/*`` exit 0, ``invalid/*`` exit 1 with the JSON report stored beside each
(``NAME.expected.json``), ``unusable/*`` exit 2 with one line on stderr. Every format is run on
every capture: the JSON report against its schema, the JUnit report as XML.

After a deliberate change of messages, ``UPDATE_EXPECTED=1 pytest tests/cli/test_cli_data.py``
rewrites the expected reports; review the diff before committing it.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.support.cli import TRAFFIC, check_report, cli, json_report, one_line

EXPECTED = ".expected.json"


def captures(kind: str) -> list[Path]:
    return sorted(p for p in (TRAFFIC / kind).iterdir() if not p.name.endswith(EXPECTED))


def relative(path: Path) -> str:
    """Expected reports hold no absolute path: the captures are run from the repository root."""
    return str(path.relative_to(TRAFFIC.parent.parent.parent))


@pytest.fixture(autouse=True)
def _from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(TRAFFIC.parent.parent.parent)


@pytest.mark.parametrize("capture", captures("valid"), ids=lambda p: p.name)
def test_valid_captures_exit_0(capture: Path) -> None:
    run, report = json_report("traffic", relative(capture))
    assert run.code == 0, run.stdout
    assert run.stderr == ""
    assert report["summary"]["with_errors"] == report["summary"]["unreadable"] == 0
    assert cli("traffic", relative(capture)).code == 0


@pytest.mark.parametrize("capture", captures("invalid"), ids=lambda p: p.name)
def test_invalid_captures_exit_1_with_the_expected_report(capture: Path) -> None:
    run, report = json_report("traffic", relative(capture))
    assert run.code == 1
    assert run.stderr == ""
    expected_path = capture.with_name(capture.name + EXPECTED)
    if os.environ.get("UPDATE_EXPECTED"):
        expected_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    expected = json.loads(expected_path.read_text())
    check_report(expected)
    assert report == expected


@pytest.mark.parametrize("capture", captures("unusable"), ids=lambda p: p.name)
def test_unusable_captures_exit_2_with_one_line(capture: Path) -> None:
    run, _ = json_report("traffic", relative(capture))  # the report still accounts for the reads
    assert run.code == 2
    assert one_line(run).startswith(f"modelarts-validate: error: {relative(capture)}: ")


@pytest.mark.parametrize(
    "capture",
    captures("valid") + captures("invalid") + captures("unusable"),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_every_format_on_every_capture(capture: Path) -> None:
    text = cli("traffic", relative(capture))
    junit = cli("traffic", relative(capture), "--format", "junit")
    _, report = json_report("traffic", relative(capture))
    assert text.code == junit.code
    assert text.stdout.splitlines()[-1].startswith("result: ")
    findings = [line for line in text.stdout.split("\nsummary: ")[0].splitlines() if line]
    assert len(findings) == len(report["findings"])
    root = ET.fromstring(junit.stdout)
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    summary = report["summary"]
    assert len(cases) == summary["checked"] + summary["unreadable"] == int(suite.get("tests", -1))
    assert len(suite.findall("testcase/failure")) == summary["with_errors"]
    assert len(suite.findall("testcase/error")) == summary["unreadable"]
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["entries"] == str(summary["entries"])


def test_the_sdk_recording_is_real_mitmproxy_output() -> None:
    har = json.loads((TRAFFIC / "valid/sdk-mitmproxy.har").read_text())
    assert har["log"]["creator"]["name"] == "mitmproxy"
    agents = {
        h["value"].split(";")[0]
        for e in har["log"]["entries"]
        for h in e["request"]["headers"]
        if h["name"].lower() == "user-agent"
    }
    assert agents == {"huaweicloud-usdk-python/3.0"}
    _, report = json_report("traffic", relative(TRAFFIC / "valid/sdk-mitmproxy.har"))
    request_drift = {f["pointer"] for f in report["findings"] if f["side"] == "request"}
    assert {"/workspace_id", "/train_type"} <= request_drift  # fields the SDK sends, the page lacks
