"""Judge requests, responses and captured exchanges of ModelArts ``POST
/v2/{project_id}/training-job-searches`` against its OpenAPI contract.

    >>> from modelarts_validators import Contract
    >>> contract = Contract.load()                    # the packaged spec, checked and compiled
    >>> contract.check_request_body(b'{"limit": 51}')[0].message
    '51 is greater than the maximum of 50'

Data flows one way: ``spec`` (load and check the OpenAPI document) -> ``schemas`` (derive the
drift-aware JSON Schema) -> ``engines`` (compile it for jsonschema-rs or python jsonschema) ->
``explain`` (engine errors to findings) -> ``checks`` (routing, Content-Type, JSON, status:
the ``Contract``) -> ``violations`` (the raising helpers) -> ``readers`` (HAR and NDJSON
captures, streamed: ``iter_records``, ``check_capture``).

    >>> for record, findings in check_capture(["capture.har"]):  # doctest: +SKIP
    ...     ...  # findings: list (empty = conforms), or None for other traffic / unreadable
"""

from .checks import Contract
from .engines import Engine
from .findings import (
    DRIFT_KINDS,
    Exchange,
    Finding,
    Kind,
    Request,
    Response,
    Severity,
    Side,
    Unreadable,
)
from .readers import CaptureError, check_capture, iter_records
from .spec import SpecError
from .violations import ContractViolation, validate_request_body, validate_response

__all__ = [
    "DRIFT_KINDS",
    "CaptureError",
    "Contract",
    "ContractViolation",
    "Engine",
    "Exchange",
    "Finding",
    "Kind",
    "Request",
    "Response",
    "Severity",
    "Side",
    "SpecError",
    "Unreadable",
    "check_capture",
    "iter_records",
    "validate_request_body",
    "validate_response",
]
