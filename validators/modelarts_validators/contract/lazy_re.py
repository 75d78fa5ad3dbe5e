"""Regular expressions compiled on first use.

Compiling a pattern takes a tenth of a millisecond to a millisecond; the package's modules hold
some thirty, most of them for what a short run never meets (credentials in free text, a
document nested too deep, a broken spec). ``lazy_compile`` stands for ``re.compile`` at module
level: the pattern is compiled when one of its methods is first looked up, then that method is
the compiled pattern's own.
"""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast


def lazy_compile(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, compiled when first used."""
    return cast("re.Pattern[AnyStr]", _LazyPattern(pattern, flags))


class _LazyPattern:
    _compiled: re.Pattern[Any]

    def __init__(self, pattern: Any, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only for a name not looked up before
        if name.startswith("__"):  # (copy's and pickle's probes)
            raise AttributeError(name)
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self._compiled = re.compile(*self._source)
        value = getattr(compiled, name)
        setattr(self, name, value)  # the next lookup finds it here
        return value

    def __repr__(self) -> str:
        return f"lazy_compile({self._source[0]!r})"
