"""Where a request's body ends: ``Content-Length`` or ``Transfer-Encoding: chunked`` read the
way the API gateway in front of the service reads them, and refused the way it refuses them.

``http.server`` leaves the body to the handler, and ``int(Content-Length)`` is not a parser:
``abc`` or ``1e3`` raise, ``-5`` asks for the rest of the stream, ``10**12`` tries to allocate a
terabyte, and a chunked body was left unread on the connection. Here every such request ends in
a ``BodyError`` carrying the status to answer (400, 408, 413, 501) and a one-line reason; after
one, the rest of the connection cannot be delimited and the handler closes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from email.message import Message
from typing import Protocol

#: The largest request body accepted, in bytes: the gateway's limit (12 MiB). Larger is a 413.
MAX_BODY = 12 * 1024 * 1024

_DIGITS = re.compile(r"[0-9]+")
_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]+")
#: A chunk-size line: the size, its extensions, CRLF. Longer is not a chunk header.
_CHUNK_LINE = 4096
#: Trailer fields after the last chunk; more is a client that does not stop.
_TRAILERS = 64


class Reader(Protocol):
    """The buffered socket file of a request handler (``rfile``)."""

    def read(self, size: int, /) -> bytes: ...

    def readline(self, size: int, /) -> bytes: ...


class BodyError(Exception):
    """A body that cannot be read: the status to answer and why, in one line."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def read_body(headers: Message, rfile: Reader, limit: int = MAX_BODY) -> bytes:
    """The request body ``headers`` announce, read from ``rfile``; ``b""`` when they announce
    none (an HTTP/1.1 request without ``Content-Length`` or ``Transfer-Encoding`` has no body).
    Raises ``BodyError``; a ``TimeoutError`` of the socket becomes a 408."""
    try:
        codings = [
            name.strip().lower()
            for value in headers.get_all("Transfer-Encoding") or ()
            for name in value.split(",")
            if name.strip()
        ]
        if codings:
            return _chunked(codings, rfile, limit)
        return _sized(headers.get_all("Content-Length") or (), rfile, limit)
    except TimeoutError:
        raise BodyError(408, "Request timeout: the body did not arrive in time") from None


def _sized(values: Iterable[str], rfile: Reader, limit: int) -> bytes:
    given = {part.strip() for value in values for part in value.split(",")}
    if not given:
        return b""
    wrong = sorted(v for v in given if not _DIGITS.fullmatch(v))
    if wrong:
        shown = wrong[0] if len(wrong[0]) <= 40 else f"{wrong[0][:40]}..."
        raise BodyError(400, f"Bad request: Content-Length {shown!r} is not a number of bytes")
    if len(given) > 1:
        raise BodyError(400, "Bad request: the Content-Length values disagree")
    text = given.pop().lstrip("0") or "0"
    # Compared as text first: a 5,000-digit length is too large, not a ValueError of int().
    if len(text) > len(str(limit)) or int(text) > limit:
        raise BodyError(413, f"Request entity too large: the limit is {limit} bytes")
    length = int(text)
    body = rfile.read(length)
    if len(body) < length:
        raise BodyError(
            400, f"Bad request: the body ended after {len(body)} of {length} bytes announced"
        )
    return body


def _chunked(codings: list[str], rfile: Reader, limit: int) -> bytes:
    if codings[-1] != "chunked":
        raise BodyError(400, "Bad request: a Transfer-Encoding must end with chunked")
    if len(codings) > 1:
        others = ", ".join(codings[:-1])
        raise BodyError(501, f"Not implemented: Transfer-Encoding {others} (only chunked)")
    parts: list[bytes] = []
    total = 0
    while True:
        line = rfile.readline(_CHUNK_LINE)
        if not line.endswith(b"\n"):
            raise BodyError(400, "Bad request: a chunk's size line is cut or too long")
        size = line.split(b";", 1)[0].strip()
        if not _CHUNK_SIZE.fullmatch(size):
            raise BodyError(400, "Bad request: a chunk's size is not a hexadecimal number")
        digits = size.lstrip(b"0") or b"0"
        if len(digits) > len(f"{limit:x}") or total + int(digits, 16) > limit:
            raise BodyError(413, f"Request entity too large: the limit is {limit} bytes")
        length = int(digits, 16)
        if length == 0:
            break
        chunk = rfile.read(length)
        if len(chunk) < length or rfile.readline(3) not in (b"\r\n", b"\n"):
            raise BodyError(400, "Bad request: a chunk is shorter than its size")
        parts.append(chunk)
        total += length
    for _ in range(_TRAILERS):
        line = rfile.readline(_CHUNK_LINE)
        if line in (b"\r\n", b"\n", b""):
            return b"".join(parts)
    raise BodyError(400, "Bad request: too many trailer fields after the last chunk")
