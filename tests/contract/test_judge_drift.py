"""Drift from the bytes (``Judge.drifts``, ``_judge.c``): a body whose only findings are drift
(undocumented fields, undocumented values of open enumerations, integers outside their format's
range) has them worked out from its bytes, without the engine; ``explain`` words them.

The findings must be the engine's, byte for byte: these hold the drift path to a contract
without the fast path (``ALONE``, the engine alone) on generated drifting and mutated bodies
and on the corners the drift path leaves to the engine (a key twice, escapes, numbers beyond
what the engine's parser reads, nesting), and check that the drift path is taken where it
should be, so that agreement is not reached by never taking it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from modelarts_validators import Contract
from modelarts_validators import strategies as mst
from modelarts_validators.contract.findings import Kind
from modelarts_validators.contract.judge import FIELD, RANGE, VALUE

from tests.contract.test_typed import holder_of
from tests.support.contract import full_request, full_response

FAST = Contract.load()
FAST.fast_path()
ALONE = Contract.load(fast=False)
JSON = {"content-type": "application/json"}
RESPONSE = next(loc for loc in FAST._typed if "200" in loc)
REQUEST = next(loc for loc in FAST._typed if "requestBody" in loc)
SPEC = Path(__file__).resolve().parents[2] / "openapi" / "training-job-searches.yaml"
DRIFT = {Kind.UNDOCUMENTED_FIELD, Kind.UNDOCUMENTED_VALUE, Kind.INTEGER_OUT_OF_RANGE}


def findings(contract: Contract, location: Any, raw: bytes) -> list[Any]:
    if location == REQUEST:
        return contract.check_request_body(raw)
    return contract.check_response(200, JSON, raw)


def same_as_engine(location: Any, raw: bytes) -> list[Any] | None:
    """The judge's drift of ``raw`` (None: left to the engine), once the contract's findings
    are checked equal to the engine's."""
    drifted = FAST._judges[location].drifts(raw)
    fast = findings(FAST, location, raw)
    assert fast == findings(ALONE, location, raw), raw[:300]
    if drifted is not None:
        assert {f.kind for f in fast} <= DRIFT
        assert len(fast) <= len(drifted)  # (explain drops an int64 bound it lets through)
    return drifted


def taken_where_it_should_be(location: Any, raw: bytes) -> None:
    drifted = same_as_engine(location, raw)
    kinds = {f.kind for f in findings(ALONE, location, raw)}
    if kinds and kinds <= DRIFT and b"\\" not in raw:
        assert drifted is not None, raw[:300]


# -- generated bodies ----------------------------------------------------------------------------


@given(mst.list_training_jobs_responses(drift=True), st.booleans())
def test_drifting_responses_are_judged_from_their_bytes(body: Any, ascii_only: bool) -> None:
    taken_where_it_should_be(RESPONSE, json.dumps(body, ensure_ascii=ascii_only).encode())


@given(mst.job_searches(drift=True), st.booleans())
def test_drifting_requests_are_judged_from_their_bytes(body: Any, ascii_only: bool) -> None:
    taken_where_it_should_be(REQUEST, json.dumps(body, ensure_ascii=ascii_only).encode())


@given(mst.list_training_jobs_response_mutations())
def test_mutated_responses_are_left_to_the_engine(mutation: tuple[Any, Any]) -> None:
    value, _ = mutation
    same_as_engine(RESPONSE, json.dumps(value).encode())


@given(mst.job_search_mutations())
def test_mutated_requests_are_left_to_the_engine(mutation: tuple[Any, Any]) -> None:
    value, _ = mutation
    same_as_engine(REQUEST, json.dumps(value).encode())


# -- what is recorded ------------------------------------------------------------------------------


def test_each_drift_is_recorded_with_its_path_value_and_type() -> None:
    body = full_response(2)
    extra = {
        "o": {"a": [1, {"b": None}]},
        "a": [],
        "s": "x",
        "i": -3,
        "n": 2.5e3,
        "t": True,
        "z": None,
    }
    body["items"][1]["metadata"].update(extra)
    holder_of(body["items"][0], "phase")["phase"] = "Sleeping"
    holder_of(body["items"][1], "exit_code")["exit_code"] = 2**31
    raw = json.dumps(body).encode()
    drifted = same_as_engine(RESPONSE, raw)
    assert drifted is not None
    fields = {path: kind for (tag, _, _), path, _, kind in drifted if tag == FIELD}
    assert fields == {("items", 1, "metadata", name): t for name, t in _TYPES.items()}
    values = [(path[-1], text) for (tag, _, _), path, text, _ in drifted if tag == VALUE]
    assert values == [("phase", "Sleeping")]
    ranges = [(path[-1], text) for (tag, _, _), path, text, _ in drifted if tag == RANGE]
    assert ranges == [("exit_code", 2**31)]
    messages = [f.message for f in findings(FAST, RESPONSE, raw)]
    assert "2147483648 is outside the int32 range [-2147483648, 2147483647]" in messages
    assert len(messages) == len(extra) + 2


_TYPES = {
    "o": "object",
    "a": "array",
    "s": "string",
    "i": "integer",
    "n": "number",
    "t": "boolean",
    "z": "null",
}


def test_a_conforming_body_has_no_drift() -> None:
    assert FAST._judges[RESPONSE].drifts(json.dumps(full_response(2)).encode()) == []
    assert FAST._judges[REQUEST].drifts(json.dumps(full_request()).encode()) == []


def test_drift_beside_a_violation_is_left_to_the_engine() -> None:
    body = full_response(1)
    body["items"][0]["metadata"]["undocumented"] = 1
    body["total"] = "many"
    assert same_as_engine(RESPONSE, json.dumps(body).encode()) is None


# -- the corners left to the engine ---------------------------------------------------------------


def _with_field(text: str, value: str = "1") -> bytes:
    """A conforming response with ``"<text>": <value>`` written first in its first job's
    metadata."""
    raw = json.dumps(full_response(1)).encode()
    at = raw.index(b'"metadata": {') + len(b'"metadata": {')
    return raw[:at] + f'"{text}": {value}, '.encode() + raw[at:]


@pytest.mark.parametrize(
    ("raw", "from_bytes"),
    [
        (_with_field("plain"), True),
        (_with_field("n", "-0.5e-3"), True),
        (_with_field("esc\\u0061ped"), False),  # an escape in an undocumented name
        (_with_field("big", str(2**64)), False),  # an integer beyond what orjson reads
        (_with_field("big", str(2**63)), False),  # beyond int64
        (_with_field("huge", "1e400"), False),  # a number beyond a double
        (_with_field("long", "0." + "1" * 80), False),  # longer than the judge reads
        (_with_field("deep", "[" * 300 + "]" * 300), False),  # deeper than the judge goes
        (_with_field("bad", "[1,]"), False),  # not JSON
        (_with_field("bad", '"\\ud800"'), False),  # a lone surrogate
    ],
    ids=[
        "plain",
        "number",
        "escaped-name",
        "beyond-u64",
        "beyond-i64",
        "infinite",
        "long",
        "deep",
        "not-json",
        "surrogate",
    ],
)
def test_corners_are_judged_as_the_engine_judges_them(raw: bytes, from_bytes: bool) -> None:
    assert (same_as_engine(RESPONSE, raw) is not None) is from_bytes


def test_an_undocumented_name_twice_in_one_object_is_left_to_the_engine() -> None:
    once = _with_field("twice")
    assert same_as_engine(RESPONSE, once) is not None
    twice = once.replace(b'"twice": 1, ', b'"twice": 1, "twice": [2], ', 1)
    assert same_as_engine(RESPONSE, twice) is None
    # the same name in two objects is two drifts
    body = full_response(2)
    for job in body["items"]:
        job["metadata"]["twice"] = 1
    drifted = same_as_engine(RESPONSE, json.dumps(body).encode())
    assert drifted is not None
    assert len(drifted) == 2


def test_an_escaped_undocumented_value_is_left_to_the_engine() -> None:
    body = full_response(1)
    holder_of(body, "phase")["phase"] = "Sle\u00e9ping"
    assert same_as_engine(RESPONSE, json.dumps(body, ensure_ascii=False).encode()) is not None
    assert same_as_engine(RESPONSE, json.dumps(body, ensure_ascii=True).encode()) is None


def test_an_integer_beyond_int64_in_a_documented_place_is_left_to_the_engine() -> None:
    body = full_response(1)
    holder_of(body, "exit_code")["exit_code"] = 2**63
    assert same_as_engine(RESPONSE, json.dumps(body).encode()) is None
    holder_of(body, "exit_code")["exit_code"] = -(2**31) - 1
    assert same_as_engine(RESPONSE, json.dumps(body).encode()) is not None


def test_a_map_key_with_an_escape_is_left_to_the_engine_only_with_drift() -> None:
    body = full_response(1)
    holder_of(body, "annotations")["annotations"] = {"k\u00e9y": "v"}
    holder_of(body, "phase")["phase"] = "Sleeping"
    assert same_as_engine(RESPONSE, json.dumps(body, ensure_ascii=True).encode()) is None
    drifted = same_as_engine(RESPONSE, json.dumps(body, ensure_ascii=False).encode())
    assert drifted is not None
    assert [len(d[1]) for d in drifted] == [4]


# -- the translation: where drift is drift alone ------------------------------------------------


def test_a_condition_naming_an_undocumented_property_leaves_fields_to_the_engine(
    tmp_path: Path,
) -> None:
    """``dependentRequired`` on a name the object does not document: such a name present is a
    violation too when its dependent is missing, so an undocumented field there is not drift
    alone."""
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    schema = document["components"]["schemas"]["JobMetadata"]
    schema["dependentRequired"] = {"undocumented": ["name"]}
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(document), encoding="utf-8")
    fast, alone = Contract.load(spec), Contract.load(spec, fast=False)
    fast.fast_path()
    location = next(loc for loc in fast._typed if "200" in loc)
    body = full_response(1)
    del body["items"][0]["metadata"]["name"]
    body["items"][0]["metadata"]["undocumented"] = 1
    raw = json.dumps(body).encode()
    assert fast._judges[location].drifts(raw) is None
    got = fast.check_response(200, JSON, raw)
    assert got == alone.check_response(200, JSON, raw)
    assert {f.kind for f in got} == {Kind.UNDOCUMENTED_FIELD, Kind.SCHEMA_VIOLATION}
    # an undocumented field elsewhere is still drift from the bytes
    body = full_response(1)
    body["items"][0]["undocumented"] = 1
    assert fast._judges[location].drifts(json.dumps(body).encode()) is not None


def test_a_bound_written_in_the_spec_is_a_violation_not_drift(tmp_path: Path) -> None:
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    exit_code = document["components"]["schemas"]["TaskStatuses"]["properties"]["exit_code"]
    exit_code["minimum"] = 0
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(document), encoding="utf-8")
    fast, alone = Contract.load(spec), Contract.load(spec, fast=False)
    fast.fast_path()
    location = next(loc for loc in fast._typed if "200" in loc)
    body = full_response(1)
    for value, drift in ((-1, False), (2**31, True)):
        holder_of(body, "exit_code")["exit_code"] = value
        raw = json.dumps(body).encode()
        assert (fast._judges[location].drifts(raw) is not None) is drift
        assert fast.check_response(200, JSON, raw) == alone.check_response(200, JSON, raw)
