"""``modelarts-mock``: the command line that serves ``MockServer`` until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import IO

from .._version import __version__

#: The longest ``--latency`` accepted: a day. Longer (or not a number) is a typing mistake, and
#: ``time.sleep`` refuses values beyond what the platform can wait.
MAX_LATENCY = 86_400.0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="modelarts-mock",
        description="A local stand-in for POST /v2/{project_id}/training-job-searches.",
    )
    parser.add_argument("--version", action="version", version=f"modelarts-mock {__version__}")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    parser.add_argument("--jobs", type=int, default=100, help="number of jobs served (default 100)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the data set (default 0)")
    parser.add_argument("--record", type=Path, help="write every exchange to this HAR 1.2 file")
    parser.add_argument(
        "--drift",
        action="store_true",
        help="add undocumented fields and values, as the live service does",
    )
    parser.add_argument(
        "--check-signature",
        metavar="AK:SK",
        help="verify AK/SK signatures with these credentials (default: any well-formed one)",
    )
    parser.add_argument(
        "--token",
        action="append",
        default=[],
        metavar="VALUE",
        help="accept only this X-Auth-Token (repeat for several); any other is a 401 "
        "(default: any non-empty token)",
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="delay every answer by this many seconds; concurrent requests wait side by side "
        "(default 0)",
    )
    return parser


def main(
    argv: Sequence[str] | None = None, stdout: IO[str] = sys.stdout, stderr: IO[str] = sys.stderr
) -> int:
    parser = _parser()
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):
            args = parser.parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    credentials = None
    if args.check_signature is not None:
        ak, sep, sk = args.check_signature.partition(":")
        if not sep or not ak or not sk:
            print("modelarts-mock: --check-signature takes AK:SK", file=stderr)
            return 2
        credentials = (ak, sk)
    if args.jobs < 0:
        print("modelarts-mock: --jobs must be >= 0", file=stderr)
        return 2
    if any(not token or token != token.strip() or not token.isprintable() for token in args.token):
        print(
            "modelarts-mock: --token takes a non-empty value without spaces at its ends "
            "or control characters",
            file=stderr,
        )
        return 2
    if not 0 <= args.latency <= MAX_LATENCY:
        print(
            f"modelarts-mock: --latency must be between 0 and {MAX_LATENCY:g} seconds", file=stderr
        )
        return 2
    from .server import MockConfig, MockServer  # after parsing: --help and --version need neither

    config = MockConfig(
        host=args.host,
        port=args.port,
        jobs=args.jobs,
        seed=args.seed,
        drift=args.drift,
        record=args.record,
        credentials=credentials,
        latency=args.latency,
        tokens=tuple(args.token),
    )
    try:
        server = MockServer(config)
    except OSError as exc:
        print(
            f"modelarts-mock: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=stderr
        )
        return 2
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with server:
        print(server.url, file=stdout, flush=True)
        stop.wait()
    return 0


def console_main() -> None:
    sys.exit(main())
