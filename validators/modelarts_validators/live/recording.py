"""Checked exchanges written as NDJSON in the documented capture format, one line each, as they
happen: what ``modelarts-validate traffic`` reads back.

Every exchange written has already been redacted (``redact.header_dict`` on the headers,
``redact.redact_url`` on the URL) when it was built, so a recording carries no credential.
A body that is not UTF-8 goes as ``body_base64``; a body that was not kept (larger than the
record limit) is left out, which the reader calls not captured.
"""

from __future__ import annotations

import base64
import threading
from pathlib import Path
from typing import Any, BinaryIO

from .._deferred import orjson
from ..contract.model import Exchange, Message


def exchange_line(exchange: Exchange) -> bytes:
    """One NDJSON line (with its newline) for ``exchange``."""
    request = exchange.request
    record: dict[str, Any] = {
        "request": {"method": request.method, "url": request.url, **_message(request)},
        "response": None,
    }
    response = exchange.response
    if response is not None:
        record["response"] = {"status": response.status, **_message(response)}
    return orjson.dumps(record) + b"\n"


def _message(message: Message) -> dict[str, Any]:
    fields: dict[str, Any] = {"headers": dict(message.headers)}
    body = message.body
    if body is not None:
        try:
            fields["body"] = body.decode("utf-8")
        except UnicodeDecodeError:
            fields["body_base64"] = base64.b64encode(body).decode("ascii")
    return fields


class NdjsonRecorder:
    """Appends one line per exchange to ``path`` (created, empty, at once); safe across threads.
    Each line is written and flushed whole, so a recording cut short by a crash ends at a line
    boundary. ``close`` lets the file go; a later exchange opens it again to append (a client
    closing its transport does not end a session's recording)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._out: BinaryIO | None = self.path.open("ab")

    def add(self, exchange: Exchange) -> None:
        line = exchange_line(exchange)
        with self._lock:
            if self._out is None:
                self._out = self.path.open("ab")
            self._out.write(line)
            self._out.flush()

    def close(self) -> None:
        with self._lock:
            if self._out is not None:
                self._out.close()
                self._out = None
