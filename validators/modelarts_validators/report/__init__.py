"""Report formats, in one table: the name ``--format`` takes, and the class that writes it.

Each class takes ``(out, ReportOptions)`` and declares what it needs (``needs_passed``: whether
it is told about exchanges without findings, which costs a parallel run their transfer). A new
format is a module beside these and one line in ``REPORTERS``.
"""

from __future__ import annotations

from typing import Literal, TextIO

from .base import Reporter, ReportOptions
from .github import GithubReporter
from .json import JsonReporter
from .junit import JunitReporter
from .markdown import MarkdownReporter
from .sarif import SarifReporter
from .text import TextReporter

#: The names ``--format`` takes.
ReportFormat = Literal["text", "json", "junit", "sarif", "github", "markdown"]

REPORTERS: dict[ReportFormat, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "junit": JunitReporter,
    "sarif": SarifReporter,
    "github": GithubReporter,
    "markdown": MarkdownReporter,
}


def make_reporter(name: ReportFormat, out: TextIO, options: ReportOptions) -> Reporter:
    """The reporter of format ``name`` writing to ``out``."""
    return REPORTERS[name](out, options)  # type: ignore[call-arg]


__all__ = ["REPORTERS", "ReportFormat", "ReportOptions", "Reporter", "make_reporter"]
