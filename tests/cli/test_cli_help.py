"""``--help`` of each subcommand says what it does, what is checked (the one operation), the
input formats, the exit codes and an example, under one ``options:`` heading; a ``--spec`` that
is not an OpenAPI document says so on one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import cli

OPERATION = "POST /v2/{project_id}/training-job-searches"
EXIT_CODES = (
    "Exit codes: 0 conforms (drift warnings allowed), 1 error findings (any drift with --strict),"
    " 2 usage or input error."
)


def help_of(*argv: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", "100")
    run = cli(*argv, "--help")
    assert (run.code, run.stderr) == (0, "")
    return run.stdout


@pytest.mark.parametrize(
    ("command", "description", "formats", "example"),
    [
        (
            "traffic",
            "Check captured exchanges against the contract, both sides of each.",
            "Inputs: HAR 1.2 (*.har; browsers, mitmproxy, Playwright, Charles; *.json HAR"
            " documents in a directory), NDJSON (*.ndjson, *.jsonl), each optionally gzipped;"
            " directories (searched recursively); - for standard input.",
            "Example: modelarts-validate traffic --format json capture.har logs/",
        ),
        (
            "request",
            "Check one request body (JSON) against the contract's request schema.",
            "Input: the body alone, as sent (a JSON file, or - for standard input); for a"
            " capture use `modelarts-validate traffic`.",
            "Example: modelarts-validate request body.json",
        ),
        (
            "response",
            "Check one response, its status and body, against the contract.",
            "Input: the body alone, as received (a file, or - for standard input), with its"
            " --status and --content-type; for a capture use `modelarts-validate traffic`.",
            "Example: modelarts-validate response --status 200 answer.json",
        ),
    ],
)
def test_each_subcommand_says_what_how_and_an_example(
    command: str, description: str, formats: str, example: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = help_of(command, monkeypatch=monkeypatch)
    flat = " ".join(text.split())
    assert description in flat
    assert f"Only {OPERATION} is checked" in flat
    assert formats in flat
    assert EXIT_CODES in flat
    assert example in text.splitlines()  # an example stands on its own line
    assert text.count("options:") == 1, text
    assert "--spec PATH" in text


def test_top_level_help_lists_commands_and_exit_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    flat = " ".join(help_of(monkeypatch=monkeypatch).split())
    assert EXIT_CODES in flat
    assert f"Only {OPERATION} is checked" in flat
    assert help_of(monkeypatch=monkeypatch).count("options:") == 1


def test_the_readme_documents_spec() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert "--spec PATH" in readme


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "notes.md",
            "# Notes\n\nkey: value: other\n",
            "not an OpenAPI document (no top-level 'openapi' key); read as YAML it is"
            " not valid YAML at line 3 column 11: mapping values are not allowed here",
        ),
        ("config.yaml", "a: 1\n", "not an OpenAPI document: no top-level 'openapi' key"),
        (
            "old.json",
            '{"swagger": "2.0", "paths": {}}',
            "not an OpenAPI document: no top-level 'openapi' key (a Swagger 2.0 document;"
            " expected OpenAPI 3.1.x)",
        ),
    ],
)
def test_a_spec_that_is_not_openapi_says_so(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    spec = tmp_path / name
    spec.write_text(text)
    run = cli("--spec", spec, "request", "-", stdin=b"{}")
    assert run.code == 2
    assert run.stderr == f"modelarts-validate: error: spec {spec}: {message}\n"


@pytest.mark.parametrize("columns", [None, "100", "37", "0", "-5", "wide", ""])
@pytest.mark.parametrize("stdout", ["as-is", "none"])
def test_help_is_as_wide_as_shutil_says(
    columns: str | None, stdout: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The formatter sizes help to the terminal as argparse does (``shutil.get_terminal_size``),
    without importing shutil."""
    import shutil
    import sys

    from modelarts_validators.cli.arguments import terminal_columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    if stdout == "none":
        monkeypatch.setattr(sys, "__stdout__", None)
    assert terminal_columns() == shutil.get_terminal_size().columns


#: Command lines that start with a command: ``parse`` builds the parser of that command alone.
#: Each must parse, fail and print exactly as with the whole parser.
STARTING_WITH_A_COMMAND = [
    ("traffic", "a.har"),
    ("traffic", "a.har", "b.ndjson", "--format", "json", "-o", "r.json", "--strict", "-j", "2"),
    ("traffic", "a.har", "--coverage", "c.json", "--min-coverage", "fields=80", "--quiet"),
    ("traffic", "request"),  # a file named like another command
    ("traffic",),  # no file: usage error
    ("traffic", "a.har", "--jobs", "x"),
    ("traffic", "a.har", "--nope"),
    ("traffic", "a.har", "--update-baseline"),
    ("traffic", "--help"),
    ("traffic", "--version"),
    ("request", "body.json", "--engine", "python"),
    ("request",),
    ("request", "a", "b"),
    ("request", "--help"),
    ("response", "--status", "200", "body.json"),
    ("response", "--status", "99", "body.json"),
    ("response", "body.json"),
    ("response", "--status", "200", "--content-type", "", "body.json"),
    ("response", "--help"),
    ("mitmproxy-addon", "--help"),
    ("mitmproxy-addon", "extra"),
]


@pytest.mark.parametrize("argv", STARTING_WITH_A_COMMAND, ids=" ".join)
def test_a_command_first_parses_as_with_every_command(
    argv: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from modelarts_validators.cli import arguments

    monkeypatch.setenv("COLUMNS", "100")
    built: list[str | None] = []
    whole = arguments._parser

    def spy(only: str | None) -> object:
        built.append(only)
        return whole(only)

    outcomes = []
    for parser in (spy, lambda only: whole(None)):
        monkeypatch.setattr(arguments, "_parser", parser)
        out, err = io.StringIO(), io.StringIO()
        outcomes.append((arguments.parse(list(argv), out, err), out.getvalue(), err.getvalue()))
    assert built == [argv[0]]  # the reduced parser was the one asked first
    assert outcomes[0] == outcomes[1]
    result, said_out, said_err = outcomes[0]  # parsed, or ended with something said
    assert isinstance(result, arguments.Options) or (
        isinstance(result, int) and said_out + said_err
    )


def test_a_command_line_not_starting_with_a_command_gets_every_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from modelarts_validators.cli import arguments

    built: list[str | None] = []
    whole = arguments._parser

    def spy(only: str | None) -> object:
        built.append(only)
        return whole(only)

    monkeypatch.setattr(arguments, "_parser", spy)
    for argv in (["--format", "json", "traffic", "a.har"], ["--help"], ["nope"], []):
        arguments.parse(argv, io.StringIO(), io.StringIO())
    assert built == [None, None, None, None]
