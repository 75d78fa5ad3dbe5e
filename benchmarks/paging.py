"""Concurrent paging, side by side: listing every job of a slow service.

    python -m benchmarks.paging [--jobs 2000] [--latency 0.1] [--repeat 3]   (make bench-paging)

``modelarts-mock --latency`` runs in a process of its own (so that its work does not share this
process's interpreter lock) and serves ``--jobs`` jobs, every answer ``--latency`` seconds late.
Three ways of listing them all, 50 a page, run in interleaved rounds:

- the generated client, ``iter_training_jobs(..., concurrency=1)`` (one page at a time);
- the generated client, ``iter_training_jobs(..., concurrency=8)``;
- the official SDK (``huaweicloudsdkmodelarts``), looping over ``offset`` page after page, as its
  users do (it has no paging helper).

Each way must list the same jobs in the same order (checked every round). The table gives the
median wall time and the ratio to ``concurrency=1``; ratios, not absolute times, are the claim.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import httpx
from modelarts_training_client import AuthenticatedClient, iter_training_jobs
from modelarts_training_client.models import JobSearches

PROJECT = "bench-project"
PAGE_SIZE = 50


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def mock_process(jobs: int, latency: float, *options: str) -> Iterator[str]:
    """``modelarts-mock`` in a child process (with more ``options``, such as ``--drift``);
    yields its base URL once it answers."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "modelarts_validators.mock",
        "--port",
        str(port),
        "--jobs",
        str(jobs),
        "--latency",
        str(latency),
        *options,
    ]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base_url, timeout=1.0)
                break
            except httpx.TransportError:
                if child.poll() is not None or time.monotonic() > deadline:
                    stderr = child.stderr.read().decode() if child.stderr else ""
                    raise SystemExit(f"modelarts-mock did not start: {stderr.strip()}") from None
                time.sleep(0.1)
        yield base_url
    finally:
        child.terminate()
        child.wait(timeout=10)


def generated(base_url: str, concurrency: int) -> list[str]:
    with AuthenticatedClient(base_url=base_url, token="bench-token") as client:
        search = JobSearches(limit=PAGE_SIZE)
        jobs = iter_training_jobs(client, PROJECT, search, concurrency=concurrency)
        return [str(job.metadata.id) for job in jobs]  # type: ignore[union-attr]


def official_sdk(base_url: str) -> list[str]:
    """The official SDK, page after page (``offset`` is a page number) until a short page."""
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdkmodelarts.v1 import ModelArtsClient
    from huaweicloudsdkmodelarts.v1.model import JobSearches as SdkJobSearches
    from huaweicloudsdkmodelarts.v1.model import ListTrainingJobsRequest

    client = (
        ModelArtsClient.new_builder()
        .with_http_config(HttpConfig.get_default_config())
        .with_credentials(BasicCredentials("BENCHAK", "bench-sk", PROJECT))
        .with_endpoints([base_url])
        .build()
    )
    ids: list[str] = []
    offset = 0
    while True:
        body = SdkJobSearches(limit=PAGE_SIZE, offset=offset)
        page = client.list_training_jobs(ListTrainingJobsRequest(body=body))
        items = page.items or []
        ids.extend(job.metadata.id for job in items)
        if len(items) < PAGE_SIZE or (offset + 1) * PAGE_SIZE >= (page.count or 0):
            return ids
        offset += 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    # The SDK's requests honours proxy variables; the mock is on loopback.
    os.environ["NO_PROXY"] = "127.0.0.1"
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        os.environ.pop(name, None)

    with mock_process(args.jobs, args.latency) as base_url:
        ways: dict[str, Callable[[], list[str]]] = {
            "generated client, concurrency=1": lambda: generated(base_url, 1),
            "generated client, concurrency=8": lambda: generated(base_url, 8),
            "official SDK, page after page": lambda: official_sdk(base_url),
        }
        times: dict[str, list[float]] = {name: [] for name in ways}
        reference: list[str] | None = None
        for _ in range(args.repeat):
            for name, run in ways.items():
                started = time.perf_counter()
                ids = run()
                times[name].append(time.perf_counter() - started)
                if len(ids) != args.jobs:
                    raise SystemExit(f"{name}: listed {len(ids)} jobs, not {args.jobs}")
                if reference is None:
                    reference = ids
                elif ids != reference:
                    raise SystemExit(f"{name}: listed other jobs, or in another order")

    pages = -(-args.jobs // PAGE_SIZE)
    print(
        f"{args.jobs} jobs, {pages} pages of {PAGE_SIZE}, {args.latency * 1000:.0f} ms latency, "
        f"median of {args.repeat} interleaved rounds"
    )
    baseline = statistics.median(times["generated client, concurrency=1"])
    print(f"{'way':<34} {'wall':>8} {'relative to concurrency=1':>26}")
    for name, measured in times.items():
        median = statistics.median(measured)
        print(f"{name:<34} {median:>7.2f}s {median / baseline:>25.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
