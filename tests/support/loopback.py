"""A stand-in for the ModelArts endpoint on 127.0.0.1, for the client tests.

``LoopbackServer`` is a real HTTP/1.1 server in a background thread: it records every request as it
arrived on the socket (method, target, raw headers, body) and answers through a replaceable
``responder``. ``SilentServer`` accepts connections and never answers (for timeouts).
``spec_errors`` holds what the server receives to the contract, straight from the
YAML with python ``jsonschema`` (independently of the validators package), and ``make_job``
builds response items.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from tests.support.reference import component_validator


def spec_errors(schema_name: str, instance: Any) -> list[str]:
    """``pointer: message`` of every error of ``instance`` against a schema component."""
    return sorted(
        "/" + "/".join(str(part) for part in error.absolute_path) + ": " + error.message
        for error in component_validator(schema_name).iter_errors(instance)
    )


def make_job(index: int, **extra: Any) -> dict[str, Any]:
    """A small valid JobResponse item whose ``metadata.id`` is ``job-<index>``."""
    return {
        "kind": "job",
        "metadata": {"id": f"job-{index}", "name": f"trainjob-{index}", "create_time": index},
        "status": {"phase": "Running"},
        **extra,
    }


@dataclass(frozen=True)
class Recorded:
    """One request as the server received it."""

    method: str
    target: str  # the request-target: path and query, still percent-encoded
    headers: list[tuple[str, str]]  # in arrival order, names as sent
    body: bytes

    def header(self, name: str) -> str | None:
        """The value of the last header called ``name`` (case-insensitive), if any."""
        values = [v for n, v in self.headers if n.lower() == name.lower()]
        return values[-1] if values else None

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Reply:
    """What the server answers: a status, a body (bytes as is, anything else as JSON), headers."""

    status: int = 200
    body: Any = b""
    headers: dict[str, str] = field(default_factory=dict)

    def encoded(self) -> tuple[bytes, dict[str, str]]:
        if isinstance(self.body, bytes):
            return self.body, dict(self.headers)
        return json.dumps(self.body).encode(), {"Content-Type": "application/json", **self.headers}


Responder = Callable[[Recorded], Reply]


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 (a free port) that records requests.

    Use as a context manager; ``responder`` may be replaced at any time, and ``requests`` lists
    what arrived so far, in order.
    """

    def __init__(self, responder: Responder | None = None) -> None:
        self.responder: Responder = responder or (lambda _request: Reply(200, {}))
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _record(self, request: Recorded) -> Reply:
        with self._lock:
            self.requests.append(request)
            responder = self.responder
        return responder(request)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: without this, Nagle and delayed ACKs add ~40 ms.
            disable_nagle_algorithm = True

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Recorded(self.command, self.path, list(self.headers.items()), body)
                try:
                    reply = server._record(request)
                except Exception as error:  # a broken responder is a 599, not a hung client
                    reply = Reply(599, f"responder failed: {error!r}".encode())
                payload, headers = reply.encoded()
                if any(name.lower() == "date" for name in headers):
                    self.send_response_only(reply.status)  # the reply's Date, not the real one
                else:
                    self.send_response(reply.status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

        return Handler


class SilentServer:
    """A TCP server on 127.0.0.1 that accepts every connection, reads what comes, and never
    answers; ``connections`` counts the connections accepted. Closes them all on exit."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self._accepted: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._listener.getsockname()[:2]
        return str(host), int(port)

    @property
    def base_url(self) -> str:
        host, port = self.address
        return f"http://{host}:{port}"

    @property
    def connections(self) -> int:
        return len(self._accepted)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._accepted.append(connection)

    def __enter__(self) -> SilentServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for connection in self._accepted:
            connection.close()
        self._listener.close()
