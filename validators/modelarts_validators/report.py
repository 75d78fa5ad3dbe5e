"""What a run found, counted as it goes, and the interface every report format implements.

``Summary`` keeps counts only, never findings or exchanges, so a run over millions of exchanges
holds a few counters and at most ``MAX_GROUPS`` repeat groups. The counts obey
``checked + unmatched + unreadable == entries`` and ``conforming + with_errors + drift_only ==
checked``:

- ``entries``: every record read, readable or not;
- ``checked``: exchanges of this operation, judged; ``unmatched``: other traffic, not judged;
  ``unreadable``: records that could not be read (one ``unreadable`` finding each);
- ``conforming``: checked with no finding; ``with_errors``: with at least one error;
  ``drift_only``: with warnings (drift) only.

A *repeat group* is the findings that share kind, severity, side and pointer with array indices
folded (``/items/*/status/phase``): the text summary lists the largest groups.

Reports (``report_text``, ``report_json``, ``report_junit``) receive each checked exchange with its
findings, each unreadable record, and at the end the summary; each writes what it can as it goes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from .findings import Finding, Kind, Unreadable
from .redact import redact_url, scrub

#: Distinct repeat groups tracked; findings beyond are counted in one "other" group.
MAX_GROUPS = 10_000
OTHER_GROUP = ("(other)", "", "", "")

GroupKey = tuple[str, str, str, str]  # kind, severity, side, pointer with indices folded


@dataclass(slots=True)
class Summary:
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

    def add_checked(self, findings: list[Finding]) -> None:
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
            self._group((kind, finding.severity, finding.side, fold(finding.pointer)))
        self.errors += errors
        self.warnings += len(findings) - errors
        if errors:
            self.with_errors += 1
        else:
            self.drift_only += 1

    def add_unreadable(self) -> None:
        self.unreadable += 1
        self.errors += 1
        self.by_kind[str(Kind.UNREADABLE)] += 1
        self._group((str(Kind.UNREADABLE), "error", "", ""))

    def _group(self, key: GroupKey) -> None:
        groups = self.groups
        if key in groups or len(groups) < MAX_GROUPS:
            groups[key] += 1
        else:
            groups[OTHER_GROUP] += 1

    def failed(self, strict: bool) -> bool:
        """Exit code 1: any error, or under ``strict`` any warning."""
        return self.errors > 0 or (strict and self.warnings > 0)

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


@dataclass(frozen=True, slots=True)
class Place:
    """Where an exchange came from, as reports show it. ``source`` is empty when the run has a
    single input and the location needs no file name; ``entry`` is None for a lone body
    (``request`` and ``response`` commands)."""

    source: str
    entry: int | None
    method: str | None = None
    url: str | None = None

    def location(self) -> str:
        """``capture.har entry 17 POST https://...``: the parts that are known, URL redacted."""
        parts = []
        if self.source:
            parts.append(self.source)
        if self.entry is not None:
            parts.append(f"entry {self.entry}")
        if self.method:
            parts.append(self.method)
        if self.url:
            parts.append(redact_url(self.url))
        return scrub(" ".join(parts))


def finding_location(place: Place, finding: Finding, location: str | None = None) -> str:
    """``<place> response /items/0/status/phase``: where one finding is (``location``: the
    place's, when already known)."""
    where = f"{place.location() if location is None else location} {finding.side}".lstrip()
    return f"{where} {finding.pointer}" if finding.pointer else where


def unreadable_location(place: Place) -> str:
    return place.location()


class Reporter(Protocol):
    """A report format. ``checked`` is called for every checked exchange (most have no
    findings), ``unreadable`` for every record that could not be read, ``finish`` once."""

    def checked(self, place: Place, findings: list[Finding]) -> None: ...

    def unreadable(self, place: Place, record: Unreadable) -> None: ...

    def finish(self, summary: Summary, *, strict: bool) -> None: ...
