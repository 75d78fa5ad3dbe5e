"""The formats CI systems show: SARIF 2.1.0 (validated against the official schema, every region
checked against the YAML it points into), GitHub workflow commands and the markdown summary
(pinned on a small capture)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft4Validator, FormatChecker
from modelarts_validators.contract.findings import Kind
from modelarts_validators.contract.pointers import parse_fragment
from modelarts_validators.report.github import escape_data, escape_property
from modelarts_validators.report.markdown import cell
from modelarts_validators.report.spec_lines import SpecLines

from tests.support.cli import DATA, cli

ROOT = DATA.parent.parent
SPEC = "openapi/training-job-searches.yaml"
SARIF_SCHEMA = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text())
VIOLATIONS = "tests/data/traffic/invalid/violations.har"


@pytest.fixture(autouse=True)
def _from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def sarif(*argv: str) -> tuple[int, dict[str, Any]]:
    run = cli("traffic", *argv, "--format", "sarif")
    document = json.loads(run.stdout)
    errors = [e.message for e in Draft4Validator(SARIF_SCHEMA, format_checker=FormatChecker())
              .iter_errors(document)]  # fmt: skip
    assert errors == []
    return run.code, document


def key_at(text: str, line: int, column: int) -> str:
    """The mapping key (or list item) written at a 1-based line and column."""
    return text.splitlines()[line - 1][column - 1 :].split(":")[0]


def test_sarif_validates_and_every_region_is_where_its_schema_pointer_is_written() -> None:
    code, document = sarif(VIOLATIONS, "--spec", SPEC)
    assert code == 1
    (run,) = document["runs"]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [str(k) for k in Kind]
    assert all(r["help"]["text"] for r in run["tool"]["driver"]["rules"])
    text = (ROOT / SPEC).read_text()
    results = run["results"]
    assert len(results) == 14  # one per finding of violations.har, unreadable records too
    located = 0
    for result in results:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        properties = result["properties"]
        pointer = properties.get("schemaPointer")
        if pointer is None:
            continue
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == SPEC
        region = physical["region"]
        last = parse_fragment(pointer)[-1]  # type: ignore[index]
        assert key_at(text, region["startLine"], region["startColumn"]) == last
        located += 1
    assert located == 9  # the findings with a schema pointer (not the three unreadable, nor
    # invalid-json and body-not-captured); missing-credentials lands on the spec's `security`
    first = results[0]
    assert (
        first["partialFingerprints"]["modelartsFinding/v1"]
        == (
            json.loads(cli("traffic", VIOLATIONS, "--format", "json").stdout)["findings"][0][
                "fingerprint"
            ]
        )
    )
    assert first["properties"]["entry"] == 0
    assert first["properties"]["pointer"] == "/limit"


def test_the_region_follows_a_schema_moved_in_the_yaml(tmp_path: Path) -> None:
    original = (ROOT / SPEC).read_text()
    pointer = "#/components/schemas/JobSearches/properties/limit/maximum"
    before = SpecLines(original).locate(pointer)
    assert before is not None
    # the same document with ten comment lines before the components and the limit indented
    # under an anchor-free copy: the line moves, the pointer stays
    moved = original.replace("\ncomponents:\n", "\n" + "# moved\n" * 10 + "components:\n", 1)
    moved_spec = tmp_path / "moved.yaml"
    moved_spec.write_text(moved)
    assert yaml.safe_load(moved) == yaml.safe_load(original)
    _, document = sarif(VIOLATIONS, "--spec", str(moved_spec))
    limit = next(
        r for r in document["runs"][0]["results"] if r["properties"]["schemaPointer"] == pointer
    )
    region = limit["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (before[0] + 10, before[1])
    assert key_at(moved, region["startLine"], region["startColumn"]) == "maximum"


def test_sarif_of_a_baseline_run_marks_results_new(tmp_path: Path) -> None:
    baseline = tmp_path / "b.yaml"
    drift = str(DATA / "gate" / "drift-before.har")
    assert cli("traffic", drift, "--baseline", baseline, "--update-baseline").code == 0
    _, document = sarif(str(DATA / "gate" / "drift-after.har"), "--baseline", str(baseline))
    results = document["runs"][0]["results"]
    assert {r["baselineState"] for r in results} == {"new"}
    assert {r["properties"]["pointer"] for r in results} == {"/items/0/spec/runtime_type"}
    assert document["runs"][0]["properties"]["baseline"]["known"] == 7


def test_github_annotations_are_pinned_and_grouped_by_fingerprint() -> None:
    run = cli(
        "traffic", str(DATA / "gate" / "drift-before.har"), "--format", "github", "--spec", SPEC
    )
    assert run.code == 0
    lines = run.stdout.splitlines()
    assert len(lines) == 5  # four distinct findings (seven in all), then the notice
    assert lines[-1] == (
        "::notice title=modelarts-validate::2 entries: 2 checked (0 conforming, 0 with errors, "
        "2 drift only), 0 unmatched, 0 unreadable; 4 distinct findings"
    )
    text = (ROOT / SPEC).read_text()
    for line in lines[:-1]:
        found = re.fullmatch(
            r"::warning file=openapi/training-job-searches\.yaml,line=(\d+),col=(\d+),"
            r"title=(undocumented-field|undocumented-value)::(.*) \((once|2 times); first: entry [01] "
            r"POST https://modelarts\.cn-north-4\.myhuaweicloud\.com/v2/0b3c1f9e2d4a45f6a7b8c9d0e1f2a3b4/training-job-searches\)",
            line,
        )
        assert found, line
        key = key_at(text, int(found[1]), int(found[2]))
        assert key in {"properties", "x-documented-values"}
    assert "title=undocumented-value::response /items/0/status/phase: 'Runing'" in run.stdout
    assert "(once; first" in run.stdout  # workspace_id: on the second request only
    assert lines[0].startswith("::warning file=openapi/training-job-searches.yaml,line=")


def test_workflow_command_escaping() -> None:
    assert escape_data("50%\r\nnext::x") == "50%25%0D%0Anext::x"
    assert escape_property("a,b:c%") == "a%2Cb%3Ac%25"


MARKDOWN = """## modelarts-validate

**FAIL: 3 errors, 0 warnings**

| entries | checked | conforming | with errors | drift only | unmatched | unreadable |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| 3 | 3 | 0 | 3 | 0 | 0 | 0 |

| count | severity | kind | side | pointer | spec | message | first seen |
| ---: | --- | --- | --- | --- | --- | --- | --- |
| 1 | error | schema-violation | request | /limit | openapi/training-job-searches.yaml:{limit_min} | 0 is less than the minimum of 1 | entry 0 POST https://modelarts.cn-north-4.myhuaweicloud.com/v2/0b3c1f9e2d4a45f6a7b8c9d0e1f2a3b4/training-job-searches |
| 1 | error | schema-violation | request | /order | openapi/training-job-searches.yaml:{order} | 'sideways' is not one of 'asc', 'desc' | entry 1 POST https://modelarts.cn-north-4.myhuaweicloud.com/v2/0b3c1f9e2d4a45f6a7b8c9d0e1f2a3b4/training-job-searches |
| 1 | error | schema-violation | request | /limit | openapi/training-job-searches.yaml:{limit_max} | 51 is greater than the maximum of 50 | entry 2 POST https://modelarts.cn-north-4.myhuaweicloud.com/v2/0b3c1f9e2d4a45f6a7b8c9d0e1f2a3b4/training-job-searches |
"""


def test_markdown_summary_is_pinned() -> None:
    run = cli(
        "traffic", str(DATA / "gate" / "rejected.har"), "--format", "markdown", "--spec", SPEC
    )
    assert run.code == 1
    lines = SpecLines((ROOT / SPEC).read_text())
    at = "#/components/schemas/JobSearches/properties/"
    expected = MARKDOWN.format(
        limit_min=lines.locate(at + "limit/minimum")[0],  # type: ignore[index]
        limit_max=lines.locate(at + "limit/maximum")[0],  # type: ignore[index]
        order=lines.locate(at + "order/enum")[0],  # type: ignore[index]
    )
    assert run.stdout == expected


def test_markdown_cells_carry_no_markup() -> None:
    assert cell("a|b`c<script>\n*x*_y_") == "a&#124;b&#96;c&#60;script&#62; &#42;x&#42;&#95;y&#95;"


def test_every_ci_format_is_redacted_and_names_the_secrets_capture_safely() -> None:
    secrets = DATA / "secrets" / "secrets.har"
    for name in ("sarif", "github", "markdown"):
        run = cli("traffic", str(secrets), "--format", name)
        assert "PLANTED" not in run.stdout + run.stderr, name
