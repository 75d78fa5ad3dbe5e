"""Derive, once per load, the drift-aware JSON Schema that bodies are validated against.

The spec's schemas are deliberately lenient: objects are open, open enumerations are plain
strings, integer formats are annotations. Checking drift on top of them would need a Python
walk over every node of every body, which costs more than parsing the body. Instead the drift
rules are compiled into the schema itself, so that a conforming body costs one ``is_valid``
call in the engine:

- every documented object schema (one with ``properties``) gets ``additionalProperties:
  {not: {}}`` (``false``, written so that the engines report each undocumented field at its own
  pointer, with its own value, rather than the whole object: measured 6x faster on drift-heavy
  responses); maps (``additionalProperties: {type: string}``) keep theirs;
- every open enumeration (``x-documented-values`` without ``enum``) gets an ``enum`` of its
  documented values;
- every ``int32``/``int64`` integer gets the range of its format as ``minimum``/``maximum``,
  unless a bound written in the spec is already as tight;
- what a reviewed overlay of observed drift added (``modelarts-validate --suggest``) is known,
  not drift: the names under ``x-observed-properties`` of an object schema are allowed beside
  its documented properties (any value), the values under ``x-observed-values`` of an open
  enumeration beside its documented ones. The transcription itself is left as written.

The derived document keeps the spec's layout: a keyword written at ``#/components/schemas/X/...``
in the spec is at the same location in the derived document, so a failing keyword's location is
its ``schema_pointer``. Each added keyword is recorded in ``DerivedSchemas.drift`` with the kind of
finding it stands for and the location in the spec that documents the rule. A keyword is added
under an ``allOf`` when the spec already uses its name in that schema.

Only the subset of 2020-12 that this holds for is accepted; any other keyword is a ``SpecError``
rather than a silently wrong verdict.
"""

from __future__ import annotations

import copy
from typing import Any

from .._frozen import frozen
from .findings import Kind
from .pointers import Location, fragment
from .spec import Spec, SpecError, parse_ref, resolve, walk

#: Keywords the validators understand (assertions and the applicators that keep drift exact).
SUPPORTED = frozenset(
    {"$ref", "type", "enum", "const", "properties", "additionalProperties", "items"}
    | {"required", "dependentRequired", "minProperties", "maxProperties"}
    | {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}
    | {"minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems"}
    | {"if", "then", "else"}
)
#: Keywords that never change a verdict.
ANNOTATIONS = frozenset(
    {"title", "description", "default", "examples", "example", "deprecated", "readOnly"}
    | {"writeOnly", "format", "$comment", "externalDocs", "xml"}
)
RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


@frozen
class Drift:
    """What a keyword added by the derivation stands for."""

    kind: Kind
    spec_location: Location  # where the spec documents the rule
    documented: tuple[Any, ...] = ()  # documented field names or values
    known: tuple[Any, ...] = ()  # x-known-values
    format: str = ""  # int32 / int64

    def __init__(
        self,
        kind: Kind,
        spec_location: Location,
        documented: tuple[Any, ...] = (),
        known: tuple[Any, ...] = (),
        format: str = "",
    ) -> None:
        set_ = object.__setattr__
        set_(self, "kind", kind)
        set_(self, "spec_location", spec_location)
        set_(self, "documented", documented)
        set_(self, "known", known)
        set_(self, "format", format)


@frozen
class DerivedSchemas:
    """The drift-aware document the engines compile, what each drift keyword of it stands for,
    and where its schemas start."""

    document: dict[str, Any]
    drift: dict[Location, Drift]
    roots: tuple[Location, ...]  # of every schema written outside another schema

    def __init__(
        self,
        document: dict[str, Any],
        drift: dict[Location, Drift],
        roots: tuple[Location, ...],
    ) -> None:
        set_ = object.__setattr__
        set_(self, "document", document)
        set_(self, "drift", drift)
        set_(self, "roots", roots)

    def entry(self, location: Location) -> Location:
        """Where validation of the schema at ``location`` really starts: a schema that is only
        a ``$ref`` (plus annotations) is replaced by its target, so that equal schemas share one
        compiled validator."""
        node = resolve(self.document, location)
        while isinstance(node, dict) and "$ref" in node and set(node) <= ANNOTATIONS | {"$ref"}:
            location = parse_ref(node["$ref"])
            node = resolve(self.document, location)
        return location


def derive(spec: Spec) -> DerivedSchemas:
    document: dict[str, Any] = {}
    for root in spec.schemas:
        _put(document, root, _copy(resolve(spec.document, root)))
    drift: dict[Location, Drift] = {}
    for root in spec.schemas:
        _derive(resolve(document, root), root, drift)
    return DerivedSchemas(document, drift, spec.schemas)


#: Values shared by the copy as they are: immutable (``copy.deepcopy`` shares them too).
_ATOMS = frozenset({str, int, float, bool, type(None)})


def _copy(node: Any, memo: dict[int, Any] | None = None) -> Any:
    """``copy.deepcopy(node)`` for a parsed document (the derivation adds to the copy; the spec's
    document is left as it is), at a third of its cost: objects and arrays are copied (one copy
    of each, as deepcopy's memo keeps shared parts shared), strings, numbers, booleans and null
    shared, anything else (a YAML date) deep-copied."""
    if memo is None:
        memo = {}
    kind = type(node)
    if kind in _ATOMS:
        return node
    if kind is dict:
        found = memo.get(id(node))
        if found is None:
            found = memo[id(node)] = {}
            for key, value in node.items():
                found[key] = value if type(value) in _ATOMS else _copy(value, memo)
        return found
    if kind is list:
        found = memo.get(id(node))
        if found is None:
            found = memo[id(node)] = []
            found.extend(item if type(item) in _ATOMS else _copy(item, memo) for item in node)
        return found
    return copy.deepcopy(node)


def _put(document: dict[str, Any], location: Location, value: Any) -> None:
    node = document
    for token in location[:-1]:
        node = node.setdefault(token, {})
    node[location[-1]] = value


def _derive(node: Any, location: Location, drift: dict[Location, Drift]) -> None:
    """Add the drift keywords to ``node`` and to the subschemas that describe its values;
    ``if``/``then``/``else`` are only checked, never changed (that would change their verdict)."""
    if isinstance(node, bool):
        if node is False:
            raise SpecError(f"{fragment(location)}: a false schema is not supported")
        return
    if not isinstance(node, dict):
        raise SpecError(f"{fragment(location)} is not a schema")
    _check_keywords(node, location)
    for key in ("if", "then", "else"):
        if key in node:
            _check_in_place(node, node[key], (*location, key))
    children: list[tuple[Any, Location]] = [
        (node[key], (*location, key)) for key in ("additionalProperties", "items") if key in node
    ]
    children += [(s, (*location, "properties", p)) for p, s in node.get("properties", {}).items()]
    properties = node.get("properties")
    if isinstance(properties, dict) and "additionalProperties" not in node:
        name = (*_add(node, location, "additionalProperties", {"not": {}}), "not")
        spec_location = (*location, "properties")
        drift[name] = Drift(Kind.UNDOCUMENTED_FIELD, spec_location, tuple(properties))
        for observed in _observed(node, location, "x-observed-properties"):
            properties.setdefault(observed, True)
    documented = node.get("x-documented-values")
    if documented is not None and "enum" not in node:
        if not isinstance(documented, list):
            raise SpecError(f"{fragment(location)}/x-documented-values is not a list")
        known = node.get("x-known-values", [])
        seen = _observed(node, location, "x-observed-values")
        allowed = [*documented, *(v for v in seen if v not in documented)]
        name = _add(node, location, "enum", allowed)
        spec_location = (*location, "x-documented-values")
        drift[name] = Drift(Kind.UNDOCUMENTED_VALUE, spec_location, tuple(documented), tuple(known))
    types = node.get("type")
    fmt = node.get("format")
    if (types == "integer" or (isinstance(types, list) and "integer" in types)) and fmt in RANGES:
        _add_range(node, location, str(fmt), drift)
    for child, where in children:
        _derive(child, where, drift)


def _observed(node: dict[str, Any], location: Location, keyword: str) -> list[str]:
    """The names an ``x-observed-*`` extension records (an object keyed by them)."""
    observed = node.get(keyword, {})
    if not isinstance(observed, dict):
        raise SpecError(f"{fragment((*location, keyword))} is not an object")
    return list(observed)


def _add_range(
    node: dict[str, Any], location: Location, fmt: str, drift: dict[Location, Drift]
) -> None:
    low, high = RANGES[fmt]
    rule = Drift(Kind.INTEGER_OUT_OF_RANGE, (*location, "format"), (low, high), format=fmt)
    if not (
        node.get("minimum", low - 1) >= low or node.get("exclusiveMinimum", low - 2) >= low - 1
    ):
        # orjson reads an integer in [-2**63 - 1024, -2**63 - 1] as the float -2**63, which a
        # ``minimum`` would let through. ``exclusiveMinimum: -2**63`` stops it, so that the
        # checks parse the body again exactly; the integer -2**63 itself, stopped too, is
        # dropped as in range when the finding is explained. Measured: as cheap as ``minimum``.
        keyword = "exclusiveMinimum" if fmt == "int64" else "minimum"
        drift[_add(node, location, keyword, low)] = rule
    if not (
        node.get("maximum", high + 1) <= high or node.get("exclusiveMaximum", high + 2) <= high + 1
    ):
        drift[_add(node, location, "maximum", high)] = rule


def _add(node: dict[str, Any], location: Location, keyword: str, value: Any) -> Location:
    """Add ``keyword: value`` to ``node``; return the location of the added keyword."""
    if keyword not in node:
        node[keyword] = value
        return (*location, keyword)
    extra = node.setdefault("allOf", [])
    extra.append({keyword: value})
    return (*location, "allOf", str(len(extra) - 1), keyword)


def _check_keywords(node: dict[str, Any], location: Location) -> None:
    for key in node:
        if key not in SUPPORTED and key not in ANNOTATIONS and not key.startswith("x-"):
            raise SpecError(f"{fragment(location)}: keyword {key!r} is not supported")
    if "$ref" in node and not set(node) <= ANNOTATIONS | {"$ref"} | {
        k for k in node if k.startswith("x-")
    }:
        raise SpecError(f"{fragment(location)}: $ref beside other assertions is not supported")


def _check_in_place(parent: dict[str, Any], node: Any, location: Location) -> None:
    """A conditional subschema may only test and require properties the parent documents, and
    may not refer to other schemas (their drift keywords would change the condition)."""
    documented = set(parent.get("properties", {}))
    for where, sub in walk(node, location):
        if sub is False:
            raise SpecError(f"{fragment(where)}: a false schema is not supported")
        if isinstance(sub, dict):
            _check_keywords(sub, where)
            if "$ref" in sub:
                raise SpecError(f"{fragment(where)}: $ref inside if/then/else is not supported")
    if isinstance(node, dict):
        named = set(node.get("properties", {})) | set(node.get("required", []))
        if not named <= documented:
            extra = ", ".join(sorted(named - documented))
            raise SpecError(
                f"{fragment(location)} names properties the schema does not document: {extra}"
            )
