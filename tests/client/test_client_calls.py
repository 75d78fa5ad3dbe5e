"""The generated client against a real HTTP server on 127.0.0.1: what it sends (a body the spec
accepts, X-Auth-Token, AK/SK signature headers), what it makes of the answers (the page's example
response, undocumented fields and values, the ModelArts error body), sync and async."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from modelarts_training_client import (
    AkSkAuth,
    AuthenticatedClient,
    Client,
    ModelArtsApiError,
    RetryPolicy,
    aget_training_job_page,
    get_training_job_page,
)
from modelarts_training_client.api.training_jobs import list_training_jobs
from modelarts_training_client.models import (
    Filter,
    FilterOperator,
    JobResponse,
    JobSearches,
    JobSearchesOrder,
    ListTrainingJobsResponse,
    ModelArtsError,
)
from modelarts_training_client.signing import verify_signature
from modelarts_training_client.types import Unset

from tests.support.loopback import LoopbackServer, Recorded, Reply, make_job, spec_errors
from tests.support.reference import SPEC

PROJECT = "0123456789abcdef0123456789abcdef"
TOKEN = "MIIT-an-iam-token"
AK, SK = "HPUAEXAMPLEAK123", "an-example-secret-key"
EXAMPLE_REQUEST: dict[str, Any] = SPEC["components"]["examples"]["ListTrainingJobsRequest"]["value"]
EXAMPLE_RESPONSE: dict[str, Any] = SPEC["components"]["examples"]["ListTrainingJobsResponse"][
    "value"
]
PATH = f"/v2/{PROJECT}/training-job-searches"


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer(lambda _request: Reply(200, EXAMPLE_RESPONSE)) as running:
        yield running


def _token_client(server: LoopbackServer) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=server.base_url, token=TOKEN)


def _search() -> JobSearches:
    return JobSearches(
        offset=0,
        limit=10,
        order=JobSearchesOrder.ASC,
        filters=[
            Filter(key="name", operator=FilterOperator.LIKE, value=["trainjob"]),
            Filter(key="phase", operator=FilterOperator.IN, value=["Running", "Pending"]),
        ],
    )


# --- what the client sends ----------------------------------------------------------------------


def test_request_is_a_post_the_spec_accepts(server: LoopbackServer) -> None:
    with _token_client(server) as client:
        response = list_training_jobs.sync_detailed(PROJECT, client=client, body=_search())
    assert response.status_code == 200
    (request,) = server.requests
    assert (request.method, request.target) == ("POST", PATH)
    assert request.header("Content-Type") == "application/json"
    assert spec_errors("JobSearches", request.json()) == []
    assert request.json() == {
        "offset": 0,
        "limit": 10,
        "sort_by": "create_time",
        "order": "asc",
        "filters": [
            {"key": "name", "operator": "like", "value": ["trainjob"]},
            {"key": "phase", "operator": "in", "value": ["Running", "Pending"]},
        ],
    }


def test_the_pages_example_request_is_sent_unchanged(server: LoopbackServer) -> None:
    body = JobSearches.from_dict(EXAMPLE_REQUEST)
    with _token_client(server) as client:
        list_training_jobs.sync(PROJECT, client=client, body=body)
    sent = server.requests[0].json()
    assert spec_errors("JobSearches", sent) == []
    # Parsed fields that were absent stay unset: no default is added on the way back out.
    assert sent == EXAMPLE_REQUEST


def test_without_a_body_the_client_sends_none(server: LoopbackServer) -> None:
    with _token_client(server) as client:
        list_training_jobs.sync(PROJECT, client=client)
    assert server.requests[0].body == b""


def test_project_id_is_percent_encoded_into_one_segment(server: LoopbackServer) -> None:
    with _token_client(server) as client:
        list_training_jobs.sync("a/b c", client=client, body=JobSearches())
    assert server.requests[0].target == "/v2/a%2Fb%20c/training-job-searches"


def test_token_is_sent_as_x_auth_token_not_bearer(server: LoopbackServer) -> None:
    with _token_client(server) as client:
        list_training_jobs.sync(PROJECT, client=client, body=JobSearches())
    request = server.requests[0]
    assert request.header("X-Auth-Token") == TOKEN
    assert request.header("Authorization") is None
    assert TOKEN not in repr(client)


def test_aksk_headers_arrive_signed(server: LoopbackServer) -> None:
    auth = AkSkAuth(AK, SK, project_id=PROJECT)
    with Client(base_url=server.base_url, httpx_args={"auth": auth}) as client:
        list_training_jobs.sync(PROJECT, client=client, body=_search())
    request = server.requests[0]
    _assert_signed(request)
    assert request.header("X-Project-Id") == PROJECT
    assert request.header("X-Security-Token") is None
    assert request.header("X-Auth-Token") is None


def test_aksk_with_a_security_token(server: LoopbackServer) -> None:
    auth = AkSkAuth(AK, SK, project_id=PROJECT, security_token="temporary-token")
    with Client(base_url=server.base_url, httpx_args={"auth": auth}) as client:
        list_training_jobs.sync(PROJECT, client=client, body=_search())
    request = server.requests[0]
    _assert_signed(request)
    assert request.header("X-Security-Token") == "temporary-token"
    authorization = request.header("Authorization") or ""
    assert "x-security-token" in authorization.partition("SignedHeaders=")[2].split(",")[0]


def _assert_signed(request: Recorded) -> None:
    date = request.header("X-Sdk-Date") or ""
    signed_at = datetime.strptime(date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - signed_at).total_seconds()) < 300
    authorization = request.header("Authorization") or ""
    assert authorization.startswith(f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=")
    signed = authorization.partition("SignedHeaders=")[2].split(",")[0].split(";")
    assert {"host", "x-sdk-date", "x-project-id", "content-type"} <= set(signed)
    reason = verify_signature(request.method, request.target, request.headers, request.body, AK, SK)
    assert reason is None


# --- what the client makes of the answers -------------------------------------------------------


def test_example_response_parses_and_serialises_back_unchanged(server: LoopbackServer) -> None:
    with _token_client(server) as client:
        parsed = list_training_jobs.sync(PROJECT, client=client, body=JobSearches())
    assert isinstance(parsed, ListTrainingJobsResponse)
    assert not isinstance(parsed.items, Unset)
    (job,) = parsed.items
    assert isinstance(job, JobResponse)
    assert not isinstance(job.status, Unset)
    assert job.status.phase == "Abnormal"
    assert job.status.node_count_metrics == [
        [1636447746000, 0],
        [1636447755000, 0],
        [1636447756000, 0],
    ]
    assert parsed.to_dict() == EXAMPLE_RESPONSE
    assert json.dumps(parsed.to_dict(), sort_keys=True) == json.dumps(
        EXAMPLE_RESPONSE, sort_keys=True
    )


def test_undocumented_fields_and_values_parse_and_are_kept(server: LoopbackServer) -> None:
    answer = copy.deepcopy(EXAMPLE_RESPONSE)
    answer["train_type"] = "job"  # undocumented top-level field
    item = answer["items"][0]
    item["kind"] = "edge_job"  # documented only as "job"
    item["status"]["phase"] = "Queued"  # not among the documented phases
    item["status"]["retention_time"] = 30  # undocumented nested field
    item["spec"]["resource"]["flavor_detail"]["flavor_type"] = "Ascend"
    item["spec"]["runtime_type"] = {"affinity": {"nodeAffinity": {}}}
    server.responder = lambda _request: Reply(200, answer)
    with _token_client(server) as client:
        parsed = list_training_jobs.sync(PROJECT, client=client, body=JobSearches())
    assert isinstance(parsed, ListTrainingJobsResponse)
    assert parsed.additional_properties == {"train_type": "job"}
    assert not isinstance(parsed.items, Unset)
    job = parsed.items[0]
    assert job.kind == "edge_job"
    assert not isinstance(job.status, Unset)
    assert job.status.phase == "Queued"
    assert job.status["retention_time"] == 30
    assert parsed.to_dict() == answer


def test_async_paths(server: LoopbackServer) -> None:
    async def run() -> tuple[Any, Any, ListTrainingJobsResponse]:
        async with _token_client(server) as client:
            detailed = await list_training_jobs.asyncio_detailed(
                PROJECT, client=client, body=_search()
            )
            parsed = await list_training_jobs.asyncio(PROJECT, client=client, body=_search())
            page = await aget_training_job_page(client, PROJECT, _search())
        return detailed, parsed, page

    detailed, parsed, page = asyncio.run(run())
    assert detailed.status_code == 200
    assert isinstance(detailed.parsed, ListTrainingJobsResponse)
    assert isinstance(parsed, ListTrainingJobsResponse)
    assert page.to_dict() == EXAMPLE_RESPONSE
    assert len(server.requests) == 3
    for request in server.requests:
        assert request.header("X-Auth-Token") == TOKEN
        assert spec_errors("JobSearches", request.json()) == []


def test_async_aksk(server: LoopbackServer) -> None:
    async def run() -> ListTrainingJobsResponse:
        auth = AkSkAuth(AK, SK, project_id=PROJECT)
        async with Client(base_url=server.base_url, httpx_args={"auth": auth}) as client:
            return await aget_training_job_page(client, PROJECT, _search())

    assert asyncio.run(run()).to_dict() == EXAMPLE_RESPONSE
    _assert_signed(server.requests[0])


# --- errors -------------------------------------------------------------------------------------

SERVICE_ERROR = {
    "error_code": "ModelArts.2807",
    "error_msg": "The filter key is not supported.",
    "error_solution": "Use a supported key.",
}
GATEWAY_ERROR = {
    "error_code": "APIG.0301",
    "error_msg": "Incorrect IAM authentication information",
    "request_id": "c2d3e4f5",
}


@pytest.mark.parametrize(
    ("status", "body"), [(400, SERVICE_ERROR), (401, GATEWAY_ERROR), (503, SERVICE_ERROR)]
)
def test_error_status_gives_the_typed_error_body(
    server: LoopbackServer, status: int, body: dict[str, str]
) -> None:
    server.responder = lambda _request: Reply(status, body)
    # One attempt: this is about reading the error (test_client_retries.py covers retrying 503).
    with _token_client(server).with_retry(RetryPolicy.none()) as client:
        response = list_training_jobs.sync_detailed(PROJECT, client=client, body=JobSearches())
        with pytest.raises(ModelArtsApiError) as raised:
            get_training_job_page(client, PROJECT, JobSearches())
    assert response.status_code == status
    assert isinstance(response.parsed, ModelArtsError)
    assert response.parsed.to_dict() == body
    error = raised.value
    assert error.status_code == status
    assert isinstance(error.error, ModelArtsError)
    assert error.error.to_dict() == body
    assert (error.error_code, error.error_msg) == (body["error_code"], body["error_msg"])
    assert error.error_solution == body.get("error_solution")
    assert error.request_id == body.get("request_id")
    assert str(error) == f"HTTP {status}: {body['error_code']}: {body['error_msg']}"


def test_error_body_keeps_undocumented_fields(server: LoopbackServer) -> None:
    server.responder = lambda _request: Reply(429, {**SERVICE_ERROR, "retry_after": 3})
    client = _token_client(server).with_retry(RetryPolicy.none())
    with client, pytest.raises(ModelArtsApiError) as raised:
        get_training_job_page(client, PROJECT)
    assert raised.value.error is not None
    assert raised.value.error.additional_properties == {"retry_after": 3}


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (502, b"<html><body>Bad Gateway</body></html>"),
        (500, b""),
        (400, b'{"message": "not the ModelArts error body"}'),
        (400, b'["error"]'),
        (204, b""),
        (302, b""),
        (599, b"not a registered HTTP status"),
    ],
)
def test_answers_without_an_error_body_still_raise_the_typed_exception(
    server: LoopbackServer, status: int, body: bytes
) -> None:
    server.responder = lambda _request: Reply(status, body, {"X-Request-Id": "r-1"})
    client = _token_client(server).with_retry(RetryPolicy.none())
    with client, pytest.raises(ModelArtsApiError) as raised:
        get_training_job_page(client, PROJECT)
    error = raised.value
    assert (error.status_code, error.error, error.content) == (status, None, body)
    assert error.error_code is None
    assert error.headers["X-Request-Id"] == "r-1"
    assert str(error) == f"HTTP {status} without a ModelArts error body"


def test_a_200_that_is_not_a_json_object_is_a_value_error(server: LoopbackServer) -> None:
    server.responder = lambda _request: Reply(200, [1, 2])
    with _token_client(server) as client, pytest.raises(ValueError, match="JSON list"):
        get_training_job_page(client, PROJECT)


def test_get_training_job_page_returns_the_parsed_page(server: LoopbackServer) -> None:
    server.responder = lambda _request: Reply(
        200, {"count": 1, "items": [make_job(1, undocumented=True)]}
    )
    with _token_client(server) as client:
        page = get_training_job_page(client, PROJECT, _search())
    assert not isinstance(page.items, Unset)
    assert page.items[0]["undocumented"] is True
    assert page.to_dict() == {"count": 1, "items": [make_job(1, undocumented=True)]}


def test_transport_errors_are_httpx_errors() -> None:
    with LoopbackServer() as stopped:
        base_url = stopped.base_url
    client = AuthenticatedClient(base_url=base_url, token=TOKEN, timeout=httpx.Timeout(2.0))
    with pytest.raises(httpx.TransportError):
        get_training_job_page(client, PROJECT)
