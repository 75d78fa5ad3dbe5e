"""HAR 1.2/1.3 captures, streamed entry by entry.

A HAR file is one JSON document, ``{"log": {..., "entries": [...]}}``, often hundreds of
megabytes. It is never loaded whole: ijson (its yajl2_c backend, in C) walks the document, and one
entry at a time is built and turned into an ``Exchange``. Memory stays at one entry plus a 1 MiB
read buffer, however many entries the file holds.

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
from typing import IO, Any

import ijson

from .findings import Exchange, Request, Response, Unreadable
from .records import (
    RecordError,
    base64_body,
    request_line,
    response_status,
    string_headers,
    text_body,
)

#: Bytes per read: large reads let yajl stream long body strings fastest (measured: 1 MiB reads
#: are ~40% faster than ijson's 64 KiB default on 40 KB entries).
READ_SIZE = 1 << 20


try:
    _yajl = ijson.get_backend("yajl2_c")
except ImportError:  # no C extension for this platform: the pure Python parser, ~20x slower
    _yajl = ijson.get_backend("python")


class CaptureError(Exception):
    """The capture cannot be read (further): not the expected format, or broken off. The message
    is one line and names no record content."""


def har_records(
    stream: IO[bytes], source: str, head: bytes = b""
) -> Iterator[Exchange | Unreadable]:
    """Every entry of the HAR document in ``head`` + ``stream``, in order, as an exchange or
    an ``Unreadable``; ``entry`` is the 0-based position in ``log.entries``.

    Two yajl pipelines are fed the same chunks. The first builds the entries, all in C. The
    second yields parse events to Python only until ``log.entries`` opens (usually within the
    first chunk), to tell an empty HAR from a document that is not a HAR; after that it is no
    longer fed. Routing every event of the file through Python instead costs about a third of
    the reader's speed."""
    entries: list[Any] = ijson.sendable_list()
    build = ijson.utils.chain(
        entries,
        (_yajl.items_basecoro, ("log.entries.item",), {}),
        (_yajl.parse_basecoro, (), {}),
        (_yajl.basic_parse_basecoro, (), {"use_float": True}),
    )
    events: list[tuple[str, str, Any]] = ijson.sendable_list()
    probe = ijson.utils.chain(
        events,
        (_yajl.parse_basecoro, (), {}),
        (_yajl.basic_parse_basecoro, (), {"use_float": True}),
    )
    probing = True
    count = 0
    # read1 where there is one: a gzip stream's read() throws away what it decompressed when
    # the stream breaks off, read1() hands it over first (so those entries are still checked).
    read = getattr(stream, "read1", None) or stream.read
    chunk = head
    while True:
        chunk = chunk or read(READ_SIZE)
        failure: str | None = None
        try:
            if probing:
                try:
                    _send(probe, chunk)
                except ijson.JSONError:
                    probing = False  # the build pipeline meets the same error, after its entries
                else:
                    probing = not _entries_open(events, chunk)
                    del events[:]
            finished = _send(build, chunk)
        except ijson.JSONError as error:
            failure = _parse_failure(error, count + len(entries))
        for entry in entries:
            try:
                yield exchange_from_entry(entry, count, source)
            except RecordError as error:
                yield Unreadable(count, str(error), source)
            count += 1
        del entries[:]
        if failure is not None:
            raise CaptureError(failure)
        if finished or not chunk:
            return
        chunk = b""


def _send(pipeline: Any, chunk: bytes) -> bool:
    """Feed one chunk (``b""`` means the end of input); True when the document is complete."""
    try:
        pipeline.send(chunk)
    except StopIteration:
        return True
    return False


def _entries_open(events: list[tuple[str, str, Any]], chunk: bytes) -> bool:
    """Whether ``log.entries`` opened as an array in ``events``; ``CaptureError`` when the
    events show that the document is not a HAR (``chunk`` empty: the input has ended)."""
    for prefix, event, _ in events:
        if prefix == "log.entries":
            if event != "start_array":
                raise CaptureError(f"not a HAR: log.entries is {_json_type(event)}, not an array")
            return True
        if prefix == "log" and event not in ("start_map", "map_key", "end_map"):
            raise CaptureError(f"not a HAR: log is {_json_type(event)}, not an object")
        if event == "end_map" and prefix in ("", "log"):
            raise CaptureError("not a HAR: the document has no log.entries")
        if prefix == "" and event not in ("start_map", "map_key", "end_map"):
            raise CaptureError(f"not a HAR: the document is {_json_type(event)}, not an object")
    if not chunk:
        raise CaptureError("not a HAR: the document has no log.entries")
    return False


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


def _json_type(event: str) -> str:
    return {
        "start_map": "an object",
        "start_array": "an array",
        "string": "a string",
        "number": "a number",
        "boolean": "a boolean",
        "null": "null",
    }.get(event, event)


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


def _parse_failure(error: ijson.JSONError, entries: int) -> str:
    # yajl's message (bytes, in the C backend) runs over several lines and quotes the input
    # around the error: keep only its first line, which names the problem without echoing
    # content.
    raw = error.args[0] if error.args else b""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    lines = text.strip().splitlines()
    first = lines[0].rstrip(".") if lines else type(error).__name__
    if "premature EOF" in first:
        first = "the document breaks off (truncated)"
    counted = "1 entry" if entries == 1 else f"{entries} entries"
    return f"invalid HAR JSON after {counted}: {first}"
