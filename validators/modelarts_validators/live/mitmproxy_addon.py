"""A mitmproxy addon that checks the operation's traffic of clients that are not Python (a Java
or Go service, a browser) as it goes through the proxy:

    mitmdump -s "$(python -m modelarts_validators.live.mitmproxy_addon)" \\
        --set modelarts_report=contract.json [--set modelarts_strict=true]

(``python -m modelarts_validators.live.mitmproxy_addon`` prints this file's path; a script of
your own can also import ``ContractAddon`` and list it in its ``addons``.) Each flow of the
operation is judged when its response has completed, one line per finding is printed at once,
and the report (``modelarts_report``, any format the command line writes, by its suffix;
``.ndjson`` records the exchanges, redacted) is written when mitmproxy shuts down.
``modelarts_strict`` makes drift an error, as ``--strict`` does.

The addon only reads flows: it never blocks, delays past its check, or alters one. A failure of
its own is one line on the proxy's output and, for a flow, an ``unreadable`` finding on that
flow; it never reaches mitmproxy, so it never stops the proxy. A flow that ended without a
response (a connection error) is not counted: nothing false is recorded.

Imports are absolute: mitmproxy loads this file by its path, not as part of the package.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any, TextIO

from modelarts_validators.contract.findings import Finding
from modelarts_validators.contract.model import Exchange, Request, Response
from modelarts_validators.contract.redact import header_dict, redact_url, scrub
from modelarts_validators.live.collector import Collector, format_for
from modelarts_validators.live.judge import contract_for, failed_check, judge
from modelarts_validators.report.base import finding_line, location, printable

PREFIX = "modelarts-contract: "


class ContractAddon:
    """The addon: options ``modelarts_report`` (a path) and ``modelarts_strict`` (bool)."""

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out
        self.report: Path | None = None
        self.strict = False
        self.collector: Collector | None = None
        self._options: Any = None

    # -- mitmproxy's hooks -----------------------------------------------------------------

    def load(self, loader: Any) -> None:
        self._options = loader.master.options
        loader.add_option(
            "modelarts_report",
            str | None,
            None,
            "Write the ModelArts contract report here when mitmproxy shuts down "
            "(.json, .xml JUnit, .sarif, .md, .txt; .ndjson: the exchanges, redacted).",
        )
        loader.add_option(
            "modelarts_strict", bool, False, "Count drift from the documented contract as errors."
        )

    def configure(self, updated: set[str]) -> None:
        options = self._options
        if options is None or not {"modelarts_report", "modelarts_strict"} & updated:
            return
        self._say_safely(lambda: self.setup(options.modelarts_report, options.modelarts_strict))

    def response(self, flow: Any) -> None:
        self._say_safely(lambda: self.check_flow(flow))

    def done(self) -> None:
        self._say_safely(self.finish)

    # -- the work, callable without mitmproxy ----------------------------------------------

    def setup(self, report: str | None, strict: bool) -> None:
        """Start a collection for ``report`` (checked now: a suffix no format has is refused
        before any traffic) with drift an error when ``strict``."""
        path = Path(report) if report else None
        if path is not None and path.suffix.lower() != ".ndjson":
            format_for(path)
        record = path if path is not None and path.suffix.lower() == ".ndjson" else None
        if self.collector is not None:
            self.collector.close()
        self.report, self.strict = path, bool(strict)
        self.collector = Collector(contract_for(self.strict), record=record)

    def check_flow(self, flow: Any) -> list[Finding] | None:
        """Judge one completed flow; its findings, or ``None`` for other traffic."""
        if self.collector is None:
            self.setup(None, False)
        collector = self.collector
        assert collector is not None
        assert collector.contract is not None
        request = flow.request
        if collector.contract.match(request.method, request.url) is None:
            return None
        exchange = Exchange(
            Request(
                headers=header_dict(request.headers.items(multi=True)),
                body=request.get_content(strict=False),
                method=request.method,
                url=redact_url(request.url),
            ),
            None,
        )
        try:
            response = flow.response
            exchange.response = Response(
                headers=header_dict(response.headers.items(multi=True)),
                body=response.get_content(strict=False),
                status=response.status_code,
            )
            findings = judge(collector.contract, exchange)
        except Exception as error:
            findings = [failed_check("response", error, exchange.origin)]
        findings = collector.add(exchange, findings)
        for finding in findings:
            self._say(finding_line(location(finding.origin, show_source=False), finding))
        return findings

    def finish(self) -> None:
        """The summary line, and the report when one was asked for."""
        if self.collector is None:
            return
        summary = self.collector.summary
        self.collector.close()
        self._say(
            f"{summary.checked} exchanges checked: {summary.conforming} conforming, "
            f"{summary.with_errors} with errors, {summary.drift_only} with drift only"
        )
        if self.report is not None and self.report.suffix.lower() != ".ndjson":
            self.collector.write_report(self.report)
            self._say(f"report written to {self.report}")

    def _say(self, line: str) -> None:
        out = self.out or sys.stdout
        out.write(PREFIX + printable(line) + "\n")
        out.flush()

    def _say_safely(self, work: Any) -> None:
        try:
            work()
        except Exception as error:  # the addon's own failure never reaches the proxy
            with contextlib.suppress(Exception):  # not even an unwritable output
                self._say(f"addon error: {type(error).__name__}: {scrub(str(error))}")


addons = [ContractAddon()]


if __name__ == "__main__":
    print(Path(__file__).resolve())
