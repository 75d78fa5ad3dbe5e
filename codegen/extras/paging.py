"""One page of training jobs, or every job across pages, sync and async.

Paging in ListTrainingJobs is by page *number*: ``offset`` is the 0-based page ("if this parameter
is set to 0, the query starts from the first page"), ``limit`` the page size, 1 to 50. The
iterators ask for page ``offset``, ``offset + 1``, ... of the given search and stop, normally, at

- a short page (fewer jobs than the page size; an empty page is one),
- the page that reaches ``count`` (the number of jobs matching the search, as the last page said).

They never loop forever on a misbehaving server: a job already yielded (same ``metadata.id``) is not
yielded again, a page bringing no new job is tolerated once (jobs created during the iteration
shift the pages), and a second such page in a row, or more than ``max_pages`` pages, raises
``PagingError`` instead of asking for another page.

Any status but 200 raises ``ModelArtsApiError`` with the typed error body (see ``api_errors``).
Every page goes through the client's ``RetryPolicy`` (see ``retries``), on its own.

With ``concurrency=N`` the iterators fetch up to N pages at a time once the first page has told
how many jobs match (``count``): the pages are requested ahead, but judged and yielded strictly in
page order by the same rules, so the jobs, their order and the errors are those of
``concurrency=1``; only the wall time differs.

(Hand-written: copied into the generated package from codegen/extras/ by codegen/generate.py.)
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import httpx

from .api.training_jobs import list_training_jobs
from .api_errors import ModelArtsApiError
from .client import AuthenticatedClient, Client
from .models.job_response import JobResponse
from .models.job_searches import JobSearches
from .models.list_training_jobs_response import ListTrainingJobsResponse
from .retries import asend_with_retries, send_with_retries
from .types import UNSET, Unset

__all__ = [
    "DEFAULT_MAX_PAGES",
    "DEFAULT_PAGE_SIZE",
    "PagingError",
    "aget_training_job_page",
    "aiter_training_jobs",
    "get_training_job_page",
    "iter_training_jobs",
]

#: Page size used when the search does not set ``limit``: the largest the service accepts.
DEFAULT_PAGE_SIZE = 50
#: Pages one iteration may request at most (500,000 jobs at 50 a page).
DEFAULT_MAX_PAGES = 10_000
_MAX_PAGE_SIZE = 50
#: Pages in a row that bring no new job before the iteration gives up.
_STALLED_PAGES_ALLOWED = 1


class PagingError(Exception):
    """The server's pages did not add up; the iteration stopped instead of asking for more.

    Attributes:
        page: The page number (``offset``) of the last page requested.
    """

    page: int

    def __init__(self, message: str, page: int) -> None:
        super().__init__(message)
        self.page = page


def get_training_job_page(
    client: AuthenticatedClient | Client,
    project_id: str,
    search: JobSearches | None = None,
    *,
    timeout: httpx.Timeout | float | Unset | None = UNSET,
) -> ListTrainingJobsResponse:
    """One page of the search: the parsed 200 answer, retried as ``client.retry`` says.

    ``timeout`` overrides the client's timeout for this call, as ``httpx.Client.request`` takes it
    (``None``: no timeout); left out, the client's applies.

    Raises:
        ModelArtsApiError: any other status (after the retries), with the error body when there
            is one and ``attempts``.
        ValueError: a 200 answer whose body is not a JSON object, or holds a value of the wrong
            type (``ResponseParseError``, naming the field).
        httpx.HTTPError: the request failed (connection, timeout), after the retries.
    """
    kwargs = _request_kwargs(project_id, search, timeout)
    return _parse_page(send_with_retries(client.get_httpx_client(), client.retry, kwargs))


async def aget_training_job_page(
    client: AuthenticatedClient | Client,
    project_id: str,
    search: JobSearches | None = None,
    *,
    timeout: httpx.Timeout | float | Unset | None = UNSET,
) -> ListTrainingJobsResponse:
    """``get_training_job_page`` over the client's ``httpx.AsyncClient``."""
    kwargs = _request_kwargs(project_id, search, timeout)
    response = await asend_with_retries(client.get_async_httpx_client(), client.retry, kwargs)
    return _parse_page(response)


def iter_training_jobs(
    client: AuthenticatedClient | Client,
    project_id: str,
    search: JobSearches | None = None,
    *,
    max_pages: int = DEFAULT_MAX_PAGES,
    concurrency: int = 1,
    timeout: httpx.Timeout | float | Unset | None = UNSET,
) -> Iterator[JobResponse]:
    """Every job matching ``search``, page after page, in the server's order.

    ``search.offset`` is the first page (default 0) and ``search.limit`` the page size (default
    50); every other field of ``search``, undocumented ones included, is sent unchanged.

    ``concurrency=N`` (N > 1) fetches up to N pages at a time, in threads sharing the client's
    ``httpx.Client``, once the first page's ``count`` says how many pages there are. Jobs still
    come in page order, and the stop rules, the dedupe and ``PagingError`` are the same as with
    ``concurrency=1``: pages are judged one by one, in order, and pages fetched ahead of a page
    that ends the iteration are dropped. Each page is retried on its own.

    Raises:
        ModelArtsApiError: a page was answered with a status other than 200.
        PagingError: the server kept returning pages without new jobs, or ``max_pages`` pages
            were not enough.
        ValueError: ``search.limit`` is outside 1-50, ``search.offset`` is negative, or
            ``concurrency`` is below 1.
    """
    pager = _Pager(search, max_pages, concurrency)

    def fetch(body: JobSearches) -> ListTrainingJobsResponse:
        return get_training_job_page(client, project_id, body, timeout=timeout)

    if concurrency == 1:
        while not pager.done:
            yield from pager.take(fetch(pager.next_request()))
        return
    with ThreadPoolExecutor(concurrency, thread_name_prefix="modelarts-page") as pool:
        ahead: deque[Future[ListTrainingJobsResponse]] = deque()
        try:
            while not pager.done:
                while pager.may_fetch_ahead(len(ahead)):
                    ahead.append(pool.submit(fetch, pager.next_request()))
                answer = ahead.popleft().result() if ahead else fetch(pager.next_request())
                yield from pager.take(answer)
        finally:
            for future in ahead:
                future.cancel()


async def aiter_training_jobs(
    client: AuthenticatedClient | Client,
    project_id: str,
    search: JobSearches | None = None,
    *,
    max_pages: int = DEFAULT_MAX_PAGES,
    concurrency: int = 1,
    timeout: httpx.Timeout | float | Unset | None = UNSET,
) -> AsyncIterator[JobResponse]:
    """``iter_training_jobs`` over the client's ``httpx.AsyncClient`` (``concurrency`` pages in
    flight as tasks)."""
    pager = _Pager(search, max_pages, concurrency)
    ahead: deque[asyncio.Task[ListTrainingJobsResponse]] = deque()

    def fetch(body: JobSearches) -> asyncio.Task[ListTrainingJobsResponse]:
        return asyncio.ensure_future(
            aget_training_job_page(client, project_id, body, timeout=timeout)
        )

    try:
        while not pager.done:
            while pager.may_fetch_ahead(len(ahead)):
                ahead.append(fetch(pager.next_request()))
            task = ahead.popleft() if ahead else fetch(pager.next_request())
            for job in pager.take(await task):
                yield job
    finally:
        for task in ahead:
            task.cancel()
        if ahead:
            await asyncio.gather(*ahead, return_exceptions=True)


def _request_kwargs(
    project_id: str, search: JobSearches | None, timeout: httpx.Timeout | float | Unset | None
) -> dict[str, Any]:
    kwargs = list_training_jobs._get_kwargs(project_id, body=_body(search))
    if not isinstance(timeout, Unset):
        kwargs["timeout"] = timeout
    return kwargs


def _body(search: JobSearches | None) -> JobSearches | Unset:
    return UNSET if search is None else search


def _parse_page(response: httpx.Response) -> ListTrainingJobsResponse:
    if response.status_code != 200:
        raise ModelArtsApiError.from_response(response)
    data = response.json()
    if not isinstance(data, dict):
        raise ValueError(f"the 200 answer is a JSON {type(data).__name__}, not an object")
    return ListTrainingJobsResponse.from_dict(data)


def _job_id(job: JobResponse) -> str | None:
    if isinstance(job.metadata, Unset) or not isinstance(job.metadata.id, str):
        return None
    return job.metadata.id


class _Pager:
    """The paging state shared by the sync and the async iterator: which page to ask for next,
    what a page answered means, when to stop, and how many pages may be fetched ahead.

    Pages are requested in order (``next_request``) and answered in the same order (``take``);
    with ``concurrency`` above 1 more than one may be requested before the first is taken."""

    def __init__(self, search: JobSearches | None, max_pages: int, concurrency: int = 1) -> None:
        # A copy through the wire form, so that additional_properties survive and the caller's
        # object is never changed.
        self._template = search.to_dict() if search is not None else {}
        limit = self._template.get("limit", DEFAULT_PAGE_SIZE)
        offset = self._template.get("offset", 0)
        if not isinstance(limit, int) or not 1 <= limit <= _MAX_PAGE_SIZE:
            raise ValueError(f"limit (the page size) must be 1 to {_MAX_PAGE_SIZE}, not {limit!r}")
        if not isinstance(offset, int) or offset < 0:
            raise ValueError(f"offset (the first page number) must be 0 or more, not {offset!r}")
        if max_pages < 1:
            raise ValueError(f"max_pages must be 1 or more, not {max_pages!r}")
        if not isinstance(concurrency, int) or concurrency < 1:
            raise ValueError(f"concurrency must be 1 or more, not {concurrency!r}")
        self._limit: int = limit
        self._page: int = offset  # the next page to take
        self._requested: int = offset  # the next page to request
        self._max_pages = max_pages
        self._concurrency = concurrency
        self._pages_requested = 0
        self._stalled_pages = 0
        self._last_page: int | None = None  # the last page by the latest count, once known
        self._seen_ids: set[str] = set()
        self.done = False

    def next_request(self) -> JobSearches:
        """The search for the next page; PagingError once ``max_pages`` pages were requested."""
        if self._pages_requested >= self._max_pages:
            raise PagingError(
                f"stopped after {self._max_pages} pages (max_pages) and the last page was still full",
                self._page - 1,
            )
        self._pages_requested += 1
        page = self._requested
        self._requested += 1
        return JobSearches.from_dict({**self._template, "offset": page, "limit": self._limit})

    def may_fetch_ahead(self, in_flight: int) -> bool:
        """Whether one more page may be requested while ``in_flight`` pages are not taken yet:
        below the concurrency, within ``max_pages``, and a page the latest ``count`` says exists."""
        return (
            in_flight < self._concurrency
            and self._concurrency > 1
            and self._pages_requested < self._max_pages
            and self._last_page is not None
            and self._requested <= self._last_page
        )

    def take(self, answer: ListTrainingJobsResponse) -> list[JobResponse]:
        """The jobs of the page just answered that were not yielded before; decides ``done``."""
        page = self._page
        items = [] if isinstance(answer.items, Unset) else answer.items
        new_jobs: list[JobResponse] = []
        for job in items:
            job_id = _job_id(job)
            if job_id is None:
                new_jobs.append(job)
            elif job_id not in self._seen_ids:
                self._seen_ids.add(job_id)
                new_jobs.append(job)

        if items and not new_jobs:
            self._stalled_pages += 1
            if self._stalled_pages > _STALLED_PAGES_ALLOWED:
                raise PagingError(
                    f"page {page} brought no new job, {self._stalled_pages} pages in a row: the server does not advance with offset",
                    page,
                )
        else:
            self._stalled_pages = 0

        # A server may cap the page size below what was asked, never raise it.
        page_size = self._limit
        if isinstance(answer.limit, int) and 1 <= answer.limit < page_size:
            page_size = answer.limit
        if isinstance(answer.count, int) and page_size == self._limit:
            # Pages fetched ahead are only worth it while the pages are the size asked for.
            self._last_page = -(-answer.count // page_size) - 1
        else:
            self._last_page = None
        if len(items) < page_size:
            self.done = True  # a short or empty page is the last one
        elif isinstance(answer.count, int) and (page + 1) * page_size >= answer.count:
            self.done = True  # this page reaches the number of matching jobs
        self._page = page + 1
        return new_jobs
