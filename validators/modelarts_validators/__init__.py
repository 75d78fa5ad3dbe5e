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

# Private names only: every public name of this module is in ``__all__`` (tests/test_public_api.py).
import typing as _typing
from importlib import import_module as _import_module

from ._version import __version__ as __version__

if _typing.TYPE_CHECKING:
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

#: Where each public name lives. They are imported on first use (PEP 562), so that importing
#: the package, or a command line that only parses its arguments (``modelarts-validate
#: --help``), does not load the engines, the readers and httpx.
_LAZY = {
    "CaptureError": "capture.errors",
    "Unreadable": "capture.records",
    "iter_records": "capture.sources",
    "Contract": "contract.contract",
    "Engine": "contract.engines",
    "DRIFT_KINDS": "contract.findings",
    "Finding": "contract.findings",
    "Kind": "contract.findings",
    "Severity": "contract.findings",
    "Side": "contract.findings",
    "Exchange": "contract.model",
    "Request": "contract.model",
    "Response": "contract.model",
    "SpecError": "contract.spec",
    "ContractViolation": "contract.violations",
    "validate_request_body": "contract.violations",
    "validate_response": "contract.violations",
    "ContractWarning": "live.judge",
    "AsyncContractTransport": "live.transport",
    "ContractTransport": "live.transport",
    "check_capture": "run.loop",
}


#: The layers, reachable as attributes (``modelarts_validators.contract``) as when this module
#: imported them eagerly.
_LAYERS = ("capture", "cli", "contract", "live", "mock", "report", "run", "strategies")


def __getattr__(name: str) -> _typing.Any:
    if name in _LAYERS:
        return _import_module(f".{name}", __name__)
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next access does not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


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
