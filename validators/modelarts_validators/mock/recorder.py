"""The mock's recording: every exchange it serves, as a HAR 1.2 file that
``modelarts-validate traffic`` (and browsers' tools) read."""

from __future__ import annotations

import json
import threading
from datetime import datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from .._deferred import dataclass, field
from .._version import __version__
from ..contract.redact import header_dict, redact_url

_CLOSING = b"\n]}}\n"


@dataclass
class HarRecorder:
    """Writes a HAR 1.2 log entry by entry, so a long session never holds its traffic in
    memory, and keeps the file one complete HAR document after every exchange: each entry is
    written over the closing brackets, followed by them again, in one write. A run of
    ``modelarts-validate traffic`` on the file while the mock still serves reads every exchange
    recorded so far (a reader never sees a half-written entry followed by nothing, only the
    document before or after the write). ``close`` only closes the file. Secrets are redacted
    with the validators' own redaction, as in every other output: header values
    (``redact.header_dict``), and the URL with its query parameters (``redact.redact_url``;
    ``queryString`` is read from the redacted URL, so the two always agree)."""

    path: Path
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _out: BinaryIO | None = None
    _count: int = 0
    _closing_at: int = 0

    def __post_init__(self) -> None:
        creator = {"name": "modelarts-mock", "version": __version__}
        head = '{"log": {"version": "1.2", "creator": ' + json.dumps(creator) + ', "entries": ['
        self._out = self.path.open("wb", buffering=0)
        self._closing_at = 0
        self._write(head.encode("utf-8"))

    def _write(self, data: bytes) -> None:
        """Writes ``data`` where the closing brackets start, then the brackets, as one write."""
        assert self._out is not None
        self._out.seek(self._closing_at)
        chunk = memoryview(data + _CLOSING)
        while chunk:
            chunk = chunk[self._out.write(chunk) :]
        self._closing_at += len(data)

    def add(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False).encode("utf-8")
        with self._lock:
            if self._out is None:
                return
            self._write((b",\n" if self._count else b"\n") + line)
            self._count += 1

    def close(self) -> None:
        with self._lock:
            if self._out is not None:
                self._out.close()
                self._out = None

    def record(
        self,
        method: str,
        url: str,
        request_headers: dict[str, str],
        body: bytes,
        status: int,
        response_headers: dict[str, str],
        response_body: bytes,
        started: datetime,
        elapsed_ms: float,
    ) -> None:
        url = redact_url(url)
        query = urlsplit(url).query
        self.add(
            {
                "startedDateTime": started.isoformat().replace("+00:00", "Z"),
                "time": round(elapsed_ms, 3),
                "request": {
                    "method": method,
                    "url": url,
                    "httpVersion": "HTTP/1.1",
                    "cookies": [],
                    "headers": _har_headers(request_headers),
                    "queryString": [
                        {"name": k, "value": v}
                        for k, _, v in (p.partition("=") for p in query.split("&") if p)
                    ],
                    "postData": {
                        "mimeType": request_headers.get("content-type", ""),
                        "text": body.decode("utf-8", errors="replace"),
                    },
                    "headersSize": -1,
                    "bodySize": len(body),
                },
                "response": {
                    "status": status,
                    "statusText": _reason(status),
                    "httpVersion": "HTTP/1.1",
                    "cookies": [],
                    "headers": _har_headers(response_headers),
                    "content": {
                        "size": len(response_body),
                        "mimeType": response_headers["Content-Type"],
                        "text": response_body.decode("utf-8"),
                    },
                    "redirectURL": "",
                    "headersSize": -1,
                    "bodySize": len(response_body),
                },
                "cache": {},
                "timings": {"send": 0, "wait": round(elapsed_ms, 3), "receive": 0},
            }
        )


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _har_headers(headers: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in header_dict(headers.items()).items()]
