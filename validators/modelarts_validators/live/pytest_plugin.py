"""The pytest plugin: contract checks on the traffic a test suite makes through the fixtures'
transports, one summary at the end of the session, and a report file.

Registered through the ``pytest11`` entry point and inactive unless asked:

- ``--modelarts-contract=warn``: every exchange of the operation made through
  ``modelarts_transport`` / ``modelarts_async_transport`` is checked; findings come as
  ``ContractWarning``s (pytest's warnings summary lists them) and in the session summary.
- ``--modelarts-contract=strict``: the test during which an exchange had an error finding fails,
  naming it. Drift stays a warning, as in ``modelarts-validate`` without ``--strict``.
- ``--modelarts-contract-report=PATH``: the report, in the format its suffix names (``.json``,
  ``.xml`` JUnit, ``.sarif``, ``.md``, ``.txt``), written when the session ends; ``.ndjson``
  records the exchanges themselves, redacted, for ``modelarts-validate traffic``. Under
  pytest-xdist each worker writes its own file, the worker's id before the suffix, and the
controller says where they are.

Without either option the fixtures still give checking transports (in ``warn`` mode) and the
session prints nothing of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..report.base import finding_line, location
from .collector import Collector, format_for
from .judge import Mode, contract_for
from .transport import AsyncContractTransport, ContractTransport

CHOICES = ("warn", "strict")
#: Findings the terminal summary shows one by one.
FIRST_FINDINGS = 5


class LiveSession:
    """The session's collector, what the options asked for, and the hooks that act on them."""

    def __init__(self, choice: str | None, report: Path | None) -> None:
        self.active = choice is not None or report is not None
        self.strict = choice == "strict"
        self.mode: Mode = "collect" if self.strict else "warn"
        self.report = report
        self._collector: Collector | None = None
        #: whether pytest-xdist ran the tests in workers (this is the controller)
        self.distributed = False

    @property
    def collector(self) -> Collector:
        """The session's collector, made on first use: a session that never asks for the
        fixtures or the options never compiles the contract."""
        if self._collector is None:
            report = self.report
            record = report if report is not None and report.suffix.lower() == ".ndjson" else None
            self._collector = Collector(contract_for(False), record=record)
        return self._collector

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Iterator[None]:
        if not self.strict:
            return (yield)
        mark = len(self.collector.findings)
        result = yield
        errors = self.collector.errors(mark)
        if errors:
            lines = [finding_line(location(f.origin, show_source=False), f) for f in errors]
            pytest.fail("contract violated:\n" + "\n".join(lines), pytrace=False)
        return result

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if not self.active:
            return
        self.distributed = session.config.pluginmanager.has_plugin("dsession")
        if self.distributed:
            return  # the xdist workers ran the tests: each writes its own report
        self.collector.close()
        if self.report is not None and self.report.suffix.lower() != ".ndjson":
            self.report.parent.mkdir(parents=True, exist_ok=True)
            self.collector.write_report(self.report)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.active:
            return
        terminalreporter.section("modelarts contract")
        if self.distributed:
            where = (
                ""
                if self.report is None
                else f"; reports: {self.report.stem}.gw*{self.report.suffix}"
            )
            terminalreporter.line(f"checked in the pytest-xdist workers{where}")
            return
        summary = self.collector.summary
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(summary.by_kind.items()))
        terminalreporter.line(
            f"{summary.checked} exchanges checked: {summary.conforming} conforming, "
            f"{summary.with_errors} with errors, {summary.drift_only} with drift only"
            + (f"; findings by kind: {kinds}" if kinds else "")
        )
        for finding in self.collector.findings[:FIRST_FINDINGS]:
            terminalreporter.line(
                finding_line(location(finding.origin, show_source=False), finding)
            )
        more = len(self.collector.findings) - FIRST_FINDINGS
        if more > 0:
            terminalreporter.line(f"... and {more} more")
        if self.report is not None:
            terminalreporter.line(f"report: {self.report}")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("modelarts-contract", "ModelArts training-job-search contract")
    group.addoption(
        "--modelarts-contract",
        choices=CHOICES,
        default=None,
        help="check the exchanges made through the modelarts_transport fixtures: warn, or "
        "strict (a test during which an exchange breaks the contract fails)",
    )
    group.addoption(
        "--modelarts-contract-report",
        default=None,
        metavar="PATH",
        help="write the contract report to PATH when the session ends, in the format its "
        "suffix names (.json, .xml JUnit, .sarif, .md, .txt; .ndjson: the exchanges)",
    )


def pytest_configure(config: pytest.Config) -> None:
    choice = config.getoption("modelarts_contract", None)
    report_option = config.getoption("modelarts_contract_report", None)
    report = None
    if report_option is not None:
        report = Path(report_option)
        if report.suffix.lower() != ".ndjson":
            try:
                format_for(report)
            except ValueError as error:
                raise pytest.UsageError(f"--modelarts-contract-report: {error}") from None
        # this session's own xdist worker id (not the environment's: a session started by a
        # worker's test inherits its PYTEST_XDIST_WORKER without being one)
        worker = getattr(config, "workerinput", {}).get("workerid")
        if worker:
            report = report.with_name(f"{report.stem}.{worker}{report.suffix}")
    session = LiveSession(choice, report)
    config.stash[SESSION] = session
    config.pluginmanager.register(session, "modelarts-contract-session")


SESSION = pytest.StashKey[LiveSession]()


@pytest.fixture
def modelarts_transport(request: pytest.FixtureRequest) -> Iterator[ContractTransport]:
    """A ``ContractTransport`` (around httpx's own) counting in the session's collector; pass it
    as ``httpx.Client(transport=...)`` or ``Client(httpx_args={"transport": ...})``."""
    session = request.config.stash[SESSION]
    transport = ContractTransport(mode=session.mode, collector=session.collector)
    yield transport
    transport.close()


@pytest.fixture
def modelarts_async_transport(request: pytest.FixtureRequest) -> AsyncContractTransport:
    """An ``AsyncContractTransport`` counting in the session's collector (the ``AsyncClient``
    given it closes it)."""
    session = request.config.stash[SESSION]
    return AsyncContractTransport(mode=session.mode, collector=session.collector)
