"""The values that flow through a validation run: one captured exchange in, findings out.

A finding is a value, never an exception: one bad record never stops a run. Every kind of
finding has a stable short name (``Kind``) that users grep for and script against; renaming one
is a breaking change of the JSON report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

Side = Literal["request", "response"]
Severity = Literal["error", "warning"]


class Kind(StrEnum):
    """What the user sees, named once. Values are part of the JSON report's contract."""

    # violations of the documented contract
    SCHEMA_VIOLATION = "schema-violation"
    INVALID_PATH_PARAMETER = "invalid-path-parameter"
    WRONG_CONTENT_TYPE = "wrong-content-type"
    INVALID_JSON = "invalid-json"
    BODY_NOT_CAPTURED = "body-not-captured"
    MISSING_BODY = "missing-body"
    UNDOCUMENTED_STATUS = "undocumented-status"
    # drift: the traffic goes beyond what the page documents (a warning unless --strict)
    UNDOCUMENTED_FIELD = "undocumented-field"
    UNDOCUMENTED_VALUE = "undocumented-value"
    INTEGER_OUT_OF_RANGE = "integer-out-of-range"
    # the record itself could not be read
    UNREADABLE = "unreadable"


#: Kinds that describe drift from the documented contract rather than a violation of it.
DRIFT_KINDS: frozenset[Kind] = frozenset(
    {Kind.UNDOCUMENTED_FIELD, Kind.UNDOCUMENTED_VALUE, Kind.INTEGER_OUT_OF_RANGE}
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing wrong with one exchange.

    ``pointer`` is an RFC 6901 pointer into the body (``""`` for the body as a whole, or for
    findings that are not about a body); ``schema_pointer`` is an RFC 6901 pointer into the spec
    document (``#/components/schemas/Filter/properties/operator/enum``), or ``None``.
    """

    kind: Kind
    severity: Severity
    side: Side
    message: str
    pointer: str = ""
    schema_pointer: str | None = None
    expected: Any = None
    actual: Any = None
    entry: int | None = None
    method: str | None = None
    url: str | None = None


@dataclass(slots=True)
class Message:
    """One side of an exchange as captured. ``body`` is the raw bytes, ``None`` when the capture
    holds no body text at all (HAR without ``content.text``), ``b""`` for an empty body.
    Header names are lower-cased; repeated headers are joined with ``", "``."""

    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None


@dataclass(slots=True)
class Request(Message):
    method: str = "POST"
    url: str = ""


@dataclass(slots=True)
class Response(Message):
    status: int = 0


@dataclass(slots=True)
class Exchange:
    """One request/response pair read from a capture. ``response`` is ``None`` when the capture
    has no response (the request failed or was aborted)."""

    request: Request
    response: Response | None
    entry: int = 0
    source: str = ""


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A record of a capture that could not be turned into an exchange (a malformed NDJSON line,
    a HAR entry without a request). It is counted and reported as a finding of kind
    ``unreadable``; the run goes on."""

    entry: int
    message: str
    source: str = ""
