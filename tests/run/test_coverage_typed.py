"""Bodies the typed fast path decoded (msgspec Structs) are counted exactly as the same bodies
parsed: the same tallies with the fast path and without it, on a realistic capture, whole,
pickled unflushed (as a worker hands its tally back) and with ``--jobs 2``."""

from __future__ import annotations

import pickle
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from modelarts_validators.contract.contract import Contract
from modelarts_validators.contract.model import Exchange
from modelarts_validators.report.coverage import coverage_document, coverage_json
from modelarts_validators.run import coverage as coverage_module
from modelarts_validators.run.coverage import NATIVE, Tally, counting, plan_for

from tests.support.captures import bench_capture_300, records_of
from tests.support.cli import cached_load, cli

FAST = cached_load()
PARSED = Contract.load(fast=False)  # every body parsed and walked as dicts


@pytest.fixture(scope="module")
def generated(request: pytest.FixtureRequest) -> dict[str, Path]:
    return bench_capture_300(request)


def unflushed(contract: Contract, records: list[Exchange], *, native: bool = NATIVE) -> Tally:
    tally = plan_for(contract).tally()
    check = counting(contract, tally, native=native)
    for record in records:
        check(record)
    return tally


def test_the_capture_has_decoded_and_parsed_bodies(generated: dict[str, Path]) -> None:
    # both walks are exercised below: most bodies decoded, those with drift or errors parsed
    calls: Counter[str] = Counter()

    def parsed(*_: Any) -> None:
        calls["parsed"] += 1

    def decoded(*_: Any) -> None:
        calls["decoded"] += 1

    assert FAST.fast
    assert not PARSED.fast
    observed = FAST.observing(parsed, typed=decoded)
    for record in records_of(generated["ndjson"]):
        observed.check_exchange(record)
    assert calls["decoded"] > 5 * calls["parsed"] > 0


@pytest.mark.parametrize("kind", ["ndjson", "har"])
def test_decoded_bodies_count_as_parsed_ones(generated: dict[str, Path], kind: str) -> None:
    records = records_of(generated[kind])
    fast = plan_for(FAST).flush(unflushed(FAST, records))
    slow = plan_for(PARSED).flush(unflushed(PARSED, records))
    assert fast == slow  # every count, and the drift kept for --suggest
    assert sum(fast.fields) > 0
    assert sum(fast.values) > 0
    assert sum(fast.pairs) > 0
    assert fast.observed_fields
    assert coverage_document(plan_for(FAST), fast) == coverage_document(plan_for(PARSED), slow)


def test_a_tally_pickled_unflushed_keeps_its_counts(generated: dict[str, Path]) -> None:
    records = records_of(generated["ndjson"])
    whole = plan_for(FAST).flush(unflushed(FAST, records))
    half = len(records) // 2
    parts = [unflushed(FAST, records[:half]), unflushed(FAST, records[half:])]
    merged = plan_for(FAST).tally()
    for part in parts:  # as workers hand them back: pickled before anything reads them
        merged.merge(pickle.loads(pickle.dumps(part)))
    assert plan_for(FAST).flush(merged) == whole


@pytest.mark.parametrize("kind", ["ndjson", "har"])
def test_two_jobs_write_what_one_process_counts_parsing_every_body(
    generated: dict[str, Path], kind: str, tmp_path: Path
) -> None:
    written = tmp_path / "coverage.json"
    run = cli("traffic", generated[kind], "--jobs", "2", "--coverage", written)
    assert run.code == 1, run.stderr  # the capture has violations
    tally = plan_for(PARSED).flush(unflushed(PARSED, records_of(generated[kind])))
    assert written.read_text() == coverage_json(coverage_document(plan_for(PARSED), tally))


@pytest.mark.parametrize("native", [True, False], ids=["c", "python"])
def test_decoded_objects_the_walk_does_not_follow_are_walked_as_parsed(
    generated: dict[str, Path], monkeypatch: pytest.MonkeyPatch, native: bool
) -> None:
    # a decoded type that does not follow the plan's tree (not the case with the packaged
    # spec) is walked in its builtin form by the parsed walk: the counts stay the same (in C,
    # a call back into the parsed walk)
    def refusing(node: Any, kind: Any) -> Any:
        name = getattr(getattr(kind, "cls", None), "__name__", "")
        if name.endswith(("JobAlgorithmResponse", "Filter", "Status")):
            return None
        return following(node, kind)

    following = coverage_module._struct_of
    monkeypatch.setattr(coverage_module, "_struct_of", refusing)
    contract = Contract.load()  # its own plan: walks written with the refusal
    records = records_of(generated["ndjson"])
    fast = plan_for(contract).flush(unflushed(contract, records, native=native))
    assert fast == plan_for(PARSED).flush(unflushed(PARSED, records, native=False))
