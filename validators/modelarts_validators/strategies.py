"""Hypothesis strategies derived from the spec: valid bodies, and bodies with one thing broken.

    >>> from hypothesis import given
    >>> from modelarts_validators import strategies as mst
    >>> @given(mst.list_training_jobs_responses())
    ... def test_my_consumer(body): ...

Everything is built by walking the spec's schemas (the packaged copy, or any OpenAPI document
given to ``SpecStrategies``), never from a list of fields: a change to the spec changes what
is generated. The builder covers exactly the subset of JSON Schema 2020-12 that the spec uses,
and raises ``StrategyError`` naming the keyword and its location on anything else:

- ``type`` (one of object, array, string, integer, boolean), ``enum``, ``const``, local ``$ref``
  (annotations may stand beside it);
- integers: ``minimum``, ``maximum``, and ``format`` int32/int64 as ranges;
- strings: ``minLength``, ``maxLength``, ``pattern`` anchored as ``^...$`` (``$`` is the end of
  the string: drawn with a full match, never with a trailing newline);
- objects: ``properties`` (optional unless ``required``), ``required``, ``dependentRequired``, and
  ``if``/``then`` where ``if`` tests the presence and the ``const``/``enum`` value of properties
  and ``then`` requires properties; maps (``additionalProperties`` with a schema and no
  ``properties``); arrays (``items``);
- open enumerations (``x-documented-values``): documented values only, so a generated value
  causes no finding at all; ``drift=True`` adds the undocumented values and fields live traffic
  has (``x-known-values``, other strings, extra fields), which cause only drift warnings;
- ``default``: drawn often, and checked against its own schema when the strategy is built.

``description``, ``title``, ``examples``, ``$comment``, ``x-*`` (but the two above) and formats
other than int32/int64 are annotations and are ignored.

A mutation takes a valid value and breaks exactly one thing; it comes with the ``Expected``
finding it must cause: kind, severity, RFC 6901 pointer into the body and into the spec. The
place to break is drawn over the schema's locations (with the value grown to reach it), not over
the value, so deep and rarely populated locations are broken as often as top-level ones. Each
mutation is checked, locally and independently of the validators, to break exactly one rule.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import yaml

from .findings import DRIFT_KINDS, Finding, Kind, Severity

try:
    from hypothesis import assume
    from hypothesis import strategies as st
except ImportError as _error:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "modelarts_validators.strategies needs Hypothesis, an optional extra: "
        "pip install 'modelarts-training-contract[strategies]'"
    ) from _error

__all__ = [
    "MUTATIONS",
    "Expected",
    "SpecStrategies",
    "StrategyError",
    "error_responses",
    "from_schema",
    "job_search_mutations",
    "job_searches",
    "list_training_jobs_response_mutations",
    "list_training_jobs_responses",
    "load_document",
    "mutations",
    "project_ids",
    "responses",
]

Location = tuple[str, ...]
Path_ = tuple[str | int, ...]
Strategy = st.SearchStrategy[Any]
#: One step from a value to a value inside it: ("property", name), ("item", ""), ("value", "").
Step = tuple[str, str]

SPEC_RESOURCE = "training-job-searches.yaml"
RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_TYPES = frozenset({"object", "array", "string", "integer", "boolean"})
_UNDERSTOOD = frozenset(
    {"$ref", "type", "enum", "const", "minimum", "maximum", "minLength", "maxLength", "pattern"}
    | {"properties", "additionalProperties", "items", "required", "dependentRequired"}
    | {"if", "then"}
)
_ANNOTATIONS = frozenset({"description", "title", "examples", "default", "format", "$comment"})

#: Every kind of mutation, by the name ``Expected.mutation`` carries.
MUTATIONS = (
    "wrong-type",
    "below-minimum",
    "above-maximum",
    "outside-format-range",
    "too-short",
    "too-long",
    "pattern-mismatch",
    "pattern-trailing-newline",
    "outside-enum",
    "outside-const",
    "undocumented-value",
    "undocumented-field",
    "missing-required",
    "missing-dependent",
    "missing-conditional",
)


class StrategyError(ValueError):
    """The spec cannot be turned into strategies: a keyword the builder does not understand, or
    a ``default`` that breaks its own schema. The message names the location in the spec."""


@dataclass(frozen=True, slots=True)
class Expected:
    """The one finding a mutation must cause."""

    kind: Kind
    severity: Severity
    pointer: str  # RFC 6901, into the body
    schema_pointer: str  # RFC 6901 URI fragment, into the spec document
    mutation: str  # one of MUTATIONS
    detail: str  # what was changed, for failure messages

    def matches(self, finding: Finding) -> bool:
        return (finding.kind, finding.severity, finding.pointer, finding.schema_pointer) == (
            self.kind,
            self.severity,
            self.pointer,
            self.schema_pointer,
        )


# -- the spec ---------------------------------------------------------------------------------


def load_document(path: str | Path | None = None) -> dict[str, Any]:
    """The OpenAPI document: the file at ``path``, else the copy packaged with the validators,
    else ``openapi/`` of a source checkout."""
    if path is not None:
        raw = Path(path).read_bytes()
    else:
        try:
            raw = (
                resources.files("modelarts_validators").joinpath("spec", SPEC_RESOURCE).read_bytes()
            )
        except OSError:
            raw = (Path(__file__).resolve().parents[2] / "openapi" / SPEC_RESOURCE).read_bytes()
    document = json.loads(json.dumps(yaml.safe_load(raw)))  # integer keys become strings
    if not isinstance(document, dict):
        raise StrategyError("the spec is not a mapping at the top level")
    return document


def fragment(location: Iterable[str]) -> str:
    """``("components", "schemas", "A")`` -> ``#/components/schemas/A`` (RFC 6901 section 6)."""
    escaped = (t.replace("~", "~0").replace("/", "~1") for t in location)
    return "#" + "".join("/" + quote(t, safe="!$&'()*+,;=:@-._~") for t in escaped)


def pointer(path: Iterable[str | int]) -> str:
    """``("items", 0, "a/b")`` -> ``/items/0/a~1b`` (RFC 6901)."""
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in path)


def _parse_ref(ref: str) -> Location:
    """``#/components/schemas/A~1B`` -> ``("components", "schemas", "A/B")``."""
    return tuple(unquote(t).replace("~1", "/").replace("~0", "~") for t in ref[2:].split("/"))


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _json_equal(a: Any, b: Any) -> bool:
    return _json_type(a) == _json_type(b) and a == b


@dataclass(frozen=True, slots=True)
class _Pattern:
    """An anchored ``^body$`` pattern; ``atom`` and ``low``/``high`` when the body is one atom with
    a quantifier (``[A-Za-z0-9_-]+``), which is drawn as text over the atom's characters."""

    regex: re.Pattern[str]  # of the body, used with fullmatch
    atom: re.Pattern[str] | None
    low: int
    high: int | None


_ATOM = r"\[(?:\\.|[^\]\\])+\]|\\.|[^\\\[\](){}|*+?.^$]"
_SIMPLE = re.compile(rf"(?P<atom>{_ATOM})(?P<quant>[+*?]|\{{(?P<m>\d+)(?P<comma>,(?P<n>\d*))?\}})?")


def _parse_pattern(pattern: str, where: Location) -> _Pattern:
    def fail(why: str) -> StrategyError:
        return StrategyError(f"{fragment(where)}: pattern {pattern!r} {why}")

    if not (pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$")):
        raise fail("is not anchored as ^...$")
    body = pattern[1:-1]
    depth, in_class, escaped = 0, False, False
    for char in body:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char in "^$" or (char == "|" and depth == 0):
            raise fail(f"has {char!r} inside its anchors")
    try:
        regex = re.compile(body, re.ASCII)  # ECMA-262: \d, \w are ASCII
    except re.error as error:
        raise fail(f"is not a regular expression: {error}") from None
    simple = _SIMPLE.fullmatch(body)
    if simple is None:
        return _Pattern(regex, None, 0, None)
    quant = simple["quant"]
    low, high = {None: (1, 1), "+": (1, None), "*": (0, None), "?": (0, 1)}.get(quant, (0, None))
    if simple["m"] is not None:
        low = int(simple["m"])
        high = low if simple["comma"] is None else (int(simple["n"]) if simple["n"] else None)
    return _Pattern(regex, re.compile(simple["atom"], re.ASCII), low, high)


@dataclass(frozen=True, slots=True)
class _Schema:
    """A schema ready to draw from: where it is written (after ``$ref``), and its parts."""

    location: Location
    node: dict[str, Any]
    type: str
    properties: dict[str, Location]  # name -> where the property's schema is written
    values: Location | None  # the value schema of a map
    items: Location | None
    pattern: _Pattern | None
    low: int | None  # integer range: the spec's bounds within the format's range
    high: int | None


# Values of every JSON type but one, for wrong-type mutations; integers stay within 2**53.
_OTHER: dict[str, Strategy] = {
    "string": st.text(max_size=6),
    "integer": st.integers(-(2**53), 2**53),
    "number": st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer()),
    "boolean": st.booleans(),
    "null": st.none(),
    "array": st.lists(st.integers(-9, 9) | st.text(max_size=3), max_size=2),
    "object": st.dictionaries(st.text(max_size=3), st.integers(-9, 9), max_size=2),
}
_CHARS = st.characters(codec="utf-8")  # no lone surrogates: every string is valid JSON text
_ANY_JSON: Strategy = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**31), 2**31), st.text(_CHARS, max_size=8)
)
# Characters likely to fall outside a pattern's class.
_ODD = st.sampled_from([" ", "/", ".", "\t", "\n", "é", "中", "~", "\x00", "$", "^"]) | _CHARS

Fail = tuple[Location, Kind, Path_]  # keyword location in the spec, kind, body path


class SpecStrategies:
    """Strategies for one OpenAPI document; ``max_items`` bounds every array and map,
    ``max_text`` every string without a ``maxLength``."""

    def __init__(
        self, document: Mapping[str, Any] | None = None, *, max_items: int = 2, max_text: int = 12
    ) -> None:
        self.document: dict[str, Any] = dict(document) if document else load_document()
        self.max_items = max_items
        self.max_text = max_text
        self._compiled: dict[Location, _Schema] = {}
        self._strategies: dict[tuple[Location, bool], Strategy] = {}
        self._building: set[tuple[Location, bool]] = set()

    # -- public ------------------------------------------------------------------------------

    def location(self, name: str) -> Location:
        schemas = self.document.get("components", {}).get("schemas", {})
        if name not in schemas:
            raise KeyError(f"no schema {name!r} in #/components/schemas ({', '.join(schemas)})")
        return ("components", "schemas", name)

    def from_schema(self, name: str, *, drift: bool = False) -> Strategy:
        """Valid values of the component schema ``name``."""
        return self.strategy(self.location(name), drift=drift)

    def strategy(self, location: Location, *, drift: bool = False) -> Strategy:
        """Valid values of the schema written at ``location``; built (and checked) eagerly."""
        key = (self.compile(location).location, drift)
        if key in self._strategies:
            return self._strategies[key]
        if key in self._building:  # a recursive schema
            return st.deferred(lambda: self._strategies[key])
        self._building.add(key)
        try:
            built = self._build(self.compile(location), drift)
        finally:
            self._building.discard(key)
        self._strategies[key] = built
        return built

    def mutations(
        self, name: str, *, kinds: Iterable[str] | None = None, strict: bool = False
    ) -> st.SearchStrategy[tuple[Any, Expected]]:
        """``(value, expected)``: a valid value of ``name`` with one thing broken, and the one
        finding that must cause (``strict`` makes drift an error, as ``Contract(strict=True)``)."""
        return self.mutations_at(self.location(name), kinds=kinds, strict=strict)

    def mutations_at(
        self, location: Location, *, kinds: Iterable[str] | None = None, strict: bool = False
    ) -> st.SearchStrategy[tuple[Any, Expected]]:
        wanted = set(MUTATIONS if kinds is None else kinds)
        unknown = wanted - set(MUTATIONS)
        if unknown:
            raise ValueError(f"unknown mutation kinds {sorted(unknown)}; known: {MUTATIONS}")
        targets = [t for t in self.targets(location) if t[2] in wanted]
        if not targets:
            raise ValueError(f"no mutation of {sorted(wanted)} applies to {fragment(location)}")
        by_kind = {m: [t for t in targets if t[2] == m] for m in MUTATIONS}
        kinds_found = [m for m in MUTATIONS if by_kind[m]]
        valid = self.strategy(location)

        @st.composite
        def mutated(draw: st.DrawFn) -> tuple[Any, Expected]:
            # the kind first, then the place: rare kinds are drawn as often as common ones
            kind = draw(st.sampled_from(kinds_found))
            route, _, mutation, argument = draw(st.sampled_from(by_kind[kind]))
            holder = [copy.deepcopy(draw(valid))]
            expected = self._mutate(draw, location, holder, route, mutation, argument)
            severity: Severity = (
                "error" if strict or expected.kind not in DRIFT_KINDS else "warning"
            )
            return holder[0], replace(expected, severity=severity)

        return mutated()

    def targets(
        self, location: Location
    ) -> list[tuple[tuple[Step, ...], Location, str, tuple[str, ...]]]:
        """Every (route, schema location, mutation, argument) that can be broken in a value of
        the schema at ``location``, recursion cut at the first repeat of a schema."""
        found: list[tuple[tuple[Step, ...], Location, str, tuple[str, ...]]] = []

        def walk(where: Location, route: tuple[Step, ...], seen: frozenset[Location]) -> None:
            schema = self.compile(where)
            if schema.location in seen:
                return
            seen = seen | {schema.location}
            found.extend((route, schema.location, m, a) for m, a in self._operations(schema))
            for name, child in schema.properties.items():
                walk(child, (*route, ("property", name)), seen)
            if schema.values is not None:
                walk(schema.values, (*route, ("value", "")), seen)
            if schema.items is not None:
                walk(schema.items, (*route, ("item", "")), seen)

        walk(location, (), frozenset())
        return found

    # -- reading the spec --------------------------------------------------------------------

    def _resolve(self, location: Location) -> Any:
        node: Any = self.document
        for token in location:
            if not isinstance(node, dict) or token not in node:
                raise StrategyError(f"{fragment(location)} does not exist")
            node = node[token]
        return node

    def compile(self, location: Location) -> _Schema:
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
            location = _parse_ref(ref)
            if location in seen:
                raise StrategyError(f"{fragment(location)}: circular $ref")
            seen.append(location)
            node = self._resolve(location)
        if location in self._compiled:
            return self._compiled[location]
        schema = self._check(location, node)
        self._compiled[location] = schema
        return schema

    def _check(self, where: Location, node: Any) -> _Schema:
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
        allowed = {
            "object": {
                "properties",
                "additionalProperties",
                "required",
                "dependentRequired",
                "if",
                "then",
            },
            "array": {"items"},
            "string": {"minLength", "maxLength", "pattern"},
            "integer": {"minimum", "maximum"},
            "boolean": set(),
        }[kind] | {"$ref", "type", "enum", "const"}
        for key in node.keys() & _UNDERSTOOD - allowed:
            raise fail(key, f"keyword {key!r} does not apply to type {kind!r}")
        if "enum" in node and not (isinstance(node["enum"], list) and node["enum"]):
            raise fail("enum", "enum must be a non-empty list")
        for key in ("enum", "x-documented-values", "x-known-values"):
            if any(_json_type(v) != kind for v in node.get(key, [])):
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
            self._check_condition(where, node, properties)
        pattern = (
            _parse_pattern(node["pattern"], (*where, "pattern")) if "pattern" in node else None
        )
        low = high = None
        if kind == "integer":
            low, high = RANGES.get(node.get("format", ""), (None, None))
            if "minimum" in node:
                low = node["minimum"] if low is None else max(low, node["minimum"])
            if "maximum" in node:
                high = node["maximum"] if high is None else min(high, node["maximum"])
        return _Schema(
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
        self, where: Location, node: dict[str, Any], properties: dict[str, Location]
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

    def _operations(self, schema: _Schema) -> Iterator[tuple[str, tuple[str, ...]]]:
        node, pattern = schema.node, schema.pattern
        yield "wrong-type", ()
        if "enum" in node:
            yield "outside-enum", ()
        if "const" in node:
            yield "outside-const", ()
        if schema.type == "integer":
            fmt_low, fmt_high = RANGES.get(node.get("format", ""), (None, None))
            if "minimum" in node and (fmt_low is None or node["minimum"] > fmt_low):
                yield "below-minimum", ()
            if "maximum" in node and (fmt_high is None or node["maximum"] < fmt_high):
                yield "above-maximum", ()
            if fmt_low is not None and node.get("minimum", fmt_low - 1) < fmt_low:
                yield "outside-format-range", ("low",)
            if fmt_high is not None and node.get("maximum", fmt_high + 1) > fmt_high:
                yield "outside-format-range", ("high",)
        if schema.type == "string" and "enum" not in node and "const" not in node:
            if "x-documented-values" in node:
                yield "undocumented-value", ()
            elif "maxLength" in node and (
                pattern is None or pattern.high is None or pattern.high > node["maxLength"]
            ):
                yield "too-long", ()
            if node.get("minLength", 0) > 0 and (
                pattern is None or pattern.low < node["minLength"]
            ):
                yield "too-short", ()
            if pattern is not None and "x-documented-values" not in node:
                yield "pattern-mismatch", ()
                yield "pattern-trailing-newline", ()
        if schema.type == "object":
            if schema.properties:
                yield "undocumented-field", ()
            for name in node.get("required", []):
                yield "missing-required", (name,)
            for name, partners in node.get("dependentRequired", {}).items():
                for partner in partners:
                    if partner != name and partner not in node.get("required", []):
                        yield "missing-dependent", (name, partner)
            for name in node.get("then", {}).get("required", []) if "if" in node else []:
                if name not in node.get("required", []):
                    yield "missing-conditional", (name,)

    # -- drawing valid values ----------------------------------------------------------------

    def _build(self, schema: _Schema, drift: bool) -> Strategy:
        node = schema.node
        if "const" in node:
            base: Strategy = st.just(node["const"])
        elif "enum" in node:
            base = st.sampled_from(node["enum"])
        elif schema.type == "object":
            base = self._object(schema, drift)
        elif schema.type == "array":
            assert schema.items is not None, f"{fragment(schema.location)}: an array needs items"
            base = st.lists(self.strategy(schema.items, drift=drift), max_size=self.max_items)
        elif schema.type == "integer":
            low, high = schema.low, schema.high
            edges = [v for v in (low, high) if v is not None]
            base = (
                st.integers(low, high) | st.sampled_from(edges) if edges else st.integers(low, high)
            )
        elif schema.type == "boolean":
            base = st.booleans()
        elif "x-documented-values" in node:
            documented = node["x-documented-values"]
            base = st.sampled_from(documented)
            if drift:
                others = st.text(_CHARS, max_size=self.max_text).filter(
                    lambda s: s not in documented
                )
                base = base | st.sampled_from(node.get("x-known-values") or documented) | others
        else:
            base = self._text(schema)
        default = node.get("default")
        if default is not None:
            if self._failures(schema, default, ()):
                raise StrategyError(
                    f"{fragment((*schema.location, 'default'))}: {default!r} breaks its own schema"
                )
            base = st.just(default) | base
        return base

    def _text(
        self, schema: _Schema, *, low: int | None = None, high: int | None = None
    ) -> Strategy:
        """Strings of the schema's length (or of ``low``..``high``) matching its pattern."""
        node, pattern = schema.node, schema.pattern
        shortest: int = node.get("minLength", 0) if low is None else low
        longest: int = node.get("maxLength", shortest + self.max_text) if high is None else high
        if pattern is not None and pattern.atom is None:
            return st.from_regex(pattern.regex, fullmatch=True, alphabet=_CHARS).filter(
                lambda s: shortest <= len(s) <= longest
            )
        low, high = shortest, longest
        chars = _CHARS
        if pattern is not None and pattern.atom is not None:
            chars = st.from_regex(pattern.atom, fullmatch=True, alphabet=_CHARS)
            low = max(low, pattern.low)
            high = high if pattern.high is None else min(high, pattern.high)
        # the shortest and the longest strings are drawn often: bounds are where bugs live
        return st.one_of(
            st.text(chars, min_size=low, max_size=high),
            st.text(chars, min_size=low, max_size=low),
            st.text(chars, min_size=high, max_size=high),
        )

    def _object(self, schema: _Schema, drift: bool) -> Strategy:
        if schema.values is not None:
            keys = st.text(_CHARS, max_size=self.max_text)
            return st.dictionaries(
                keys, self.strategy(schema.values, drift=drift), max_size=self.max_items
            )
        required = set(schema.node.get("required", []))
        props = {
            name: self.strategy(where, drift=drift) for name, where in schema.properties.items()
        }
        base = st.fixed_dictionaries(
            {n: s for n, s in props.items() if n in required},
            optional={n: s for n, s in props.items() if n not in required},
        )
        if not drift and not ({"dependentRequired", "if"} & schema.node.keys()):
            return base
        extra = st.dictionaries(
            st.text(_CHARS, max_size=8).filter(lambda k: k not in props), _ANY_JSON, max_size=2
        )

        @st.composite
        def complete(draw: st.DrawFn) -> dict[str, Any]:
            value: dict[str, Any] = draw(base)
            if drift:
                value.update(draw(extra))
            self._complete(draw, schema, value, drift)
            return value

        return complete()

    def _complete(
        self, draw: st.DrawFn, schema: _Schema, value: dict[str, Any], drift: bool = False
    ) -> None:
        """Add the properties that ``dependentRequired`` and ``if``/``then`` ask for."""
        for _ in range(len(schema.properties) + 1):
            missing = self._missing(schema, value)
            if not missing:
                return
            for name in missing:
                value[name] = draw(self.strategy(schema.properties[name], drift=drift))
        raise StrategyError(f"{fragment(schema.location)}: its conditions cannot all be met")

    def _missing(self, schema: _Schema, value: dict[str, Any]) -> list[str]:
        node = schema.node
        wanted = list(node.get("required", []))
        for name, partners in node.get("dependentRequired", {}).items():
            wanted += partners if name in value else []
        if "if" in node and self._holds(node["if"], value):
            wanted += node["then"].get("required", [])
        return sorted({n for n in wanted if n not in value})

    @staticmethod
    def _holds(condition: dict[str, Any], value: Any) -> bool:
        """Whether an ``if`` (of the supported form) holds for ``value``."""
        if not isinstance(value, dict):
            return True
        if any(name not in value for name in condition.get("required", [])):
            return False
        for name, test in condition.get("properties", {}).items():
            if name not in value or not isinstance(test, dict):
                continue
            if "const" in test and not _json_equal(value[name], test["const"]):
                return False
            if "enum" in test and not any(_json_equal(value[name], v) for v in test["enum"]):
                return False
        return True

    # -- one node's rules, checked locally ---------------------------------------------------

    def _failures(self, schema: _Schema, value: Any, path: Path_) -> list[Fail]:
        """The findings one value causes at its own node (not inside it), as the validators
        report them: a value of the wrong type causes the type finding alone."""
        node, at = schema.node, schema.location
        violation, fails = Kind.SCHEMA_VIOLATION, []
        if _json_type(value) != schema.type:
            return [((*at, "type"), violation, path)]
        if "enum" in node and not any(_json_equal(value, v) for v in node["enum"]):
            fails.append(((*at, "enum"), violation, path))
        if "const" in node and not _json_equal(value, node["const"]):
            fails.append(((*at, "const"), violation, path))
        if schema.type == "string":
            if len(value) < node.get("minLength", 0):
                fails.append(((*at, "minLength"), violation, path))
            if "maxLength" in node and len(value) > node["maxLength"]:
                fails.append(((*at, "maxLength"), violation, path))
            if schema.pattern is not None and not schema.pattern.regex.fullmatch(value):
                fails.append(((*at, "pattern"), violation, path))
            documented = node.get("x-documented-values")
            if documented is not None and "enum" not in node and value not in documented:
                fails.append(((*at, "x-documented-values"), Kind.UNDOCUMENTED_VALUE, path))
        if schema.type == "integer":
            fmt_low, fmt_high = RANGES.get(node.get("format", ""), (None, None))
            below = "minimum" in node and value < node["minimum"]
            above = "maximum" in node and value > node["maximum"]
            fails += [((*at, "minimum"), violation, path)] if below else []
            fails += [((*at, "maximum"), violation, path)] if above else []
            if (fmt_low is not None and value < fmt_low and not below) or (
                fmt_high is not None and value > fmt_high and not above
            ):
                fails.append(((*at, "format"), Kind.INTEGER_OUT_OF_RANGE, path))
        if schema.type == "object" and schema.values is None:
            missing = [n for n in node.get("required", []) if n not in value]
            fails += [((*at, "required"), violation, path)] * len(missing)
            for name, partners in node.get("dependentRequired", {}).items():
                lacking = [p for p in partners if p not in value] if name in value else []
                fails += [((*at, "dependentRequired"), violation, path)] * len(lacking)
            if "if" in node and self._holds(node["if"], value):
                lacking = [n for n in node["then"].get("required", []) if n not in value]
                fails += [((*at, "then", "required"), violation, path)] * len(lacking)
            for name in value:
                if name not in schema.properties:
                    fails.append(((*at, "properties"), Kind.UNDOCUMENTED_FIELD, (*path, name)))
        return fails

    # -- mutating ----------------------------------------------------------------------------

    def _mutate(
        self,
        draw: st.DrawFn,
        root: Location,
        holder: list[Any],
        route: tuple[Step, ...],
        mutation: str,
        argument: tuple[str, ...],
    ) -> Expected:
        """Grow the value along ``route`` (keeping it valid), break its end, check the break."""
        container: Any = holder
        key: str | int = 0
        path: Path_ = ()
        schema = self.compile(root)
        parent: _Schema | None = None
        new_key: str | int
        for step, name in route:
            value = container[key]
            if step == "property":
                if name not in value:
                    value[name] = draw(self.strategy(schema.properties[name]))
                    self._complete(draw, schema, value)
                child, new_key = schema.properties[name], name
            elif step == "item":
                assert schema.items is not None
                if not value:
                    value.append(draw(self.strategy(schema.items)))
                child, new_key = schema.items, draw(st.integers(0, len(value) - 1))
            else:
                assert schema.values is not None
                if not value:
                    value[draw(st.text(_CHARS, max_size=self.max_text))] = draw(
                        self.strategy(schema.values)
                    )
                child, new_key = schema.values, draw(st.sampled_from(sorted(value)))
            parent, container, key, path = schema, value, new_key, (*path, new_key)
            schema = self.compile(child)
        old = container[key]
        new, keyword, detail = self._break(draw, schema, copy.deepcopy(old), mutation, argument)
        container[key] = new
        fails = self._failures(schema, new, path)
        if parent is not None:
            fails += self._failures(parent, container, path[:-1])
        assume(len(fails) == 1 and fails[0][0] == (*schema.location, *keyword))
        location, kind, at = fails[0]
        where = fragment(location)
        text = f"{mutation} at {pointer(at) or '/'} ({where}): {detail}"
        return Expected(kind, "error", pointer(at), where, mutation, text)

    def _break(
        self, draw: st.DrawFn, schema: _Schema, value: Any, mutation: str, argument: tuple[str, ...]
    ) -> tuple[Any, tuple[str, ...], str]:
        """The broken value, the keyword (relative to the schema) it breaks, and a description."""
        node = schema.node
        if mutation == "wrong-type":
            other = draw(
                st.sampled_from(
                    sorted(
                        set(_OTHER)
                        - {schema.type}
                        - ({"number"} if schema.type == "integer" else set())
                    )
                )
            )
            new = draw(_OTHER[other])
            return new, ("type",), f"{other} {new!r} where {schema.type} is expected"
        if mutation in ("below-minimum", "above-maximum"):
            fmt_low, fmt_high = RANGES.get(node.get("format", ""), (-(2**63), 2**63 - 1))
            if mutation == "below-minimum":
                new = draw(st.integers(max(fmt_low, node["minimum"] - 2**16), node["minimum"] - 1))
                return new, ("minimum",), f"{new} (minimum {node['minimum']})"
            new = draw(st.integers(node["maximum"] + 1, min(fmt_high, node["maximum"] + 2**16)))
            return new, ("maximum",), f"{new} (maximum {node['maximum']})"
        if mutation == "outside-format-range":
            fmt = node["format"]
            low, high = RANGES[fmt]
            beyond = st.integers(1, 2**16) | st.integers(1, 2**80) | st.just(1)
            new = low - draw(beyond) if argument == ("low",) else high + draw(beyond)
            return new, ("format",), f"{new} is outside {fmt}"
        if mutation in ("too-long", "too-short"):
            if mutation == "too-long":
                size = node["maxLength"] + 1
                new = draw(self._text(schema, low=size, high=size + 8))
                return new, ("maxLength",), f"{len(new)} characters (maxLength {node['maxLength']})"
            size = node["minLength"] - 1
            new = draw(self._text(schema, low=max(0, size - 3), high=size))
            return new, ("minLength",), f"{len(new)} characters (minLength {node['minLength']})"
        if mutation == "pattern-mismatch":  # insert a character, or replace one when full
            odd = draw(_ODD)
            room = "maxLength" not in node or len(value) < node["maxLength"]
            at = draw(st.integers(0, len(value) if room else max(0, len(value) - 1)))
            new = value[:at] + odd + value[at + (0 if room else 1) :]
            return new, ("pattern",), f"{new!r} does not match {node['pattern']!r}"
        if mutation == "pattern-trailing-newline":
            room = "maxLength" not in node or len(value) < node["maxLength"]
            new = value + "\n" if room else value[:-1] + "\n"
            return new, ("pattern",), f"{new!r}: '$' is the end of the string, not before a newline"
        if mutation in ("outside-enum", "undocumented-value"):
            listed = node["enum"] if mutation == "outside-enum" else node["x-documented-values"]
            near = (
                [v.upper() for v in listed]
                + [v.capitalize() for v in listed]
                + [v + " " for v in listed]
            )
            near += list(node.get("x-known-values", [])) if mutation == "undocumented-value" else []
            candidates = st.sampled_from(near) | st.text(_CHARS, max_size=self.max_text)
            if schema.type == "integer":
                candidates = st.integers(schema.low, schema.high)
            new = draw(candidates.filter(lambda v: not any(_json_equal(v, w) for w in listed)))
            keyword = ("enum",) if mutation == "outside-enum" else ("x-documented-values",)
            return new, keyword, f"{new!r} is not one of {listed}"
        if mutation == "outside-const":
            same = (
                _OTHER["integer"]
                if schema.type == "integer"
                else _OTHER.get(schema.type, st.nothing())
            )
            new = draw(same.filter(lambda v: not _json_equal(v, node["const"])))
            return new, ("const",), f"{new!r} is not {node['const']!r}"
        if mutation == "undocumented-field":
            name = draw(st.text(_CHARS, max_size=8).filter(lambda k: k not in schema.properties))
            value[name] = draw(_ANY_JSON)
            return value, ("properties",), f"added the undocumented field {name!r}"
        if mutation == "missing-required":
            (name,) = argument
            del value[name]
            return value, ("required",), f"removed the required {name!r}"
        if mutation == "missing-dependent":
            name, partner = argument
            if name not in value:
                value[name] = draw(self.strategy(schema.properties[name]))
            value.pop(partner, None)
            for other in self._missing(schema, value):
                if other != partner:
                    value[other] = draw(self.strategy(schema.properties[other]))
            return value, ("dependentRequired",), f"{name!r} without {partner!r}"
        if mutation == "missing-conditional":
            (name,) = argument
            condition = node["if"]
            for test_name in condition.get("required", []):
                if test_name not in value:
                    value[test_name] = draw(self.strategy(schema.properties[test_name]))
            for test_name, test in condition.get("properties", {}).items():
                if isinstance(test, dict) and test_name in value:
                    value[test_name] = (
                        test["const"] if "const" in test else draw(st.sampled_from(test["enum"]))
                    )
            value.pop(name, None)
            for other in self._missing(schema, value):
                if other != name:
                    value[other] = draw(self.strategy(schema.properties[other]))
            return value, ("then", "required"), f"{name!r} missing although 'if' holds"
        raise ValueError(f"unknown mutation {mutation!r}")


# -- the operation ------------------------------------------------------------------------------

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _operation(document: dict[str, Any]) -> Location:
    """Where the spec's one operation is written: ``("paths", path, method)``."""
    found = [
        ("paths", path, method)
        for path, item in document.get("paths", {}).items()
        for method in item
        if method in _METHODS
    ]
    if len(found) != 1:
        raise StrategyError(f"expected exactly one operation in the spec, found {len(found)}")
    return found[0]


def _follow(document: dict[str, Any], location: Location) -> tuple[Location, dict[str, Any]]:
    """An OpenAPI object that may be a Reference Object: where it is really written, and it."""
    node: Any = None
    for _ in range(16):
        node = document
        for token in location:
            node = node[int(token)] if isinstance(node, list) else node[token]
        if not (isinstance(node, dict) and "$ref" in node):
            break
        location = _parse_ref(node["$ref"])
    if not isinstance(node, dict):
        raise StrategyError(f"{fragment(location)} is not an object")
    return location, node


def _json_schema(document: dict[str, Any], location: Location) -> Location | None:
    """The location of the JSON schema of a request body or response, None when it has none."""
    location, node = _follow(document, location)
    for media, value in node.get("content", {}).items():
        if media.split(";")[0].strip().lower() == "application/json" and "schema" in value:
            return (*location, "content", media, "schema")
    return None


# -- module-level shortcuts on the packaged spec ------------------------------------------------


@cache
def _default(max_items: int = 2) -> SpecStrategies:
    return SpecStrategies(max_items=max_items)


def from_schema(name: str, *, drift: bool = False, max_items: int = 2) -> Strategy:
    """Valid values of the spec's component schema ``name`` (``"Filter"``, ``"JobResponse"``...)."""
    return _default(max_items).from_schema(name, drift=drift)


def job_searches(*, drift: bool = False, max_items: int = 2) -> Strategy:
    """Valid request bodies (``JobSearches``)."""
    return from_schema("JobSearches", drift=drift, max_items=max_items)


def list_training_jobs_responses(*, drift: bool = False, max_items: int = 2) -> Strategy:
    """Valid 200 response bodies (``ListTrainingJobsResponse``); ``max_items`` bounds every array,
    ``items`` included, and every map."""
    return from_schema("ListTrainingJobsResponse", drift=drift, max_items=max_items)


def project_ids() -> Strategy:
    """Valid values of the ``project_id`` path parameter, from its schema in the spec."""
    builder = _default()
    document = builder.document
    where = _operation(document)
    for owner in (where[:2], where):
        _, holder = _follow(document, owner)
        for index in range(len(holder.get("parameters", []))):
            location, parameter = _follow(document, (*owner, "parameters", str(index)))
            if parameter.get("in") == "path" and parameter.get("name") == "project_id":
                return builder.strategy((*location, "schema"))
    raise StrategyError("the spec documents no project_id path parameter")


def responses(*, max_items: int = 2, drift: bool = False) -> st.SearchStrategy[tuple[int, Any]]:
    """``(status, body)`` for every response the operation documents: an exact status, a range
    (``4XX``) or ``default``, each with a valid body of its JSON schema (None without one)."""
    builder = _default(max_items)
    document = builder.document
    where = _operation(document)
    documented = _follow(document, where)[1]["responses"]
    exact = {int(k) for k in documented if k.isdigit()}
    options: list[Strategy] = []
    for key in documented:
        schema = _json_schema(document, (*where, "responses", key))
        body = st.none() if schema is None else builder.strategy(schema, drift=drift)
        if key.isdigit():
            status: Strategy = st.just(int(key))
        elif key.upper() == "DEFAULT":
            status = st.integers(100, 599).filter(lambda s: s not in exact)
        else:
            hundred = int(key[0]) * 100
            status = st.integers(hundred, hundred + 99).filter(lambda s: s not in exact)
        options.append(st.tuples(status, body))
    return st.one_of(options)


def error_responses(*, drift: bool = False) -> st.SearchStrategy[tuple[int, Any]]:
    """``(status, body)`` for the documented error responses (4XX, 5XX)."""
    return responses(drift=drift).filter(lambda pair: pair[0] >= 400)


def mutations(
    name: str, *, kinds: Iterable[str] | None = None, strict: bool = False, max_items: int = 2
) -> st.SearchStrategy[tuple[Any, Expected]]:
    """``(value, expected)``: a valid value of the schema ``name`` with exactly one thing broken,
    and the finding that must cause; ``kinds`` picks among ``MUTATIONS``."""
    return _default(max_items).mutations(name, kinds=kinds, strict=strict)


def job_search_mutations(
    *, kinds: Iterable[str] | None = None, strict: bool = False
) -> st.SearchStrategy[tuple[Any, Expected]]:
    return mutations("JobSearches", kinds=kinds, strict=strict)


def list_training_jobs_response_mutations(
    *, kinds: Iterable[str] | None = None, strict: bool = False, max_items: int = 2
) -> st.SearchStrategy[tuple[Any, Expected]]:
    return mutations("ListTrainingJobsResponse", kinds=kinds, strict=strict, max_items=max_items)
