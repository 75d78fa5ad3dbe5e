"""``modelarts-validate``: the command line over the library. ``arguments`` parses, ``execute``
checks and reports, ``main`` is the process: exit codes, one-line errors, streams."""

from .arguments import Options, build_parser, parse
from .execute import run
from .main import DEBUG_VARIABLE, console_main, main

__all__ = ["DEBUG_VARIABLE", "Options", "build_parser", "console_main", "main", "parse", "run"]
