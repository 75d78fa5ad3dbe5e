"""Properties of the generated client (``modelarts_training_client``), on values drawn from the spec:

4. its models round-trip: ``Model.from_dict(x).to_dict() == x`` for every valid value of every
   object schema, undocumented fields and values included (the client keeps them);
5. every request body it sends validates: ``sync_detailed`` against a real HTTP server on
   127.0.0.1, the bytes that arrived checked by the validators; and what it parses from a
   generated response is that response.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from modelarts_training_client import AuthenticatedClient, Client, models
from modelarts_training_client.api.training_jobs import list_training_jobs
from modelarts_validators import Contract, Request
from modelarts_validators import strategies as mst

from tests.support.examples import examples
from tests.support.loopback import LoopbackServer, Reply

RS = Contract.load(engine="rs")
PY = Contract.load(engine="python")
SCHEMAS = mst.load_document()["components"]["schemas"]
#: Every object schema with properties has a model class of the same name.
MODELS = sorted(name for name, schema in SCHEMAS.items() if "properties" in schema)


def model(name: str) -> Any:
    return getattr(models, name)


def test_every_object_schema_has_a_model() -> None:
    assert [name for name in MODELS if not hasattr(models, name)] == []


# -- 4. round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", MODELS)
@given(data=st.data())
@examples(ci=25)  # ~65 models, each also drawn within the bodies the tests below draw
def test_every_model_round_trips(name: str, data: st.DataObject) -> None:
    value = data.draw(mst.from_schema(name), label=name)
    assert model(name).from_dict(value).to_dict() == value


@given(mst.list_training_jobs_responses(max_items=3))
def test_a_response_round_trips(body: dict[str, Any]) -> None:
    assert models.ListTrainingJobsResponse.from_dict(body).to_dict() == body


@given(mst.job_searches())
def test_a_request_round_trips(body: dict[str, Any]) -> None:
    assert models.JobSearches.from_dict(body).to_dict() == body


@given(mst.list_training_jobs_responses(drift=True))
def test_a_drifting_response_round_trips(body: dict[str, Any]) -> None:
    assert models.ListTrainingJobsResponse.from_dict(body).to_dict() == body


@given(mst.job_searches(drift=True))
def test_a_drifting_request_round_trips(body: dict[str, Any]) -> None:
    assert models.JobSearches.from_dict(body).to_dict() == body


# -- 5. what the client sends ------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


@pytest.fixture(scope="module")
def client(server: LoopbackServer) -> Iterator[AuthenticatedClient]:
    # with a token: the spec's security requirement is part of what every request must meet
    with AuthenticatedClient(base_url=server.base_url, token="MIIEXAMPLE-IAM-TOKEN") as running:
        yield running


@given(
    body=mst.job_searches(),
    project_id=mst.project_ids(),
    answer=mst.responses(),
)
def test_every_request_the_client_sends_validates(
    server: LoopbackServer,
    client: AuthenticatedClient,
    body: dict[str, Any],
    project_id: str,
    answer: tuple[int, Any],
) -> None:
    status, reply = answer
    server.responder = lambda _request: Reply(status, reply)
    response = list_training_jobs.sync_detailed(
        project_id, client=client, body=models.JobSearches.from_dict(body)
    )
    sent = server.requests[-1]
    assert sent.target == f"/v2/{quote(project_id, safe='')}/training-job-searches"
    request = Request(
        headers={name.lower(): value for name, value in sent.headers},
        body=sent.body,
        method=sent.method,
        url=sent.target,
    )
    assert RS.check_request(request) == []
    assert PY.check_request(request) == []
    assert json.loads(sent.body) == body
    # and what it parsed is what was answered
    assert response.status_code == status
    assert response.parsed is not None
    assert response.parsed.to_dict() == reply


@pytest.mark.parametrize("status", [427, 499, 520])
def test_the_client_parses_any_status_of_a_documented_range(
    server: LoopbackServer, client: Client, status: int
) -> None:
    server.responder = lambda _request: Reply(status, {"error_code": "X", "error_msg": "y"})
    response = list_training_jobs.sync_detailed("p", client=client, body=models.JobSearches())
    assert response.status_code == status
    assert isinstance(response.parsed, models.ModelArtsError)
    assert (response.parsed.error_code, response.parsed.error_msg) == ("X", "y")
