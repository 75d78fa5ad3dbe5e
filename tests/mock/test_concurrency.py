"""Many clients at once against ``modelarts-mock --record``: every request is answered (none with
a 5xx), the HAR is valid JSON holding exactly the requests sent, and ``modelarts-validate``
counts every one of them.

The issue's full size is 50 clients x 200 requests (10,000 exchanges, about a minute on two
cores); ``make test`` runs 50 x 20. Run the full size with
``MOCK_CONCURRENCY_REQUESTS=200 .venv/bin/pytest tests/mock/test_concurrency.py``.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import httpx
from modelarts_validators.cli import main as validate_main

from .rawhttp import PATH, PROJECT

CLIENTS = 50
REQUESTS = int(os.environ.get("MOCK_CONCURRENCY_REQUESTS", "20"))

#: What each client sends in turn: (method, path, body, token), and the status it must get.
MIX: list[tuple[str, str, object, str | None, int]] = [
    ("POST", PATH, {"limit": 3, "offset": 1}, "t", 200),
    ("POST", PATH, {"limit": 51}, "t", 400),
    ("POST", PATH, {}, None, 401),
    ("POST", f"/v2/{PROJECT}/training-jobs", {}, "t", 404),
    ("GET", PATH, None, "t", 405),
]


def test_fifty_clients_at_once_are_all_answered_recorded_and_counted(tmp_path: Path) -> None:
    har = tmp_path / "concurrent.har"
    process = subprocess.Popen(
        [sys.executable, "-m", "modelarts_validators.mock", "--jobs", "20", "--record", str(har)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_PROXY": "127.0.0.1"},
    )
    sent: Counter[tuple[str, str, int]] = Counter()
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS)

    def client(url: str, number: int) -> None:
        seen: Counter[tuple[str, str, int]] = Counter()
        try:
            # verify=False: plain HTTP, and loading the CA bundle for 50 clients takes seconds.
            with httpx.Client(base_url=url, timeout=60, verify=False) as http:
                start.wait()
                for index in range(REQUESTS):
                    method, path, body, token, expected = MIX[(number + index) % len(MIX)]
                    marker = f"{number}-{index}"
                    headers = {"X-Client-Marker": marker}
                    if token is not None:
                        headers["X-Auth-Token"] = token
                    answer = http.request(method, path, json=body, headers=headers)
                    if answer.status_code != expected:
                        failures.append(f"{marker}: {answer.status_code} {answer.text[:200]}")
                    seen[(method, marker, answer.status_code)] += 1
        except Exception as error:  # reported below, with every other client's result
            failures.append(f"client {number}: {error!r}")
        with lock:
            sent.update(seen)

    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        threads = [threading.Thread(target=client, args=(url, n)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    assert failures == []
    total = CLIENTS * REQUESTS
    assert sum(sent.values()) == total
    assert all(status < 500 for _, _, status in sent)

    entries = json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    recorded: Counter[tuple[str, str, int]] = Counter()
    for entry in entries:
        markers = [
            h["value"] for h in entry["request"]["headers"] if h["name"] == "x-client-marker"
        ]
        recorded[(entry["request"]["method"], *markers, entry["response"]["status"])] += 1
    assert recorded == sent

    out, err = io.StringIO(), io.StringIO()
    validate_main(["traffic", "--format", "json", str(har)], out, err)
    summary = json.loads(out.getvalue())["summary"]
    by_status = Counter(status for _, _, status in sent.elements())
    assert summary["entries"] == total
    assert summary["unreadable"] == 0
    assert summary["unmatched"] == by_status[404] + by_status[405]
    assert summary["checked"] == by_status[200] + by_status[400] + by_status[401]
