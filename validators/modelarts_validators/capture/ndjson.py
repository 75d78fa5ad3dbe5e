"""NDJSON captures: one exchange per line, the format to log traffic in for this tool.

Each non-blank line is one JSON object::

    {"request":  {"method": "POST", "url": "https://.../v2/<project>/training-job-searches",
                  "headers": {"Content-Type": "application/json"},
                  "body": "{\\"limit\\": 10}"},
     "response": {"status": 200,
                  "headers": [["Content-Type", "application/json"]],
                  "body": "{\\"total\\": 0, \\"count\\": 0, \\"items\\": []}"}}

- ``request.method``, ``request.url``: required strings. ``response.status``: a required integer.
- ``response``: absent or ``null`` when the request got no response.
- ``headers``: optional; an object (``{"name": "value"}``, a list of strings for a repeated
  header) or a list of ``[name, value]`` pairs. Names are case-insensitive; repeated values are
  joined with ``", "``.
- The body, one of: ``body``, the body text as a string (taken as UTF-8: a JSON body is its
  JSON text, exactly as sent, *not* a parsed object); ``body_base64``, the raw body bytes in
  base64, for a body that is not UTF-8 text. Neither, or ``"body": null``: the body was not
  captured (``body-not-captured``); ``"body": ""`` is an empty body. A body written as a parsed
  JSON value (object, array, number) is refused, so that what is checked is always the bytes that
  went over the wire: Content-Type, invalid JSON and all.
- ``started``: optional, when the exchange started (ISO 8601, as a HAR's ``startedDateTime``):
  the first and last time ``--suggest`` says a drift was seen. Ignored when it is not a string.
- Other keys, at any level, are ignored: a log may carry timings, ids or anything else.

``entry`` is the 0-based line number (line 1 is entry 0), so ``sed -n "$((entry + 1))p"``
prints the record. Blank lines are skipped and not counted. A line that is not a JSON object of
this shape is an ``Unreadable`` value, and the run goes on.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import IO, Any

from .._deferred import orjson
from ..contract.lazy_re import lazy_compile
from ..contract.model import Exchange, Request, Response
from ..contract.redact import fold_headers
from .records import (
    LONG_TEXT,
    Pieces,
    RecordError,
    Unreadable,
    base64_body,
    request_line,
    response_status,
    started_time,
    string_headers,
    text_body,
    text_pieces,
    too_large,
)


class bounded_lines:  # lower case: it is used as a function, an iterator of lines
    """The lines of ``stream``, each kept only up to ``limit`` bytes (the line end aside):
    ``None`` stands for a longer line, which is read through (and its line end found) without
    being kept. With ``until``, only the lines that start in the first ``until`` bytes; with
    ``head``, the bytes already read from ``stream`` come first.

    Lines are cut from a buffer of large reads. A long line is handed out as the buffer itself
    (a ``bytearray``), so that it is never copied, and no reference to it is kept: while it is
    checked, memory holds it once. (A class, not a generator: a generator's frame would keep
    the last line alive while it is checked.)"""

    __slots__ = ("_buf", "_ended", "_limit", "_pos", "_read", "_until", "consumed")

    def __init__(
        self, stream: IO[bytes], limit: int, until: int | None = None, head: bytes = b""
    ) -> None:
        # read1 keeps what a breaking-off gzip stream decompressed (see har.har_records)
        self._read = getattr(stream, "read1", None) or stream.read
        self._limit = limit
        self._until = until
        self._buf = bytearray(head)  # (bytes already read from the stream, put back in front)
        self._pos = 0
        self._ended = False
        #: Bytes of the stream consumed by the lines handed out (and the ones skipped).
        self.consumed = 0

    def __iter__(self) -> bounded_lines:
        return self

    def __next__(self) -> bytearray | None:
        if self._until is not None and self.consumed >= self._until:
            raise StopIteration
        buf = self._buf
        pos = self._pos
        search = pos
        while True:
            end = buf.find(b"\n", search)
            if end >= 0:
                break
            if len(buf) - pos > self._limit + 1:
                self._skip()
                return None
            searched = len(buf) - pos  # bytes of the line searched already
            if not self._fill():
                if pos >= len(buf):
                    raise StopIteration
                end = len(buf) - 1  # the last line, without a line end
                break
            buf, pos = self._buf, self._pos
            search = pos + searched
        end += 1
        self.consumed += end - pos
        if end - pos > self._limit + 1 or (end - pos == self._limit + 1 and buf[end - 1] != 10):
            self._pos = end
            return None
        if end - pos < _LONG:
            self._pos = end
            return buf[pos:end]
        # a long line: hand out the buffer itself, keep a copy of what follows it
        self._buf = buf[end:]
        self._pos = 0
        del buf[end:]
        del buf[:pos]
        return buf

    def _fill(self) -> bool:
        if self._ended:
            return False
        chunk = self._read(_READ)
        if not chunk:
            self._ended = True
            return False
        if self._pos:
            del self._buf[: self._pos]
            self._pos = 0
        self._buf += chunk
        return True

    def _skip(self) -> None:
        """Read through the rest of a line too long to keep; None stands for it."""
        buf = self._buf
        skipped = 0
        while (end := buf.find(b"\n", self._pos)) < 0:
            skipped += len(buf) - self._pos
            self._buf = buf = bytearray()
            self._pos = 0
            if not self._fill():
                self.consumed += skipped
                return None
            buf = self._buf
        self.consumed += skipped + end + 1 - self._pos
        self._pos = end + 1
        return None


_READ = 1 << 20
#: A line at least this long is handed out as the read buffer itself rather than a copy.
_LONG = 1 << 20


def ndjson_records(
    stream: Iterable[bytes | bytearray | None], source: str, first_line: int = 0, limit: int = 0
) -> Iterator[Exchange | Unreadable]:
    """Every non-blank line of ``stream`` (``bounded_lines``) as an exchange or an
    ``Unreadable``; ``first_line`` is the number of lines before the stream's (when it starts
    mid-file); ``limit`` the line size that a ``None`` line went past."""
    loads = orjson.loads
    number = first_line - 1
    # (not enumerate: its reused result tuple would keep the last line alive while it is checked)
    for line in stream:
        number += 1
        if line is None:
            yield Unreadable(number, f"line {number + 1} is {too_large(limit)}", source)
            continue
        try:
            record = _long_record(line) if len(line) > LONG_TEXT else loads(line)
        except orjson.JSONDecodeError as error:
            if not line.strip():
                continue
            yield Unreadable(
                number, f"line {number + 1} is not valid JSON: {_reason(error)}", source
            )
            continue
        line = None  # the exchange holds what it needs: the line and its record go now
        try:
            exchange: Exchange | Unreadable = exchange_from_record(record, number, source)
        except RecordError as error:
            exchange = Unreadable(number, f"line {number + 1}: {error}", source)
        record = None
        yield exchange


def exchange_from_record(record: Any, index: int, source: str) -> Exchange:
    if not isinstance(record, dict):
        raise RecordError("the record is not a JSON object")
    request = record.get("request")
    if not isinstance(request, dict):
        raise RecordError("the record has no request object")
    method, url = request_line(request)
    req = Request(
        _headers(request.get("headers"), "request"), _body(request, "request"), method, url
    )
    response = record.get("response")
    started = started_time(record.get("started"))
    if response is None:
        return Exchange(req, None, index, source, started)
    if not isinstance(response, dict):
        raise RecordError("response is not an object or null")
    status = response_status(response)
    resp = Response(
        _headers(response.get("headers"), "response"), _body(response, "response"), status
    )
    return Exchange(req, resp, index, source, started)


def _headers(headers: Any, side: str) -> dict[str, str]:
    if headers is None:
        return {}
    pairs: list[Any]
    if isinstance(headers, list):
        if (folded := fold_headers(headers)) is not None:
            return folded  # (plain ASCII [name, value] pairs: what string_headers makes of them)
        if not all(type(p) is list and len(p) == 2 for p in headers):
            raise RecordError(f"{side}.headers is a list whose items are not [name, value] pairs")
        pairs = headers  # [name, value] lists unpack as pairs
    elif isinstance(headers, dict):
        pairs = []
        for name, value in headers.items():
            if isinstance(value, list):
                pairs.extend((name, v) for v in value)
            else:
                pairs.append((name, value))
    else:
        raise RecordError(f"{side}.headers is not an object or a list of [name, value] pairs")
    return string_headers(pairs, side)


@cache
def _members_decoder() -> Callable[[Any], dict[str, Any]]:
    """msgspec's decoder of an object's members as raw JSON, imported with msgspec only for a
    long line."""
    import msgspec

    return msgspec.json.Decoder(dict[str, msgspec.Raw]).decode


def _long_record(line: bytes | bytearray) -> Any:
    """A line longer than ``LONG_TEXT`` parsed as ``orjson`` parses it, but for the body texts
    of its request and response, made bytes a piece at a time (``Pieces``): a decoder holds a
    string it unescapes twice over. Any line this cannot read is parsed by ``orjson``."""
    import msgspec

    _members = _members_decoder()
    try:
        record: dict[str, Any] = {}
        for key, raw in _members(line).items():
            if key not in ("request", "response") or _first(raw) != b"{":
                record[key] = orjson.loads(bytes(raw))
                continue
            message = record[key] = {}
            for name, member in _members(raw).items():
                pieces = None
                if name == "body" and _first(member) == b'"':
                    with contextlib.suppress(ValueError):
                        pieces = Pieces(text_pieces(member))
                message[name] = pieces if pieces is not None else orjson.loads(bytes(member))
        return record
    except (msgspec.DecodeError, orjson.JSONDecodeError, RecursionError):
        return orjson.loads(line)


def _first(raw: Any) -> bytes:
    with memoryview(raw) as view:
        return bytes(view[:1])


def _body(message: dict[str, Any], side: str) -> bytes | None:
    text = message.get("body")
    encoded = message.get("body_base64")
    if encoded is not None:
        if text is not None:
            raise RecordError(f"{side} has both body and body_base64")
        if not isinstance(encoded, str):
            raise RecordError(f"{side}.body_base64 is not a string")
        return base64_body(encoded, f"{side}.body_base64")
    if text is None:
        return None
    if isinstance(text, Pieces):  # a long text (``_long_record``), checked as a string is
        return text.joined()
    if not isinstance(text, str):
        raise RecordError(
            f"{side}.body must be the body text as a string (a JSON body as its JSON text), "
            "or body_base64 for bytes"
        )
    return text_body(text)


_POSITION = lazy_compile(r":? line \d+ column \d+ \(char (\d+)\)")


def _reason(error: orjson.JSONDecodeError) -> str:
    # orjson names the problem and its position, never the content: "unexpected character:
    # line 1 column 3 (char 2)". The line number is ours; keep the character position.
    message = str(error)
    if "UTF-8" in message:
        return "not UTF-8 text"
    return _POSITION.sub(r" at character \1", message)
