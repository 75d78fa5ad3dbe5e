"""The plan of a parallel run: which pieces of which inputs each worker checks.

An uncompressed file is cut into byte ranges of a few MiB (``MIN_CHUNK`` to ``MAX_CHUNK``), each
checked by a worker. A range *owns* the records that start in it; the last one may run past its
end. NDJSON is cut at line ends, found (with the lines before each cut, for the entry numbers)
as the plan is consumed. HAR ranges are cut anywhere: the worker guesses where its first entry
starts (see ``scheduler``). A compressed file cannot be cut: a small one (up to
``WHOLE_COMPRESSED`` bytes) goes to a worker whole; a larger one, standard input, and an input
that cannot even be opened are read by the main process in its turn (``inline``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Literal

from ..._deferred import dataclass, replace
from ...capture.errors import CaptureError
from ...capture.records import MAX_RECORD_SIZE
from ...capture.sources import BOM, Capture, Source

#: Bytes per range, at most and at least (a file is cut into about ``4 * jobs`` ranges between
#: these bounds, so that every worker has work until near the end).
MAX_CHUNK = 8 << 20
MIN_CHUNK = 1 << 20
#: A compressed input up to this size is checked by one worker; a larger one by the main process.
WHOLE_COMPRESSED = 4 << 20
_COUNT_READ = 1 << 20
_UNBOUNDED = 1 << 62

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
    limit: int = MAX_RECORD_SIZE  # the largest record read whole

    @property
    def stop(self) -> int:
        """Where reading the task ends: its range's end, or for a file's last task, the file's
        end when it is read (a capture still being written has grown since the plan)."""
        return _UNBOUNDED if self.last else self.end


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def workers_for(sources: list[Source], jobs: int) -> int:
    """How many worker processes a run asked for ``jobs`` can keep busy: no more than the CPUs
    this process may use, nor than the pieces of work there are (a regular file counts one per
    ``MIN_CHUNK`` bytes, anything else one)."""
    pieces = 0
    for source in sources:
        pieces += 1 if source.size is None else max(1, -(-source.size // MIN_CHUNK))
        if pieces >= jobs:
            break
    return max(1, min(jobs, default_jobs(), pieces))


def plan(sources: list[Source], jobs: int, chunk_size: int | None = None) -> Iterator[Task]:
    """The tasks of a run, in report order. NDJSON cuts are found as the plan is consumed."""
    for index, source in enumerate(sources):
        for task in _plan_source(index, source, jobs, chunk_size):
            yield task if source.limit == task.limit else replace(task, limit=source.limit)


def _plan_source(index: int, source: Source, jobs: int, chunk_size: int | None) -> Iterator[Task]:
    inline = Task(index, "inline", source.name)
    if source.path is None or source.size is None:  # standard input, a pipe: read once
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
    start = len(BOM) if capture.bom else 0
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
