"""What a worker process does: check one task with the one record loop, and hand back only what
the report needs.

A worker is built from a ``Recipe`` (the spec, the engine, strictness, the servers, the triage:
picklable, so a spawned worker builds its own contract) or, when forked, from the main process's
contract itself. ``Worker`` is the worker's context: its contract, its triage and whether the
report lists exchanges without findings. An ``Outcome`` holds, in order, a ``Checked`` for each exchange the report shows and
each ``Unreadable`` record, and the ``Summary`` of the whole task; never bodies.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..._deferred import dataclass, field, replace
from ...capture.errors import CaptureError, describe_error
from ...capture.har import HarParseError, HarSpan
from ...capture.ndjson import bounded_lines, ndjson_records
from ...capture.records import Unreadable
from ...capture.sources import BOM, Capture, Source, format_for
from ...contract.contract import Contract
from ...contract.engines import Engine
from ...contract.findings import Finding, Origin
from ...contract.model import Exchange
from ..coverage import Tally, counting, plan_for
from ..loop import Check, check_records
from ..summary import Summary
from ..triage import NO_TRIAGE, Triage
from .plan import Task

_LOOK_BACK = 64


@dataclass(frozen=True, slots=True)
class Recipe:
    """How to build the contract of a run, in another process, and what it sets apart."""

    spec: str | None = None
    engine: Engine = "rs"
    strict: bool = False
    servers: tuple[str, ...] = ()
    triage: Triage = NO_TRIAGE
    coverage: bool = False  # count contract coverage (``run.coverage``)
    fast: bool = True  # the typed fast path (``contract.typed``)

    def build(self) -> Contract:
        return Contract.load(
            self.spec, engine=self.engine, strict=self.strict, servers=self.servers, fast=self.fast
        )


@dataclass(frozen=True, slots=True)
class Checked:
    """A checked exchange as the report needs it: where it came from, and its findings."""

    origin: Origin
    findings: list[Finding]

    def rebased(self, base: int) -> Checked:
        """The same exchange, ``base`` entries further into its input."""
        if not base:
            return self
        origin = replace(self.origin, entry=(self.origin.entry or 0) + base)
        return Checked(origin, [replace(f, origin=origin) for f in self.findings])


@dataclass(slots=True)
class Outcome:
    """What checking a task gave. Entries are numbered from 0 within the task for HAR ranges,
    from the file's start otherwise."""

    records: list[Checked | Unreadable] = field(default_factory=list)
    summary: Summary = field(default_factory=lambda: Summary(max_groups=None))
    start: int | None = None  # HAR: the offset of the first entry read (None: none found)
    stop: int | None = None  # HAR: the offset of the first entry left, None at the document's end
    error: str | None = None  # the input broke off (the message names the input)
    parse_detail: str | None = None  # ... as a HAR parse error (renumbered by the main process)
    coverage: Tally | None = None  # with coverage on: what the task's exchanges covered


class _Collect:
    """The loop's sink in a worker: counts everything, keeps what the report shows."""

    __slots__ = ("_contract", "_needs_passed", "_triage", "outcome", "summary")

    def __init__(self, outcome: Outcome, worker: Worker) -> None:
        self.outcome = outcome
        self.summary = outcome.summary
        self._needs_passed = worker.needs_passed
        self._triage = worker.triage
        self._contract = worker.contract

    def checked(self, exchange: Exchange, findings: list[Finding]) -> None:
        if self._triage:
            findings = self._triage.apply(exchange, findings, self.summary)
        self.summary.add_checked(findings)
        if findings or self._needs_passed:
            self.outcome.records.append(Checked(exchange.origin, findings))

    def unmatched(self, exchange: Exchange) -> None:
        request = exchange.request
        self.summary.add_unmatched(self._contract.near_miss(request.method, request.url))

    def unreadable(self, record: Unreadable) -> None:
        self.summary.add_unreadable()
        self.outcome.records.append(record)


class Worker:
    """Checks tasks against one contract, counting what ``triage`` leaves."""

    def __init__(
        self,
        contract: Contract,
        needs_passed: bool,
        triage: Triage = NO_TRIAGE,
        coverage: bool = False,
    ) -> None:
        self.contract = contract
        self.needs_passed = needs_passed
        self.triage = triage
        self.coverage = coverage

    def run(self, task: Task, end: int | None = None) -> Outcome:
        """Check one task. For a HAR range, ``end`` given means: resume exactly at
        ``task.start``, an entry start, and stop before the first entry at or after ``end``;
        otherwise the range's start is guessed."""
        outcome = Outcome()
        try:
            if task.kind == "har":
                records = _har_range(task, outcome, end)
            elif task.kind == "ndjson":
                records = _ndjson_range(task)
            else:
                records = _whole(task)
            sink = _Collect(outcome, self)
            check: Check = self.contract.check_exchange
            if self.coverage:
                outcome.coverage = plan_for(self.contract).tally()
                check = counting(self.contract, outcome.coverage)
            check_records(records, check, sink)
        except HarParseError as error:
            outcome.parse_detail = error.detail
            outcome.error = str(error)
        except CaptureError as error:
            outcome.error = str(error) if task.kind == "whole" else f"{task.name}: {error}"
        except OSError as error:
            outcome.error = f"{task.name}: {describe_error(error)}"
        return outcome


#: This process's worker, made by ``start_worker`` when the pool starts the process.
_worker: Worker | None = None


def start_worker(recipe: Recipe, needs_passed: bool, contract: Contract | None) -> None:
    """The pool's initializer: ``contract`` when forked (inherited, never pickled), else built
    from ``recipe``. Ctrl-C is the main process's to handle."""
    import signal

    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = Worker(contract or recipe.build(), needs_passed, recipe.triage, recipe.coverage)


def run_task(task: Task) -> Outcome:
    """Check one task in this worker process (what the pool calls)."""
    if _worker is None:
        raise RuntimeError("run_task called outside a worker process")
    return _worker.run(task)


def _har_range(task: Task, outcome: Outcome, end: int | None) -> Iterator[Exchange | Unreadable]:
    raw = open(task.path, "rb", buffering=0)  # noqa: SIM115 - closed when the records end
    try:
        if task.first:
            head = raw.read(len(BOM))
            base = 0
            if head == BOM:
                head, base = b"", len(BOM)
            span: HarSpan | None = HarSpan(raw, head, base=base, end=task.stop, limit=task.limit)
        elif end is not None:
            raw.seek(task.start)
            span = HarSpan(raw, base=task.start, end=end, resume=True, limit=task.limit)
        else:
            before = max(0, task.start - _LOOK_BACK)  # to see the "," before an entry at start
            raw.seek(before)
            span = HarSpan.guess(
                raw, before, task.end, task.stop, after=task.start, limit=task.limit
            )
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
        lines = bounded_lines(raw, task.limit, until=task.stop - task.start)
        yield from ndjson_records(lines, task.name, task.line, task.limit)


def _whole(task: Task) -> Iterator[Exchange | Unreadable]:
    source = Source(task.name, Path(task.path), format_for(task.name), limit=task.limit)
    with Capture(source) as capture:
        yield from capture.records()
