"""Coverage counted from the parsed bodies: exact counts on a small capture worked out by hand,
and tallies that add up however the capture is split."""

from __future__ import annotations

import json
from typing import Any

import pytest
from modelarts_validators.capture.records import Unreadable
from modelarts_validators.capture.sources import iter_records
from modelarts_validators.contract.model import Exchange
from modelarts_validators.report.coverage import coverage_document
from modelarts_validators.run import coverage as coverage_module
from modelarts_validators.run.coverage import Tally, counting, plan_for

from tests.support.cli import DATA, OK_RESPONSE, URL, cached_load

SMALL = DATA / "coverage" / "small.ndjson"
CONTRACT = cached_load()
JOB_SEARCHES = ("components", "schemas", "JobSearches")


def exchanges() -> list[Exchange]:
    return [r for r in iter_records([str(SMALL)]) if not isinstance(r, Unreadable)]


def tally_of(records: list[Exchange]) -> Tally:
    tally = plan_for(CONTRACT).tally()
    check = counting(CONTRACT, tally)
    for record in records:
        check(record)
    return plan_for(CONTRACT).flush(tally)


def seen(document: dict[str, Any], side: str, category: str) -> dict[Any, int]:
    rows = document[side][category]
    if category == "values":
        return {(r["pointer"], r["value"]): r["seen"] for r in rows if r["seen"]}
    if category == "fields":
        return {r["pointer"]: r["seen"] for r in rows if r["seen"]}
    return {tuple(v for k, v in r.items() if k != "seen"): r["seen"] for r in rows}


def test_small_capture_counts_what_was_worked_out_by_hand() -> None:
    document = coverage_document(plan_for(CONTRACT), tally_of(exchanges()))
    assert document["exchanges"] == 2  # the GET of other traffic is not counted
    assert seen(document, "request", "fields") == {
        "/limit": 2,
        "/order": 2,
        "/sort_by": 1,
        "/filters": 1,
        "/filters/*/key": 2,  # 'colour' is an undocumented value of a documented field
        "/filters/*/operator": 2,
        "/filters/*/value": 2,
    }
    assert seen(document, "response", "fields") == {
        "/total": 1,
        "/count": 1,
        "/items": 1,
        "/items/*/kind": 2,
        "/items/*/status": 2,
        "/items/*/status/phase": 2,  # 'Runing' counts the field, not a value
        "/error_code": 1,
        "/error_msg": 1,
    }
    assert seen(document, "request", "values") == {
        ("/order", "asc"): 2,
        ("/sort_by", "create_time"): 1,
        ("/filters/*/key", "phase"): 1,
        ("/filters/*/operator", "in"): 1,
        ("/filters/*/operator", "like"): 1,
    }
    assert seen(document, "response", "values") == {
        ("/items/*/kind", "job"): 2,
        ("/items/*/status/phase", "Running"): 1,
    }
    assert seen(document, "response", "statuses") == {("200",): 1, ("4XX",): 1, ("5XX",): 0}
    assert seen(document, "request", "media_types") == {
        ("application/json",): 1,
        ("application/json;charset=utf-8",): 1,
    }
    assert seen(document, "response", "media_types") == {
        ("200", "application/json"): 1,
        ("4XX", "application/json"): 1,
        ("5XX", "application/json"): 0,
    }
    # the request documents 9 fields (offset, limit, sort_by, order, group_by, filters and the
    # filter's key, operator, value) and 14 values (sort_by 1, order 2, key 7, operator 4)
    assert len(document["request"]["fields"]) == 9
    assert len(document["request"]["values"]) == 14
    summary = document["summary"]
    assert summary["fields"] == {"covered": 15, "total": 249, "percent": 6.0}
    assert summary["values"] == {"covered": 7, "total": 68, "percent": 10.3}
    assert summary["statuses"] == {"covered": 2, "total": 3, "percent": 66.7}
    assert summary["media_types"] == {"covered": 4, "total": 5, "percent": 80.0}
    assert summary["overall"] == {"covered": 28, "total": 325, "percent": 8.6}


def test_undocumented_fields_and_values_are_kept_apart() -> None:
    tally = tally_of(exchanges())
    status = ("components", "schemas", "Status")
    assert dict(tally.observed_fields) == {("response", status, "retention_time"): 1}
    assert tally.observed_field_types == {("response", status, "retention_time"): {"integer"}}
    key = ("components", "schemas", "Filter", "properties", "key")
    phase = (*status, "properties", "phase")
    assert dict(tally.observed_values) == {
        ("request", key, "colour"): 1,
        ("response", phase, "Runing"): 1,
    }


def test_tallies_of_parts_add_up_to_the_whole() -> None:
    records = exchanges()
    whole = tally_of(records)
    for cut in range(len(records) + 1):
        merged = tally_of(records[:cut])
        merged.merge(tally_of(records[cut:]))
        assert merged == whole
    # unflushed tallies (as workers hand them back) add up too
    plan = plan_for(CONTRACT)
    parts = [plan.tally() for _ in records]
    for part, record in zip(parts, records, strict=True):
        counting(CONTRACT, part)(record)
    total = plan.tally()
    for part in parts:
        total.merge(part)
    assert plan.flush(total) == whole


def test_observing_leaves_the_contract_as_it_was() -> None:
    calls: list[str] = []
    observed = CONTRACT.observing(lambda side, schema, value: calls.append(side))
    record = exchanges()[0]
    assert observed.check_exchange(record) == CONTRACT.check_exchange(record)
    assert calls == ["request", "response"]
    assert CONTRACT.observe is None


def test_filter_keys_are_counted_by_operator() -> None:
    # issue 17: Filter.key by operator; the 'colour' filter (an undocumented key, operator
    # 'like') is no documented pair. Listed apart: the categories' numbers above are unchanged.
    document = coverage_document(plan_for(CONTRACT), tally_of(exchanges()))
    rows = document["request"]["pairs"]
    assert len(rows) == 7 * 4  # the documented keys by the four operators
    assert {(r["pointer"], r["key"], r["operator"]): r["seen"] for r in rows if r["seen"]} == {
        ("/filters/*", "phase", "in"): 1
    }
    assert rows[0] == {
        "pointer": "/filters/*",
        "key": "name",
        "operator": "between",
        "seen": 0,
        "schema_pointer": "#/components/schemas/Filter",
    }
    assert document["response"]["pairs"] == []
    assert document["summary"]["pairs"] == {"covered": 1, "total": 28, "percent": 3.6}
    assert document["summary"]["overall"] == {"covered": 28, "total": 325, "percent": 8.6}


def _with_undocumented(index: int, value: str = "") -> Exchange:
    from modelarts_validators import Request, Response

    body = {"limit": 10, f"extra_{index}": 1, "filters": [
        {"key": value or f"key_{index}", "operator": "in", "value": []}]}  # fmt: skip
    return Exchange(
        Request({"content-type": "application/json", "x-auth-token": "t"},
                json.dumps(body).encode(), "POST", URL),
        Response({"content-type": "application/json"}, OK_RESPONSE.encode(), 200),
        index,
    )  # fmt: skip


def test_undocumented_names_and_values_beyond_the_limit_are_counted_not_listed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(coverage_module, "MAX_OBSERVED", 3)
    records = [_with_undocumented(index) for index in range(5)]
    records.append(_with_undocumented(0))  # listed already: counted with it
    tally = tally_of(records)
    assert [key[2] for key in tally.observed_fields] == ["extra_0", "extra_1", "extra_2"]
    assert tally.observed_fields[("request", JOB_SEARCHES, "extra_0")] == 2
    assert [key[2] for key in tally.observed_values] == ["key_0", "key_1", "key_2"]
    assert (tally.unrecorded_fields, tally.unrecorded_values) == (2, 2)
    assert set(tally.observed_field_types) == set(tally.observed_fields)
    # parts list the same names and count every occurrence; beyond the limit, an occurrence of a
    # listed name that a part met when it was full itself is counted unlisted
    for cut in range(len(records) + 1):
        merged = tally_of(records[:cut])
        merged.merge(tally_of(records[cut:]))
        assert list(merged.observed_fields) == list(tally.observed_fields)
        assert list(merged.observed_values) == list(tally.observed_values)
        assert merged.observed_fields.total() + merged.unrecorded_fields == 6
        assert merged.observed_values.total() + merged.unrecorded_values == 6
        assert (merged.fields, merged.values) == (tally.fields, tally.values)
    from modelarts_validators.report.overlay import suggestion_overlay

    overlay = suggestion_overlay(plan_for(CONTRACT), tally)
    assert overlay["x-unrecorded"]["fields"] == 2
    assert len(overlay["actions"]) == 6


def test_the_overlay_of_a_tally_not_yet_drained_names_every_exchange() -> None:
    # the conforming exchanges of the contract's plans are counted aside, and added when the
    # tally is drained: a report read straight from the tally drains it first
    from modelarts_validators.report.overlay import suggestion_overlay

    from tests.contract.test_exchange_plans import exchange

    plan = plan_for(CONTRACT)
    tally = plan.tally()
    check = counting(CONTRACT, tally)
    for entry in range(200):
        assert check(exchange(entry=entry)) == []
    assert tally.exchanges < 200  # (counted aside, or nothing here is tested)
    overlay = suggestion_overlay(plan, tally)
    assert overlay["info"]["version"].endswith("+observed.200")
    assert tally.exchanges == 200
    assert sum(tally.statuses) == 200
