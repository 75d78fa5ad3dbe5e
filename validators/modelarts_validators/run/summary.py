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

What a ``run.triage.Triage`` sets apart before an exchange is counted is counted on its own:
``known`` (findings a baseline accepts, by baseline entry in ``matched``) and ``ignored``
(request findings of rejected requests); ``near_misses`` counts the other traffic that went to
this operation's path under a base the run does not match (``near_example``: the first base),
for the hint of a run that checked nothing.

A *repeat group* is the findings that share kind, severity, side and pointer with array indices
folded (``/items/*/status/phase``): the text summary lists the largest groups. The summaries of
parts of a run (the byte ranges a worker checks) add up with ``merge``, in report order, to the
summary one process would have counted.
"""

from __future__ import annotations

from collections import Counter

from .._deferred import field
from .._frozen import FACTORY, record
from ..contract.findings import Finding, Kind
from ..contract.fingerprint import fold

#: Distinct repeat groups tracked; findings beyond are counted in one "other" group.
MAX_GROUPS = 10_000
OTHER_GROUP = ("(other)", "", "", "")

GroupKey = tuple[str, str, str, str]  # kind, severity, side, pointer with indices folded
_UNREADABLE_GROUP: GroupKey = (str(Kind.UNREADABLE), "error", "", "")


@record
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
    known: int = 0  # findings a baseline accepts (not counted above)
    matched: Counter[int] = field(default_factory=Counter)  # baseline entry -> findings
    ignored: int = 0  # request findings of rejected requests (not counted above)
    near_misses: int = 0  # other traffic sent to this operation's path under another base
    near_example: str | None = None  # the first such base
    #: The ``--min-coverage`` thresholds not reached, one line each (set when the run ends).
    coverage_shortfalls: tuple[str, ...] = ()

    def __init__(
        self,
        entries: int = 0,
        checked: int = 0,
        unmatched: int = 0,
        unreadable: int = 0,
        conforming: int = 0,
        with_errors: int = 0,
        drift_only: int = 0,
        errors: int = 0,
        warnings: int = 0,
        failed_inputs: int = 0,
        by_kind: Counter[str] = FACTORY,
        groups: Counter[GroupKey] = FACTORY,
        max_groups: int | None = MAX_GROUPS,
        known: int = 0,
        matched: Counter[int] = FACTORY,
        ignored: int = 0,
        near_misses: int = 0,
        near_example: str | None = None,
        coverage_shortfalls: tuple[str, ...] = (),
    ) -> None:
        self.entries = entries
        self.checked = checked
        self.unmatched = unmatched
        self.unreadable = unreadable
        self.conforming = conforming
        self.with_errors = with_errors
        self.drift_only = drift_only
        self.errors = errors
        self.warnings = warnings
        self.failed_inputs = failed_inputs
        self.by_kind = Counter() if by_kind is FACTORY else by_kind
        self.groups = Counter() if groups is FACTORY else groups
        self.max_groups = max_groups
        self.known = known
        self.matched = Counter() if matched is FACTORY else matched
        self.ignored = ignored
        self.near_misses = near_misses
        self.near_example = near_example
        self.coverage_shortfalls = coverage_shortfalls

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

    def add_unmatched(self, near: str | None = None) -> None:
        """A record of other traffic, read and not judged; ``near``: the base it was sent to
        when its path ends in this operation's (``Contract.near_miss``)."""
        self.entries += 1
        self.unmatched += 1
        if near is not None:
            self.near_misses += 1
            if self.near_example is None:
                self.near_example = near

    def add_matched(self, entry: int, *, accepted: bool) -> None:
        """A finding that baseline entry ``entry`` names: accepted as known (and not counted as
        a finding), or, when the entry has expired, counted as a finding all the same."""
        self.matched[entry] += 1
        self.known += accepted

    def add_ignored(self, count: int) -> None:
        """``count`` request findings of a rejected request, set aside."""
        self.ignored += count

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
        self.known += other.known
        self.matched.update(other.matched)
        self.ignored += other.ignored
        self.near_misses += other.near_misses
        if self.near_example is None:
            self.near_example = other.near_example
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


__all__ = ["MAX_GROUPS", "OTHER_GROUP", "GroupKey", "Summary", "fold"]
