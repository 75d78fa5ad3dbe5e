"""Judging one live exchange: the contract's check, made safe to run inside someone else's
traffic, and what the modes do with the findings.

A check that fails (an exception inside the contract, a body that does not decode) becomes an
``unreadable`` finding on that exchange: the caller's response is never replaced by an
exception of the checker's own, except in ``raise`` mode, where any error finding raises
``ContractViolation`` by design. A response body larger than the record limit is an
``unreadable`` finding too, as the command line reports such a record, and its other checks
run without the body.
"""

from __future__ import annotations

import functools
import warnings
from typing import Literal

from ..capture.records import too_large
from ..contract.contract import Contract, default_contract
from ..contract.findings import Finding, Kind, Origin, Side
from ..contract.model import Exchange
from ..contract.redact import scrub
from ..contract.violations import ContractViolation
from ..report.base import printable
from .collector import Collector

Mode = Literal["raise", "warn", "collect"]
MODES: tuple[Mode, ...] = ("raise", "warn", "collect")


class ContractWarning(UserWarning):
    """Issued in ``warn`` mode, one per exchange with findings; ``findings`` holds them all."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        first = findings[0]
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        where = f"{first.method} {first.url} " if first.url else ""
        text = f"{where}{first.side} {first.pointer or '/'}: {first.message}{more}"
        super().__init__(printable(scrub(text)))


@functools.cache
def contract_for(strict: bool) -> Contract:
    """The packaged contract, compiled once per process for each strictness."""
    return default_contract() if not strict else Contract.load(strict=True)


def failed_check(side: Side, error: BaseException, origin: Origin) -> Finding:
    """What a check that could not run is: an ``unreadable`` error finding naming the error."""
    message = f"the contract check failed: {type(error).__name__}: {scrub(str(error))}"
    return Finding(Kind.UNREADABLE, "error", side, message, origin=origin)


def judge(contract: Contract, exchange: Exchange, *, overflow: int | None = None) -> list[Finding]:
    """Every finding of ``exchange``; never raises. ``overflow``: the limit its response body
    went past (the body is then ``None`` and reported as too large, not as not captured)."""
    try:
        findings = contract.check_exchange(exchange) or []
    except Exception as error:
        return [failed_check("response", error, exchange.origin)]
    if overflow is not None:
        findings = [
            f for f in findings if not (f.kind is Kind.BODY_NOT_CAPTURED and f.side == "response")
        ]
        message = f"response body {too_large(overflow)}"
        findings.append(
            Finding(Kind.UNREADABLE, "error", "response", message, origin=exchange.origin)
        )
    return findings


def request_errors(contract: Contract, exchange: Exchange) -> list[Finding]:
    """The request's findings, when it has an error (what ``raise`` mode refuses to send)."""
    try:
        findings = contract.check_request(exchange.request)
    except Exception as error:
        findings = [failed_check("request", error, exchange.origin)]
    return findings if any(f.severity == "error" for f in findings) else []


def settle(mode: Mode, collector: Collector, exchange: Exchange, findings: list[Finding]) -> None:
    """Count the exchange, then do what ``mode`` says: raise ``ContractViolation`` on an error
    (``raise``), issue a ``ContractWarning`` for any finding (``warn``), nothing (``collect``)."""
    located = collector.add(exchange, findings)
    if mode == "raise" and any(f.severity == "error" for f in located):
        raise ContractViolation(located)
    if mode == "warn" and located:
        warnings.warn(ContractWarning(located), stacklevel=2)
