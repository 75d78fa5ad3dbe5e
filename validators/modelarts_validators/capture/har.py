"""HAR 1.2/1.3 captures, streamed entry by entry.

A HAR file is one JSON document, ``{"log": {..., "entries": [...]}}``, often hundreds of
megabytes. It is never loaded whole: the document is read 1 MiB at a time and decoded as UTF-8
incrementally; the reader walks the keys of the top-level object and of ``log`` (skipping every
other value, such as ``pages`` or ``creator``, before or after ``entries``), then parses one entry
at a time (``json_stream``, the standard library's ``raw_decode`` in C) from where the previous
one ended, and turns it into an ``Exchange``. Memory stays at one entry plus a read
buffer, however many entries the file holds.

The entries of a byte range of the document can be read alone, for checking one file on several
cores: ``HarSpan`` resumes at an entry start, ``HarSpan.guess`` guesses one (see
``run.parallel``).

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

from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from ..contract.lazy_re import lazy_compile
from ..contract.model import Exchange, Request, Response
from ..contract.redact import redact_url, scalar_text
from .errors import CaptureError
from .json_stream import TOO_DEEP, OffsetReader, ParseError, Reader, TooDeep, TooLarge, kind_of
from .records import (
    MAX_RECORD_SIZE,
    Pieces,
    RecordError,
    Unreadable,
    base64_body,
    request_line,
    response_status,
    started_time,
    string_headers,
    text_body,
    too_large,
)

if TYPE_CHECKING:
    from .har_typed import EntryBytes, TypedEntry


def har_records(
    stream: IO[bytes],
    source: str,
    head: bytes = b"",
    limit: int = MAX_RECORD_SIZE,
    *,
    fast: bool = True,
) -> Iterator[Exchange | Unreadable]:
    """Every entry of the HAR document in ``head`` + ``stream``, in order, as an exchange or
    an ``Unreadable`` (an entry longer than ``limit`` bytes too); ``entry`` is the 0-based
    position in ``log.entries``. ``fast=False``: every entry read by the text reader (the same
    records; for a short document, which it reads in less time than the bytes reader's msgspec
    takes to import)."""
    return HarSpan(stream, head, limit=limit, fast=fast).records(source)


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


#: Where an entry may start: ``{`` then ``"``, after the ``[`` or ``,`` of an array. Inside a
#: JSON string every ``"`` is escaped, so this matches there only where a string's last
#: characters are ``,{`` or ``[{`` (and parsing from that ``{`` fails).
_CANDIDATE = lazy_compile(r'[,\[][ \t\n\r]*(\{)[ \t\n\r]*"')
_KEEP = 64  # characters kept for a candidate that a read cuts in two


_NOTHING = object()
#: An entry nested too deeply, or too long, to be built (it has been stepped over): unreadable.
_TOO_DEEP = object()
_TOO_LARGE = object()
#: After this many returns to the text reader (entries it alone can read), a span stays with it.
_MAX_HANDOVERS = 16


class HarSpan:
    """The entries of a HAR document: all of them (``end`` None), or, for checking one file on
    several cores, those that *start* at a byte offset before ``end``.

    A span either reads the document from its start (through ``log`` to ``entries``), or
    resumes at an entry: the stream is positioned at the ``{`` of an entry, ``base`` bytes into
    the file (``resume=True``; ``guess`` finds one from any offset). ``start`` is then the
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
        limit: int = MAX_RECORD_SIZE,
        fast: bool = True,
    ) -> None:
        self._reader = (
            Reader(stream, head, limit) if end is None else OffsetReader(stream, head, base, limit)
        )
        self._end = end
        self._resume = resume
        self._first: Any = _NOTHING  # an entry already parsed by find_entry
        # times the bytes reader (``har_typed``) handed back to the text reader; ``fast=False``
        # reads every entry as text (the tests hold both ways to the same records)
        self._handovers = 0 if fast else _MAX_HANDOVERS
        # the bytes reader's entry type, once it has taken over (it is imported then: msgspec)
        self._typed: type[TypedEntry] | tuple[()] = ()
        self.start: int | None = None
        self.stop: int | None = None
        self.count = 0

    def _bytes_reader(self, reader: Reader) -> EntryBytes | None:
        """``EntryBytes.take_over(reader)``, its module imported on first use (with msgspec)."""
        from .har_typed import EntryBytes, TypedEntry

        self._typed = TypedEntry
        return EntryBytes.take_over(reader)

    def records(self, source: str) -> Iterator[Exchange | Unreadable]:
        """The span's entries as exchanges or ``Unreadable`` values, numbered from 0;
        ``HarParseError`` (after the entries before it) where the document breaks off."""
        try:
            for entry in self._values():
                count = self.count
                record: Exchange | Unreadable
                try:
                    if isinstance(entry, self._typed):
                        record = exchange_from_typed(entry, count, source)
                    elif entry is _TOO_DEEP or entry is TOO_DEEP:
                        raise RecordError("the entry is nested too deeply to be read")
                    elif entry is _TOO_LARGE:
                        raise RecordError(f"the entry is {too_large(self._reader.limit)}")
                    else:
                        record = exchange_from_entry(entry, count, source)
                except RecordError as error:
                    record = Unreadable(count, str(error), source)
                entry = None  # the exchange holds what it needs: the parsed entry goes now
                self._reader.release()
                yield record
                self.count = count + 1
        except ParseError as error:
            raise HarParseError(self.count, str(error)) from None

    def _values(self) -> Iterator[Any]:
        end = self._end
        if not self._resume:
            open_entries(self._reader)
            if self._reader.peek() == "]":
                self._reader.pos += 1
                return self._close()
        at_entry = True
        while True:
            reader = self._reader
            if not at_entry:
                char = reader.peek()
                reader.pos += 1
                if char == "]":
                    return self._close()
                if char != ",":
                    raise ParseError("parse error: expecting ',' or ']' after an entry")
                at_entry = True
                continue
            if self._first is not _NOTHING:
                entry, self._first = self._first, _NOTHING
                yield entry
                at_entry = False
                continue
            if self._handovers < _MAX_HANDOVERS and (fast := self._bytes_reader(reader)):
                stopped = yield from fast.entries(end, self)
                self._reader = fast.reader(type(reader), isinstance(reader, OffsetReader))
                if stopped == "span-end":
                    return None
                self._handovers += 1
                at_entry = stopped == "entry"
                if not at_entry:
                    continue
                reader = self._reader
            if end is not None:
                reader.peek()
                offset = reader.offset(reader.pos)  # type: ignore[attr-defined]
                if offset >= end:
                    self.stop = offset
                    return None
                if self.start is None:
                    self.start = offset
            try:
                entry = reader.value()
            except TooDeep:
                reader.skip()
                entry = _TOO_DEEP
            except TooLarge as error:
                if not error.passed:
                    reader.skip()
                entry = _TOO_LARGE
            yield entry
            entry = None
            at_entry = False

    def _close(self) -> None:
        """After ``log.entries``: the rest of ``log``, of the document, then only white space."""
        reader = self._reader
        reader.close_object()
        reader.close_object()
        reader.end()

    @classmethod
    def guess(
        cls,
        stream: IO[bytes],
        start: int,
        end: int,
        stop: int | None = None,
        *,
        after: int = 0,
        limit: int = MAX_RECORD_SIZE,
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
        span = cls(
            stream, head[skipped:], base=start + skipped, end=stop or end, resume=True, limit=limit
        )
        reader = span._reader
        assert isinstance(reader, OffsetReader)
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
                except ParseError:
                    reader.pos += 1  # value() leaves pos at the candidate
                    continue
                if isinstance(value, dict) and isinstance(value.get("request"), dict):
                    span._first = value
                    span.start = offset
                    return span
        except ParseError:  # not UTF-8 or an unreadable stream: no guess
            return None


def open_entries(reader: Reader) -> None:
    """Walk ``reader`` to the ``[`` of ``log.entries`` and past it (the rest of ``log`` and of
    the document is read by ``close_object``). ``CaptureError`` when the document is not a
    HAR."""
    if reader.peek() != "{":
        raise CaptureError(f"not a HAR: the document is {reader.kind()}, not an object")
    reader.pos += 1
    for key in reader.members():
        if key != "log":
            reader.discard()
            continue
        if reader.peek() != "{":
            raise CaptureError(f"not a HAR: log is {reader.kind()}, not an object")
        reader.pos += 1
        for name in reader.members():
            if name != "entries":
                reader.discard()
                continue
            if reader.peek() != "[":
                raise CaptureError(f"not a HAR: log.entries is {reader.kind()}, not an array")
            reader.pos += 1
            return
        break
    raise CaptureError("not a HAR: the document has no log.entries")


def exchange_from_entry(entry: Any, index: int, source: str) -> Exchange:
    if not isinstance(entry, dict):
        raise RecordError(f"the entry is {kind_of(entry)}, not an object")
    request = entry.get("request")
    if not isinstance(request, dict):
        raise RecordError("the entry has no request object")
    started = started_time(entry.get("startedDateTime"))
    method, url = request_line(request)
    post = request.get("postData")
    body = _body(post, "request.postData") if isinstance(post, dict) else None
    headers = _headers(request.get("headers"), "request")
    req = Request(headers, _or_empty(body, headers, request.get("bodySize")), method, url)
    response = entry.get("response")
    if response is None:
        return Exchange(req, None, index, source, started)
    if not isinstance(response, dict):
        raise RecordError("response is not an object")
    status = response_status(response)
    if status == 0:
        return Exchange(req, None, index, source, started)
    content = response.get("content")
    body = _body(content, "response.content") if isinstance(content, dict) else None
    headers = _headers(response.get("headers"), "response")
    size = content.get("size") if isinstance(content, dict) else None
    body = _or_empty(body, headers, response.get("bodySize"), size)
    return Exchange(req, Response(headers, body, status), index, source, started)


def exchange_from_typed(entry: TypedEntry, index: int, source: str) -> Exchange:
    """``exchange_from_entry`` of an entry decoded by the bytes reader (``har_typed``), whose
    fields already have the types the checks above require: the same exchange, or the same
    ``RecordError``."""
    started = started_time(entry.startedDateTime)
    request = entry.request
    method, url = scalar_text(request.method), redact_url(scalar_text(request.url))
    post = request.postData
    body = None if post is None else _body_text(post.text, post.encoding, "request.postData")
    headers = _typed_headers(request.headers, "request")
    req = Request(headers, _or_empty(body, headers, request.bodySize), method, url)
    response = entry.response
    if response is None or response.status == 0:
        return Exchange(req, None, index, source, started)
    content = response.content
    body = (
        None if content is None else _body_text(content.text, content.encoding, "response.content")
    )
    headers = _typed_headers(response.headers, "response")
    size = None if content is None else content.size
    body = _or_empty(body, headers, response.bodySize, size)
    return Exchange(req, Response(headers, body, response.status), index, source, started)


def _or_empty(
    body: bytes | None, headers: dict[str, str], body_size: Any, declared: Any = None
) -> bytes | None:
    """``body``; for a message whose body text is absent, ``b""`` when it was sent without a
    body: HAR writes ``bodySize: 0`` (``-1`` when it does not know), a zero ``content.size``
    (``declared``), or the message says ``Content-Length: 0``. An absent text of a body that was
    sent is not captured (None)."""
    if body is not None:
        return body
    if body_size == 0 and not isinstance(body_size, bool):
        return b""
    if declared == 0 and not isinstance(declared, bool):
        return b""
    return b"" if headers.get("content-length", "").strip() == "0" else None


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


def _typed_headers(headers: list[Any] | None, side: str) -> dict[str, str]:
    if headers is None:
        return {}
    return string_headers([(h.name, h.value) for h in headers], side)  # (strings, typed)


def _body(holder: dict[str, Any], where: str) -> bytes | None:
    return _body_text(holder.get("text"), holder.get("encoding"), where)


def _body_text(text: Any, encoding: Any, where: str) -> bytes | None:
    if text is None:
        return None
    if type(text) is bytes:  # a text made bytes already, in C (har_typed)
        return text
    if isinstance(text, Pieces):  # a long text, made bytes a piece at a time (har_typed)
        return text.joined()
    if not isinstance(text, str):
        raise RecordError(f"{where}.text is not a string")
    if not encoding:
        return text_body(text)
    if encoding == "base64":
        return base64_body(text, f"{where}.text")
    raise RecordError(f"{where}.encoding {str(encoding)[:20]!r} is not supported (only base64)")
