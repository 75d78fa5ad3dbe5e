"""Live validation, where the traffic happens: httpx transports that check each exchange of the
operation as a client makes it (``ContractTransport``, ``AsyncContractTransport``), the
``Collector`` they count in (the command line's summary and reports), a pytest plugin
(``pytest_plugin``) and a mitmproxy addon (``mitmproxy_addon``) for clients that are not
Python. An application layer, like ``cli``: it stands on ``contract``, ``capture``, ``run`` and
``report``, and nothing but the package's ``__init__`` imports it.
"""

from .collector import Collector, format_for
from .judge import ContractWarning, Mode
from .transport import AsyncContractTransport, ContractTransport

__all__ = [
    "AsyncContractTransport",
    "Collector",
    "ContractTransport",
    "ContractWarning",
    "Mode",
    "format_for",
]
