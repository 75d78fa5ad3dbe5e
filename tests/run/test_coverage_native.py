"""Coverage counted in C (``run/_counting.c``) counts exactly what the Python walks count: on a
realistic capture (decoded and parsed bodies) and on generated bodies with drift and with one
thing broken (decoded types the walk does not follow: ``test_coverage_typed``). The extension refuses a bad
program and a re-entrant call with an exception, and keeps no memory from one body to the next.
"""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path
from typing import Any

import msgspec
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from modelarts_validators import strategies as mst
from modelarts_validators.capture.records import Unreadable
from modelarts_validators.capture.sources import iter_records
from modelarts_validators.contract.contract import Contract
from modelarts_validators.contract.model import Exchange
from modelarts_validators.contract.pointers import Location
from modelarts_validators.run import _counting
from modelarts_validators.run import coverage as coverage_module
from modelarts_validators.run.coverage import Tally, counting, plan_for

from benchmarks import capture as bench_capture
from tests.support.cli import cached_load

FAST = cached_load()
FAST.fast_path()
PARSED = Contract.load(fast=False)
PLAN = plan_for(FAST)
OPERATION = PLAN.spec.operation
REQUEST: Location = next(loc for (side, loc) in PLAN.roots if side == "request")
RESPONSE: Location = next(loc for (side, loc) in PLAN.roots if side == "response" and "200" in loc)


def test_the_validators_here_are_built_with_their_c_extension() -> None:
    # `make setup` builds it (setup.py); without a C compiler it is left out and coverage
    # counts in Python: never on the machines this project is tested on
    assert coverage_module.NATIVE, "run/_counting.c was not built: a C compiler is needed"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("native-coverage")
    bench_capture.generate(300, 5, out)
    files = bench_capture.paths(out, 300, 5)
    return {"har": files["har"], "ndjson": files["ndjson"]}


def records_of(path: Path) -> list[Exchange]:
    return [r for r in iter_records([str(path)]) if not isinstance(r, Unreadable)]


def counted(contract: Contract, records: list[Exchange], *, native: bool) -> Tally:
    tally = plan_for(contract).tally()
    check = counting(contract, tally, native=native)
    for record in records:
        check(record)
    return plan_for(contract).flush(tally)


@pytest.mark.parametrize("kind", ["ndjson", "har"])
@pytest.mark.parametrize("contract", [FAST, PARSED], ids=["fast-path", "parsed"])
def test_c_counts_a_capture_as_python_does(
    generated: dict[str, Path], kind: str, contract: Contract
) -> None:
    records = records_of(generated[kind])
    in_c = counted(contract, records, native=True)
    in_python = counted(contract, records, native=False)
    assert in_c == in_python  # every count, and the drift and its times kept for --suggest
    assert sum(in_c.fields) > 0
    assert sum(in_c.values) > 0
    assert sum(in_c.pairs) > 0
    assert in_c.observed_fields
    assert in_c.observed_values


def walked(bodies: list[tuple[str, bytes]], *, native: bool) -> Tally:
    """Each body as ``Contract._json`` hands it on: decoded when the fast path accepts it,
    else parsed."""
    tally = PLAN.tally()
    observe, observe_typed = tally.observers(PLAN, native=native)
    decoders = FAST.fast_path()
    for side, raw in bodies:
        where = REQUEST if side == "request" else RESPONSE
        try:
            decoded = decoders[where](raw)
        except Exception:
            observe(side, where, orjson.loads(raw))
        else:
            observe_typed(side, where, decoded)
    return PLAN.flush(tally)


BODIES = st.lists(
    st.one_of(
        st.tuples(st.just("request"), mst.job_searches(drift=True).map(orjson.dumps)),
        st.tuples(
            st.just("response"), mst.list_training_jobs_responses(drift=True).map(orjson.dumps)
        ),
        st.tuples(
            st.just("request"),
            mst.job_search_mutations().map(lambda m: orjson.dumps(m[0])),
        ),
        st.tuples(
            st.just("response"),
            mst.list_training_jobs_response_mutations().map(lambda m: orjson.dumps(m[0])),
        ),
        st.tuples(
            st.sampled_from(["request", "response"]),
            st.recursive(
                st.none()
                | st.booleans()
                | st.integers(-(2**63), 2**64 - 1)  # what orjson writes
                | st.floats(allow_nan=False)
                | st.text(),
                lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
                max_leaves=8,
            ).map(orjson.dumps),
        ),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BODIES)
def test_c_counts_any_body_as_python_does(bodies: list[tuple[str, bytes]]) -> None:
    assert walked(bodies, native=True) == walked(bodies, native=False)


# -- the extension on its own ------------------------------------------------------------------


class Job(msgspec.Struct):
    name: str
    kind: str | msgspec.UnsetType = msgspec.UNSET
    tags: list[Any] | msgspec.UnsetType = msgspec.UNSET


def walker(program: list[Any], other: Any = None) -> Any:
    return _counting.Walker(program, 4, 1, msgspec.UNSET, other or (lambda node, value: None))


def test_a_walker_counts_masks_values_and_items() -> None:
    program = [
        ("struct", 7, Job, ("kind", "tags"), (("kind", 1), ("tags", 2)), None),
        ("value", 8, {"a": 0, "b": 3}, True),
        ("list", 1),
    ]
    others: list[tuple[int, Any]] = []
    w = walker(program, lambda node, value: others.append((node, value)))
    for job in [Job("x"), Job("y", "a"), Job("z", "c", ["b", None, "a", "q", 5])]:
        w.walk(0, job)
    masks, values, pairs = w.drain()
    # bit 0: kind absent, bit 1: tags absent
    assert sorted(masks) == [(7, 0, 1), (7, 2, 1), (7, 3, 1)]
    assert values == [(0, 2), (3, 1)]
    assert pairs == []
    assert others == [(8, "c"), (8, "q")]  # open: undocumented strings, not the number 5
    assert w.drain() == ([], [], [])  # drained counts are forgotten


@pytest.mark.parametrize(
    ("program", "error"),
    [
        ([("nothing", 1)], ValueError),
        ([()], ValueError),
        ([("list", 5)], ValueError),
        ([("list", -1)], ValueError),
        ([("struct", 1, Job, ("missing",), (), None)], AttributeError),
        ([("struct", 1, Job, ("__init__",), (), None)], TypeError),
        ([("struct", 1, Job, (), (("name", 9),), None)], ValueError),
        ([("struct", 1, Job, (), (), ("name", "kind", "not a dict"))], ValueError),
        ([("struct", 1, "Job", (), (), None)], TypeError),
        ([("call", "not callable")], ValueError),
        ([("parsed", 1, {}, (), None, None, None, False)], TypeError),  # no counters
        ([("parsed", 1, [], (), None, None, None, False)], ValueError),
    ],
)
def test_a_bad_program_is_refused(program: list[Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        walker(program)


def test_a_value_of_another_class_is_refused_not_read() -> None:
    w = walker([("struct", 1, Job, ("kind",), (), None), ("list", 0)])
    with pytest.raises(TypeError, match=r"expected .*Job, got dict"):
        w.walk(0, {"name": "x"})
    with pytest.raises(TypeError, match="expected a list, got Job"):
        w.walk(1, Job("x"))
    with pytest.raises(ValueError, match="step 2 out of range"):
        w.walk(2, Job("x"))


def test_a_callback_cannot_re_enter_or_drain_its_walker() -> None:
    calls: list[str] = []

    def reenter(value: Any) -> None:
        for attempt in (lambda: w.walk(0, value), w.drain, lambda: w.__init__([], 0, 0, 1, 2)):
            try:
                attempt()
            except RuntimeError as e:
                calls.append(str(e))

    w = walker([("call", reenter)])
    w.walk(0, "x")
    assert calls == ["coverage: the walker is walking"] * 3
    unmade = _counting.Walker.__new__(_counting.Walker)
    with pytest.raises(RuntimeError, match="no program"):
        unmade.walk(0, 1)
    assert unmade.drain() == ([], [], [])


def test_an_exception_in_a_callback_propagates_and_the_walker_recovers() -> None:
    def failing(value: Any) -> None:
        raise KeyError(value)

    w = walker([("list", 1), ("call", failing)])
    with pytest.raises(KeyError):
        w.walk(0, ["boom"])
    w.walk(0, [])  # not left walking


def test_walking_keeps_no_memory_from_one_body_to_the_next(generated: dict[str, Path]) -> None:
    records = records_of(generated["ndjson"])
    counted(FAST, records, native=True)  # warm: programs, caches, interned shapes
    tracemalloc.start()
    try:
        counted(FAST, records, native=True)
        gc.collect()  # a walker and its C walkers hold each other: freed by the collector
        first, _ = tracemalloc.get_traced_memory()
        for _ in range(3):
            counted(FAST, records, native=True)
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert after - first < 64 * 1024, (first, after)
