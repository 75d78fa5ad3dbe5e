"""How a capture fails as a whole: ``CaptureError``, one line that names the input.

A record that cannot be read is not an error but a value (``records.Unreadable``); an input
that cannot be read at all, or breaks off, raises ``CaptureError`` after every record before the
break has been yielded, so the caller reports what it read, then the error.
"""

from __future__ import annotations

import sys


class CaptureError(Exception):
    """The capture cannot be read (further): missing, not the expected format, or broken off.
    The message is one line and names no record content."""


def read_errors() -> tuple[type[BaseException], ...]:
    """What reading an input may raise besides ``CaptureError``: ``OSError``, ``EOFError``, and
    ``zlib.error`` once zlib is imported (by gzip, for a compressed input: nothing else raises
    it, and a run of uncompressed inputs never imports zlib). Evaluated only when an exception
    is being matched."""
    zlib = sys.modules.get("zlib")
    return (OSError, EOFError) if zlib is None else (OSError, EOFError, zlib.error)


def describe_error(error: BaseException) -> str:
    """An error reading an input, as the end of a one-line message."""
    if isinstance(error, EOFError):
        return "the gzip stream breaks off (truncated)"
    import gzip  # (imported on an error only: most runs read no gzip input; zlib with it)
    import zlib

    if isinstance(error, gzip.BadGzipFile | zlib.error):
        return f"corrupt gzip data ({error})"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror[0].lower() + error.strerror[1:]
    return str(error).splitlines()[0] if str(error) else type(error).__name__
