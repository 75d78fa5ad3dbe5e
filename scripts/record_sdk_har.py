"""Record a HAR of the official SDK's real traffic, for the test data.

    python scripts/record_sdk_har.py --mitmdump /tmp/mitmvenv/bin/mitmdump \\
        --out tests/data/traffic/valid/sdk-mitmproxy.har

What runs, all on 127.0.0.1:

1. a loopback server that answers ``POST /v2/{project_id}/training-job-searches`` like the
   service: the spec's example response, the same page with fields and values the live service
   sends beyond the page (drift), and a ModelArts 400 error body;
2. ``mitmdump`` (mitmproxy, not a dependency of this project: install ``mitmproxy==12.3.1`` into a
   throwaway virtualenv of Python >= 3.12 and pass its ``mitmdump``) as a reverse proxy in front
   of it, saving every flow with its ``hardump`` option when it shuts down;
3. the official Python SDK (``huaweicloudsdkmodelarts`` 3.1.219, a dev dependency) pointed at
   the proxy, signing with a fake AK/SK, calling ``list_training_jobs`` three times. The second
   call sets ``workspace_id`` and ``train_type``, request fields the SDK knows and the page does
   not document: they show up as drift.

The HAR is mitmproxy's output as written, Authorization signature and all: the redaction tests
check that none of it reaches a report.
"""

from __future__ import annotations

import argparse
import json
import signal
import socket
import subprocess
import sys
import threading
import time
from copy import deepcopy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkmodelarts.v1 import (
    Filter,
    JobSearches,
    ListTrainingJobsRequest,
    ModelArtsClient,
)

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "training-job-searches.yaml"
#: Fake credentials: the signature they produce is what the redaction tests look for.
FAKE_AK = "FAKEAKRECORDING0SDK1"
FAKE_SK = "FakeSkForRecordingTheSdkHarNotASecret0000"
PROJECT_ID = "0b3c1f9e2d4a45f6a7b8c9d0e1f2a3b4"


def answers() -> list[tuple[int, dict[str, Any]]]:
    """What the loopback server answers, in order: conforming, drifting, an error."""
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    example: dict[str, Any] = spec["components"]["examples"]["ListTrainingJobsResponse"]["value"]
    drift = deepcopy(example)
    job = drift["items"][0]
    job["status"]["phase"] = "Runing"  # an open enumeration's value outside the page's list
    job["status"]["retention_time"] = 30  # a field the SDK knows and the page does not
    job["metadata"]["training_experiment_reference"] = {}
    error = {
        "error_code": "ModelArts.2807",
        "error_msg": "Unsupported filter key: colour.",
        "error_solution": "Use a supported filter key.",
    }
    return [(200, example), (200, drift), (400, error)]


def serve(responses: list[tuple[int, dict[str, Any]]]) -> ThreadingHTTPServer:
    queue = list(responses)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            status, body = queue.pop(0) if queue else responses[0]
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.send_header("X-Request-Id", f"rec-{len(queue)}")
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"mitmdump did not listen on 127.0.0.1:{port}")


def drive_sdk(port: int) -> None:
    client = (
        ModelArtsClient.new_builder()
        .with_credentials(BasicCredentials(FAKE_AK, FAKE_SK, PROJECT_ID))
        .with_endpoint(f"http://127.0.0.1:{port}")
        .build()
    )
    name_filter = Filter(key="name", operator="like", value=["trainjob"])
    calls = [
        JobSearches(offset=0, limit=1, filters=[name_filter]),
        JobSearches(
            offset=0,
            limit=10,
            sort_by="create_time",
            order="desc",
            workspace_id="0",
            train_type="job",
        ),
        JobSearches(limit=5, filters=[Filter(key="colour", operator="in", value=["red"])]),
    ]
    for body in calls:
        try:
            response = client.list_training_jobs(ListTrainingJobsRequest(body=body))
            print(f"SDK call: 200, total={response.total}", file=sys.stderr)
        except ClientRequestException as error:
            print(f"SDK call: {error.status_code} {error.error_code}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--mitmdump", required=True, help="path of mitmproxy's mitmdump")
    parser.add_argument("--out", required=True, type=Path, help="HAR file to write")
    args = parser.parse_args()
    server = serve(answers())
    port = free_port()
    out = args.out.resolve()
    proxy = subprocess.Popen(
        [
            args.mitmdump,
            "--quiet",
            "--listen-host",
            "127.0.0.1",
            "--listen-port",
            str(port),
            "--mode",
            f"reverse:http://127.0.0.1:{server.server_address[1]}",
            "--set",
            f"hardump={out}",
        ]
    )
    try:
        wait_for(port)
        drive_sdk(port)
    finally:
        proxy.send_signal(signal.SIGINT)  # mitmdump writes the HAR as it shuts down
        proxy.wait(timeout=30)
        server.shutdown()
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
