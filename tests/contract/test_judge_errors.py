"""Errors from the bytes (``Judge.errors``, ``_judge.c``): a body the judge refuses has the
errors the engine would raise of it worked out from its bytes, without parsing it, wherever the
judge knows the keyword each failure fails (drift: undocumented fields, undocumented values of
open enumerations, integers outside their format's range; violations: a value of another type,
out of bounds, too long, not matching, not among an enumeration's, a required property
missing...); ``explain`` words them, as it words the engine's.

The findings must be the engine's, byte for byte: these hold the judge's errors to a contract
without the fast path (``ALONE``, the engine alone) on generated drifting and mutated bodies
and on the corners left to the engine (a key twice, escapes, numbers beyond what the engine's
parser reads, nesting, conditions), and check that the bytes' way is taken where it should be,
so that agreement is not reached by never taking it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from modelarts_validators import Contract
from modelarts_validators import strategies as mst
from modelarts_validators.contract.findings import Kind
from modelarts_validators.contract.judge import FIELD, OTHER, VALUE

from tests.contract.test_judge import ALONE, ERROR, FAST, JSON, REQUEST, RESPONSE
from tests.contract.test_typed import holder_of
from tests.support.captures import bench_capture_300, records_of
from tests.support.contract import full_request, full_response

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "training-job-searches.yaml"
DRIFT = {Kind.UNDOCUMENTED_FIELD, Kind.UNDOCUMENTED_VALUE, Kind.INTEGER_OUT_OF_RANGE}


def findings(contract: Contract, location: Any, raw: bytes) -> list[Any]:
    if location == REQUEST:
        return contract.check_request_body(raw)
    return contract.check_response(200, JSON, raw)


def same_as_engine(location: Any, raw: bytes) -> list[Any] | None:
    """What the judge records of ``raw`` (None: left to the engine), once the contract's
    findings are checked equal to the engine's."""
    recorded = FAST._judges[location].errors(raw)
    assert findings(FAST, location, raw) == findings(ALONE, location, raw), raw[:300]
    return recorded


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


@pytest.mark.parametrize(
    ("location", "mutations"),
    [
        (RESPONSE, mst.list_training_jobs_response_mutations()),
        (REQUEST, mst.job_search_mutations()),
    ],
    ids=["response", "request"],
)
@given(data=st.data(), ascii_only=st.booleans())
def test_mutated_bodies_are_judged_as_the_engine_judges_them(
    location: Any, mutations: Any, data: Any, ascii_only: bool
) -> None:
    value, _ = data.draw(mutations)
    same_as_engine(location, json.dumps(value, ensure_ascii=ascii_only).encode())


@pytest.fixture(scope="module")
def generated(request: pytest.FixtureRequest) -> dict[str, Path]:
    return bench_capture_300(request)


def test_a_capture_is_judged_as_the_engine_judges_it_mostly_from_the_bytes(
    generated: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark's generator: drift and violations of every kind, on both sides. Nearly
    every body a judge refuses has its errors worked out from its bytes (invalid JSON and the
    corners above are left to the engine)."""
    refused = left = 0
    refuse, parse = Contract._refused, Contract._parsed

    def refusing(self: Contract, *args: Any, **kwargs: Any) -> Any:
        nonlocal refused
        refused += 1
        return refuse(self, *args, **kwargs)

    def parsing(self: Contract, *args: Any, **kwargs: Any) -> Any:
        nonlocal left
        left += bool(kwargs.get("refused"))
        return parse(self, *args, **kwargs)

    monkeypatch.setattr(Contract, "_refused", refusing)
    monkeypatch.setattr(Contract, "_parsed", parsing)
    fast = Contract.load()
    fast.fast_path()
    for record in records_of(generated["har"]):
        assert fast.check_exchange(record) == ALONE.check_exchange(record)
    assert refused > 30
    assert left <= refused // 10, (left, refused)


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
    ranges = [(path[-1], text) for (tag, _, _), path, text, _ in drifted if tag == OTHER]
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
    assert FAST._judges[RESPONSE].errors(json.dumps(full_response(2)).encode()) == []
    assert FAST._judges[REQUEST].errors(json.dumps(full_request()).encode()) == []


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


def _document() -> dict[str, Any]:
    """The packaged spec, to change (``_contracts`` writes it)."""
    document: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return document


def _contracts(tmp_path: Path, document: dict[str, Any]) -> tuple[Contract, Contract, Any]:
    """The fast contract (translated), the engine alone, and the 200 body's location, of a
    spec a test changed."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(document), encoding="utf-8")
    fast, alone = Contract.load(spec), Contract.load(spec, fast=False)
    fast.fast_path()
    return fast, alone, next(loc for loc in fast._typed if "200" in loc)


# -- the translation: where drift is drift alone ------------------------------------------------


def test_a_condition_naming_an_undocumented_property_leaves_fields_to_the_engine(
    tmp_path: Path,
) -> None:
    """``dependentRequired`` on a name the object does not document: such a name present is a
    violation too when its dependent is missing, so an undocumented field there is not drift
    alone."""
    document = _document()
    schemas = document["components"]["schemas"]
    schemas["JobMetadata"]["dependentRequired"] = {"undocumented": ["name"]}
    fast, alone, location = _contracts(tmp_path, document)
    body = full_response(1)
    del body["items"][0]["metadata"]["name"]
    body["items"][0]["metadata"]["undocumented"] = 1
    raw = json.dumps(body).encode()
    assert fast._judges[location].errors(raw) is None
    got = fast.check_response(200, JSON, raw)
    assert got == alone.check_response(200, JSON, raw)
    assert {f.kind for f in got} == {Kind.UNDOCUMENTED_FIELD, Kind.SCHEMA_VIOLATION}
    # an undocumented field elsewhere is still drift from the bytes
    body = full_response(1)
    body["items"][0]["undocumented"] = 1
    assert fast._judges[location].errors(json.dumps(body).encode()) is not None


def test_a_bound_written_in_the_spec_is_a_violation_not_drift(tmp_path: Path) -> None:
    document = _document()
    schemas = document["components"]["schemas"]
    schemas["TaskStatuses"]["properties"]["exit_code"]["minimum"] = 0
    fast, alone, location = _contracts(tmp_path, document)
    body = full_response(1)
    for value, kind in ((-1, Kind.SCHEMA_VIOLATION), (2**31, Kind.INTEGER_OUT_OF_RANGE)):
        holder_of(body, "exit_code")["exit_code"] = value
        raw = json.dumps(body).encode()
        assert fast._judges[location].errors(raw) is not None
        got = fast.check_response(200, JSON, raw)
        assert got == alone.check_response(200, JSON, raw)
        assert [f.kind for f in got] == [kind]


# -- violations ------------------------------------------------------------------------------------


def _response(change: Any) -> bytes:
    body = full_response(2)
    change(body)
    return json.dumps(body, ensure_ascii=False).encode()


def _set(key: str, value: Any, job: int = 1) -> Any:
    return lambda body: holder_of(body["items"][job], key).__setitem__(key, value)


def _drop(key: str, job: int = 1) -> Any:
    return lambda body: holder_of(body["items"][job], key).pop(key)


VIOLATIONS = {
    "string-for-integer": _set("create_time", "yesterday"),
    "object-for-string": _set("workspace_id", {"a": [1, {"b": 2}]}),
    "array-for-object": _set("metadata", [1, 2]),
    "integer-for-enum": _set("phase", 5),
    "null-for-string": _set("workspace_id", None),
    "boolean-for-string": _set("workspace_id", True),
    "fraction-for-integer": _set("create_time", 1.5),
    "exponent-for-integer": _set("create_time", 2.5e-3),
    "number-for-string": _set("workspace_id", -0.0),
    "pattern": _set("name", "not a name!"),
    "too-long": _set("name", "n" * 65),
    "too-short-and-unmatched": _set("name", ""),
    "too-long-and-unmatched": _set("description", "\u00e9" * 257),
    "dependent": _drop("boot_file"),
    "many-at-once": lambda body: (
        _set("create_time", "x")(body),
        _set("name", "?")(body),
        _drop("code_dir", 0)(body),
        body["items"][0]["metadata"].__setitem__("undocumented", {"x": 1}),
        _set("phase", "Sleeping", 0)(body),
    ),
}


@pytest.mark.parametrize("change", VIOLATIONS.values(), ids=VIOLATIONS.keys())
def test_violations_are_judged_from_the_bytes(change: Any) -> None:
    raw = _response(change)
    recorded = same_as_engine(RESPONSE, raw)
    assert recorded is not None
    assert findings(ALONE, RESPONSE, raw)  # (a violation: not a conforming body)


REQUEST_VIOLATIONS = {
    "above-maximum": {"limit": 99},
    "below-minimum": {"offset": -1},
    "both-bounds": {"limit": 0, "offset": -5},
    "not-an-enum-value": {"filters": [{"key": "name", "operator": "sideways", "value": ["a"]}]},
    "items-of-another-type": {"filters": [{"key": "name", "operator": "like", "value": [1, None]}]},
    "a-filter-of-another-type": {"filters": ["name"]},
}


@pytest.mark.parametrize("body", REQUEST_VIOLATIONS.values(), ids=REQUEST_VIOLATIONS.keys())
def test_request_violations_are_judged_from_the_bytes(body: dict[str, Any]) -> None:
    raw = json.dumps(body).encode()
    assert same_as_engine(REQUEST, raw) is not None
    assert findings(ALONE, REQUEST, raw)


def _hyperinstance_without_size(holder: dict[str, Any]) -> None:
    holder["affinity_type"] = "hyperinstance"
    holder.pop("affinity_group_size", None)


LEFT_TO_THE_ENGINE = {
    # an integer written as a float: an integer to the engine, refused by the typed decoder
    "integral-float": _set("create_time", 1.0),
    "integral-exponent": _set("create_time", 1e3),
    # a string of another type with an escape (its value is needed unescaped)
    "escaped-violation": _set("name", "tab\there"),
    # a condition (if/then) that fails
    "condition": lambda body: _hyperinstance_without_size(holder_of(body, "affinity_type")),
}


@pytest.mark.parametrize("change", LEFT_TO_THE_ENGINE.values(), ids=LEFT_TO_THE_ENGINE.keys())
def test_what_the_bytes_do_not_decide_is_left_to_the_engine(change: Any) -> None:
    raw = _response(change)
    assert same_as_engine(RESPONSE, raw) is None


@pytest.mark.parametrize(
    "raw",
    [
        b'{"error_msg": "m"}',
        b"{}",
        b'{"error_code": 5, "error_msg": null, "extra": 1}',
        b'{"error_code": "APIG.0301", "error_msg": "m", "request_id": ["x"]}',
    ],
)
def test_error_bodies_are_judged_from_the_bytes(raw: bytes) -> None:
    """(The error body's schema is the one with ``required`` properties.)"""
    assert FAST._judges[ERROR].errors(raw) is not None
    got = FAST.check_response(400, JSON, raw)
    assert got == ALONE.check_response(400, JSON, raw)
    assert got


@pytest.mark.parametrize(
    "raw",
    [
        b'{"items":[{"metadata":{"annotations":{"a":1,"a":"x"}}}]}',
        b'{"items":[{"metadata":{"annotations":{"a":1,"a":2}}}]}',
        b'{"items":[{"algorithm":{"environments":[{"a":[],"a":"x"}]}}]}',
        b'{"items":[{"tasks":[{"task_resource":{"attributes":{"a":null,"a":"x"}}}]}]}',
    ],
)
def test_a_key_twice_in_a_map_is_left_to_the_engine(raw: bytes) -> None:
    """The engine's parser keeps a map's last value of a key written twice: only that one is
    judged (from a hostile review: every occurrence was)."""
    assert same_as_engine(RESPONSE, raw) is None


def test_a_map_of_many_keys_costs_one_probe_a_key() -> None:
    """A key written twice is found by hashing, not by comparing every pair of a map's keys
    (from a review: 80,000 keys took 16 s). Run apart, under a timeout a quadratic search of
    200,000 keys would take minutes to reach."""
    script = """
import json
from tests.contract.test_judge import ALONE, FAST, JSON, RESPONSE
from tests.support.contract import full_response
body = full_response(1)
body["items"][0]["metadata"]["annotations"] = {f"k{i}": "v" for i in range(200_000)}
body["items"][0]["metadata"]["undocumented"] = 1
raw = json.dumps(body).encode()
assert FAST._judges[RESPONSE].errors(raw) is not None
assert FAST.check_response(200, JSON, raw) == ALONE.check_response(200, JSON, raw)
"""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", script], cwd=root, timeout=60, check=False)
    assert done.returncode == 0


def test_a_judge_keeps_its_tags_when_the_plan_changes() -> None:
    """The tags are the judge's own: a plan's dict changed after it is made frees nothing the
    judge holds (from a review: a borrowed tag dangled)."""
    script = """
import gc
from modelarts_validators.contract._judge import INT, Judge
tags = {"low": ("other", ("x",) * 3 + ("12345" * 3,), None)}
judge = Judge(((INT, False, 5, None, tags),))
first = judge.errors(b"1")
tags["low"] = None
gc.collect()
junk = [("y" * 50,) for _ in range(10000)]
assert judge.errors(b"1") == first, judge.errors(b"1")
"""
    done = subprocess.run([sys.executable, "-c", script], timeout=60, check=False)
    assert done.returncode == 0  # (not -11: no crash)


def test_null_of_a_nullable_enumeration_is_not_among_its_values(tmp_path: Path) -> None:
    """``type: [string, "null"]`` with ``enum: [a, b]``: null is of the type but not among the
    values, a violation to the engine; the fast path accepted it (from a review)."""
    document = _document()
    schemas = document["components"]["schemas"]
    schemas["JobMetadata"]["properties"]["nenum"] = {"type": ["string", "null"], "enum": ["a", "b"]}
    fast, alone, _ = _contracts(tmp_path, document)
    for value in (None, "c", 5, "a"):
        body = full_response(1)
        body["items"][0]["metadata"]["nenum"] = value
        raw = json.dumps(body).encode()
        got = fast.check_response(200, JSON, raw)
        assert got == alone.check_response(200, JSON, raw)
        assert bool(got) is (value != "a")


# -- schema kinds the packaged spec does not use ---------------------------------------------------

#: Added to ``JobMetadata`` (a spec of one's own given to ``--spec``, or a later page): numbers
#: with open and closed bounds, item counts, an integer enumeration, ``const``, nullable bounded
#: types, a nested object with a required property, a pattern with a length.
KINDS: dict[str, dict[str, Any]] = {
    "ratio": {"type": "number", "minimum": 0, "exclusiveMaximum": 1},
    "score": {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
    "few": {
        "type": "array",
        "minItems": 1,
        "maxItems": 3,
        "items": {"type": "string", "maxLength": 4},
    },
    "level": {"type": "integer", "enum": [1, 2, 3]},
    "fixed": {"const": "x"},
    "nint": {"type": ["integer", "null"], "minimum": 0, "maximum": 10},
    "nums": {"type": "array", "items": {"type": "number"}},
    "nested": {"type": "object", "required": ["k"], "properties": {"k": {"type": "integer"}}},
    "pat": {"type": "string", "pattern": "^[a-z]+$", "minLength": 2},
    "big": {"type": "integer", "format": "int64", "minimum": -5},
    "flag": {"type": "boolean"},
    "nstr": {"type": ["string", "null"], "maxLength": 3},
}
KIND_VALUES: list[Any] = [
    None, True, False, 0, -1, 1, 2, 3, 11, 0.5, 1.0, 100, 100.5, -0.0, 1e300, "", "x", "ab",
    "abcde", "ABC", [], ["a"], ["a", "b", "c", "d"], ["abcde"], [1], [1.5, 2], {}, {"k": 1},
    {"k": "1"}, {"j": 1},
]  # fmt: skip


@pytest.fixture(scope="module")
def kinds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Contract, Contract, Any]:
    document = _document()
    document["components"]["schemas"]["JobMetadata"]["properties"].update(KINDS)
    return _contracts(tmp_path_factory.mktemp("kinds"), document)


def _metadata(**values: Any) -> bytes:
    body = full_response(1)
    body["items"][0]["metadata"].update(values)
    return json.dumps(body).encode()


@pytest.mark.parametrize("name", KINDS)
def test_schema_kinds_the_packaged_spec_does_not_use_are_judged_as_the_engine_judges_them(
    kinds: tuple[Contract, Contract, Any], name: str
) -> None:
    fast, alone, location = kinds
    judge = fast._judges[location]  # (translated: judged from the bytes where it can be)
    from_bytes = 0
    for value in KIND_VALUES:
        raw = _metadata(**{name: value})
        got = fast.check_response(200, JSON, raw)
        assert got == alone.check_response(200, JSON, raw), (name, value)
        from_bytes += not judge(raw) and judge.errors(raw) is not None
    assert from_bytes >= 4  # (the bytes' way is taken, or the agreement proves little)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=6,
)


@given(st.dictionaries(st.sampled_from(sorted(KINDS)), JSON_VALUES, min_size=1))
def test_any_values_of_those_kinds_are_judged_as_the_engine_judges_them(
    kinds: tuple[Contract, Contract, Any], values: dict[str, Any]
) -> None:
    fast, alone, _ = kinds
    raw = _metadata(**values)
    assert fast.check_response(200, JSON, raw) == alone.check_response(200, JSON, raw)
