"""What a captured exchange needs from a record, in either capture format (HAR, NDJSON).

A record that lacks it raises ``RecordError``, which its reader turns into an ``Unreadable``
value naming what is wrong: the run goes on. The formats differ in where they keep the headers
and the body; these are the fields they name and type alike, and the body decodings they share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from .._frozen import frozen
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


@frozen
class Unreadable:
    """A record of a capture that could not be turned into an exchange (a malformed NDJSON line,
    a HAR entry without a request). It is counted and reported as a finding of kind
    ``unreadable``; the run goes on. ``entry`` is None for a lone body."""

    entry: int | None
    message: str
    source: str = ""

    def __init__(
        self,
        entry: int | None,
        message: str,
        source: str = "",
    ) -> None:
        set_ = object.__setattr__
        set_(self, "entry", entry)
        set_(self, "message", message)
        set_(self, "source", source)

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


def started_time(started: Any) -> str | None:
    """When an exchange started, as the capture wrote it (a HAR entry's ``startedDateTime``, an
    NDJSON record's ``started``), when it is a plausible date (a short string); else None."""
    return started if isinstance(started, str) and len(started) <= 64 else None


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


#: A body text longer than this (its JSON string, escapes included) is decoded a piece at a time
#: (``text_pieces``): a decoder holds a string it unescapes twice over (its own buffer and the
#: string made of it) beside the record it reads, three times the record in all.
LONG_TEXT = 8 << 20
_PIECE = 1 << 20


@cache
def _string_decoder() -> Callable[[bytes], str]:
    """msgspec's string decoder, imported with msgspec only for a long text."""
    import msgspec

    return msgspec.json.Decoder(str).decode


def text_pieces(raw: bytes | memoryview) -> list[bytes]:
    """The bytes of the JSON string token ``raw`` (quotes included) as ``text_body`` makes them of
    the string, in pieces whose concatenation they are (join them once ``raw`` is released: memory
    then never holds more than the record and one copy of the body). Each piece is cut at a
    character boundary outside any escape, so the pieces decode alone. ``ValueError`` when
    ``raw`` is not a string msgspec reads (a lone surrogate escape, say): decode it whole."""
    view = memoryview(raw)
    end = len(view) - 1
    if end < 1 or view[0] != 0x22 or view[end] != 0x22:
        raise ValueError("not a JSON string")
    import msgspec

    decode = _string_decoder()
    pieces: list[bytes] = []
    start = 1
    while start < end:
        cut = end if end - start <= _PIECE else _safe_cut(view, start, start + _PIECE)
        try:
            pieces.append(decode(b'"' + view[start:cut] + b'"').encode())
        except (msgspec.DecodeError, UnicodeEncodeError):
            raise ValueError("not a JSON string msgspec reads") from None
        start = cut
    return pieces


class Pieces(list[bytes]):
    """A body text's bytes in pieces (``text_pieces``), joined (``joined``) once the record that
    held the text is gone."""

    def joined(self) -> bytes:
        """The bytes, and the pieces' memory given back (the heap keeps what it freed, and a
        long body would otherwise cost its size twice for the rest of the run)."""
        whole = b"".join(self)
        self.clear()
        give_back_memory()
        return whole


def give_back_memory() -> None:
    """Return the heap's free pages to the system (glibc's ``malloc_trim``; nothing elsewhere),
    after a record longer than ``LONG_TEXT``."""
    global _trim
    if _trim is None:
        try:
            import ctypes

            _trim = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _trim = False
    if _trim:
        _trim(0)


_trim: Any = None


def _safe_cut(view: memoryview, start: int, cut: int) -> int:
    """The nearest position at or before ``cut`` (after ``start``, where a piece begins) that is
    neither inside a UTF-8 character nor inside an escape, nor between the two escapes of a
    surrogate pair: there is one within a dozen bytes in any text but a pathological one (a long
    run of backslashes), for which the rest of the string is one piece."""
    for at in range(cut, max(start, cut - _LOOK_BACK), -1):
        if not 0x80 <= view[at] < 0xC0 and not _in_escape(view, start, at):
            return at
    return len(view) - 1


_LOOK_BACK = 64
#: Backslashes counted back from a position: a longer run is taken as an unsafe place to cut.
_RUN = 64


def _in_escape(view: memoryview, start: int, at: int) -> bool:
    """Whether position ``at`` is inside an escape (or between a surrogate pair's two), looking
    back from it no further than ``start``."""
    for q in range(at - 1, max(start, at - 6) - 1, -1):
        if view[q] != 0x5C:  # the nearest backslash before ``at``
            continue
        run = 1
        while q - run >= start and view[q - run] == 0x5C:
            run += 1
            if run > _RUN:
                return True
        if run % 2 == 0:  # q ends an escaped backslash, which ends before ``at``
            return False
        length = 6 if view[q + 1] == 0x75 else 2  # "\\u" and four digits, or two bytes
        if q + length > at:
            return True
        # a high surrogate escape ending at ``at`` and a low one after it: one character
        high = length == 6 and bytes(view[q + 2 : q + 4]).upper() in _HIGH
        return high and q + length == at and bytes(view[at : at + 2]) == b"\\u"
    return False


_HIGH = (b"D8", b"D9", b"DA", b"DB")


def base64_body(text: str, where: str) -> bytes:
    import base64  # (a capture's first base64 body imports it: most have none)
    import binascii

    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise RecordError(f"{where} is not valid base64") from None
