"""Where live checks gather what they find: ``Collector``.

Every exchange a transport, the pytest plugin or the mitmproxy addon checks is added here, in
the order the checks finished: ``findings`` is every ``Finding`` in that order, ``summary`` the
same ``run.summary.Summary`` the command line counts, and ``write_report`` replays the checked
exchanges through any of the command line's reporters (``report.REPORTERS``), so a live run's
report reads exactly like ``modelarts-validate traffic``'s on the same traffic. With
``record``, each checked exchange is also appended, redacted, to an NDJSON file in the format
``modelarts-validate traffic`` reads.

A collector keeps the origin and findings of each checked exchange (not the bodies), which is
what a report needs; it is meant for a test session or a proxy run, not for millions of
exchanges (use ``record`` and the command line for those). It is safe across threads.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TextIO

from .._deferred import dataclass
from ..contract.contract import Contract
from ..contract.findings import Finding, Origin
from ..contract.model import Exchange
from ..report import ReportFormat, ReportOptions, make_reporter
from ..report.spec_lines import PACKAGED_NAME, spec_file
from ..run.summary import Summary
from .recording import NdjsonRecorder

#: Report formats by file suffix (``.ndjson`` is the recording itself, not a reporter).
SUFFIX_FORMATS: dict[str, ReportFormat] = {
    ".json": "json",
    ".xml": "junit",
    ".sarif": "sarif",
    ".md": "markdown",
    ".txt": "text",
}


def format_for(path: str | Path) -> ReportFormat:
    """The report format a file name asks for, by its suffix; ``ValueError`` for another."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIX_FORMATS:
        known = ", ".join([*SUFFIX_FORMATS, ".ndjson"])
        raise ValueError(f"{path}: cannot tell the report format from {suffix!r} (one of {known})")
    return SUFFIX_FORMATS[suffix]


@dataclass(frozen=True, slots=True)
class Checked:
    """One checked exchange as a report needs it."""

    origin: Origin
    findings: list[Finding]


class Collector:
    """What the live checks found, counted as the command line counts it.

    ``contract`` is the one the checks use (its strictness decides drift's severity, once);
    ``record``: a path each checked exchange is appended to as NDJSON."""

    def __init__(self, contract: Contract | None = None, *, record: str | Path | None = None):
        self.contract = contract
        self.summary = Summary()
        self.findings: list[Finding] = []
        self.checked: list[Checked] = []
        self.recorder = NdjsonRecorder(record) if record is not None else None
        self._lock = threading.Lock()

    def add(
        self, exchange: Exchange, findings: list[Finding], *, record: bool = True
    ) -> list[Finding]:
        """One checked exchange and its findings (empty: it conforms); the findings as
        collected, located at the exchange (its entry is its position in the session).
        ``record``: whether it goes to the recording (a request refused before it was sent
        does not: it never went on the wire)."""
        with self._lock:
            exchange.entry = self.summary.entries
            findings = [_located(f, exchange.origin) for f in findings]
            self.summary.add_checked(findings)
            self.findings.extend(findings)
            self.checked.append(Checked(exchange.origin, findings))
        if record and self.recorder is not None:
            self.recorder.add(exchange)
        return findings

    def errors(self, since: int = 0) -> list[Finding]:
        """The error findings from position ``since`` of ``findings`` on."""
        with self._lock:
            return [f for f in self.findings[since:] if f.severity == "error"]

    def write_report(self, out: str | Path | TextIO, format: ReportFormat | None = None) -> None:
        """Write the report of everything collected so far, in ``format`` (by default the one
        the file's suffix names: ``format_for``), as ``modelarts-validate`` writes it."""
        if format is None:
            if not isinstance(out, str | Path):
                raise ValueError("a report written to a stream needs its format named")
            format = format_for(out)
        if isinstance(out, str | Path):
            with Path(out).open("w", encoding="utf-8") as stream:
                self._write(stream, format)
        else:
            self._write(out, format)

    def _write(self, out: TextIO, format: ReportFormat) -> None:
        options = self._options(format)
        reporter = make_reporter(format, out, options)
        with self._lock:
            checked = list(self.checked)
            summary = Summary()
            summary.merge(self.summary)
        passed = reporter.needs_passed
        for item in checked:
            if item.findings or passed:
                reporter.checked(item.origin, item.findings)
        reporter.finish(summary)

    def _options(self, format: ReportFormat) -> ReportOptions:
        contract = self.contract
        strict = contract.strict if contract is not None else False
        options = ReportOptions(suite="modelarts-validators live", strict=strict)
        if contract is None:
            return options
        operation = contract.spec.operation
        spec_name, spec_text = "", ""
        if format == "sarif":
            source = contract.spec.source
            spec_name, spec_text = spec_file(None if source == PACKAGED_NAME else source)
        return ReportOptions(
            suite=options.suite,
            strict=strict,
            operation=f"{operation.method} {operation.path}",
            spec_name=spec_name,
            spec_text=spec_text,
        )

    def close(self) -> None:
        """Close the recording, if any."""
        if self.recorder is not None:
            self.recorder.close()


def _located(finding: Finding, origin: Origin) -> Finding:
    """``finding`` carrying the exchange's origin (a check made before the exchange had its
    entry number, such as the request check before sending, has none yet)."""
    if finding.origin == origin:
        return finding
    return Finding(
        finding.kind,
        finding.severity,
        finding.side,
        finding.message,
        finding.pointer,
        finding.schema_pointer,
        finding.expected,
        finding.actual,
        origin,
    )


__all__ = ["SUFFIX_FORMATS", "Checked", "Collector", "format_for"]
