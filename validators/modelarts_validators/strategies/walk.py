"""Reading the spec's schemas for the strategies: follow ``$ref``, check the keyword subset.

``Schemas.compile`` turns the schema written at a location into a ``Schema``: where it is really
written (after ``$ref``), its type, where its properties, items and map values are written, its
parsed pattern and its integer range. Anything outside the subset the strategies can both
satisfy and break (see the package docstring) raises ``StrategyError`` naming the keyword's
location, when the strategy is built rather than when it is drawn from.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._deferred import dataclass
from ..contract import spec
from ..contract.pointers import Location, fragment
from ..contract.schemas import RANGES
from ..contract.spec import SpecError, parse_ref
from ..contract.wire import json_type
from .patterns import Pattern, PatternError, parse_pattern

_TYPES = frozenset({"object", "array", "string", "integer", "boolean"})
_UNDERSTOOD = frozenset(
    {"$ref", "type", "enum", "const", "minimum", "maximum", "minLength", "maxLength", "pattern"}
    | {"properties", "additionalProperties", "items", "required", "dependentRequired"}
    | {"if", "then"}
)
_ANNOTATIONS = frozenset({"description", "title", "examples", "default", "format", "$comment"})
#: The keywords each type may carry, beside $ref, type, enum and const.
_APPLIES = {
    "object": {"properties", "additionalProperties", "required", "dependentRequired", "if", "then"},
    "array": {"items"},
    "string": {"minLength", "maxLength", "pattern"},
    "integer": {"minimum", "maximum"},
    "boolean": set(),
}


class StrategyError(ValueError):
    """The spec cannot be turned into strategies: a keyword the builder does not understand, or
    a ``default`` that breaks its own schema. The message names the location in the spec."""


def load_document(path: str | Path | None = None) -> dict[str, Any]:
    """The OpenAPI document, read as the contract reads it (``contract.spec.load_document``):
    the file at ``path``, else the copy packaged with the validators."""
    try:
        return spec.load_document(path)
    except SpecError as error:
        raise StrategyError(str(error)) from None


@dataclass(frozen=True, slots=True)
class Schema:
    """A schema ready to draw from: where it is written (after ``$ref``), and its parts."""

    location: Location
    node: dict[str, Any]
    type: str
    properties: dict[str, Location]  # name -> where the property's schema is written
    values: Location | None  # the value schema of a map
    items: Location | None
    pattern: Pattern | None
    low: int | None  # integer range: the spec's bounds within the format's range
    high: int | None


class Schemas:
    """The checked schemas of one OpenAPI document (the packaged spec by default), each
    compiled once."""

    def __init__(self, document: Mapping[str, Any] | None = None) -> None:
        self.document: dict[str, Any] = dict(document) if document else load_document()
        self._compiled: dict[Location, Schema] = {}

    def location(self, name: str) -> Location:
        schemas = self.document.get("components", {}).get("schemas", {})
        if name not in schemas:
            raise KeyError(f"no schema {name!r} in #/components/schemas ({', '.join(schemas)})")
        return ("components", "schemas", name)

    def compile(self, location: Location) -> Schema:
        """The schema written at ``location``, after following ``$ref``, checked."""
        seen = [location]
        node = self._resolve(location)
        while isinstance(node, dict) and "$ref" in node:
            extra = {
                k for k in node if k != "$ref" and k not in _ANNOTATIONS and not k.startswith("x-")
            }
            if extra:
                raise StrategyError(
                    f"{fragment(location)}: {sorted(extra)[0]!r} beside $ref is not supported"
                )
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/"):
                raise StrategyError(
                    f"{fragment(location)}/$ref: only local refs (#/...) are supported"
                )
            location = parse_ref(ref)
            if location in seen:
                raise StrategyError(f"{fragment(location)}: circular $ref")
            seen.append(location)
            node = self._resolve(location)
        if location in self._compiled:
            return self._compiled[location]
        schema = self._check(location, node)
        self._compiled[location] = schema
        return schema

    def _resolve(self, location: Location) -> Any:
        """The node at ``location``, through objects only; unlike ``spec.resolve`` (which also
        indexes lists and raises ``SpecError``), a schema of this subset is never in a list."""
        node: Any = self.document
        for token in location:
            if not isinstance(node, dict) or token not in node:
                raise StrategyError(f"{fragment(location)} does not exist")
            node = node[token]
        return node

    def _check(self, where: Location, node: Any) -> Schema:
        def fail(keyword: str, why: str) -> StrategyError:
            return StrategyError(f"{fragment((*where, keyword))}: {why}")

        if not isinstance(node, dict):
            raise StrategyError(
                f"{fragment(where)}: a {type(node).__name__} schema is not supported"
            )
        for key in node:
            if key not in _UNDERSTOOD and key not in _ANNOTATIONS and not key.startswith("x-"):
                raise fail(
                    key, f"keyword {key!r} is not supported by modelarts_validators.strategies"
                )
        kind = node.get("type")
        if not isinstance(kind, str) or kind not in _TYPES:
            raise fail("type", f"type {kind!r} is not supported (one of {sorted(_TYPES)})")
        allowed = _APPLIES[kind] | {"$ref", "type", "enum", "const"}
        for key in node.keys() & _UNDERSTOOD - allowed:
            raise fail(key, f"keyword {key!r} does not apply to type {kind!r}")
        if "enum" in node and not (isinstance(node["enum"], list) and node["enum"]):
            raise fail("enum", "enum must be a non-empty list")
        for key in ("enum", "x-documented-values", "x-known-values"):
            if any(json_type(v) != kind for v in node.get(key, [])):
                raise fail(key, f"every value must be of type {kind!r}")
        properties = {name: (*where, "properties", name) for name in node.get("properties", {})}
        values = node.get("additionalProperties")
        if values is not None and (properties or not isinstance(values, dict)):
            raise fail("additionalProperties", "only maps (a schema, no properties) are supported")
        dependent = node.get("dependentRequired", {})
        for key, named in (
            ("required", set(node.get("required", []))),
            ("dependentRequired", set(dependent).union(*dependent.values())),
        ):
            if named - set(properties):
                raise fail(key, f"names undocumented properties {sorted(named - set(properties))}")
        if ("if" in node) != ("then" in node):
            raise fail("if", "'if' and 'then' must come together")
        if "if" in node:
            _check_condition(where, node, properties)
        pattern = _pattern(node["pattern"], (*where, "pattern")) if "pattern" in node else None
        low = high = None
        if kind == "integer":
            low, high = RANGES.get(node.get("format", ""), (None, None))
            if "minimum" in node:
                low = node["minimum"] if low is None else max(low, node["minimum"])
            if "maximum" in node:
                high = node["maximum"] if high is None else min(high, node["maximum"])
        return Schema(
            where,
            node,
            kind,
            properties,
            (*where, "additionalProperties") if values is not None else None,
            (*where, "items") if "items" in node else None,
            pattern,
            low,
            high,
        )


def _check_condition(
    where: Location, node: dict[str, Any], properties: dict[str, Location]
) -> None:
    """``if``: {required, properties: {name: {const} | {enum} | true}}; ``then``: {required,
    properties: {name: true}} -- the forms this builder can both satisfy and break."""
    for key, tests in (("if", {"const", "enum"}), ("then", set())):
        sub = node[key]
        at = (*where, key)
        if not isinstance(sub, dict) or set(sub) - {"required", "properties"} - _ANNOTATIONS:
            raise StrategyError(
                f"{fragment(at)}: only 'required' and 'properties' are supported here"
            )
        named = set(sub.get("required", [])) | set(sub.get("properties", {}))
        if named - set(properties):
            raise StrategyError(
                f"{fragment(at)}: names undocumented properties {sorted(named - set(properties))}"
            )
        for name, test in sub.get("properties", {}).items():
            if test is True or test == {}:
                continue
            if (
                not isinstance(test, dict)
                or len(set(test) & tests) != 1
                or set(test) - tests - _ANNOTATIONS
            ):
                raise StrategyError(
                    f"{fragment((*at, 'properties', name))}: only {sorted(tests) or 'true'} is supported here"
                )


def _pattern(pattern: str, where: Location) -> Pattern:
    try:
        return parse_pattern(pattern)
    except PatternError as error:
        raise StrategyError(f"{fragment(where)}: pattern {pattern!r} {error}") from None
