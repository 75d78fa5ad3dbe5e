"""``modelarts-validate traffic`` as a CI gate, on the captures of ``tests/data/gate/``: servers
with a path prefix, runs that check nothing, baselines (written, read, new / known / resolved,
expired, malformed), rejected requests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from modelarts_validators import Contract
from modelarts_validators.contract.fingerprint import fingerprint_of
from modelarts_validators.run.baseline import DEFAULT_REASON

from tests.support.cli import DATA, cli, json_report, one_line

GATE = DATA / "gate"
GATEWAY = "https://gw.example.com/modelarts"
EMPTY_LINE = "modelarts-validate: error: no exchange of POST /v2/{project_id}/training-job-searches was checked: "


# -- servers -----------------------------------------------------------------------------------


def test_violations_behind_a_prefix_pass_only_when_nothing_is_matched() -> None:
    capture = GATE / "behind-gateway.har"
    unmatched = cli("traffic", capture, "--allow-empty")  # what the run did before servers
    assert unmatched.code == 0
    assert "3 unmatched" in unmatched.stdout
    run, report = json_report("traffic", capture, "--server", GATEWAY)
    assert run.code == 1
    assert [(f["pointer"], f["kind"]) for f in report["findings"]] == [
        ("/limit", "schema-violation"),
        ("/order", "schema-violation"),
    ]
    assert report["summary"]["checked"] == 3
    # scheme, host and port are part of the server
    for other in ("http://gw.example.com/modelarts", "https://gw.example.org/modelarts"):
        assert cli("traffic", capture, "--server", other).code == 1
        assert (
            json_report("traffic", capture, "--server", other, "--allow-empty")[1]["summary"][
                "checked"
            ]
            == 0
        )
    explicit_port = json_report(
        "traffic", capture, "--server", "https://GW.example.com:443/modelarts/"
    )
    assert explicit_port[1]["summary"]["checked"] == 3


def test_servers_in_the_library() -> None:
    contract = Contract.load(servers=[GATEWAY, "http://127.0.0.1:8080"])
    path = "/v2/p1/training-job-searches"
    assert contract.match("POST", f"{GATEWAY}{path}") == "p1"
    assert contract.match("POST", f"http://127.0.0.1:8080{path}?x=1") == "p1"
    assert contract.match("POST", f"https://modelarts.example.com{path}") is None
    assert contract.match("POST", f"{GATEWAY}x{path}") is None  # a prefix ends at a slash
    assert contract.match("POST", f"/modelarts{path}") == "p1"  # a path alone: no host to compare
    assert contract.near_miss("POST", f"https://u:pw@gw.example.com:8443/api{path}") == (
        "https://gw.example.com:8443/api"
    )
    assert Contract.load().match("POST", f"https://any.host{path}") == "p1"


@pytest.mark.parametrize(
    "server",
    ["gw.example.com/modelarts", "ftp://gw.example.com", "https://", "https://h/?q=1",
     "https://h/#f", "https://user:PLANTED@h/", "https://h:99999/"],
)  # fmt: skip
def test_a_server_that_is_not_an_absolute_http_url_is_exit_2(server: str) -> None:
    run = cli("traffic", GATE / "behind-gateway.har", "--server", server)
    assert run.code == 2
    assert run.stderr.splitlines()[-1].startswith(
        "modelarts-validate traffic: error: argument --server: "
    )  # a usage error: usage, then the one line
    assert "Traceback" not in run.stderr
    assert "PLANTED" not in run.stderr
    with pytest.raises(ValueError, match="server"):
        Contract.load(servers=[server])


# -- nothing checked ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("capture", "detail"),
    [
        ("empty.har", "0 entries read, 0 other traffic, 0 unreadable; is the capture empty?"),
        ("other-traffic.har", "2 entries read, 2 other traffic, 0 unreadable; is this a capture"),
        ("behind-gateway.har", f"3 went to its path under {GATEWAY}: name that base with --server"),
    ],
)
def test_a_run_that_checks_nothing_fails_with_one_line(capture: str, detail: str) -> None:
    run, report = json_report("traffic", GATE / capture)
    assert run.code == 1
    assert one_line(run).startswith(EMPTY_LINE)
    assert detail in run.stderr
    assert report["summary"]["nothing_checked"] is True
    text = cli("traffic", GATE / capture)
    assert text.stdout.splitlines()[-1].startswith("result: FAIL (no exchange of POST")
    allowed = cli("traffic", GATE / capture, "--allow-empty")
    assert (allowed.code, allowed.stderr) == (0, "")
    assert allowed.stdout.splitlines()[-1] == "result: OK (nothing checked; --allow-empty)"


# -- baselines ---------------------------------------------------------------------------------


def write(path: Path, entries: list[dict[str, Any]]) -> Path:
    path.write_text(yaml.safe_dump({"version": 1, "entries": entries}, sort_keys=False))
    return path


def test_a_baseline_written_from_one_capture_names_only_the_new_drift_of_the_next(
    tmp_path: Path,
) -> None:
    baseline = tmp_path / "baseline.yaml"
    first = cli("traffic", GATE / "drift-before.har", "--baseline", baseline, "--update-baseline")
    assert first.code == 0
    assert first.stderr == (
        f"modelarts-validate: baseline {baseline} written: 0 entries kept, 4 added\n"
    )
    written = yaml.safe_load(baseline.read_text())
    assert [(e["kind"], e["side"], e["pointer"], e.get("value")) for e in written["entries"]] == [
        ("undocumented-field", "response", "/items/*/metadata/training_experiment_reference", None),
        ("undocumented-value", "response", "/items/*/status/phase", "Runing"),
        ("undocumented-field", "response", "/items/*/status/retention_time", None),
        ("undocumented-field", "request", "/workspace_id", None),
    ]
    assert {e["reason"] for e in written["entries"]} == {DEFAULT_REASON}
    # a team edits the file: a reason of its own, and an entry nothing will match
    entries = written["entries"]
    entries[0]["reason"] = "the SDK sends it"
    gone = {"kind": "undocumented-field", "side": "response", "pointer": "/items/*/gone",
            "schema_pointer": "#/components/schemas/Status/properties", "reason": "old drift"}  # fmt: skip
    write(baseline, [*entries, gone])

    run, report = json_report(
        "traffic", GATE / "drift-after.har", "--baseline", baseline, "--strict"
    )
    assert run.code == 1  # strict: new drift is an error; only the new field is reported
    assert {f["pointer"] for f in report["findings"]} == {"/items/0/spec/runtime_type"}
    assert len(report["findings"]) == 2  # on both exchanges
    summary = report["summary"]
    assert summary["baseline"]["new"] == 2
    assert summary["baseline"]["known"] == 7  # 4 on the first exchange, 3 on the second
    assert [e["pointer"] for e in summary["baseline"]["resolved"]] == ["/items/*/gone"]
    assert summary["by_kind"] == {"undocumented-field": 2}
    text = cli("traffic", GATE / "drift-after.har", "--baseline", baseline)
    assert text.code == 0  # not strict: new drift is a warning
    assert "baseline " + str(baseline) + ": 2 new, 7 known, 1 resolved, 0 expired" in text.stdout
    resolved = [line for line in text.stdout.splitlines() if line.startswith("  resolved ")]
    assert resolved == ["  resolved line 24: undocumented-field response /items/*/gone"]

    # refreshing keeps every entry and its reason, and adds the new field
    again = cli("traffic", GATE / "drift-after.har", "--baseline", baseline, "--update-baseline")
    assert again.code == 0
    refreshed = yaml.safe_load(baseline.read_text())["entries"]
    assert refreshed[0]["reason"] == "the SDK sends it"
    assert refreshed[len(entries)] == gone
    assert refreshed[-1]["pointer"] == "/items/*/spec/runtime_type"
    assert len(refreshed) == len(entries) + 2


def test_the_json_fingerprint_is_the_baseline_entry_fingerprint(tmp_path: Path) -> None:
    _, report = json_report("traffic", GATE / "drift-before.har")
    phase = next(f for f in report["findings"] if f["kind"] == "undocumented-value")
    assert phase["fingerprint"] == fingerprint_of(
        "undocumented-value", "response", phase["schema_pointer"], "/items/*/status/phase", "Runing"
    )
    other_index = fingerprint_of("undocumented-value", "response", phase["schema_pointer"],
                                 "/items/7/status/phase", "Runing")  # fmt: skip
    assert other_index == phase["fingerprint"]
    assert fingerprint_of("undocumented-value", "response", phase["schema_pointer"],
                          "/items/7/status/phase", "Pendin") != phase["fingerprint"]  # fmt: skip
    fingerprints = [f["fingerprint"] for f in report["findings"]]
    assert len(fingerprints) == 7  # 4 findings on the first exchange, 3 on the second
    assert len(set(fingerprints)) == 4  # the same drift has the same fingerprint


def test_an_expired_entry_no_longer_applies(tmp_path: Path) -> None:
    _, report = json_report("traffic", GATE / "drift-before.har")
    phase = next(f for f in report["findings"] if f["kind"] == "undocumented-value")
    entry = {"kind": "undocumented-value", "side": "response", "pointer": "/items/*/status/phase",
             "schema_pointer": phase["schema_pointer"], "value": "Runing", "reason": "typo upstream"}  # fmt: skip
    live = write(tmp_path / "live.yaml", [{**entry, "expires": "2999-12-31"}])
    run, report = json_report("traffic", GATE / "drift-before.har", "--baseline", live, "--strict")
    assert "undocumented-value" not in report["summary"]["by_kind"]
    assert report["summary"]["baseline"]["known"] == 2
    past = write(tmp_path / "past.yaml", [{**entry, "expires": "2000-01-01"}])
    run, report = json_report("traffic", GATE / "drift-before.har", "--baseline", past, "--strict")
    assert run.code == 1
    assert report["summary"]["by_kind"]["undocumented-value"] == 2
    assert report["summary"]["baseline"]["known"] == 0
    assert [e["expires"] for e in report["summary"]["baseline"]["expired"]] == ["2000-01-01"]
    assert report["summary"]["baseline"]["resolved"] == []


def test_errors_need_a_reason_and_update_baseline_leaves_them_commented(tmp_path: Path) -> None:
    baseline = tmp_path / "b.yaml"
    run = cli("traffic", GATE / "behind-gateway.har", "--server", GATEWAY, "--baseline", baseline,
              "--update-baseline")  # fmt: skip
    assert run.code == 1  # errors are not accepted without a reason
    assert "2 new error findings written commented out" in run.stderr
    text = baseline.read_text()
    assert "  # - kind: schema-violation" in text
    assert yaml.safe_load(text)["entries"] is None
    accepted = (
        text.replace("  # - ", "  - ")
        .replace("  #   ", "    ")
        .replace('reason: ""', 'reason: "negative test"')
    )
    baseline.write_text(accepted)
    assert (
        cli(
            "traffic", GATE / "behind-gateway.har", "--server", GATEWAY, "--baseline", baseline
        ).code
        == 0
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("entries: [\n  - kind: a\n", ":2: not YAML: "),
        ("entries:\n  - kind: made-up\n    side: request\n", ":2: unknown kind 'made-up'"),
        ("entries:\n  - kind: undocumented-field\n    side: request\n    expires: 2025-02-30\n",
         ":4: expires '2025-02-30' is not a date"),
        ("entries:\n  - kind: undocumented-field\n    side: request\n    pointer: /a\n"
         "  - kind: undocumented-field\n    side: request\n    pointer: /a\n",
         ":5: duplicate entry: the same finding as the entry on line 2"),
        ("entries:\n  - kind: schema-violation\n    side: request\n", ":2: a schema-violation entry needs a reason"),
        ("entries:\n  - kind: undocumented-field\n    side: sideways\n", ":3: side 'sideways'"),
        ("entries:\n  - kind: undocumented-field\n    side: request\n    colour: red\n", ":4: unknown key 'colour'"),
        ("entries:\n  - kind: undocumented-value\n    side: request\n", ":2: an undocumented-value entry needs its value"),
        ("- just a list\n", ":1: the file must be a mapping"),
        ("version: 2\nentries: []\n", ":1: version must be 1"),
    ],
)  # fmt: skip
def test_a_malformed_baseline_is_exit_2_naming_file_and_line(
    tmp_path: Path, content: str, problem: str
) -> None:
    baseline = tmp_path / "bad.yaml"
    baseline.write_text(content)
    run = cli("traffic", GATE / "drift-before.har", "--baseline", baseline)
    assert run.code == 2
    assert run.stdout == ""
    assert one_line(run).startswith(f"modelarts-validate: error: {baseline}{problem}")


def test_a_missing_baseline_is_exit_2_unless_it_is_written(tmp_path: Path) -> None:
    missing = tmp_path / "none.yaml"
    run = cli("traffic", GATE / "drift-before.har", "--baseline", missing)
    assert run.code == 2
    assert "no such file" in one_line(run)
    run = cli("traffic", GATE / "drift-before.har", "--update-baseline")
    assert run.code == 2
    assert "--update-baseline needs --baseline" in run.stderr


def test_update_baseline_writes_nothing_when_nothing_was_checked(tmp_path: Path) -> None:
    baseline = write(tmp_path / "b.yaml", [{"kind": "undocumented-field", "side": "request",
                                            "pointer": "/x", "reason": "kept"}])  # fmt: skip
    before = baseline.read_text()
    run = cli("traffic", GATE / "empty.har", "--baseline", baseline, "--update-baseline")
    assert run.code == 1
    assert baseline.read_text() == before


# -- rejected requests -------------------------------------------------------------------------


def test_request_findings_of_rejected_requests_are_set_aside_on_demand() -> None:
    run, report = json_report("traffic", GATE / "rejected.har")
    assert run.code == 1
    assert [f["entry"] for f in report["findings"]] == [0, 1, 2]
    assert report["summary"]["ignored"] == 0
    run, report = json_report("traffic", GATE / "rejected.har", "--ignore-rejected-requests")
    assert run.code == 1  # the request answered 200 still counts
    assert [(f["entry"], f["pointer"]) for f in report["findings"]] == [(2, "/limit")]
    assert report["summary"]["ignored"] == 2
    assert report["summary"]["conforming"] == 2
    assert report["summary"]["with_errors"] == 1
