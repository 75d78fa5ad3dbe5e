"""What a check finds: one value per thing wrong with an exchange, and where it came from.

A finding is a value, never an exception: one bad record never stops a run. Every kind of
finding has a stable short name (``Kind``) that users grep for and script against; renaming one
is a breaking change of the JSON report. Whether a kind is an error or a warning is decided in
one place, ``severity_of``, when the finding is made: drift is a warning unless the contract is
strict (or it is an integer out of range in a request), and nothing downstream looks at
``strict`` again.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from .._frozen import frozen, frozen_own_init

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
    BODY_TOO_DEEP = "body-too-deep"
    MISSING_CREDENTIALS = "missing-credentials"
    # drift: the traffic goes beyond what the page documents (a warning unless --strict)
    UNDOCUMENTED_FIELD = "undocumented-field"
    UNDOCUMENTED_VALUE = "undocumented-value"
    INTEGER_OUT_OF_RANGE = "integer-out-of-range"
    # the record itself could not be read
    UNREADABLE = "unreadable"
    # drift in the request line: a query parameter the operation does not document (last, so
    # that every earlier kind keeps its place: a kind's place is its SARIF ruleIndex)
    UNDOCUMENTED_PARAMETER = "undocumented-parameter"


#: Kinds that describe drift from the documented contract rather than a violation of it.
DRIFT_KINDS: frozenset[Kind] = frozenset(
    {
        Kind.UNDOCUMENTED_FIELD,
        Kind.UNDOCUMENTED_VALUE,
        Kind.INTEGER_OUT_OF_RANGE,
        Kind.UNDOCUMENTED_PARAMETER,
    }
)


def severity_of(kind: Kind, strict: bool, side: Side = "response") -> Severity:
    """The one place severity is decided. Drift is a warning unless ``strict``, but an integer
    outside its format's range in a *request* is an error: the service's integer cannot hold
    what the client sent (in a response it is drift: the service sent it)."""
    if kind is Kind.INTEGER_OUT_OF_RANGE and side == "request":
        return "error"
    return "warning" if kind in DRIFT_KINDS and not strict else "error"


@frozen
class Origin:
    """Where a finding, an exchange or a record came from: the input (its name as the run
    calls it), the 0-based entry in it, and the request line. Each part is empty or ``None``
    when unknown: a body checked on its own has no entry, method or URL."""

    source: str = ""
    entry: int | None = None
    method: str | None = None
    url: str | None = None

    def __init__(
        self,
        source: str = "",
        entry: int | None = None,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "source", source)
        set_(self, "entry", entry)
        set_(self, "method", method)
        set_(self, "url", url)


#: The origin of a body checked on its own.
NOWHERE = Origin()


@frozen_own_init
class Finding:
    """One thing wrong with one exchange.

    ``pointer`` is an RFC 6901 pointer into the body (``""`` for the body as a whole, or for
    findings that are not about a body); ``schema_pointer`` is an RFC 6901 pointer into the spec
    document (``#/components/schemas/Filter/properties/operator/enum``), or ``None``. ``origin``
    says where the exchange came from; ``entry``, ``method`` and ``url`` read it (and are
    accepted as keywords when a finding is made, as before ``origin`` existed).
    """

    kind: Kind
    severity: Severity
    side: Side
    message: str
    pointer: str
    schema_pointer: str | None
    expected: Any
    actual: Any
    origin: Origin

    def __init__(
        self,
        kind: Kind,
        severity: Severity,
        side: Side,
        message: str,
        pointer: str = "",
        schema_pointer: str | None = None,
        expected: Any = None,
        actual: Any = None,
        origin: Origin = NOWHERE,
        *,
        entry: int | None = None,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        if entry is not None or method is not None or url is not None:
            origin = Origin(origin.source, entry, method, url)
        set_ = object.__setattr__
        set_(self, "kind", kind)
        set_(self, "severity", severity)
        set_(self, "side", side)
        set_(self, "message", message)
        set_(self, "pointer", pointer)
        set_(self, "schema_pointer", schema_pointer)
        set_(self, "expected", expected)
        set_(self, "actual", actual)
        set_(self, "origin", origin)

    @property
    def entry(self) -> int | None:
        return self.origin.entry

    @property
    def method(self) -> str | None:
        return self.origin.method

    @property
    def url(self) -> str | None:
        return self.origin.url
