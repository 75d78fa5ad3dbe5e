"""``modelarts-mock``: a local stand-in for the training-job search API.

It answers ``POST /v2/{project_id}/training-job-searches`` on loopback the way the service does:
requests are judged by the same contract as captured traffic (an invalid one gets a 400 with a
ModelArts error body naming the pointer), auth is required (token or AK/SK, with real signature
checks on request), and the jobs come from a seeded, deterministic data set. Every exchange it
serves can be recorded to a HAR 1.2 file, with secrets redacted.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
import uuid
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from modelarts_validators.checks import Contract
from modelarts_validators.findings import Kind, Request
from modelarts_validators.mockdata import Job, SearchError, make_jobs, search
from modelarts_validators.redact import header_dict

PATH_PREFIX = "/v2/"
PATH_SUFFIX = "/training-job-searches"


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


@dataclass
class HarRecorder:
    """Writes a HAR 1.2 log entry by entry, so a long session never holds its traffic in
    memory; ``close`` ends the JSON document. Secret header values are redacted."""

    path: Path
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _out: IO[str] | None = None
    _count: int = 0

    def __post_init__(self) -> None:
        self._out = self.path.open("w", encoding="utf-8")
        creator = {"name": "modelarts-mock", "version": "0.1.0"}
        self._out.write('{"log": {"version": "1.2", "creator": ' + json.dumps(creator))
        self._out.write(', "entries": [\n')

    def add(self, entry: dict[str, Any]) -> None:
        with self._lock:
            if self._out is None:
                return
            self._out.write((",\n" if self._count else "") + json.dumps(entry, ensure_ascii=False))
            self._count += 1
            self._out.flush()

    def close(self) -> None:
        with self._lock:
            if self._out is not None:
                self._out.write("\n]}}\n")
                self._out.close()
                self._out = None


def _har_headers(headers: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in header_dict(headers.items()).items()]


class MockServer:
    """The server, runnable in a thread (``start``/``stop``, or as a context manager)."""

    def __init__(self, config: MockConfig, contract: Contract | None = None) -> None:
        self.config = config
        self.contract = contract or Contract.load()
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
        from modelarts_training_client.signing import verify_signature

        ak, sk = self.config.credentials
        reason = verify_signature(method, url, headers, body, ak, sk)
        if reason is not None:
            return 401, _error("ModelArts.0203", f"The signature is invalid: {reason}")
        return None

    def record(
        self,
        method: str,
        path: str,
        request_headers: dict[str, str],
        body: bytes,
        status: int,
        response_headers: dict[str, str],
        response_body: bytes,
        started: datetime,
        elapsed_ms: float,
    ) -> None:
        if self.recorder is None:
            return
        url = f"{self.url}{path}"
        query = urlsplit(url).query
        self.recorder.add(
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
                    "statusText": _REASONS.get(status, ""),
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


_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found"}


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
            headers: dict[str, str] = {}
            for name, value in self.headers.items():
                key = name.lower()
                headers[key] = f"{headers[key]}, {value}" if key in headers else value
            status, payload = server.answer(self.command, self.path, headers, body)
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            response_headers = {
                "Content-Type": "application/json",
                "Content-Length": str(len(data)),
                "X-Request-Id": uuid.uuid4().hex,
            }
            # Recorded before it is sent: once the client has its answer it may stop the server,
            # and an exchange recorded after that would be lost from the HAR.
            server.record(
                self.command,
                self.path,
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="modelarts-mock",
        description="A local stand-in for POST /v2/{project_id}/training-job-searches.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    parser.add_argument("--jobs", type=int, default=100, help="number of jobs served (default 100)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the data set (default 0)")
    parser.add_argument("--record", type=Path, help="write every exchange to this HAR 1.2 file")
    parser.add_argument(
        "--drift",
        action="store_true",
        help="add undocumented fields and values, as the live service does",
    )
    parser.add_argument(
        "--check-signature",
        metavar="AK:SK",
        help="verify AK/SK signatures with these credentials (default: any well-formed one)",
    )
    return parser


def main(
    argv: Sequence[str] | None = None, stdout: IO[str] = sys.stdout, stderr: IO[str] = sys.stderr
) -> int:
    parser = _parser()
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):
            args = parser.parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    credentials = None
    if args.check_signature is not None:
        ak, sep, sk = args.check_signature.partition(":")
        if not sep or not ak or not sk:
            print("modelarts-mock: --check-signature takes AK:SK", file=stderr)
            return 2
        credentials = (ak, sk)
    if args.jobs < 0:
        print("modelarts-mock: --jobs must be >= 0", file=stderr)
        return 2
    config = MockConfig(
        host=args.host,
        port=args.port,
        jobs=args.jobs,
        seed=args.seed,
        drift=args.drift,
        record=args.record,
        credentials=credentials,
    )
    try:
        server = MockServer(config)
    except OSError as exc:
        print(
            f"modelarts-mock: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=stderr
        )
        return 2
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with server:
        print(server.url, file=stdout, flush=True)
        stop.wait()
    return 0


def console_main() -> None:
    sys.exit(main())


if __name__ == "__main__":
    console_main()
