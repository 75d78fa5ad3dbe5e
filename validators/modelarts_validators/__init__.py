"""Judge requests, responses and captured exchanges of ModelArts ``POST
/v2/{project_id}/training-job-searches`` against its OpenAPI contract.

    >>> from modelarts_validators import Contract
    >>> contract = Contract.load()                    # the packaged spec, checked and compiled
    >>> contract.check_request_body(b'{"limit": 51}')[0].message
    '51 is greater than the maximum of 50'

The package is layered, and imports run one way (ARCHITECTURE.md): ``contract`` (the spec,
its drift-aware schemas, the engines, findings: the ``Contract``) <- ``capture`` (HAR and NDJSON
records, streamed) <- ``run`` (the one record loop, the summary, parallel runs) <- ``report``
(text, JSON, JUnit) <- ``cli``; ``mock`` and ``strategies`` stand beside them on ``contract``;
``live`` (httpx transports, a pytest plugin, a mitmproxy addon) checks traffic as it happens.

    >>> for record, findings in check_capture(["capture.har"]):  # doctest: +SKIP
    ...     ...  # findings: list (empty = conforms), or None for other traffic / unreadable
"""

from ._version import __version__ as __version__
from .capture.errors import CaptureError
from .capture.records import Unreadable
from .capture.sources import iter_records
from .contract.contract import Contract
from .contract.engines import Engine
from .contract.findings import DRIFT_KINDS, Finding, Kind, Severity, Side
from .contract.model import Exchange, Request, Response
from .contract.spec import SpecError
from .contract.violations import ContractViolation, validate_request_body, validate_response
from .live.judge import ContractWarning
from .live.transport import AsyncContractTransport, ContractTransport
from .run.loop import check_capture

__all__ = [
    "DRIFT_KINDS",
    "AsyncContractTransport",
    "CaptureError",
    "Contract",
    "ContractTransport",
    "ContractViolation",
    "ContractWarning",
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
