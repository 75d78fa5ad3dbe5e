"""Closing the loop: the overlay ``--suggest`` writes, applied to the spec by the pinned overlay
tool (``make apply-overlay``: openapi-format, then the ``lint-spec`` linters), gives a spec under
which the same traffic shows no drift, nothing else changes, and coverage lists what the
overlay recorded as ``x-observed``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.cli import DATA, OK_RESPONSE, TRAFFIC, URL, cli

ROOT = Path(__file__).resolve().parents[2]
CAPTURES = (TRAFFIC / "valid" / "sdk-mitmproxy.har", DATA / "coverage" / "small.ndjson")
DRIFT = {"undocumented-field", "undocumented-value"}
SPEC = "openapi/training-job-searches.yaml"


def make(*argv: str) -> subprocess.CompletedProcess[str]:
    # -o: the set-up stamps count as done (the suite runs inside the set-up it made)
    command = ["make", "--no-print-directory", "-o", ".venv/.installed"]
    command += ["-o", "node_modules/.installed", *argv]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("overlay")
    overlay = folder / "suggest.yaml"
    assert cli("traffic", *CAPTURES, "--suggest", overlay).code == 0
    spec = folder / "merged.json"
    result = make("apply-overlay", f"OVERLAY={overlay}", f"MERGED_SPEC={spec}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Your API description is valid" in result.stdout + result.stderr  # Redocly lint
    return overlay, spec


def check_applied(overlay: Path, merged: Path) -> subprocess.CompletedProcess[str]:
    """``scripts/overlay_apply.py applied``: whether ``merged`` has what ``overlay`` updates."""
    script = [sys.executable, str(ROOT / "scripts" / "overlay_apply.py")]
    command = [*script, "applied", str(overlay), str(ROOT / SPEC), str(merged)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def findings_of(capture: Path, *argv: str | Path) -> list[dict[str, Any]]:
    report = json.loads(cli("traffic", "--format", "json", *argv, capture).stdout)
    return list(report["findings"])


def findings(*argv: str | Path) -> list[dict[str, Any]]:
    report = json.loads(cli("traffic", "--format", "json", *argv, *CAPTURES).stdout)
    return list(report["findings"])


def test_the_merged_spec_only_adds_the_observed_extensions(merged: tuple[Path, Path]) -> None:
    overlay, spec = merged
    original = yaml.safe_load((ROOT / "openapi" / "training-job-searches.yaml").read_text())
    applied = json.loads(spec.read_text())
    added: list[tuple[str, str]] = []

    def strip(node: Any, where: str) -> Any:
        if isinstance(node, dict):
            kept = {}
            for key, value in node.items():
                if key in ("x-observed-properties", "x-observed-values"):
                    added.append((where, key))
                else:
                    kept[key] = strip(value, f"{where}/{key}")
            return kept
        if isinstance(node, list):
            return [strip(item, where) for item in node]
        return node

    assert strip(applied, "") == original
    targets = {a["target"] for a in yaml.safe_load(overlay.read_text())["actions"]}
    assert len(added) == len(targets) == 5


def test_drift_is_gone_and_nothing_else_changed(merged: tuple[Path, Path]) -> None:
    _, spec = merged
    before = findings()
    after = findings("--spec", spec)
    assert {f["kind"] for f in before} == DRIFT  # the captures hold drift and nothing else
    assert len(before) == 9
    assert after == [f for f in before if f["kind"] not in DRIFT]


def test_coverage_lists_the_observed_fields_and_values(
    merged: tuple[Path, Path], tmp_path: Path
) -> None:
    _, spec = merged
    plain, known = tmp_path / "plain.json", tmp_path / "known.json"
    cli("traffic", *CAPTURES, "--coverage", plain)
    cli("traffic", "--spec", spec, *CAPTURES, "--coverage", known)
    before, after = json.loads(plain.read_text()), json.loads(known.read_text())
    assert after["summary"] == before["summary"]  # the documented contract is what is counted
    observed = {
        (side, row["pointer"], row.get("value"), row["seen"])
        for side in ("request", "response")
        for category in ("fields", "values")
        for row in after[side][category]
        if row.get("x-observed")
    }
    assert observed == {
        ("request", "/train_type", None, 1),
        ("request", "/workspace_id", None, 1),
        ("request", "/filters/*/key", "colour", 2),
        ("response", "/items/*/metadata/training_experiment_reference", None, 1),
        ("response", "/items/*/status/retention_time", None, 2),
        ("response", "/items/*/status/phase", "Runing", 2),
    }
    again = tmp_path / "again.yaml"
    assert cli("traffic", "--spec", spec, *CAPTURES, "--suggest", again).code == 0
    actions = yaml.safe_load(again.read_text())["actions"]
    assert [a["description"] for a in actions] == ["no drift was observed"]


def test_a_broken_overlay_stops_the_target_with_its_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("overlay: 1.0.0\nactions: [\n")
    spec = tmp_path / "merged.json"
    result = make("apply-overlay", f"OVERLAY={broken}", f"MERGED_SPEC={spec}")
    assert result.returncode != 0
    assert f"apply-overlay: {broken} is not an Overlay 1.0 document: " in result.stderr
    assert "expected the node content" in result.stderr  # the parser's own words
    assert not spec.exists()
    no_actions = tmp_path / "none.yaml"
    no_actions.write_text("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []\n")
    result = make("apply-overlay", f"OVERLAY={no_actions}", f"MERGED_SPEC={spec}")
    assert result.returncode != 0
    assert "[] should be non-empty" in result.stderr


def _exchange(body: dict[str, Any]) -> str:
    record = {
        "request": {
            "method": "POST",
            "url": URL,
            "headers": {"Content-Type": "application/json", "X-Auth-Token": "redacted"},
            "body": json.dumps(body),
        },
        "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                     "body": OK_RESPONSE},
    }  # fmt: skip
    return json.dumps(record) + "\n"


def test_names_yaml_or_openapi_format_would_misread_are_applied(tmp_path: Path) -> None:
    # a member named "$ref" (openapi-format drops every action of a YAML overlay holding one),
    # and a value YAML 1.2 reads as a number
    capture = tmp_path / "odd.ndjson"
    body = {"limit": 10, "$ref": "x", "filters": [{"key": "1e3", "operator": "in", "value": []}]}
    capture.write_text(_exchange(body))
    kinds = {f["kind"] for f in findings_of(capture)}
    assert kinds == DRIFT
    overlay, spec = tmp_path / "odd.yaml", tmp_path / "merged.json"
    assert cli("traffic", capture, "--suggest", overlay).code == 0
    result = make("apply-overlay", f"OVERLAY={overlay}", f"MERGED_SPEC={spec}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert findings_of(capture, "--spec", spec) == []


def test_an_action_that_selects_nothing_is_a_warning(tmp_path: Path) -> None:
    overlay, spec = tmp_path / "none.yaml", tmp_path / "merged.json"
    overlay.write_text(
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n"
        "- target: $.components.schemas.Nothing\n  update: {x-observed-values: {a: {count: 1}}}\n"
    )
    result = make("apply-overlay", f"OVERLAY={overlay}", f"MERGED_SPEC={spec}")
    assert result.returncode == 0, result.stdout + result.stderr
    warning = f"apply-overlay: warning: $.components.schemas.Nothing selects nothing in {SPEC}"
    assert warning in result.stderr.splitlines()


def test_an_action_the_tool_did_not_apply_stops_the_target(tmp_path: Path) -> None:
    overlay = tmp_path / "o.json"
    target = "$.components.schemas.Status.properties.phase"
    update = {"x-observed-values": {"Hibernating": {"count": 1}}}
    overlay.write_text(json.dumps({"overlay": "1.0.0", "actions": [
        {"target": target, "update": update},
        {"target": "$['components']['schemas']['Filter']", "update": {"x-a": [1, 2]}},
    ]}))  # fmt: skip
    original = yaml.safe_load((ROOT / SPEC).read_text())
    merged = tmp_path / "merged.json"
    applied = json.loads(json.dumps(original))
    applied["components"]["schemas"]["Filter"]["x-a"] = [2, 1]  # the second action only
    merged.write_text(json.dumps(applied))
    result = check_applied(overlay, merged)
    assert result.returncode == 2
    assert result.stderr == (
        "apply-overlay: openapi-format did not apply 1 of the 2 actions checked (the first:"
        f" {target}); nothing was written\n"
    )
    assert not merged.exists()
    applied["components"]["schemas"]["Status"]["properties"]["phase"].update(update)
    merged.write_text(json.dumps(applied))
    result = check_applied(overlay, merged)
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.parametrize(
    ("later", "description"),
    [
        ({"update": {"description": "Final wording."}}, "Final wording."),  # the last one wins
        ({"remove": True}, None),  # removed after it was updated
    ],
)
def test_an_action_a_later_one_overrides_is_not_a_failure(
    tmp_path: Path, later: dict[str, Any], description: str | None
) -> None:
    target = "$.components.schemas.Status"
    overlay = tmp_path / "o.json"
    overlay.write_text(json.dumps({"overlay": "1.0.0", "actions": [
        {"target": target, "update": {"description": "first draft", "x-a": 1}},
        {"target": target, **later},
    ]}))  # fmt: skip
    applied = yaml.safe_load((ROOT / SPEC).read_text())
    if description is None:
        del applied["components"]["schemas"]["Status"]
    else:
        applied["components"]["schemas"]["Status"].update(description=description, **{"x-a": 1})
    merged = tmp_path / "merged.json"
    merged.write_text(json.dumps(applied))
    result = check_applied(overlay, merged)
    assert (result.returncode, result.stderr) == (0, "")
    assert merged.exists()


def test_a_large_overlay_is_read_in_linear_time_and_a_repeated_action_refused(
    tmp_path: Path,
) -> None:
    actions = [
        {"target": "$.components.schemas.Status", "update": {"x-observed-values": {f"v{i}": {}}}}
        for i in range(6_000)  # (every pair compared: about 5 minutes; by hashing: seconds)
    ]
    overlay = tmp_path / "large.json"
    overlay.write_text(json.dumps({"overlay": "1.0.0", "info": {"title": "t", "version": "1"},
                                   "actions": actions}))  # fmt: skip
    script = [sys.executable, str(ROOT / "scripts" / "overlay_apply.py"), "read"]
    read = subprocess.run(
        [*script, str(overlay), str(tmp_path / "out.json")],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert (read.returncode, read.stderr) == (0, "")
    overlay.write_text(json.dumps({"overlay": "1.0.0", "info": {"title": "t", "version": "1"},
                                   "actions": [actions[0], actions[1], actions[0]]}))  # fmt: skip
    again = subprocess.run(
        [*script, str(overlay), str(tmp_path / "out.json")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert again.returncode == 2
    assert again.stderr.startswith(f"apply-overlay: {overlay} is not an Overlay 1.0 document: ")
    assert "is a second copy of an action" in again.stderr
