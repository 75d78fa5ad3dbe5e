"""Dataclasses made without compiling their methods (start-up, issue 18).

``@dataclass(frozen=True, slots=True)`` compiles six functions from generated source each time
a class is made (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``,
``__delattr__``), ``@dataclass(slots=True)`` three: 2-4 M instructions a class. A one-entry run
made twenty such classes, a quarter of its instructions (callgrind: 80 M of 324 M), nine tenths
of it ``compile``; written as below they cost 62 M less.

``frozen`` (for ``dataclass(frozen=True, slots=True)``) and ``record`` (for
``dataclass(slots=True)``) make the same classes without compiling: the class writes out its
``__init__`` (compiled with its module, so cached as bytecode), and ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__``, ``__delattr__``, ``__getstate__`` and ``__setstate__`` are shared
functions of the fields' names that behave as the generated ones do. ``dataclasses`` takes the
class for what it is (``fields``, ``replace``, ``asdict``, ``is_dataclass``,
``__dataclass_params__``, ``__match_args__``, ``__slots__``). ``tests/test_frozen.py`` holds each
such class to its twin, the class ``dataclass`` makes of the same fields: signature (a field added
to the class and not to its ``__init__`` fails it), repr, equality, hash, what assigning and
deleting raise, copies and pickles.
"""

from __future__ import annotations

from _thread import get_ident
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

from ._deferred import dataclasses

T = TypeVar("T")

#: Every class made here (``tests/test_frozen.py`` holds each to its twin).
MADE: list[type] = []

#: What ``frozen`` writes in the class (a class that writes one itself is refused: the
#: generated one would not be it).
_MADE = ("__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")


@dataclass_transform(frozen_default=True)
def frozen(cls: type[T], *, init: bool = True) -> type[T]:
    """``dataclass(frozen=True, slots=True, init=init)(cls)`` for ``cls`` that defines its own
    ``__init__``: with ``init`` (the default) that ``__init__`` is the one the dataclass would
    generate (the same signature; it sets each field with ``object.__setattr__``); ``init=False``
    for an ``__init__`` of its own making, as with ``dataclass(init=False)``."""
    _check(cls)
    made = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=True)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]
    params = made.__dataclass_params__  # type: ignore[attr-defined]
    params.init, params.repr, params.eq, params.frozen = init, True, True, True
    _put(made, _repr([f.name for f in fields if f.repr]))
    _put(made, _eq(_values([f.name for f in fields if f.compare])))
    hashed = [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
    _put(made, _hash(_values(hashed)))
    # the generated two test the class as it was before slots were added, as these do
    names = frozenset(f.name for f in fields)
    _put(made, _setattr(cls, names))
    _put(made, _delattr(cls, names))
    # what dataclass adds to a frozen class with slots, for copies and pickles
    for function in (__getstate__, __setstate__):
        setattr(made, function.__name__, function)
    MADE.append(made)
    return made


@dataclass_transform(frozen_default=True)
def frozen_own_init(cls: type[T]) -> type[T]:
    """``frozen`` for a class whose ``__init__`` is of its own making, as with
    ``dataclass(frozen=True, slots=True, init=False)``."""
    return frozen(cls, init=False)


#: The default a generated ``__init__`` gives a field that has a ``default_factory`` (shown as
#: ``<factory>``): an ``__init__`` written for ``frozen`` or ``record`` gives it too, and calls
#: the factory when it gets it.
FACTORY: Any = (
    getattr(dataclasses, "_HAS_DEFAULT_FACTORY", None)
    or type("_Factory", (), {"__repr__": lambda self: "<factory>"})()
)


@dataclass_transform()
def record(cls: type[T], *, slots: bool = True) -> type[T]:
    """``dataclass(slots=slots)(cls)`` (mutable, compared by its fields, unhashable) for ``cls``
    that defines the ``__init__`` the dataclass would generate (it sets each field; a field
    with a ``default_factory`` defaults to ``FACTORY``)."""
    _check(cls)
    made = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=slots)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]
    params = made.__dataclass_params__  # type: ignore[attr-defined]
    params.init, params.repr, params.eq = True, True, True
    _put(made, _repr([f.name for f in fields if f.repr]))
    _put(made, _eq(_values([f.name for f in fields if f.compare])))
    made.__hash__ = None  # type: ignore[assignment]  # (eq without frozen: as dataclass does)
    MADE.append(made)
    return made


@dataclass_transform()
def record_with_dict(cls: type[T]) -> type[T]:
    """``record`` without slots, as ``@dataclass`` alone makes a class."""
    return record(cls, slots=False)


def _check(cls: type) -> None:
    if "__init__" not in cls.__dict__:
        raise TypeError(f"{cls.__qualname__} must define its __init__")
    written = [name for name in _MADE if name in cls.__dict__]
    if written:
        raise TypeError(f"{cls.__qualname__} defines {', '.join(written)}: use dataclass")


def _put(cls: type, function: Callable[..., Any]) -> None:
    function.__qualname__ = f"{cls.__qualname__}.{function.__name__}"
    setattr(cls, function.__name__, function)


def _values(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of the named attributes (``(self.a, self.b,)``), made in C."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        get = attrgetter(names[0])
        return lambda self: (get(self),)
    return lambda self: ()


def _repr(names: list[str]) -> Callable[[Any], str]:
    get = _values(names)
    template = "{}(" + ", ".join(f"{name}={{!r}}" for name in names) + ")"
    running: set[tuple[int, int]] = set()

    def __repr__(self: Any) -> str:
        key = id(self), get_ident()
        if key in running:  # as dataclasses' recursive_repr
            return "..."
        running.add(key)
        try:
            return template.format(self.__class__.__qualname__, *get(self))
        finally:
            running.discard(key)

    return __repr__


def _eq(get: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, Any], Any]:
    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return get(self) == get(other)
        return NotImplemented

    return __eq__


def _hash(get: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(get(self))

    return __hash__


def _setattr(cls: type, names: frozenset[str]) -> Callable[[Any, str, Any], None]:
    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)  # type: ignore[arg-type]

    return __setattr__


def _delattr(cls: type, names: frozenset[str]) -> Callable[[Any, str], None]:
    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)  # type: ignore[arg-type]

    return __delattr__


def __getstate__(self: Any) -> list[Any]:
    return [getattr(self, f.name) for f in dataclasses.fields(self)]


def __setstate__(self: Any, state: list[Any]) -> None:
    for field, value in zip(dataclasses.fields(self), state, strict=False):
        object.__setattr__(self, field.name, value)
