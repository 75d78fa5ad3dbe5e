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
stderr. Parsing (``arguments.parse``) is separate from running (``execute.run``), so tests drive
either alone; ``main(argv, stdout, stderr)`` is both, and turns every failure into one line and
an exit code.
"""

from __future__ import annotations

import errno
import gc
import io
import os
import sys
from collections.abc import Mapping, Sequence
from typing import IO, TYPE_CHECKING, NoReturn, TextIO

from .._version import __version__

if TYPE_CHECKING:
    from .execute import Loader

DEBUG_VARIABLE = "MODELARTS_VALIDATE_DEBUG"
#: The cyclic collector's first threshold in the console script (``console_main``).
_START_UP_THRESHOLD = 50_000
#: ``arguments.PROG`` (tested equal), for ``--version`` without the parser.
_PROG = "modelarts-validate"


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    *,
    stdin: IO[bytes] | None = None,
    environ: Mapping[str, str] | None = None,
    load: Loader | None = None,
) -> int:
    """Parse ``argv`` and run; the exit code. Nothing escapes as an exception (an internal
    error is one line on ``stderr`` and exit code 2, or a traceback with
    ``MODELARTS_VALIDATE_DEBUG`` set). ``load`` makes the ``Contract`` (default
    ``Contract.load``).

    Running (``execute``: the contract, the readers, the reporters) is imported only once the
    arguments ask for a run: ``--help`` and usage errors answer without it, and ``--version``
    alone (what argparse would print, before the parser is built) without the parser either."""
    argv = sys.argv[1:] if argv is None else argv
    # A standard stream the process was started without (``1>&-``) is None in ``sys``: the
    # report then fails to be written, with one line; a closed stdin matters only when read.
    out: TextIO = (sys.stdout or _Closed("standard output")) if stdout is None else stdout
    err: TextIO = (sys.stderr or io.StringIO()) if stderr is None else stderr
    stdin = getattr(sys.stdin, "buffer", None) if stdin is None else stdin
    environ = os.environ if environ is None else environ
    if list(argv) == ["--version"]:
        out.write(f"{_PROG} {__version__}\n")
        return 0
    from .arguments import PROG, parse

    try:
        options = parse(argv, out, err)
        if isinstance(options, int):
            return options
        from .execute import run

        if load is None:
            return run(options, out, err, stdin=stdin, environ=environ)
        return run(options, out, err, stdin=stdin, environ=environ, load=load)
    except KeyboardInterrupt:
        err.write(f"\n{PROG}: interrupted\n")
        return 130
    except Exception as error:
        if environ.get(DEBUG_VARIABLE):
            raise
        from .execute import diagnose

        diagnose(
            err,
            f"internal error: {type(error).__name__}: {error} "
            f"(set {DEBUG_VARIABLE}=1 for a traceback)",
        )
        return 2


class _Closed(io.StringIO):
    """A standard stream that is not open: every write fails as writing to a closed descriptor
    does."""

    def __init__(self, name: str) -> None:
        self._name = name

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, f"{self._name} is closed")


def console_main() -> NoReturn:
    """The ``modelarts-validate`` console script."""
    # Start-up makes tens of thousands of objects that live as long as the process (modules,
    # classes, the spec and its validators): at the default threshold (700) the cyclic collector
    # scans them some forty times before the first record, a twentieth of a short run's time,
    # and frees next to nothing. The record loop collects at this threshold too (``run.traffic``).
    gc.set_threshold(_START_UP_THRESHOLD, *gc.get_threshold()[1:])
    for stream in (sys.stdout, sys.stderr):  # a report never fails on a character the
        if hasattr(stream, "reconfigure"):  # terminal's encoding lacks
            stream.reconfigure(errors="backslashreplace")
    code = main()
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:  # the reader of stdout went away (| head): no noise at shutdown
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = code or 2
    # The interpreter's shutdown collects cycles over every object still alive, more than once:
    # for a short run, longer than checking it. The process frees its memory as it exits; what
    # the run wrote is closed and flushed by now (exit handlers still run).
    gc.freeze()
    sys.exit(code)
