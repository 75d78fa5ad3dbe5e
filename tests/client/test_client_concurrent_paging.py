"""``concurrency=N`` paging against the mock with latency: the same jobs in the same order as one
page at a time, pages really in flight together, and the same stop rules and errors."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from modelarts_training_client import (
    AuthenticatedClient,
    ModelArtsApiError,
    PagingError,
    RetryPolicy,
    aiter_training_jobs,
    iter_training_jobs,
)
from modelarts_training_client.models import JobSearches
from modelarts_validators.mock import MockConfig, MockServer

from tests.support.loopback import LoopbackServer, Recorded, Reply, make_job

PROJECT = "project-1"
LATENCY = 0.1


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    with MockServer(MockConfig(jobs=120, seed=7, latency=LATENCY)) as server:
        yield server


def _ids(client: AuthenticatedClient, concurrency: int, limit: int = 10) -> list[str]:
    jobs = iter_training_jobs(client, PROJECT, JobSearches(limit=limit), concurrency=concurrency)
    return [job.metadata.id for job in jobs]  # type: ignore[union-attr,misc]


def test_concurrent_paging_gives_the_same_jobs_in_the_same_order(mock: MockServer) -> None:
    # How much faster it is: benchmarks/paging.py, side by side (not a timed unit test).
    with AuthenticatedClient(base_url=mock.url, token="t") as client:
        sequential = _ids(client, 1)
        concurrent = _ids(client, 6)
    assert len(sequential) == 120
    assert len(set(sequential)) == 120
    assert concurrent == sequential


def test_async_concurrent_paging_gives_the_same_jobs(mock: MockServer) -> None:
    async def run(concurrency: int) -> list[str]:
        async with AuthenticatedClient(base_url=mock.url, token="t") as client:
            search = JobSearches(limit=25)
            return [
                job.metadata.id  # type: ignore[union-attr,misc]
                async for job in aiter_training_jobs(
                    client, PROJECT, search, concurrency=concurrency
                )
            ]

    assert asyncio.run(run(4)) == asyncio.run(run(1))


def catalog(jobs: list[dict[str, Any]], in_flight: list[int]) -> Any:
    lock = threading.Lock()
    current = [0]

    def respond(request: Recorded) -> Reply:
        with lock:
            current[0] += 1
            in_flight.append(current[0])
        time.sleep(0.05)
        with lock:
            current[0] -= 1
        body = request.json()
        offset, limit = body["offset"], body["limit"]
        items = jobs[offset * limit : (offset + 1) * limit]
        return Reply(200, {"count": len(jobs), "limit": limit, "offset": offset, "items": items})

    return respond


def test_pages_are_in_flight_together_up_to_the_concurrency() -> None:
    in_flight: list[int] = []
    jobs = [make_job(i) for i in range(40)]
    with LoopbackServer(catalog(jobs, in_flight)) as server:
        client = AuthenticatedClient(base_url=server.base_url, token="t")
        with client:
            ids = _ids(client, 3, limit=4)
    assert ids == [f"job-{i}" for i in range(40)]
    assert max(in_flight) == 3
    assert len(in_flight) == 10  # no page beyond count is asked for


def test_a_short_page_ends_the_iteration_and_later_pages_are_dropped() -> None:
    jobs = [make_job(i) for i in range(40)]

    def respond(request: Recorded) -> Reply:
        body = request.json()
        offset, limit = body["offset"], body["limit"]
        items = jobs[offset * limit : (offset + 1) * limit]
        if offset == 2:
            items = items[:1]  # jobs deleted meanwhile: page 2 is short
        return Reply(200, {"count": 40, "items": items})

    with (
        LoopbackServer(respond) as server,
        AuthenticatedClient(base_url=server.base_url, token="t") as client,
    ):
        assert _ids(client, 4, limit=5) == _ids(client, 1, limit=5)
        assert _ids(client, 4, limit=5) == [f"job-{i}" for i in range(11)]


def test_an_error_page_raises_in_order_after_the_pages_before_it() -> None:
    jobs = [make_job(i) for i in range(30)]
    attempts: dict[int, int] = {}

    def respond(request: Recorded) -> Reply:
        body = request.json()
        offset, limit = body["offset"], body["limit"]
        attempts[offset] = attempts.get(offset, 0) + 1
        if offset == 3:
            return Reply(400, {"error_code": "ModelArts.2807", "error_msg": "no"})
        if offset == 1 and attempts[offset] == 1:
            return Reply(503, b"")  # retried on its own
        items = jobs[offset * limit : (offset + 1) * limit]
        return Reply(200, {"count": 30, "items": items})

    seen: list[str] = []
    with LoopbackServer(respond) as server:
        client = AuthenticatedClient(
            base_url=server.base_url, token="t", retry=RetryPolicy(backoff=0.0, jitter=0.0)
        )
        jobs_iter = iter_training_jobs(client, PROJECT, JobSearches(limit=5), concurrency=4)
        with client, pytest.raises(ModelArtsApiError) as raised:
            seen.extend(job.metadata.id for job in jobs_iter)  # type: ignore[union-attr,misc]
    assert seen == [f"job-{i}" for i in range(15)]
    assert raised.value.error_code == "ModelArts.2807"
    assert attempts[1] == 2


def test_a_server_that_ignores_offset_is_a_paging_error_as_before() -> None:
    jobs = [make_job(i) for i in range(5)]

    def respond(_request: Recorded) -> Reply:
        return Reply(200, {"count": 50, "items": jobs})

    with (
        LoopbackServer(respond) as server,
        AuthenticatedClient(base_url=server.base_url, token="t") as client,
        pytest.raises(PagingError),
    ):
        _ids(client, 4, limit=5)


def test_concurrency_below_one_is_refused() -> None:
    client = AuthenticatedClient(base_url="http://127.0.0.1:9", token="t")
    with pytest.raises(ValueError, match="concurrency"):
        list(iter_training_jobs(client, PROJECT, concurrency=0))
