"""What the floor (``floor``) and the physical reference (``physical``) share: counting the
records and the bodies a JSON parser accepts, and their command line. Imports no parser, so
that each process measured loads only its own."""

from __future__ import annotations

import base64
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

#: Per record: the request text, the response text, whether the response text is base64.
Bodies = Iterable[tuple[str | None, str | None, bool]]


def count(
    bodies: Bodies, parse: Callable[[Any], object], error: type[Exception], tool: str
) -> dict[str, Any]:
    """The records, the bodies ``parse`` accepts and those it refuses with ``error``."""
    records = parsed = not_json = 0
    for request, response, encoded in bodies:
        records += 1
        for text, is_base64 in ((request, False), (response, encoded)):
            if not text:
                continue
            raw: bytes | str = base64.b64decode(text) if is_base64 else text
            try:
                parse(raw)
            except error:
                not_json += 1
            else:
                parsed += 1
    return {"tool": tool, "entries": records, "parsed": parsed, "not_json": not_json}


def command(
    argv: list[str] | None,
    module: str,
    run: Callable[[Path, bool], dict[str, Any]],
    dumps: Callable[[Any], bytes],
) -> int:
    """``python -m benchmarks.<module> [--stream] CAPTURE``: the counts, one JSON line."""
    args = sys.argv[1:] if argv is None else argv
    stream = "--stream" in args
    args = [a for a in args if a != "--stream"]
    if len(args) != 1:
        sys.stderr.write(
            f"usage: python -m benchmarks.{module} [--stream] CAPTURE.har|CAPTURE.ndjson\n"
        )
        return 2
    sys.stdout.write(dumps(run(Path(args[0]), stream)).decode() + "\n")
    return 0
