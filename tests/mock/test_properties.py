"""Property tests of the mock over real loopback HTTP: valid searches drawn from the spec are
served, single-fault mutations are refused exactly when the contract calls them errors, and
random JSON (deep, huge, odd types) or random bytes always get a JSON answer, never a 5xx."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from modelarts_validators import Contract
from modelarts_validators import strategies as mst
from modelarts_validators.mock import MockConfig, MockServer

from .rawhttp import PATH

HEADERS = {"X-Auth-Token": "t", "Content-Type": "application/json"}
#: Codes of searches the contract accepts but the service refuses (unsupported key, operator,
#: value, sort_by), with ``ModelArts.2787`` for a body it cannot use.
SEARCH_CODES = {"ModelArts.2807", "ModelArts.2808", "ModelArts.2809", "ModelArts.2790"}


@pytest.fixture(scope="module")
def contract() -> Contract:
    return Contract.load()


@pytest.fixture(scope="module")
def client(contract: Contract) -> Iterator[httpx.Client]:
    with (
        MockServer(MockConfig(jobs=30, seed=2), contract) as server,
        httpx.Client(base_url=server.url, headers=HEADERS, verify=False) as http,
    ):
        yield http


def post(client: httpx.Client, content: bytes) -> httpx.Response:
    answer = client.post(PATH, content=content)
    assert answer.headers["content-type"] == "application/json"
    return answer


def errors_of(contract: Contract, body: bytes) -> list[Any]:
    return [f for f in contract.check_request_body(body) if f.severity == "error"]


@given(body=mst.job_searches())
def test_a_valid_search_is_served(client: httpx.Client, contract: Contract, body: Any) -> None:
    answer = post(client, json.dumps(body).encode())
    if answer.status_code == 400:
        # sort_by is drawn from its documented values; a filter need not have a key or operator.
        assert answer.json()["error_code"] in SEARCH_CODES - {"ModelArts.2790"}
        assert "None" not in answer.json()["error_msg"]
        return
    assert answer.status_code == 200, answer.text
    page = answer.json()
    assert (page["limit"], page["offset"]) == (body.get("limit", 10), body.get("offset", 0))
    assert len(page["items"]) <= page["limit"]
    headers = {"content-type": "application/json"}
    assert contract.check_response(200, headers, answer.content) == []


@given(mutation=mst.job_search_mutations())
def test_a_mutation_is_refused_when_the_contract_calls_it_an_error(
    client: httpx.Client, contract: Contract, mutation: tuple[Any, Any]
) -> None:
    value, _expected = mutation
    raw = json.dumps(value).encode()
    answer = post(client, raw)
    errors = errors_of(contract, raw)
    if errors:
        assert answer.status_code == 400, answer.text
        where = errors[0].pointer or "the request"
        assert answer.json()["error_msg"].startswith(f"Invalid request at {where}: ")
    else:
        assert answer.status_code == 200 or answer.json()["error_code"] in SEARCH_CODES


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=30,
)
FIELDS = st.sampled_from(["limit", "offset", "order", "sort_by", "filters", "group_by", "x"])


@st.composite
def hostile_bodies(draw: st.DrawFn) -> bytes:
    """Random JSON, encoded: at the top, under a known field, or nested up to 3,000 levels deep
    (built as text: Hypothesis would print a deeply nested value with a recursion error)."""
    value = draw(JSON)
    if draw(st.booleans()):
        value = {draw(FIELDS): value}
    raw = json.dumps(value).encode()
    depth = draw(st.sampled_from([0, 0, 0, 10, 300, 1100, 3000]))
    if depth:
        field = json.dumps(draw(FIELDS)).encode()
        raw = b"{" + field + b": " + b"[" * depth + raw + b"]" * depth + b"}"
    return raw


@given(raw=hostile_bodies())
def test_random_json_gets_a_json_answer_never_a_5xx(client: httpx.Client, raw: bytes) -> None:
    answer = post(client, raw)
    assert answer.status_code in (200, 400), answer.text
    if answer.status_code == 400:
        assert answer.json()["error_code"] in SEARCH_CODES | {"ModelArts.2787"}


@given(raw=st.binary(max_size=200))
def test_random_bytes_get_a_json_answer_never_a_5xx(client: httpx.Client, raw: bytes) -> None:
    answer = post(client, raw)
    assert answer.status_code in (200, 400), answer.text
    if not raw:
        assert answer.json()["count"] == 30
