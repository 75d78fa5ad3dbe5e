"""Report formats, in one table: the name ``--format`` takes, and the class that writes it.

Each class takes ``(out, ReportOptions)`` and declares what it needs (``needs_passed``: whether
it is told about exchanges without findings, which costs a parallel run their transfer). A new
format is a module beside these and one line in ``_MODULES``.

A run imports the one reporter it writes (``make_reporter``): JUnit's imports XML escaping,
which imports ``urllib.request``, ``http.client`` and ``ssl``. ``REPORTERS`` (every format's
class, a ``dict``) is built on first use, and ``make_reporter`` uses it once it is.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, Literal, TextIO

from .base import Reporter, ReportOptions

if TYPE_CHECKING:
    REPORTERS: dict[ReportFormat, type[Reporter]]

#: The names ``--format`` takes.
ReportFormat = Literal["text", "json", "junit", "sarif", "github", "markdown"]

#: Each format's module (beside this one) and class, in ``--format``'s order.
_MODULES: dict[str, tuple[str, str]] = {
    "text": ("text", "TextReporter"),
    "json": ("json", "JsonReporter"),
    "junit": ("junit", "JunitReporter"),
    "sarif": ("sarif", "SarifReporter"),
    "github": ("github", "GithubReporter"),
    "markdown": ("markdown", "MarkdownReporter"),
}


def _reporter_class(name: str) -> type[Reporter]:
    module, cls = _MODULES[name]
    found: type[Reporter] = getattr(import_module(f"{__name__}.{module}"), cls)
    return found


def make_reporter(name: ReportFormat, out: TextIO, options: ReportOptions) -> Reporter:
    """The reporter of format ``name`` writing to ``out``."""
    table = globals().get("REPORTERS")
    cls = table[name] if table is not None else _reporter_class(name)
    return cls(out, options)  # type: ignore[call-arg]


def __getattr__(name: str) -> Any:
    if name == "REPORTERS":
        table = {format_: _reporter_class(format_) for format_ in _MODULES}
        globals()["REPORTERS"] = table
        return table
    for format_, (_, cls) in _MODULES.items():
        if name == cls:  # the classes, as the package named them before they were lazy
            return _reporter_class(format_)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "REPORTERS", *(cls for _, cls in _MODULES.values())})


__all__ = ["REPORTERS", "ReportFormat", "ReportOptions", "Reporter", "make_reporter"]
