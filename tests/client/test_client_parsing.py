"""What the client makes of what the server sends: a value a closed enumeration does not list is
kept (and written back), a value of the wrong type fails with the field's path, and error bodies
in every shape the official SDK reads give a typed ``ModelArtsApiError``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from modelarts_training_client import (
    AuthenticatedClient,
    ModelArtsApiError,
    ResponseParseError,
    RetryPolicy,
    get_training_job_page,
)
from modelarts_training_client.models import (
    JobSearches,
    JobSearchesOrder,
    ListTrainingJobsResponse,
    ListTrainingJobsResponseOrder,
    RunningRecordStartType,
    SummaryLogType,
)
from modelarts_training_client.types import Unset

from tests.support.loopback import LoopbackServer, Reply, make_job, spec_errors

PROJECT = "project-1"

UNKNOWN_VALUES_PAGE: dict[str, Any] = {
    "count": 1,
    "order": "random",
    "items": [
        make_job(
            1,
            spec={"log_export_path": {}},
            status={"phase": "Running", "running_records": [{"start_type": "warm_restart"}]},
        )
    ],
}
UNKNOWN_VALUES_PAGE["items"][0]["algorithm"] = {"summary": {"log_type": "profiler"}}


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


def _client(server: LoopbackServer) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=server.base_url, token="t", retry=RetryPolicy.none())


def test_unknown_closed_enum_values_parse_and_round_trip(server: LoopbackServer) -> None:
    # The validators call these values violations; the client keeps them.
    assert spec_errors("ListTrainingJobsResponse", UNKNOWN_VALUES_PAGE) != []
    server.responder = lambda _request: Reply(200, UNKNOWN_VALUES_PAGE)
    with _client(server) as client:
        page = get_training_job_page(client, PROJECT)
    assert page.order == "random"
    assert not isinstance(page.order, ListTrainingJobsResponseOrder)
    assert not isinstance(page.items, Unset)
    job = page.items[0]
    record = job.status.running_records[0]  # type: ignore[union-attr,index]
    assert record.start_type == "warm_restart"
    assert not isinstance(record.start_type, RunningRecordStartType)
    summary = job.algorithm.summary  # type: ignore[union-attr]
    assert summary.log_type == "profiler"  # type: ignore[union-attr]
    assert page.to_dict() == UNKNOWN_VALUES_PAGE


def test_known_values_are_still_enum_members() -> None:
    page = ListTrainingJobsResponse.from_dict({"order": "asc"})
    assert page.order is ListTrainingJobsResponseOrder.ASC
    summary = {"items": [make_job(1, algorithm={"summary": {"log_type": "tensorboard"}})]}
    parsed = ListTrainingJobsResponse.from_dict(summary)
    assert parsed.items[0].algorithm.summary.log_type is SummaryLogType.TENSORBOARD  # type: ignore[union-attr,index]


def test_requests_built_in_code_offer_the_enum_types() -> None:
    assert JobSearches(order=JobSearchesOrder.ASC).to_dict()["order"] == "asc"
    assert JobSearches().to_dict()["order"] == "desc"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"count": "12"}, "/count: expected integer, got string '12'"),
        ({"count": True}, "/count: expected integer, got boolean"),
        (
            {"items": [make_job(0), make_job(1, metadata={"id": "x", "create_time": "12"})]},
            "/items/1/metadata/create_time: expected integer, got string '12'",
        ),
        ({"items": {"a": 1}}, "/items: expected array, got object"),
        ({"items": [make_job(0, status="Running")]}, "/items/0/status: cannot be read"),
        ({"order": 1}, "/order: expected string, got integer 1"),
        ({"items": [make_job(0, status={"tasks": ["a", 2]})]}, "/items/0/status/tasks/1: "),
    ],
)
def test_wrong_types_fail_with_the_fields_path(
    server: LoopbackServer, body: dict[str, Any], message: str
) -> None:
    server.responder = lambda _request: Reply(200, body)
    with _client(server) as client, pytest.raises(ResponseParseError) as raised:
        get_training_job_page(client, PROJECT)
    assert str(raised.value).startswith(message)
    assert isinstance(raised.value, ValueError)


# --- error bodies as the SDK reads them ---------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({"error_code": "ModelArts.2807", "error_msg": "bad key"}, "ModelArts.2807", "bad key"),
        ({"errorCode": "APIG.0101", "errorMsg": "not found"}, "APIG.0101", "not found"),
        ({"code": "IAM.0001", "message": "denied"}, "IAM.0001", "denied"),
        ({"error": {"code": "E.7", "message": "nested"}}, "E.7", "nested"),
        ({"code": 400, "message": "numeric code"}, "400", "numeric code"),
    ],
)
def test_every_error_body_shape_the_sdk_reads(
    server: LoopbackServer, body: dict[str, Any], code: str, message: str
) -> None:
    server.responder = lambda _request: Reply(400, body, {"X-Request-Id": "req-9"})
    with _client(server) as client, pytest.raises(ModelArtsApiError) as raised:
        get_training_job_page(client, PROJECT)
    error = raised.value
    assert (error.status_code, error.error_code, error.error_msg) == (400, code, message)
    assert error.request_id == "req-9"
    assert str(error) == f"HTTP 400: {code}: {message}"


def test_request_id_prefers_the_body_then_the_header(server: LoopbackServer) -> None:
    body = {"error_code": "APIG.0301", "error_msg": "no", "request_id": "from-body"}
    server.responder = lambda _request: Reply(401, body, {"X-Request-Id": "from-header"})
    with _client(server) as client, pytest.raises(ModelArtsApiError) as raised:
        get_training_job_page(client, PROJECT)
    assert raised.value.request_id == "from-body"
    server.responder = lambda _request: Reply(502, b"<html>bad gateway</html>")
    with _client(server) as client, pytest.raises(ModelArtsApiError) as raised:
        get_training_job_page(client, PROJECT)
    assert (raised.value.status_code, raised.value.request_id) == (502, None)


def test_an_error_body_with_a_wrongly_typed_field_is_still_a_typed_error(
    server: LoopbackServer,
) -> None:
    body = {"error_code": "ModelArts.2950", "error_msg": "oops", "request_id": 7}
    server.responder = lambda _request: Reply(500, body)
    with _client(server) as client, pytest.raises(ModelArtsApiError) as raised:
        get_training_job_page(client, PROJECT)
    assert (raised.value.error, raised.value.error_code) == (None, "ModelArts.2950")
