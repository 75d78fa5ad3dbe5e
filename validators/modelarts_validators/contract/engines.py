"""The two JSON Schema engines, compiled once per contract, reporting errors in one shape.

``rs`` (jsonschema-rs) is the default: the happy path is one ``is_valid`` call in Rust. ``python``
(jsonschema) is the reference engine. Both report a failing keyword as a ``RawError``: the
location of the keyword in the derived document, the path of the failing value in the body,
and that value. Everything a finding says is computed from those three, never from the
engines' own messages, so the engines cannot disagree in wording, only in verdicts (and the
tests hold them to the same verdicts).

Patterns: the spec's ``$`` means the end of the string. Rust's regex agrees; Python's ``re``
also lets ``$`` match before a trailing newline, so the python engine validates ``pattern``
with a translation of the pattern in which ``$`` is ``\\Z``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol, get_args

from .pointers import Location, fragment, tokens
from .rs_import import jsonschema_rs
from .schemas import DerivedSchemas
from .spec import SpecError, parse_ref, resolve, walk
from .wire import depth

#: The JSON Schema engines a contract can be compiled for.
Engine = Literal["rs", "python"]
ENGINE_NAMES: tuple[Engine, ...] = get_args(Engine)
#: The deepest body the engines judge: jsonschema-rs stops at its recursion limit past 257
#: levels, and the python engine is held to the same, so that both give the same findings.
MAX_DEPTH = 257
#: The URI the derived document is registered under; refs are resolved against it.
BASE_URI = "urn:modelarts-contract:training-job-searches"


if TYPE_CHECKING:

    class RawError(NamedTuple):
        """(A tuple: thousands are made per drift-heavy body.)"""

        location: tuple[str | int, ...]  # of the failing keyword in the derived document
        path: tuple[str | int, ...]  # of the failing value in the body
        instance: Any

else:

    class RawError(tuple):
        """(A tuple: thousands are made per drift-heavy body.) The ``NamedTuple`` above, written
        out: ``NamedTuple`` compiles the class's ``__new__`` and its string annotations as it
        makes it, and a one-entry run compiles nothing else (the first compile of a process
        costs 2.4 ms). ``tests/contract/test_engines_raw_error.py`` holds it to its twin."""

        __slots__ = ()
        _fields = ("location", "path", "instance")
        __match_args__ = _fields

        def __new__(cls, location: Any, path: Any, instance: Any) -> RawError:
            return tuple.__new__(cls, (location, path, instance))

        def __repr__(self) -> str:
            location, path, instance = self
            return f"RawError(location={location!r}, path={path!r}, instance={instance!r})"

        def __getnewargs__(self) -> tuple[Any, ...]:
            return tuple(self)

        def _asdict(self) -> dict[str, Any]:
            return dict(zip(self._fields, self, strict=True))

        def _replace(self, **changes: Any) -> RawError:
            return type(self)(**{**self._asdict(), **changes})

        location = property(itemgetter(0), doc="Alias for field number 0")
        path = property(itemgetter(1), doc="Alias for field number 1")
        instance = property(itemgetter(2), doc="Alias for field number 2")


class Compiled(Protocol):
    def is_valid(self, instance: Any) -> bool: ...
    def errors(self, instance: Any) -> Iterable[RawError]: ...


def compile_validators(
    derived: DerivedSchemas, entries: Iterable[Location], engine: Engine
) -> dict[Location, Compiled]:
    """One validator per entry location (see ``DerivedSchemas.entry``)."""
    if engine == "rs":
        return _compile_rs(derived, entries)
    if engine == "python":
        return _compile_python(derived, entries)
    raise ValueError(f"unknown engine {engine!r}, expected one of {', '.join(ENGINE_NAMES)}")


class _RsValidator:
    """jsonschema-rs 0.60.3 hands an error's ``instance_path`` over lossily: a property named
    ``""`` is left out, and a name of digits becomes an integer (``"01"`` -> ``1``). Each
    error's path is checked against the shape its ``evaluation_path`` implies (a name or an
    index per step into the body; worked out once per evaluation path); when one does not fit,
    the body's errors are taken from ``evaluate()`` instead, whose instance locations are exact
    JSON pointers (about 8x slower, and only for bodies with such names)."""

    __slots__ = ("_shapes", "_validator")

    def __init__(self, validator: jsonschema_rs.Validator) -> None:
        self._validator = validator
        self._shapes: dict[tuple[str | int, ...], tuple[type, ...]] = {}

    def is_valid(self, instance: Any) -> bool:
        return self._validator.is_valid(instance)

    def errors(self, instance: Any) -> list[RawError]:
        found: list[RawError] = []
        shapes = self._shapes
        for error in self._validator.iter_errors(instance):
            path = tuple(error.instance_path)
            steps = tuple(error.evaluation_path)
            shape = shapes.get(steps) or shapes.setdefault(steps, _shape(steps))
            if tuple(map(type, path)) != shape:
                return self._exact_errors(instance)
            # schema_path: the keyword's location in the document it is written in (more exact
            # than absolute_keyword_location, which adds "/0" to dependentRequired)
            found.append(RawError(tuple(error.schema_path), path, error.instance))
        return found

    def _exact_errors(self, instance: Any) -> list[RawError]:
        found: list[RawError] = []
        cut = len(BASE_URI)
        for unit in self._validator.evaluate(instance).errors():
            where = unit["absoluteKeywordLocation"] or ""
            location: tuple[str | int, ...] = parse_ref(where[cut:])
            if "dependentRequired" in location:  # "/dependentRequired/0": the keyword itself
                location = location[: location.index("dependentRequired") + 1]
            path: list[str | int] = []
            node = instance
            for name in tokens(unit["instanceLocation"]):
                key: str | int = int(name) if isinstance(node, list) else name
                node = node[key]
                path.append(key)
            found.append(RawError(location, tuple(path), node))
        return found


def _shape(steps: tuple[str | int, ...]) -> tuple[type, ...]:
    """The type of each token of the instance path an evaluation path leads through: ``str``
    for a step into an object, ``int`` into an array. The last token is the failing keyword."""
    shape: list[type] = []
    index = 0
    while index < len(steps) - 1:
        step = steps[index]
        if step == "properties":
            shape.append(str)
            index += 1  # the property's name
        elif step == "additionalProperties":
            shape.append(str)
        elif step == "items":
            shape.append(int)
        index += 1
    return tuple(shape)


def _compile_rs(derived: DerivedSchemas, entries: Iterable[Location]) -> dict[Location, Compiled]:
    registry = jsonschema_rs.Registry(
        [(BASE_URI, derived.document)], draft=jsonschema_rs.Draft202012
    )
    compiled: dict[Location, Compiled] = {}
    for entry in entries:
        try:
            validator = jsonschema_rs.validator_for(
                {"$ref": BASE_URI + fragment(entry)}, registry=registry, validate_formats=False
            )
        except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError) as error:
            message = str(getattr(error, "message", error)).splitlines()[0]
            raise SpecError(f"{fragment(entry)} cannot be compiled: {message}") from None
        compiled[entry] = _RsValidator(validator)
    return compiled


def pattern_syntax(pattern: str) -> Iterator[tuple[str, bool]]:
    """Each character of an ECMA-262 pattern, and whether it is syntax: outside a character
    class, not escaped, and neither the backslash of an escape nor the ``[`` opening a class
    (so a ``$``, ``^``, ``|``, ``(`` or ``)`` flagged True is an anchor, alternation or group)."""
    in_class = escaped = False
    for char in pattern:
        syntax = False
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        else:
            syntax = True
        yield char, syntax


def python_pattern(pattern: str) -> str:
    """An ECMA-262 pattern as a Python one: ``$`` outside a character class becomes ``\\Z``."""
    return "".join(
        r"\Z" if char == "$" and syntax else char for char, syntax in pattern_syntax(pattern)
    )


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(python_pattern(pattern))


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    if isinstance(instance, str) and not _regex(pattern).search(instance):
        import jsonschema

        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _python_validator_class() -> Any:
    """python jsonschema's 2020-12 validator with ECMA-262 ``pattern``: imported only for
    ``--engine python`` (the import alone costs more than checking thousands of exchanges)."""
    import jsonschema

    return jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft202012Validator, {"pattern": _pattern}
    )


class _PyValidator:
    __slots__ = ("_locations", "_validator")

    def __init__(self, validator: Any, locations: dict[int, Location]) -> None:
        self._validator = validator
        self._locations = locations

    def is_valid(self, instance: Any) -> bool:
        return bool(self._validator.is_valid(instance))

    def errors(self, instance: Any) -> Iterator[RawError]:
        if depth(instance) > MAX_DEPTH:  # only bodies that fail is_valid get here
            raise ValueError("Recursion limit reached")
        for error in self._validator.iter_errors(instance):
            # error.schema is the very dict the keyword is written in: find where it lives
            location = (*self._locations[id(error.schema)], str(error.validator))
            yield RawError(location, tuple(error.absolute_path), error.instance)


def _compile_python(
    derived: DerivedSchemas, entries: Iterable[Location]
) -> dict[Location, Compiled]:
    document = derived.document
    locations: dict[int, Location] = {}
    for root in derived.roots:
        for location, node in walk(resolve(document, root), root):
            if isinstance(node, dict):
                locations[id(node)] = location
                if isinstance(node.get("pattern"), str):
                    try:
                        _regex(node["pattern"])
                    except re.error as error:
                        raise SpecError(f"{fragment(location)}/pattern: {error}") from None
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    resource = DRAFT202012.create_resource(document)
    registry: Registry[Any] = Registry().with_resource(BASE_URI, resource)
    validator_class = _python_validator_class()
    return {
        entry: _PyValidator(
            validator_class({"$ref": BASE_URI + fragment(entry)}, registry=registry), locations
        )
        for entry in entries
    }
