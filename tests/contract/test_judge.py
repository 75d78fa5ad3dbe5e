"""The judges (``contract.judge``, ``_judge.c``): bodies decided from their bytes.

A judge must never accept a body the typed decoder refuses (the decoder is held to the engines
by ``test_typed`` and ``test_properties_validators``, which run through the judges too), and it
should accept what the decoder accepts, but for the few shapes it leaves to the decoder (a key
written twice, an escape where strings are compared). These hold it to the decoder on generated
valid, drifting and mutated bodies, on the JSON grammar's corners, and on every prefix of a body.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from modelarts_validators import Contract
from modelarts_validators import strategies as mst
from modelarts_validators.contract import judge as judge_module

from tests.contract.test_typed import holder_of
from tests.support.contract import full_request, full_response

FAST = Contract.load()
FAST.fast_path()
ALONE = Contract.load(fast=False)
JSON = {"content-type": "application/json"}
RESPONSE = next(loc for loc in FAST._typed if "200" in loc)
REQUEST = next(loc for loc in FAST._typed if "requestBody" in loc)
ERROR = next(loc for loc in FAST._typed if "ClientError" in loc)


def accepted_by_decoder(location: Any, raw: bytes) -> bool:
    try:
        FAST._typed[location](raw)
    except Exception:
        return False
    return True


def judged(location: Any, raw: bytes) -> bool:
    verdict = FAST._judges[location](raw)
    assert type(verdict) is bool
    if verdict:  # never looser than the decoder, nor than the engine
        assert accepted_by_decoder(location, raw)
        side = "request" if location == REQUEST else "response"
        if side == "request":
            assert ALONE.check_request_body(raw) == []
        else:
            assert ALONE.check_response(400 if location == ERROR else 200, JSON, raw) == []
    return verdict


def same_as_decoder(location: Any, raw: bytes) -> bool:
    verdict = judged(location, raw)
    assert verdict == accepted_by_decoder(location, raw), raw[:300]
    return verdict


def test_the_validators_here_are_built_with_the_judge() -> None:
    # `make setup` builds it (setup.py); without a C compiler the typed decoders judge every
    # body instead: never on the machines this project is tested on
    assert judge_module.NATIVE, "contract/_judge.c was not built: a C compiler is needed"


def test_every_body_schema_of_the_packaged_spec_has_a_judge() -> None:
    assert set(FAST._judges) == set(FAST._typed)
    assert {RESPONSE, REQUEST, ERROR} <= set(FAST._judges)
    assert ALONE._judges == {}


def test_full_bodies_are_accepted_from_their_bytes() -> None:
    assert same_as_decoder(RESPONSE, json.dumps(full_response(3)).encode())
    assert same_as_decoder(RESPONSE, json.dumps(full_response(3), indent=2).encode())
    assert same_as_decoder(REQUEST, json.dumps(full_request()).encode())
    assert FAST._judges[RESPONSE](bytearray(json.dumps(full_response(1)).encode()))
    assert FAST._judges[RESPONSE](memoryview(json.dumps(full_response(1)).encode()))


def test_a_judge_takes_bytes_only() -> None:
    judge = FAST._judges[RESPONSE]
    with pytest.raises(TypeError):
        judge("{}")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        judge(b"{}", b"{}")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        judge(body=b"{}")  # type: ignore[call-arg]


# -- generated bodies: the judge says what the decoder says --------------------------------------


@given(mst.list_training_jobs_responses(max_items=3), st.booleans())
def test_valid_responses(body: Any, ascii_only: bool) -> None:
    same_as_decoder(RESPONSE, json.dumps(body, ensure_ascii=ascii_only).encode())


@given(mst.job_searches(), st.booleans())
def test_valid_requests(body: Any, ascii_only: bool) -> None:
    same_as_decoder(REQUEST, json.dumps(body, ensure_ascii=ascii_only).encode())


@given(mst.list_training_jobs_responses(drift=True))
def test_drifting_responses(body: Any) -> None:
    same_as_decoder(RESPONSE, json.dumps(body).encode())


@given(mst.job_searches(drift=True))
def test_drifting_requests(body: Any) -> None:
    same_as_decoder(REQUEST, json.dumps(body).encode())


@given(mst.list_training_jobs_response_mutations(), st.booleans())
def test_mutated_responses(mutation: tuple[Any, Any], ascii_only: bool) -> None:
    value, _ = mutation
    assert not same_as_decoder(RESPONSE, json.dumps(value, ensure_ascii=ascii_only).encode())


@given(mst.job_search_mutations(), st.booleans())
def test_mutated_requests(mutation: tuple[Any, Any], ascii_only: bool) -> None:
    value, _ = mutation
    assert not same_as_decoder(REQUEST, json.dumps(value, ensure_ascii=ascii_only).encode())


@given(mst.mutations("ModelArtsError"))
def test_mutated_error_bodies(mutation: tuple[Any, Any]) -> None:
    value, _ = mutation
    assert not same_as_decoder(ERROR, json.dumps(value).encode())


@given(st.data())
def test_a_changed_byte_is_never_accepted_unless_the_decoder_accepts_it(data: Any) -> None:
    raw = bytearray(json.dumps(full_response(1)).encode())
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    judged(RESPONSE, bytes(raw))


def test_no_prefix_of_a_body_is_accepted() -> None:
    raw = json.dumps(full_response(1), separators=(",", ":")).encode()
    judge = FAST._judges[RESPONSE]
    assert judge(raw)
    assert not any(judge(raw[:cut]) for cut in range(len(raw)))


# -- the JSON grammar ----------------------------------------------------------------------------

EMPTY = b'{"total": 0, "count": 0, "items": []}'


@pytest.mark.parametrize(
    "raw",
    [
        EMPTY,
        b' \t\r\n{"total":0,"count":0,"items":[]} \t\r\n',
        b'{"total": -0, "count": 0, "items": []}',
        b'{"total": 2147483647, "count": 0, "items": []}',
        b'{"total": 0, "count": 0, "items": [], "group_by": "\xe4\xb8\xad\xf0\x9f\x98\x80"}',
        b'{"total": 0, "count": 0, "items": [], "group_by": "a\\n\\"\\u00e9\\ud83d\\ude00"}',
    ],
)
def test_json_the_decoder_accepts_the_judge_accepts(raw: bytes) -> None:
    assert same_as_decoder(RESPONSE, raw)


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b" ",
        b"null",
        b"[]",
        b'"text"',
        EMPTY + b" x",
        EMPTY + EMPTY,
        b"\xef\xbb\xbf" + EMPTY,
        b'{"total": 0, "count": 0, "items": [],}',
        b'{"total": 0, "count": 0, "items": [1,]}',
        b'{"total": 0 "count": 0, "items": []}',
        b'{"total" 0, "count": 0, "items": []}',
        b'{total: 0, "count": 0, "items": []}',
        b"{'total': 0, 'count': 0, 'items': []}",
        b'{"total": 01, "count": 0, "items": []}',
        b'{"total": -, "count": 0, "items": []}',
        b'{"total": +1, "count": 0, "items": []}',
        b'{"total": 1.0, "count": 0, "items": []}',
        b'{"total": 1e2, "count": 0, "items": []}',
        b'{"total": 1., "count": 0, "items": []}',
        b'{"total": .5, "count": 0, "items": []}',
        b'{"total": NaN, "count": 0, "items": []}',
        b'{"total": Infinity, "count": 0, "items": []}',
        b'{"total": 2147483648, "count": 0, "items": []}',
        b'{"total": 99999999999999999999999, "count": 0, "items": []}',
        b'{"total": -9223372036854775809, "count": 0, "items": []}',
        b'{"total": nul, "count": 0, "items": []}',
        b'{"total": true, "count": 0, "items": []}',
        b'{"total": 0, "count": 0, "items": [], "group_by": "a\tb"}',
        b'{"total": 0, "count": 0, "items": [], "group_by": "\\ud800"}',
        b'{"total": 0, "count": 0, "items": [], "group_by": "\\udc00"}',
        b'{"total": 0, "count": 0, "items": [], "group_by": "\\ud800\\u0041"}',
        b'{"total": 0, "count": 0, "items": [], "group_by": "\\x41"}',
        b'{"total": 0, "count": 0, "items": [], "group_by": "\\u00g1"}',
        b'{"total": 0, "count": 0, "items": [], "group_by": "\xff"}',
        b'{"total": 0, "count": 0, "items": [], "group_by": "\xc0\x80"}',
        b'{"total": 0, "count": 0, "items": [], "group_by": "\xed\xa0\x80"}',
        b'{"total": 0, "count": 0, "items": [], "group_by": "\xf4\x90\x80\x80"}',
        b'{"total": 0, "count": 0, "items": [], "group_by": "\xe4\xb8"}',
        b'{"total": 0, "count": 0, "items": [], "group_by": "unterminated}',
        b'{"total": 0, "count": 0, "items": [], "undocumented": 1}',
        b'{"total": 0, "count": 0, "items": [' + b"[" * 300 + b"]" * 300 + b"]}",
    ],
)
def test_json_the_decoder_refuses_the_judge_refuses(raw: bytes) -> None:
    assert not same_as_decoder(RESPONSE, raw)


@pytest.mark.parametrize(
    "raw",
    [
        # a key written twice, an escaped key, an escape in a value compared with strings
        b'{"total": 0, "total": 0, "count": 0, "items": []}',
        b'{"tot\\u0061l": 0, "count": 0, "items": []}',
        b'{"total": 0, "count": 0, "items": [], "sort_by": "create\\u005ftime"}',
    ],
)
def test_what_the_judge_leaves_to_the_decoder_is_judged_the_same(raw: bytes) -> None:
    assert not judged(RESPONSE, raw)
    assert accepted_by_decoder(RESPONSE, raw)
    assert FAST.check_response(200, JSON, raw) == ALONE.check_response(200, JSON, raw) == []


@pytest.mark.parametrize(
    ("key", "affinity", "drop", "accepted"),
    [
        # JobAlgorithmResponse's dependentRequired: code_dir and boot_file go together
        ("boot_file", None, True, False),
        ("code_dir", None, True, False),
        ("code_dir", None, False, True),
        # RequiredAffinity's if/then: a "hyperinstance" affinity needs affinity_group_size
        ("affinity_group_size", "hyperinstance", False, True),
        ("affinity_group_size", "hyperinstance", True, False),
        ("affinity_group_size", "cabinet", True, True),
    ],
)
def test_conditions_on_an_object_are_checked_from_the_bytes(
    key: str, affinity: str | None, drop: bool, accepted: bool
) -> None:
    body = full_response(1)
    holder = holder_of(body, key)
    if affinity is not None:
        holder["affinity_type"] = affinity
    if drop:
        del holder[key]
    assert same_as_decoder(RESPONSE, json.dumps(body).encode()) is accepted


def test_an_escaped_value_in_a_condition_is_left_to_the_decoder() -> None:
    body = full_response(1)
    holder = holder_of(body, "affinity_group_size")
    holder["affinity_type"] = "hyperinstance"
    raw = json.dumps(body).encode().replace(b'"hyperinstance"', b'"hyper\\u0069nstance"')
    assert b"\\u0069" in raw
    assert not judged(RESPONSE, raw)
    assert accepted_by_decoder(RESPONSE, raw)


# -- the plan ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "plan",
    [
        (),
        ((99, False),),
        ((0, False, ((b"a", 5, True),), (), None),),
        ((0, False, (("a", 0, True),), (), None),),
        ((0, False, ((b"a", 0, True), (b"a", 0, True)), (), None),),
        ((2, False, 0, -1),),
        ((5, False, 1 << 64, None),),
        ((6, False, "x"),),
        ((4, False, ("x",)),),
        ((0, False, (), ((0, ()),), None),),
        ((0, False, ((b"a", 0, True),), (), ((), (), ())),),
        "not a tuple",
        (None,),
    ],
)
def test_a_broken_plan_is_a_clear_error(plan: Any) -> None:
    from modelarts_validators.contract._judge import Judge

    with pytest.raises((ValueError, TypeError, OverflowError)):
        Judge(plan)


def test_without_the_c_module_the_typed_decoders_judge_every_body(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(judge_module, "_judge", None)
    contract = Contract.load()
    assert contract.fast_path()
    assert contract._judges == {}
    good = json.dumps(full_response(2)).encode()
    broken = full_response(1)
    broken["items"][0]["metadata"]["name"] = "not a name!"
    bad = json.dumps(broken).encode()
    for raw in (good, bad):
        assert contract.check_response(200, JSON, raw) == FAST.check_response(200, JSON, raw)
    assert contract.check_response(200, JSON, good) == []
    assert contract.check_response(200, JSON, bad)


def test_a_type_beyond_what_a_plan_holds_has_no_judge() -> None:
    # an object of more properties than a plan's object holds (256): the typed decoder judges
    wide = msgspec.defstruct(
        "Wide", [(f"f{i}", int, 0) for i in range(300)], forbid_unknown_fields=True
    )
    assert judge_module.judge_of(wide) is None
    narrow = msgspec.defstruct(
        "Narrow", [(f"f{i}", int, 0) for i in range(200)], forbid_unknown_fields=True
    )
    judge = judge_module.judge_of(narrow)
    assert judge is not None
    assert judge(b'{"f199": 1}')
