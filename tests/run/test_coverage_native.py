"""Coverage counted in C (``run/_counting.c``) counts exactly what the Python walks count: on a
realistic capture (decoded and parsed bodies) and on generated bodies with drift and with one
thing broken (decoded types the walk does not follow: ``test_coverage_typed``). The extension refuses a bad
program and a re-entrant call with an exception, and keeps no memory from one body to the next.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import msgspec
import orjson
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from modelarts_validators import strategies as mst
from modelarts_validators.contract.contract import Contract
from modelarts_validators.contract.model import Exchange
from modelarts_validators.contract.pointers import Location
from modelarts_validators.run import _counting
from modelarts_validators.run import coverage as coverage_module
from modelarts_validators.run.coverage import Tally, counting, plan_for

from tests.support.captures import bench_capture_300, records_of
from tests.support.cli import cached_load, cli

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "training-job-searches.yaml"
FAST = cached_load()
FAST.fast_path()
PARSED = Contract.load(fast=False)
PLAN = plan_for(FAST)
REQUEST: Location = next(loc for (side, loc) in PLAN.roots if side == "request")
RESPONSE: Location = next(loc for (side, loc) in PLAN.roots if side == "response" and "200" in loc)


def test_the_validators_here_are_built_with_their_c_extension() -> None:
    # `make setup` builds it (setup.py); without a C compiler it is left out and coverage
    # counts in Python: never on the machines this project is tested on
    assert coverage_module.NATIVE, "run/_counting.c was not built: a C compiler is needed"


@pytest.fixture(scope="module")
def generated(request: pytest.FixtureRequest) -> dict[str, Path]:
    return bench_capture_300(request)


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


def walked(
    bodies: list[tuple[str, bytes]], *, native: bool, judging: bool = False, errors: bool = False
) -> Tally:
    """Each body as ``Contract._json`` hands it on when coverage counts: to the counting judge
    first (with ``judging``, which counts in C: ``native``), then decoded when the fast path
    accepts it, else parsed. With ``errors`` too, a body the judge refuses goes to its
    ``errors`` (``Contract._refused``), which counts it from its bytes when it records all its
    failures; else it is parsed."""
    tally = PLAN.tally()
    observe, observe_typed, judge_of = tally.counters(PLAN, native=native)
    decoders = FAST.fast_path()
    judges: dict[str, Any] = {}
    for side, raw in bodies:
        where = REQUEST if side == "request" else RESPONSE
        if judging:
            assert judge_of is not None
            if side not in judges:
                judges[side] = judge_of(side, where, FAST._kinds[where])
                assert judges[side] is not None
            if judges[side](raw):
                continue
            if errors:
                if judges[side].errors(raw) is None:
                    observe(side, where, orjson.loads(raw))
                continue
        try:
            decoded = decoders[where](raw)
        except Exception:
            observe(side, where, orjson.loads(raw))
        else:
            observe_typed(side, where, decoded)
    return PLAN.flush(tally)


def _written(value: Any) -> bytes | None:
    """``value`` as orjson writes it; None for what it cannot write (a mutation's integer
    beyond 64 bits: no orjson-parsed body holds one)."""
    try:
        return orjson.dumps(value)
    except TypeError:
        return None


def _mutated(mutations: st.SearchStrategy[Any]) -> st.SearchStrategy[bytes | None]:
    return mutations.map(lambda m: _written(m[0])).filter(lambda raw: raw is not None)


BODIES = st.lists(
    st.one_of(
        st.tuples(st.just("request"), mst.job_searches(drift=True).map(orjson.dumps)),
        st.tuples(
            st.just("response"), mst.list_training_jobs_responses(drift=True).map(orjson.dumps)
        ),
        st.tuples(st.just("request"), _mutated(mst.job_search_mutations())),
        st.tuples(st.just("response"), _mutated(mst.list_training_jobs_response_mutations())),
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


# -- what a hostile tester found ---------------------------------------------------------------


def _spec_with(tmp_path: Path, change: Any) -> Contract:
    document = yaml.safe_load(SPEC.read_text())
    change(document["components"]["schemas"])
    written = tmp_path / "spec.yaml"
    written.write_text(yaml.safe_dump(document, sort_keys=False))
    return Contract.load(written)


def test_an_object_with_more_optional_fields_than_a_mask_has_bits_is_counted_in_python(
    generated: dict[str, Path], tmp_path: Path
) -> None:
    # a spec whose request object has 64 more optional fields: the run used to stop with
    # "coverage: more than 63 optional fields" once the fast path was translated
    def widen(schemas: dict[str, Any]) -> None:
        for i in range(64):
            schemas["JobSearches"]["properties"][f"extra_{i}"] = {"type": "string"}

    contract = _spec_with(tmp_path, widen)
    records = records_of(generated["ndjson"])
    assert counted(contract, records, native=True) == counted(contract, records, native=False)


def test_null_items_of_a_nullable_object_type_count_the_same(
    generated: dict[str, Path], tmp_path: Path
) -> None:
    # the Python typed walk called the items' walk on None (AttributeError); C skips it
    def nullable(schemas: dict[str, Any]) -> None:
        schemas["AutoSearchAlgoConfig"]["type"] = ["object", "null"]

    contract = _spec_with(tmp_path, nullable)
    plan = plan_for(contract)
    where = next(loc for (side, loc) in plan.roots if side == "response" and "200" in loc)
    bodies = (r.response.body for r in records_of(generated["ndjson"]) if r.response is not None)
    body = next(json.loads(b) for b in bodies if b is not None and b'"items":[{' in b)
    body["items"][0]["algorithm"]["policies"] = {
        "auto_search": {"algo_configs": [None, {"name": "x"}, None]}
    }
    decoded = contract.fast_path()[where](orjson.dumps(body))
    tallies = []
    for native in (True, False):
        tally = plan.tally()
        tally.observers(plan, native=native)[1]("response", where, decoded)
        tallies.append(plan.flush(tally))
    assert tallies[0] == tallies[1]
    assert sum(tallies[0].fields) > 0


def test_masks_held_in_c_are_drained_past_a_bound(
    generated: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # objects whose optional fields vary every way used to grow the C tables without bound
    monkeypatch.setattr(coverage_module, "_MAX_HELD_MASKS", 3)
    drains = 0
    drain = coverage_module._Walker.drain

    def counting_drains(self: Any) -> None:
        nonlocal drains
        drains += 1
        drain(self)

    monkeypatch.setattr(coverage_module._Walker, "drain", counting_drains)
    records = records_of(generated["ndjson"])
    in_c = counted(FAST, records, native=True)
    walked_drains = drains
    assert in_c == counted(FAST, records, native=False)
    assert walked_drains > 10  # drained while walking, not only when the tally was read


def test_a_drained_walker_lets_its_masks_go() -> None:
    w = walker([("struct", 7, Job, ("kind", "tags"), (), None)])
    assert [w.walk(0, job) for job in (Job("x"), Job("y", "a"), Job("z", "b"))] == [1, 2, 2]
    w.drain()
    assert w.walk(0, Job("x")) == 1  # the tables were let go, not only zeroed


@pytest.mark.parametrize(
    "code",
    [
        # a first make that fails part way
        "w = Walker.__new__(Walker)\n"
        "try: w.__init__([('list', 1), ('bogus', 0)], 0, 0, UNSET, other)\n"
        "except ValueError: pass\n"
        "w.walk(0, [5])",
        # a walker made again with a bad step
        "w = Walker([('struct', 1, Job, ('kind',), (('kind', 1),), None),"
        " ('value', 2, {'a': 0}, True)], 1, 0, UNSET, other)\n"
        "w.walk(0, Job('x', 'a'))\n"
        "try: w.__init__([('struct', 1, Job, ('missing',), (('kind', 0),), None)],"
        " 1, 0, UNSET, other)\n"
        "except AttributeError: pass\n"
        "w.walk(0, Job('x', 'a'))",
    ],
    ids=["first-make", "made-again"],
)
def test_a_walker_whose_make_failed_has_no_program(code: str) -> None:
    # it used to walk the steps it had half made: a segmentation fault (in a child process)
    done = _child(code)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().endswith("RuntimeError: coverage: the walker has no program")


def test_a_program_changed_while_it_is_made_is_read_as_it_was() -> None:
    code = (
        "class Meta(type):\n"
        "    def __getattribute__(cls, name):\n"
        "        program.clear()\n"
        "        return type.__getattribute__(cls, name)\n"
        "class J(metaclass=Meta):\n"
        "    __slots__ = ('a',)\n"
        "program = [('struct', 1, J, ('a',), (), None)] + [('list', 0)] * 10\n"
        "w = Walker(program, 0, 0, UNSET, other)\n"
        "print(program, w.walk(1, []))"
    )
    done = _child(code)
    assert (done.returncode, done.stdout) == (0, "[] 0\n"), done.stderr


def _child(code: str) -> subprocess.CompletedProcess[str]:
    prelude = (
        "import msgspec\n"
        "from msgspec import UNSET\n"
        "from modelarts_validators.run._counting import Walker\n"
        "class Job(msgspec.Struct):\n"
        "    name: str\n"
        "    kind: str | msgspec.UnsetType = msgspec.UNSET\n"
        "other = lambda node, value: None\n"
    )
    return subprocess.run(
        [sys.executable, "-c", prelude + code], capture_output=True, text=True, timeout=60
    )


def test_a_run_over_many_inputs_counts_with_one_walker(
    generated: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # each input used to get its own walker, all kept by the tally: memory and time grew with
    # the number of files
    made = 0
    counting_of = coverage_module.counting

    def spy(*args: Any, **kwargs: Any) -> Any:
        nonlocal made
        made += 1
        return counting_of(*args, **kwargs)

    monkeypatch.setattr(coverage_module, "counting", spy)
    lines = generated["ndjson"].read_bytes().splitlines(keepends=True)
    inputs = []
    for i in range(3):
        part = tmp_path / f"part-{i}.ndjson"
        part.write_bytes(b"".join(lines[i::3]))
        inputs.append(part)
    written = tmp_path / "coverage.json"
    assert cli("traffic", *inputs, "--coverage", written).code == 1
    assert made == 1
    whole = tmp_path / "whole.json"
    assert cli("traffic", generated["ndjson"], "--coverage", whole).code == 1
    assert json.loads(written.read_text())["summary"] == json.loads(whole.read_text())["summary"]
