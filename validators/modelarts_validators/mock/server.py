"""``modelarts-mock``: a local stand-in for the training-job search API.

It answers ``POST /v2/{project_id}/training-job-searches`` on loopback the way the service does:
requests are judged by the same contract as captured traffic (an invalid one gets a 400 with a
ModelArts error body naming the pointer), auth is required (token or AK/SK, with real signature
checks on request), and the jobs come from a seeded, deterministic data set. Every exchange it
serves can be recorded to a HAR 1.2 file, with secrets redacted.

Whatever arrives gets a JSON answer, and every answer is recorded: another method on the
operation's path is a 405 (``Allow: POST``), any other path the gateway's 404, a body that
cannot be checked a 400, and a failure of the mock itself a 500 with a ModelArts error body
(never a dropped connection). The HTTP side is ``handler``; where a body ends, ``framing``.
"""

from __future__ import annotations

import hmac
import math
import sys
import threading
import uuid
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from modelarts_training_client.signing import verify_signature

from .._deferred import dataclass
from ..contract.contract import Contract, default_contract
from ..contract.findings import Kind
from ..contract.model import Request
from ..contract.wire import parse_json
from .data import Job, SearchError, make_jobs, search
from .handler import handler_for
from .recorder import HarRecorder


@dataclass
class MockConfig:
    """How ``modelarts-mock`` serves: where it listens, the jobs it holds, whether it drifts,
    records, verifies signatures or tokens, and how slowly it answers."""

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
    #: The IAM tokens accepted in ``X-Auth-Token``; any other is a 401. Empty (the default)
    #: accepts any non-empty token. AK/SK requests are judged by ``credentials`` either way.
    tokens: tuple[str, ...] = ()

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
        self.httpd = _HTTPServer((config.host, config.port), handler_for(self))
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> MockServer:
        # a short poll: stop() waits for the serving loop to notice (0.5 s by default, per stop)
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
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
        """Status and JSON body for one request. ``headers`` have lower-case names; ``path`` is
        the request target in origin form (path and query). Never raises: a failure of the mock
        itself is a 500 ModelArts error, so the client gets an answer and the HAR its entry."""
        try:
            return self._answer(method, path, headers, body)
        except Exception as exc:  # the promise is an answer to every request
            message = f"The mock failed to answer this request ({type(exc).__name__})."
            return 500, _error("ModelArts.2950", message)

    def _answer(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, Any]]:
        url = f"{self.url}{path}"
        project_id = self.contract.match(method, url)
        if project_id is None:
            if self.contract.match("POST", url) is not None:
                return 405, _error("APIG.0101", f"The API does not exist: use POST, not {method}.")
            return 404, _error(
                "APIG.0101", "The API does not exist or has not been published in the environment"
            )
        auth_problem = self._auth_problem(method, url, headers, body)
        if auth_problem is not None:
            return auth_problem
        declared = headers.get("x-project-id")
        if declared is not None and declared != project_id:
            return 403, _error("ModelArts.0210", "The project ID does not match the token.")
        request = Request(headers=headers, body=body, method=method, url=url)
        try:
            findings = [f for f in self.contract.check_request(request) if f.severity == "error"]
        except (RecursionError, ValueError) as exc:  # a body the engine cannot walk
            reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            return 400, _error(
                "ModelArts.2787", f"Invalid request: cannot check the body: {reason}"
            )
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
        # No body is the documented defaults: the request body is optional.
        value, error = parse_json(body) if body else ({}, None)
        if error is not None or not isinstance(value, dict):
            return 400, _error("ModelArts.2787", "Invalid request: the body is not a JSON object")
        try:
            return 200, search(self.jobs, value)
        except SearchError as exc:
            return exc.status, _error(exc.code, exc.message)

    def _auth_problem(
        self, method: str, url: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, Any]] | None:
        authorization = headers.get("authorization")
        if authorization is None:
            token = headers.get("x-auth-token", "").strip()
            if not token:
                return 401, _error("ModelArts.0201", "The token is missing.")
            if self.config.tokens and not _accepted(token, self.config.tokens):
                return 401, _error("ModelArts.0203", "The token is invalid.")
            return None
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


def _accepted(token: str, tokens: tuple[str, ...]) -> bool:
    """Whether ``token`` (a header value: its bytes as sent, read as Latin-1) is one of
    ``tokens`` (text, as given on the command line), compared as bytes in constant time."""
    sent = token.encode("latin-1", "replace")
    return any(
        hmac.compare_digest(sent, accepted.encode("utf-8", "surrogateescape"))
        for accepted in tokens
    )


class _HTTPServer(ThreadingHTTPServer):
    """One thread per connection, a backlog for many clients connecting at once, and no
    traceback when a client goes away before its answer is written."""

    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        print(f"modelarts-mock: a connection failed: {type(error).__name__}", file=sys.stderr)


def _error(code: str, message: str) -> dict[str, Any]:
    body: dict[str, Any] = {"error_code": code, "error_msg": message}
    if code.startswith("APIG."):
        body["request_id"] = uuid.uuid4().hex
    else:
        body["error_solution"] = "Check the request against the API reference and try again."
    return body
