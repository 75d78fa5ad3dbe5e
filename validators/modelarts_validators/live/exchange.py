"""An httpx exchange as the contract sees it, and the tap that keeps a copy of a response body
while it streams through to the caller.

The caller reads the body once, from the server, as it would without the check; the tap keeps
the bytes it has passed along up to a limit (the command line's record limit by default), and
gives up the copy, never the stream, when the body grows past it. Header and URL credentials
are redacted when the exchange is built, exactly as the capture readers do.
"""

from __future__ import annotations

import httpx

from ..contract.model import Request, Response
from ..contract.redact import header_dict, redact_url


def request_of(request: httpx.Request, body: bytes) -> Request:
    """The contract's ``Request`` for an httpx request whose body is ``body``."""
    return Request(
        headers=header_dict(request.headers.multi_items()),
        body=body,
        method=request.method,
        url=redact_url(str(request.url)),
    )


def response_of(response: httpx.Response, body: bytes | None) -> Response:
    """The contract's ``Response`` for ``response`` with its (decoded) body ``body``."""
    return Response(
        headers=header_dict(response.headers.multi_items()),
        body=body,
        status=response.status_code,
    )


def decoded(headers: httpx.Headers, raw: bytes) -> bytes:
    """``raw`` as the caller's ``response.content`` will read it: the Content-Encoding undone by
    httpx's own decoders. Raises ``httpx.DecodingError`` for a body that does not decode."""
    if not headers.get("content-encoding"):
        return raw
    encoding = {"content-encoding": headers["content-encoding"]}
    return httpx.Response(200, headers=encoding, content=raw).read()


class Tap:
    """A copy of the chunks passed through, up to ``limit`` bytes; past it the copy is dropped
    (``overflowed``) and the rest of the body only counted."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.overflowed = False
        self._chunks: list[bytes] = []

    def take(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.overflowed:
            return
        if self.size > self.limit:
            self.overflowed = True
            self._chunks.clear()
        else:
            self._chunks.append(chunk)

    def body(self) -> bytes | None:
        """The bytes taken, or ``None`` when they went past the limit."""
        return None if self.overflowed else b"".join(self._chunks)
