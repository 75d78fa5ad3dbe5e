"""One captured exchange, as every check sees it, whatever format it was read from.

Header names are lower-cased and credential values already redacted (``redact.header_dict``)
by the time an exchange exists; bodies are the raw bytes.
"""

from __future__ import annotations

from .._deferred import field
from .._frozen import FACTORY, record
from .findings import Origin


@record
class Message:
    """One side of an exchange as captured. ``body`` is the raw bytes, ``None`` when the capture
    holds no body text at all (HAR without ``content.text``), ``b""`` for an empty body.
    Header names are lower-cased; repeated headers are joined with ``", "``."""

    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None

    def __init__(self, headers: dict[str, str] = FACTORY, body: bytes | None = None) -> None:
        self.headers = {} if headers is FACTORY else headers
        self.body = body


@record
class Request(Message):
    """The request of an exchange: its method (upper case) and URL beside the headers and body."""

    method: str = "POST"
    url: str = ""

    def __init__(
        self,
        headers: dict[str, str] = FACTORY,
        body: bytes | None = None,
        method: str = "POST",
        url: str = "",
    ) -> None:
        self.headers = {} if headers is FACTORY else headers
        self.body = body
        self.method = method
        self.url = url


@record
class Response(Message):
    """The response of an exchange: its status beside the headers and body."""

    status: int = 0

    def __init__(
        self, headers: dict[str, str] = FACTORY, body: bytes | None = None, status: int = 0
    ) -> None:
        self.headers = {} if headers is FACTORY else headers
        self.body = body
        self.status = status


@record
class Exchange:
    """One request/response pair read from a capture. ``response`` is ``None`` when the capture
    has no response (the request failed or was aborted)."""

    request: Request
    response: Response | None
    entry: int = 0
    source: str = ""
    #: When the capture says the exchange started (HAR ``startedDateTime``), as written there.
    time: str | None = None

    def __init__(
        self,
        request: Request,
        response: Response | None,
        entry: int = 0,
        source: str = "",
        time: str | None = None,
    ) -> None:
        self.request = request
        self.response = response
        self.entry = entry
        self.source = source
        self.time = time

    @property
    def origin(self) -> Origin:
        return Origin(self.source, self.entry, self.request.method, self.request.url)
