"""What a captured exchange needs from a record, in either capture format (HAR, NDJSON).

A record that lacks it raises ``RecordError``, which its reader turns into an ``Unreadable``
value naming what is wrong: the run goes on. The formats differ in where they keep the headers
and the body; these are the fields they name and type alike, and the body decodings they share.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..contract.findings import Origin
from ..contract.redact import header_dict, redact_url, scalar_text

#: The largest record a reader builds (an NDJSON line, a HAR entry, a lone body): a longer one
#: is read through and reported ``unreadable``, so that memory stays bounded whatever the input
#: (``--max-record-size``).
MAX_RECORD_SIZE = 64 << 20


def too_large(limit: int) -> str:
    """How a message says a record went past ``limit`` bytes."""
    return f"larger than {limit:,} bytes (--max-record-size)"


class RecordError(Exception):
    """One record cannot be turned into an exchange; becomes an ``Unreadable``."""


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A record of a capture that could not be turned into an exchange (a malformed NDJSON line,
    a HAR entry without a request). It is counted and reported as a finding of kind
    ``unreadable``; the run goes on. ``entry`` is None for a lone body."""

    entry: int | None
    message: str
    source: str = ""

    @property
    def origin(self) -> Origin:
        return Origin(self.source, self.entry)


def request_line(request: dict[str, Any]) -> tuple[str, str]:
    """``request.method`` and ``request.url``, the URL with its secrets redacted."""
    method = request.get("method")
    url = request.get("url")
    if not isinstance(method, str) or not isinstance(url, str):
        raise RecordError("request.method and request.url must be strings")
    return scalar_text(method), redact_url(scalar_text(url))


def response_status(response: dict[str, Any]) -> int:
    status = response.get("status")
    if not isinstance(status, int) or isinstance(status, bool):
        raise RecordError("response.status must be an integer")
    return status


def string_headers(pairs: Iterable[tuple[Any, Any]], side: str) -> dict[str, str]:
    """Header (name, value) pairs as the checks see them (``redact.header_dict``); a name or
    value that is not a string makes the record unreadable."""
    try:
        return header_dict(pairs)
    except TypeError:
        raise RecordError(f"{side}.headers holds a name or value that is not a string") from None


def text_body(text: str) -> bytes:
    """The bytes of a body captured as text. A lone surrogate (``"\\ud800"`` in the JSON) is kept as
    the bytes it stands for, so that the checks see a body that is not valid UTF-8."""
    try:
        return text.encode()
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def base64_body(text: str, where: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise RecordError(f"{where} is not valid base64") from None
