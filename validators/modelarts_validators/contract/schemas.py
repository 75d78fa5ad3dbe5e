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
from typing import Any, cast

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


def encode(derived: DerivedSchemas, spec: Spec) -> dict[str, Any]:
    """``derived`` (``derive(spec)``) as JSON-compatible data, which ``decode`` reads back: the
    packaged spec ships its derived schemas this way (``spec.derive_json``), so that a run need
    not derive them. A schema is written as the patch that turns the spec's into it (``_patch``):
    what the derivation added, not a second copy of the spec's schemas to parse."""
    drift = [
        [list(where), d.kind.value, list(d.spec_location), list(d.documented), list(d.known)]
        + ([d.format] if d.format else [])
        for where, d in derived.drift.items()
    ]
    patches = [
        _patch(resolve(spec.document, r), resolve(derived.document, r)) for r in derived.roots
    ]
    return {"roots": [list(root) for root in derived.roots], "patches": patches, "drift": drift}


def decode(data: dict[str, Any], spec: Spec) -> DerivedSchemas | None:
    """The schemas ``encode`` wrote for ``spec``: ``derive(spec)``, equal to it, sharing what it
    did not change with the spec's document (nothing changes either after the derivation); None
    when ``data`` is not what ``encode`` writes, or was made for other roots."""
    try:
        roots = tuple(tuple(root) for root in data["roots"])
        if roots != spec.schemas or len(data["patches"]) != len(roots):
            return None
        document: dict[str, Any] = {}
        for root, patch in zip(roots, data["patches"], strict=True):
            _put(document, root, _patched(resolve(spec.document, root), patch))
        kinds = cast("dict[str, Kind]", Kind._value2member_map_)  # Kind(value), faster
        drift = {
            tuple(where): Drift(kinds[kind], tuple(at), tuple(documented), tuple(known), *fmt)
            for where, kind, at, documented, known, *fmt in data["drift"]
        }
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, SpecError):
        return None
    return DerivedSchemas(document, drift, roots)


def _patch(base: Any, node: Any) -> dict[str, Any] | None:
    """What turns ``base`` into ``node``: None when they are the same (in type too: ``1`` is not
    ``true``), ``{"+": {key or index: patch}}`` for an object or array of which only some
    members differ, else ``{"=": node}``."""
    if type(base) is dict and type(node) is dict and base.keys() <= node.keys():
        changes = {}
        for key, value in node.items():
            change = _patch(base[key], value) if key in base else {"=": value}
            if change is not None:
                changes[key] = change
        return {"+": changes} if changes else None
    if type(base) is list and type(node) is list and len(base) == len(node):
        items = {str(i): _patch(b, v) for i, (b, v) in enumerate(zip(base, node, strict=True))}
        changed = {i: change for i, change in items.items() if change is not None}
        return {"+": changed} if changed else None
    if type(base) is type(node) and type(node) not in (dict, list) and base == node:
        return None
    return {"=": node}


def _patched(base: Any, patch: dict[str, Any] | None) -> Any:
    """``base`` with ``patch`` (``_patch``) applied: each object or array it changes copied."""
    if patch is None:
        return base
    if "=" in patch:
        return patch["="]
    if type(base) is list:
        items = list(base)
        for index, change in patch["+"].items():
            items[int(index)] = _patched(items[int(index)], change)
        return items
    node = dict(base)
    for key, change in patch["+"].items():
        node[key] = _patched(node.get(key), change)
    return node


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
