"""The benchmark's openapi-core driver: validate every exchange of a HAR with openapi-core.

    .bench/openapi-core-venv/bin/python -m benchmarks.openapi_core CAPTURE.har [--limit N]

openapi-core has no capture input, so this is the small program a user would write: load the HAR
(whole, with orjson), and for each entry build openapi-core's ``MockRequest``/``MockResponse``
and collect the errors of ``iter_request_errors`` and ``iter_response_errors`` against
``openapi/training-job-searches.yaml``. An exchange whose path, server or operation the spec does
not have is counted as unmatched, like ``modelarts-validate`` does; any other error makes the
exchange violating. Prints one JSON object: counts, the violating entries, the seconds spent in
the validation loop alone (``loop_seconds``, for a throughput that leaves out start-up), and the
error classes seen.

openapi-core is far slower than the tools it is compared with, so the benchmark runs it on a
prefix (``--limit``) and extrapolates its throughput. It runs in its own virtual environment
(``.bench/openapi-core-venv``, pinned in ``benchmarks/openapi_core.txt``): openapi-core 0.23.1
requires openapi-spec-validator < 0.9, and the project pins 0.9.0 for its spec lint. That
environment has neither the project nor its dependencies: this module needs only the standard
library, orjson and openapi-core, and the package's ``__init__`` imports nothing, so it runs as a
module from the repository root (the working directory ``run`` gives it). Run by path, it needs
``python -P``: otherwise the script's folder comes first on ``sys.path``, and this file, named
``openapi_core.py``, would be imported in place of the library.
"""

from __future__ import annotations

import argparse
import base64
import importlib
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import orjson

SPEC = Path(__file__).resolve().parent.parent / "openapi" / "training-job-searches.yaml"
#: openapi-core's errors that mean "not this API's operation", not "this exchange is wrong".
UNMATCHED = {"PathNotFound", "PathsNotFound", "ServerNotFound", "OperationNotFound"}


def _body(holder: dict[str, Any] | None) -> bytes:
    if not holder or holder.get("text") is None:
        return b""
    text: str = holder["text"]
    if holder.get("encoding") == "base64":
        return base64.b64decode(text)
    return text.encode()


def _headers(message: dict[str, Any]) -> dict[str, str]:
    return {h["name"]: h["value"] for h in message.get("headers", [])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.openapi_core", description=__doc__.splitlines()[0]
    )
    parser.add_argument("har", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="only the first N entries")
    parser.add_argument("--spec", type=Path, default=SPEC, help="OpenAPI document")
    args = parser.parse_args(argv)

    core: Any = importlib.import_module("openapi_core")
    if Path(core.__file__ or "").resolve() == Path(__file__).resolve():
        parser.error(
            "this file was imported as the openapi_core library: run it from the repository root"
            " as `python -m benchmarks.openapi_core`, or by path with `python -P`"
        )
    testing: Any = importlib.import_module("openapi_core.testing")
    openapi = core.OpenAPI.from_file_path(str(args.spec))
    entries = orjson.loads(args.har.read_bytes())["log"]["entries"]
    if args.limit is not None:
        entries = entries[: args.limit]

    started = time.perf_counter()
    unmatched = 0
    violating: list[int] = []
    errors: Counter[str] = Counter()
    for index, entry in enumerate(entries):
        request, response = entry["request"], entry["response"]
        url = urlsplit(request["url"])
        headers = _headers(request)
        mock_request = testing.MockRequest(
            f"{url.scheme}://{url.netloc}",
            request["method"],
            url.path,
            args=dict(parse_qsl(url.query)),
            headers=headers,
            data=_body(request.get("postData")),
            content_type=headers.get("Content-Type", ""),
        )
        response_headers = _headers(response)
        mock_response = testing.MockResponse(
            _body(response.get("content")),
            status_code=response["status"],
            headers=response_headers,
            content_type=response_headers.get("Content-Type", ""),
        )
        found = [type(e).__name__ for e in openapi.iter_request_errors(mock_request)]
        if any(name in UNMATCHED for name in found):
            unmatched += 1
            continue
        found += [
            type(e).__name__ for e in openapi.iter_response_errors(mock_request, mock_response)
        ]
        errors.update(found)
        if found:
            violating.append(index)
    loop_seconds = time.perf_counter() - started

    checked = len(entries) - unmatched
    summary = {
        "tool": "openapi-core",
        "entries": len(entries),
        "checked": checked,
        "unmatched": unmatched,
        "with_errors": len(violating),
        "conforming": checked - len(violating),
        "loop_seconds": round(loop_seconds, 4),
        "errors": dict(errors.most_common()),
        "violating": violating,
    }
    sys.stdout.write(orjson.dumps(summary).decode() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
