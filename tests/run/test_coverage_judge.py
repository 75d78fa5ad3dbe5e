"""Coverage counted by the judges (``contract/_judge.c`` with counts, ``_Walker.judging``): a body
a counting judge accepts is counted from its bytes exactly as the walk of the decoded body counts
it; a body it refuses counts nothing in the call, and is counted from its bytes by its
``errors`` when that records all its failures (else it is parsed and walked instead)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from modelarts_validators.contract import judge as judge_module
from modelarts_validators.contract._judge import Judge
from modelarts_validators.run import coverage as coverage_module
from modelarts_validators.run.coverage import counting, plan_for

from tests.run.test_coverage_native import BODIES, FAST, PLAN, REQUEST, RESPONSE, walked
from tests.support.captures import bench_capture_300, records_of
from tests.support.contract import full_request, full_response


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BODIES)
def test_a_judge_counts_any_body_as_the_python_walks_do(bodies: list[tuple[str, bytes]]) -> None:
    assert walked(bodies, native=True, judging=True) == walked(bodies, native=False)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BODIES)
def test_bodies_with_findings_count_from_their_bytes_as_the_python_walks_do(
    bodies: list[tuple[str, bytes]],
) -> None:
    # a body a counting judge refuses is counted by its ``errors`` (its undocumented fields and
    # values recorded too), or parsed and walked when it does not record all its failures
    assert walked(bodies, native=True, judging=True, errors=True) == walked(bodies, native=False)


def test_a_drifting_body_counts_from_its_bytes_as_walked() -> None:
    response = full_response(2)
    response["items"][0]["undocumented"] = {"nested": 1}
    response["items"][1]["status"]["phase"] = "NotDocumented"
    request = full_request()
    request["extra_request_field"] = [1, 2]
    bodies = [
        ("response", json.dumps(response).encode()),
        ("request", json.dumps(request).encode()),
    ]
    tally = PLAN.tally()
    _, _, judge_of = tally.counters(PLAN)
    assert judge_of is not None
    for side, raw in bodies:
        where = RESPONSE if side == "response" else REQUEST
        judge = judge_of(side, where, FAST._kinds[where])
        assert not judge(raw)
        assert judge.errors(raw)  # (counted from its bytes, or nothing here is tested)
    in_judge = walked(bodies, native=True, judging=True, errors=True)
    assert in_judge == walked(bodies, native=False)
    assert {name for _, _, name in in_judge.observed_fields} == {
        "undocumented",
        "extra_request_field",
    }
    assert [value for _, _, value in in_judge.observed_values] == ["NotDocumented"]


def test_full_bodies_counted_by_a_judge_count_as_walked() -> None:
    bodies = [
        ("response", json.dumps(full_response(3)).encode()),
        ("request", json.dumps(full_request()).encode()),
        ("response", json.dumps(full_response(1)).encode()),
    ]
    in_judge = walked(bodies, native=True, judging=True)
    assert in_judge == walked(bodies, native=False)
    assert sum(in_judge.fields) > 0
    assert sum(in_judge.values) > 0
    assert sum(in_judge.pairs) > 0  # the request's filters: key by operator


@pytest.fixture(scope="module")
def generated(request: pytest.FixtureRequest) -> dict[str, Path]:
    return bench_capture_300(request)


def test_a_coverage_run_counts_conforming_bodies_with_judges(
    generated: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    accepted = recorded = 0
    made = coverage_module._Walker.judging

    def spying(self: Any, side: str, schema: Any, kind: Any) -> Any:
        judge = made(self, side, schema, kind)
        if judge is None:
            return None

        def judged(raw: bytes) -> bool:
            nonlocal accepted
            verdict = judge(raw)
            accepted += verdict
            return verdict

        def errors(raw: bytes) -> Any:
            nonlocal recorded
            found = judge.errors(raw)
            recorded += bool(found)
            return found

        judged.errors = errors  # type: ignore[attr-defined]
        return judged

    monkeypatch.setattr(coverage_module._Walker, "judging", spying)
    records = records_of(generated["har"])
    tally = plan_for(FAST).tally()
    check = counting(FAST, tally)
    for record in records:
        check(record)
    assert accepted > len(records) // 2
    assert recorded > 10  # bodies with findings, counted from their bytes too
    python = plan_for(FAST).tally()
    check = counting(FAST, python, native=False)
    for record in records:
        check(record)
    assert plan_for(FAST).flush(tally) == plan_for(FAST).flush(python)


def test_a_body_refused_counts_nothing() -> None:
    tally = PLAN.tally()
    _, _, judge_of = tally.counters(PLAN)
    assert judge_of is not None
    judge = judge_of("response", RESPONSE, FAST._kinds[RESPONSE])
    body = full_response(2)
    body["items"][1]["metadata"]["name"] = "not a name!"  # after a whole job was counted
    assert not judge(json.dumps(body).encode())
    assert PLAN.flush(tally) == PLAN.flush(PLAN.tally())


def test_a_type_the_walk_takes_as_parsed_has_no_counting_judge() -> None:
    tally = PLAN.tally()
    _, _, judge_of = tally.counters(PLAN)
    assert judge_of is not None
    assert judge_of("response", RESPONSE, list[int]) is None  # a root that is not an object

    class Documented(msgspec.Struct, forbid_unknown_fields=True):
        total: int

    class Other(msgspec.Struct, forbid_unknown_fields=True):
        total: int
        nope: int

    assert judge_of("response", RESPONSE, Documented) is not None
    # an object whose fields are not all the node's properties is walked as parsed
    assert judge_of("response", RESPONSE, Other) is None
    assert judge_of("response", RESPONSE, dict[str, int]) is None


def test_without_native_counting_there_are_no_counting_judges() -> None:
    assert PLAN.tally().counters(PLAN, native=False)[2] is None


# -- the extension on its own ------------------------------------------------------------------

OBJECT, STRENUM, INT = (
    judge_module._judge.OBJECT,
    judge_module._judge.STRENUM,
    judge_module._judge.INT,
)


def counting_plan() -> tuple[Any, ...]:
    # {"kind": "a"|"b"|"c", "n": int, "op": "x"|"y"}; counted as node 7, kind and op optional
    return (
        (
            OBJECT,
            False,
            ((b"kind", 1, False), (b"n", 2, True), (b"op", 3, False)),
            (),
            None,
            (7, (0, 2), (0, 2, ((b"a", b"x", 0), (b"b", b"y", 1)))),
        ),
        (STRENUM, True, (b"a", b"b", b"c"), (2, 0, -1)),
        (INT, False, None, None),
        (STRENUM, False, (b"x", b"y"), None),
    )


def test_a_judge_counts_masks_values_and_pairs() -> None:
    judge = Judge(counting_plan(), 3, 2)
    bodies = [
        b'{"n": 1}',
        b'{"kind": "a", "n": 2, "op": "x"}',
        b'{"kind": "b", "n": 3, "op": "x"}',
        b'{"kind": null, "n": 4}',
        b'{"kind": "c", "n": 5}',
        b'{"kind": "a", "n": "refused", "op": "x"}',
    ]
    assert [judge(b) for b in bodies] == [True] * 5 + [False]
    assert judge.held == 3
    masks, values, pairs = judge.drain()
    # bit 0: kind absent, bit 1: op absent
    assert sorted(masks) == [(7, 0, 2), (7, 2, 2), (7, 3, 1)]
    assert values == [(0, 1), (2, 1)]  # "b" -> 0, "a" -> 2, "c" none, null not a value
    assert pairs == [(0, 1)]  # ("a", "x"); ("b", "x") is not a pair counted
    assert judge.held == 0
    assert judge.drain() == ([], [], [])


def test_many_masks_are_held_and_drained() -> None:
    props = tuple((f"f{i}".encode(), 1, False) for i in range(20))
    plan = ((OBJECT, False, props, (), None, (3, tuple(range(20)), None)), (INT, False, None, None))
    judge = Judge(plan, 0, 0)
    expected: dict[int, int] = {}
    for i in range(300):
        present = [k for k in range(20) if (i * 2654435761) >> k & 1]
        mask = sum(1 << k for k in range(20) if k not in present)
        expected[mask] = expected.get(mask, 0) + 1
        assert judge(("{" + ", ".join(f'"f{k}": {i}' for k in present) + "}").encode())
    assert judge.held == len(expected) > 100  # (the table grew, and kept every mask)
    masks, _, _ = judge.drain()
    assert {mask: count for node, mask, count in masks if node == 3} == expected
    assert len(masks) == len(expected)


@pytest.mark.parametrize(
    ("plan", "values", "pairs"),
    [
        (((OBJECT, False, (), (), None, (7, (), None)),), -1, 0),
        (((OBJECT, False, (), (), None, (-1, (), None)),), 0, 0),
        (((OBJECT, False, ((b"a", 0, False),), (), None, (7, (1,), None)),), 0, 0),
        (((OBJECT, False, (), (), None, (7, ())),), 0, 0),
        (((OBJECT, False, (), (), None, "count"),), 0, 0),
        (
            (
                (
                    OBJECT,
                    False,
                    ((b"a", 0, False),),
                    (),
                    None,
                    (7, (0,), (0, 0, ((b"a", b"b", 5),))),
                ),
            ),
            0,
            1,
        ),
        (
            ((OBJECT, False, ((b"a", 0, False),), (), None, (7, (0,), (0, 0, (("a", b"b", 0),)))),),
            0,
            1,
        ),
        (((STRENUM, False, (b"a",), (0, 1)),), 2, 0),
        (((STRENUM, False, (b"a",), (5,)),), 2, 0),
        (((STRENUM, False, (b"a",), (-2,)),), 2, 0),
    ],
)
def test_a_bad_counting_plan_is_a_clear_error(plan: Any, values: int, pairs: int) -> None:
    with pytest.raises((ValueError, TypeError)):
        Judge(plan, values, pairs)


def test_more_optional_fields_than_a_mask_has_bits_are_refused() -> None:
    props = tuple((f"f{i}".encode(), 1, False) for i in range(64))
    plan = ((OBJECT, False, props, (), None, (3, tuple(range(64)), None)), (INT, False, None, None))
    with pytest.raises(ValueError, match="mask"):
        Judge(plan, 0, 0)


def test_a_search_that_judges_with_its_own_judge_keeps_both_counts() -> None:
    # a search (any callable) may judge another body with the same judge while it judges one:
    # each accepted body counts once, the inner one's counts do not lose the outer one's
    inner: list[Any] = []

    def search(text: str) -> Any:
        if text == "outer":
            assert inner[0](b'{"name": "inner", "kind": "b"}')
        return True

    from modelarts_validators.contract._judge import STRING

    plan = (
        (OBJECT, False, ((b"name", 1, True), (b"kind", 2, False)), (), None, (4, (1,), None)),
        (STRING, False, -1, -1, search),
        (STRENUM, False, (b"a", b"b"), (0, 1)),
    )
    judge = Judge(plan, 2, 0)
    inner.append(judge)
    assert judge(b'{"kind": "a", "name": "outer"}')
    assert not judge(b'{"name": "outer", "kind": "c"}')  # refused after the inner one counted
    masks, values, _ = judge.drain()
    assert sorted(masks) == [(4, 0, 3)]
    assert values == [(0, 1), (1, 2)]


# -- what a counting judge calls back ------------------------------------------------------------


def twenty_optional() -> tuple[Any, ...]:
    props = tuple((f"f{i}".encode(), 1, False) for i in range(20))
    return ((OBJECT, False, props, (), None, (3, tuple(range(20)), None)), (INT, False, None, None))


def shaped(*present: int) -> bytes:
    return ("{" + ", ".join(f'"f{k}": 1' for k in present) + "}").encode()


def test_a_judge_past_its_limit_calls_full_once_the_body_is_counted() -> None:
    drained: list[Any] = []
    judge = Judge(twenty_optional(), 0, 0, limit=2, full=lambda: drained.append(judge.drain()))
    assert [judge(shaped(k)) for k in (1, 2, 1)] == [True] * 3
    assert drained == []
    assert judge.held == 2  # (at the limit, not past it)
    assert not judge(shaped(3) + b",")  # refused: counts nothing, calls nothing
    assert drained == []
    assert judge(shaped(3))  # a third mask: past the limit, full() drains all three
    assert judge.held == 0
    [(masks, _, _)] = drained
    full_mask = (1 << 20) - 1
    assert sorted(masks) == sorted(
        [(3, full_mask & ~2, 2), (3, full_mask & ~4, 1), (3, full_mask & ~8, 1)]
    )
    assert judge(shaped(1))
    assert drained[1:] == []


def test_a_judge_without_a_limit_never_calls_full() -> None:
    calls: list[int] = []
    judge = Judge(twenty_optional(), 0, 0, full=lambda: calls.append(1))
    assert all(judge(shaped(k)) for k in range(20))
    assert judge.held == 20
    assert calls == []


def test_what_full_raises_the_call_raises_after_counting() -> None:
    def full() -> None:
        raise RuntimeError("drain failed")

    judge = Judge(twenty_optional(), 0, 0, limit=0, full=full)
    with pytest.raises(RuntimeError, match="drain failed"):
        judge(shaped(1))
    masks, _, _ = judge.drain()
    assert masks == [(3, ((1 << 20) - 1) & ~2, 1)]  # the body was counted before


def _plan_of() -> tuple[Any, ...]:
    import msgspec.inspect as mi

    return judge_module._Planner().plan_of(mi.type_info(FAST._kinds[RESPONSE]))


def test_recorded_is_given_what_errors_returns_before_it_is_returned() -> None:
    given_lists: list[Any] = []
    judge = Judge(_plan_of(), recorded=given_lists.append)
    body = full_response(1)
    body["items"][0]["undocumented"] = 1
    raw = json.dumps(body).encode()
    assert not judge(raw)
    found = judge.errors(raw)
    assert found
    assert given_lists == [found]
    assert given_lists[0] is found
    assert judge.errors(b'{"total": ') is None  # not decided here: nothing is recorded
    assert len(given_lists) == 1
    assert judge.errors(json.dumps(full_response(1)).encode()) == []  # (conforms: an empty list)
    assert given_lists[1:] == [[]]


def test_what_recorded_raises_errors_raises() -> None:
    def recorded(found: Any) -> None:
        raise KeyError("recording failed")

    judge = Judge(_plan_of(), recorded=recorded)
    body = full_response(1)
    body["items"][0]["undocumented"] = 1
    with pytest.raises(KeyError, match="recording failed"):
        judge.errors(json.dumps(body).encode())


@pytest.mark.parametrize("name", ["full", "recorded"])
def test_callbacks_that_cannot_be_called_are_refused(name: str) -> None:
    made: Any = Judge  # (called as the stub does not allow)
    with pytest.raises(TypeError, match="callables"):
        made(twenty_optional(), 0, 0, **{name: 3})
    with pytest.raises(TypeError):
        made(twenty_optional(), 0, 0, 5, None)  # (limit and the callbacks: keywords only)


def test_a_judge_held_by_its_own_callbacks_is_collected() -> None:
    import gc
    import weakref

    class Marker:
        pass

    def cycle(marker: Marker) -> None:
        judge: Any = None

        def full(kept: Marker = marker) -> None:
            judge.drain()

        judge = Judge(twenty_optional(), 0, 0, limit=0, full=full, recorded=lambda found: full())
        assert judge(shaped(1))

    marker = Marker()
    alive = weakref.ref(marker)
    cycle(marker)
    del marker
    gc.collect()
    assert alive() is None


def test_full_is_never_called_inside_a_body_a_search_judges_another_in() -> None:
    # a search may judge another body with the same judge while it judges one: full() waits
    # for the outer call to end (the inner one, its counts committed, is not the outermost)
    from modelarts_validators.contract._judge import STRING

    outer: list[bool] = [False]
    calls: list[tuple[bool, int]] = []

    def search(text: str) -> Any:
        if text == "outer":
            assert judge(b'{"s": "inner", "a": 1}')
        return True

    def full() -> None:
        calls.append((outer[0], judge.held))
        judge.drain()

    plan = (
        (OBJECT, False, ((b"s", 2, False), (b"a", 1, False)), (), None, (5, (0, 1), None)),
        (INT, False, None, None),
        (STRING, False, -1, -1, search),
    )
    judge = Judge(plan, 0, 0, limit=0, full=full)
    outer[0] = True
    assert judge(b'{"s": "outer"}')
    outer[0] = False
    assert calls == [(True, 2)]  # once, as the outer call ended, holding both bodies' masks
    calls.clear()
    outer[0] = True
    assert not judge(b'{"s": "outer", "a": "no"}')  # refused, but the inner one counted
    outer[0] = False
    assert calls == [(True, 1)]
