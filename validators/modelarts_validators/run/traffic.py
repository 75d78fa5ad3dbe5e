"""A whole traffic run: every input, in one process or on several, into one summary and one
listener (the report), with a progress line and one-line diagnostics.

The listener is told each checked exchange that the report shows (all of them when it
``needs_passed``, else those with findings) and each unreadable record, in input order, whatever
the number of processes. Inputs that break off are diagnosed (``diagnose``) after the records
read before the break; the run goes on with the next input.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Protocol

from .._deferred import replace
from ..capture.errors import CaptureError
from ..capture.records import Unreadable
from ..capture.sources import Capture, Source
from ..contract.contract import Contract
from ..contract.findings import Finding, Origin
from ..contract.model import Exchange
from .loop import Check, check_records
from .progress import TICK_EVERY, Progress
from .summary import Summary
from .triage import NO_TRIAGE, Triage

if TYPE_CHECKING:  # imported where used: a one-process run without coverage needs neither
    from .coverage import Tally
    from .parallel import Recipe


class Listener(Protocol):
    """What a run tells its report, record by record (``report.Reporter`` is one)."""

    def checked(self, origin: Origin, findings: list[Finding]) -> None: ...

    def unreadable(self, record: Unreadable) -> None: ...


class TrafficRun:
    """One run over captured traffic. ``check`` it once; ``summary`` holds the counts."""

    def __init__(
        self,
        contract: Contract,
        listener: Listener,
        *,
        needs_passed: bool,
        diagnose: Callable[[str], None],
        progress: Progress | None = None,
        clear_progress_first: bool = False,
        triage: Triage = NO_TRIAGE,
        coverage: bool = False,
    ) -> None:
        self.contract = contract
        #: With ``coverage``: what the checked exchanges covered, merged from every part.
        self.coverage: Tally | None = None
        if coverage:
            from .coverage import plan_for

            self.coverage = plan_for(contract).tally()
        self.triage = triage  # applied to each exchange's findings before they are counted
        self.listener = listener
        self.needs_passed = needs_passed
        self.summary = Summary()
        self.progress = progress
        self._diagnose = diagnose
        self._stdin: IO[bytes] | None = None
        #: With ``coverage``: the check that counts, made once for every input of the run (a
        #: tally keeps each walker it is given until it is read).
        self._counting: Check | None = None
        # findings and the progress line share a screen: wipe the line before a finding
        self._clear = progress.clear if clear_progress_first and progress is not None else None

    def check(
        self,
        sources: list[Source],
        *,
        stdin: IO[bytes] | None = None,
        jobs: int = 1,
        recipe: Recipe | None = None,
    ) -> int:
        """Check every source (on up to ``jobs`` processes, as many as the CPUs and the work
        allow; ``recipe`` builds the contract in a spawned worker); the number of inputs that
        could not be read to the end."""
        self._stdin = stdin
        workers = 1
        if jobs > 1:
            from .parallel import Recipe, Scheduler, workers_for

            workers = workers_for(sources, jobs)
        with fewer_gc_passes():  # forked workers inherit it
            if workers > 1:
                counts = self.coverage is not None
                scheduler = Scheduler(
                    self.contract,
                    sources,
                    self,
                    jobs=workers,
                    needs_passed=self.needs_passed,
                    coverage=counts,
                )
                servers = tuple(str(s) for s in self.contract.servers)
                contract = self.contract
                recipe = recipe or Recipe(
                    engine=contract.engine,
                    strict=contract.strict,
                    servers=servers,
                    fast=contract.fast,
                )
                failed = scheduler.run(replace(recipe, triage=self.triage, coverage=counts))
            else:
                failed = done = 0
                for source in sources:
                    failed += not self.check_inline(source, done)
                    done += source.size or 0
        if self.progress is not None:
            self.progress.clear()
        return failed

    # -- one input in this process ----------------------------------------------------------

    def check_inline(self, source: Source, done_bytes: int) -> bool:
        """Check one input in this process; False when it could not be read to its end."""
        capture = Capture(source, self._stdin)
        sink = _Report(self, capture, done_bytes)
        try:
            with capture:
                check_records(capture.records(), self._check(), sink)
        except CaptureError as error:
            self.failed(str(error))
            return False
        return True

    def _check(self) -> Check:
        if self.coverage is None:
            return self.contract.check_exchange
        if self._counting is None:
            from .coverage import counting

            self._counting = counting(self.contract, self.coverage)
        return self._counting

    # -- what the workers found, in order (the scheduler's sink) ----------------------------

    def checked(self, origin: Origin, findings: list[Finding]) -> None:
        if findings and self._clear is not None:
            self._clear()
        self.listener.checked(origin, findings)

    def unreadable(self, record: Unreadable) -> None:
        if self._clear is not None:
            self._clear()
        self.listener.unreadable(record)

    def add(self, summary: Summary, coverage: Tally | None = None) -> None:
        self.summary.merge(summary)
        if coverage is not None and self.coverage is not None:
            self.coverage.merge(coverage)

    def tick(self, done_bytes: int | None) -> None:
        if self.progress is not None:
            self.progress.tick(self.summary.entries, done_bytes)

    def failed(self, message: str) -> None:
        self.summary.add_failed_input()
        if self.progress is not None:
            self.progress.clear()
        self._diagnose(message)


class _Report:
    """The loop's sink in this process: count, then tell the listener at once."""

    __slots__ = ("_capture", "_contract", "_done", "_mask", "_run", "_summary", "_triage")

    def __init__(self, run: TrafficRun, capture: Capture, done_bytes: int) -> None:
        self._run = run
        self._summary = run.summary
        self._capture = capture
        self._done = done_bytes
        self._triage = run.triage
        self._contract = run.contract
        # the progress line is redrawn every TICK_EVERY records; without one, never
        self._mask = TICK_EVERY - 1 if run.progress is not None else -1

    def _tick(self) -> None:
        if not self._summary.entries & self._mask:
            position = self._capture.position()
            self._run.tick(None if position is None else self._done + position)

    def checked(self, exchange: Exchange, findings: list[Finding]) -> None:
        if self._triage:
            findings = self._triage.apply(exchange, findings, self._summary)
        self._summary.add_checked(findings)
        self._tick()
        if findings or self._run.needs_passed:
            self._run.checked(exchange.origin, findings)

    def unmatched(self, exchange: Exchange) -> None:
        request = exchange.request
        self._summary.add_unmatched(self._contract.near_miss(request.method, request.url))
        self._tick()

    def unreadable(self, record: Unreadable) -> None:
        self._summary.add_unreadable()
        self._tick()
        self._run.unreadable(record)


@contextmanager
def fewer_gc_passes() -> Iterator[None]:
    """Parsed bodies are hundreds of thousands of containers a second, freed by reference
    counting (they hold no cycles); at the default threshold (700) the cyclic collector scans
    the young generation thousands of times a second for nothing: 5% of a run. It still runs,
    less often."""
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
