"""``modelarts-validate traffic --coverage FILE``, ``--coverage-format markdown`` and
``--min-coverage``: the files written, the text section, the verdict, and bad paths and
thresholds refused before any work."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.support.cli import DATA, cli

SMALL = DATA / "coverage" / "small.ndjson"
SECTION = (
    "coverage: 8.6% overall; fields 6.0% (15/249), values 10.3% (7/68), "
    "statuses 66.7% (2/3), media_types 80.0% (4/5)"
)


def test_coverage_file_and_text_section(tmp_path: Path) -> None:
    written = tmp_path / "coverage.json"
    run = cli("traffic", SMALL, "--coverage", written)
    assert run.code == 0
    assert run.stdout.splitlines()[-2:] == [SECTION, "result: OK with drift (3 warnings)"]
    document = json.loads(written.read_text())
    assert document["summary"]["overall"] == {"covered": 28, "total": 325, "percent": 8.6}
    again = tmp_path / "again.json"
    cli("traffic", SMALL, "--coverage", again)
    assert again.read_bytes() == written.read_bytes()


def test_the_report_is_unchanged_but_for_the_section(tmp_path: Path) -> None:
    plain = cli("traffic", SMALL)
    counted = cli("traffic", SMALL, "--coverage", tmp_path / "c.json")
    assert counted.stdout.replace(SECTION + "\n", "") == plain.stdout
    as_json = cli("traffic", "--format", "json", SMALL, "--coverage", tmp_path / "d.json")
    assert as_json.stdout == cli("traffic", "--format", "json", SMALL).stdout


def test_markdown_names_what_was_never_seen(tmp_path: Path) -> None:
    written = tmp_path / "coverage.md"
    assert cli("traffic", SMALL, "--coverage", written, "--coverage-format", "markdown").code == 0
    text = written.read_text()
    assert "| overall | 28 | 325 | 8.6% |" in text
    assert "## Never seen: statuses (1)\n\n- `status 5XX`\n" in text
    assert "- `request /group_by`" in text
    assert "- `request /limit`" not in text


def test_min_coverage_passes_when_reached() -> None:
    run = cli("traffic", SMALL, "--min-coverage", "8.6", "--min-coverage", "statuses=66")
    assert (run.code, run.stderr) == (0, "")
    assert SECTION in run.stdout  # asked for coverage: the section is there


def test_min_coverage_fails_naming_what_is_missing() -> None:
    run = cli("traffic", SMALL, "--min-coverage", "fields=5", "--min-coverage", "statuses=100")
    assert run.code == 1
    assert run.stderr.splitlines() == [
        "modelarts-validate: error: coverage of statuses is 66.7%, below 100%: never seen: "
        "status 5XX"
    ]
    overall = cli("traffic", SMALL, "--min-coverage", "9")
    assert overall.code == 1
    line = overall.stderr.strip()
    # the category furthest from complete is the fields
    assert line.startswith("modelarts-validate: error: coverage of overall is 8.6%, below 9%: ")
    assert "never seen: request /offset, request /group_by, response /limit" in line
    # overall: what is missing of every category (297 of 325), the furthest below complete first
    assert line.endswith("(and 292 more)")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("101", "101 is not a percentage between 0 and 100"),
        ("colour=5", "'colour' is not a coverage category"),
        ("fields=many", "'many' is not a percentage"),
    ],
)
def test_min_coverage_must_be_a_percentage(value: str, message: str) -> None:
    run = cli("traffic", SMALL, "--min-coverage", value)
    assert run.code == 2
    assert message in run.stderr.splitlines()[-1]
    assert "Traceback" not in run.stderr


def test_an_unwritable_coverage_path_is_exit_2_before_any_work(tmp_path: Path) -> None:
    for path, reason in (
        (tmp_path / "missing" / "c.json", "no such directory"),
        (tmp_path, "it is a directory"),
    ):
        run = cli("traffic", SMALL, "--coverage", path)
        assert run.code == 2
        assert run.stdout == ""  # nothing was checked
        assert run.stderr == f"modelarts-validate: error: cannot write {path}: {reason}\n"
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        run = cli("traffic", SMALL, "--coverage", locked / "c.json")
        assert (run.code, run.stdout) == (2, "")
        assert "permission denied" in run.stderr


def test_markdown_lists_filter_keys_never_seen_with_an_operator(tmp_path: Path) -> None:
    written = tmp_path / "coverage.md"
    assert cli("traffic", SMALL, "--coverage", written, "--coverage-format", "markdown").code == 0
    text = written.read_text()
    assert "| pairs (not in overall) | 1 | 28 | 3.6% |" in text
    assert (
        "## Never seen together (27)\n\n- `request /filters/* key=name operator=between`\n" in text
    )
    assert "key=phase operator=in`" not in text


def test_min_coverage_compares_the_exact_share_not_the_rounded_one() -> None:
    # values: 7/68 = 10.294...%, shown as 10.3%; fields: 15/249 = 6.024...%, shown as 6.0%
    below = cli("traffic", SMALL, "--min-coverage", "values=10.3")
    assert below.code == 1
    assert below.stderr.startswith(
        "modelarts-validate: error: coverage of values is 10.29%, below 10.3%: never seen: "
    )
    reached = cli("traffic", SMALL, "--min-coverage", "fields=6.02")
    assert (reached.code, reached.stderr) == (0, "")
    assert cli("traffic", SMALL, "--min-coverage", "fields=6.03").code == 1


def test_min_coverage_lists_the_categories_furthest_below_first() -> None:
    run = cli("traffic", SMALL, "--min-coverage", "statuses=70", "--min-coverage", "fields=50")
    assert run.code == 1
    lines = run.stderr.splitlines()
    assert [line.split(" is ")[0] for line in lines] == [
        "modelarts-validate: error: coverage of fields",
        "modelarts-validate: error: coverage of statuses",
    ]


def test_a_coverage_file_that_fails_late_is_named(tmp_path: Path) -> None:
    for option in ("--coverage", "--suggest"):
        run = cli("traffic", SMALL, option, "/dev/full")
        assert run.code == 2
        assert run.stderr.splitlines()[-1] == (
            f"modelarts-validate: error: cannot write {option} /dev/full: No space left on device"
        )
        assert "Traceback" not in run.stderr


def test_a_coverage_path_under_a_file_or_empty_says_why(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    run = cli("traffic", SMALL, "--coverage", plain / "c.json")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        f"modelarts-validate: error: cannot write {plain / 'c.json'}: {plain} is not a directory\n"
    )
    empty = cli("traffic", SMALL, "--coverage", "")
    assert (empty.code, empty.stdout) == (2, "")
    assert empty.stderr == "modelarts-validate: error: cannot write '': the path is empty\n"


SHORT = "coverage of statuses is 66.7%, below 100%: never seen: status 5XX"


def test_a_coverage_shortfall_is_in_every_report_not_only_on_stderr(tmp_path: Path) -> None:
    # the findings alone pass (drift only): the run fails on coverage, and each report says so
    gate = ("--min-coverage", "statuses=100")
    text = cli("traffic", SMALL, *gate)
    assert text.code == 1
    assert text.stdout.splitlines()[-3:] == [
        SECTION,
        f"coverage below --min-coverage: {SHORT}",
        "result: FAIL (coverage below --min-coverage; 3 warnings)",
    ]
    report = json.loads(cli("traffic", "--format", "json", SMALL, *gate).stdout)
    assert report["summary"]["coverage_shortfalls"] == [SHORT]
    passing = json.loads(cli("traffic", "--format", "json", SMALL).stdout)
    assert passing["summary"]["coverage_shortfalls"] == []
    junit = cli("traffic", "--format", "junit", SMALL, *gate).stdout
    assert 'failures="1"' in junit.splitlines()[1]
    assert '<testcase name="coverage" classname="modelarts-validate traffic.coverage">' in junit
    assert f'<failure message="{SHORT}" type="coverage"/>' in junit
    sarif = json.loads(cli("traffic", "--format", "sarif", SMALL, *gate).stdout)
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["toolExecutionNotifications"] == [
        {"level": "error", "message": {"text": f"coverage below --min-coverage: {SHORT}"}}
    ]
    assert sarif["runs"][0]["properties"]["coverage_shortfalls"] == [SHORT]
    github = cli("traffic", "--format", "github", SMALL, *gate).stdout
    escaped = SHORT.replace("%", "%25")  # (a workflow command's data)
    assert f"::error title=coverage below --min-coverage::{escaped}" in github.splitlines()
    markdown = cli("traffic", "--format", "markdown", SMALL, *gate).stdout
    assert "**FAIL: coverage below --min-coverage; 3 warnings**" in markdown
    assert f"- coverage below --min-coverage: {SHORT}" in markdown


def test_a_coverage_format_without_a_coverage_file_is_a_usage_error() -> None:
    run = cli("traffic", SMALL, "--coverage-format", "markdown")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[-1].endswith(
        "error: --coverage-format needs --coverage FILE (the file to write)"
    )


def test_a_share_equal_to_a_decimal_threshold_reaches_it() -> None:
    from modelarts_validators.report.coverage import shortfalls

    summary = {n: {"covered": 1, "total": 1, "percent": 100.0} for n in ("overall", "values")}
    summary["fields"] = {"covered": 161, "total": 250, "percent": 64.4}  # exactly 64.4%
    document = {"summary": summary, "request": {}, "response": {}}
    assert shortfalls(document, (("fields", 64.4),)) == []
    assert shortfalls(document, (("fields", 64.41),))[0].startswith(
        "coverage of fields is 64.4%, below 64.41%"
    )


def test_a_path_further_under_a_file_or_an_empty_output_says_why(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    run = cli("traffic", SMALL, "--coverage", plain / "a" / "c.json")
    assert run.stderr == (
        f"modelarts-validate: error: cannot write {plain / 'a' / 'c.json'}: {plain} is not a"
        " directory\n"
    )
    empty = cli("traffic", SMALL, "-o", "")
    assert (empty.code, empty.stdout) == (2, "")
    assert empty.stderr == "modelarts-validate: error: cannot write '': the path is empty\n"
