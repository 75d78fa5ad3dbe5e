"""The benchmark's physical reference: read the capture and scan every byte of it as JSON with a
native parser that builds no Python object for what it only has to scan (msgspec 0.23, in C).

    .venv/bin/python -m benchmarks.physical [--stream] CAPTURE.har|CAPTURE.ndjson

It does what the orjson floor (``floor``) does, records read and every request and response body
parsed, but without building the parsed values: the capture is decoded into typed structures
that keep only the two body texts of each exchange (``msgspec.Struct``: every other field is
checked as JSON and skipped, in C), and each body, base64-decoded first when so marked, is
scanned as one JSON value into ``msgspec.Raw`` (checked, nothing built). What is left is the
file's bytes, the body strings (a JSON string has to be unescaped to be parsed) and a small
structure per exchange: about the least a Python program can do that still looks at every byte,
so a validator's distance to it is how far it is from the limit.

A HAR is decoded whole, in one call; ``--stream`` reads it in bounded memory instead, an entry at
a time, as the benchmark's generator writes it: one entry per line. That is a sketch for this
benchmark's captures (like the floor's streamed reader, which finds ``"entries"`` by a text
search), not a general HAR reader: a HAR laid out otherwise is refused. NDJSON is read a line at a
time. Prints one JSON object of counts, the floor's (records, bodies parsed, bodies not JSON), so
that the two can be checked against each other.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import msgspec

from .counting import command, count

#: What it does, as the benchmark's table and output name it.
DESCRIPTION = (
    "msgspec typed decode: per exchange only the two body texts kept, every other field scanned "
    "and skipped in C; each body scanned into msgspec.Raw (checked, no Python objects built)"
)


class PostData(msgspec.Struct):
    text: str | None = None


class HarRequest(msgspec.Struct):
    postData: PostData | None = None


class HarContent(msgspec.Struct):
    text: str | None = None
    encoding: str | None = None


class HarResponse(msgspec.Struct):
    content: HarContent | None = None


class HarEntry(msgspec.Struct):
    request: HarRequest
    response: HarResponse


class HarLog(msgspec.Struct):
    entries: list[HarEntry]


class Har(msgspec.Struct):
    log: HarLog


class NdjsonRequest(msgspec.Struct):
    body: str | None = None


class NdjsonResponse(msgspec.Struct):
    body: str | None = None
    body_base64: str | None = None


class NdjsonRecord(msgspec.Struct):
    request: NdjsonRequest
    response: NdjsonResponse | None = None


Bodies = tuple[str | None, str | None, bool]  # request text, response text, response is base64


def _har_bodies(entries: Iterable[HarEntry]) -> Iterator[Bodies]:
    for entry in entries:
        post, content = entry.request.postData, entry.response.content
        yield (
            None if post is None else post.text,
            None if content is None else content.text,
            content is not None and content.encoding == "base64",
        )


def _har_whole(path: Path) -> Iterator[Bodies]:
    yield from _har_bodies(msgspec.json.decode(path.read_bytes(), type=Har).log.entries)


def _har_streamed(path: Path) -> Iterator[Bodies]:
    decode = msgspec.json.Decoder(HarEntry).decode
    with path.open("rb") as stream:
        header = stream.readline()
        if not header.rstrip().endswith(b'"entries":['):
            raise ValueError(f"{path}: not one HAR entry per line (the benchmark's layout)")
        for line in stream:
            line = line.rstrip()
            if line == b"]}}":  # the end of the entries, the log and the document
                if stream.read().strip():
                    raise ValueError(f"{path}: trailing data")
                return
            yield from _har_bodies([decode(line.removesuffix(b","))])
    raise ValueError(f"{path}: truncated")


def _ndjson(path: Path) -> Iterator[Bodies]:
    decode = msgspec.json.Decoder(NdjsonRecord).decode
    with path.open("rb") as stream:
        for line in stream:
            record = decode(line)
            response = record.response
            encoded = None if response is None else response.body_base64
            text = encoded if encoded is not None else (response.body if response else None)
            yield record.request.body, text, encoded is not None


def scan(path: Path, *, stream: bool = False) -> dict[str, Any]:
    """The counts of the floor (``floor.parse``), got without building the parsed values."""
    if path.suffix in (".ndjson", ".jsonl"):
        reader = _ndjson
    else:
        reader = _har_streamed if stream else _har_whole
    skim = msgspec.json.Decoder(msgspec.Raw).decode
    return count(reader(path), skim, msgspec.DecodeError, "msgspec physical")


def main(argv: list[str] | None = None) -> int:
    return command(
        argv, "physical", lambda path, stream: scan(path, stream=stream), msgspec.json.encode
    )


if __name__ == "__main__":
    sys.exit(main())
