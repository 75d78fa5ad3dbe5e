"""``modelarts-validate``: the command line over the library. ``arguments`` parses, ``execute``
checks and reports, ``main`` is the process: exit codes, one-line errors, streams.

``execute`` (and with it the contract, the readers and the reporters) is imported when a run
starts, not when the command line is parsed: ``--help`` and ``--version`` answer without it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .arguments import Options, build_parser, parse
from .main import DEBUG_VARIABLE, console_main, main

if TYPE_CHECKING:
    from .execute import run


def __getattr__(name: str) -> Any:
    if name == "run":
        from .execute import run

        return run
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["DEBUG_VARIABLE", "Options", "build_parser", "console_main", "main", "parse", "run"]
