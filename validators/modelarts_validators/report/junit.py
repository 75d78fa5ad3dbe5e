"""The JUnit XML report, for CI systems that show test results (GitLab, Jenkins, GitHub
annotations through a JUnit action).

One ``<testcase>`` per checked exchange (``classname`` the input, ``name`` the entry, method and
URL) and one per unreadable record. Error findings are the ``<failure>`` of their test case
(message: the first; text: every one, a line each); an unreadable record is an ``<error>``;
warnings (drift) go to the test case's ``<system-out>``, so they show without failing it.
Unmatched exchanges are not test cases; the suite's ``<properties>`` carry every summary count.

The suite's counts sit in its opening tag but are known only at the end: test cases are
spooled (``base.Spool``) as they come, like the JSON report's findings. Text that XML 1.0
cannot carry (control characters from binary bodies) is replaced by U+FFFD.
"""

from __future__ import annotations

import re
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from ..capture.records import Unreadable
from ..contract.findings import Finding, Origin
from ..run.summary import Summary
from .base import DEFAULT_OPTIONS, ReportOptions, Spool, finding_line, location, unreadable_line

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", value))


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", value))


class JunitReporter:
    needs_passed = True

    def __init__(self, out: TextIO, options: ReportOptions = DEFAULT_OPTIONS) -> None:
        self._out = out
        self._suite = options.suite
        self._strict = options.strict
        self._show_source = options.show_source
        self._spool = Spool()
        self._tests = 0
        self._failures = 0
        self._errors = 0

    def _case_open(self, origin: Origin) -> str:
        shown = origin.source if self._show_source else ""
        classname = _attr(shown or self._suite)
        name = location(origin, show_source=False) or "body"
        return f"  <testcase classname={classname} name={_attr(name)}"

    def checked(self, origin: Origin, findings: list[Finding]) -> None:
        self._tests += 1
        opening = self._case_open(origin)
        if not findings:
            self._spool.write(opening + "/>\n")
            return
        where = location(origin, show_source=self._show_source)
        errors = [finding_line(where, f) for f in findings if f.severity == "error"]
        warnings = [finding_line(where, f) for f in findings if f.severity != "error"]
        parts = [opening + ">\n"]
        if errors:
            self._failures += 1
            kind = next(str(f.kind) for f in findings if f.severity == "error")
            parts.append(
                f"    <failure message={_attr(errors[0])} type={_attr(kind)}>"
                f"{_text(chr(10).join(errors))}</failure>\n"
            )
        if warnings:
            parts.append(f"    <system-out>{_text(chr(10).join(warnings))}</system-out>\n")
        parts.append("  </testcase>\n")
        self._spool.write("".join(parts))

    def unreadable(self, record: Unreadable) -> None:
        self._tests += 1
        self._errors += 1
        origin = record.origin
        line = unreadable_line(location(origin, show_source=self._show_source), record)
        self._spool.write(
            f"{self._case_open(origin)}>\n"
            f'    <error message={_attr(line)} type="unreadable">{_text(line)}</error>\n'
            "  </testcase>\n"
        )

    def finish(self, summary: Summary) -> None:
        out = self._out
        for short in summary.coverage_shortfalls:  # (the run fails on it: a failing test)
            self._tests += 1
            self._failures += 1
            self._spool.write(
                f'  <testcase name="coverage" classname={_attr(self._suite + ".coverage")}>\n'
                f'    <failure message={_attr(short)} type="coverage"/>\n'
                "  </testcase>\n"
            )
        counts = (
            f'tests="{self._tests}" failures="{self._failures}" errors="{self._errors}" skipped="0"'
        )
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(f"<testsuites name={_attr(self._suite)} {counts}>\n")
        out.write(f"<testsuite name={_attr(self._suite)} {counts}>\n")
        out.write("  <properties>\n")
        for name, value in summary.as_json().items():
            if isinstance(value, int):
                out.write(f'    <property name="{name}" value="{value}"/>\n')
        for kind, count in sorted(summary.by_kind.items()):
            out.write(f'    <property name={_attr("by_kind." + kind)} value="{count}"/>\n')
        out.write(f'    <property name="strict" value="{str(self._strict).lower()}"/>\n')
        out.write("  </properties>\n")
        self._spool.copy_to(out)
        out.write("</testsuite>\n</testsuites>\n")
