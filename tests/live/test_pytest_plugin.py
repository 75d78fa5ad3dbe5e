"""The pytest plugin in sessions of its own (``pytester``), against the mock in this process:
a passing session with its summary and report, a strict failure attributed to the test that
made the exchange, the report files read back by ``modelarts-validate``, and the plugin silent
when it is not asked for."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from modelarts_validators.mock import MockConfig, MockServer

from tests.live.conftest import PATH, TOKEN, cli_summary

pytest_plugins = ["pytester"]

# Each session runs in a process of its own: an in-process run unloads the modules it imported
# when it ends, and the httpx exception classes of later tests would no longer be httpx's.

PLUGIN = "modelarts_validators.live.pytest_plugin"
#: The plugins these sessions do not need, left out: they take seconds to load per process.
LEAN = (
    "-p",
    "no:hypothesispytest",
    "-p",
    "no:xdist",
    "-p",
    "no:xdist.looponfail",
    "-p",
    "no:anyio",
)

TESTS = f'''
import httpx

URL = "{{url}}{PATH}"
HEADERS = {{{{"X-Auth-Token": "{TOKEN}"}}}}


def test_a_good_search(modelarts_transport):
    with httpx.Client(transport=modelarts_transport, headers=HEADERS) as client:
        assert client.post(URL, json={{{{"limit": 2}}}}).status_code == 200


def test_a_broken_search(modelarts_transport):
    with httpx.Client(transport=modelarts_transport, headers=HEADERS) as client:
        assert client.post(URL, json={{{{"limit": 99}}}}).status_code == 400


def test_async_search(modelarts_async_transport):
    import asyncio

    async def call():
        async with httpx.AsyncClient(transport=modelarts_async_transport, headers=HEADERS) as c:
            return await c.post(URL, json={{{{"limit": 1}}}})

    assert asyncio.run(call()).status_code == 200


def test_no_traffic():
    pass
'''


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    with MockServer(MockConfig(jobs=5, seed=1, drift=True)) as server:
        yield server


def test_a_warn_session_passes_and_writes_a_report_the_cli_reads(
    pytester: pytest.Pytester, mock: MockServer
) -> None:
    pytester.makepyfile(test_traffic=TESTS.format(url=mock.url))
    report = pytester.path / "contract.json"
    recording = pytester.path / "contract.ndjson"
    result = pytester.runpytest_subprocess(
        *LEAN, "-p", PLUGIN, "--modelarts-contract=warn", f"--modelarts-contract-report={report}"
    )
    result.assert_outcomes(passed=4, warnings=2)
    result.stdout.fnmatch_lines(
        [
            "*modelarts contract*",
            "3 exchanges checked: 1 conforming, 1 with errors, 1 with drift only; findings by kind:*",
            "entry 1 POST *training-job-searches request /limit: schema-violation: 99 is greater than*",
            f"report: {report}",
        ]
    )
    written = json.loads(report.read_text())
    assert written["summary"]["checked"] == 3
    assert written["summary"]["with_errors"] == 1
    # the same traffic recorded as NDJSON: the command line's verdict is the plugin's
    pytester.runpytest_subprocess(
        *LEAN, "-p", PLUGIN, "--modelarts-contract=warn", f"--modelarts-contract-report={recording}"
    ).assert_outcomes(passed=4, warnings=2)
    counts = ("entries", "checked", "conforming", "with_errors", "drift_only", "by_kind")
    cli = cli_summary(recording)
    assert {k: cli[k] for k in counts} == {k: written["summary"][k] for k in counts}
    assert TOKEN not in recording.read_text()


def test_strict_fails_the_test_that_broke_the_contract(
    pytester: pytest.Pytester, mock: MockServer
) -> None:
    pytester.makepyfile(test_traffic=TESTS.format(url=mock.url))
    report = pytester.path / "contract.xml"
    result = pytester.runpytest_subprocess(
        *LEAN, "-p", PLUGIN, "--modelarts-contract=strict", f"--modelarts-contract-report={report}"
    )
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(
        ["*_ test_a_broken_search _*", "contract violated:", "entry 1 POST * request /limit: *"]
    )
    result.stdout.fnmatch_lines(["FAILED test_traffic.py::test_a_broken_search - *"])
    result.stdout.fnmatch_lines(
        ["*entry 1 POST * request /limit: schema-violation: 99 is greater*"]
    )
    assert "<testsuite" in report.read_text()
    assert "99 is greater than the maximum of 50" in report.read_text()


def test_the_plugin_is_silent_unless_asked_and_refuses_a_report_it_cannot_name(
    pytester: pytest.Pytester, mock: MockServer
) -> None:
    pytester.makepyfile(test_traffic=TESTS.format(url=mock.url))
    quiet = pytester.runpytest_subprocess(*LEAN, "-p", PLUGIN)
    quiet.assert_outcomes(passed=4, warnings=2)
    assert "modelarts contract" not in quiet.stdout.str()
    wrong = pytester.runpytest_subprocess(
        *LEAN, "-p", PLUGIN, "--modelarts-contract-report=out.csv"
    )
    assert wrong.ret == pytest.ExitCode.USAGE_ERROR
    wrong.stderr.fnmatch_lines(["*--modelarts-contract-report: out.csv: cannot tell the report*"])


def test_the_entry_point_names_the_plugin() -> None:
    import tomllib

    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert pyproject["project"]["entry-points"]["pytest11"] == {PLUGIN: PLUGIN}
