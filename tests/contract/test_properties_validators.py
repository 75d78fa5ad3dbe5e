"""Properties of the validators, on values drawn from the spec (``modelarts_validators.strategies``):

1. every valid request and response gives no finding at all, under both engines (generated values
   are documented, so not even drift);
2. every single mutation gives exactly the finding it was built to cause: at its pointer, with its
   kind, severity and spec pointer;
3. both engines, and jsonschema-rs behind the typed fast path (``contract.typed``, the default),
   give the same findings on every generated and mutated value (a mutation appends "\\n" to
   pattern-constrained strings: ``$`` is the end of the string in both engines).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from modelarts_validators import Contract, Finding, Kind, Request
from modelarts_validators import strategies as mst
from modelarts_validators.contract.findings import DRIFT_KINDS

RS = Contract.load(engine="rs")  # behind the typed fast path
RS.fast_path()  # translated now, not after the first few bodies
RS_ALONE = Contract.load(engine="rs", fast=False)
PY = Contract.load(engine="python")
STRICT = (
    Contract.load(engine="rs", strict=True),
    Contract.load(engine="python", strict=True),
    Contract.load(engine="rs", strict=True, fast=False),
)
JSON = {"content-type": "application/json"}
#: The request media types the spec documents; both must be accepted.
MEDIA_TYPES = st.sampled_from(["application/json", "application/json;charset=utf-8"])
PATH = "/v2/{project_id}/training-job-searches"


def encode(value: Any, ascii_only: bool) -> bytes:
    return json.dumps(value, ensure_ascii=ascii_only).encode()


def shown(findings: list[Finding]) -> list[tuple[Any, ...]]:
    return [
        (f.kind, f.severity, f.side, f.pointer, f.schema_pointer, f.message, f.expected, f.actual)
        for f in findings
    ]


def agree(rs: list[Finding], py: list[Finding], alone: list[Finding]) -> list[Finding]:
    """Assert that the engines (and rs without the fast path) found the same; return it."""
    assert shown(rs) == shown(py)
    assert shown(alone) == shown(py)
    return py


def request_findings(value: Any, ascii_only: bool = True) -> list[Finding]:
    body = encode(value, ascii_only)
    found = [c.check_request_body(body) for c in (RS, PY, RS_ALONE)]
    return agree(*found)


def response_findings(status: int, value: Any, ascii_only: bool = True) -> list[Finding]:
    body = encode(value, ascii_only)
    return agree(*(c.check_response(status, JSON, body) for c in (RS, PY, RS_ALONE)))


def assert_exactly(findings: list[Finding], expected: mst.Expected, side: str) -> None:
    assert len(findings) == 1, (expected.detail, shown(findings))
    (finding,) = findings
    assert finding.side == side
    assert expected.matches(finding), (expected.detail, shown(findings))


# -- 1. valid values: no finding at all -----------------------------------------------------------


@given(mst.job_searches(), mst.project_ids(), MEDIA_TYPES, st.booleans())
def test_a_valid_request_has_no_finding(
    body: dict[str, Any], project_id: str, media_type: str, ascii_only: bool
) -> None:
    url = "https://modelarts.example" + PATH.format(project_id=quote(project_id, safe=""))
    raw = encode(body, ascii_only)
    headers = {"content-type": media_type, "x-auth-token": "t"}
    request = Request(headers=headers, body=raw, method="POST", url=url)
    assert RS.check_request(request) == []
    assert PY.check_request(request) == []


@given(mst.responses(), st.booleans())
def test_a_valid_response_has_no_finding(response: tuple[int, Any], ascii_only: bool) -> None:
    status, body = response
    assert response_findings(status, body, ascii_only) == []


@given(mst.list_training_jobs_responses(max_items=3))
def test_a_larger_valid_response_has_no_finding(body: dict[str, Any]) -> None:
    assert response_findings(200, body) == []


@given(mst.list_training_jobs_responses(drift=True))
def test_drift_is_only_ever_a_warning(body: dict[str, Any]) -> None:
    findings = response_findings(200, body)
    assert all(f.kind in DRIFT_KINDS and f.severity == "warning" for f in findings)


@given(mst.job_searches(drift=True))
def test_drift_in_requests_is_only_ever_a_warning(body: dict[str, Any]) -> None:
    findings = request_findings(body)
    assert all(f.kind in DRIFT_KINDS and f.severity == "warning" for f in findings)


# -- 2. one mutation, one finding -----------------------------------------------------------------


@given(mst.job_search_mutations(), st.booleans())
def test_a_broken_request_gives_exactly_its_finding(
    mutation: tuple[Any, mst.Expected], ascii_only: bool
) -> None:
    value, expected = mutation
    assert_exactly(request_findings(value, ascii_only), expected, "request")


@given(mst.list_training_jobs_response_mutations(), st.booleans())
def test_a_broken_response_gives_exactly_its_finding(
    mutation: tuple[Any, mst.Expected], ascii_only: bool
) -> None:
    value, expected = mutation
    assert_exactly(response_findings(200, value, ascii_only), expected, "response")


@given(mst.mutations("ModelArtsError"), st.sampled_from([400, 401, 403, 404, 429, 500, 503]))
def test_a_broken_error_body_gives_exactly_its_finding(
    mutation: tuple[Any, mst.Expected], status: int
) -> None:
    value, expected = mutation
    assert_exactly(response_findings(status, value), expected, "response")


DRIFT_MUTATIONS = ["undocumented-field", "undocumented-value", "outside-format-range"]


@given(mst.list_training_jobs_response_mutations(kinds=DRIFT_MUTATIONS, strict=True))
def test_strict_reports_drift_as_an_error(mutation: tuple[Any, mst.Expected]) -> None:
    value, expected = mutation
    assert expected.severity == "error"
    body = encode(value, True)
    assert_exactly(
        agree(*(c.check_response(200, JSON, body) for c in STRICT)), expected, "response"
    )


PATH_MUTATIONS = ["too-long", "pattern-mismatch", "pattern-trailing-newline"]


@given(mst.mutations("ProjectId", kinds=PATH_MUTATIONS), mst.job_searches())
def test_a_broken_project_id_gives_exactly_its_finding(
    mutation: tuple[Any, mst.Expected], body: dict[str, Any]
) -> None:
    project_id, expected = mutation
    url = PATH.format(project_id=quote(project_id, safe=""))
    headers = {**JSON, "x-auth-token": "t"}
    request = Request(headers=headers, body=encode(body, True), method="POST", url=url)
    findings = agree(*(c.check_request(request) for c in (RS, PY, RS_ALONE)))
    assert [(f.kind, f.severity, f.pointer, f.schema_pointer) for f in findings] == [
        (Kind.INVALID_PATH_PARAMETER, "error", "", expected.schema_pointer)
    ]


# -- 3. the engines agree (also asserted by every test above) ------------------------------------


@given(st.sampled_from(["JobSearches", "ListTrainingJobsResponse"]).flatmap(mst.mutations))
def test_the_engines_agree_on_the_raw_schema_verdict(mutation: tuple[Any, mst.Expected]) -> None:
    value, _ = mutation
    body = encode(value, True)
    agree(*(c.check_request_body(body) for c in (RS, PY, RS_ALONE)))
    agree(*(c.check_response(200, JSON, body) for c in (RS, PY, RS_ALONE)))


def test_a_trailing_newline_breaks_a_pattern_in_both_engines() -> None:
    rs, py, alone = both({"items": [{"metadata": {"name": "trainjob\n"}}]})
    assert rs == py == alone
    assert [(finding[3], finding[4]) for finding in py] == [
        ("/items/0/metadata/name", "#/components/schemas/JobMetadata/properties/name/pattern")
    ]


def both(body: Any) -> tuple[list[tuple[Any, ...]], ...]:
    raw = encode(body, True)
    return tuple(shown(c.check_response(200, JSON, raw)) for c in (RS, PY, RS_ALONE))


# jsonschema-rs 0.60.3 hands ``instance_path`` over lossily: an empty property name is left out
# and a name of ASCII digits becomes an integer ("01" -> 1). The property tests found it; the rs
# engine now rebuilds exact pointers. These pin it.


@pytest.mark.parametrize(
    "body",
    [
        {"": 1},  # once a crash: an undocumented field at the top level
        {"items": [{"": 1}]},  # once the pointer /items/0 and the name 0
        {"items": [{"metadata": {"annotations": {"": 5}}}]},  # once .../annotations
        {"items": [{"metadata": {"annotations": {"01": 5}}}]},  # once .../annotations/1
        {"0": 1},  # once the message 0 (not '0') and the actual value 0
        {"0": 1, "a": 2},  # once a crash: the path tokens 0 (int) and 'a' sorted together
    ],
)
def test_rs_keeps_property_names_in_the_pointer(body: Any) -> None:
    rs, py, alone = both(body)
    assert rs == py == alone
