"""Checking captures on several cores: ``modelarts-validate traffic --jobs N``.

The report of a run with ``--jobs N`` is the report of the same run with one process, byte for
byte: the same records, in the same order, with the same entry numbers, findings, counts and
diagnostics. Only the time differs.

How the work is cut:

- An uncompressed file is cut into byte ranges of a few MiB (``chunk_size``), each checked by a
  worker process. A range *owns* the records that start in it; the last one may run past its
  end.
- NDJSON is cut at line ends: exact. The main process finds the cuts (and counts the lines
  before each, for the entry numbers) while the workers run.
- HAR is one JSON document: from the middle of it there is no telling whether a ``{`` is the
  start of an entry or inside a string or a nested array. The worker of a range guesses
  (``har.find_entry``: an object in an array, holding a ``request`` object), and reads entries
  from there until one starts past its range. The main process takes the results in order and
  accepts a range only when its guess is where the range before it stopped, an entry start
  proven by reading from the document's start. Where a guess is wrong (an entry that is not an
  object, a capture that nests entry-like objects in arrays), the main process reads that part
  itself, sequentially, and picks up the next guess that agrees. Wrong guesses cost time, never
  exactness.
- A compressed file cannot be cut: a small one (up to ``WHOLE_COMPRESSED`` bytes) goes to a
  worker whole; a larger one, standard input, and an input that cannot even be opened are read
  by the main process in their turn (the workers go on with the inputs after them).

Memory stays flat: at most ``2 * jobs`` ranges are in flight, and a worker hands back only what
the report needs (findings and unreadable records, never bodies). Workers are forked where the
platform allows it (they inherit the loaded contract); elsewhere they are spawned and load the
contract themselves.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from .checks import Contract
from .findings import Exchange, Finding, Unreadable
from .har import HarParseError, HarSpan, find_entry, parse_failure
from .ndjson import ndjson_records
from .readers import Capture, CaptureError, Source, describe_error, format_for

#: Bytes per range, at most and at least (a file is cut into about ``4 * jobs`` ranges between
#: these bounds, so that every worker has work until near the end).
MAX_CHUNK = 8 << 20
MIN_CHUNK = 1 << 20
#: A compressed input up to this size is checked by one worker; a larger one by the main process.
WHOLE_COMPRESSED = 4 << 20
_BOM = b"\xef\xbb\xbf"
_UNBOUNDED = 1 << 62
_LOOK_BACK = 64
_COUNT_READ = 1 << 20

TaskKind = Literal["har", "ndjson", "whole", "inline"]


@dataclass(frozen=True, slots=True)
class Task:
    """One piece of work: a byte range of ``path`` (``har``, ``ndjson``), a whole input
    (``whole``: in a worker; ``inline``: in the main process)."""

    source: int  # index in the run's sources
    kind: TaskKind
    name: str = ""
    path: str = ""
    start: int = 0
    end: int = 0
    line: int = 0  # NDJSON: lines before ``start``
    first: bool = False  # HAR: the range starts at the document's start
    last: bool = True  # the file's last task


@dataclass(slots=True)
class Outcome:
    """What checking a task gave. ``records`` holds, in order, ``(entry, method, url, findings)``
    for each checked exchange with findings (every checked exchange when the report lists passed
    ones) and ``(entry, message)`` for each unreadable record; exchanges without findings and
    unmatched ones are only counted. Entries are numbered from 0 within the task for HAR ranges,
    from the file's start otherwise."""

    records: list[tuple[Any, ...]] = field(default_factory=list)
    entries: int = 0
    conforming: int = 0
    unmatched: int = 0
    start: int | None = None  # HAR: the offset of the first entry read (None: none found)
    stop: int | None = None  # HAR: the offset of the first entry left, None at the document's end
    error: str | None = None  # the input broke off (the message names the input)
    parse_detail: str | None = None  # ... as a HAR parse error (renumbered by the main process)


class Sink(Protocol):
    """Where the main process puts what the workers found (the CLI's run)."""

    def label(self, source: Source) -> str: ...

    def unreadable(self, label: str, record: Unreadable) -> None: ...

    def checked(
        self, label: str, entry: int, method: str, url: str, findings: list[Finding]
    ) -> None: ...

    def counted(self, entries: int, conforming: int, unmatched: int) -> None: ...

    def tick(self, done_bytes: int) -> None: ...

    def failed(self, message: str) -> None: ...


#: The sequential check of one input in the main process, given the bytes of the inputs before
#: it (for the progress line): False when it failed.
Inline = Callable[[Source, int], bool]


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worth_splitting(sources: list[Source]) -> bool:
    """Whether more than one process can share the work at all."""
    if len(sources) > 1:
        return True
    size = sources[0].size if sources else None
    return size is not None and size > 2 * MIN_CHUNK


# -- the workers ---------------------------------------------------------------------------

_contract: Contract | None = None
_needs_passed = True


class WorkerDied(Exception):
    """A worker process ended without handing its results back (exit code 2)."""


def _start_worker(spec: str | None, engine: str, strict: bool, needs_passed: bool) -> None:
    global _contract, _needs_passed
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    _needs_passed = needs_passed
    if _contract is None:  # spawned (a fresh interpreter), not forked
        _contract = Contract.load(spec, engine=engine, strict=strict)  # type: ignore[arg-type]


def run_task(
    task: Task,
    contract: Contract | None = None,
    end: int | None = None,
    needs_passed: bool | None = None,
) -> Outcome:
    """Check one task (in a worker, or in the main process with ``contract``). For a HAR range,
    ``end`` given means: resume exactly at ``task.start``, an entry start, and stop before the
    first entry at or after ``end``; otherwise the range's start is guessed."""
    check = (contract or _contract).check_exchange  # type: ignore[union-attr]
    outcome = Outcome()
    try:
        if task.kind == "har":
            records = _har_range(task, outcome, end)
        elif task.kind == "ndjson":
            records = _ndjson_range(task)
        else:
            records = _whole(task)
        _collect(records, check, outcome, _needs_passed if needs_passed is None else needs_passed)
    except HarParseError as error:
        outcome.parse_detail = error.detail
        outcome.error = str(error)
    except CaptureError as error:
        outcome.error = str(error) if task.kind == "whole" else f"{task.name}: {error}"
    except OSError as error:
        outcome.error = f"{task.name}: {describe_error(error)}"
    return outcome


def _collect(
    records: Iterator[Exchange | Unreadable],
    check: Callable[[Exchange], list[Finding] | None],
    outcome: Outcome,
    needs_passed: bool,
) -> None:
    out = outcome.records
    conforming = unmatched = 0
    try:
        for record in records:
            outcome.entries += 1
            if isinstance(record, Unreadable):
                out.append((record.entry, record.message))
                continue
            findings = check(record)
            if findings is None:
                unmatched += 1
            elif findings or needs_passed:
                request = record.request
                out.append((record.entry, request.method, request.url, findings))
            else:
                conforming += 1
    finally:
        outcome.conforming += conforming
        outcome.unmatched += unmatched


def _har_range(task: Task, outcome: Outcome, end: int | None) -> Iterator[Exchange | Unreadable]:
    raw = open(task.path, "rb", buffering=0)  # noqa: SIM115 - closed when the records end
    try:
        if task.first:
            head = raw.read(len(_BOM))
            base = 0
            if head == _BOM:
                head, base = b"", len(_BOM)
            span: HarSpan | None = HarSpan(raw, head, base=base, end=_stop(task))
        elif end is not None:
            raw.seek(task.start)
            span = HarSpan(raw, base=task.start, end=end, resume=True)
        else:
            before = max(0, task.start - _LOOK_BACK)  # to see the "," before an entry at start
            raw.seek(before)
            span = find_entry(raw, before, task.end, _stop(task), after=task.start)
        if span is None:
            return
        try:
            yield from span.records(task.name)
        finally:
            outcome.start = span.start
            outcome.stop = span.stop
    finally:
        raw.close()


def _ndjson_range(task: Task) -> Iterator[Exchange | Unreadable]:
    with open(task.path, "rb") as raw:
        raw.seek(task.start)
        yield from ndjson_records(_lines(raw, _stop(task) - task.start), task.name, task.line)


def _stop(task: Task) -> int:
    """Where the task's reading ends: its range's end, or for a file's last task, the file's
    end when it is read (a capture still being written has grown since the plan)."""
    return _UNBOUNDED if task.last else task.end


def _lines(stream: IO[bytes], size: int) -> Iterator[bytes]:
    """The lines of the next ``size`` bytes of ``stream`` (which end at a line end)."""
    if size <= 0:
        return
    for line in stream:
        yield line
        size -= len(line)
        if size <= 0:
            return


def _whole(task: Task) -> Iterator[Exchange | Unreadable]:
    source = Source(task.name, Path(task.path), format_for(task.name))
    with Capture(source) as capture:
        yield from capture.records()


# -- the plan ------------------------------------------------------------------------------


def plan(sources: list[Source], jobs: int, chunk_size: int | None = None) -> Iterator[Task]:
    """The tasks of a run, in report order. NDJSON cuts are found as the plan is consumed."""
    for index, source in enumerate(sources):
        yield from _plan_source(index, source, jobs, chunk_size)


def _plan_source(index: int, source: Source, jobs: int, chunk_size: int | None) -> Iterator[Task]:
    inline = Task(index, "inline", source.name)
    if source.path is None:
        yield inline
        return
    capture = Capture(source)
    try:
        with capture:
            format_ = capture.sniff()
    except CaptureError:
        yield inline  # the main process reads it in its turn, and reports why it cannot
        return
    path = str(source.path)
    try:
        size = source.path.stat().st_size
    except OSError:
        yield inline
        return
    if capture.compressed:
        yield Task(index, "whole" if size <= WHOLE_COMPRESSED else "inline", source.name, path)
        return
    chunk = chunk_size or min(MAX_CHUNK, max(MIN_CHUNK, size // (4 * jobs) + 1))
    start = len(_BOM) if capture.bom else 0
    if format_ == "ndjson":
        yield from _ndjson_tasks(index, source.name, path, start, chunk)
        return
    starts = range(0, size, chunk)
    for number, first in enumerate(starts):
        end = min(first + chunk, size)
        yield Task(index, "har", source.name, path, first, end, first=number == 0,
                   last=end == size)  # fmt: skip


def _ndjson_tasks(index: int, name: str, path: str, start: int, chunk: int) -> Iterator[Task]:
    """Ranges of about ``chunk`` bytes (at least) that end at line ends, and the lines before
    each; the last one (``last``) reads on to the end of the file, however long it has grown."""
    lines = first_line = 0
    position = first = start  # of the block in the file; of the range being cut
    held: Task | None = None
    with open(path, "rb") as raw:
        raw.seek(start)
        while block := raw.read(_COUNT_READ):
            done = 0  # of the block, counted
            while True:
                cut = block.find(b"\n", max(first + chunk - position - 1, done)) + 1
                if not cut:
                    break
                lines += block.count(b"\n", done, cut)
                if held is not None:
                    yield held
                held = Task(index, "ndjson", name, path, first, position + cut, first_line,
                            last=False)  # fmt: skip
                first, first_line, done = position + cut, lines, cut
            lines += block.count(b"\n", done)
            position += len(block)
    if position > first:
        if held is not None:
            yield held
        held = Task(index, "ndjson", name, path, first, position, first_line)
    if held is not None:
        yield replace(held, last=True)


# -- the main process ------------------------------------------------------------------------


@dataclass(slots=True)
class _File:
    entries: int = 0  # records read so far
    next: int | None = 0  # HAR: offset of the next entry to read (proven)
    finished: bool = False  # read to its end, or failed


class Scheduler:
    """Runs the tasks on a pool of worker processes and hands the results to ``sink`` in
    order; ``inline`` reads what the workers cannot."""

    def __init__(
        self,
        contract: Contract,
        sources: list[Source],
        sink: Sink,
        inline: Inline,
        *,
        jobs: int,
        needs_passed: bool,
        chunk_size: int | None = None,
    ) -> None:
        self.contract = contract
        self.sources = sources
        self.sink = sink
        self.inline = inline
        self.jobs = jobs
        self.needs_passed = needs_passed
        self.chunk_size = chunk_size
        self.failed = 0
        self.resyncs = 0  # parts of HAR files read by this process (a guess was wrong)
        self._files: dict[int, _File] = {}
        self._done_bytes = 0

    def run(
        self,
        spec: str | None,
        engine: str,
        strict: bool,
        *,
        context: multiprocessing.context.BaseContext | None = None,
    ) -> int:
        """Check every source with ``jobs`` worker processes; the number that failed."""
        context = context or _context()
        with self._installed():  # forked workers inherit the contract
            pool = ProcessPoolExecutor(
                self.jobs, context, _start_worker, (spec, engine, strict, self.needs_passed)
            )
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
        with self._installed():
            self._run(pool)
        return self.failed

    @contextmanager
    def _installed(self) -> Iterator[None]:
        global _contract, _needs_passed
        saved = _contract, _needs_passed
        _contract, _needs_passed = self.contract, self.needs_passed
        try:
            yield
        finally:
            _contract, _needs_passed = saved

    def _run(self, pool: Any) -> None:
        window: deque[tuple[Task, Future[Outcome] | None]] = deque()
        for task in plan(self.sources, self.jobs, self.chunk_size):
            pending = None if task.kind == "inline" else pool.submit(run_task, task)
            window.append((task, pending))
            while len(window) > 2 * self.jobs:
                self._take(*window.popleft())
        while window:
            self._take(*window.popleft())

    def _take(self, task: Task, pending: Future[Outcome] | None) -> None:
        source = self.sources[task.source]
        if pending is None:
            if not self.inline(source, self._done_bytes):
                self.failed += 1
        else:
            outcome = pending.result()
            state = self._files.setdefault(task.source, _File())
            if not state.finished:
                label = self.sink.label(source)
                if task.kind == "har" and not task.first:
                    self._har(task, outcome, state, label)
                else:
                    self._apply(task, outcome, state, label)
        if task.last:
            self._done_bytes += source.size or 0
            self.sink.tick(self._done_bytes)
        else:
            self.sink.tick(self._done_bytes + task.end)

    def _har(self, task: Task, outcome: Outcome, state: _File, label: str) -> None:
        guess = outcome.start
        if guess != state.next:
            # the guess is not proven: read on from the proven start, up to the guess
            assert state.next is not None
            target = guess if guess is not None and guess > state.next else _stop(task)
            self._exact(task, state, label, target)
            if state.finished or state.next != guess:  # the guess was wrong: read the range
                self._exact(task, state, label, _stop(task))
                return
        self._apply(task, outcome, state, label)

    def _exact(self, task: Task, state: _File, label: str, end: int) -> None:
        """Read the entries from the proven ``state.next`` up to ``end``, in this process."""
        start = state.next
        if state.finished or start is None or start >= end:
            return
        self.resyncs += 1
        resume = replace(task, start=start, first=False)
        self._apply(task, run_task(resume, self.contract, end, self.needs_passed), state, label)

    def _apply(self, task: Task, outcome: Outcome, state: _File, label: str) -> None:
        sink = self.sink
        har = task.kind == "har"
        base = state.entries if har else 0
        for record in outcome.records:
            if len(record) == 2:
                entry, message = record
                sink.unreadable(label, Unreadable(base + entry, message, task.name))
            else:
                entry, method, url, findings = record
                if base:
                    entry += base
                    findings = [replace(f, entry=entry) for f in findings]
                sink.checked(label, entry, method, url, findings)
        sink.counted(outcome.entries, outcome.conforming, outcome.unmatched)
        state.entries += outcome.entries
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
