"""A streaming tokenizer for one large JSON document: values parsed one at a time, in C.

The document is read ``READ_SIZE`` bytes at a time and decoded as UTF-8 incrementally;
``Reader`` walks it by hand where a caller wants to skip or step into structure (object keys,
array separators), and parses each value it is asked for with the standard library's
``json.JSONDecoder.raw_decode`` from the current position. Memory stays at one read plus the
value being parsed, however large the document. ``OffsetReader`` also knows the byte offset in
the file of any position, for readers that start mid-file.

Every failure is a ``ParseError`` whose message is one line and names no content of the
document: invalid JSON, a document that breaks off (``TRUNCATED``), bad UTF-8. A read that fails
(a gzip stream breaking off) is raised only after every value before it has been parsed.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import IO, Any

from ..contract.wire import MAX_DIGITS, NotJsonConstant, json_type, reject_constant

#: Bytes per read: large reads keep the per-read overhead (joining the unparsed rest of the
#: buffer to the new text) small next to the parsing.
READ_SIZE = 1 << 20
#: An entry nested too deeply for the text reader to build, as the bytes reader (``har_typed``)
#: hands it out (the text reader reads it as ``TooDeep``).
TOO_DEEP = object()


class ParseError(Exception):
    """The document is not valid JSON (or breaks off); the message is one line, without content."""


class TooDeep(ParseError):
    """A value nests deeper than the parser can build (Python's recursion limit, about 1,000
    levels); ``Reader.skip`` can still move past it."""


class TooLarge(ParseError):
    """A value is longer than the reader's ``limit`` (in characters of its JSON text);
    ``Reader.skip`` moves past it without keeping it, unless it was read whole already
    (``passed``: the reader stands after it)."""

    def __init__(self, message: str, *, passed: bool = False) -> None:
        super().__init__(message)
        self.passed = passed


TRUNCATED = "the document breaks off (truncated)"
_SPACE = re.compile(r"[ \t\n\r]*")
_NOT_CUT = 16  # an error further than this from the end of the buffer is not due to the cut
#: Text left unparsed below which the reader reads on before parsing a value. A value cut by the
#: end of the text is parsed again after the next read, and the cut costs more than the parse:
#: json's error counts the lines of the whole text before it (0.3 ms a MiB). Only values longer
#: than this can still be cut.
_LOOKAHEAD = READ_SIZE // 4
#: Parsed text longer than this is dropped as soon as its value is used (``Reader.release``).
_RELEASE = 4 * READ_SIZE


def _parse_int(text: str) -> int | float:
    """An integer longer than Python converts (``wire.MAX_DIGITS``; ``int`` would take time
    quadratic in its length) is read as an infinite float, which no field that must hold an
    integer accepts: the record that uses it is unreadable, the others are read."""
    if len(text) - text.startswith("-") <= MAX_DIGITS:
        return int(text)
    return float("-inf") if text.startswith("-") else float("inf")


_raw_decode = json.JSONDecoder(parse_constant=reject_constant, parse_int=_parse_int).raw_decode


def parse_text(text: str) -> Any:
    """One value's text parsed as ``Reader.value`` parses it (white space may follow it)."""
    return _raw_decode(text)[0]


#: The next character that may open, close or start a string, for ``skip``.
_SPECIAL = re.compile(r'["\[\]{}]')
#: The next character inside a string that ends it or escapes the one after it.
_IN_STRING = re.compile(r'["\\]')
#: How ``kind`` names a value: "the document is an array, not an object".
_ARTICLE = {
    "array": "an array",
    "object": "an object",
    "string": "a string",
    "boolean": "a boolean",
    "null": "null",
    "integer": "a number",
    "number": "a number",
}


def kind_of(value: Any) -> str:
    """A parsed value as a message names it: "an array", "a number", "null"..."""
    return _ARTICLE[json_type(value)]


class Reader:
    """The document as text: ``text[pos:]`` is what is not parsed yet. ``fill`` reads on (and
    drops the parsed part), so that the text holds about one read and the value being parsed."""

    def __init__(self, stream: IO[bytes], head: bytes, limit: int = 0) -> None:
        self.limit = limit or (1 << 62)  # the longest value ``value`` builds
        self.stream = stream
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
        again only a few times), and by one character at least; False at the end of the input. A read that fails after some
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
        new = 0  # characters decoded: bytes that are only the start of one give none yet
        while got < want or not new:
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
                piece = self._utf8.decode(chunk, not chunk)
            except UnicodeDecodeError as error:
                pieces.append(error.object[: error.start].decode())
                self._failure = ParseError("the document is not valid UTF-8")
                break
            pieces.append(piece)
            new += len(piece)
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
        """The next character that is not white space; ``ParseError`` at the end of input."""
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
                raise ParseError(TRUNCATED)

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
                    raise ParseError(_describe(error, self.text, self.ended)) from None
                if len(self.text) - self.pos > self.limit:
                    raise TooLarge(f"the value is longer than {self.limit} bytes") from None
                self.fill()
                continue
            except NotJsonConstant as error:
                raise ParseError(f"parse error: {error}") from None
            except RecursionError:
                raise TooDeep("the value is nested too deeply to be read") from None
            # a number near the end of the buffer may go on in the next read ("1.5" of "1.5e3")
            cut = end > len(self.text) - _NOT_CUT and not self.ended
            if cut and _number(value):
                self.fill()  # the text now starts at the number: parse it again
                continue
            start, self.pos = self.pos, end
            if end - start > self.limit:  # it fitted in the reads: refused all the same
                raise TooLarge(f"the value is longer than {self.limit} bytes", passed=True)
            return value

    def release(self) -> None:
        """Drop the text already parsed when it is large (after a long value), so that it is
        not kept while the value is used; a no-op in the common case."""
        if self.pos > _RELEASE:
            self.text = self.text[self.pos :]
            self.pos = 0

    def discard(self) -> None:
        """Move past the value at the current position, whatever its depth or length."""
        try:
            self.value()
        except TooDeep:
            self.skip()
        except TooLarge as error:
            if not error.passed:
                self.skip()

    def skip(self) -> None:
        """Move past the value at the current position without building it: brackets are
        counted and strings stepped over, reading on as needed and dropping what was read, so
        neither depth nor length costs recursion or memory. The value is not checked beyond
        that."""
        if self.peek() not in '[{"':
            self.value()  # a number or a literal: short, or a parse error
            return
        depth = 0
        in_string = False
        pos = self.pos
        while True:
            text = self.text
            found = (_IN_STRING if in_string else _SPECIAL).search(text, pos)
            if found is None or (found.group() == "\\" and found.end() == len(text)):
                # read on; keep a backslash that the read cut from the character it escapes
                self.pos = len(text) if found is None else found.start()
                if not self.fill():
                    raise ParseError(TRUNCATED)
                pos = 0
                continue
            char = found.group()
            pos = found.end()
            if char == "\\":
                pos += 1  # the escaped character
            elif char == '"':
                in_string = not in_string
                if not in_string and depth == 0:
                    break
            elif char in "[{":
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    break
        self.pos = pos

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
            self.discard()

    def _key(self) -> str:
        if self.peek() != '"':
            raise ParseError("parse error: invalid object key (must be a string)")
        key: str = self.value()
        if self.peek() != ":":
            raise ParseError("parse error: expecting ':' after an object key")
        self.pos += 1
        return key

    def _next_member(self) -> bool:
        """After a member's value: True for ``,``, False for the object's ``}``."""
        char = self.peek()
        self.pos += 1
        if char == "}":
            return False
        if char != ",":
            raise ParseError("parse error: expecting ',' or '}' after an object value")
        return True

    def end(self) -> None:
        """Only white space may follow the document."""
        while True:
            self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text):
                raise ParseError("parse error: trailing garbage")
            if not self.fill():
                return

    def kind(self) -> str:
        """What the value at the current position is: "an object", "a number"..."""
        char = self.peek()
        if char in "{[":
            return "an object" if char == "{" else "an array"
        return kind_of(self.value())  # a parse error if the scalar is not JSON


class OffsetReader(Reader):
    """A ``Reader`` that knows the byte offset in the file of any position of its text (asked
    in increasing order): ``base`` is the offset of the first byte of ``head``."""

    def __init__(self, stream: IO[bytes], head: bytes, base: int, limit: int = 0) -> None:
        super().__init__(stream, head, limit)
        self._mark = (0, base)  # a position of the text and its byte offset

    def offset(self, pos: int) -> int:
        mark_pos, mark = self._mark
        if self.text.isascii():  # O(1): one character per byte
            return mark + pos - mark_pos
        mark += len(self.text[mark_pos:pos].encode())
        self._mark = (pos, mark)
        return mark

    def release(self) -> None:
        if self.pos > _RELEASE:
            base = self.offset(self.pos)
            super().release()
            self._mark = (0, base)

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
        return TRUNCATED
    message = _WORDING.get(error.msg, error.msg)
    return f"parse error: {message[0].lower()}{message[1:]}"


_WORDING = {
    "Expecting property name enclosed in double quotes": "invalid object key (must be a string)",
    "Invalid control character at": "invalid control character in a string",
    "Invalid \\escape": "invalid escape in a string",
    "Invalid \\uXXXX escape": "invalid \\uXXXX escape in a string",
    "Extra data": "trailing garbage",
}
