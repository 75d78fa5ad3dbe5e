"""``--latency`` / ``MockConfig.latency``: every answer waits that long, in the thread serving
it, so concurrent clients wait side by side."""

from __future__ import annotations

import io
import json
import threading
import time
from pathlib import Path

import httpx
import pytest
from modelarts_validators import Contract
from modelarts_validators.mock import MockConfig, MockServer, main

PROJECT = "0123456789abcdef0123456789abcdef"
PATH = f"/v2/{PROJECT}/training-job-searches"
LATENCY = 0.6
CLIENTS = 6


@pytest.fixture(scope="module")
def contract() -> Contract:
    return Contract.load()


def test_every_answer_waits_and_concurrent_answers_overlap(
    contract: Contract, tmp_path: Path
) -> None:
    """Each request takes at least the latency (success, refusal and unknown path alike); the
    intervals of concurrent requests all share a moment, which they could not if the server
    slept one request after another (the last would start after the first had ended)."""
    har = tmp_path / "slow.har"
    intervals: list[tuple[float, float, int]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def call(url: str, index: int) -> None:
        body = {"limit": 51} if index == 0 else {"limit": 1}
        target = f"{url}/v2/{PROJECT}/other" if index == 1 else f"{url}{PATH}"
        with httpx.Client(timeout=30) as client:
            barrier.wait()
            start = time.monotonic()
            status = client.post(target, json=body, headers={"X-Auth-Token": "t"}).status_code
            end = time.monotonic()
        with lock:
            intervals.append((start, end, status))

    config = MockConfig(jobs=3, seed=1, record=har, latency=LATENCY)
    with MockServer(config, contract) as server:
        threads = [threading.Thread(target=call, args=(server.url, i)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(status for *_, status in intervals) == [200] * (CLIENTS - 2) + [400, 404]
    assert all(end - start >= LATENCY for start, end, _ in intervals)
    assert max(start for start, _, _ in intervals) < min(end for _, end, _ in intervals)
    entries = json.loads(har.read_text())["log"]["entries"]
    assert len(entries) == CLIENTS
    assert all(entry["time"] >= LATENCY * 1000 for entry in entries)


def test_no_latency_by_default() -> None:
    assert MockConfig().latency == 0.0


@pytest.mark.parametrize("value", [-1.0, float("nan"), float("inf")])
def test_config_refuses_a_latency_that_is_not_a_wait(value: float) -> None:
    with pytest.raises(ValueError, match="latency must be a finite number of seconds >= 0"):
        MockConfig(latency=value)


@pytest.mark.parametrize("value", ["-0.5", "nan", "inf", "1e300", "90000"])
def test_command_line_refuses_a_bad_latency_in_one_line(value: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["--latency", value], out, err) == 2
    assert err.getvalue() == "modelarts-mock: --latency must be between 0 and 86400 seconds\n"


def test_command_line_refuses_a_latency_that_is_not_a_number() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["--latency", "slow"], out, err) == 2
    assert "invalid float value: 'slow'" in err.getvalue()
    assert "Traceback" not in err.getvalue()


def test_help_documents_latency() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["--help"], out, err) == 0
    assert "--latency SECONDS" in out.getvalue()
    assert "delay every answer by this many seconds" in " ".join(out.getvalue().split())
