"""The one record loop: every record read is judged once and told to a sink by what became of
it. The one-process run and every worker process go through it; only their sinks differ (the
one-process sink reports at once, a worker's collects for the main process).

``check_capture`` is the library's form of the same walk: a generator of (record, findings).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Protocol

from ..capture.records import Unreadable
from ..capture.sources import iter_records
from ..contract.contract import Contract, default_contract
from ..contract.findings import Finding
from ..contract.model import Exchange

Check = Callable[[Exchange], list[Finding] | None]


class Sink(Protocol):
    """Where the loop puts each record."""

    def checked(self, exchange: Exchange, findings: list[Finding]) -> None:
        """An exchange of the operation, with its findings (empty: it conforms)."""

    def unmatched(self, exchange: Exchange) -> None:
        """An exchange of other traffic."""

    def unreadable(self, record: Unreadable) -> None:
        """A record that could not be read."""


def check_records(records: Iterable[Exchange | Unreadable], check: Check, sink: Sink) -> None:
    """Judge every record with ``check`` (``Contract.check_exchange``) and tell ``sink``.
    Raises what reading the records raises (``CaptureError``), after the records before it."""
    checked, unmatched, unreadable = sink.checked, sink.unmatched, sink.unreadable
    for record in records:
        if isinstance(record, Unreadable):
            unreadable(record)
            continue
        findings = check(record)
        if findings is None:
            unmatched(record)
        else:
            checked(record, findings)


def check_capture(
    arguments: Sequence[str],
    contract: Contract | None = None,
    *,
    stdin: IO[bytes] | None = None,
) -> Iterator[tuple[Exchange | Unreadable, list[Finding] | None]]:
    """Every record of the captures named, with its findings: a list for an exchange of this
    operation (empty when it conforms), ``None`` for other traffic (unmatched) and for an
    ``Unreadable`` record. The library's whole-capture check; ``contract`` defaults to the
    packaged one (built once per process). Raises ``CaptureError`` like ``iter_records``."""
    check = (contract or default_contract()).check_exchange
    for record in iter_records(arguments, stdin):
        yield record, None if isinstance(record, Unreadable) else check(record)
