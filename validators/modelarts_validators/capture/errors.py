"""How a capture fails as a whole: ``CaptureError``, one line that names the input.

A record that cannot be read is not an error but a value (``records.Unreadable``); an input
that cannot be read at all, or breaks off, raises ``CaptureError`` after every record before the
break has been yielded, so the caller reports what it read, then the error.
"""

from __future__ import annotations

import zlib


class CaptureError(Exception):
    """The capture cannot be read (further): missing, not the expected format, or broken off.
    The message is one line and names no record content."""


def describe_error(error: BaseException) -> str:
    """An error reading an input, as the end of a one-line message."""
    if isinstance(error, EOFError):
        return "the gzip stream breaks off (truncated)"
    import gzip  # (imported on an error only: most runs read no gzip input)

    if isinstance(error, gzip.BadGzipFile | zlib.error):
        return f"corrupt gzip data ({error})"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror[0].lower() + error.strerror[1:]
    return str(error).splitlines()[0] if str(error) else type(error).__name__
