"""The text report: one line per finding, location first, then a summary table.

    entry 17 POST https://.../v2/0a1b/training-job-searches response /items/0/status/phase: undocumented-value: 'Runing' is not one of ['Creating', ...]
    entry 20: unreadable: line 21 is not valid JSON: unexpected character: column 3 (char 2)

With several inputs each location starts with the input's name (``a.har entry 17 ...``). The
summary that closes the report counts the records, lists the largest repeat groups (findings
of one kind at one pointer, array indices folded to ``*``) and the findings by kind, and ends
with the verdict. Colour (``--color``) marks errors red and warnings yellow, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from ..capture.records import Unreadable
from ..contract.findings import Finding, Origin
from ..contract.redact import scrub
from ..run.summary import OTHER_GROUP, Summary
from .base import (
    DEFAULT_OPTIONS,
    ReportOptions,
    finding_line,
    finding_location,
    location,
    printable,
    unreadable_line,
)
from .gate import COVERAGE_SHORT, coverage_lines, empty_run_message, gate_lines, nothing_checked

#: Repeat groups shown in the summary, largest first.
TOP_GROUPS = 20

_RED = "\x1b[31m"
_YELLOW = "\x1b[33m"
_BOLD = "\x1b[1m"
_RESET = "\x1b[0m"


class TextReporter:
    needs_passed = False

    def __init__(self, out: TextIO, options: ReportOptions = DEFAULT_OPTIONS) -> None:
        self._out = out
        self._options = options
        self._color = options.color
        self._show_source = options.show_source
        #: The coverage section of the summary (``coverage_lines``), when the run counted it.
        self.coverage: list[str] = []

    def _paint(self, text: str, severity: str) -> str:
        if not self._color:
            return text
        return f"{_RED if severity == 'error' else _YELLOW}{text}{_RESET}"

    def checked(self, origin: Origin, findings: list[Finding]) -> None:
        if not findings:
            return
        where = location(origin, show_source=self._show_source)
        if self._color:
            lines = [
                f"{finding_location(where, f)}: "
                f"{self._paint(str(f.kind), f.severity)}: {printable(scrub(f.message))}\n"
                for f in findings
            ]
        else:
            lines = [finding_line(where, f) + "\n" for f in findings]
        self._out.write("".join(lines))

    def unreadable(self, record: Unreadable) -> None:
        line = unreadable_line(location(record.origin, show_source=self._show_source), record)
        if self._color:
            line = line.replace("unreadable:", self._paint("unreadable", "error") + ":", 1)
        self._out.write(line + "\n")

    def finish(self, summary: Summary) -> None:
        lines = summary_lines(
            summary, paint=self._paint, options=self._options, coverage=self.coverage
        )
        self._out.write("\n".join(lines) + "\n")


def _plain(text: str, severity: str) -> str:
    return text


def summary_lines(
    summary: Summary,
    *,
    paint: Callable[[str, str], str] = _plain,
    options: ReportOptions = DEFAULT_OPTIONS,
    coverage: Sequence[str] = (),
) -> list[str]:
    """The closing table; ``paint(text, severity)`` colours the verdict and severities. A run
    that checked nothing fails (``options.allow_empty``: passes) and says so."""
    colour = paint
    s = summary
    lines = [
        "",
        f"summary: {s.entries} {_plural(s.entries, 'entry', 'entries')}: {s.checked} checked "
        f"({s.conforming} conforming, {s.with_errors} with errors, {s.drift_only} drift only), "
        f"{s.unmatched} unmatched, {s.unreadable} unreadable",
    ]
    if s.groups:
        rows = sorted(s.groups.items(), key=lambda item: (-item[1], item[0]))
        shown = rows[:TOP_GROUPS]
        kind_width = max(len("kind"), *(len(key[0]) for key, _ in shown))
        side_width = max(len("side"), *(len(key[2]) for key, _ in shown))
        count_width = max(len("count"), len(str(shown[0][1])))
        lines.append(
            f"  {'count':>{count_width}}  {'severity':<8}  {'kind':<{kind_width}}  "
            f"{'side':<{side_width}}  pointer"
        )
        for (kind, severity, side, pointer), count in shown:
            if (kind, severity, side, pointer) == OTHER_GROUP:
                kind, severity = "(other groups)", ""
            sev = colour(f"{severity:<8}", severity) if severity else " " * 8
            lines.append(
                f"  {count:>{count_width}}  {sev}  {kind:<{kind_width}}  "
                f"{side or '-':<{side_width}}  {pointer or '-'}".rstrip()
            )
        if len(rows) > TOP_GROUPS:
            rest = sum(count for _, count in rows[TOP_GROUPS:])
            lines.append(f"  ... {len(rows) - TOP_GROUPS} more groups, {rest} findings")
        by_kind = ", ".join(f"{kind} {count}" for kind, count in sorted(s.by_kind.items()))
        lines.append(f"by kind: {by_kind}")
    lines += gate_lines(s, options)
    lines += coverage
    lines += coverage_lines(s)
    short = f"{COVERAGE_SHORT}; " if s.coverage_shortfalls else ""
    if s.failed_inputs:
        inputs = _plural(s.failed_inputs, "input", "inputs")
        verdict = f"ERROR ({s.failed_inputs} {inputs} could not be read to the end; see stderr)"
        lines.append("result: " + colour(verdict, "error"))
    elif s.failed():
        warnings = f", {s.warnings} {_plural(s.warnings, 'warning', 'warnings')}"
        verdict = f"FAIL ({short}{s.errors} {_plural(s.errors, 'error', 'errors')}{warnings})"
        lines.append("result: " + colour(verdict, "error"))
    elif nothing_checked(s) and not options.allow_empty:
        verdict = f"FAIL ({empty_run_message(s, options.operation)})"
        lines.append("result: " + colour(verdict, "error"))
    elif s.coverage_shortfalls:
        warnings = f"; {s.warnings} {_plural(s.warnings, 'warning', 'warnings')}"
        verdict = f"FAIL ({COVERAGE_SHORT}{warnings if s.warnings else ''})"
        lines.append("result: " + colour(verdict, "error"))
    elif nothing_checked(s):
        lines.append("result: OK (nothing checked; --allow-empty)")
    elif s.warnings:
        verdict = f"OK with drift ({s.warnings} {_plural(s.warnings, 'warning', 'warnings')})"
        lines.append("result: " + colour(verdict, "warning"))
    else:
        lines.append("result: OK (no findings)")
    return lines


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many
