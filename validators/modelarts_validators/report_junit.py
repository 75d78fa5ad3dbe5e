"""The JUnit XML report, for CI systems that show test results (GitLab, Jenkins, GitHub
annotations through a JUnit action).

One ``<testcase>`` per checked exchange (``classname`` the input, ``name`` the entry, method and
URL) and one per unreadable record. Error findings are the ``<failure>`` of their test case
(message: the first; text: every one, a line each); an unreadable record is an ``<error>``;
warnings (drift) go to the test case's ``<system-out>``, so they show without failing it.
Unmatched exchanges are not test cases; the suite's ``<properties>`` carry every summary count.

The suite's counts sit in its opening tag but are known only at the end: test cases are
spooled to a temporary file as they come, like the JSON report's findings. Text that XML 1.0
cannot carry (control characters from binary bodies) is replaced by U+FFFD.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from .findings import Finding, Unreadable
from .report import Place, Summary
from .report_text import finding_line, unreadable_line

SPOOL_IN_MEMORY = 1 << 20
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", value))


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", value))


def _name(place: Place) -> str:
    return Place("", place.entry, place.method, place.url).location() or "body"


class JunitReporter:
    needs_passed = True

    def __init__(self, out: TextIO, *, suite: str = "modelarts-validate") -> None:
        self._out = out
        self._suite = suite
        self._spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed in finish()
            max_size=SPOOL_IN_MEMORY, mode="w+", encoding="utf-8"
        )
        self._tests = 0
        self._failures = 0
        self._errors = 0

    def _case_open(self, place: Place) -> str:
        classname = _attr(place.source or self._suite)
        return f"  <testcase classname={classname} name={_attr(_name(place))}"

    def checked(self, place: Place, findings: list[Finding]) -> None:
        self._tests += 1
        opening = self._case_open(place)
        if not findings:
            self._spool.write(opening + "/>\n")
            return
        location = place.location()
        errors = [finding_line(place, f, location) for f in findings if f.severity == "error"]
        warnings = [finding_line(place, f, location) for f in findings if f.severity != "error"]
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

    def unreadable(self, place: Place, record: Unreadable) -> None:
        self._tests += 1
        self._errors += 1
        line = unreadable_line(place, record)
        self._spool.write(
            f"{self._case_open(place)}>\n"
            f'    <error message={_attr(line)} type="unreadable">{_text(line)}</error>\n'
            "  </testcase>\n"
        )

    def finish(self, summary: Summary, *, strict: bool) -> None:
        out = self._out
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
        out.write(f'    <property name="strict" value="{str(strict).lower()}"/>\n')
        out.write("  </properties>\n")
        self._spool.seek(0)
        shutil.copyfileobj(self._spool, out, 1 << 20)
        self._spool.close()
        out.write("</testsuite>\n</testsuites>\n")
