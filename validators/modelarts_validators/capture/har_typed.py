"""The fast path of the HAR reader: entries read from bytes and decoded into typed structures.

``har.HarSpan`` walks a document as text (``json_stream``), which decodes every byte and builds
every value of an entry, timings and cookies included, only for the mapping to read a dozen
fields. Here the entries of ``log.entries`` are read as bytes: where an entry ends is found in C
without decoding it (``_scan.c``: brackets matched, strings stepped over; where that module was
not built, msgspec steps over the entry, and the "trailing characters" position of a decode that
ignores every field says where it ends), then just that span is decoded into ``TypedEntry``, which
names only the fields an exchange is made of (unknown fields are stepped over in C, not built).

It never decides anything the text reader would decide differently. What it takes is only what
it is sure of: a well-formed entry, within the record size limit, whose fields have the types an
exchange needs, in bytes known to be UTF-8. An entry whose fields have other types is parsed
(from its exact bytes, as the text reader parses it) and mapped the old way, so that its
``Unreadable`` message is the same. Anything else (a value that is not an object, JSON that
msgspec or the standard library would read differently such as a lone surrogate escape, an entry
too deep or too long, bad UTF-8, a read that fails, the end of the array) is handed back to the
text reader at the place it was found, and the text reader goes on from there exactly as if it
had read everything before: the same records, the same errors.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Generator
from typing import IO, Any, Literal

import msgspec

from .json_stream import READ_SIZE, TOO_DEEP, OffsetReader, Reader, parse_text
from .records import LONG_TEXT, Pieces, text_pieces

_texts_end: Any
_string_bytes: Any
try:
    from ._scan import TRUNCATED
    from ._scan import string_bytes as _string_bytes
    from ._scan import texts_end as _texts_end
except ImportError:  # built without a C compiler: msgspec finds where entries end
    _texts_end, _string_bytes, TRUNCATED = None, None, -1

#: Where the body texts are in an entry, as ``_scan.texts_end`` looks for them.
_TEXTS = ((b"request", b"postData", b"text"), (b"response", b"content", b"text"))

#: Whether the ends of entries are found, and their body texts made bytes, in C
#: (``capture/_scan.c``) rather than by msgspec.
NATIVE = _texts_end is not None

#: An entry msgspec accepted but the text reader's parser did not: the text reader decides.
_UNDECIDED = object()

#: How a run of entries in bytes ended, for the text reader that takes over: at the start of an
#: entry, or after one (at the ``,`` or ``]`` that follows it), or at the end of the span.
Stop = Literal["entry", "after", "span-end"]

_WHITE = b" \t\n\r"
_TRAILING = re.compile(r"trailing characters \(byte (\d+)\)")


class _Skip(msgspec.Struct, gc=False):
    """Decoded into, a value is only stepped over: where it ends is the point."""


class _Header(msgspec.Struct, gc=False):
    name: str
    value: str


class _Post(msgspec.Struct, gc=False):
    text: str | None = None
    encoding: str | None = None


class _Content(msgspec.Struct, gc=False):
    text: str | None = None
    encoding: str | None = None
    size: int | float | None = None


_NULL = msgspec.Raw(b"null")


class _LongPost(msgspec.Struct, gc=False):
    text: msgspec.Raw = _NULL  # a long text, decoded a piece at a time (records); any value
    encoding: str | None = None


class _LongContent(msgspec.Struct, gc=False):
    text: msgspec.Raw = _NULL
    encoding: str | None = None
    size: int | float | None = None


class _Request(msgspec.Struct, gc=False):
    method: str
    url: str
    headers: list[_Header] | None = None
    postData: _Post | None = None
    bodySize: int | float | None = None


class _Response(msgspec.Struct, gc=False):
    status: int
    headers: list[_Header] | None = None
    content: _Content | None = None
    bodySize: int | float | None = None


class TypedEntry(msgspec.Struct, gc=False):
    """The fields of a HAR entry an exchange is made of, each of the type it needs."""

    request: _Request
    response: _Response | None = None
    startedDateTime: str | None = None


class _LongRequest(_Request, gc=False):
    postData: _LongPost | None = None  # type: ignore[assignment]


class _LongResponse(_Response, gc=False):
    content: _LongContent | None = None  # type: ignore[assignment]


class _LongEntry(TypedEntry, gc=False):
    """A ``TypedEntry`` longer than ``records.LONG_TEXT``: its body texts are taken raw, and made
    bytes a piece at a time before the entry is handed out (``Pieces``)."""

    request: _LongRequest
    response: _LongResponse | None = None


_probe = msgspec.json.Decoder(_Skip).decode
_decode = msgspec.json.Decoder(TypedEntry).decode
_decode_long = msgspec.json.Decoder(_LongEntry).decode
_decode_text = msgspec.json.Decoder(str).decode


def _settle(entry: _LongEntry) -> _LongEntry:
    """Each raw body text of a long entry made into what the mapping takes: ``Pieces`` of its
    bytes for a text to be taken as UTF-8, the string for one with an encoding, the value itself
    when it is not a string (the mapping refuses it), so that nothing refers to the read buffer."""
    request, response = entry.request, entry.response
    holders = [request.postData, None if response is None else response.content]
    for holder in holders:
        if holder is None:
            continue
        with memoryview(holder.text) as raw:  # (not a copy: the read buffer's own bytes)
            pieces: Any = None
            if not holder.encoding and raw[0] == 0x22:  # '"': a string
                with contextlib.suppress(ValueError):  # (a lone surrogate: decoded whole)
                    pieces = Pieces(text_pieces(raw))
            value = pieces if pieces is not None else parse_text(bytes(raw).decode())
        holder.text = value
    return entry


def _with_texts(span: memoryview, texts: tuple[Any, ...]) -> TypedEntry | None:
    """The entry in ``span`` whose body texts are the string tokens at ``texts`` (from
    ``_scan.texts_end``): decoded without them (each a ``null``), then each made bytes in C,
    what ``text_body`` makes of the string (the string itself for a text with an encoding).
    None when a text is not one ``_scan.string_bytes`` decides alone (a lone surrogate escape):
    the entry is decoded as before."""
    cuts = sorted((at, side) for side, at in enumerate(texts) if at is not None)
    if not cuts:
        return _decode(span)
    parts: list[Any] = []
    done = 0
    for (start, stop), _ in cuts:
        parts += (span[done:start], b"null")
        done = stop
    parts.append(span[done:])
    entry = _decode(b"".join(parts))
    for (start, stop), side in cuts:
        if side == 0:
            holder: Any = entry.request.postData
        else:
            holder = None if entry.response is None else entry.response.content
        text = _string_bytes(span[start:stop])
        if holder is None or text is None:
            return None
        holder.text = text.decode() if holder.encoding else text
    return entry


class _Failing:
    """A stream whose reads raise what the real one raised (for the text reader to raise it
    after the bytes that came before it, as it does)."""

    def __init__(self, error: BaseException) -> None:
        self._error = error

    def read(self, size: int = -1) -> bytes:
        raise self._error


class EntryBytes:
    """The rest of ``log.entries`` as bytes, from the start of an entry: ``entries`` yields
    them (a ``TypedEntry``, or an entry parsed as the text reader parses it), and returns
    where it stopped; ``reader`` then gives the text reader that goes on from there."""

    def __init__(self, stream: IO[bytes], head: bytes, base: int, limit: int, ended: bool) -> None:
        self._read = getattr(stream, "read1", None) or stream.read
        self._stream = stream
        self._limit = limit
        self._buf = bytearray()
        self._pos = 0
        self._base = base  # the file offset of _buf[0]
        self._valid = 0  # _buf[:_valid] is known to be UTF-8
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        self._partial = False  # the incremental decoder holds part of a character
        self._bad = False  # the bytes after _valid are not UTF-8
        self._failure: BaseException | None = None
        self._ended = ended
        self._taken: Any = None  # the entry being handed out
        #: Where the entry's body texts are, from its start (``_scan.texts_end``), or None.
        self._texts: tuple[Any, ...] | None = None
        self._append(head)
        #: The file offset where the entries stopped (the text reader goes on from there).
        self.offset = base

    @classmethod
    def take_over(cls, reader: Reader) -> EntryBytes | None:
        """The bytes a text reader has not parsed yet (it stands at the start of an entry), or
        None when it cannot hand them over (a failed read or bad UTF-8 is pending in it)."""
        if reader._failure is not None:
            return None
        buffered = reader._utf8.getstate()[0]
        head = reader.text[reader.pos :].encode() + buffered + reader._pending
        base = reader.offset(reader.pos) if isinstance(reader, OffsetReader) else 0
        return cls(reader.stream, head, base, reader.limit, reader.ended)

    def reader(self, text_reader: type[Reader], offsets: bool) -> Reader:
        """The text reader that goes on where the entries stopped."""
        head = bytes(self._buf[self._pos :])
        self._buf = bytearray()
        stream: Any = self._stream if self._failure is None else _Failing(self._failure)
        if offsets:
            return OffsetReader(stream, head, self.offset, self._limit)
        return text_reader(stream, head, self._limit)

    # -- the entries -----------------------------------------------------------------------

    def entries(self, end: int | None, span: Any) -> Generator[Any, None, Stop]:
        """Yield entries from here; return (as the generator's value) where they stopped. With
        ``end``, the entries that start before byte ``end`` (``span.start``/``span.stop`` are
        set as ``HarSpan`` sets them)."""
        buf = self._buf
        while True:
            pos = self._skip_white(self._pos)
            if pos < 0:
                return self._stop("entry")
            self._pos = pos
            offset = self._base + pos
            if end is not None:
                if offset >= end:
                    span.stop = offset
                    return self._stop("span-end")
                if span.start is None:
                    span.start = offset
            if buf[pos] != 0x7B:  # "{": not an object, or no entry at all
                return self._stop("entry")
            stop = self._entry_end(pos)
            if stop < 0:
                return self._stop("entry")
            buf = self._buf  # a read may have trimmed it
            pos = self._pos
            if stop - pos > self._limit or stop > self._valid:
                return self._stop("entry")
            self._taken = self._take(pos, stop)
            if self._taken is _UNDECIDED:
                return self._stop("entry")
            del buf  # (the read buffer is not kept here while the exchange is checked)
            yield self._hand_out()  # nor the entry
            buf = self._buf
            if self._pos >= len(buf) or buf[self._pos] != 0x2C:  # ",": else "]", or an error
                return self._stop("after")
            self._pos += 1

    def _hand_out(self) -> Any:
        entry, self._taken = self._taken, None
        return entry

    def _take(self, pos: int, stop: int) -> Any:
        """The entry in ``_buf[pos:stop]``, typed, or parsed as the text reader parses it."""
        long = stop - pos > LONG_TEXT
        with memoryview(self._buf) as view, view[pos:stop] as span:
            try:
                texts = self._texts
                if long:
                    entry: Any = _settle(_decode_long(span))
                elif texts is None or (entry := _with_texts(span, texts)) is None:
                    entry = _decode(span)
            except (msgspec.ValidationError, ValueError, TypeError, OverflowError):
                entry = None
            if entry is None:
                try:
                    entry = parse_text(bytes(span).decode())
                except RecursionError:
                    entry = TOO_DEEP
                except Exception:  # (NaN, a lone surrogate: msgspec refuses them first)
                    return _UNDECIDED
        self._pos = stop
        if long or stop > READ_SIZE:  # drop what was read, so a long entry is not kept twice
            self._trim(fresh=long)
        return entry

    def _entry_end(self, pos: int) -> int:
        """Where the entry at ``pos`` ends (at the first character after it that is not white
        space), reading on as needed; -1 when it cannot be told (the text reader decides)."""
        self._texts = None
        if _texts_end is None:
            return self._entry_end_probed(pos)
        end: int
        while True:
            found = _texts_end(self._buf, pos, _TEXTS)
            if type(found) is tuple:
                end, self._texts = found
                break
            end = found
            if end != TRUNCATED or len(self._buf) - pos > self._limit or not self._fill():
                return -1
            pos = self._pos
        while True:  # the white space after it, read on when it ends the bytes read so far
            buf = self._buf
            size = len(buf)
            while end < size and buf[end] in _WHITE:
                end += 1
            if end < size:
                return end
            past = end - pos
            if not self._fill():
                return len(self._buf)
            pos = self._pos
            end = pos + past

    def _entry_end_probed(self, pos: int) -> int:
        """``_entry_end`` by msgspec: a decode of the rest that ignores every field, and the
        position of its "trailing characters" error; -1 when msgspec cannot tell."""
        while True:
            whole = False
            with memoryview(self._buf) as view, view[pos:] as rest:
                try:
                    _probe(rest)
                except msgspec.DecodeError as error:
                    message = str(error)
                    found = _TRAILING.search(message)
                    if found is not None:
                        return pos + int(found.group(1)) - 1
                    if "truncated" not in message:
                        return -1
                except RecursionError:
                    return -1
                else:  # the entry ends the bytes read so far: what follows is unread
                    whole = True
            if whole:
                if not self._fill():
                    return len(self._buf)
            elif len(self._buf) - pos > self._limit or not self._fill():
                return -1
            pos = self._pos

    def _skip_white(self, pos: int) -> int:
        buf = self._buf
        while True:
            size = len(buf)
            while pos < size and buf[pos] in _WHITE:
                pos += 1
            if pos < size:
                return pos
            self._pos = pos
            if not self._fill():
                return -1
            buf = self._buf
            pos = self._pos

    # -- reading ---------------------------------------------------------------------------

    def _fill(self) -> bool:
        """Read on until the unparsed bytes have doubled; False when nothing more came (the
        end of the input, a failed read, bad UTF-8 ahead)."""
        if self._ended or self._failure is not None or self._bad:
            return False
        self._trim()
        want = max(READ_SIZE, len(self._buf))
        got = 0
        while got < want:
            try:
                chunk = self._read(READ_SIZE)
            except Exception as error:  # a gzip stream breaking off: the text reader raises it
                self._failure = error
                break
            if not chunk:
                self._ended = True
                break
            self._append(chunk)
            got += len(chunk)
            if self._bad:
                break
        return got > 0

    def _append(self, chunk: bytes) -> None:
        start = len(self._buf)
        self._buf += chunk
        if self._bad:
            return
        if not self._partial and chunk.isascii():
            self._valid = len(self._buf)
            return
        held = len(self._pending_bytes())  # the start of a character, before ``start``
        try:
            self._utf8.decode(chunk, False)
        except UnicodeDecodeError as error:  # error.start counts from the held bytes
            self._bad = True
            self._valid = max(self._valid, start - held + error.start)
            return
        pending = self._pending_bytes()
        self._partial = bool(pending)
        self._valid = len(self._buf) - len(pending)

    def _pending_bytes(self) -> bytes:
        return self._utf8.getstate()[0]

    def _trim(self, fresh: bool = False) -> None:
        """Drop the bytes before ``_pos``; ``fresh``: into a new buffer, so that the old one's
        memory goes at once (after a long entry, before its body's pieces are joined)."""
        pos = self._pos
        if pos:
            if fresh:
                self._buf = self._buf[pos:]
            else:
                del self._buf[:pos]
            self._base += pos
            self._valid = max(0, self._valid - pos)
            self._pos = 0

    def _stop(self, where: Stop) -> Stop:
        self.offset = self._base + self._pos
        return where
