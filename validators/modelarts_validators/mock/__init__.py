"""``modelarts-mock``: a local stand-in for the training-job search API (``server``), over a
seeded data set with the page's search semantics (``data``), recording what it serves as HAR
(``recorder``); ``main`` is the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .main import console_main, main

if TYPE_CHECKING:
    from .server import MockConfig, MockServer


def __getattr__(name: str) -> Any:
    """``MockConfig`` and ``MockServer``, imported on first use: ``modelarts-mock --help`` and
    ``--version`` answer without the server, the data set and the contract."""
    if name in ("MockConfig", "MockServer"):
        from . import server

        return getattr(server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["MockConfig", "MockServer", "console_main", "main"]
