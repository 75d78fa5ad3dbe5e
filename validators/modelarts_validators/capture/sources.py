"""Find the captures named on the command line, open them, and stream their records.

Inputs are files, directories (searched recursively, in sorted order, for the capture suffixes
below) and ``-`` for standard input. Every input is opened the same way:

1. gzip is recognised by its magic bytes (``1f 8b``), whatever the name, and decompressed on the
   fly.
2. The format comes from the name: ``.har`` is HAR, ``.ndjson`` and ``.jsonl`` are NDJSON (each
   also with ``.gz``). Any other name, and standard input, is sniffed: a document whose first key
   is ``"log"`` is HAR, any other JSON object is NDJSON, and anything that does not start with
   ``{`` is refused. Empty input is NDJSON with no records. A UTF-8 byte order mark is skipped.
   A directory search also reads a ``*.json`` file that starts as a HAR document, and counts
   every file it leaves out, by why (``search_sources``, ``Skipped``).
3. Records stream out one at a time (``har.har_records``, ``ndjson.ndjson_records``): an
   ``Exchange`` or, for a record that cannot be read, an ``Unreadable``. Nothing here judges
   them: ``run`` does.

An input that cannot be used at all (missing, unreadable, not a capture, corrupt gzip, a HAR
without ``log.entries``, JSON that breaks off) raises ``CaptureError`` with a one-line message
that starts with the input's name. When that happens mid-stream, every record before the break
has already been yielded: the caller reports what it read, then the error.
"""

from __future__ import annotations

import io
import os
import stat
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Literal, cast

from .._deferred import field
from .._frozen import FACTORY, frozen, record_with_dict
from ..contract.lazy_re import lazy_compile
from ..contract.model import Exchange
from .errors import CaptureError, describe_error, read_errors
from .json_stream import READ_SIZE
from .records import MAX_RECORD_SIZE, Unreadable

#: The formats of a capture file.
CaptureFormat = Literal["har", "ndjson"]

#: Names a directory search picks up, and the format each name stands for.
CAPTURE_SUFFIXES: dict[str, CaptureFormat] = {
    ".har": "har",
    ".har.gz": "har",
    ".ndjson": "ndjson",
    ".ndjson.gz": "ndjson",
    ".jsonl": "ndjson",
    ".jsonl.gz": "ndjson",
}
STDIN_NAME = "<stdin>"
_GZIP_MAGIC = b"\x1f\x8b"
#: A HAR file no longer than this (uncompressed) is read by the text reader alone (the same
#: records): it reads one in a few milliseconds, less than the bytes reader's msgspec takes to
#: import (``har.har_records``).
SHORT_HAR = READ_SIZE
#: A UTF-8 byte order mark, skipped at the start of an input.
BOM = b"\xef\xbb\xbf"
_SNIFF_SIZE = 4096
_HAR_START = lazy_compile(rb'\A[ \t\r\n]*\{[ \t\r\n]*"log"[ \t\r\n]*:')
_OBJECT_START = lazy_compile(rb"\A[ \t\r\n]*\{")
_BLANK = lazy_compile(rb"\A[ \t\r\n]*\Z")


@frozen
class Source:
    """One input: ``name`` is how reports call it (the path as given or found, or ``<stdin>``);
    ``format`` is the one its name implies, ``None`` when its content decides; ``size`` is known
    for a regular file only."""

    name: str
    path: Path | None
    format: CaptureFormat | None = None
    size: int | None = None
    limit: int = MAX_RECORD_SIZE  # the largest record read whole

    def __init__(
        self,
        name: str,
        path: Path | None,
        format: CaptureFormat | None = None,
        size: int | None = None,
        limit: int = MAX_RECORD_SIZE,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "name", name)
        set_(self, "path", path)
        set_(self, "format", format)
        set_(self, "size", size)
        set_(self, "limit", limit)


def format_for(name: str) -> CaptureFormat | None:
    lowered = name.lower()
    for suffix, format_ in CAPTURE_SUFFIXES.items():
        if lowered.endswith(suffix):
            return format_
    return None


@record_with_dict
class Skipped:
    """The files a directory search did not read, counted by why: ``not-a-capture-name``
    (``README.md``, images: no capture suffix) and ``json-not-har`` (a ``*.json`` file that does
    not start as a HAR document does)."""

    by_reason: Counter[str] = field(default_factory=Counter)
    directories: list[str] = field(default_factory=list)

    def __init__(self, by_reason: Counter[str] = FACTORY, directories: list[str] = FACTORY) -> None:
        self.by_reason = Counter() if by_reason is FACTORY else by_reason
        self.directories = [] if directories is FACTORY else directories

    @property
    def total(self) -> int:
        return sum(self.by_reason.values())

    def describe(self) -> str:
        """One line: how many, where, and why (empty when nothing was skipped)."""
        if not self.total:
            return ""
        suffixes = "*.har, *.ndjson, *.jsonl, optionally .gz"
        why = {
            "not-a-capture-name": f"not named as captures ({suffixes})",
            "json-not-har": "*.json not a HAR document",
        }
        parts = ", ".join(f"{self.by_reason[r]} {why[r]}" for r in why if self.by_reason[r])
        files = "file" if self.total == 1 else "files"
        return f"skipped {self.total} {files} in {', '.join(self.directories)}: {parts}"


def find_sources(arguments: Sequence[str], limit: int = MAX_RECORD_SIZE) -> list[Source]:
    """The inputs named by ``arguments``, directories expanded; ``CaptureError`` for a name that
    does not exist, a directory with no capture in it, or ``-`` given twice. ``limit``: the
    largest record read whole (a longer one is ``unreadable``)."""
    return search_sources(arguments, limit)[0]


def search_sources(
    arguments: Sequence[str], limit: int = MAX_RECORD_SIZE
) -> tuple[list[Source], Skipped]:
    """``find_sources``, and what the directory searches skipped: a user who points the tool at
    a folder learns that files were left out, and why, rather than trusting a partial run."""
    sources: list[Source] = []
    skipped = Skipped()
    for argument in arguments:
        if argument == "-":
            if any(s.path is None for s in sources):
                raise CaptureError("- (standard input) is given more than once")
            sources.append(Source(STDIN_NAME, None, limit=limit))
            continue
        path = Path(argument)
        if path.is_dir():
            before = skipped.total
            found = list(_walk(path, limit, skipped))
            if skipped.total > before:
                skipped.directories.append(display_name(argument))
            if not found:
                suffixes = ", ".join(f"*{s}" for s in CAPTURE_SUFFIXES)
                raise CaptureError(
                    f"{display_name(argument)}: no capture files ({suffixes}, or *.json HAR"
                    " documents) in this directory"
                )
            sources.extend(found)
        elif path.exists():
            name = display_name(argument)
            sources.append(Source(name, path, format_for(path.name), _size(path), limit))
        else:
            raise CaptureError(f"{display_name(argument)}: no such file or directory")
    return sources, skipped


def iter_records(
    arguments: Sequence[str], stdin: IO[bytes] | None = None
) -> Iterator[Exchange | Unreadable]:
    """Every record of every capture named (files, directories, ``-`` for ``stdin``), in order:
    the library's way to stream a whole capture. Raises ``CaptureError`` where an input cannot
    be read (on), after the records before it."""
    for source in find_sources(arguments):
        with Capture(source, stdin) as capture:
            yield from capture.records()


def _walk(directory: Path, limit: int, skipped: Skipped) -> Iterator[Source]:
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        for name in sorted(files):
            path = Path(root, name)
            format_ = format_for(name)
            if format_ is None and name.lower().endswith(".json"):
                if not _starts_as_har(path):
                    skipped.by_reason["json-not-har"] += 1
                    continue
                format_ = "har"
            if format_ is None:
                skipped.by_reason["not-a-capture-name"] += 1
                continue
            yield Source(display_name(str(path)), path, format_, _size(path), limit)


def _starts_as_har(path: Path) -> bool:
    """Whether a ``*.json`` file begins as a HAR document (``{"log":``, after a byte order
    mark): browsers and proxies save HAR under ``.json`` too."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(_SNIFF_SIZE)
    except OSError:
        return False
    return bool(_HAR_START.match(head.removeprefix(BOM)))


def display_name(name: str) -> str:
    """A file name as reports show it: bytes that are not UTF-8 (kept by ``os.fsdecode`` as lone
    surrogates, which no report can encode) as ``\\xNN`` escapes."""
    if name.isascii():
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _size(path: Path) -> int | None:
    """The size of a regular file; None for anything else (a pipe, a FIFO, a character device:
    read once, front to back, by the main process)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None


class Capture:
    """An open input. Iterate ``records()`` once; ``position()`` is how many bytes of the file
    have been read so far (for progress), ``None`` for standard input."""

    def __init__(self, source: Source, stdin: IO[bytes] | None = None) -> None:
        self.source = source
        self._stdin = stdin
        self._raw: IO[bytes] | None = None
        self.compressed = False  # gzip (known once records() or sniff() has opened the input)
        self.bom = False  # a UTF-8 byte order mark was skipped

    def __enter__(self) -> Capture:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._raw is not None and self.source.path is not None:
            self._raw.close()
        self._raw = None

    def position(self) -> int | None:
        if self._raw is None or self.source.path is None:
            return None
        try:
            return self._raw.tell()
        except (OSError, ValueError):
            return None

    def records(self) -> Iterator[Exchange | Unreadable]:
        name = self.source.name
        try:
            format_, head, stream = self._open()
            limit = self.source.limit
            if format_ == "har":  # (each reader imported when its format is read)
                from .har import har_records

                size = None if self.compressed else self.source.size
                fast = size is None or size > SHORT_HAR
                yield from har_records(stream, name, head, limit, fast=fast)
            else:
                from .ndjson import bounded_lines, ndjson_records

                lines = bounded_lines(stream, limit, head=head)
                yield from ndjson_records(lines, name, 0, limit)
        except CaptureError as error:
            raise CaptureError(f"{name}: {error}") from None
        except read_errors() as error:
            raise CaptureError(f"{name}: {describe_error(error)}") from None

    def sniff(self) -> CaptureFormat:
        """Open the input and tell its format (setting ``compressed`` and ``bom``), reading
        no record; ``CaptureError`` as ``records()`` would raise it."""
        try:
            return self._open()[0]
        except CaptureError as error:
            raise CaptureError(f"{self.source.name}: {error}") from None
        except read_errors() as error:
            raise CaptureError(f"{self.source.name}: {describe_error(error)}") from None

    def _open(self) -> tuple[CaptureFormat, bytes, IO[bytes]]:
        """The format, the bytes already read to tell it, and the stream of the rest."""
        if self.source.path is None:
            if self._stdin is None:
                raise CaptureError("standard input is not available")
            raw = self._stdin
        else:
            raw = open(self.source.path, "rb", buffering=0)  # noqa: SIM115 - closed by close()
        self._raw = raw
        head = _read_head(raw, len(_GZIP_MAGIC))
        stream: IO[bytes] = raw
        if head.startswith(_GZIP_MAGIC):
            import gzip  # (only for a compressed input)

            stream = cast(IO[bytes], gzip.GzipFile(fileobj=_Rewound(head, raw), mode="rb"))
            head = b""
            self.compressed = True
        head += _read_head(stream, _SNIFF_SIZE - len(head))
        if head.startswith(BOM):
            head = head[len(BOM) :]
            self.bom = True
        return self._format(head), head, stream

    def _format(self, head: bytes) -> CaptureFormat:
        declared = self.source.format
        if _HAR_START.match(head):
            if declared == "ndjson":
                raise CaptureError('a HAR document (it starts with {"log":), not NDJSON')
            return "har"
        if _OBJECT_START.match(head):
            return declared or "ndjson"
        if _BLANK.match(head):
            if declared == "har":
                raise CaptureError("not a HAR: the file is empty")
            return "ndjson"
        first = head.lstrip(b" \t\r\n")[:1]
        shown = repr(first.decode()) if 0x20 < first[0] < 0x7F else f"byte 0x{first[0]:02x}"
        what = {"har": "not a HAR", "ndjson": "not NDJSON"}.get(
            declared or "", "not a HAR or NDJSON capture"
        )
        raise CaptureError(f"{what}: it starts with {shown}, not '{{'")


def _read_head(stream: IO[bytes], size: int) -> bytes:
    head = b""
    while len(head) < size:
        chunk = stream.read(size - len(head))
        if not chunk:
            break
        head += chunk
    return head


class _Rewound(io.RawIOBase):
    """``stream`` with ``head``, already read from it, put back in front."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = memoryview(head)
        # read1 keeps what a breaking-off gzip stream decompressed (see har.har_records)
        self._read = getattr(stream, "read1", None) or stream.read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._read(len(buffer))
        size = len(data)
        buffer[:size] = data
        return size
