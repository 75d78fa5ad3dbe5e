"""Paging over a real loopback server: ``offset`` is a 0-based page number and ``limit`` the page
size; every job comes once, in order; the iteration ends on a short or empty page or at ``count``,
and ends with ``PagingError`` (never an endless loop) on a server that does not page properly."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from modelarts_training_client import (
    AuthenticatedClient,
    ModelArtsApiError,
    PagingError,
    aiter_training_jobs,
    iter_training_jobs,
)
from modelarts_training_client.models import Filter, FilterOperator, JobResponse, JobSearches
from modelarts_training_client.types import Unset

from tests.support.loopback import LoopbackServer, Recorded, Reply, make_job, spec_errors

PROJECT = "project-1"


def catalog(
    jobs: list[dict[str, Any]],
    *,
    count: int | Callable[[], int] | None = None,
    ignore_offset: bool = False,
    page_size_cap: int | None = None,
) -> Callable[[Recorded], Reply]:
    """A server holding ``jobs``: page ``offset`` of size ``limit``, ``count`` = len(jobs) unless
    told otherwise (``None``: len(jobs); a callable: asked per page)."""

    def respond(request: Recorded) -> Reply:
        body = request.json()
        offset = 0 if ignore_offset else body["offset"]
        limit = min(body["limit"], page_size_cap or body["limit"])
        page: dict[str, Any] = {
            "limit": limit,
            "offset": offset,
            "items": jobs[offset * limit : (offset + 1) * limit],
        }
        page["count"] = count() if callable(count) else len(jobs) if count is None else count
        return Reply(200, page)

    return respond


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


def _ids(jobs: list[JobResponse]) -> list[str]:
    ids = []
    for job in jobs:
        assert not isinstance(job.metadata, Unset)
        assert isinstance(job.metadata.id, str)
        ids.append(job.metadata.id)
    return ids


def _pages(server: LoopbackServer) -> list[tuple[int, int]]:
    return [(r.json()["offset"], r.json()["limit"]) for r in server.requests]


def _run(server: LoopbackServer, search: JobSearches | None, **kwargs: Any) -> list[JobResponse]:
    with AuthenticatedClient(base_url=server.base_url, token="t") as client:
        return list(iter_training_jobs(client, PROJECT, search, **kwargs))


def _arun(server: LoopbackServer, search: JobSearches | None, **kwargs: Any) -> list[JobResponse]:
    async def run() -> list[JobResponse]:
        async with AuthenticatedClient(base_url=server.base_url, token="t") as client:
            return [job async for job in aiter_training_jobs(client, PROJECT, search, **kwargs)]

    return asyncio.run(run())


SEVEN = [make_job(i) for i in range(1, 8)]
SEVEN_IDS = [f"job-{i}" for i in range(1, 8)]


@pytest.mark.parametrize("runner", [_run, _arun], ids=["sync", "async"])
def test_seven_jobs_three_a_page(server: LoopbackServer, runner: Any) -> None:
    server.responder = catalog(SEVEN)
    jobs = runner(server, JobSearches(limit=3))
    assert _ids(jobs) == SEVEN_IDS
    assert _pages(server) == [(0, 3), (1, 3), (2, 3)]  # page 2 holds one job: a short page


@pytest.mark.parametrize("runner", [_run, _arun], ids=["sync", "async"])
def test_every_page_request_keeps_the_search_and_is_valid(
    server: LoopbackServer, runner: Any
) -> None:
    server.responder = catalog(SEVEN)
    search = JobSearches(
        limit=3, filters=[Filter(key="phase", operator=FilterOperator.IN, value=["Running"])]
    )
    search["workspace_id"] = "ws-1"  # an undocumented request field the SDK knows
    runner(server, search)
    for request in server.requests:
        body = request.json()
        assert spec_errors("JobSearches", body) == []
        assert body["filters"] == [{"key": "phase", "operator": "in", "value": ["Running"]}]
        assert body["workspace_id"] == "ws-1"
        assert request.header("X-Auth-Token") == "t"
    assert isinstance(search.offset, Unset)  # the caller's object is left alone


def test_count_ends_the_iteration_without_asking_for_an_empty_page(
    server: LoopbackServer,
) -> None:
    server.responder = catalog(SEVEN[:6])
    assert _ids(_run(server, JobSearches(limit=3))) == SEVEN_IDS[:6]
    assert _pages(server) == [(0, 3), (1, 3)]


def test_without_count_an_empty_page_ends_the_iteration(server: LoopbackServer) -> None:
    def no_count(request: Recorded) -> Reply:
        reply = catalog(SEVEN[:6])(request)
        del reply.body["count"]
        return reply

    server.responder = no_count
    assert _ids(_run(server, JobSearches(limit=3))) == SEVEN_IDS[:6]
    assert _pages(server) == [(0, 3), (1, 3), (2, 3)]


@pytest.mark.parametrize("answer", [{"count": 0, "items": []}, {}, {"items": []}])
def test_no_jobs(server: LoopbackServer, answer: dict[str, Any]) -> None:
    server.responder = lambda _request: Reply(200, answer)
    assert _run(server, None) == []
    assert _pages(server) == [(0, 50)]  # the default page size is the largest allowed


def test_first_page_and_page_size_come_from_the_search(server: LoopbackServer) -> None:
    server.responder = catalog(SEVEN)
    assert _ids(_run(server, JobSearches(offset=1, limit=2))) == SEVEN_IDS[2:]
    assert _pages(server) == [(1, 2), (2, 2), (3, 2)]


def test_a_count_smaller_than_the_jobs_ends_at_count(server: LoopbackServer) -> None:
    server.responder = catalog(SEVEN, count=4)
    # Page 1 reaches position 6 >= count 4: its jobs are yielded, no further page is asked for.
    assert _ids(_run(server, JobSearches(limit=3))) == SEVEN_IDS[:6]
    assert len(server.requests) == 2


def test_a_count_larger_than_the_jobs_ends_at_the_short_page(server: LoopbackServer) -> None:
    server.responder = catalog(SEVEN, count=1000)
    assert _ids(_run(server, JobSearches(limit=3))) == SEVEN_IDS
    assert len(server.requests) == 3


def test_jobs_shifted_into_the_next_page_are_yielded_once(server: LoopbackServer) -> None:
    jobs = list(SEVEN)
    inner = catalog(jobs)

    def respond(request: Recorded) -> Reply:
        reply = inner(request)
        if request.json()["offset"] == 0:
            jobs.insert(0, make_job(99))  # a job created while the caller iterates
        return reply

    server.responder = respond
    assert _ids(_run(server, JobSearches(limit=3))) == SEVEN_IDS


def test_a_server_that_caps_the_page_size(server: LoopbackServer) -> None:
    server.responder = catalog(SEVEN, page_size_cap=2)
    assert _ids(_run(server, JobSearches(limit=3))) == SEVEN_IDS
    assert len(server.requests) == 4


@pytest.mark.parametrize("runner", [_run, _arun], ids=["sync", "async"])
def test_a_server_that_ignores_offset_ends_in_paging_error(
    server: LoopbackServer, runner: Any
) -> None:
    server.responder = catalog(SEVEN, count=1000, ignore_offset=True)
    with pytest.raises(PagingError, match="no new job, 2 pages in a row") as raised:
        runner(server, JobSearches(limit=3))
    assert raised.value.page == 2
    assert _pages(server) == [(0, 3), (1, 3), (2, 3)]


def test_a_server_that_ignores_offset_yields_its_jobs_before_failing(
    server: LoopbackServer,
) -> None:
    server.responder = catalog(SEVEN, count=1000, ignore_offset=True)
    seen: list[JobResponse] = []
    with (
        AuthenticatedClient(base_url=server.base_url, token="t") as client,
        pytest.raises(PagingError),
    ):
        seen.extend(iter_training_jobs(client, PROJECT, JobSearches(limit=3)))
    assert _ids(seen) == SEVEN_IDS[:3]


def test_endless_full_pages_stop_at_max_pages(server: LoopbackServer) -> None:
    pages = iter(range(10**6))

    def endless(_request: Recorded) -> Reply:
        page = next(pages)
        return Reply(200, {"count": 10**9, "items": [make_job(page * 3 + i) for i in range(3)]})

    server.responder = endless
    with pytest.raises(PagingError, match="after 5 pages") as raised:
        _run(server, JobSearches(limit=3), max_pages=5)
    assert raised.value.page == 4
    assert len(server.requests) == 5


def test_full_pages_without_ids_stop_at_max_pages(server: LoopbackServer) -> None:
    anonymous = [{"kind": "job"}] * 3
    server.responder = lambda _request: Reply(200, {"items": anonymous})
    with pytest.raises(PagingError):
        _arun(server, JobSearches(limit=3), max_pages=4)
    assert len(server.requests) == 4


def test_an_error_page_raises_the_typed_error(server: LoopbackServer) -> None:
    inner = catalog(SEVEN)

    def respond(request: Recorded) -> Reply:
        if request.json()["offset"] == 1:
            return Reply(429, {"error_code": "ModelArts.2799", "error_msg": "Too many requests"})
        return inner(request)

    server.responder = respond
    seen: list[JobResponse] = []
    with (
        AuthenticatedClient(base_url=server.base_url, token="t") as client,
        pytest.raises(ModelArtsApiError) as raised,
    ):
        seen.extend(iter_training_jobs(client, PROJECT, JobSearches(limit=3)))
    assert _ids(seen) == SEVEN_IDS[:3]
    assert (raised.value.status_code, raised.value.error_code) == (429, "ModelArts.2799")


@pytest.mark.parametrize(
    ("search", "kwargs", "message"),
    [
        (JobSearches(limit=0), {}, "limit"),
        (JobSearches(limit=51), {}, "limit"),
        (JobSearches(offset=-1), {}, "offset"),
        (None, {"max_pages": 0}, "max_pages"),
    ],
)
def test_invalid_paging_arguments(
    server: LoopbackServer, search: JobSearches | None, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        _run(server, search, **kwargs)
    assert server.requests == []
