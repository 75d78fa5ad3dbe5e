"""``modelarts-validate``: the command line over the library. ``arguments`` parses, ``execute``
checks and reports, ``main`` is the process: exit codes, one-line errors, streams.

``execute`` (and with it the contract, the readers and the reporters) is imported when a run
starts, not when the command line is parsed: ``--help`` answers without it, ``--version`` without
the parser too. The names of ``arguments`` and ``execute`` are imported on first use."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .main import DEBUG_VARIABLE, console_main, main

if TYPE_CHECKING:
    from .arguments import Options, build_parser, parse
    from .execute import run

_LAZY = {
    "Options": "arguments",
    "build_parser": "arguments",
    "parse": "arguments",
    "run": "execute",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)


__all__ = ["DEBUG_VARIABLE", "Options", "build_parser", "console_main", "main", "parse", "run"]
