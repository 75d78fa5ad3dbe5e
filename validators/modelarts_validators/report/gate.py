"""What every report says about the run as a CI gate: whether anything was checked, what a
baseline accepted, what ``--ignore-rejected-requests`` set aside. Worded once, here, for every
format and for the one line the command line writes when a run checked nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..contract.findings import Kind
from ..run.summary import Summary
from .base import ReportOptions

if TYPE_CHECKING:  # a run without --baseline does not import it
    from ..run.baseline import Baseline, Entry


def nothing_checked(summary: Summary) -> bool:
    """Whether no exchange of the operation was checked: the run proves nothing."""
    return summary.checked == 0


def empty_run_message(summary: Summary, operation: str) -> str:
    """The one line of a run that checked nothing: what was read, and a hint."""
    s = summary
    entries = f"{s.entries} {'entry' if s.entries == 1 else 'entries'} read"
    what = f"no exchange of {operation or 'the operation'} was checked: {entries}"
    what += f", {s.unmatched} other traffic, {s.unreadable} unreadable"
    if s.near_misses:
        sent = f"{s.near_misses} went to its path under {s.near_example}"
        return f"{what}; {sent}: name that base with --server (or pass --allow-empty)"
    if s.entries == 0:
        return f"{what}; is the capture empty? (--allow-empty accepts an empty run)"
    return f"{what}; is this a capture of this API? (--allow-empty accepts that)"


def new_findings(summary: Summary) -> int:
    """Findings of checked exchanges that count (what no baseline entry in force accepted)."""
    return sum(summary.by_kind.values()) - summary.by_kind[str(Kind.UNREADABLE)]


def baseline_json(summary: Summary, baseline: Baseline | None) -> dict[str, Any] | None:
    """The JSON report's ``summary.baseline``: ``None`` without one."""
    if baseline is None:
        return None
    return {
        "file": baseline.path,
        "new": new_findings(summary),
        "known": summary.known,
        "resolved": [e.as_json() for e in baseline.resolved(summary)],
        "expired": [e.as_json() for e in baseline.expired(summary)],
    }


def entry_line(entry: Entry, baseline: Baseline, summary: Summary) -> str:
    """``line 12: undocumented-field response /items/*/x``, with the expiry when it matters."""
    text = f"line {entry.line}: {entry.describe()}"
    if entry.expires is not None and entry.expired(baseline.today):
        index = baseline.entries.index(entry)
        return f"{text} (expired {entry.expires.isoformat()}; {summary.matched[index]} found)"
    return text


#: How every report names a ``--min-coverage`` threshold the run did not reach.
COVERAGE_SHORT = "coverage below --min-coverage"


def coverage_lines(summary: Summary) -> list[str]:
    """One line per ``--min-coverage`` threshold not reached (the run fails on them)."""
    return [f"{COVERAGE_SHORT}: {line}" for line in summary.coverage_shortfalls]


def gate_lines(summary: Summary, options: ReportOptions) -> list[str]:
    """The lines the text report adds to its summary: what was set apart, the baseline."""
    lines = []
    if summary.ignored:
        lines.append(
            f"ignored: {summary.ignored} request "
            f"{'finding' if summary.ignored == 1 else 'findings'} of rejected (4XX) requests "
            "(--ignore-rejected-requests)"
        )
    baseline = options.baseline
    if baseline is not None:
        resolved = baseline.resolved(summary)
        expired = baseline.expired(summary)
        lines.append(
            f"baseline {baseline.path}: {new_findings(summary)} new, {summary.known} known, "
            f"{len(resolved)} resolved, {len(expired)} expired"
        )
        lines += [f"  resolved {entry_line(e, baseline, summary)}" for e in resolved]
        lines += [f"  expired {entry_line(e, baseline, summary)}" for e in expired]
    return lines
