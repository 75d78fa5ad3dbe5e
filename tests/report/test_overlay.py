"""``--suggest FILE``: an OpenAPI Overlay 1.0.0 document (validated against the published
schema kept in ``tests/data/overlay/``) with one action per drift, only ``x-observed-*``
extensions, the same bytes for the same traffic, updated counts and dates for more."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from modelarts_validators.report.overlay import json_path

from tests.support.cli import DATA, OK_RESPONSE, TRAFFIC, cli

SMALL = DATA / "coverage" / "small.ndjson"
SDK_HAR = TRAFFIC / "valid" / "sdk-mitmproxy.har"
OVERLAY_SCHEMA = json.loads((DATA / "overlay" / "overlay-1.0.schema.json").read_text())


def suggest(tmp_path: Path, name: str, *captures: Path) -> tuple[dict[str, Any], bytes]:
    written = tmp_path / name
    run = cli("traffic", *captures, "--suggest", written)
    assert run.code == 0, run.stderr
    raw = written.read_bytes()
    document = json.loads(raw) if name.endswith(".json") else yaml.safe_load(raw)
    Draft202012Validator(OVERLAY_SCHEMA).validate(document)
    return document, raw


def test_one_action_per_drift_with_types_counts_and_dates(tmp_path: Path) -> None:
    document, _ = suggest(tmp_path, "suggest.yaml", SDK_HAR, SMALL)
    assert document["overlay"] == "1.0.0"
    updates = [(a["target"], a["update"]) for a in document["actions"]]
    sdk_time = "2026-11-27T05:55:33.905Z"  # the HAR's startedDateTime, in UTC
    once = {"count": 1, "first_seen": sdk_time, "last_seen": sdk_time}
    assert updates == [
        (
            "$.components.schemas.JobMetadata",
            {"x-observed-properties": {"training_experiment_reference": {"types": ["object"], **once}}},
        ),
        ("$.components.schemas.JobSearches", {"x-observed-properties": {"train_type": {"types": ["string"], **once}}}),
        ("$.components.schemas.JobSearches", {"x-observed-properties": {"workspace_id": {"types": ["string"], **once}}}),
        # once in the HAR (dated), once in the NDJSON capture (which carries no time)
        (
            "$.components.schemas.Status",
            {"x-observed-properties": {"retention_time": {"types": ["integer"], **once, "count": 2}}},
        ),
        (
            "$.components.schemas.Filter.properties.key",
            {"x-observed-values": {"colour": {"count": 2, "first_seen": "2026-11-27T05:55:33.909Z",
                                              "last_seen": "2026-11-27T05:55:33.909Z"}}},
        ),
        (
            "$.components.schemas.Status.properties.phase",
            {"x-observed-values": {"Runing": {**once, "count": 2}}},
        ),
    ]  # fmt: skip


def test_the_same_traffic_gives_the_same_file_and_more_traffic_updates_it(
    tmp_path: Path,
) -> None:
    _, first = suggest(tmp_path, "a.json", SMALL)
    _, second = suggest(tmp_path, "b.json", SMALL)
    assert first == second
    more, _ = suggest(tmp_path, "c.json", SMALL, SMALL)
    counts = [
        entry["count"]
        for action in more["actions"]
        for extension in action["update"].values()
        for entry in extension.values()
    ]
    assert counts == [2, 2, 2]  # retention_time, colour, Runing: each seen twice now


def test_no_drift_is_still_a_valid_overlay_that_changes_nothing(tmp_path: Path) -> None:
    valid = TRAFFIC / "valid" / "chrome-base64.har"
    document, _ = suggest(tmp_path, "none.yaml", valid)
    assert document["actions"] == [
        {"target": "$.info", "description": "no drift was observed", "update": {}}
    ]


def test_suggestions_never_touch_the_transcription(tmp_path: Path) -> None:
    document, _ = suggest(tmp_path, "s.yaml", SDK_HAR, SMALL)
    for action in document["actions"]:
        assert set(action["update"]) <= {"x-observed-properties", "x-observed-values"}
        assert "remove" not in action


@pytest.mark.parametrize(
    ("location", "path"),
    [
        (("components", "schemas", "Status"), "$.components.schemas.Status"),
        (("paths", "/v2/{project_id}/x", "post"), "$.paths['/v2/{project_id}/x'].post"),
        (("a", "it's", "b\\c"), "$.a['it\\'s']['b\\\\c']"),
    ],
)
def test_targets_are_jsonpaths_of_exactly_that_node(location: tuple[str, ...], path: str) -> None:
    assert json_path(location) == path


def test_an_unwritable_suggest_path_is_exit_2_before_any_work(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "s.yaml"
    run = cli("traffic", SMALL, "--suggest", path)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == f"modelarts-validate: error: cannot write {path}: no such directory\n"


def test_credentials_in_names_and_values_are_redacted(tmp_path: Path) -> None:
    url = "https://modelarts.cn-north-4.myhuaweicloud.com/v2/0b3c1f9e2d4a45f6a7b8c9d0e1f2a3b4/training-job-searches"
    secret = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
    body = {"filters": [{"key": secret, "operator": "in", "value": []}], "token=s3cr3tvalue": 1}
    record = {
        "request": {"method": "POST", "url": url, "headers": {"X-Auth-Token": "t", "Content-Type": "application/json"}, "body": json.dumps(body)},
        "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": OK_RESPONSE},
    }  # fmt: skip
    capture = tmp_path / "secret.ndjson"
    capture.write_text(json.dumps(record) + "\n")
    document, raw = suggest(tmp_path, "s.yaml", capture)
    assert b"eyJ" not in raw
    assert b"s3cr3t" not in raw
    names = [next(iter(next(iter(a["update"].values())))) for a in document["actions"]]
    assert names == ["token=[REDACTED]", "Bearer [REDACTED]"]


@pytest.mark.parametrize(
    "text", ["1e3", "1E-2", "+.5", "0o17", "0x1F", ".inf", "-.Inf", ".NaN", "~", "null", "TRUE",
             "false", "12", "-7", "yes", "2025-01-06T09:00:00Z"],
)  # fmt: skip
def test_a_string_a_yaml_reader_could_take_for_another_type_is_quoted(text: str) -> None:
    from modelarts_validators.report.overlay import overlay_text

    written = overlay_text({"x-observed-values": {text: {"count": 1}}, "value": text}, "s.yaml")
    assert f"'{text}':" in written
    assert f"value: '{text}'" in written
    assert yaml.safe_load(written) == {"x-observed-values": {text: {"count": 1}}, "value": text}
    plain = overlay_text({"value": "Hibernating", "1e3x": 1}, "s.yaml")
    assert plain == "value: Hibernating\n1e3x: 1\n"


def test_an_ndjson_record_s_started_time_dates_its_drift(tmp_path: Path) -> None:
    lines = SMALL.read_text().splitlines()
    first, second = (json.loads(line) for line in lines[:2])
    first["started"] = "2025-01-06T09:00:00+01:00"  # 08:00 UTC
    second["started"] = 12  # not a date: ignored, as a record without one
    capture = tmp_path / "dated.ndjson"
    capture.write_text("\n".join([json.dumps(first), json.dumps(second), *lines[2:]]) + "\n")
    document, raw = suggest(tmp_path, "dated.YAML.JSON", capture)
    assert raw.startswith(b"{\n")  # .JSON, in any case: JSON
    times = {
        name: (seen.get("first_seen"), seen.get("last_seen"))
        for action in document["actions"]
        for observed in action["update"].values()
        for name, seen in observed.items()
    }
    assert times["colour"] == ("2025-01-06T08:00:00.000Z", "2025-01-06T08:00:00.000Z")
    assert set(times.values()) <= {
        ("2025-01-06T08:00:00.000Z", "2025-01-06T08:00:00.000Z"),
        (None, None),
    }
