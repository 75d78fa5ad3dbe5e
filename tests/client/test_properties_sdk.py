"""Properties of the official SDK (``huaweicloudsdkmodelarts`` 3.1.219, a test-only oracle no one here
wrote), driven through ``ModelArtsClient.list_training_jobs`` against a real server on 127.0.0.1:

6. the bodies it sends for random ``JobSearches`` validate: no error, and its fields beyond the
   page (``workspace_id``, ``train_type``, ``tags``, ``host_ips``) are reported as drift
   (``undocumented-field`` warnings at their pointers), nothing else;
   the responses we generate deserialise in its ``ListTrainingJobsResponse`` with every field's
   value preserved (compared by type and value, field by field).

The SDK models are built from JSON values through their own ``openapi_types`` and
``attribute_map``, so nothing here lists fields by hand: the spec says which keys are documented,
the SDK which keys it knows beyond them.

SDK quirks met on the way (3.1.219): it coerces mistyped response values silently (``5`` for a
string becomes ``"5"``, ``"7"`` for an integer becomes ``7``), so its users never see such a
violation; ``CustomMetrics`` (``spec.custom_metrics``, beyond the page) names its ``exec`` field
``_exec``; it types integers as Python ``int``, so the int64 timestamps of ``node_count_metrics``
do not overflow here as they do in the SDKs that type them int32.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import huaweicloudsdkmodelarts.v1.model as sdk_models
import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.utils.http_utils import sanitize_for_serialization
from huaweicloudsdkmodelarts.v1 import ListTrainingJobsRequest, ModelArtsClient
from hypothesis import given
from hypothesis import strategies as st
from modelarts_validators import Contract, Kind, Request
from modelarts_validators import strategies as mst

from tests.support.loopback import LoopbackServer, Reply

RS = Contract.load(engine="rs")
PY = Contract.load(engine="python")
SPEC = mst.SpecStrategies()
PROJECT = "0123456789abcdef0123456789abcdef"
PROXY_VARIABLES = ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"]
_LIST = re.compile(r"list\[(.*)\]")
_DICT = re.compile(r"dict\(str, (.*)\)")
_PRIMITIVES = {"str": str, "int": int, "bool": bool, "float": float}


# -- SDK models from JSON values, by the SDK's own type information -----------------------------


def to_sdk(kind: str, value: Any) -> Any:
    """The SDK object for a JSON value of the SDK type ``kind`` (``"JobSearches"``,
    ``"list[Filter]"``, ``"str"``...), as a user would construct it."""
    if (found := _LIST.fullmatch(kind)) is not None:
        return [to_sdk(found[1], item) for item in value]
    if (found := _DICT.fullmatch(kind)) is not None:
        return {key: to_sdk(found[1], item) for key, item in value.items()}
    if kind in _PRIMITIVES or kind == "object":
        return value
    cls = getattr(sdk_models, kind)
    by_key = {key: attribute for attribute, key in cls.attribute_map.items()}
    unknown = set(value) - set(by_key)
    assert not unknown, f"the SDK's {kind} has no field {sorted(unknown)}"
    return cls(**{by_key[k]: to_sdk(cls.openapi_types[by_key[k]], v) for k, v in value.items()})


def sdk_values(kind: str, depth: int = 0) -> st.SearchStrategy[Any]:
    """JSON values of an SDK type, for the fields the SDK knows beyond the spec."""
    if (found := _LIST.fullmatch(kind)) is not None:
        return st.lists(sdk_values(found[1], depth + 1), max_size=2)
    if (found := _DICT.fullmatch(kind)) is not None:
        return st.dictionaries(st.text(max_size=5), sdk_values(found[1], depth + 1), max_size=2)
    simple: dict[str, st.SearchStrategy[Any]] = {
        "str": st.text(max_size=8),
        "int": st.integers(-(2**31), 2**31 - 1),
        "bool": st.booleans(),
        "float": st.floats(allow_nan=False, allow_infinity=False),
        "object": st.text(max_size=8),
    }
    if kind in simple:
        return simple[kind]
    if depth > 3:
        return st.just({})
    cls = getattr(sdk_models, kind)
    return st.fixed_dictionaries(
        {},
        optional={
            cls.attribute_map[a]: sdk_values(t, depth + 1) for a, t in cls.openapi_types.items()
        },
    )


@st.composite
def sdk_job_searches(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    """A valid ``JobSearches`` with the SDK's own extra fields added, wherever the SDK has
    some; and the pointers of the extra fields."""
    value = draw(mst.job_searches())
    extras: list[str] = []
    _add_extras(draw, SPEC.location("JobSearches"), "JobSearches", value, "", extras)
    return value, sorted(extras)


def _add_extras(
    draw: st.DrawFn, location: tuple[str, ...], kind: str, value: Any, at: str, extras: list[str]
) -> None:
    schema = SPEC.compile(location)
    if schema.items is not None and (found := _LIST.fullmatch(kind)) is not None:
        for index, item in enumerate(value):
            _add_extras(draw, schema.items, found[1], item, f"{at}/{index}", extras)
    if not schema.properties:
        return
    cls = getattr(sdk_models, kind)
    for attribute, sdk_type in cls.openapi_types.items():
        key = cls.attribute_map[attribute]
        if key in schema.properties:
            if key in value:
                _add_extras(
                    draw, schema.properties[key], sdk_type, value[key], f"{at}/{key}", extras
                )
        elif draw(st.booleans()):
            value[key] = draw(sdk_values(sdk_type))
            extras.append(f"{at}/{key}")


def same(a: Any, b: Any, at: str = "") -> list[str]:
    """Where two JSON values differ, by type and value (``1 != True``, ``1 != 1.0``)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [f"{at}/{k}: only one side has it" for k in a.keys() ^ b.keys()] + [
            d for k in a.keys() & b.keys() for d in same(a[k], b[k], f"{at}/{k}")
        ]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in same(x, y, f"{at}/{i}")
        ]
    return [] if type(a) is type(b) and a == b else [f"{at or '/'}: {a!r} became {b!r}"]


# -- the SDK against a loopback server -----------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


@pytest.fixture(scope="module")
def sdk(server: LoopbackServer) -> Iterator[Any]:
    with pytest.MonkeyPatch.context() as patch:
        for variable in PROXY_VARIABLES:  # requests honours them even with no proxy configured
            patch.delenv(variable, raising=False)
        patch.setenv("NO_PROXY", "127.0.0.1")
        config = HttpConfig.get_default_config()
        config.timeout = 10
        client = (
            ModelArtsClient.new_builder()
            .with_http_config(config)
            .with_credentials(BasicCredentials("AK", "SK", PROJECT))
            .with_endpoints([server.base_url])
            .build()
        )
        yield client
        client.close()


def call(sdk: Any, body: Any) -> Any:
    return sdk.list_training_jobs(ListTrainingJobsRequest(body=body))


@given(sdk_job_searches())
def test_the_sdk_sends_bodies_that_validate_with_its_extras_as_drift(
    server: LoopbackServer, sdk: Any, searches: tuple[dict[str, Any], list[str]]
) -> None:
    value, extras = searches
    server.responder = lambda _request: Reply(200, {})
    call(sdk, to_sdk("JobSearches", value))
    sent = server.requests[-1]
    assert same(value, json.loads(sent.body)) == []
    request = Request(
        headers={name.lower(): v for name, v in sent.headers},
        body=sent.body,
        method=sent.method,
        url=sent.target,
    )
    for contract in (RS, PY):
        findings = contract.check_request(request)
        assert [(f.kind, f.severity, f.pointer) for f in findings] == [
            (Kind.UNDOCUMENTED_FIELD, "warning", pointer) for pointer in extras
        ]


@given(mst.list_training_jobs_responses(max_items=3))
def test_the_sdk_keeps_every_field_of_our_responses(
    server: LoopbackServer, sdk: Any, body: dict[str, Any]
) -> None:
    server.responder = lambda _request: Reply(200, body)
    assert same(body, sanitize_for_serialization(call(sdk, None))) == []


@given(mst.list_training_jobs_response_mutations(kinds=["undocumented-value"]))
def test_the_sdk_keeps_undocumented_values_of_open_enums(
    server: LoopbackServer, sdk: Any, mutation: tuple[dict[str, Any], mst.Expected]
) -> None:
    body, _ = mutation
    server.responder = lambda _request: Reply(200, body)
    assert same(body, sanitize_for_serialization(call(sdk, None))) == []


def test_the_sdk_coerces_mistyped_values_silently(server: LoopbackServer, sdk: Any) -> None:
    body = {"group_by": 5, "total": "7", "items": [{"status": {"duration": "12"}}]}
    server.responder = lambda _request: Reply(200, body)
    assert sanitize_for_serialization(call(sdk, None)) == {
        "group_by": "5",
        "total": 7,
        "items": [{"status": {"duration": 12}}],
    }
    raw = json.dumps(body).encode()
    findings = RS.check_response(200, {"content-type": "application/json"}, raw)
    assert [f.pointer for f in findings] == ["/group_by", "/items/0/status/duration", "/total"]
