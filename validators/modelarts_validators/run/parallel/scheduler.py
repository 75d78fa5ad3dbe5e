"""The main process of a parallel run: ``modelarts-validate traffic --jobs N``.

The report of a run with ``--jobs N`` is the report of the same run with one process, byte for
byte: the same records, in the same order, with the same entry numbers, findings, counts and
diagnostics. Only the time differs.

The scheduler submits the tasks of the ``plan`` to a pool of worker processes, at most
``2 * jobs`` in flight (memory stays flat), and takes their outcomes in report order. NDJSON
ranges are exact. A HAR range's worker guesses where its first entry starts (``HarSpan.guess``:
an object in an array, holding a ``request`` object); the scheduler accepts a range only when
its guess is where the range before it stopped, an entry start proven by reading from the
document's start. Where a guess is wrong (an entry that is not an object, a capture that nests
entry-like objects in arrays), the main process reads that part itself, sequentially, and picks
up the next guess that agrees. Wrong guesses cost time, never exactness.

Workers are forked where the platform allows it (they inherit the loaded contract); elsewhere
they are spawned and build the contract from the ``Recipe``.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, Protocol

from ..._deferred import dataclass, replace
from ...capture.har import parse_failure
from ...capture.records import Unreadable
from ...capture.sources import Source
from ...contract.contract import Contract
from ...contract.findings import Finding, Origin
from ..coverage import Tally
from ..summary import Summary
from ..triage import NO_TRIAGE, Triage
from . import plan as planning
from . import worker as workers
from .worker import Checked, Outcome, Recipe, Worker


class WorkerDied(Exception):
    """A worker process ended without handing its results back (exit code 2)."""


class Sink(Protocol):
    """Where the main process puts what the workers found, in report order (the traffic run)."""

    def checked(self, origin: Origin, findings: list[Finding]) -> None: ...

    def unreadable(self, record: Unreadable) -> None: ...

    def add(self, summary: Summary, coverage: Tally | None = None) -> None: ...

    def tick(self, done_bytes: int) -> None: ...

    def failed(self, message: str) -> None: ...

    def check_inline(self, source: Source, done_bytes: int) -> bool:
        """Check one input in this process (given the bytes of the inputs before it, for the
        progress line); False when it could not be read to its end."""
        ...


@dataclass(slots=True)
class _File:
    """How far the reading of one input has got."""

    entries: int = 0  # records read so far
    next: int | None = 0  # HAR: offset of the next entry to read (proven)
    finished: bool = False  # read to its end, or failed


class Scheduler:
    """Runs the tasks on a pool of worker processes and hands the results to ``sink`` in
    order; ``sink.check_inline`` reads what the workers cannot."""

    def __init__(
        self,
        contract: Contract,
        sources: list[Source],
        sink: Sink,
        *,
        jobs: int,
        needs_passed: bool,
        chunk_size: int | None = None,
        triage: Triage = NO_TRIAGE,
        coverage: bool = False,
    ) -> None:
        self.contract = contract
        self.sources = sources
        self.sink = sink
        self.jobs = jobs
        self.chunk_size = chunk_size
        self.failed = 0
        self.resyncs = 0  # parts of HAR files read by this process (a guess was wrong)
        self._local = Worker(contract, needs_passed, triage, coverage)
        self._files: dict[int, _File] = {}
        self._done_bytes = 0

    def run(
        self, recipe: Recipe, *, context: multiprocessing.context.BaseContext | None = None
    ) -> int:
        """Check every source with ``jobs`` worker processes; the number that failed."""
        context = context or _context()
        self._local.triage = recipe.triage  # this process triages as the pool's workers do
        self._local.coverage = recipe.coverage  # ... and counts coverage as they do
        inherited = self.contract if context.get_start_method() == "fork" else None
        initargs = (recipe, self._local.needs_passed, inherited)
        pool = ProcessPoolExecutor(self.jobs, context, workers.start_worker, initargs)
        try:
            self._run(pool)
        except BrokenProcessPool:
            raise WorkerDied(
                "a worker process died (killed, or out of memory?): the report is incomplete"
            ) from None
        finally:  # on an error, the ranges being checked finish; the others are dropped
            pool.shutdown(wait=True, cancel_futures=True)
        return self.failed

    def check(self, pool: Any) -> int:
        """Check every source with ``pool`` (anything with ``submit``, such as one that runs
        each task in this process); the number that failed."""
        with self._as_worker():
            self._run(pool)
        return self.failed

    @contextmanager
    def _as_worker(self) -> Iterator[None]:
        """This process acts as the worker that ``run_task`` uses."""
        saved = workers._worker
        workers._worker = self._local
        try:
            yield
        finally:
            workers._worker = saved

    def _run(self, pool: Any) -> None:
        window: deque[tuple[planning.Task, Future[Outcome] | None]] = deque()
        for task in planning.plan(self.sources, self.jobs, self.chunk_size):
            pending = None if task.kind == "inline" else pool.submit(workers.run_task, task)
            window.append((task, pending))
            while len(window) > 2 * self.jobs:
                self._take(*window.popleft())
        while window:
            self._take(*window.popleft())

    def _take(self, task: planning.Task, pending: Future[Outcome] | None) -> None:
        source = self.sources[task.source]
        if pending is None:
            if not self.sink.check_inline(source, self._done_bytes):
                self.failed += 1
        else:
            outcome = pending.result()
            state = self._files.setdefault(task.source, _File())
            if not state.finished:
                if task.kind == "har" and not task.first:
                    self._har(task, outcome, state)
                else:
                    self._apply(task, outcome, state)
        if task.last:
            self._done_bytes += source.size or 0
            self.sink.tick(self._done_bytes)
        else:
            self.sink.tick(self._done_bytes + task.end)

    def _har(self, task: planning.Task, outcome: Outcome, state: _File) -> None:
        guess = outcome.start
        if guess != state.next:
            # the guess is not proven: read on from the proven start, up to the guess
            assert state.next is not None
            target = guess if guess is not None and guess > state.next else task.stop
            self._exact(task, state, target)
            if state.finished or state.next != guess:  # the guess was wrong: read the range
                self._exact(task, state, task.stop)
                return
        self._apply(task, outcome, state)

    def _exact(self, task: planning.Task, state: _File, end: int) -> None:
        """Read the entries from the proven ``state.next`` up to ``end``, in this process."""
        start = state.next
        if state.finished or start is None or start >= end:
            return
        self.resyncs += 1
        resume = replace(task, start=start, first=False)
        self._apply(task, self._local.run(resume, end), state)

    def _apply(self, task: planning.Task, outcome: Outcome, state: _File) -> None:
        sink = self.sink
        har = task.kind == "har"
        base = state.entries if har else 0
        for record in outcome.records:
            if isinstance(record, Checked):
                record = record.rebased(base)
                sink.checked(record.origin, record.findings)
            else:
                sink.unreadable(
                    replace(record, entry=base + (record.entry or 0)) if base else record
                )
        sink.add(outcome.summary, outcome.coverage)
        state.entries += outcome.summary.entries
        state.next = outcome.stop
        if outcome.error is not None:
            message = outcome.error
            if outcome.parse_detail is not None:  # the entries of the file, not of the range
                message = f"{task.name}: {parse_failure(state.entries, outcome.parse_detail)}"
            state.finished = True
            self.failed += 1
            sink.failed(message)
        elif (har and outcome.stop is None) or (not har and task.last):
            state.finished = True


def _context() -> multiprocessing.context.BaseContext:
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
