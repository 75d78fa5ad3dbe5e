"""Requests, responses and exchanges: routing, path parameters, statuses, Content-Type, JSON, and
bodies that were not captured; and the raising helpers. Every test runs under both engines."""

from __future__ import annotations

import copy
from pathlib import Path

import orjson
import pytest
from modelarts_validators import (
    Contract,
    ContractViolation,
    Exchange,
    Kind,
    Request,
    Response,
    validate_request_body,
    validate_response,
)

from tests.support.contract import DOC, assert_one, summary
from tests.support.page_tables import SPEC

EXAMPLES = DOC["components"]["examples"]
REQUEST = orjson.dumps(EXAMPLES["ListTrainingJobsRequest"]["value"])
RESPONSE = orjson.dumps(EXAMPLES["ListTrainingJobsResponse"]["value"])
URL = "https://modelarts.cn-north-4.myhuaweicloud.com/v2/0a1b2c3d4e5f/training-job-searches"
JSON = {"content-type": "application/json"}
TOKEN = {"x-auth-token": "[REDACTED]"}  # present, as a capture keeps it
OPERATION = "#/paths/~1v2~1%7Bproject_id%7D~1training-job-searches/post"
S = "#/components/schemas"


@pytest.fixture(scope="module", params=["rs", "python"])
def contract(request: pytest.FixtureRequest) -> Contract:
    return Contract.load(engine=request.param)


def exchange(
    url: str = URL,
    body: bytes | None = REQUEST,
    response: Response | None = None,
    headers: dict[str, str] | None = None,
    method: str = "POST",
) -> Exchange:
    request = Request(
        headers={**(JSON if headers is None else headers), **TOKEN},
        body=body,
        method=method,
        url=url,
    )
    if response is None:
        response = Response(headers=dict(JSON), body=RESPONSE, status=200)
    return Exchange(request, response, entry=7)


# -- routing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "project_id"),
    [
        ("POST", URL, "0a1b2c3d4e5f"),
        ("POST", "/v2/0a1b2c3d4e5f/training-job-searches", "0a1b2c3d4e5f"),
        ("POST", "/v2/0a1b2c3d4e5f/training-job-searches?limit=1", "0a1b2c3d4e5f"),
        ("POST", "/v2/0a1b2c3d4e5f/training-job-searches/", "0a1b2c3d4e5f"),
        ("post", "/v2/0a1b2c3d4e5f/training-job-searches", "0a1b2c3d4e5f"),
        ("POST", "/v2/not_valid/training-job-searches", "not_valid"),
        ("POST", "/v2/a%2Fb/training-job-searches", "a/b"),
        ("POST", "/v2//training-job-searches", ""),
        ("GET", URL, None),
        ("PUT", URL, None),
        ("POST", "/v2/0a1b2c3d4e5f/training-jobs", None),
        ("POST", "/v1/0a1b2c3d4e5f/training-job-searches", None),
        ("POST", "/v2/0a1b2c3d4e5f/training-job-searches//", None),
        ("POST", "/v2/a/b/training-job-searches", None),
        ("POST", "", None),
    ],
)
def test_match(contract: Contract, method: str, url: str, project_id: str | None) -> None:
    assert contract.match(method, url) == project_id


def test_other_traffic_is_unmatched(contract: Contract) -> None:
    assert contract.check_exchange(exchange(method="GET")) is None
    assert contract.check_exchange(exchange(url="https://example.com/v3/projects")) is None


def test_a_conforming_exchange(contract: Contract) -> None:
    assert contract.check_exchange(exchange()) == []


def test_an_invalid_project_id_is_matched_and_reported(contract: Contract) -> None:
    findings = contract.check_exchange(exchange(url="/v2/project_1/training-job-searches"))
    assert findings is not None
    assert_one(
        findings,
        Kind.INVALID_PATH_PARAMETER,
        "path parameter project_id: 'project_1' does not match ^[A-Za-z0-9-]+$",
        "",
        f"{S}/ProjectId/pattern",
        side="request",
        severity="error",
        entry=7,
        method="POST",
        url="/v2/project_1/training-job-searches",
    )


def test_a_project_id_with_a_trailing_newline(contract: Contract) -> None:
    findings = contract.check_request(
        Request({**JSON, **TOKEN}, REQUEST, url="/v2/abc%0A/training-job-searches")
    )
    assert_one(
        findings,
        Kind.INVALID_PATH_PARAMETER,
        "path parameter project_id: 'abc\\n' does not match ^[A-Za-z0-9-]+$",
        "",
        f"{S}/ProjectId/pattern",
    )


def test_every_broken_constraint_of_a_project_id(contract: Contract) -> None:
    findings = contract.check_request(
        Request({**JSON, **TOKEN}, REQUEST, url=f"/v2/{'_' * 65}/training-job-searches")
    )
    assert [(f.kind, f.schema_pointer) for f in findings] == [
        (Kind.INVALID_PATH_PARAMETER, f"{S}/ProjectId/maxLength"),
        (Kind.INVALID_PATH_PARAMETER, f"{S}/ProjectId/pattern"),
    ]
    assert contract.check_request(
        Request({**JSON, **TOKEN}, REQUEST, url="/v2//training-job-searches")
    )[0].message == ("path parameter project_id: '' is shorter than 1 character (0)")


def test_check_request_refuses_a_url_of_another_operation(contract: Contract) -> None:
    with pytest.raises(ValueError, match="is not a URL of POST"):
        contract.check_request(Request({**JSON, **TOKEN}, REQUEST, url="/v2/abc/training-jobs"))


# -- requests ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json;charset=utf-8", "Application/JSON; charset=UTF-8"],
)
def test_json_content_types_are_accepted(contract: Contract, content_type: str) -> None:
    assert (
        contract.check_request(Request({"content-type": content_type, **TOKEN}, REQUEST, url=URL))
        == []
    )


def test_a_wrong_request_content_type(contract: Contract) -> None:
    findings = contract.check_request(
        Request({"content-type": "text/plain", **TOKEN}, REQUEST, url=URL)
    )
    assert_one(
        findings,
        Kind.WRONG_CONTENT_TYPE,
        "Content-Type 'text/plain', expected application/json or application/json;charset=utf-8",
        "",
        f"{OPERATION}/requestBody/content",
        expected=["application/json", "application/json;charset=utf-8"],
        actual="text/plain",
    )


def test_a_wrong_content_type_does_not_hide_the_body(contract: Contract) -> None:
    findings = contract.check_request(Request(dict(TOKEN), b'{"limit": 51}', url=URL))
    assert summary(findings) == [
        (
            "wrong-content-type",
            "error",
            "",
            "no Content-Type, expected application/json or application/json;charset=utf-8",
        ),
        ("schema-violation", "error", "/limit", "51 is greater than the maximum of 50"),
    ]


def test_invalid_json(contract: Contract) -> None:
    findings = contract.check_request(Request({**JSON, **TOKEN}, b'{"limit": 1', url=URL))
    assert_one(
        findings,
        Kind.INVALID_JSON,
        "the body is not JSON: unexpected end of data: line 1 column 12 (char 11)",
        side="request",
    )
    assert contract.check_request_body(b"{'limit': 1}")[0].kind is Kind.INVALID_JSON
    assert contract.check_request_body(b"NaN")[0].kind is Kind.INVALID_JSON


def test_an_empty_request_body_is_allowed_by_the_spec(contract: Contract) -> None:
    """``requestBody.required`` is not set: every field, and so the body, is optional."""
    assert contract.check_request(Request(dict(TOKEN), b"", url=URL)) == []
    assert contract.check_request_body(b"") == []


def test_a_request_body_not_captured(contract: Contract) -> None:
    findings = contract.check_exchange(exchange(body=None))
    assert findings is not None
    assert_one(
        findings,
        Kind.BODY_NOT_CAPTURED,
        "the request body was not captured",
        side="request",
        entry=7,
    )


# -- responses ---------------------------------------------------------------------------------


def test_302_is_an_undocumented_status(contract: Contract) -> None:
    assert_one(
        contract.check_response(302, {"location": "https://example.com/"}, b""),
        Kind.UNDOCUMENTED_STATUS,
        "status 302 is not documented (documented: 200, 4XX, 5XX)",
        "",
        f"{OPERATION}/responses",
        severity="error",
        expected=["200", "4XX", "5XX"],
        actual=302,
    )


def test_204_is_an_undocumented_status(contract: Contract) -> None:
    findings = contract.check_response(204, {}, None)
    assert summary(findings) == [
        (
            "undocumented-status",
            "error",
            "",
            "status 204 is not documented (documented: 200, 4XX, 5XX)",
        )
    ]


def test_404_with_a_modelarts_error_body(contract: Contract) -> None:
    body = b'{"error_code": "ModelArts.0210", "error_msg": "project id mismatch", "error_solution": "x"}'
    assert contract.check_response(404, JSON, body) == []
    gateway = b'{"error_code": "APIG.0301", "error_msg": "Incorrect IAM authentication", "request_id": "r"}'
    assert (
        contract.check_response(401, {"Content-Type": "application/json;charset=UTF-8"}, gateway)
        == []
    )


def test_500_with_a_non_conforming_error_body(contract: Contract) -> None:
    findings = contract.check_response(500, JSON, b'{"error_code": 2950, "message": "boom"}')
    assert [(f.kind, f.pointer, f.schema_pointer, f.message) for f in findings] == [
        (
            Kind.SCHEMA_VIOLATION,
            "",
            f"{S}/ModelArtsError/required",
            "missing required property 'error_msg'",
        ),
        (
            Kind.SCHEMA_VIOLATION,
            "/error_code",
            f"{S}/ModelArtsError/properties/error_code/type",
            "expected string, got integer 2950",
        ),
        (
            Kind.UNDOCUMENTED_FIELD,
            "/message",
            f"{S}/ModelArtsError/properties",
            "'message' is not a documented field of ModelArtsError",
        ),
    ]


def test_an_html_error_page(contract: Contract) -> None:
    assert_one(
        contract.check_response(502, {"Content-Type": "text/html"}, b"<html>Bad Gateway</html>"),
        Kind.WRONG_CONTENT_TYPE,
        "Content-Type 'text/html', expected application/json",
        "",
        "#/components/responses/ServerError/content",
        side="response",
    )


def test_an_empty_response_body(contract: Contract) -> None:
    assert_one(
        contract.check_response(200, JSON, b""),
        Kind.MISSING_BODY,
        "the response body is empty",
        "",
        f"{OPERATION}/responses/200/content",
        side="response",
    )


def test_a_response_body_not_captured(contract: Contract) -> None:
    assert_one(
        contract.check_response(200, JSON, None),
        Kind.BODY_NOT_CAPTURED,
        "the response body was not captured",
    )


def test_no_response_captured(contract: Contract) -> None:
    findings = contract.check_exchange(
        Exchange(Request({**JSON, **TOKEN}, REQUEST, url=URL), None, entry=3)
    )
    assert findings is not None
    assert_one(
        findings,
        Kind.BODY_NOT_CAPTURED,
        "no response was captured",
        side="response",
        entry=3,
        method="POST",
        url=URL,
    )


def test_an_exchange_reports_both_sides(contract: Contract) -> None:
    response = Response(headers={"content-type": "text/plain"}, body=b"{}", status=200)
    findings = contract.check_exchange(
        exchange(url="/v2/x_y/training-job-searches", body=b'{"limit": 0}', response=response)
    )
    assert findings is not None
    assert [(f.side, f.kind, f.pointer) for f in findings] == [
        ("request", Kind.INVALID_PATH_PARAMETER, ""),
        ("request", Kind.SCHEMA_VIOLATION, "/limit"),
        ("response", Kind.WRONG_CONTENT_TYPE, ""),
    ]
    assert {(f.entry, f.method, f.url) for f in findings} == {
        (7, "POST", "/v2/x_y/training-job-searches")
    }


# -- the raising helpers -----------------------------------------------------------------------


def test_validate_request_body_raises_with_every_finding(contract: Contract) -> None:
    body = copy.deepcopy(EXAMPLES["ListTrainingJobsRequest"]["value"])
    validate_request_body(body, contract=contract)
    body.update(limit=0, order="up", extra=1)
    with pytest.raises(ContractViolation) as raised:
        validate_request_body(body, contract=contract)
    assert [f.pointer for f in raised.value.findings] == ["/extra", "/limit", "/order"]
    assert str(raised.value) == "request /limit: 0 is less than the minimum of 1 (and 1 more)"


def test_drift_alone_does_not_raise_unless_strict(contract: Contract) -> None:
    validate_request_body({"workspace_id": "0"}, contract=contract)
    strict = Contract.load(engine=contract.engine, strict=True)
    with pytest.raises(ContractViolation, match="'workspace_id' is not a documented field"):
        validate_request_body({"workspace_id": "0"}, contract=strict)


def test_validate_response(contract: Contract) -> None:
    validate_response(200, JSON, RESPONSE, contract=contract)
    with pytest.raises(ContractViolation, match="status 302 is not documented"):
        validate_response(302, {}, b"", contract=contract)


def test_the_helpers_default_to_the_packaged_contract() -> None:
    validate_request_body(b"{}")
    with pytest.raises(ContractViolation):
        validate_response(200, JSON, b"[]")


# -- credentials -----------------------------------------------------------------------------


def test_a_request_with_no_credentials_is_a_finding(contract: Contract) -> None:
    (finding,) = contract.check_request(Request(dict(JSON), REQUEST, url=URL))
    assert (finding.kind, finding.severity, finding.side) == (
        Kind.MISSING_CREDENTIALS,
        "error",
        "request",
    )
    assert finding.schema_pointer == "#/security"
    assert finding.message == (
        "the request carries no credentials: expected X-Auth-Token or Authorization"
    )


@pytest.mark.parametrize(
    "credential",
    [
        {"x-auth-token": "MIItoken"},
        {"authorization": "SDK-HMAC-SHA256 Access=a, SignedHeaders=host, Signature=s"},
        {"authorization": "[REDACTED]"},  # redacted on the way in: it was there
    ],
)
def test_either_scheme_is_enough(contract: Contract, credential: dict[str, str]) -> None:
    assert contract.check_request(Request({**JSON, **credential}, REQUEST, url=URL)) == []


def test_an_exchange_answered_401_is_still_judged(contract: Contract) -> None:
    error = b'{"error_code": "ModelArts.0201", "error_msg": "The token is missing."}'
    refused = Response(headers=dict(JSON), body=error, status=401)
    request = Request(dict(JSON), REQUEST, url=URL)
    findings = contract.check_exchange(Exchange(request, refused, entry=1))
    assert [f.kind for f in findings or []] == [Kind.MISSING_CREDENTIALS]


def test_a_spec_without_security_asks_for_no_credentials(tmp_path: Path) -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert "\nsecurity:\n  - token: []\n  - aksk: []\n" in text
    open_spec = tmp_path / "open.yaml"
    open_spec.write_text(text.replace("\nsecurity:\n  - token: []\n  - aksk: []\n", "\n"))
    contract = Contract.load(open_spec)
    assert contract.check_request(Request(dict(JSON), REQUEST, url=URL)) == []
