"""A markdown summary (``--format markdown``), fit for a CI job's summary page
(``>> "$GITHUB_STEP_SUMMARY"``): the verdict, the counts, then one table row per distinct
finding (grouped by fingerprint, like ``--format github``) with its count, where the rule is
written in the spec, and the first place it was seen.

Text from captures goes into table cells: ``|``, backticks, ``<``, ``>`` and ``&`` are escaped
and line breaks become spaces, so no captured text can break the table or inject markup.
"""

from __future__ import annotations

import re
from typing import TextIO

from .._deferred import dataclass
from ..capture.records import Unreadable
from ..contract.findings import Finding, Origin
from ..contract.fingerprint import UNREADABLE_FINGERPRINT, fingerprint
from ..contract.redact import scrub
from ..run.summary import Summary
from .base import DEFAULT_OPTIONS, ReportOptions, location
from .gate import COVERAGE_SHORT, coverage_lines, empty_run_message, gate_lines, nothing_checked
from .spec_lines import SpecLines

#: Rows of the findings table; beyond, one line counts the rest.
MAX_ROWS = 200

_SPECIAL = re.compile(r"[|`<>&*_\[\]]")
_BREAKS = re.compile(r"[\r\n\t\x00-\x1f\x7f\u2028\u2029]+")


def cell(text: str) -> str:
    """``text`` as the content of one table cell: nothing in it is markup."""
    flat = _BREAKS.sub(" ", text)
    return _SPECIAL.sub(lambda m: f"&#{ord(m.group())};", flat)


@dataclass(slots=True)
class _Row:
    """One row of the findings table: the findings of one fingerprint, the first and how many."""

    severity: str
    kind: str
    side: str
    pointer: str
    spec: str
    message: str
    first: str
    count: int = 0


class MarkdownReporter:
    needs_passed = False

    def __init__(self, out: TextIO, options: ReportOptions = DEFAULT_OPTIONS) -> None:
        self._out = out
        self._options = options
        self._lines = SpecLines(options.spec_text)
        self._rows: dict[str, _Row] = {}
        self._more = 0

    def _row(self, key: str, make: _Row) -> None:
        row = self._rows.get(key)
        if row is None:
            if len(self._rows) >= MAX_ROWS:
                self._more += 1
                return
            row = self._rows[key] = make
        row.count += 1

    def _spec(self, schema_pointer: str | None) -> str:
        place = self._lines.locate(schema_pointer)
        if place is None:
            return "-"
        return f"{self._options.spec_name}:{place[0]}"

    def checked(self, origin: Origin, findings: list[Finding]) -> None:
        if not findings:
            return
        where = location(origin, show_source=self._options.show_source)
        for f in findings:
            make = _Row(
                f.severity,
                str(f.kind),
                f.side,
                f.pointer or "-",
                self._spec(f.schema_pointer),
                scrub(f.message),
                where,
            )
            self._row(fingerprint(f), make)

    def unreadable(self, record: Unreadable) -> None:
        where = location(record.origin, show_source=True)
        make = _Row("error", "unreadable", "-", "-", "-", scrub(record.message), where)
        self._row(UNREADABLE_FINGERPRINT + record.source, make)

    def finish(self, summary: Summary) -> None:
        s, options = summary, self._options
        short = f"{COVERAGE_SHORT}; " if s.coverage_shortfalls else ""
        if s.failed_inputs:
            verdict = f"ERROR: {s.failed_inputs} input(s) could not be read to the end"
        elif s.failed():
            verdict = f"FAIL: {short}{s.errors} errors, {s.warnings} warnings"
        elif nothing_checked(s) and not options.allow_empty:
            verdict = "FAIL: " + empty_run_message(s, options.operation)
        elif short:
            verdict = (
                f"FAIL: {short}{s.warnings} warnings" if s.warnings else f"FAIL: {COVERAGE_SHORT}"
            )
        elif s.warnings:
            verdict = f"OK with drift: {s.warnings} warnings"
        else:
            verdict = "OK"
        lines = [
            "## modelarts-validate",
            "",
            f"**{cell(verdict)}**",
            "",
            "| entries | checked | conforming | with errors | drift only | unmatched | unreadable |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| {s.entries} | {s.checked} | {s.conforming} | {s.with_errors} | {s.drift_only} "
            f"| {s.unmatched} | {s.unreadable} |",
        ]
        extra = gate_lines(s, options) + coverage_lines(s)
        if extra:
            lines.append("")
            lines += [f"- {cell(line.strip())}" for line in extra]
        if self._rows:
            lines += [
                "",
                "| count | severity | kind | side | pointer | spec | message | first seen |",
                "| ---: | --- | --- | --- | --- | --- | --- | --- |",
            ]
            for row in self._rows.values():
                lines.append(
                    f"| {row.count} | {row.severity} | {cell(row.kind)} | {row.side} "
                    f"| {cell(row.pointer)} | {cell(row.spec)} | {cell(row.message)} "
                    f"| {cell(row.first)} |"
                )
            if self._more:
                lines.append(f"\n{self._more} more findings beyond {MAX_ROWS} rows.")
        self._out.write("\n".join(lines) + "\n")
