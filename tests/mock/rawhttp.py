"""Bytes on a socket to the mock, for requests no HTTP client will send (a ``Content-Length`` of
``abc``, a TRACE, a chunked body cut short), and the answer read back with ``http.client``."""

from __future__ import annotations

import http.client
import json
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelarts_validators.mock import MockServer

PROJECT = "0123456789abcdef0123456789abcdef"
PATH = f"/v2/{PROJECT}/training-job-searches"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]  # names lower-cased
    body: bytes
    closed: bool  # the server closed the connection after this answer

    def json(self) -> Any:
        return json.loads(self.body)


def send(server: MockServer, data: bytes, *, expect_close: bool = False) -> Answer:
    """Send ``data`` as is and read one answer. The connection's state is checked only when
    ``expect_close`` (a kept-alive connection would make the check wait for its timeout)."""
    host, port = server.httpd.server_address[:2]
    with socket.create_connection((str(host), int(port)), timeout=10) as sock:
        sock.sendall(data)
        method = data.split(b" ", 1)[0].decode("latin-1")
        response = http.client.HTTPResponse(sock, method=method)
        response.begin()
        body = response.read()
        headers = {name.lower(): value for name, value in response.getheaders()}
        closed = False
        if expect_close:
            sock.settimeout(5)
            closed = sock.recv(1) == b""
    return Answer(response.status, headers, body, closed)


def request(
    method: str = "POST",
    target: str = PATH,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> bytes:
    """An HTTP/1.1 request's bytes: a token, ``Content-Type: application/json``, and a
    ``Content-Length`` for ``body`` unless ``headers`` frame it otherwise."""
    fields = {"Host": "127.0.0.1", "X-Auth-Token": "t", "Content-Type": "application/json"}
    fields |= headers or {}
    framed = any(n.lower() in ("content-length", "transfer-encoding") for n in fields)
    if body is not None and not framed:
        fields["Content-Length"] = str(len(body))
    head = f"{method} {target} HTTP/1.1\r\n" + "".join(f"{n}: {v}\r\n" for n, v in fields.items())
    return head.encode("latin-1") + b"\r\n" + (body or b"")


def har_entries(path: Path) -> list[dict[str, Any]]:
    """The entries of a HAR the mock wrote (after it stopped), the file parsed as a whole."""
    entries: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["log"]["entries"]
    return entries
