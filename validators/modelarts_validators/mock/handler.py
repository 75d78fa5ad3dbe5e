"""The mock's HTTP side: one ``BaseHTTPRequestHandler`` that reads a request (``framing``),
asks ``MockServer.answer`` for the status and body, waits ``latency``, records the exchange and
sends it.

``http.server`` on its own answers an unknown method with a 501 HTML page and a malformed
request with an HTML 400 (or, for a request line it cannot read, a bare HTML body with no status
line); here every method reaches ``answer`` and every refusal of ``http.server`` is a JSON
gateway error. ``HEAD`` gets the headers of the answer without its body.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..contract.redact import header_dict
from .framing import BodyError, read_body

if TYPE_CHECKING:
    from .server import MockServer

#: Seconds a connection may stay silent mid-request (or idle between requests) before the mock
#: gives up on it; a body that stops arriving is answered 408.
TIMEOUT = 60.0

_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def origin_form(target: str) -> str:
    """The request target as a path and query: an absolute-form target
    (``http://host/v2/...``, which HTTP/1.1 servers must accept) loses its scheme and authority;
    anything else that does not start with ``/`` (``*``, garbage) gets one, so that the recorded
    URL is still a URL."""
    if target.startswith("/"):
        return target
    absolute = _ABSOLUTE.match(target)
    if absolute:
        try:
            parts = urlsplit(target)
        except ValueError:  # an authority that is not one (refused with a 400): what follows it
            rest = target[absolute.end() :]
            slash = rest.find("/")
            return rest[slash:] if slash >= 0 else "/"
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return f"/{target}"


def authority_error(target: str) -> str | None:
    """Why an absolute-form request target's authority is not one (``http://[::1/v2/...``, a
    port that is not a number), or None: such a request is a 400 (RFC 9112, section 3.2)."""
    if not _ABSOLUTE.match(target):
        return None
    try:
        urlsplit(target).port  # noqa: B018 (the port is parsed, and refused, when read)
    except ValueError as error:
        return f"the request target's authority is not valid ({error})"
    return None


def error_body(code: str, message: str) -> dict[str, Any]:
    """An APIG-style error body, as the gateway sends for requests it refuses itself."""
    return {"error_code": code, "error_msg": message, "request_id": uuid.uuid4().hex}


def handler_for(server: MockServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # A request line http.server cannot read is answered in HTTP/1.0 (with a status line),
        # not as HTTP/0.9 (a bare body).
        default_request_version = "HTTP/1.0"
        # Headers and body go out in two writes: without this, Nagle and delayed ACKs add ~40 ms.
        disable_nagle_algorithm = True
        server_version = "modelarts-mock"
        timeout = TIMEOUT

        def parse_request(self) -> bool:
            if not super().parse_request():
                return False
            refused = authority_error(self.path)
            if refused is not None:
                self.send_error(400, refused)
                return False
            # Every method is served here (a JSON 405 or 404 for all but POST), not refused with
            # http.server's 501 page for want of a do_<METHOD>.
            setattr(self, f"do_{self.command}", self._serve)
            return True

        def _serve(self) -> None:
            started = datetime.now(UTC)
            clock = time.perf_counter()
            headers = header_dict(self.headers.items(), redact=False)  # signatures are verified
            path = origin_form(self.path)
            try:
                body = read_body(self.headers, self.rfile)
            except BodyError as error:
                self.close_connection = True  # the rest of the stream cannot be delimited
                payload = error_body("APIG.0201", error.message)
                self._respond(error.status, payload, path, headers, b"", started, clock)
                return
            if "transfer-encoding" in headers and "content-length" in headers:
                self.close_connection = True  # both framings: never reuse the connection
            status, payload = server.answer(self.command, path, headers, body)
            self._respond(status, payload, path, headers, body, started, clock)

        def send_error(
            self, code: int, message: str | None = None, explain: str | None = None
        ) -> None:
            """http.server's own refusals (a request line or header it cannot read, an HTTP
            version it does not speak), as a JSON gateway error; recorded when the request line
            was read (there is a method and a URL to record)."""
            self.close_connection = True
            reason = message or HTTPStatus(code).phrase
            payload = error_body("APIG.0201", reason)
            command, target = self.command, getattr(self, "path", None)
            path = origin_form(target) if command and target else None
            self._respond(code, payload, path, {}, b"", datetime.now(UTC), time.perf_counter())

        def _respond(
            self,
            status: int,
            payload: dict[str, Any],
            path: str | None,
            headers: dict[str, str],
            body: bytes,
            started: datetime,
            clock: float,
        ) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            sent = b"" if self.command == "HEAD" else data
            response_headers = {
                "Content-Type": "application/json",
                "Content-Length": str(len(data)),
                "X-Request-Id": uuid.uuid4().hex,
            }
            if status == 405:
                response_headers["Allow"] = "POST"
            if self.close_connection:
                response_headers["Connection"] = "close"
            if server.config.latency > 0:
                time.sleep(server.config.latency)
            # Recorded before it is sent: once the client has its answer it may stop the server,
            # and an exchange recorded after that would be lost from the HAR.
            if server.recorder is not None and path is not None and self.command:
                server.recorder.record(
                    self.command,
                    f"{server.url}{path}",
                    headers,
                    body,
                    status,
                    response_headers,
                    sent,
                    started,
                    (time.perf_counter() - clock) * 1000,
                )
            self.send_response(status)
            for name, value in response_headers.items():
                self.send_header(name, value)
            self.end_headers()
            if sent:
                self.wfile.write(sent)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the HAR record is the log."""

    return Handler
