"""Running parsed ``Options``: load the contract, open the inputs and the output, check, report;
the exit code.

    0  conforms (warnings allowed)
    1  any error finding (drift is an error under ``--strict``: the contract decides that) not
       accepted by ``--baseline``; or a traffic run that checked no exchange of the operation
       (unless ``--allow-empty``), with one line saying what was read
    2  usage or input error: a broken spec, an input that cannot be read, an output that cannot
       be written; an input that breaks off mid-way, after the records before the break have
       been checked and reported
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Mapping
from typing import IO, TYPE_CHECKING, Any, TextIO, cast

from .._deferred import replace
from ..capture.errors import CaptureError
from ..capture.records import Unreadable, too_large
from ..capture.sources import STDIN_NAME, Skipped, Source, display_name, search_sources
from ..contract.contract import Contract
from ..contract.findings import Origin
from ..contract.redact import scrub
from ..contract.spec import SpecError
from ..report import ReportOptions, make_reporter
from ..report.base import Reporter, printable
from ..report.gate import empty_run_message, nothing_checked
from ..run.progress import Progress
from ..run.summary import Summary
from ..run.traffic import TrafficRun
from ..run.triage import Triage
from .arguments import PROG, Color, Options

if TYPE_CHECKING:  # imported where used: a run without --baseline reads none
    from ..run.baseline import Baseline

Loader = Callable[..., Contract]


class InputFailed(Exception):
    """The run cannot start: a missing input, an unwritable output. Exit code 2."""


class OutputFailed(Exception):
    """A file the run was asked to write (``--coverage``, ``--suggest``) could not be written
    at the end. Exit code 2, the message naming the option and the file."""


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
        extra: dict[str, Any] = {"servers": options.servers} if options.servers else {}
        if not options.fast:
            extra["fast"] = False
        contract = load(options.spec, engine=options.engine, strict=options.strict, **extra)
    except SpecError as error:
        return fail(stderr, str(error))
    skipped = Skipped()
    try:
        if options.command == "traffic":
            sources, skipped = search_sources(options.files, options.max_record_size)
            body = None
            if skipped.total:
                stderr.write(f"{PROG}: {one_line(skipped.describe())}\n")
        else:
            from .misplaced import misplaced_input  # a body's command only

            sources, body = [], _read_body(options.files[0], stdin, options.max_record_size)
            label, raw = body
            misplaced = None if raw is None else misplaced_input(label, raw, options.command)
            if misplaced is not None:
                raise InputFailed(misplaced)
        inputs = [str(s.path) for s in sources if s.path is not None]
        if options.command != "traffic" and options.files[0] != "-":
            inputs.append(options.files[0])
        if options.spec:
            inputs.append(str(options.spec))
        distinct_outputs(options, inputs)
        for path in (options.coverage, options.suggest):
            if path is not None:
                writable(path)
        out = _open_output(options, stdout)
    except (CaptureError, InputFailed) as error:
        return fail(stderr, str(error))
    try:
        code = _report(options, contract, sources, body, out, stderr, stdin, environ, skipped.total)
    except BrokenPipeError:
        code = 2
    except OutputFailed as error:
        code = fail(stderr, str(error))
    except _run_errors() as error:
        code = fail(stderr, str(error))
    except OSError as error:
        code = fail(stderr, f"cannot write the report: {error.strerror or error}")
    if out is not stdout:
        try:
            out.close()  # flushes what is left: a full disk may only show here
        except OSError as error:
            if code != 2:
                code = fail(stderr, f"cannot write the report: {error.strerror or error}")
    return code


def _run_errors() -> tuple[type[Exception], ...]:
    """The errors a run ends on with exit 2 and their message: ``BaselineError`` and the
    parallel scheduler's ``WorkerDied``, of the modules a run has imported (no other module
    raises them, and a run imports them only when it reads a baseline or runs workers).
    Evaluated only when an exception is being matched."""
    errors: list[type[Exception]] = []
    for module, name in _RUN_ERRORS:
        loaded = sys.modules.get(module)
        if loaded is not None:
            errors.append(getattr(loaded, name))
    return tuple(errors)


_RUN_ERRORS = (
    ("modelarts_validators.run.baseline", "BaselineError"),
    ("modelarts_validators.run.parallel.scheduler", "WorkerDied"),
)


def _open_output(options: Options, stdout: TextIO) -> TextIO:
    if options.output is None:
        return stdout
    if not options.output:
        writable(options.output)  # (says the path is empty)
    try:
        return open(options.output, "w", encoding="utf-8")
    except OSError as error:
        raise InputFailed(f"cannot write {options.output}: {error.strerror or error}") from None


def writable(path: str) -> None:
    """``InputFailed`` unless a file can be written at ``path`` (checked before any work, so a
    long run never ends unable to write what it was asked for). Nothing is created."""
    if not path:
        raise InputFailed("cannot write '': the path is empty")
    target = os.path.abspath(path)
    if os.path.isdir(target):
        raise InputFailed(f"cannot write {path}: it is a directory")
    folder = os.path.dirname(target)
    if os.path.exists(target):
        ok = os.access(target, os.W_OK)
    else:
        ok = os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK)
    if not ok:
        above = folder
        while not os.path.exists(above):  # the nearest folder or file that is there
            above = os.path.dirname(above)
        if not os.path.isdir(above):
            shown = above if os.path.isabs(path) else os.path.relpath(above)
            reason = f"{shown} is not a directory"
        else:
            reason = "permission denied" if above == folder else "no such directory"
        raise InputFailed(f"cannot write {path}: {reason}")


def distinct_outputs(options: Options, inputs: list[str]) -> None:
    """``InputFailed`` when a file the run writes is one it reads (``inputs``: the captures or
    the body, and a ``--baseline`` only read), or two of its outputs are one file: either would
    lose what was there or what was written first. Checked before any work."""
    outputs = [
        (flag, path)
        for flag, path in (
            ("--baseline", options.baseline if options.update_baseline else None),
            ("-o", options.output),
            ("--coverage", options.coverage),
            ("--suggest", options.suggest),
        )
        if path
    ]
    if options.baseline and not options.update_baseline:
        inputs = [*inputs, options.baseline]
    for index, (flag, path) in enumerate(outputs):
        if any(_same_file(path, read) for read in inputs):
            raise InputFailed(f"{flag} {path} is also an input: it would be overwritten")
        for other, second in outputs[index + 1 :]:
            if _same_file(path, second):
                raise InputFailed(
                    f"{flag} and {other} both name {path}: each output needs its own file"
                )


def _same_file(first: str, second: str) -> bool:
    """Whether two paths name one regular file (through links too); for a file not there yet,
    whether they resolve to the same path. A device (``/dev/null``) is never one file: writing
    it twice loses nothing."""
    try:
        one, other = os.stat(first), os.stat(second)
    except OSError:
        return os.path.realpath(first) == os.path.realpath(second)
    return stat.S_ISREG(one.st_mode) and os.path.samestat(one, other)


def _report(
    options: Options,
    contract: Contract,
    sources: list[Source],
    body: tuple[str, bytes | None] | None,
    out: TextIO,
    stderr: TextIO,
    stdin: IO[bytes] | None,
    environ: Mapping[str, str],
    skipped_files: int = 0,
) -> int:
    traffic = options.command == "traffic"
    coverage: dict[str, Any] | None = None
    suggestions: dict[str, Any] | None = None
    report_options = ReportOptions(
        show_source=len(sources) > 1 or not traffic,
        color=_use_color(options.color, out, environ),
        suite=f"{PROG} {options.command}",
        strict=options.strict,
        skipped_files=skipped_files,
    )
    report_options = _gate_options(options, contract, report_options)
    reporter = make_reporter(options.format, out, report_options)
    writer = None
    if traffic:
        show_progress = not options.quiet and isatty(stderr)
        sizes = [s.size for s in sources]
        total = None if None in sizes else sum(cast(list[int], sizes))
        progress = Progress(stderr, total) if show_progress else None
        baseline = report_options.baseline
        if options.update_baseline and baseline is not None:
            from ..run.baseline import BaselineWriter

            writer = BaselineWriter(reporter, baseline)
        run = TrafficRun(
            contract,
            writer or reporter,
            needs_passed=reporter.needs_passed,
            diagnose=lambda message: diagnose(stderr, message),
            progress=progress,
            clear_progress_first=progress is not None and isatty(out),
            triage=Triage(baseline, options.ignore_rejected),
            coverage=options.coverage is not None
            or options.suggest is not None
            or bool(options.min_coverage),
        )
        recipe = None
        if options.jobs > 1:  # what a spawned worker builds its contract from
            from ..run.parallel import Recipe

            recipe = Recipe(options.spec, options.engine, options.strict, options.servers)
            recipe = replace(recipe, coverage=run.coverage is not None, fast=contract.fast)
        failures = run.check(sources, stdin=stdin, jobs=options.jobs, recipe=recipe)
        summary = run.summary
        if run.coverage is not None:
            from ..report.coverage import coverage_document, coverage_lines
            from ..run.coverage import plan_for

            plan = plan_for(contract)
            coverage = coverage_document(plan, run.coverage)
            if options.suggest is not None:  # (the overlay's module only when it is written)
                from ..report.overlay import suggestion_overlay

                suggestions = suggestion_overlay(plan, run.coverage)
            if options.format == "text":  # (the text reporter's module: imported already)
                from ..report.text import TextReporter

                if isinstance(reporter, TextReporter):
                    reporter.coverage = coverage_lines(coverage)
    else:
        assert body is not None
        summary = _check_body(options, contract, reporter, body)
        failures = 0
    if coverage is not None and options.min_coverage:
        from ..report.coverage import shortfalls

        summary.coverage_shortfalls = tuple(shortfalls(coverage, options.min_coverage))
    reporter.finish(summary)
    out.flush()
    if coverage is not None:
        _write_coverage(options, coverage, suggestions)
    for line in summary.coverage_shortfalls:
        diagnose(stderr, line)
    short = bool(summary.coverage_shortfalls)
    if failures:
        return 2
    if traffic and nothing_checked(summary) and not options.allow_empty:
        diagnose(stderr, empty_run_message(summary, report_options.operation))
        return 1
    if writer is not None:
        writer.write()
        stderr.write(f"{PROG}: {writer.outcome(summary)}\n")
        return 1 if writer.still_failing(summary) or short else 0
    return 1 if summary.failed() or short else 0


def _write_coverage(
    options: Options, coverage: dict[str, Any], suggestions: dict[str, Any] | None
) -> None:
    """Write ``--coverage FILE`` and ``--suggest FILE`` (an ``OSError`` is exit 2, as for the
    report)."""
    from ..report.coverage import coverage_json, coverage_markdown

    if options.coverage is not None:
        markdown = options.coverage_format == "markdown"
        text = coverage_markdown(coverage) if markdown else coverage_json(coverage)
        _write_file("--coverage", options.coverage, text)
    if options.suggest is not None and suggestions is not None:
        from ..report.overlay import overlay_text

        _write_file("--suggest", options.suggest, overlay_text(suggestions, options.suggest))


def _write_file(flag: str, path: str, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        raise OutputFailed(f"cannot write {flag} {path}: {error.strerror or error}") from None


def _gate_options(options: Options, contract: Contract, report: ReportOptions) -> ReportOptions:
    """What the gate adds to the report options: the baseline (read and checked here, before
    any record: ``BaselineError`` is exit 2), the operation, the spec file for line numbers."""
    baseline: Baseline | None = None
    if options.command == "traffic" and options.baseline is not None:
        from ..run.baseline import load_baseline

        baseline = load_baseline(options.baseline, missing_ok=options.update_baseline)
    operation = contract.spec.operation
    spec_name = spec_text = ""
    if options.format in _SPEC_LINES:
        from ..report.spec_lines import spec_file

        spec_name, spec_text = spec_file(options.spec)
    return replace(
        report,
        allow_empty=options.allow_empty,
        baseline=baseline,
        operation=f"{operation.method} {operation.path}",
        spec_name=spec_name,
        spec_text=spec_text,
    )


#: The formats that locate findings in the spec file, by line.
_SPEC_LINES = frozenset({"sarif", "github", "markdown"})


def _use_color(choice: Color, out: TextIO, environ: Mapping[str, str]) -> bool:
    if choice == "never" or environ.get("NO_COLOR"):
        return False
    if choice == "always":
        return True
    return isatty(out) and environ.get("TERM") != "dumb"


def isatty(stream: IO[str] | IO[bytes]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _read_body(name: str, stdin: IO[bytes] | None, limit: int) -> tuple[str, bytes | None]:
    """The label and bytes of the lone body of ``request`` and ``response`` (None when it is
    longer than ``limit``: read no further); read before the report starts, so that an
    unreadable body is exit 2 with no report at all."""
    if name == "-":
        if stdin is None:
            raise InputFailed("standard input is not available")
        return STDIN_NAME, _bounded(stdin.read(limit + 1), limit)
    try:
        with open(name, "rb") as stream:
            return display_name(name), _bounded(stream.read(limit + 1), limit)
    except OSError as error:
        raise InputFailed(f"{display_name(name)}: {error.strerror or error}") from None


def _bounded(data: bytes, limit: int) -> bytes | None:
    return None if len(data) > limit else data


def _check_body(
    options: Options, contract: Contract, reporter: Reporter, body: tuple[str, bytes | None]
) -> Summary:
    label, raw = body
    summary = Summary()
    if raw is None:
        summary.add_unreadable()
        message = f"the {options.command} body is {too_large(options.max_record_size)}"
        reporter.unreadable(Unreadable(None, message, label))
        return summary
    if options.command == "request":
        findings = contract.check_request_body(raw)
    else:
        headers = {"content-type": options.content_type} if options.content_type else {}
        findings = contract.check_response(cast(int, options.status), headers, raw)
    summary.add_checked(findings)
    reporter.checked(Origin(label), findings)
    return summary


def one_line(message: str) -> str:
    """A diagnostic on one line: white space folded, credentials scrubbed, controls escaped."""
    return printable(" ".join(scrub(message).split()))


def diagnose(stderr: TextIO, message: str) -> None:
    stderr.write(f"{PROG}: error: {one_line(message)}\n")
    stderr.flush()


def fail(stderr: TextIO, message: str) -> int:
    diagnose(stderr, message)
    return 2
