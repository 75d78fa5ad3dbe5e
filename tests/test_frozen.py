"""``_frozen.frozen`` and ``_frozen.record``: each class they make behaves as the class
``@dataclass(frozen=True, slots=True)`` (or ``@dataclass(slots=True)``) makes of the same fields
(its twin): signature, fields, params, repr, equality, hash, what assigning and deleting raise,
copies, pickles, ``replace``."""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import pickle
from pathlib import Path
from typing import Any

import pytest
from modelarts_validators import _frozen
from modelarts_validators._frozen import FACTORY, frozen
from modelarts_validators.capture.records import Unreadable
from modelarts_validators.capture.sources import Skipped, Source
from modelarts_validators.cli.arguments import Options
from modelarts_validators.contract.findings import Finding, Origin
from modelarts_validators.contract.model import Exchange, Message, Request, Response
from modelarts_validators.contract.schemas import DerivedSchemas, Drift
from modelarts_validators.contract.spec import Content, MediaType, Operation, Spec
from modelarts_validators.contract.wire import Server
from modelarts_validators.report.base import ReportOptions
from modelarts_validators.run.coverage import (
    FieldTarget,
    MediaTarget,
    PairTarget,
    Tally,
    ValueTarget,
)
from modelarts_validators.run.summary import Summary
from modelarts_validators.run.triage import Triage

#: Every class the package makes with ``frozen``, and whether its ``__init__`` is the one a
#: dataclass would generate (``Finding``'s takes more: ``init=False``).
MADE: list[tuple[type, bool]] = [
    (Options, True),
    (Origin, True),
    (Finding, False),
    (Unreadable, True),
    (MediaType, True),
    (Content, True),
    (Operation, True),
    (Spec, True),
    (Server, True),
    (Drift, True),
    (DerivedSchemas, True),
    (ReportOptions, True),
    (Triage, True),
    (Source, True),
    (FieldTarget, True),
    (ValueTarget, True),
    (PairTarget, True),
    (MediaTarget, True),
]


#: Every class the package makes with ``record`` (``dataclass(slots=True)``).
RECORDS: list[type] = [Message, Request, Response, Exchange, Summary, Skipped, Tally]


def twin(cls: type, init: bool, frozen: bool = True) -> type:
    """The class ``@dataclass(frozen=True, slots=True, init=init)`` makes of ``cls``'s fields
    (with ``cls``'s own ``__init__`` when ``init`` is false), named as ``cls``."""
    base = cls.__mro__[1]
    bases = (twin(base, init, frozen),) if dataclasses.is_dataclass(base) else ()
    inherited = {f.name for f in dataclasses.fields(base)} if bases else set()
    specs: list[tuple[str, Any, Any]] = []
    for f in dataclasses.fields(cls):
        if f.name in inherited:
            continue
        options: dict[str, Any] = {"repr": f.repr, "compare": f.compare, "hash": f.hash}
        if f.default is not dataclasses.MISSING:
            options["default"] = f.default
        if f.default_factory is not dataclasses.MISSING:
            options["default_factory"] = f.default_factory
        specs.append((f.name, f.type, dataclasses.field(**options)))
    namespace: dict[str, Any] = {} if init else {"__init__": cls.__dict__["__init__"]}
    made = dataclasses.make_dataclass(
        cls.__name__, specs, bases=bases, namespace=namespace, frozen=frozen,
        slots="__slots__" in cls.__dict__, init=init,
    )  # fmt: skip
    made.__qualname__, made.__module__ = cls.__qualname__, cls.__module__
    return made


def values(cls: type, mark: str = "") -> dict[str, Any]:
    """Hashable values for every field: a string naming it."""
    return {f.name: f"{f.name}-value{mark}" for f in dataclasses.fields(cls)}


def outcome(action: Any) -> Any:
    try:
        return action()
    except Exception as error:  # the error is what is compared
        return type(error), str(error)


@pytest.mark.parametrize(("cls", "init"), MADE, ids=[c.__name__ for c, _ in MADE])
def test_a_frozen_class_behaves_as_its_dataclass_twin(cls: type, init: bool) -> None:
    other = twin(cls, init)
    assert dataclasses.is_dataclass(cls)
    assert [(f.name, f.type, f.default) for f in dataclasses.fields(cls)] == [
        (f.name, f.type, f.default) for f in dataclasses.fields(other)
    ]
    for param in ("init", "repr", "eq", "order", "unsafe_hash", "frozen"):
        assert getattr(cls.__dataclass_params__, param) == getattr(  # type: ignore[attr-defined]
            other.__dataclass_params__,  # type: ignore[attr-defined]
            param,
        ), param
    assert cls.__match_args__ == other.__match_args__  # type: ignore[attr-defined]
    assert cls.__slots__ == other.__slots__  # type: ignore[attr-defined]
    assert "__dict__" not in dir(cls(**values(cls)))
    if init:  # the same parameters, defaults and annotations
        assert inspect.signature(cls).parameters == inspect.signature(other).parameters
        assert cls.__doc__ is not None  # (else dataclass writes the signature there)

    ours, theirs = cls(**values(cls)), other(**values(cls))
    assert repr(ours) == repr(theirs)
    assert hash(ours) == hash(theirs)
    assert ours == cls(**values(cls))
    assert ours != cls(**values(cls, "2"))
    assert ours != theirs  # another class
    assert ours.__eq__(theirs) is NotImplemented
    assert ours.__getstate__() == theirs.__getstate__()
    name = dataclasses.fields(cls)[0].name
    for attribute in (name, "not_a_field"):
        assert outcome(lambda: setattr(ours, attribute, 1)) == outcome(  # noqa: B023
            lambda: setattr(theirs, attribute, 1)  # noqa: B023
        )
        assert outcome(lambda: delattr(ours, attribute)) == outcome(  # noqa: B023
            lambda: delattr(theirs, attribute)  # noqa: B023
        )
    assert getattr(ours, name) == f"{name}-value"
    for copied in (copy.copy(ours), copy.deepcopy(ours), pickle.loads(pickle.dumps(ours))):
        assert copied == ours
        assert type(copied) is cls
    changed = dataclasses.replace(ours, **{name: "changed"}) if init else None
    if changed is not None:
        assert getattr(changed, name) == "changed"
        assert dataclasses.asdict(changed) == {**values(cls), name: "changed"}
    for method in ("__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        assert getattr(cls, method).__qualname__ == f"{cls.__qualname__}.{method}"


def test_a_recursive_repr_is_cut_as_dataclasses_cut_it() -> None:
    @frozen
    class Box:
        """A box."""

        content: Any

        def __init__(self, content: Any) -> None:
            object.__setattr__(self, "content", content)

    inner: list[Any] = []
    box = Box(inner)
    inner.append(box)
    other = twin(Box, True)
    inner2: list[Any] = []
    box2 = other(inner2)
    inner2.append(box2)
    assert (
        repr(box)
        == repr(box2)
        == "test_a_recursive_repr_is_cut_as_dataclasses_cut_it.<locals>.Box(content=[...])"
    )


def test_frozen_refuses_a_class_without_init_or_with_a_method_it_writes() -> None:
    class Bare:
        value: int

    with pytest.raises(TypeError, match="must define its __init__"):
        frozen(Bare)

    class Written:
        value: int

        def __init__(self, value: int) -> None:
            object.__setattr__(self, "value", value)

        def __repr__(self) -> str:
            return "written"

    with pytest.raises(TypeError, match="defines __repr__"):
        frozen(Written)


def test_one_field_and_no_field() -> None:
    @frozen
    class One:
        """One."""

        a: Any

        def __init__(self, a: Any) -> None:
            object.__setattr__(self, "a", a)

    @frozen
    class Empty:
        """None."""

        def __init__(self) -> None:
            pass

    for cls, kwargs in ((One, {"a": 5}), (Empty, {})):
        other = twin(cls, True)
        assert repr(cls(**kwargs)).rsplit(".", 1)[-1] == repr(other(**kwargs)).rsplit(".", 1)[-1]
        assert hash(cls(**kwargs)) == hash(other(**kwargs))
        assert cls(**kwargs) == cls(**kwargs)


@pytest.mark.parametrize("cls", RECORDS, ids=[c.__name__ for c in RECORDS])
def test_a_record_behaves_as_its_dataclass_twin(cls: type) -> None:
    other = twin(cls, True, frozen=False)
    assert dataclasses.is_dataclass(cls)
    assert [(f.name, f.type, f.default, f.default_factory) for f in dataclasses.fields(cls)] == [
        (f.name, f.type, f.default, f.default_factory) for f in dataclasses.fields(other)
    ]
    for param in ("init", "repr", "eq", "order", "unsafe_hash", "frozen"):
        assert getattr(cls.__dataclass_params__, param) == getattr(  # type: ignore[attr-defined]
            other.__dataclass_params__,  # type: ignore[attr-defined]
            param,
        ), param
    assert cls.__match_args__ == other.__match_args__  # type: ignore[attr-defined]
    assert cls.__dict__.get("__slots__") == other.__dict__.get("__slots__")
    assert inspect.signature(cls).parameters == inspect.signature(other).parameters
    assert cls.__doc__ is not None
    assert cls.__hash__ is None
    # defaults, a factory's among them (a new object each time)
    required = {
        f.name: f"{f.name}-value"
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    made, theirs = cls(**required), other(**required)
    assert repr(made) == repr(theirs)
    assert made == cls(**required)
    for f in dataclasses.fields(cls):
        if f.default_factory is not dataclasses.MISSING:
            assert getattr(made, f.name) is not getattr(cls(**required), f.name)
            assert getattr(made, f.name) == f.default_factory()
    assert FACTORY is dataclasses._HAS_DEFAULT_FACTORY

    ours, theirs = cls(**values(cls)), other(**values(cls))
    assert repr(ours) == repr(theirs)
    assert outcome(lambda: hash(ours)) == outcome(lambda: hash(theirs))
    assert ours == cls(**values(cls))
    assert ours != cls(**values(cls, "2"))
    assert ours.__eq__(theirs) is NotImplemented
    for copied in (copy.copy(ours), copy.deepcopy(ours), pickle.loads(pickle.dumps(ours))):
        assert copied == ours
        assert type(copied) is cls
    name = dataclasses.fields(cls)[0].name
    setattr(ours, name, "set")
    assert getattr(ours, name) == "set"
    assert outcome(lambda: setattr(ours, "not_a_field", 1)) == outcome(
        lambda: setattr(theirs, "not_a_field", 1)
    )
    assert dataclasses.replace(ours, **{name: "changed"}) == cls(**{**values(cls), name: "changed"})
    assert dataclasses.asdict(ours) == {**values(cls), name: "set"}
    for method in ("__repr__", "__eq__"):
        assert getattr(cls, method).__qualname__ == f"{cls.__qualname__}.{method}"


def test_every_class_made_in_the_package_is_held_to_its_twin() -> None:
    """A class made with ``frozen`` or ``record`` and left out of ``MADE`` or ``RECORDS`` (its
    ``__init__`` then unchecked) fails here."""
    root = Path(_frozen.__file__).parent
    for path in root.rglob("*.py"):  # every module that makes some, imported
        if "_frozen import" in path.read_text(encoding="utf-8"):
            parts = path.relative_to(root.parent).with_suffix("").parts
            importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    tested = {cls for cls, _ in MADE} | set(RECORDS)
    package = {cls for cls in _frozen.MADE if cls.__module__.startswith("modelarts_validators.")}
    assert package == tested
    assert len(tested) == len(MADE) + len(RECORDS)
