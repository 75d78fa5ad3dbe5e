"""Raising helpers for code that wants an exception rather than a list: one-line wrappers over
the checks, which return every finding.

Only error findings raise; drift is a warning and passes, unless the contract is strict.
"""

from __future__ import annotations

from collections.abc import Mapping

from .contract import Contract, default_contract
from .findings import Finding


class ContractViolation(Exception):
    """Raised by the ``validate_*`` helpers; ``findings`` holds every finding (warnings too)."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        errors = [f for f in findings if f.severity == "error"]
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{first.side} {first.pointer or '/'}: {first.message}{more}")


def _raise_on_error(findings: list[Finding]) -> None:
    if any(f.severity == "error" for f in findings):
        raise ContractViolation(findings)


def validate_request_body(body: bytes | object, *, contract: Contract | None = None) -> None:
    """Raise ``ContractViolation`` unless the request body conforms (drift only warns, unless
    the contract is strict)."""
    _raise_on_error((contract or default_contract()).check_request_body(body))


def validate_response(
    status: int, headers: Mapping[str, str], body: bytes | None, *, contract: Contract | None = None
) -> None:
    """Raise ``ContractViolation`` unless the response conforms (see ``validate_request_body``)."""
    _raise_on_error((contract or default_contract()).check_response(status, headers, body))
