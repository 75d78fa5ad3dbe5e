"""What a run found, counted as it goes: ``Summary``.

A summary keeps counts only, never findings or exchanges, so a run over millions of exchanges
holds a few counters and at most ``MAX_GROUPS`` repeat groups. It owns every counter and keeps
their invariants itself: each record is added once, by what became of it, and

    checked + unmatched + unreadable == entries
    conforming + with_errors + drift_only == checked

- ``entries``: every record read, readable or not;
- ``checked``: exchanges of this operation, judged; ``unmatched``: other traffic, not judged;
  ``unreadable``: records that could not be read (one ``unreadable`` finding each);
- ``conforming``: checked with no finding; ``with_errors``: with at least one error;
  ``drift_only``: with warnings (drift) only.

A *repeat group* is the findings that share kind, severity, side and pointer with array indices
folded (``/items/*/status/phase``): the text summary lists the largest groups. The summaries of
parts of a run (the byte ranges a worker checks) add up with ``merge``, in report order, to the
summary one process would have counted.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..contract.findings import Finding, Kind

#: Distinct repeat groups tracked; findings beyond are counted in one "other" group.
MAX_GROUPS = 10_000
OTHER_GROUP = ("(other)", "", "", "")

GroupKey = tuple[str, str, str, str]  # kind, severity, side, pointer with indices folded
_UNREADABLE_GROUP: GroupKey = (str(Kind.UNREADABLE), "error", "", "")


@dataclass(slots=True)
class Summary:
    """The counts of a run. ``max_groups`` bounds the repeat groups (``None``: unbounded, for
    the part of a run that a later ``merge`` bounds)."""

    entries: int = 0
    checked: int = 0
    unmatched: int = 0
    unreadable: int = 0
    conforming: int = 0
    with_errors: int = 0
    drift_only: int = 0
    errors: int = 0  # error findings, of all exchanges and unreadable records
    warnings: int = 0  # warning findings
    failed_inputs: int = 0  # inputs that could not be read to the end (exit code 2)
    by_kind: Counter[str] = field(default_factory=Counter)
    groups: Counter[GroupKey] = field(default_factory=Counter)
    max_groups: int | None = MAX_GROUPS

    def add_checked(self, findings: list[Finding]) -> None:
        """An exchange of the operation, judged, with its findings (none: it conforms)."""
        self.entries += 1
        self.checked += 1
        if not findings:
            self.conforming += 1
            return
        errors = 0
        for finding in findings:
            kind = str(finding.kind)
            self.by_kind[kind] += 1
            if finding.severity == "error":
                errors += 1
            self._group((kind, finding.severity, finding.side, fold(finding.pointer)), 1)
        self.errors += errors
        self.warnings += len(findings) - errors
        if errors:
            self.with_errors += 1
        else:
            self.drift_only += 1

    def add_unmatched(self) -> None:
        """A record of other traffic, read and not judged."""
        self.entries += 1
        self.unmatched += 1

    def add_unreadable(self) -> None:
        """A record that could not be read: one ``unreadable`` error finding."""
        self.entries += 1
        self.unreadable += 1
        self.errors += 1
        self.by_kind[str(Kind.UNREADABLE)] += 1
        self._group(_UNREADABLE_GROUP, 1)

    def add_failed_input(self) -> None:
        """An input that could not be read to its end."""
        self.failed_inputs += 1

    def merge(self, other: Summary) -> None:
        """Add the counts of a later part of the run (its groups in the order they came)."""
        self.entries += other.entries
        self.checked += other.checked
        self.unmatched += other.unmatched
        self.unreadable += other.unreadable
        self.conforming += other.conforming
        self.with_errors += other.with_errors
        self.drift_only += other.drift_only
        self.errors += other.errors
        self.warnings += other.warnings
        self.failed_inputs += other.failed_inputs
        self.by_kind.update(other.by_kind)
        for key, count in other.groups.items():
            self._group(key, count)

    def _group(self, key: GroupKey, count: int) -> None:
        groups = self.groups
        if key in groups or self.max_groups is None or len(groups) < self.max_groups:
            groups[key] += count
        else:
            groups[OTHER_GROUP] += count

    def failed(self) -> bool:
        """Exit code 1: any error finding (drift is an error only under a strict contract)."""
        return self.errors > 0

    def as_json(self) -> dict[str, object]:
        """The ``summary`` object of the JSON report, exactly its documented shape."""
        return {
            "entries": self.entries,
            "checked": self.checked,
            "unmatched": self.unmatched,
            "unreadable": self.unreadable,
            "conforming": self.conforming,
            "with_errors": self.with_errors,
            "drift_only": self.drift_only,
            "by_kind": dict(sorted(self.by_kind.items())),
        }


_INDEX = re.compile(r"/\d+(?=/|$)")


@lru_cache(maxsize=4096)
def fold(pointer: str) -> str:
    """``/items/12/status`` -> ``/items/*/status``: the findings of every array item together."""
    return _INDEX.sub("/*", pointer)
