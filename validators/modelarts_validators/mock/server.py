"""``modelarts-mock``: a local stand-in for the training-job search API.

It answers ``POST /v2/{project_id}/training-job-searches`` on loopback the way the service does:
requests are judged by the same contract as captured traffic (an invalid one gets a 400 with a
ModelArts error body naming the pointer), auth is required (token or AK/SK, with real signature
checks on request), and the jobs come from a seeded, deterministic data set. Every exchange it
serves can be recorded to a HAR 1.2 file, with secrets redacted.
"""

from __future__ import annotations

import json
import math
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from modelarts_training_client.signing import verify_signature

from ..contract.contract import Contract, default_contract
from ..contract.findings import Kind
from ..contract.model import Request
from ..contract.redact import header_dict
from .data import Job, SearchError, make_jobs, search
from .recorder import HarRecorder


@dataclass
class MockConfig:
    host: str = "127.0.0.1"
    port: int = 0
    jobs: int = 100
    seed: int = 0
    drift: bool = False
    record: Path | None = None
    #: (AK, SK) whose signatures are verified; ``None`` accepts any well-formed signature.
    credentials: tuple[str, str] | None = None
    #: Seconds every answer is delayed by, so that clients can test their timeouts and
    #: concurrency against a slow service. The delay is spent in the thread serving that
    #: connection: concurrent clients wait side by side, not one after another.
    latency: float = 0.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.latency) and self.latency >= 0):
            raise ValueError(f"latency must be a finite number of seconds >= 0, not {self.latency}")


class MockServer:
    """The server, runnable in a thread (``start``/``stop``, or as a context manager)."""

    def __init__(self, config: MockConfig, contract: Contract | None = None) -> None:
        self.config = config
        self.contract = contract or default_contract()
        self.jobs: list[Job] = make_jobs(config.jobs, config.seed, drift=config.drift)
        self.recorder = HarRecorder(config.record) if config.record else None
        self.httpd = ThreadingHTTPServer((config.host, config.port), _handler_for(self))
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> MockServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join()
        if self.recorder is not None:
            self.recorder.close()

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the API -----------------------------------------------------------------------------

    def answer(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, Any]]:
        """Status and JSON body for one request. ``headers`` have lower-case names."""
        url = f"{self.url}{path}"
        project_id = self.contract.match(method, url)
        if project_id is None:
            return 404, _error(
                "APIG.0101", "The API does not exist or has not been published in the environment"
            )
        auth_problem = self._auth_problem(method, url, headers, body)
        if auth_problem is not None:
            return auth_problem
        declared = headers.get("x-project-id")
        if declared is not None and declared != project_id:
            return 403, _error("ModelArts.0210", "The project ID does not match the token.")
        findings = [
            f
            for f in self.contract.check_request(
                Request(headers=headers, body=body, method=method, url=url)
            )
            if f.severity == "error"
        ]
        if findings:
            first = findings[0]
            code = "ModelArts.2787"
            if first.pointer.startswith("/filters/") and first.pointer.endswith("/operator"):
                code = "ModelArts.2808"
            where = first.pointer or (
                "project_id" if first.kind is Kind.INVALID_PATH_PARAMETER else "the request"
            )
            more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
            return 400, _error(code, f"Invalid request at {where}: {first.message}{more}")
        try:
            return 200, search(self.jobs, json.loads(body))
        except SearchError as exc:
            return exc.status, _error(exc.code, exc.message)

    def _auth_problem(
        self, method: str, url: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, Any]] | None:
        authorization = headers.get("authorization")
        if authorization is None:
            if headers.get("x-auth-token", "").strip():
                return None
            return 401, _error("ModelArts.0201", "The token is missing.")
        if not authorization.startswith("SDK-HMAC-SHA256 "):
            return 401, _error("ModelArts.0203", "The Authorization header is malformed.")
        if self.config.credentials is None:
            if all(part in authorization for part in ("Access=", "SignedHeaders=", "Signature=")):
                return None
            return 401, _error("ModelArts.0203", "The Authorization header is malformed.")
        ak, sk = self.config.credentials
        reason = verify_signature(method, url, headers, body, ak, sk)
        if reason is not None:
            return 401, _error("ModelArts.0203", f"The signature is invalid: {reason}")
        return None


def _error(code: str, message: str) -> dict[str, Any]:
    body: dict[str, Any] = {"error_code": code, "error_msg": message}
    if code.startswith("APIG."):
        body["request_id"] = uuid.uuid4().hex
    else:
        body["error_solution"] = "Check the request against the API reference and try again."
    return body


def _handler_for(server: MockServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes: without this, Nagle and delayed ACKs add ~40 ms.
        disable_nagle_algorithm = True
        server_version = "modelarts-mock"

        def _serve(self) -> None:
            started = datetime.now(UTC)
            clock = time.perf_counter()
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = header_dict(self.headers.items(), redact=False)  # signatures are verified
            status, payload = server.answer(self.command, self.path, headers, body)
            if server.config.latency > 0:
                time.sleep(server.config.latency)
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            response_headers = {
                "Content-Type": "application/json",
                "Content-Length": str(len(data)),
                "X-Request-Id": uuid.uuid4().hex,
            }
            # Recorded before it is sent: once the client has its answer it may stop the server,
            # and an exchange recorded after that would be lost from the HAR.
            if server.recorder is not None:
                server.recorder.record(
                    self.command,
                    f"{server.url}{self.path}",
                    headers,
                    body,
                    status,
                    response_headers,
                    data,
                    started,
                    (time.perf_counter() - clock) * 1000,
                )
            self.send_response(status)
            for name, value in response_headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the HAR record is the log."""

    return Handler
