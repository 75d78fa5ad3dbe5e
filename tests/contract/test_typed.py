"""The typed fast path (``contract.typed``): which schemas it translates, that a body it accepts is
one the engine accepts without a finding, and that every other body is judged by the engine.

The property tests (``test_properties_validators``) hold the fast path to both engines on
generated, mutated and drifting bodies; these pin the translation and the JSON corner cases where
the decoder and the engine's parser could differ."""

from __future__ import annotations

import copy
import json
from typing import Any

import msgspec
import pytest
from modelarts_validators import Contract
from modelarts_validators.contract.schemas import derive
from modelarts_validators.contract.spec import check_document, load_document
from modelarts_validators.contract.typed import typed_decoders

from tests.support.contract import full_request, full_response

JSON = {"content-type": "application/json"}
FAST = Contract.load()
FAST.fast_path()  # translated now, not after the first few bodies
ALONE = Contract.load(fast=False)
PYTHON = Contract.load(engine="python")


def findings(contract: Contract, body: bytes, side: str = "response") -> list[Any]:
    if side == "request":
        return contract.check_request_body(body)
    return contract.check_response(200, JSON, body)


def same(body: bytes, side: str = "response", *, python_too: bool = True) -> list[Any]:
    fast, alone, python = (findings(c, body, side) for c in (FAST, ALONE, PYTHON))
    assert fast == alone
    if python_too:
        assert fast == python
    return fast


def test_every_body_schema_of_the_packaged_spec_has_a_fast_path() -> None:
    spec = FAST.spec
    bodies = [
        m.schema
        for c in (*spec.operation.responses.values(), spec.operation.request_body)
        if c is not None
        for m in c.media_types
    ]
    assert bodies
    assert all(location in FAST.fast_path() for location in bodies)
    assert ALONE.fast_path() == {}
    assert PYTHON.fast_path() == {}


class CountingValidator:
    """Wraps a compiled validator and counts the bodies the engine was asked about."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls = 0  # is_valid
        self.explained = 0  # errors

    def is_valid(self, value: Any) -> bool:
        self.calls += 1
        return bool(self.inner.is_valid(value))

    def errors(self, value: Any) -> Any:
        self.explained += 1
        return self.inner.errors(value)


def counting(contract: Contract) -> tuple[Contract, list[CountingValidator]]:
    clone = copy.copy(contract)
    validators = {k: CountingValidator(v) for k, v in contract._validators.items()}
    clone._validators = dict(validators)
    return clone, list(validators.values())


def test_a_conforming_body_never_reaches_the_engine_and_a_broken_one_does() -> None:
    FAST.fast_path()
    clone, validators = counting(FAST)
    assert clone.check_response(200, JSON, json.dumps(full_response(3)).encode()) == []
    assert clone.check_request_body(json.dumps(full_request()).encode()) == []
    assert sum(v.calls + v.explained for v in validators) == 0
    broken = full_response(1)
    broken["items"][0]["metadata"]["name"] = "not a name!"
    assert clone.check_response(200, JSON, json.dumps(broken).encode())
    # its errors worked out from its bytes (``Judge.errors``): the engine is not asked
    assert (sum(v.calls for v in validators), sum(v.explained for v in validators)) == (0, 0)
    broken["items"][0]["metadata"]["name"] = "not\ta name"  # (an escape: left to the engine)
    assert clone.check_response(200, JSON, json.dumps(broken).encode())
    # a body the fast path refused goes straight to the errors, without an is_valid pass first
    assert (sum(v.calls for v in validators), sum(v.explained for v in validators)) == (0, 1)


def response_with(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    body = full_response(1)
    node: Any = body
    for token in path[:-1]:
        node = node[token]
    node[path[-1]] = value
    return body


@pytest.mark.parametrize(
    "raw",
    [
        # an integral float is an integer to JSON Schema; the decoder refuses it, the engine
        # accepts it: no finding
        b'{"total": 1.0, "count": 0, "items": []}',
        b'{"total": 1e2, "count": 0, "items": []}',
        # duplicate keys: the last one counts, for the engine's parser too
        b'{"total": "x", "total": 1, "count": 0, "items": []}',
        b'{"total": 1, "total": "x", "count": 0, "items": []}',
        # a byte order mark, white space, trailing garbage, a lone surrogate, not UTF-8
        b'\xef\xbb\xbf{"total": 1, "count": 0, "items": []}',
        b' \n{"total": 1, "count": 0, "items": []}\n ',
        b'{"total": 1, "count": 0, "items": []} x',
        b'{"total": 1, "count": 0, "items": [], "group_by": "\\ud800"}',
        b'{"total": 1, "count": 0, "items": [], "group_by": "\xff"}',
        # integers beyond int32, int64, and a double
        b'{"total": 2147483648, "count": 0, "items": []}',
        b'{"total": 99999999999999999999999, "count": 0, "items": []}',
        # null where a value is documented, a boolean where an integer is
        b'{"total": null, "count": 0, "items": []}',
        b'{"total": true, "count": 0, "items": []}',
        # not an object at all, nested beyond every limit
        b"[]",
        b'"text"',
        b"[" * 300 + b"]" * 300,
        b'{"total": 1, "count": 0, "items": [], "x": ' + b"[" * 3000 + b"]" * 3000 + b"}",
    ],
)
def test_json_corner_cases_are_judged_as_the_engines_judge_them(raw: bytes) -> None:
    same(raw)
    same(raw, "request")


def test_a_number_beyond_a_double_is_judged_as_without_the_fast_path() -> None:
    # (the engines word it differently: jsonschema-rs sees the infinite float as null)
    raw = b'{"total": 1e400, "count": 0, "items": []}'
    assert [f.pointer for f in same(raw, python_too=False)] == ["/total"]


def holder_of(value: Any, key: str) -> dict[str, Any]:
    """The first object in ``value`` that has ``key``."""
    if isinstance(value, dict):
        if key in value:
            return value
        children: list[Any] = list(value.values())
    elif isinstance(value, list):
        children = value
    else:
        children = []
    for child in children:
        try:
            return holder_of(child, key)
        except LookupError:
            pass
    raise LookupError(key)


def response_decoder() -> Any:
    (media,) = FAST.spec.operation.responses["200"].media_types
    assert media.schema is not None
    return FAST.fast_path()[media.schema]


@pytest.mark.parametrize(
    ("key", "change"),
    [
        # JobAlgorithmResponse's dependentRequired: code_dir and boot_file go together
        ("boot_file", lambda holder: holder.pop("boot_file")),
        ("code_dir", lambda holder: holder.pop("code_dir")),
        # RequiredAffinity's if/then: a "hyperinstance" affinity needs affinity_group_size
        ("affinity_group_size", lambda holder: holder.pop("affinity_group_size")),
    ],
)
def test_conditions_on_an_object_are_checked_by_the_fast_path(key: str, change: Any) -> None:
    body = full_response(1)
    holder = holder_of(body, key)
    if key == "affinity_group_size":
        holder["affinity_type"] = "hyperinstance"
        assert same(json.dumps(body).encode()) == []
        response_decoder()(json.dumps(body).encode())
    change(holder)
    raw = json.dumps(body).encode()
    assert [f.kind.value for f in same(raw)] == ["schema-violation"]
    with pytest.raises(msgspec.ValidationError):
        response_decoder()(raw)
    if key == "affinity_group_size":  # another affinity type needs no group size
        holder["affinity_type"] = "cabinet"
        raw = json.dumps(body).encode()
        found = same(raw)
        assert all(f.kind.value != "schema-violation" for f in found)


def spec_with(change: Any) -> dict[str, Any]:
    document = load_document()
    change(document["components"]["schemas"])
    return document


def decoders_of(document: dict[str, Any]) -> dict[Any, Any]:
    spec = check_document(document)
    derived = derive(spec)
    entries = {
        derived.entry(m.schema)
        for c in (*spec.operation.responses.values(), spec.operation.request_body)
        if c is not None
        for m in c.media_types
        if m.schema is not None
    }
    return typed_decoders(derived, entries)


def _jobs_response(decoders: dict[Any, Any]) -> bool:
    return ("components", "schemas", "ListTrainingJobsResponse") in decoders


@pytest.mark.parametrize(
    ("what", "change"),
    [
        (
            "a pattern with an escape (\\d means more to Python than to ECMA-262)",
            lambda s: s["JobMetadata"]["properties"]["name"].update(pattern=r"^\d+$"),
        ),
        (
            "a pattern with '.'",
            lambda s: s["JobMetadata"]["properties"]["name"].update(pattern="^a.b$"),
        ),
        (
            "a property that accepts anything (an observed field of a reviewed overlay)",
            lambda s: s["JobMetadata"].setdefault("x-observed-properties", {"seen": {}}),
        ),
        (
            "a union of types",
            lambda s: s["JobMetadata"]["properties"]["name"].update(type=["string", "integer"]),
        ),
        (
            "a keyword the translation does not know",
            lambda s: s["JobMetadata"]["properties"]["name"].update(multipleOf=2),
        ),
    ],
)
def test_a_schema_that_cannot_be_translated_exactly_has_no_fast_path(
    what: str, change: Any
) -> None:
    assert _jobs_response(decoders_of(spec_with(lambda s: None)))
    try:
        decoders = decoders_of(spec_with(change))
    except Exception as error:  # the spec check refuses it first: nothing to translate
        pytest.fail(f"{what}: the spec itself was refused: {error}")
    assert not _jobs_response(decoders), what


def test_a_contract_with_an_untranslatable_schema_still_judges_every_body(tmp_path: Any) -> None:
    document = spec_with(
        lambda s: s["JobMetadata"]["properties"]["name"].update(pattern=r"^[A-Za-z0-9_-]+\w*$")
    )
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document))
    fast, alone = Contract.load(path), Contract.load(path, fast=False)
    assert fast.fast_path()  # the request still has one
    broken = json.dumps(response_with(("items", 0, "metadata", "name"), "a b")).encode()
    good = json.dumps(full_response(2)).encode()
    for raw in (broken, good):
        assert fast.check_response(200, JSON, raw) == alone.check_response(200, JSON, raw)
    assert fast.check_response(200, JSON, broken)
    assert fast.check_response(200, JSON, good) == []


def test_the_fast_path_is_translated_after_a_few_bodies_and_judges_the_same() -> None:
    from modelarts_validators.contract.contract import TYPED_AFTER

    contract = Contract.load()
    assert contract._untranslated is not None
    broken = response_with(("items", 0, "metadata", "name"), "a b")
    bodies = [json.dumps(full_response(1)).encode(), json.dumps(broken).encode()] * TYPED_AFTER
    for raw in bodies:
        assert contract.check_response(200, JSON, raw) == ALONE.check_response(200, JSON, raw)
    assert contract._untranslated is None
    assert contract._typed
