"""What every report format shares: the ``Reporter`` interface, how a location reads, and the
spool that lets a format write its totals before the records it has streamed.

A reporter receives each checked exchange it asked for (``needs_passed``: every one, or only
those with findings) with its findings, each unreadable record, and at the end the summary; it
writes what it can as it goes. Every string it prints has been through ``redact.scrub``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from .._frozen import frozen
from ..capture.records import Unreadable
from ..contract.findings import Finding, Origin
from ..contract.lazy_re import lazy_compile
from ..contract.redact import redact_url, scrub, scrub_once
from ..run.summary import Summary

if TYPE_CHECKING:  # a run without --baseline does not import it
    from ..run.baseline import Baseline


@frozen
class ReportOptions:
    """How a report is written. ``show_source``: locations start with the input's name (a run
    over several inputs, or a lone body named by its file); ``suite``: the name a JUnit report
    gives its suite; ``strict``: recorded in reports that state the options. ``allow_empty``: a
    run that checked nothing passes; ``baseline``: the known findings (for the new, known and
    resolved counts); ``operation``: ``POST /v2/...`` as messages name it; ``spec_name`` and
    ``spec_text``: the spec file as locations name it, and its text (for line numbers)."""

    show_source: bool = False
    color: bool = False
    suite: str = "modelarts-validate"
    strict: bool = False
    allow_empty: bool = False
    baseline: Baseline | None = None
    operation: str = ""
    spec_name: str = ""
    spec_text: str = ""
    skipped_files: int = 0  # files a directory search did not read (the JSON summary's count)

    def __init__(
        self,
        show_source: bool = False,
        color: bool = False,
        suite: str = "modelarts-validate",
        strict: bool = False,
        allow_empty: bool = False,
        baseline: Baseline | None = None,
        operation: str = "",
        spec_name: str = "",
        spec_text: str = "",
        skipped_files: int = 0,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "show_source", show_source)
        set_(self, "color", color)
        set_(self, "suite", suite)
        set_(self, "strict", strict)
        set_(self, "allow_empty", allow_empty)
        set_(self, "baseline", baseline)
        set_(self, "operation", operation)
        set_(self, "spec_name", spec_name)
        set_(self, "spec_text", spec_text)
        set_(self, "skipped_files", skipped_files)


DEFAULT_OPTIONS = ReportOptions()


class Reporter(Protocol):
    """A report format. ``checked`` is called for every checked exchange the format asked for
    (``needs_passed``), ``unreadable`` for every record that could not be read, ``finish``
    once."""

    #: Whether ``checked`` is also called for exchanges without findings.
    @property
    def needs_passed(self) -> bool: ...

    def checked(self, origin: Origin, findings: list[Finding]) -> None: ...

    def unreadable(self, record: Unreadable) -> None: ...

    def finish(self, summary: Summary) -> None: ...


#: What a line of text output must not carry raw: C0 and C1 controls (a newline would forge a
#: line, an escape sequence would reach the terminal), DEL, the Unicode line separators, and
#: lone surrogates (undecodable bytes of a file name).
_UNPRINTABLE = lazy_compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` fit for one line of a terminal or a text file: every character that could
    break the line or drive the terminal written as a ``\\xNN`` / ``\\uNNNN`` escape."""
    if text.isprintable():  # O(n) in C, and true of nearly every line
        return text
    return _UNPRINTABLE.sub(_escape, text)


def location(origin: Origin, *, show_source: bool) -> str:
    """``capture.har entry 17 POST https://...``: the parts that are known, URL redacted."""
    parts = []
    if show_source and origin.source:
        parts.append(origin.source)
    if origin.entry is not None:
        parts.append(f"entry {origin.entry}")
    if origin.method:
        parts.append(origin.method)
    if origin.url:
        parts.append(redact_url(origin.url))
    return printable(scrub_once(" ".join(parts)))  # (an entry number: new every time)


def finding_line(where: str, finding: Finding) -> str:
    """The line of one finding at a location, without colour:
    ``<location> <side> <pointer>: <kind>: <message>``."""
    return (
        f"{finding_location(where, finding)}: {finding.kind}: {printable(scrub(finding.message))}"
    )


def finding_location(where: str, finding: Finding) -> str:
    """``<location> response /items/0/status/phase``: where one finding is."""
    at = f"{where} {finding.side}".lstrip()
    return f"{at} {finding.pointer}" if finding.pointer else at


def unreadable_line(where: str, record: Unreadable) -> str:
    prefix = f"{where}: " if where else ""
    return f"{prefix}unreadable: {printable(scrub(record.message))}"


#: Bytes a spool keeps in memory before it moves to a temporary file.
SPOOL_IN_MEMORY = 1 << 20


class Spool:
    """Text written as it comes and copied out at the end, after what must come before it (a
    document's totals): in memory up to ``SPOOL_IN_MEMORY`` bytes, on disk beyond, so memory
    stays flat whatever the number of records."""

    def __init__(self) -> None:
        self._file: Any = None  # made on the first write: an empty spool holds nothing open
        self.empty = True

    def write(self, text: str) -> None:
        if self._file is None:
            import tempfile  # the formats that spool only
            import weakref

            self._file = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed in copy_to()
                max_size=SPOOL_IN_MEMORY, mode="w+", encoding="utf-8"
            )
            # a run that ends before its report is written (exit 2) closes it all the same
            weakref.finalize(self, self._file.close)
        self._file.write(text)
        self.empty = False

    def copy_to(self, out: TextIO) -> None:
        """Write everything spooled to ``out``, and close the spool."""
        if self._file is None:
            return
        import shutil

        self._file.seek(0)
        shutil.copyfileobj(self._file, out, 1 << 20)
        self._file.close()
