"""The benchmark's floor: parse a capture and every body in it with orjson, and nothing else.

    .venv/bin/python -m benchmarks.floor [--stream] CAPTURE.har|CAPTURE.ndjson

This is the work any validator of the capture must do: read the records, and parse each request
and response body as JSON. A HAR is read whole, with one ``orjson.loads`` (its peak memory is then
about three times the file: bytes, the parsed document, one body at a time on top); an NDJSON
capture line by line. Base64 bodies are decoded first.

``--stream`` reads a HAR in bounded memory instead, as a validator of large captures must: 1 MiB
at a time, each entry parsed by the standard library's ``json.JSONDecoder.raw_decode`` (in C) from
where the previous one ended. It is a sketch for this benchmark's captures (it finds
``"entries"`` by a text search), not a general HAR reader. Prints one JSON object of counts, so that the run can be checked against the others: the
records read, the bodies parsed, the bodies that are not JSON.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from .counting import command, count


def _bodies_of_har(path: Path) -> Iterator[tuple[str | None, str | None, bool]]:
    """Per entry: request text, response text, whether the response text is base64."""
    document = orjson.loads(path.read_bytes())
    for entry in document["log"]["entries"]:
        post = entry["request"].get("postData") or {}
        content = entry["response"].get("content") or {}
        yield post.get("text"), content.get("text"), content.get("encoding") == "base64"


def _entries_streamed(path: Path) -> Iterator[dict[str, Any]]:
    decoder = json.JSONDecoder()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    separator = re.compile(r"[ \t\r\n]*,?[ \t\r\n]*")
    with path.open("rb") as stream:
        buffer = ""
        while '"entries"' not in buffer:
            chunk = stream.read(1 << 20)
            if not chunk:
                raise ValueError(f"{path}: no entries")
            buffer += utf8.decode(chunk)
        position = buffer.index("[", buffer.index('"entries"')) + 1
        while True:
            skipped = separator.match(buffer, position)  # always matches, maybe empty
            position = skipped.end() if skipped else position
            if buffer.startswith("]", position):
                return
            try:
                entry, position = decoder.raw_decode(buffer, position)
            except json.JSONDecodeError:
                chunk = stream.read(1 << 20)
                if not chunk:
                    raise
                buffer = buffer[position:] + utf8.decode(chunk)
                position = 0
                continue
            yield entry


def _bodies_of_har_streamed(path: Path) -> Iterator[tuple[str | None, str | None, bool]]:
    for entry in _entries_streamed(path):
        post = entry["request"].get("postData") or {}
        content = entry["response"].get("content") or {}
        yield post.get("text"), content.get("text"), content.get("encoding") == "base64"


def _bodies_of_ndjson(path: Path) -> Iterator[tuple[str | None, str | None, bool]]:
    with path.open("rb") as stream:
        for line in stream:
            record = orjson.loads(line)
            response = record.get("response") or {}
            encoded = response.get("body_base64")
            text = encoded if encoded is not None else response.get("body")
            yield record["request"].get("body"), text, encoded is not None


def parse(path: Path, *, stream: bool = False) -> dict[str, Any]:
    if path.suffix in (".ndjson", ".jsonl"):
        reader = _bodies_of_ndjson
    else:
        reader = _bodies_of_har_streamed if stream else _bodies_of_har
    return count(reader(path), orjson.loads, orjson.JSONDecodeError, "orjson floor")


def main(argv: list[str] | None = None) -> int:
    return command(argv, "floor", lambda path, stream: parse(path, stream=stream), orjson.dumps)


if __name__ == "__main__":
    sys.exit(main())
