"""``dataclasses`` and ``orjson``, imported without what they load for one rarely made call
(issue 18: start-up).

``dataclasses`` (Python 3.11) imports ``inspect``, and with it ``ast``, ``dis``, ``tokenize``,
``token``, ``linecache`` and ``importlib.machinery`` (about 27 ms of a one-entry run's 170 ms on
the benchmark's machine, a sixth), for one call: ``inspect.signature``, made only to write a
docstring for a dataclass that has none. Every dataclass of this package has one
(``tests/test_deferred.py``); under ``python -OO``, which strips them, ``inspect`` is imported
with the first.

When neither ``dataclasses`` nor ``inspect`` is imported yet, ``dataclasses`` is imported here
with a stand-in for ``inspect`` in ``sys.modules`` for as long as it loads. The stand-in stays in
``dataclasses``' namespace only: the first name it is asked for, it imports the real ``inspect``
and answers with the real module's (so a dataclass without a docstring gets the one
``dataclasses`` always writes). Once ``dataclasses`` has loaded, the stand-in is out of
``sys.modules``, and ``import inspect`` anywhere is the real module, imported as usual.

``orjson`` imports ``uuid`` (for its ``UUID`` type), which on Linux (Python 3.11 and 3.12)
imports ``platform``, which compiles nine regular expressions as it loads, for one call:
``platform.system()``, made once as ``uuid`` loads (about 9 M instructions, 4% of a one-entry
run). ``orjson``, asked of this module (``from .._deferred import orjson``, PEP 562: not imported
with it, so that ``--help`` does not load it), is imported with ``uuid`` loaded under a stand-in
for ``platform`` whose ``system()`` is ``os.uname().sysname``, what ``platform.system()``
answers on Linux; any other name asked of the stand-in is the real ``platform``'s.

A stand-in is used only while this thread is the process's only one (``only_thread``: a one-entry
run of the command line, where start-up is measured): another thread importing the module at
that moment would get the stand-in, and keep it. Otherwise, or when either module is already
imported, or on a Python whose ``dataclasses`` asks ``inspect`` for every class (3.12 on) or
whose ``uuid`` needs no ``platform`` (3.13 on, and any system but Linux), the modules are
imported as usual.

The package's modules take ``dataclasses`` and ``orjson`` from here (``tests/test_deferred.py``
holds them to it), so that whichever of them is imported first, the stand-ins are used.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

_ModuleType = type(sys)


class _OnFirstUse(_ModuleType):  # type: ignore[misc,valid-type]
    """Stands in for the module of its name: any name asked of it is the real module's, imported
    then."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        if sys.modules.get(self.__name__) is self:  # asked while still standing in
            del sys.modules[self.__name__]
        return getattr(__import__(self.__name__), name)


def only_thread() -> bool:
    """Whether this thread is the only one of the process running Python code: then nothing else
    can import a module while this thread does."""
    return len(sys._current_frames()) == 1


def _import_standing_in(name: str, for_: str, **names: Any) -> None:
    """Import ``name`` (a top-level module) with a stand-in for ``for_`` while it loads, unless
    either is already imported or another thread runs. The stand-in answers ``names`` itself."""
    if name in sys.modules or for_ in sys.modules or not only_thread():
        __import__(name)
        return
    stand_in = sys.modules[for_] = _OnFirstUse(for_, f"{for_}, imported on first use (_deferred)")
    stand_in.__dict__.update(names)
    try:
        __import__(name)
    finally:
        if sys.modules.get(for_) is stand_in:
            del sys.modules[for_]


#: Whether this Python's ``dataclasses`` asks ``inspect`` only for a class without a docstring.
INSPECT_DEFERRED = sys.version_info < (3, 12)
#: Whether this Python's ``uuid`` imports ``platform`` for ``platform.system()`` alone.
PLATFORM_DEFERRED = sys.platform.startswith("linux") and sys.version_info < (3, 13)

if INSPECT_DEFERRED:
    _import_standing_in("dataclasses", "inspect")

import dataclasses as dataclasses  # noqa: E402  (after the stand-in's import)
from dataclasses import dataclass as dataclass  # noqa: E402
from dataclasses import field as field  # noqa: E402
from dataclasses import fields as fields  # noqa: E402
from dataclasses import replace as replace  # noqa: E402


def _system() -> str:
    """``platform.system()`` on Linux."""
    return os.uname().sysname


if TYPE_CHECKING:
    import orjson as orjson
else:

    def __getattr__(name: str) -> Any:
        if name != "orjson":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        if PLATFORM_DEFERRED:
            _import_standing_in("uuid", "platform", system=_system)
        import orjson

        globals()["orjson"] = orjson
        return orjson
