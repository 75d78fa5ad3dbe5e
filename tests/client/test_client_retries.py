"""Timeouts, retries and the debug log of the generated client, against real servers on 127.0.0.1:
a server that never answers, one that throttles, one that fails, one that is not there."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from modelarts_training_client import (
    DEFAULT_TIMEOUT,
    AkSkAuth,
    AuthenticatedClient,
    Client,
    ModelArtsApiError,
    RetryPolicy,
    aget_training_job_page,
    get_training_job_page,
)
from modelarts_training_client.api.training_jobs import list_training_jobs
from modelarts_training_client.models import JobSearches, ListTrainingJobsResponse
from modelarts_training_client.retries import parse_retry_after
from modelarts_training_client.signing import verify_signature

from tests.support.loopback import LoopbackServer, Recorded, Reply, SilentServer, make_job

PROJECT = "project-1"
AK, SK, TOKEN = "RETRYAK", "retry-secret-key", "retry-security-token"
PAGE = {"count": 1, "items": [make_job(1)]}
#: No waiting between attempts, so that the tests measure behaviour, not sleeps.
FAST = RetryPolicy(backoff=0.0, jitter=0.0)


def sequence(*replies: Reply) -> Any:
    """A responder answering ``replies`` in turn, then the last one forever."""
    answers = list(replies)

    def respond(_request: Recorded) -> Reply:
        return answers.pop(0) if len(answers) > 1 else answers[0]

    return respond


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


# --- timeouts ---------------------------------------------------------------------------------


def test_the_default_timeout_is_the_sdks() -> None:
    client = Client(base_url="http://127.0.0.1")
    timeout = client.get_httpx_client().timeout
    assert timeout == DEFAULT_TIMEOUT
    assert (timeout.connect, timeout.read) == (60.0, 120.0)
    token_client = AuthenticatedClient(base_url="http://127.0.0.1", token="t")
    assert token_client.get_async_httpx_client().timeout == DEFAULT_TIMEOUT


def test_a_server_that_never_answers_fails_within_the_timeout() -> None:
    with SilentServer() as silent:
        client = Client(
            base_url=silent.base_url, timeout=httpx.Timeout(0.5), retry=RetryPolicy.none()
        )
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            get_training_job_page(client, PROJECT)
        assert time.monotonic() - started < 5
        assert silent.connections == 1


def test_the_timeout_can_be_set_per_call() -> None:
    with SilentServer() as silent:
        client = Client(base_url=silent.base_url, retry=RetryPolicy.none())  # 120 s by default
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            get_training_job_page(client, PROJECT, timeout=0.3)
        assert time.monotonic() - started < 5


def test_read_timeouts_are_retried() -> None:
    with SilentServer() as silent:
        client = Client(base_url=silent.base_url, timeout=httpx.Timeout(0.2), retry=FAST)
        with pytest.raises(httpx.ReadTimeout) as raised:
            list_training_jobs.sync_detailed(PROJECT, client=client, body=JobSearches())
        assert silent.connections == 3
        assert "after 3 attempts" in "".join(raised.value.__notes__)


# --- retries ----------------------------------------------------------------------------------


def test_429_with_retry_after_is_retried_once_after_the_wait_with_a_fresh_signature(
    server: LoopbackServer,
) -> None:
    throttled = Reply(
        429, {"error_code": "APIG.0308", "error_msg": "throttled"}, {"Retry-After": "1"}
    )
    server.responder = sequence(throttled, Reply(200, PAGE))
    retries: list[tuple[int, str, float]] = []
    policy = RetryPolicy(on_retry=lambda *event: retries.append(event))
    auth = AkSkAuth(AK, SK, PROJECT, security_token=TOKEN)
    with Client(base_url=server.base_url, httpx_args={"auth": auth}, retry=policy) as client:
        started = time.monotonic()
        page = get_training_job_page(client, PROJECT)
        elapsed = time.monotonic() - started
    assert page.to_dict() == PAGE
    assert retries == [(1, "HTTP 429 APIG.0308", 1.0)]
    assert elapsed >= 1.0
    first, second = server.requests
    for sent in (first, second):
        assert verify_signature(sent.method, sent.target, sent.headers, sent.body, AK, SK) is None
    assert first.header("X-Sdk-Date") != second.header("X-Sdk-Date")
    assert first.header("Authorization") != second.header("Authorization")


def test_503_four_times_gives_up_after_three_attempts(server: LoopbackServer) -> None:
    server.responder = lambda _request: Reply(503, b"<html>Service Unavailable</html>")
    with Client(base_url=server.base_url, retry=FAST) as client:
        with pytest.raises(ModelArtsApiError) as raised:
            get_training_job_page(client, PROJECT)
        assert len(server.requests) == 3
        server.responder = lambda _request: Reply(503, {"error_code": "E.1", "error_msg": "busy"})
        response = list_training_jobs.sync_detailed(PROJECT, client=client, body=JobSearches())
    assert len(server.requests) == 6
    assert (raised.value.status_code, raised.value.attempts) == (503, 3)
    assert str(raised.value) == "HTTP 503 without a ModelArts error body (after 3 attempts)"
    assert response.status_code == 503


def test_throttling_codes_are_retried_whatever_the_status(server: LoopbackServer) -> None:
    throttled = Reply(400, {"error_code": "ModelArts.2799", "error_msg": "too many requests"})
    server.responder = sequence(throttled, Reply(200, PAGE))
    with Client(base_url=server.base_url, retry=FAST) as client:
        assert get_training_job_page(client, PROJECT).to_dict() == PAGE
    assert len(server.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 500])
def test_other_errors_are_not_retried(server: LoopbackServer, status: int) -> None:
    server.responder = lambda _request: Reply(status, {"error_code": "X.1", "error_msg": "no"})
    client = Client(base_url=server.base_url, retry=FAST)
    with client, pytest.raises(ModelArtsApiError) as raised:
        get_training_job_page(client, PROJECT)
    assert (len(server.requests), raised.value.attempts) == (1, 1)


def test_connection_refused_is_retried_then_raised() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    retries: list[tuple[int, str, float]] = []
    policy = RetryPolicy(backoff=0.0, jitter=0.0, on_retry=lambda *event: retries.append(event))
    client = Client(base_url=f"http://127.0.0.1:{port}", retry=policy)
    with pytest.raises(httpx.ConnectError) as raised:
        get_training_job_page(client, PROJECT)
    assert [attempt for attempt, _reason, _delay in retries] == [1, 2]
    assert {reason for _attempt, reason, _delay in retries} == {"ConnectError"}
    assert "after 3 attempts" in "".join(raised.value.__notes__)


def test_retry_policy_none_sends_once(server: LoopbackServer) -> None:
    server.responder = lambda _request: Reply(503, b"")
    client = Client(base_url=server.base_url, retry=RetryPolicy.none())
    with client, pytest.raises(ModelArtsApiError) as raised:
        get_training_job_page(client, PROJECT)
    assert (len(server.requests), raised.value.attempts) == (1, 1)


def test_the_total_cap_stops_retries_that_would_start_too_late(server: LoopbackServer) -> None:
    server.responder = lambda _request: Reply(429, b"", {"Retry-After": "5"})
    with Client(base_url=server.base_url, retry=RetryPolicy(total=2.0)) as client:
        started = time.monotonic()
        with pytest.raises(ModelArtsApiError) as raised:
            get_training_job_page(client, PROJECT)
    assert time.monotonic() - started < 2.0
    assert (len(server.requests), raised.value.attempts) == (1, 1)


def test_retry_after_is_capped_by_the_policy(server: LoopbackServer) -> None:
    server.responder = sequence(Reply(503, b"", {"Retry-After": "3600"}), Reply(200, PAGE))
    delays: list[float] = []
    policy = RetryPolicy(max_delay=0.2, on_retry=lambda _a, _r, delay: delays.append(delay))
    with Client(base_url=server.base_url, retry=policy) as client:
        assert get_training_job_page(client, PROJECT).to_dict() == PAGE
    assert delays == [0.2]


def test_retry_after_reads_seconds_and_http_dates() -> None:
    from datetime import UTC, datetime

    now = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("7", now) == 7.0
    assert parse_retry_after("Wed, 01 Jan 2025 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Wed, 01 Jan 2025 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_backoff_grows_with_jitter_within_bounds() -> None:
    policy = RetryPolicy(backoff=1.0, max_backoff=3.0, jitter=0.5)
    for attempt, full in ((1, 1.0), (2, 2.0), (3, 3.0), (6, 3.0)):
        for _ in range(50):
            assert full * 0.5 <= policy.backoff_delay(attempt) <= full


def test_async_calls_retry_too(server: LoopbackServer) -> None:
    server.responder = sequence(Reply(502, b""), Reply(504, b""), Reply(200, PAGE))

    async def run() -> tuple[ListTrainingJobsResponse, int]:
        async with Client(base_url=server.base_url, retry=FAST) as client:
            page = await aget_training_job_page(client, PROJECT)
            detailed = await list_training_jobs.asyncio_detailed(PROJECT, client=client)
            return page, int(detailed.status_code)

    page, status = asyncio.run(run())
    assert page.to_dict() == PAGE
    assert status == 200
    assert len(server.requests) == 4


def test_invalid_policies_are_refused() -> None:
    with pytest.raises(ValueError, match="attempts"):
        RetryPolicy(attempts=0)
    with pytest.raises(ValueError, match="jitter"):
        RetryPolicy(jitter=2)


# --- logging ----------------------------------------------------------------------------------


def test_debug_log_has_a_line_per_request_and_retry_and_no_secret(
    server: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.responder = sequence(Reply(429, b""), Reply(200, PAGE))
    auth = AkSkAuth(AK, SK, PROJECT, security_token=TOKEN)
    caplog.set_level(logging.DEBUG, logger="modelarts_training_client")
    with Client(base_url=server.base_url, httpx_args={"auth": auth}, retry=FAST) as client:
        get_training_job_page(client, PROJECT)
    with AuthenticatedClient(base_url=server.base_url, token=TOKEN, retry=FAST) as client:
        get_training_job_page(client, PROJECT)
    lines = [r.getMessage() for r in caplog.records if r.name == "modelarts_training_client"]
    assert sum("attempt 1 of 3" in line for line in lines) == 2
    assert sum("retrying in" in line for line in lines) == 1
    assert all(secret not in line for line in lines for secret in (AK, SK, TOKEN, "Signature="))


def test_a_url_with_credentials_is_redacted_in_the_log(
    server: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.responder = lambda _request: Reply(200, PAGE)
    base_url = server.base_url.replace("http://", "http://user:hunter2@")
    caplog.set_level(logging.DEBUG, logger="modelarts_training_client")
    with Client(base_url=base_url) as client:
        get_training_job_page(client, PROJECT)
    assert caplog.records
    assert all("hunter2" not in record.getMessage() for record in caplog.records)


def test_a_thread_safe_server_helper_counts_connections() -> None:
    # The SilentServer used above really accepts and never answers.
    with (
        SilentServer() as silent,
        socket.create_connection(silent.address, timeout=2) as connection,
    ):
        connection.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        connection.settimeout(0.3)
        with pytest.raises(TimeoutError):
            connection.recv(1)
    assert silent.connections == 1
