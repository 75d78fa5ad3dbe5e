"""``modelarts-validate``: judge captured traffic, a request body or a response against the
contract.

    modelarts-validate traffic FILE...                 HAR, NDJSON, directories, - for stdin
    modelarts-validate request FILE                    a request body (JSON), - for stdin
    modelarts-validate response --status N FILE        a response body, - for stdin

Exit codes: 0 conforms (warnings allowed), 1 any error finding (any warning under
``--strict``), 2 usage or input error: bad arguments, a broken spec, an input that cannot be
read. An input that breaks off mid-way (a truncated HAR) is exit 2 as well, after the records
read before the break have been checked and reported. No path prints a traceback (set
``MODELARTS_VALIDATE_DEBUG=1`` to get one for an internal error).

Reports go to stdout or ``--output``; diagnostics, one line each, and the progress line go to
stderr. Parsing (``parse``) is separate from running (``run``), so tests drive either alone;
``main(argv, stdout, stderr)`` is both.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal, NoReturn, TextIO, cast

from .checks import Contract
from .findings import Finding, Unreadable
from .parallel import Scheduler, WorkerDied, default_jobs, worth_splitting
from .progress import TICK_EVERY, Progress
from .readers import STDIN_NAME, Capture, CaptureError, Source, find_sources
from .redact import scrub
from .report import Place, Reporter, Summary
from .report_json import JsonReporter
from .report_junit import JunitReporter
from .report_text import TextReporter
from .spec import SpecError

PROG = "modelarts-validate"
DEBUG_VARIABLE = "MODELARTS_VALIDATE_DEBUG"

Command = Literal["traffic", "request", "response"]
Format = Literal["text", "json", "junit"]
Color = Literal["auto", "always", "never"]
Engine = Literal["rs", "python"]
Loader = Callable[..., Contract]


@dataclass(frozen=True, slots=True)
class Options:
    command: Command
    files: tuple[str, ...]
    status: int | None = None
    content_type: str = "application/json"
    format: Format = "text"
    output: str | None = None
    strict: bool = False
    engine: Engine = "rs"
    quiet: bool = False
    color: Color = "auto"
    spec: str | None = None
    jobs: int = 1


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Accepted before and after the command; after it, an option wins (SUPPRESS keeps the
    # subcommand from overwriting a value given before it with its default).
    def default(value: object) -> object:
        return value if top else argparse.SUPPRESS

    group = parser.add_argument_group("options")
    group.add_argument("--format", choices=["text", "json", "junit"], default=default("text"),
                       help="report format (default: text)")  # fmt: skip
    group.add_argument("--output", "-o", metavar="PATH", default=default(None),
                       help="write the report to PATH instead of stdout")  # fmt: skip
    group.add_argument("--strict", action="store_true", default=default(False),
                       help="drift (undocumented fields, values, statuses) fails the run too")  # fmt: skip
    group.add_argument("--engine", choices=["rs", "python"], default=default("rs"),
                       help="JSON Schema engine: jsonschema-rs (fast, default) or python jsonschema")  # fmt: skip
    group.add_argument("--quiet", "-q", action="store_true", default=default(False),
                       help="no progress line on stderr")  # fmt: skip
    group.add_argument("--color", choices=["auto", "always", "never"], default=default("auto"),
                       help="colour the text report (default: auto, when it goes to a terminal; NO_COLOR wins)")  # fmt: skip
    group.add_argument("--spec", metavar="PATH", default=default(None),
                       help="OpenAPI document to judge against (default: the packaged contract)")  # fmt: skip


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"{jobs} is not a number of processes (0 or more)")
    return jobs or default_jobs()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Judge ModelArts POST /v2/{project_id}/training-job-searches traffic "
        "against its OpenAPI contract.",
        epilog="Exit codes: 0 conforms (warnings allowed), 1 findings (errors, or any warning "
        "with --strict), 2 usage or input error.",
    )
    _common(parser, top=True)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    traffic = commands.add_parser(
        "traffic", help="check captured exchanges (HAR, NDJSON; files, directories, -)"
    )
    traffic.add_argument("files", nargs="+", metavar="FILE", help="capture, directory, or -")
    traffic.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=1,
        metavar="N",
        help="processes to check with (default: 1; 0: one per CPU). The report is the same "
        "whatever N; large uncompressed captures are split between the processes",
    )
    request = commands.add_parser("request", help="check one request body (JSON)")
    request.add_argument("files", nargs=1, metavar="FILE", help="request body file, or -")
    response = commands.add_parser("response", help="check one response (status and body)")
    response.add_argument("--status", type=int, required=True, metavar="N", help="HTTP status")
    response.add_argument(
        "--content-type",
        default="application/json",
        metavar="TYPE",
        help="the response's Content-Type (default: application/json; '' for none)",
    )
    response.add_argument("files", nargs=1, metavar="FILE", help="response body file, or -")
    for sub in (traffic, request, response):
        _common(sub, top=False)
    return parser


def parse(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> Options | int:
    """The options, or the exit code when parsing ends the run: 0 after ``--help``, 2 after a
    usage error (usage and the error on ``stderr``, never a traceback)."""
    parser = build_parser()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        try:
            namespace = parser.parse_args(list(argv))
            status = getattr(namespace, "status", None)
            if status is not None and not 100 <= status <= 599:
                parser.error(f"--status {status} is not an HTTP status (100-599)")
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
    )


class _InputFailed(Exception):
    """The run cannot start: a missing input, an unwritable output. Exit code 2."""


def run(
    options: Options,
    stdout: TextIO,
    stderr: TextIO,
    *,
    stdin: IO[bytes] | None = None,
    environ: Mapping[str, str] | None = None,
    load: Loader = Contract.load,
) -> int:
    """Check what ``options`` name and write the report; the exit code."""
    environ = os.environ if environ is None else environ
    try:
        contract = load(options.spec, engine=options.engine, strict=options.strict)
    except SpecError as error:
        return _fail(stderr, str(error))
    try:
        if options.command == "traffic":
            sources, body = find_sources(options.files), None
        else:
            sources, body = [], _read_body(options.files[0], stdin)
        out = _open_output(options, stdout)
    except (CaptureError, _InputFailed) as error:
        return _fail(stderr, str(error))
    try:
        return _report(options, contract, sources, body, out, stderr, stdin, environ)
    except BrokenPipeError:
        return 2
    except WorkerDied as error:
        return _fail(stderr, str(error))
    except OSError as error:
        return _fail(stderr, f"cannot write the report: {error.strerror or error}")
    finally:
        if out is not stdout:
            out.close()


def _open_output(options: Options, stdout: TextIO) -> TextIO:
    if options.output is None:
        return stdout
    try:
        return open(options.output, "w", encoding="utf-8")
    except OSError as error:
        raise _InputFailed(f"cannot write {options.output}: {error.strerror or error}") from None


def _report(
    options: Options,
    contract: Contract,
    sources: list[Source],
    body: tuple[str, bytes] | None,
    out: TextIO,
    stderr: TextIO,
    stdin: IO[bytes] | None,
    environ: Mapping[str, str],
) -> int:
    reporter = _reporter(options, out, environ)
    summary = Summary()
    if options.command == "traffic":
        show_progress = not options.quiet and _isatty(stderr)
        sizes = [s.size for s in sources]
        total = None if None in sizes else sum(cast(list[int], sizes))
        progress = Progress(stderr, total) if show_progress else None
        traffic = _Traffic(reporter, summary, progress, stderr, several=len(sources) > 1,
                           clear_first=progress is not None and _isatty(out))  # fmt: skip
        failures = _check_traffic(options, contract, sources, traffic, stdin)
        if progress is not None:
            progress.clear()
    else:
        assert body is not None
        _check_body(options, contract, reporter, summary, body)
        failures = 0
    reporter.finish(summary, strict=options.strict)
    out.flush()
    if failures:
        return 2
    return 1 if summary.failed(options.strict) else 0


def _reporter(options: Options, out: TextIO, environ: Mapping[str, str]) -> Reporter:
    if options.format == "json":
        return JsonReporter(out)
    if options.format == "junit":
        return JunitReporter(out, suite=f"{PROG} {options.command}")
    return TextReporter(out, color=_use_color(options.color, out, environ))


def _use_color(choice: Color, out: TextIO, environ: Mapping[str, str]) -> bool:
    if choice == "never" or environ.get("NO_COLOR"):
        return False
    if choice == "always":
        return True
    return _isatty(out) and environ.get("TERM") != "dumb"


def _isatty(stream: IO[str] | IO[bytes]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


class _Traffic:
    """Where the records of a ``traffic`` run go: the summary, the report, the progress line
    (the ``parallel.Sink`` of a run with ``--jobs``)."""

    def __init__(
        self,
        reporter: Reporter,
        summary: Summary,
        progress: Progress | None,
        stderr: TextIO,
        *,
        several: bool,
        clear_first: bool,
    ) -> None:
        self.reporter = reporter
        self.summary = summary
        self.progress = progress
        self.stderr = stderr
        self.several = several
        self.needs_passed: bool = getattr(reporter, "needs_passed", True)
        self._clear = progress.clear if clear_first and progress is not None else None

    def label(self, source: Source) -> str:
        """How locations name the input: only when there are several."""
        return source.name if self.several else ""

    def unreadable(self, label: str, record: Unreadable) -> None:
        self.summary.add_unreadable()
        if self._clear is not None:  # findings and progress share a screen
            self._clear()
        self.reporter.unreadable(Place(label, record.entry), record)

    def checked(
        self, label: str, entry: int, method: str, url: str, findings: list[Finding]
    ) -> None:
        self.summary.add_checked(findings)
        if findings or self.needs_passed:
            if findings and self._clear is not None:
                self._clear()
            self.reporter.checked(Place(label, entry, method, url), findings)

    def counted(self, entries: int, conforming: int, unmatched: int) -> None:
        summary = self.summary
        summary.entries += entries
        summary.checked += conforming
        summary.conforming += conforming
        summary.unmatched += unmatched

    def tick(self, done_bytes: int | None) -> None:
        if self.progress is not None:
            self.progress.tick(self.summary.entries, done_bytes)

    def failed(self, message: str) -> None:
        self.summary.failed_inputs += 1
        if self.progress is not None:
            self.progress.clear()
        _diagnose(self.stderr, message)


def _check_traffic(
    options: Options,
    contract: Contract,
    sources: list[Source],
    traffic: _Traffic,
    stdin: IO[bytes] | None,
) -> int:
    """Stream every source through the checks; the number of inputs that failed."""

    def check_source(source: Source, done: int) -> bool:
        return _check_source(contract, source, traffic, stdin, done)

    with _fewer_gc_passes():  # forked workers inherit it
        if options.jobs > 1 and worth_splitting(sources):
            scheduler = Scheduler(contract, sources, traffic, check_source, jobs=options.jobs,
                                  needs_passed=traffic.needs_passed)  # fmt: skip
            return scheduler.run(options.spec, options.engine, options.strict)
        failed = done = 0
        for source in sources:
            failed += not check_source(source, done)
            done += source.size or 0
        return failed


@contextmanager
def _fewer_gc_passes() -> Iterator[None]:
    """Parsed bodies are hundreds of thousands of containers a second, freed by reference
    counting (they hold no cycles); at the default threshold (700) the cyclic collector scans
    the young generation thousands of times a second for nothing: 5% of a run. It still runs,
    less often."""
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _check_source(
    contract: Contract,
    source: Source,
    traffic: _Traffic,
    stdin: IO[bytes] | None,
    done: int,
) -> bool:
    """Check one input in this process; False when it could not be read to its end."""
    check = contract.check_exchange
    summary = traffic.summary
    tick = traffic.progress is not None
    label = traffic.label(source)
    mask = TICK_EVERY - 1
    capture = Capture(source, stdin)
    try:
        with capture:
            for record in capture.records():
                summary.entries += 1
                if tick and not summary.entries & mask:
                    position = capture.position()
                    traffic.tick(None if position is None else done + position)
                if isinstance(record, Unreadable):
                    traffic.unreadable(label, record)
                    continue
                findings = check(record)
                if findings is None:
                    summary.unmatched += 1
                    continue
                request = record.request
                traffic.checked(label, record.entry, request.method, request.url, findings)
    except CaptureError as error:
        traffic.failed(str(error))
        return False
    return True


def _read_body(name: str, stdin: IO[bytes] | None) -> tuple[str, bytes]:
    """The label and bytes of the lone body of ``request`` and ``response``; read before the
    report starts, so that an unreadable body is exit 2 with no report at all."""
    if name == "-":
        if stdin is None:
            raise _InputFailed("standard input is not available")
        return STDIN_NAME, stdin.read()
    try:
        return name, Path(name).read_bytes()
    except OSError as error:
        raise _InputFailed(f"{name}: {error.strerror or error}") from None


def _check_body(
    options: Options,
    contract: Contract,
    reporter: Reporter,
    summary: Summary,
    body: tuple[str, bytes],
) -> None:
    label, raw = body
    findings: list[Finding]
    if options.command == "request":
        findings = contract.check_request_body(raw)
    else:
        headers = {"content-type": options.content_type} if options.content_type else {}
        findings = contract.check_response(cast(int, options.status), headers, raw)
    summary.entries += 1
    summary.add_checked(findings)
    reporter.checked(Place(label, None), findings)


def _one_line(message: str) -> str:
    return " ".join(scrub(message).split())


def _diagnose(stderr: TextIO, message: str) -> None:
    stderr.write(f"{PROG}: error: {_one_line(message)}\n")
    stderr.flush()


def _fail(stderr: TextIO, message: str) -> int:
    _diagnose(stderr, message)
    return 2


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    *,
    stdin: IO[bytes] | None = None,
    environ: Mapping[str, str] | None = None,
    load: Loader = Contract.load,
) -> int:
    """Parse ``argv`` and run; the exit code. Nothing escapes as an exception (an internal
    error is one line on ``stderr`` and exit code 2, or a traceback with
    ``MODELARTS_VALIDATE_DEBUG`` set)."""
    argv = sys.argv[1:] if argv is None else argv
    stdout = sys.stdout if stdout is None else stdout
    stderr = sys.stderr if stderr is None else stderr
    stdin = sys.stdin.buffer if stdin is None else stdin
    environ = os.environ if environ is None else environ
    try:
        options = parse(argv, stdout, stderr)
        if isinstance(options, int):
            return options
        return run(options, stdout, stderr, stdin=stdin, environ=environ, load=load)
    except KeyboardInterrupt:
        stderr.write(f"\n{PROG}: interrupted\n")
        return 130
    except Exception as error:
        if environ.get(DEBUG_VARIABLE):
            raise
        _diagnose(
            stderr,
            f"internal error: {type(error).__name__}: {error} "
            f"(set {DEBUG_VARIABLE}=1 for a traceback)",
        )
        return 2


def console_main() -> NoReturn:
    """The ``modelarts-validate`` console script."""
    for stream in (sys.stdout, sys.stderr):  # a report never fails on a character the
        if hasattr(stream, "reconfigure"):  # terminal's encoding lacks
            stream.reconfigure(errors="backslashreplace")
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader of stdout went away (| head): no noise at shutdown
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = code or 2
    sys.exit(code)
