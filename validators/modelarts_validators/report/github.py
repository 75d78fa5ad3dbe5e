"""GitHub Actions workflow commands (``--format github``): an annotation per distinct finding.

    ::error file=openapi/training-job-searches.yaml,line=412,col=11,title=schema-violation::request /limit: 99 is greater than the maximum of 50 (3 times; first: entry 0 POST https://...)

Findings are grouped by fingerprint (``contract.fingerprint``): a capture that repeats one
drift a thousand times is one annotation with its count, not a thousand. An annotation sits on
the spec file at the line where its schema pointer is written; an unreadable record on its
capture file. Groups are written at the end, in the order the run first met them (the same with
``--jobs N``), at most ``MAX_ANNOTATIONS`` of them, then a ``::notice`` with the totals.

Workflow commands are parsed by the runner from each line: values are escaped as the runner
unescapes them (``%``, CR and LF in the message; also ``:`` and ``,`` in properties), so no
captured text can end an annotation or start another command.
"""

from __future__ import annotations

from typing import TextIO

from .._deferred import dataclass
from ..capture.records import Unreadable
from ..contract.findings import Finding, Origin
from ..contract.fingerprint import UNREADABLE_FINGERPRINT, fingerprint
from ..contract.redact import scrub
from ..run.summary import Summary
from .base import DEFAULT_OPTIONS, ReportOptions, finding_location, location, printable
from .gate import COVERAGE_SHORT, empty_run_message, gate_lines, nothing_checked
from .spec_lines import SpecLines

#: Distinct findings annotated; beyond, they are counted in the closing notice.
MAX_ANNOTATIONS = 1000


@dataclass(slots=True)
class _Group:
    """One annotation: the findings of one fingerprint, the first of them and how many."""

    level: str
    title: str
    message: str
    file: str
    place: tuple[int, int] | None
    first: str
    count: int = 0


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    needs_passed = False

    def __init__(self, out: TextIO, options: ReportOptions = DEFAULT_OPTIONS) -> None:
        self._out = out
        self._options = options
        self._lines = SpecLines(options.spec_text)
        self._groups: dict[str, _Group] = {}
        self._dropped = 0

    def _group(self, key: str, make: _Group) -> None:
        group = self._groups.get(key)
        if group is None:
            if len(self._groups) >= MAX_ANNOTATIONS:
                self._dropped += 1
                return
            group = self._groups[key] = make
        group.count += 1

    def checked(self, origin: Origin, findings: list[Finding]) -> None:
        if not findings:
            return
        where = location(origin, show_source=self._options.show_source)
        for finding in findings:
            message = f"{finding_location('', finding)}: {scrub(finding.message)}"
            place = self._lines.locate(finding.schema_pointer)
            make = _Group(
                finding.severity, str(finding.kind), message, self._options.spec_name, place, where
            )
            self._group(fingerprint(finding), make)

    def unreadable(self, record: Unreadable) -> None:
        where = location(record.origin, show_source=True)
        message = f"unreadable record: {scrub(record.message)}"
        make = _Group("error", "unreadable", message, printable(scrub(record.source)), None, where)
        self._group(UNREADABLE_FINGERPRINT + record.source, make)

    def finish(self, summary: Summary) -> None:
        lines = []
        for group in self._groups.values():
            properties = [f"file={escape_property(group.file)}"] if group.file else []
            if group.place is not None:
                properties += [f"line={group.place[0]}", f"col={group.place[1]}"]
            properties.append(f"title={escape_property(group.title)}")
            times = "once" if group.count == 1 else f"{group.count} times"
            text = f"{group.message} ({times}; first: {group.first})"
            lines.append(f"::{group.level} {','.join(properties)}::{escape_data(text)}")
        s = summary
        totals = (
            f"{s.entries} entries: {s.checked} checked ({s.conforming} conforming, "
            f"{s.with_errors} with errors, {s.drift_only} drift only), {s.unmatched} unmatched, "
            f"{s.unreadable} unreadable; {len(self._groups)} distinct findings"
        )
        if self._dropped:
            totals += f", {self._dropped} more findings beyond {MAX_ANNOTATIONS} annotations"
        for extra in gate_lines(summary, self._options):
            totals += "; " + extra.strip()
        lines.append(f"::notice title=modelarts-validate::{escape_data(totals)}")
        if nothing_checked(summary) and not self._options.allow_empty:
            message = empty_run_message(summary, self._options.operation)
            lines.append(f"::error title=nothing checked::{escape_data(message)}")
        for short in summary.coverage_shortfalls:
            lines.append(f"::error title={escape_property(COVERAGE_SHORT)}::{escape_data(short)}")
        self._out.write("\n".join(lines) + "\n")
