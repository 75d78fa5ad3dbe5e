"""The benchmark's floor: parse a capture and every body in it with orjson, and nothing else.

    .venv/bin/python scripts/bench_floor.py CAPTURE.har|CAPTURE.ndjson

This is the work any validator of the capture must do: read the records, and parse each request
and response body as JSON. A HAR is read the fastest way there is, whole, with one
``orjson.loads`` (its peak memory is then about three times the file: bytes, the parsed
document, one body at a time on top); an NDJSON capture line by line. Base64 bodies are decoded
first. Prints one JSON object of counts, so that the run can be checked against the others: the
records read, the bodies parsed, the bodies that are not JSON.
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson


def _bodies_of_har(path: Path) -> Iterator[tuple[str | None, str | None, bool]]:
    """Per entry: request text, response text, whether the response text is base64."""
    document = orjson.loads(path.read_bytes())
    for entry in document["log"]["entries"]:
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


def parse(path: Path) -> dict[str, Any]:
    reader = _bodies_of_ndjson if path.suffix in (".ndjson", ".jsonl") else _bodies_of_har
    loads = orjson.loads
    records = parsed = not_json = 0
    for request, response, encoded in reader(path):
        records += 1
        for text, is_base64 in ((request, False), (response, encoded)):
            if not text:
                continue
            raw: bytes | str = base64.b64decode(text) if is_base64 else text
            try:
                loads(raw)
            except orjson.JSONDecodeError:
                not_json += 1
            else:
                parsed += 1
    return {"tool": "orjson floor", "entries": records, "parsed": parsed, "not_json": not_json}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("usage: bench_floor.py CAPTURE.har|CAPTURE.ndjson\n")
        return 2
    sys.stdout.write(orjson.dumps(parse(Path(args[0]))).decode() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
