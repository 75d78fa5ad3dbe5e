"""Bodies against their schemas: exact findings for violations and for drift, under both engines.

Every test runs once per engine, with the same expectations, so the engines are held to the
same verdicts, pointers and messages."""

from __future__ import annotations

import copy
import json
from typing import Any

import orjson
import pytest
from modelarts_validators import Contract, Finding, Kind

from tests.support.contract import DOC, assert_one, full_request, full_response, summary

EXAMPLES = DOC["components"]["examples"]
S = "#/components/schemas"
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module", params=["rs", "python"])
def contract(request: pytest.FixtureRequest) -> Contract:
    return Contract.load(engine=request.param)


@pytest.fixture(scope="module", params=["rs", "python"])
def strict(request: pytest.FixtureRequest) -> Contract:
    return Contract.load(engine=request.param, strict=True)


def example_request(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = copy.deepcopy(EXAMPLES["ListTrainingJobsRequest"]["value"])
    body.update(changes)
    return body


def example_response() -> dict[str, Any]:
    body: dict[str, Any] = copy.deepcopy(EXAMPLES["ListTrainingJobsResponse"]["value"])
    return body


def response(contract: Contract, body: Any) -> list[Finding]:
    """The findings of a 200 response with this body (serialised with ``json``, which keeps
    integers beyond 64 bits, unlike ``orjson``)."""
    return contract.check_response(200, JSON, json.dumps(body).encode())


# -- conforming bodies -------------------------------------------------------------------------


def test_the_pages_example_request_conforms(contract: Contract) -> None:
    body = EXAMPLES["ListTrainingJobsRequest"]["value"]
    assert contract.check_request_body(body) == []
    assert contract.check_request_body(orjson.dumps(body)) == []


def test_the_pages_example_response_conforms(contract: Contract) -> None:
    assert response(contract, EXAMPLES["ListTrainingJobsResponse"]["value"]) == []


def test_fully_populated_bodies_conform(contract: Contract) -> None:
    assert contract.check_request_body(full_request()) == []
    assert response(contract, full_response(3)) == []


def test_an_empty_search_conforms(contract: Contract) -> None:
    assert contract.check_request_body(b"{}") == []


# -- violations: exactly one finding each ------------------------------------------------------


def test_limit_0(contract: Contract) -> None:
    assert_one(
        contract.check_request_body(example_request(limit=0)),
        Kind.SCHEMA_VIOLATION,
        "0 is less than the minimum of 1",
        "/limit",
        f"{S}/JobSearches/properties/limit/minimum",
        severity="error",
        side="request",
        expected=1,
        actual=0,
    )


def test_limit_51(contract: Contract) -> None:
    assert_one(
        contract.check_request_body(example_request(limit=51)),
        Kind.SCHEMA_VIOLATION,
        "51 is greater than the maximum of 50",
        "/limit",
        f"{S}/JobSearches/properties/limit/maximum",
        expected=50,
        actual=51,
    )


def test_job_name_of_65_characters(contract: Contract) -> None:
    body = example_response()
    body["items"][0]["metadata"]["name"] = "a" * 65
    assert_one(
        response(contract, body),
        Kind.SCHEMA_VIOLATION,
        f"'{'a' * 40}...' is longer than 64 characters (65)",
        "/items/0/metadata/name",
        f"{S}/JobMetadata/properties/name/maxLength",
        side="response",
        expected=64,
        actual=65,
    )


def test_order_up(contract: Contract) -> None:
    assert_one(
        contract.check_request_body(example_request(order="up")),
        Kind.SCHEMA_VIOLATION,
        "'up' is not one of 'asc', 'desc'",
        "/order",
        f"{S}/JobSearches/properties/order/enum",
        expected=["asc", "desc"],
        actual="up",
    )


def test_a_string_where_an_int64_goes(contract: Contract) -> None:
    body = example_response()
    body["items"][0]["metadata"]["create_time"] = "1636447346315"
    assert_one(
        response(contract, body),
        Kind.SCHEMA_VIOLATION,
        "expected integer, got string '1636447346315'",
        "/items/0/metadata/create_time",
        f"{S}/JobMetadata/properties/create_time/type",
        expected="integer",
        actual="string",
    )


def test_a_wrong_type_is_reported_once_not_also_as_enum_or_drift(contract: Contract) -> None:
    assert_one(
        contract.check_request_body(example_request(order=5)),
        Kind.SCHEMA_VIOLATION,
        "expected string, got integer 5",
        "/order",
        f"{S}/JobSearches/properties/order/type",
    )
    assert_one(
        contract.check_request_body(example_request(sort_by=["create_time"])),
        Kind.SCHEMA_VIOLATION,
        "expected string, got array",
        "/sort_by",
        f"{S}/JobSearches/properties/sort_by/type",
    )


def test_a_closed_enum_deep_in_an_array_through_refs(contract: Contract) -> None:
    body = example_request()
    body["filters"][1]["operator"] = "equals"
    assert_one(
        contract.check_request_body(body),
        Kind.SCHEMA_VIOLATION,
        "'equals' is not one of 'between', 'like', 'in', 'not'",
        "/filters/1/operator",
        f"{S}/Filter/properties/operator/enum",
    )


def test_the_error_body_requires_its_fields(contract: Contract) -> None:
    findings = contract.check_response(404, JSON, b'{"error_code": "ModelArts.0001"}')
    assert_one(
        findings,
        Kind.SCHEMA_VIOLATION,
        "missing required property 'error_msg'",
        "",
        f"{S}/ModelArtsError/required",
        expected="error_msg",
    )


def test_paired_fields_dependent_required(contract: Contract) -> None:
    body = example_response()
    del body["items"][0]["algorithm"]["boot_file"]
    assert_one(
        response(contract, body),
        Kind.SCHEMA_VIOLATION,
        "'boot_file' is required when 'code_dir' is present",
        "/items/0/algorithm",
        f"{S}/JobAlgorithmResponse/dependentRequired",
    )


def test_affinity_group_size_is_required_for_hyperinstance(contract: Contract) -> None:
    body = example_response()
    body["items"][0]["spec"]["schedule_policy"] = {
        "required_affinity": {"affinity_type": "hyperinstance"}
    }
    assert_one(
        response(contract, body),
        Kind.SCHEMA_VIOLATION,
        "missing required property 'affinity_group_size'",
        "/items/0/spec/schedule_policy/required_affinity",
        f"{S}/RequiredAffinity/then/required",
    )
    body["items"][0]["spec"]["schedule_policy"]["required_affinity"]["affinity_type"] = "cabinet"
    assert response(contract, body) == []


def test_every_error_is_reported_not_just_the_first(contract: Contract) -> None:
    body = example_request(limit=0, offset=-1, order="up")
    body["filters"][0]["value"] = [1]
    assert summary(contract.check_request_body(body)) == [
        ("schema-violation", "error", "/filters/0/value/0", "expected string, got integer 1"),
        ("schema-violation", "error", "/limit", "0 is less than the minimum of 1"),
        ("schema-violation", "error", "/offset", "-1 is less than the minimum of 0"),
        ("schema-violation", "error", "/order", "'up' is not one of 'asc', 'desc'"),
    ]


def test_a_body_that_is_not_an_object(contract: Contract) -> None:
    assert_one(
        contract.check_request_body(b"[]"),
        Kind.SCHEMA_VIOLATION,
        "expected object, got array",
        "",
        f"{S}/JobSearches/type",
    )
    assert_one(
        contract.check_request_body("a string is a JSON value"),
        Kind.SCHEMA_VIOLATION,
        "expected object, got string 'a string is a JSON value'",
        "",
        f"{S}/JobSearches/type",
    )


# -- patterns: $ is the end of the string ------------------------------------------------------


def test_a_trailing_newline_does_not_match_a_pattern(contract: Contract) -> None:
    body = example_response()
    body["items"][0]["metadata"]["name"] = "trainjob\n"
    assert_one(
        response(contract, body),
        Kind.SCHEMA_VIOLATION,
        "'trainjob\\n' does not match ^[A-Za-z0-9_-]+$",
        "/items/0/metadata/name",
        f"{S}/JobMetadata/properties/name/pattern",
        expected="^[A-Za-z0-9_-]+$",
        actual="trainjob\n",
    )


# -- drift: warnings, errors under strict ------------------------------------------------------


def test_an_undocumented_field(contract: Contract, strict: Contract) -> None:
    body = example_request(workspace_id="0")
    expected = ["offset", "limit", "sort_by", "order", "group_by", "filters"]
    for checker, severity in ((contract, "warning"), (strict, "error")):
        assert_one(
            checker.check_request_body(body),
            Kind.UNDOCUMENTED_FIELD,
            "'workspace_id' is not a documented field of JobSearches",
            "/workspace_id",
            f"{S}/JobSearches/properties",
            severity=severity,
            expected=expected,
            actual="workspace_id",
        )


def test_an_undocumented_field_deep_down_with_an_escaped_name(contract: Contract) -> None:
    body = example_response()
    body["items"][0]["spec"]["resource"]["flavor_detail"]["billing"]["a/b~c"] = 1
    assert_one(
        response(contract, body),
        Kind.UNDOCUMENTED_FIELD,
        "'a/b~c' is not a documented field of BillingInfo",
        "/items/0/spec/resource/flavor_detail/billing/a~1b~0c",
        f"{S}/BillingInfo/properties",
        severity="warning",
    )


def test_maps_take_any_key(contract: Contract) -> None:
    body = example_response()
    job = body["items"][0]
    job["metadata"]["annotations"] = {"fault-tolerance/job-retry-num": "3", "anything": ""}
    job["algorithm"]["environments"] = [{"PYTHONPATH": "/home/ma-user"}, {}]
    job["tasks"] = [{"task_resource": {"attributes": {"any_key": "any value"}}}]
    assert response(contract, body) == []


def test_a_map_value_must_still_be_a_string(contract: Contract) -> None:
    body = example_response()
    body["items"][0]["metadata"]["annotations"] = {"fault-tolerance/job-retry-num": 3}
    assert_one(
        response(contract, body),
        Kind.SCHEMA_VIOLATION,
        "expected string, got integer 3",
        "/items/0/metadata/annotations/fault-tolerance~1job-retry-num",
        f"{S}/JobMetadata/properties/annotations/additionalProperties/type",
    )


def test_an_undocumented_value_of_an_open_enum(contract: Contract, strict: Contract) -> None:
    body = example_response()
    body["items"][0]["status"]["phase"] = "Runing"
    documented = ["Creating", "Pending", "Running", "Failed", "Completed"]
    documented += ["Terminating", "Terminated", "Abnormal"]
    message = "'Runing' is not one of the documented values " + ", ".join(map(repr, documented))
    for checker, severity in ((contract, "warning"), (strict, "error")):
        assert_one(
            response(checker, body),
            Kind.UNDOCUMENTED_VALUE,
            message,
            "/items/0/status/phase",
            f"{S}/Status/properties/phase/x-documented-values",
            severity=severity,
            expected=documented,
            actual="Runing",
        )


def test_a_known_but_undocumented_value_says_so(contract: Contract) -> None:
    body = example_response()
    body["items"][0]["spec"]["resource"]["flavor_detail"]["flavor_type"] = "Ascend"
    assert_one(
        response(contract, body),
        Kind.UNDOCUMENTED_VALUE,
        "'Ascend' is not one of the documented values 'CPU', 'GPU', but is known to the "
        "official SDKs or other editions of the page",
        "/items/0/spec/resource/flavor_detail/flavor_type",
        f"{S}/FlavorDetail/properties/flavor_type/x-documented-values",
    )


def test_an_int32_out_of_range(contract: Contract, strict: Contract) -> None:
    body = example_response()
    body["count"] = 2**31
    for checker, severity in ((contract, "warning"), (strict, "error")):
        assert_one(
            response(checker, body),
            Kind.INTEGER_OUT_OF_RANGE,
            "2147483648 is outside the int32 range [-2147483648, 2147483647]",
            "/count",
            f"{S}/ListTrainingJobsResponse/properties/count/format",
            severity=severity,
            expected="int32",
            actual=2**31,
        )
    body["count"] = -(2**31)
    assert response(contract, body) == []


@pytest.mark.parametrize(
    "value",
    [2**63, 2**64 - 1, 2**64 + 5, 10**30, -(2**63) - 1, -(2**63) - 1024, -(10**30)],
    ids=["2^63", "2^64-1", "2^64+5", "1e30", "-2^63-1", "-2^63-1024", "-1e30"],
)
def test_an_int64_out_of_range_is_reported_exactly(contract: Contract, value: int) -> None:
    """orjson reads integers beyond 64 bits as floats, and -2**63-1 as the float -2**63, which
    is in range: the value must still be found, and reported exactly."""
    body = example_response()
    body["items"][0]["metadata"]["create_time"] = value
    assert_one(
        response(contract, body),
        Kind.INTEGER_OUT_OF_RANGE,
        f"{value} is outside the int64 range [-9223372036854775808, 9223372036854775807]",
        "/items/0/metadata/create_time",
        f"{S}/JobMetadata/properties/create_time/format",
        actual=value,
    )


def test_the_int64_bounds_are_in_range(contract: Contract) -> None:
    body = example_response()
    for value in (2**63 - 1, -(2**63)):
        body["items"][0]["metadata"]["create_time"] = value
        assert response(contract, body) == []


def test_drift_and_violations_together(contract: Contract) -> None:
    body = example_response()
    job = body["items"][0]
    job["train_type"] = "job"
    job["status"]["phase"] = "Queued"
    job["metadata"]["name"] = ""
    findings = response(contract, body)
    assert summary(findings) == [
        (
            "schema-violation",
            "error",
            "/items/0/metadata/name",
            "'' is shorter than 1 character (0)",
        ),
        (
            "schema-violation",
            "error",
            "/items/0/metadata/name",
            "'' does not match ^[A-Za-z0-9_-]+$",
        ),
        (
            "undocumented-value",
            "warning",
            "/items/0/status/phase",
            "'Queued' is not one of the documented values 'Creating', 'Pending', 'Running', "
            "'Failed', 'Completed', 'Terminating', 'Terminated', 'Abnormal'",
        ),
        (
            "undocumented-field",
            "warning",
            "/items/0/train_type",
            "'train_type' is not a documented field of JobResponse",
        ),
    ]


@pytest.mark.parametrize(
    ("name", "pointer"),
    [("", "/items/0/"), ("0", "/items/0/0"), ("01", "/items/0/01"), ("a/b~", "/items/0/a~1b~0")],
    ids=["empty", "0", "01", "escaped"],
)
def test_property_names_that_look_like_indices_or_nothing(
    contract: Contract, name: str, pointer: str
) -> None:
    """jsonschema-rs hands "" and digit names over lossily; the pointers must still be exact."""
    body = example_response()
    body["items"][0][name] = 1
    body["items"][0]["metadata"]["annotations"] = {name: 5}
    findings = response(contract, body)
    assert [(f.kind, f.pointer, f.actual) for f in findings] == [
        (Kind.UNDOCUMENTED_FIELD, pointer, name),
        (Kind.SCHEMA_VIOLATION, "/items/0/metadata/annotations/" + pointer[9:], "integer"),
    ]


def test_names_of_digits_and_letters_side_by_side(contract: Contract) -> None:
    findings = contract.check_request_body({"0": 1, "a": 2, "": 3})
    assert [f.pointer for f in findings] == ["/", "/0", "/a"]
