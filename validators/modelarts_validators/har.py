"""HAR 1.2/1.3 captures, streamed entry by entry.

A HAR file is one JSON document, ``{"log": {..., "entries": [...]}}``, often hundreds of
megabytes. It is never loaded whole: the document is read 1 MiB at a time and decoded as UTF-8
incrementally; the reader walks the keys of the top-level object and of ``log`` (skipping every
other value, such as ``pages`` or ``creator``, before or after ``entries``), then parses one entry
at a time with the standard library's ``json.JSONDecoder.raw_decode`` (in C) from where the
previous one ended, and turns it into an ``Exchange``. Memory stays at one entry plus a read
buffer, however many entries the file holds.

The entries of a byte range of the document can be read alone, for checking one file on several
cores: ``HarSpan`` resumes at an entry start, ``find_entry`` guesses one (see ``parallel``).

How an entry becomes an exchange (browsers, mitmproxy, Playwright and Charles all write these):

- ``request.method``, ``request.url``: required strings.
- ``request.headers``, ``response.headers``: lists of ``{"name", "value"}``, turned into a dict
  with lower-cased names; a repeated name has its values joined with ``", "``.
- Request body: ``request.postData.text``; no ``postData`` or no ``text`` is ``None`` (not
  captured). Response body: ``response.content.text``; absent is ``None``, which the checks report
  as ``body-not-captured``. ``encoding: "base64"`` (on ``content``, and on ``postData`` as some
  tools write it) is decoded; other text is taken as UTF-8.
- ``response.status`` 0 (browsers write it for a request that got no response: blocked, aborted,
  failed) or no ``response`` at all: the exchange has no response.

An entry that is not an object, lacks a request, or has fields of the wrong type is returned as
an ``Unreadable`` value naming what is wrong: it is counted and reported, and the run goes on. A
document that is not a HAR at all, or breaks off (truncated, invalid JSON) is the reader's
``CaptureError``: every entry before the break has been yielded by then.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import IO, Any

from .findings import Exchange, Request, Response, Unreadable
from .records import (
    RecordError,
    base64_body,
    request_line,
    response_status,
    string_headers,
    text_body,
)

#: Bytes per read: large reads keep the per-read overhead (joining the unparsed rest of the
#: buffer to the new text) small next to the parsing.
READ_SIZE = 1 << 20


class CaptureError(Exception):
    """The capture cannot be read (further): not the expected format, or broken off. The message
    is one line and names no record content."""


class _ParseError(Exception):
    """The document is not valid JSON (or breaks off); the message is one line, without content."""


_TRUNCATED = "the document breaks off (truncated)"
_SPACE = re.compile(r"[ \t\n\r]*")
_NOT_CUT = 16  # an error further than this from the end of the buffer is not due to the cut
#: Text left unparsed below which the reader reads on before parsing a value. A value cut by the
#: end of the text is parsed again after the next read, and the cut costs more than the parse:
#: json's error counts the lines of the whole text before it (0.3 ms a MiB). Only values longer
#: than this can still be cut.
_LOOKAHEAD = READ_SIZE // 4


def _reject_constant(name: str) -> Any:
    raise _ParseError(f"parse error: {name} is not a JSON value")


_raw_decode = json.JSONDecoder(parse_constant=_reject_constant).raw_decode


def har_records(
    stream: IO[bytes], source: str, head: bytes = b""
) -> Iterator[Exchange | Unreadable]:
    """Every entry of the HAR document in ``head`` + ``stream``, in order, as an exchange or
    an ``Unreadable``; ``entry`` is the 0-based position in ``log.entries``."""
    return HarSpan(stream, head).records(source)


def parse_failure(count: int, detail: str) -> str:
    """The message of a document that breaks off after ``count`` entries."""
    counted = "1 entry" if count == 1 else f"{count} entries"
    return f"invalid HAR JSON after {counted}: {detail}"


class HarParseError(CaptureError):
    """The document breaks off, or is not JSON, after ``count`` entries of the span."""

    def __init__(self, count: int, detail: str) -> None:
        super().__init__(parse_failure(count, detail))
        self.count = count
        self.detail = detail


class HarSpan:
    """The entries of a HAR document: all of them (``end`` None), or, for checking one file on
    several cores, those that *start* at a byte offset before ``end``.

    A span either reads the document from its start (through ``log`` to ``entries``), or
    resumes at an entry: the stream is positioned at the ``{`` of an entry, ``base`` bytes into
    the file (``resume=True``; ``find_entry`` finds one from any offset). ``start`` is then the
    byte offset of the first entry read, ``stop`` that of the first entry left unread (``None``
    when the span read to the end of the document). A span that reaches the end of
    ``log.entries`` reads and checks the rest of the document, as ``har_records`` does.
    """

    def __init__(
        self,
        stream: IO[bytes],
        head: bytes = b"",
        *,
        base: int = 0,
        end: int | None = None,
        resume: bool = False,
    ) -> None:
        self._reader = _Reader(stream, head) if end is None else _OffsetReader(stream, head, base)
        self._end = end
        self._resume = resume
        self._first: Any = _NOTHING  # an entry already parsed by find_entry
        self.start: int | None = None
        self.stop: int | None = None
        self.count = 0

    def records(self, source: str) -> Iterator[Exchange | Unreadable]:
        """The span's entries as exchanges or ``Unreadable`` values, numbered from 0;
        ``HarParseError`` (after the entries before it) where the document breaks off."""
        try:
            for entry in self._values():
                count = self.count
                try:
                    yield exchange_from_entry(entry, count, source)
                except RecordError as error:
                    yield Unreadable(count, str(error), source)
                self.count = count + 1
        except _ParseError as error:
            raise HarParseError(self.count, str(error)) from None

    def _values(self) -> Iterator[Any]:
        reader = self._reader
        end = self._end
        if not self._resume:
            reader.open_entries()
            if reader.peek() == "]":
                reader.pos += 1
                return self._close()
        while True:
            if self._first is not _NOTHING:
                entry, self._first = self._first, _NOTHING
                yield entry
            else:
                if end is not None:
                    reader.peek()
                    offset = reader.offset(reader.pos)  # type: ignore[attr-defined]
                    if offset >= end:
                        self.stop = offset
                        return None
                    if self.start is None:
                        self.start = offset
                yield reader.value()
            char = reader.peek()
            reader.pos += 1
            if char == "]":
                return self._close()
            if char != ",":
                raise _ParseError("parse error: expecting ',' or ']' after an entry")

    def _close(self) -> None:
        """After ``log.entries``: the rest of ``log``, of the document, then only white space."""
        reader = self._reader
        reader.close_object()
        reader.close_object()
        reader.end()


_NOTHING = object()
#: Where an entry may start: ``{`` then ``"``, after the ``[`` or ``,`` of an array. Inside a
#: JSON string every ``"`` is escaped, so this matches there only where a string's last
#: characters are ``,{`` or ``[{`` (and parsing from that ``{`` fails).
_CANDIDATE = re.compile(r'[,\[][ \t\n\r]*(\{)[ \t\n\r]*"')
_KEEP = 64  # characters kept for a candidate that a read cuts in two


def find_entry(
    stream: IO[bytes], start: int, end: int, stop: int | None = None, *, after: int = 0
) -> HarSpan | None:
    """A span resuming at the first place at or after byte ``after`` that looks like the start
    of a HAR entry: an object in an array, holding a ``request`` object. ``stream`` is
    positioned at byte ``start``, a little before ``after`` so that the ``,`` or ``[`` before an
    entry that starts right at ``after`` is seen. ``None`` when there is none before ``end``.
    The span stops before the first entry at or after ``stop`` (default ``end``).

    A guess: starting mid-file, there is no telling whether a ``{`` is inside a string or a
    nested array. The caller confirms it (the span before this one must stop exactly at
    ``span.start``) and reads sequentially where it was wrong."""
    head = stream.read(4)
    skipped = 0
    while skipped < len(head) and 0x80 <= head[skipped] < 0xC0:  # inside a UTF-8 sequence
        skipped += 1
    span = HarSpan(stream, head[skipped:], base=start + skipped, end=stop or end, resume=True)
    reader = span._reader
    assert isinstance(reader, _OffsetReader)
    try:
        while True:
            found = _CANDIDATE.search(reader.text, reader.pos)
            if found is None:
                keep = max(reader.pos, len(reader.text) - _KEEP)
                if reader.offset(keep) >= end:
                    return None
                reader.pos = keep
                if not reader.fill():
                    return None
                continue
            at = found.start(1)
            offset = reader.offset(at)
            if offset >= end:
                return None
            if offset < after:
                reader.pos = at + 1
                continue
            reader.pos = at
            try:
                value = reader.value()
            except _ParseError:
                reader.pos += 1  # value() leaves pos at the candidate
                continue
            if isinstance(value, dict) and isinstance(value.get("request"), dict):
                span._first = value
                span.start = offset
                return span
    except _ParseError:  # not UTF-8 or an unreadable stream: no guess
        return None


class _Reader:
    """The document as text: ``text[pos:]`` is what is not parsed yet. ``fill`` reads on (and
    drops the parsed part), so that the text holds about one read and the value being parsed."""

    def __init__(self, stream: IO[bytes], head: bytes) -> None:
        # read1 where there is one: a gzip stream's read() throws away what it decompressed
        # when the stream breaks off, read1() hands it over first (so those entries are still
        # checked).
        self._read = getattr(stream, "read1", None) or stream.read
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        self._pending = head
        self._failure: BaseException | None = None
        self.ended = False
        self.text = ""
        self.pos = 0

    def fill(self, ahead: bool = False) -> bool:
        """Read on until the unparsed text has at least doubled (so that a long value is parsed
        again only a few times); False at the end of the input. A read that fails after some
        text came, or while reading ``ahead`` of need, is raised by the fill after it, so that
        every value before the failure is parsed first; so is bad UTF-8, from the first bad
        byte on (wherever the reads fall, the same values come before it)."""
        if self._failure is not None:
            if ahead:
                return False
            raise self._failure
        if self.ended:
            return False
        rest = self.text[self.pos :]
        pieces = [rest]
        want = max(1, len(rest))
        got = 0
        while got < want:
            if self._pending:
                chunk, self._pending = self._pending, b""
            else:
                try:
                    chunk = self._read(READ_SIZE)
                except Exception as error:  # a gzip stream breaking off: parse what came first
                    if not got and not ahead:
                        raise
                    self._failure = error
                    break
            try:
                pieces.append(self._utf8.decode(chunk, not chunk))
            except UnicodeDecodeError as error:
                pieces.append(error.object[: error.start].decode())
                self._failure = _ParseError("the document is not valid UTF-8")
                break
            if not chunk:
                self.ended = True
                break
            got += len(chunk)
        self.text = "".join(pieces)
        self.pos = 0
        grew = len(self.text) > len(rest)
        if not grew and self._failure is not None and not ahead:
            raise self._failure  # nothing came before it: it is why the text ends here
        return grew

    def peek(self) -> str:
        """The next character that is not white space; ``_ParseError`` at the end of input."""
        while True:
            pos = self.pos
            text = self.text
            if pos < len(text) and text[pos] not in " \t\n\r":
                return text[pos]
            pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
            self.pos = pos
            if pos < len(text):
                return text[pos]
            if not self.fill():
                raise _ParseError(_TRUNCATED)

    def value(self) -> Any:
        """The JSON value at the current position (after white space)."""
        self.peek()
        if len(self.text) - self.pos < _LOOKAHEAD and not self.ended:
            self.fill(ahead=True)  # before the value runs into the end of the text, not after
        while True:
            try:
                value, end = _raw_decode(self.text, self.pos)
            except json.JSONDecodeError as error:
                if self.ended or not _maybe_cut(error, len(self.text)):
                    raise _ParseError(_describe(error, self.text, self.ended)) from None
                self.fill()
                continue
            # a number near the end of the buffer may go on in the next read ("1.5" of "1.5e3")
            cut = end > len(self.text) - _NOT_CUT and not self.ended
            if cut and _number(value):
                self.fill()  # the text now starts at the number: parse it again
                continue
            self.pos = end
            return value

    def members(self) -> Iterator[str]:
        """The keys of the object whose ``{`` was just read; the caller reads each value."""
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            yield self._key()
            if not self._next_member():
                return

    def close_object(self) -> None:
        """Skip the members left in the object one of whose values was just read, and its
        ``}``."""
        while self._next_member():
            self._key()
            self.value()

    def _key(self) -> str:
        if self.peek() != '"':
            raise _ParseError("parse error: invalid object key (must be a string)")
        key: str = self.value()
        if self.peek() != ":":
            raise _ParseError("parse error: expecting ':' after an object key")
        self.pos += 1
        return key

    def _next_member(self) -> bool:
        """After a member's value: True for ``,``, False for the object's ``}``."""
        char = self.peek()
        self.pos += 1
        if char == "}":
            return False
        if char != ",":
            raise _ParseError("parse error: expecting ',' or '}' after an object value")
        return True

    def open_entries(self) -> None:
        """Walk to the ``[`` of ``log.entries`` and past it (the rest of ``log`` and of the
        document is read by ``close_object``). ``CaptureError`` when the document is not a
        HAR."""
        if self.peek() != "{":
            raise CaptureError(f"not a HAR: the document is {self.kind()}, not an object")
        self.pos += 1
        for key in self.members():
            if key != "log":
                self.value()
                continue
            if self.peek() != "{":
                raise CaptureError(f"not a HAR: log is {self.kind()}, not an object")
            self.pos += 1
            for name in self.members():
                if name != "entries":
                    self.value()
                    continue
                if self.peek() != "[":
                    raise CaptureError(f"not a HAR: log.entries is {self.kind()}, not an array")
                self.pos += 1
                return
            break
        raise CaptureError("not a HAR: the document has no log.entries")

    def end(self) -> None:
        """Only white space may follow the document."""
        while True:
            self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text):
                raise _ParseError("parse error: trailing garbage")
            if not self.fill():
                return

    def kind(self) -> str:
        """What the value at the current position is: "an object", "a number"..."""
        char = self.peek()
        if char in "{[":
            return "an object" if char == "{" else "an array"
        return _python_type(self.value())  # a parse error if the scalar is not JSON


class _OffsetReader(_Reader):
    """A ``_Reader`` that knows the byte offset in the file of any position of its text (asked
    in increasing order): ``base`` is the offset of the first byte of ``head``."""

    def __init__(self, stream: IO[bytes], head: bytes, base: int) -> None:
        super().__init__(stream, head)
        self._mark = (0, base)  # a position of the text and its byte offset

    def offset(self, pos: int) -> int:
        mark_pos, mark = self._mark
        if self.text.isascii():  # O(1): one character per byte
            return mark + pos - mark_pos
        mark += len(self.text[mark_pos:pos].encode())
        self._mark = (pos, mark)
        return mark

    def fill(self, ahead: bool = False) -> bool:
        if self.ended or self._failure is not None:
            return super().fill(ahead)
        base = self.offset(self.pos)
        filled = super().fill(ahead)  # the text now starts at what was text[pos]
        self._mark = (0, base)
        return filled


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _maybe_cut(error: json.JSONDecodeError, size: int) -> bool:
    """Whether the error may be due to the end of the buffer (not of the document): more text
    is read and the value parsed again. An error that is not due to the cut recurs further from
    the end, at worst after one more read."""
    return error.msg.startswith("Unterminated string") or error.pos >= size - _NOT_CUT


def _describe(error: json.JSONDecodeError, text: str, ended: bool) -> str:
    """The error as one line without content (``json``'s message less its position)."""
    if ended and (error.pos >= len(text) or error.msg.startswith("Unterminated string")):
        return _TRUNCATED
    message = _WORDING.get(error.msg, error.msg)
    return f"parse error: {message[0].lower()}{message[1:]}"


_WORDING = {
    "Expecting property name enclosed in double quotes": "invalid object key (must be a string)",
    "Invalid control character at": "invalid control character in a string",
    "Invalid \\escape": "invalid escape in a string",
    "Invalid \\uXXXX escape": "invalid \\uXXXX escape in a string",
    "Extra data": "trailing garbage",
}


def exchange_from_entry(entry: Any, index: int, source: str) -> Exchange:
    if not isinstance(entry, dict):
        raise RecordError(f"the entry is {_python_type(entry)}, not an object")
    request = entry.get("request")
    if not isinstance(request, dict):
        raise RecordError("the entry has no request object")
    method, url = request_line(request)
    post = request.get("postData")
    body = _body(post, "request.postData") if isinstance(post, dict) else None
    req = Request(_headers(request.get("headers"), "request"), body, method, url)
    response = entry.get("response")
    if response is None:
        return Exchange(req, None, index, source)
    if not isinstance(response, dict):
        raise RecordError("response is not an object")
    status = response_status(response)
    if status == 0:
        return Exchange(req, None, index, source)
    content = response.get("content")
    body = _body(content, "response.content") if isinstance(content, dict) else None
    resp = Response(_headers(response.get("headers"), "response"), body, status)
    return Exchange(req, resp, index, source)


def _headers(headers: Any, side: str) -> dict[str, str]:
    if headers is None:
        return {}
    if not isinstance(headers, list):
        raise RecordError(f"{side}.headers is not a list")
    try:
        pairs = [(h["name"], h["value"]) for h in headers]
    except (TypeError, KeyError):
        raise RecordError(
            f"{side}.headers holds an item that is not a {{name, value}} object"
        ) from None
    return string_headers(pairs, side)


def _body(holder: dict[str, Any], where: str) -> bytes | None:
    text = holder.get("text")
    if text is None:
        return None
    if not isinstance(text, str):
        raise RecordError(f"{where}.text is not a string")
    encoding = holder.get("encoding")
    if not encoding:
        return text_body(text)
    if encoding == "base64":
        return base64_body(text, f"{where}.text")
    raise RecordError(f"{where}.encoding {str(encoding)[:20]!r} is not supported (only base64)")


def _python_type(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"
