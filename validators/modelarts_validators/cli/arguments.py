"""The command line of ``modelarts-validate``, parsed into ``Options``, apart from running it
(tests drive either alone).

Parsing imports nothing of the validators but ``_version``: ``--help``, ``--version`` and a usage
error answer in the interpreter's start-up time. The few values the options share with the
layers (engine and report names, the record size limit) are written here again, and
``tests/cli/test_cli_startup.py`` holds them equal to the layers' own; what only an option's
value needs (``--server``, ``--jobs 0``) is imported when that option is given."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from typing import TYPE_CHECKING, Literal, TextIO, get_args

from .._frozen import frozen
from .._version import __version__

if TYPE_CHECKING:
    from ..contract.engines import Engine
    from ..report import ReportFormat

PROG = "modelarts-validate"
#: ``contract.engines.ENGINE_NAMES``, the default first.
ENGINES: tuple[Engine, ...] = ("rs", "python")
#: ``report.REPORTERS``' names, in its order.
FORMATS: tuple[ReportFormat, ...] = ("text", "json", "junit", "sarif", "github", "markdown")
#: ``capture.records.MAX_RECORD_SIZE``: the default of ``--max-record-size``.
MAX_RECORD_SIZE = 64 << 20
#: The most ``--jobs`` takes; a run uses no more processes than CPUs and pieces of work anyway.
MAX_JOBS = 1024

Command = Literal["traffic", "request", "response"]
Color = Literal["auto", "always", "never"]
CoverageFormat = Literal["json", "markdown"]
#: What ``--min-coverage`` names: the whole, or one category of targets.
COVERAGE_SCOPES = ("overall", "fields", "values", "statuses", "media_types")


@frozen
class Options:
    """The parsed command line (``parse``): what ``execute.run`` checks and how it reports."""

    command: Command
    files: tuple[str, ...]
    status: int | None = None
    content_type: str = "application/json"
    format: ReportFormat = "text"
    output: str | None = None
    strict: bool = False
    engine: Engine = "rs"
    quiet: bool = False
    color: Color = "auto"
    spec: str | None = None
    jobs: int = 1
    servers: tuple[str, ...] = ()
    allow_empty: bool = False
    baseline: str | None = None
    update_baseline: bool = False
    ignore_rejected: bool = False
    max_record_size: int = MAX_RECORD_SIZE
    coverage: str | None = None
    coverage_format: CoverageFormat = "json"
    min_coverage: tuple[tuple[str, float], ...] = ()
    suggest: str | None = None
    fast: bool = True  # the typed fast path (``--no-fast-path``: the engine alone)

    def __init__(
        self,
        command: Command,
        files: tuple[str, ...],
        status: int | None = None,
        content_type: str = "application/json",
        format: ReportFormat = "text",
        output: str | None = None,
        strict: bool = False,
        engine: Engine = "rs",
        quiet: bool = False,
        color: Color = "auto",
        spec: str | None = None,
        jobs: int = 1,
        servers: tuple[str, ...] = (),
        allow_empty: bool = False,
        baseline: str | None = None,
        update_baseline: bool = False,
        ignore_rejected: bool = False,
        max_record_size: int = MAX_RECORD_SIZE,
        coverage: str | None = None,
        coverage_format: CoverageFormat = "json",
        min_coverage: tuple[tuple[str, float], ...] = (),
        suggest: str | None = None,
        fast: bool = True,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "command", command)
        set_(self, "files", files)
        set_(self, "status", status)
        set_(self, "content_type", content_type)
        set_(self, "format", format)
        set_(self, "output", output)
        set_(self, "strict", strict)
        set_(self, "engine", engine)
        set_(self, "quiet", quiet)
        set_(self, "color", color)
        set_(self, "spec", spec)
        set_(self, "jobs", jobs)
        set_(self, "servers", servers)
        set_(self, "allow_empty", allow_empty)
        set_(self, "baseline", baseline)
        set_(self, "update_baseline", update_baseline)
        set_(self, "ignore_rejected", ignore_rejected)
        set_(self, "max_record_size", max_record_size)
        set_(self, "coverage", coverage)
        set_(self, "coverage_format", coverage_format)
        set_(self, "min_coverage", min_coverage)
        set_(self, "suggest", suggest)
        set_(self, "fast", fast)


_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def _size(text: str) -> int:
    """``65536``, ``64K``, ``64M``, ``1G``: a number of bytes, at least 1 KiB."""
    number, unit = text[:-1], text[-1:].upper()
    if unit not in _UNITS or unit == "":
        number, unit = text, ""
    try:
        size = int(number) * _UNITS[unit]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a size (bytes, or with K, M, G)"
        ) from None
    if not 1 << 10 <= size <= 1 << 40:
        raise argparse.ArgumentTypeError(f"{text} is not a size between 1K and 1024G")
    return size


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Accepted before and after the command; after it, an option wins (SUPPRESS keeps the
    # subcommand from overwriting a value given before it with its default).
    def default(value: object) -> object:
        return value if top else argparse.SUPPRESS

    group = parser._optionals  # the one "options:" heading argparse writes
    group.add_argument("--format", choices=list(FORMATS), default=default("text"),
                       help="report format (default: text)")  # fmt: skip
    group.add_argument("--output", "-o", metavar="PATH", default=default(None),
                       help="write the report to PATH instead of stdout")  # fmt: skip
    group.add_argument("--strict", action="store_true", default=default(False),
                       help="drift (undocumented fields and values, integers beyond their format) "
                       "fails the run too; an undocumented status is an error either way")  # fmt: skip
    group.add_argument("--engine", choices=list(ENGINES), default=default("rs"),
                       help="JSON Schema engine: jsonschema-rs (fast, default) or python jsonschema")  # fmt: skip
    group.add_argument("--no-fast-path", dest="fast", action="store_false", default=default(True),
                       help="judge every body with the engine, without first decoding it into the "
                       "contract's typed structures (the findings are the same; for comparing)")  # fmt: skip
    group.add_argument("--quiet", "-q", action="store_true", default=default(False),
                       help="no progress line on stderr")  # fmt: skip
    group.add_argument("--color", choices=list(get_args(Color)), default=default("auto"),
                       help="colour the text report (default: auto, when it goes to a terminal; NO_COLOR wins)")  # fmt: skip
    group.add_argument("--spec", metavar="PATH", default=default(None),
                       help="OpenAPI document to judge against (default: the packaged contract)")  # fmt: skip
    group.add_argument("--max-record-size", metavar="SIZE", type=_size,
                       default=default(MAX_RECORD_SIZE),
                       help="the largest record read whole, in bytes or with K, M, G: an NDJSON "
                       "line, a HAR entry, a lone body (default: 64M); a larger one is unreadable")  # fmt: skip


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"{jobs} is not a number of processes (0 or more)")
    if jobs > MAX_JOBS:
        raise argparse.ArgumentTypeError(f"{text} processes is too many (at most {MAX_JOBS})")
    if jobs:
        return jobs
    from ..run.parallel import default_jobs

    return default_jobs()


def _server(text: str) -> str:
    from ..contract.wire import parse_server

    try:
        parse_server(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def _gate(traffic: argparse.ArgumentParser) -> None:
    """The options that make ``traffic`` a CI gate: what is matched, what an empty run is,
    which findings are known."""
    group = traffic.add_argument_group("gate")
    group.add_argument("--server", dest="servers", action="append", type=_server, default=[],
                       metavar="URL",
                       help="base URL the operation is served under, path prefix included "
                       "(https://gw.example.com/modelarts); repeatable. Default: any host, "
                       "the exact path")  # fmt: skip
    group.add_argument("--allow-empty", action="store_true",
                       help="a run that checked no exchange of the operation passes (by "
                       "default it fails: nothing was checked)")  # fmt: skip
    group.add_argument("--baseline", metavar="FILE",
                       help="YAML file of known findings: they are counted as known, not "
                       "failed on")  # fmt: skip
    group.add_argument("--update-baseline", action="store_true",
                       help="write or refresh --baseline FILE from this run (existing "
                       "reasons are kept)")  # fmt: skip
    group.add_argument("--ignore-rejected-requests", dest="ignore_rejected",
                       action="store_true",
                       help="request findings of exchanges answered 4XX are not counted "
                       "(negative tests send bad requests on purpose)")  # fmt: skip


def _min_coverage(text: str) -> tuple[str, float]:
    """``80`` (overall) or ``fields=80``: a percentage, 0-100."""
    scope, _, number = text.rpartition("=")
    scope = scope or "overall"
    if scope not in COVERAGE_SCOPES:
        raise argparse.ArgumentTypeError(
            f"{scope!r} is not a coverage category ({', '.join(COVERAGE_SCOPES)})"
        )
    try:
        percent = float(number.rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{number!r} is not a percentage") from None
    if not 0 <= percent <= 100:
        raise argparse.ArgumentTypeError(f"{number} is not a percentage between 0 and 100")
    return scope, percent


def _coverage(traffic: argparse.ArgumentParser) -> None:
    """What the traffic exercised of the contract."""
    group = traffic.add_argument_group("coverage")
    group.add_argument("--coverage", metavar="FILE",
                       help="write which documented fields, values, statuses and media types "
                       "the checked exchanges showed, and how often, to FILE")  # fmt: skip
    group.add_argument("--coverage-format", choices=list(get_args(CoverageFormat)),
                       help="format of --coverage FILE (default: json)")  # fmt: skip
    group.add_argument("--min-coverage", action="append", type=_min_coverage, default=[],
                       metavar="PERCENT",
                       help="fail (exit 1) below PERCENT of the targets covered, overall or "
                       "per category as fields=80 (values, statuses, media_types); "
                       "repeatable")  # fmt: skip
    group.add_argument("--suggest", metavar="FILE",
                       help="write the undocumented fields and values the traffic showed as an "
                       "OpenAPI Overlay 1.0.0 (x-observed-properties, x-observed-values) to FILE "
                       "(JSON for .json, else YAML); the spec itself is never changed")  # fmt: skip


#: What every help text says: the one operation, the exit codes.
_CHECKED = (
    "Only POST /v2/{project_id}/training-job-searches is checked (ModelArts ListTrainingJobs, "
    "as the packaged contract or --spec PATH describes it)."
)
_EXIT_CODES = (
    "Exit codes: 0 conforms (drift warnings allowed), 1 error findings (any drift with "
    "--strict), 2 usage or input error."
)
_TRAFFIC = (
    "Check captured exchanges against the contract, both sides of each.",
    "Inputs: HAR 1.2 (*.har; browsers, mitmproxy, Playwright, Charles; *.json HAR documents "
    "in a directory), NDJSON (*.ndjson, *.jsonl), each optionally gzipped; directories "
    "(searched recursively); - for standard input. Other requests in a capture are counted as "
    "unmatched.",
    "modelarts-validate traffic --format json capture.har logs/",
)
_REQUEST = (
    "Check one request body (JSON) against the contract's request schema.",
    "Input: the body alone, as sent (a JSON file, or - for standard input); for a capture use "
    "`modelarts-validate traffic`.",
    "modelarts-validate request body.json",
)
_RESPONSE = (
    "Check one response, its status and body, against the contract.",
    "Input: the body alone, as received (a file, or - for standard input), with its --status "
    "and --content-type; for a capture use `modelarts-validate traffic`.",
    "modelarts-validate response --status 200 answer.json",
)


def _texts(what: str, inputs: str, example: str) -> dict[str, object]:
    """A subcommand's description and epilog: what it does, what is checked, its inputs; the
    exit codes and an example on lines of their own (argparse keeps the line breaks)."""
    return {
        "description": f"{what} {_CHECKED}\n\n{inputs}",
        "epilog": f"{_EXIT_CODES}\n\nExample: {example}",
        "formatter_class": _Formatter,
    }


class _Formatter(argparse.HelpFormatter):
    """Wraps each paragraph of a description or epilog on its own (argparse's default joins
    them, and ``RawDescriptionHelpFormatter`` does not wrap at all)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        # argparse sizes every formatter it makes (one per option added) to the terminal, with
        # shutil.get_terminal_size: the same width, without importing shutil (and bz2 and lzma
        # with it) for a parse that prints nothing
        if width is None:
            width = terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n\n".join(
            super(_Formatter, self)._fill_text(part, width, indent) for part in text.split("\n\n")
        )


def terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``: ``COLUMNS`` when it is a positive integer, else the
    width of the terminal on ``sys.__stdout__``, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns


def build_parser() -> argparse.ArgumentParser:
    """The parser of the whole command line: every command."""
    return _parser(None)


#: The commands, in the order ``--help`` lists them.
COMMANDS = ("traffic", "request", "response", "mitmproxy-addon")


def _parser(only: str | None) -> argparse.ArgumentParser:
    """The parser with every command, or with the one command ``only`` (``parse``, when the
    command line starts with it: argparse hands all that follows to that command's parser, and
    never asks the others)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Judge ModelArts training-job-search traffic, request bodies and responses "
        f"against its OpenAPI contract. {_CHECKED}",
        epilog=f"{_EXIT_CODES}\n\nExample: {_TRAFFIC[2]}\n\n"
        f"Run {PROG} COMMAND --help for a command's inputs and options.",
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _common(parser, top=True)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    subs = []
    if only in (None, "traffic"):
        traffic = commands.add_parser(
            "traffic",
            help="check captured exchanges (HAR, NDJSON; files, directories, -)",
            **_texts(*_TRAFFIC),  # type: ignore[arg-type]
        )
        traffic.add_argument("files", nargs="+", metavar="FILE", help="capture, directory, or -")
        traffic.add_argument(
            "--jobs",
            "-j",
            type=_jobs,
            default=1,
            metavar="N",
            help="processes to check with (default: 1; 0: one per CPU; never more than the CPUs "
            "and the pieces of work). The report is the same whatever N; large uncompressed "
            "captures are split between the processes",
        )
        _gate(traffic)
        _coverage(traffic)
        subs.append(traffic)
    if only in (None, "request"):
        request = commands.add_parser(
            "request",
            help="check one request body (JSON)",
            **_texts(*_REQUEST),  # type: ignore[arg-type]
        )
        request.add_argument("files", nargs=1, metavar="FILE", help="request body file, or -")
        subs.append(request)
    if only in (None, "response"):
        response = commands.add_parser(
            "response",
            help="check one response (status and body)",
            **_texts(*_RESPONSE),  # type: ignore[arg-type]
        )
        response.add_argument("--status", type=int, required=True, metavar="N", help="HTTP status")
        response.add_argument(
            "--content-type",
            default="application/json",
            metavar="TYPE",
            help="the response's Content-Type (default: application/json; '' for none)",
        )
        response.add_argument("files", nargs=1, metavar="FILE", help="response body file, or -")
        subs.append(response)
    for sub in subs:
        _common(sub, top=False)
    if only in (None, "mitmproxy-addon"):
        commands.add_parser(
            "mitmproxy-addon",
            formatter_class=_Formatter,
            help="print the path of the mitmproxy addon that checks live traffic",
            description="Print the path of the mitmproxy addon script, for "
            '`mitmdump -s "$(modelarts-validate mitmproxy-addon)"`: it checks every flow of the '
            "operation as it completes (options: --set modelarts_report=PATH, "
            "--set modelarts_strict=true).",
        )
    return parser


def addon_path() -> str:
    """Where the mitmproxy addon script is (found, not imported: the addon is another
    application on the same layers, and imports mitmproxy's world only when mitmproxy runs it)."""
    import importlib.util
    from pathlib import Path

    found = importlib.util.find_spec("modelarts_validators.live.mitmproxy_addon")
    if found is None or found.origin is None:  # pragma: no cover - shipped with the package
        raise RuntimeError("the mitmproxy addon is not installed with this package")
    return str(Path(found.origin).resolve())


def parse(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> Options | int:
    """The options, or the exit code when parsing ends the run: 0 after ``--help``, 2 after a
    usage error (usage and the error on ``stderr``, never a traceback)."""
    first = argv[0] if argv else None
    parser = _parser(first if first in COMMANDS else None)
    with redirect_stdout(stdout), redirect_stderr(stderr):
        try:
            namespace = parser.parse_args(list(argv))
            status = getattr(namespace, "status", None)
            if status is not None and not 100 <= status <= 599:
                parser.error(f"--status {status} is not an HTTP status (100-599)")
            if getattr(namespace, "update_baseline", False) and not namespace.baseline:
                parser.error("--update-baseline needs --baseline FILE (the file to write)")
            if getattr(namespace, "coverage_format", None) and not namespace.coverage:
                parser.error("--coverage-format needs --coverage FILE (the file to write)")
            if namespace.command == "mitmproxy-addon":
                print(addon_path())
                return 0
        except SystemExit as exit_:
            return exit_.code if isinstance(exit_.code, int) else 2
    return Options(
        command=namespace.command,
        files=tuple(namespace.files),
        status=status,
        content_type=getattr(namespace, "content_type", "application/json"),
        format=namespace.format,
        output=namespace.output,
        strict=namespace.strict,
        engine=namespace.engine,
        quiet=namespace.quiet,
        color=namespace.color,
        spec=namespace.spec,
        jobs=getattr(namespace, "jobs", 1),
        servers=tuple(getattr(namespace, "servers", ())),
        allow_empty=getattr(namespace, "allow_empty", False),
        baseline=getattr(namespace, "baseline", None),
        update_baseline=getattr(namespace, "update_baseline", False),
        ignore_rejected=getattr(namespace, "ignore_rejected", False),
        max_record_size=namespace.max_record_size,
        fast=namespace.fast,
        coverage=getattr(namespace, "coverage", None),
        coverage_format=getattr(namespace, "coverage_format", None) or "json",
        min_coverage=tuple(getattr(namespace, "min_coverage", ())),
        suggest=getattr(namespace, "suggest", None),
    )
