"""The fast path: a body decoded straight into typed structures that check the contract.

The derived schemas (``schemas.derive``) are translated, once per contract, into msgspec types:
an object schema with documented properties becomes a ``Struct`` that refuses unknown fields
(the drift rule; its fields are named ``f0``, ``f1``... with their JSON names as
``encode_name``), a required property a field without default, a closed or documented
enumeration a ``Literal``, an ``int32``/``int64`` range or a length a ``Meta`` constraint,
``dependentRequired`` and a simple ``if``/``then`` a check after the object is decoded. Decoding a
body with such a type is parsing and judging in one pass, in C, without building the dicts and
lists that the engine would then walk.

The fast path only ever says "this body conforms, no finding": a body its decoder accepts is one
the engine accepts with no drift finding. Every other body (a violation, drift, a JSON
oddity the decoder refuses, such as ``1.0`` for an integer) goes the engine's way, which parses
it, validates it and explains every finding, so findings and their wording come from one place.
A translation is therefore never looser than the schema: a keyword or a shape it cannot express
exactly (a pattern with escapes, a map with documented properties, a schema that accepts any
value, a cycle of references) leaves that schema without a fast path (``typed_decoders``
omits it), never with an approximate one. The tests hold the fast path to the engines' verdicts
on valid bodies, on every mutation kind and on drift.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Annotated, Any, Literal

import msgspec

from .findings import Kind
from .pointers import Location, fragment
from .schemas import ANNOTATIONS, DerivedSchemas, Drift
from .spec import parse_ref, resolve

#: Decodes a body's bytes; raises (any exception) when the body is not known to conform.
Decode = Callable[[bytes], Any]

#: Keywords the translation understands; a schema with any other one has no fast path.
_KNOWN = frozenset(
    {"$ref", "type", "enum", "const", "properties", "additionalProperties", "items"}
    | {"required", "dependentRequired", "if", "then", "else"}
    | {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
    | {"minLength", "maxLength", "pattern", "minItems", "maxItems"}
)
#: A pattern made only of these (letters, digits, anchors, classes of literal characters,
#: groups, alternation, quantifiers) means the same to ECMA-262, Rust's regex and Python's ``re``
#: (with ``$`` as ``\\Z``): no escapes, no ``.``, no shorthand classes.
_PLAIN_PATTERN = re.compile(r"[A-Za-z0-9_\-^$\[\](){}|+*?,:/@=~ ]*")
_NOT_ANYTHING: dict[str, Any] = {"not": {}}
#: The class attribute of each translated Struct that keeps its object's conditions
#: (``Conditions``, or None), for a reader of the translation (``judge``).
CONDITIONS = "__conditions__"
#: The class attribute of each translated Struct that keeps the keywords its failures fail
#: (``Tags``), for a reader of the translation that records them (``judge``).
TAGS = "__tags__"


class Unsupported(Exception):
    """A schema the translation cannot express exactly."""


def typed_decoders(derived: DerivedSchemas, entries: Iterable[Location]) -> dict[Location, Decode]:
    """A decoder for each entry location whose schema translates exactly; the others are left
    out (their bodies always take the engine's path)."""
    return {e: msgspec.json.Decoder(k).decode for e, k in translations(derived, entries).items()}


def translations(derived: DerivedSchemas, entries: Iterable[Location]) -> dict[Location, Any]:
    """The msgspec type of each entry location whose schema translates exactly."""
    translator = _Translator(derived.document, derived.drift)
    kinds: dict[Location, Any] = {}
    for entry in entries:
        try:
            kinds[entry] = translator.type_of(entry)
        except Unsupported:
            continue
    return kinds


class _Translator:
    def __init__(
        self, document: dict[str, Any], drift: dict[Location, Drift] | None = None
    ) -> None:
        self._document = document
        self._drift = drift or {}
        self._done: dict[Location, Any] = {}
        self._busy: set[Location] = set()
        self._names: set[str] = set()

    def type_of(self, location: Location) -> Any:
        if location in self._done:
            return self._done[location]
        if location in self._busy:
            raise Unsupported(f"{fragment(location)}: a cycle of references")
        self._busy.add(location)
        try:
            kind = self._translate(resolve(self._document, location), location)
        finally:
            self._busy.discard(location)
        self._done[location] = kind
        return kind

    def _translate(self, node: Any, location: Location) -> Any:
        if not isinstance(node, dict):
            raise Unsupported(f"{fragment(location)}: a boolean schema")
        keys = {k for k in node if k not in ANNOTATIONS and not k.startswith("x-")}
        if not keys <= _KNOWN:
            raise Unsupported(f"{fragment(location)}: {sorted(keys - _KNOWN)}")
        if "$ref" in node:
            if keys != {"$ref"}:
                raise Unsupported(f"{fragment(location)}: $ref beside assertions")
            return self.type_of(parse_ref(node["$ref"]))
        conditional = any(k in node for k in ("if", "then", "else", "dependentRequired"))
        if conditional and node.get("type") != "object":
            raise Unsupported(f"{fragment(location)}: a condition outside an object")
        types = node.get("type")
        if types is None:
            if "enum" in node or "const" in node:
                return self._literal(node, location, None)
            raise Unsupported(f"{fragment(location)}: a schema without a type accepts anything")
        names = [types] if isinstance(types, str) else list(types)
        if not names or len(set(names)) != len(names):
            raise Unsupported(f"{fragment(location)}: type {types!r}")
        nullable = "null" in names
        rest = [n for n in names if n != "null"]
        if len(rest) > 1:
            raise Unsupported(f"{fragment(location)}: a union of types")
        if not rest:
            kind: Any = None
        elif "enum" in node or "const" in node:
            kind = self._literal(node, location, rest[0])
        else:
            kind = self._single(node, location, rest[0])
        if "enum" in node or "const" in node:
            return kind  # (null is of the type, but not among the values: not accepted)
        return kind | None if nullable and kind is not None else kind

    def _single(self, node: dict[str, Any], location: Location, name: str) -> Any:
        if name == "object":
            return self._object(node, location)
        _only(node, location, _ALLOWED_BY_TYPE.get(name, frozenset()))
        if name == "string":
            pattern = node.get("pattern")
            meta: dict[str, Any] = _lengths(node, location, "minLength", "maxLength")
            if pattern is not None:
                if not isinstance(pattern, str) or not _PLAIN_PATTERN.fullmatch(pattern):
                    raise Unsupported(f"{fragment(location)}: pattern {pattern!r}")
                meta["pattern"] = _python_pattern(pattern)
            return Annotated[str, msgspec.Meta(**meta)] if meta else str
        if name in ("integer", "number"):
            meta = _bounds(node, location, integer=name == "integer")
            base: Any = int if name == "integer" else float
            return Annotated[base, msgspec.Meta(**meta)] if meta else base
        if name == "boolean":
            return bool
        if name == "array":
            if "items" not in node:
                raise Unsupported(f"{fragment(location)}: an array of anything")
            item = self._child(node["items"], (*location, "items"))
            meta = _lengths(node, location, "minItems", "maxItems")
            kind = list[item]  # type: ignore[valid-type]
            return Annotated[kind, msgspec.Meta(**meta)] if meta else kind
        raise Unsupported(f"{fragment(location)}: type {name!r}")

    def _child(self, node: Any, location: Location) -> Any:
        if isinstance(node, dict) and set(node) - ANNOTATIONS == {"$ref"}:
            return self.type_of(parse_ref(node["$ref"]))
        return self._translate(node, location)

    def _object(self, node: dict[str, Any], location: Location) -> Any:
        _only(node, location, _OBJECT_KEYWORDS)
        extra = node.get("additionalProperties")
        properties = node.get("properties")
        if properties is None:
            if not isinstance(extra, dict) or extra == _NOT_ANYTHING or "required" in node:
                raise Unsupported(f"{fragment(location)}: an object of anything")
            if any(k in node for k in ("dependentRequired", "if", "then", "else")):
                raise Unsupported(f"{fragment(location)}: a condition on a map")
            return dict[str, self._child(extra, (*location, "additionalProperties"))]  # type: ignore[misc]
        if extra != _NOT_ANYTHING or not isinstance(properties, dict):
            raise Unsupported(f"{fragment(location)}: documented properties beside other ones")
        required = node.get("required", [])
        if not isinstance(required, list) or not set(required) <= set(properties):
            raise Unsupported(f"{fragment(location)}: required names an undocumented property")
        attributes = {json_name: f"f{i}" for i, json_name in enumerate(properties)}
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        for json_name, schema in properties.items():
            kind = self._child(schema, (*location, "properties", json_name))
            if json_name in required:
                fields.append((attributes[json_name], kind))
            else:
                fields.append((attributes[json_name], kind | msgspec.UnsetType, msgspec.UNSET))
        conditions = _conditions(node, location, properties)
        namespace: dict[str, Any] = {
            CONDITIONS: conditions,
            TAGS: (
                self._tags(node, location),
                {
                    name: self._chain(schema, (*location, "properties", name))
                    for name, schema in properties.items()
                },
            ),
        }
        if conditions is not None:
            namespace["__post_init__"] = _check(conditions, attributes)
        return msgspec.defstruct(
            self._name(location),
            fields,
            namespace=namespace,
            kw_only=True,
            forbid_unknown_fields=True,
            gc=False,
            rename={attr: name for name, attr in attributes.items()},
        )

    def _chain(self, node: Any, location: Location) -> tuple[Keywords, ...]:
        """The keywords of the schema at ``location`` (its ``$ref`` followed), then of its
        items or map values, and theirs, as far as the translation goes."""
        chain: list[Keywords] = []
        while True:
            while isinstance(node, dict) and "$ref" in node:
                location = parse_ref(node["$ref"])
                node = resolve(self._document, location)
            if not isinstance(node, dict):
                return tuple(chain)
            chain.append(self._tags(node, location))
            if "items" in node:
                node, location = node["items"], (*location, "items")
            elif "properties" not in node and isinstance(node.get("additionalProperties"), dict):
                node = node["additionalProperties"]
                location = (*location, "additionalProperties")
            else:
                return tuple(chain)

    def _tags(self, node: dict[str, Any], location: Location) -> Keywords:
        """The keyword that each failure of a value of the schema ``node`` at ``location`` fails,
        where that failure alone fails it, by the judge's name for the failure (``_judge.c``:
        ``errors``)."""
        keys = {k for k in node if k not in ANNOTATIONS and not k.startswith("x-")}
        tags: Keywords = {}
        kind = node.get("type")
        valued = "enum" in keys or "const" in keys
        # (null of a nullable enumeration is of its type, not among its values: the engine's)
        if "type" in keys and not (valued and isinstance(kind, list) and "null" in kind):
            tags["type"] = (*location, "type")
        if "properties" in keys:
            fields = (*location, "additionalProperties", "not")
            rule = self._drift.get(fields)
            # (a condition on an undocumented name: such a field may fail it too)
            drift = rule is not None and rule.kind is Kind.UNDOCUMENTED_FIELD
            if drift and not _names_beyond(node, set(node["properties"])):
                tags["other"] = fields
            for keyword in ("required", "dependentRequired"):
                if keyword in keys:
                    tags[keyword] = (*location, keyword)
            return tags
        if valued:
            # (any other keyword may fail a value not among them too)
            if keys in ({"enum"}, {"const"}, {"type", "enum"}, {"type", "const"}):
                tags["other"] = (*location, "enum" if "enum" in keys else "const")
            return tags
        for side, words in (("low", _LOW), ("high", _HIGH)):
            written = [k for k in words if k in keys]
            if len(written) == 1:
                tags[side] = (*location, written[0])
        if "pattern" in keys:
            tags["pattern"] = (*location, "pattern")
        return tags

    def _literal(self, node: dict[str, Any], location: Location, name: str | None) -> Any:
        """An ``enum`` or ``const`` of strings (or of integers), narrowed by the other keywords
        of the schema, which are checked here on each value."""
        if "enum" in node and "const" in node:
            raise Unsupported(f"{fragment(location)}: enum beside const")
        values = node["enum"] if "enum" in node else [node["const"]]
        if not isinstance(values, list) or not values:
            raise Unsupported(f"{fragment(location)}: enum {values!r}")
        if all(isinstance(v, str) for v in values) and name in (None, "string"):
            allowed = [v for v in values if _string_fits(node, location, v)]
        elif all(type(v) is int for v in values) and name in (None, "integer"):
            allowed = [v for v in values if _number_fits(node, location, v)]
        else:
            raise Unsupported(f"{fragment(location)}: an enum of other values")
        if not allowed:
            raise Unsupported(f"{fragment(location)}: no value fits")
        return Literal[tuple(dict.fromkeys(allowed))]

    def _name(self, location: Location) -> str:
        base = re.sub(r"\W", "_", "_".join(str(t) for t in location[-3:])) or "Body"
        name, count = base, 1
        while name in self._names:
            count += 1
            name = f"{base}_{count}"
        self._names.add(name)
        return name


_OBJECT_KEYWORDS = frozenset(
    {"type", "properties", "additionalProperties", "required", "dependentRequired"}
    | {"if", "then", "else"}
)
_ALLOWED_BY_TYPE = {
    "string": frozenset({"type", "minLength", "maxLength", "pattern"}),
    "integer": frozenset({"type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}),
    "number": frozenset({"type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}),
    "boolean": frozenset({"type"}),
    "array": frozenset({"type", "items", "minItems", "maxItems"}),
}


def _only(node: dict[str, Any], location: Location, allowed: frozenset[str]) -> None:
    keys = {k for k in node if k not in ANNOTATIONS and not k.startswith("x-")}
    if not keys <= allowed:
        raise Unsupported(f"{fragment(location)}: {sorted(keys - allowed)} for its type")


def _lengths(node: dict[str, Any], location: Location, low: str, high: str) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for keyword, name in ((low, "min_length"), (high, "max_length")):
        if keyword in node:
            value = node[keyword]
            if type(value) is not int or value < 0:
                raise Unsupported(f"{fragment(location)}: {keyword} {value!r}")
            meta[name] = value
    return meta


def _bounds(node: dict[str, Any], location: Location, *, integer: bool) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for keyword, name in (
        ("minimum", "ge"),
        ("maximum", "le"),
        ("exclusiveMinimum", "gt"),
        ("exclusiveMaximum", "lt"),
    ):
        if keyword in node:
            value = node[keyword]
            if type(value) is not int:  # a float bound on an integer: not worth the care
                raise Unsupported(f"{fragment(location)}: {keyword} {value!r}")
            meta[name] = value if integer else float(value)
            if not integer and meta[name] != value:
                raise Unsupported(f"{fragment(location)}: {keyword} beyond a double")
    return meta


def _string_fits(node: dict[str, Any], location: Location, value: str) -> bool:
    _only(node, location, frozenset({"type", "enum", "const", "minLength", "maxLength", "pattern"}))
    if len(value) < node.get("minLength", 0) or len(value) > node.get("maxLength", len(value)):
        return False
    pattern = node.get("pattern")
    if pattern is None:
        return True
    if not isinstance(pattern, str) or not _PLAIN_PATTERN.fullmatch(pattern):
        raise Unsupported(f"{fragment(location)}: pattern {pattern!r}")
    return re.search(_python_pattern(pattern), value) is not None


def _number_fits(node: dict[str, Any], location: Location, value: int) -> bool:
    _only(
        node,
        location,
        frozenset({"type", "enum", "const"})
        | {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"},
    )
    low: Any = node.get("minimum", value)
    high: Any = node.get("maximum", value)
    above: Any = node.get("exclusiveMinimum", value - 1)
    below: Any = node.get("exclusiveMaximum", value + 1)
    return bool(low <= value <= high and above < value < below)


def _python_pattern(pattern: str) -> str:
    """``$`` (outside a class) as ``\\Z``: Python's ``$`` also matches before a final newline.
    The pattern is plain (``_PLAIN_PATTERN``): no escapes to tell apart."""
    out, in_class = [], False
    for char in pattern:
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            char = r"\Z"
        out.append(char)
    return "".join(out)


#: The keyword of the derived document that each failure of a value of a schema fails, by the
#: judge's name for the failure (``_judge.c``: ``errors``): "type", "other" (an undocumented
#: field of an object, a value not among an enumeration's), "low" and "high" (a bound on a
#: number, a length, a number of items), "pattern", "required", "dependentRequired". A failure
#: is left out where it is not the only keyword such a value fails: a value not among an
#: enumeration with other keywords, a bound beside another on the same side, an undocumented
#: field of an object whose conditions name undocumented properties.
Keywords = dict[str, Location]
#: A Struct's ``TAGS``: its own ``Keywords``, and those of each property's schema, then of its
#: items (or map values), and theirs.
Tags = tuple[Keywords, dict[str, tuple[Keywords, ...]]]
_LOW = ("minimum", "exclusiveMinimum", "minLength", "minItems")
_HIGH = ("maximum", "exclusiveMaximum", "maxLength", "maxItems")


def _names_beyond(node: dict[str, Any], documented: set[str]) -> bool:
    """Whether the object's ``dependentRequired`` or ``if``/``then``/``else`` name a property
    beyond ``documented`` (which the translation leaves out: a conforming object has none)."""
    dependent = node.get("dependentRequired", {})
    names = set(dependent) if isinstance(dependent, dict) else set()
    for key in ("if", "then", "else") if "if" in node else ():
        sub = node.get(key)
        if isinstance(sub, dict):
            names.update(sub.get("required", ()))
            names.update(sub.get("properties", {}))
    return not names <= documented


#: A conditional subschema (``_predicate``): always true, never true, or (the properties that
#: must be there, and (property, the strings its value is one of when it is there) pairs).
Predicate = bool | tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]
#: An object's conditions (``_conditions``): its ``dependentRequired`` as (property, the
#: properties it needs) pairs, and its ``if``/``then``/``else`` predicates (None: no ``if``).
Conditions = tuple[
    tuple[tuple[str, tuple[str, ...]], ...], tuple[Predicate, Predicate, Predicate] | None
]


def _conditions(
    node: dict[str, Any], location: Location, names: Iterable[str]
) -> Conditions | None:
    """The object's ``dependentRequired`` and ``if``/``then``/``else``, by the JSON names of its
    documented properties ``names``; None when it has neither."""
    documented = set(names)
    dependent = node.get("dependentRequired", {})
    if not isinstance(dependent, dict):
        raise Unsupported(f"{fragment(location)}: dependentRequired {dependent!r}")
    pairs: list[tuple[str, tuple[str, ...]]] = []
    for name, needs in dependent.items():
        if name not in documented:
            continue  # a property that cannot be present in a conforming object
        if not isinstance(needs, list) or not set(needs) <= documented:
            raise Unsupported(f"{fragment(location)}: dependentRequired names an undocumented one")
        pairs.append((name, tuple(needs)))
    condition: tuple[Predicate, Predicate, Predicate] | None = None
    if "if" in node:
        condition = (
            _predicate(node["if"], (*location, "if"), documented),
            _predicate(node.get("then", {}), (*location, "then"), documented),
            _predicate(node.get("else", {}), (*location, "else"), documented),
        )
    # without "if", "then" and "else" are ignored (JSON Schema 2020-12)
    if not pairs and condition is None:
        return None
    return tuple(pairs), condition


def _predicate(node: Any, location: Location, documented: set[str]) -> Predicate:
    """A conditional subschema of the restricted form the spec allows (``schemas``: only the
    parent's documented properties): ``required`` names, and ``properties`` that are ``true`` or
    a ``const``/``enum`` of strings."""
    if node is True or node == {}:
        return True
    if not isinstance(node, dict) or not set(node) - ANNOTATIONS <= {"required", "properties"}:
        raise Unsupported(f"{fragment(location)}: a condition of another form")
    required = tuple(node.get("required", []))
    if not set(required) <= documented:
        return False  # requires a property a conforming object never has
    values: list[tuple[str, tuple[str, ...]]] = []
    for name, schema in node.get("properties", {}).items():
        if schema is True or name not in documented:
            continue
        if not isinstance(schema, dict) or not set(schema) - ANNOTATIONS <= {"const", "enum"}:
            raise Unsupported(f"{fragment(location)}: a condition on {name!r} of another form")
        allowed: list[Any] = schema["enum"] if "enum" in schema else [schema.get("const")]
        if "enum" in schema and "const" in schema:
            raise Unsupported(f"{fragment(location)}: enum beside const")
        if not all(isinstance(v, str) for v in allowed):
            raise Unsupported(f"{fragment(location)}: a condition on values other than strings")
        values.append((name, tuple(allowed)))
    return required, tuple(values)


def _check(conditions: Conditions, attributes: dict[str, str]) -> Callable[[Any], None]:
    """The conditions as a check run after the object is decoded (``__post_init__``: raising
    makes the decode fail); ``attributes``: the Struct's attribute of each JSON name."""
    dependent, condition = conditions
    names: list[str] = []  # the attributes the check reads, fetched at once
    for name, needs in dependent:
        for attribute in (name, *needs):
            if attributes[attribute] not in names:
                names.append(attributes[attribute])
    index = names.index
    pairs = [
        (index(attributes[name]), tuple(index(attributes[n]) for n in needs))
        for name, needs in dependent
    ]
    holds: Callable[[Any], bool] | None = None
    if condition is not None:
        test, then, otherwise = (_holds(p, attributes) for p in condition)
        holds = lambda obj: then(obj) if test(obj) else otherwise(obj)  # noqa: E731
    unset = msgspec.UNSET
    fetch = attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))

    def check(obj: Any) -> None:
        if pairs:
            values = fetch(obj)
            for present, needed in pairs:
                if values[present] is not unset:
                    for other in needed:
                        if values[other] is unset:
                            raise ValueError("a dependent property is missing")
        if holds is not None and not holds(obj):
            raise ValueError("a condition of the object does not hold")

    check.conditions = conditions  # type: ignore[attr-defined]  # (what it checks: ``judge``)
    return check


def _holds(predicate: Predicate, attributes: dict[str, str]) -> Callable[[Any], bool]:
    if isinstance(predicate, bool):
        return lambda obj: predicate
    unset = msgspec.UNSET
    required = [attributes[n] for n in predicate[0]]
    values = [(attributes[name], allowed) for name, allowed in predicate[1]]

    def holds(obj: Any) -> bool:
        if any(getattr(obj, a) is unset for a in required):
            return False
        for attribute, allowed in values:
            value = getattr(obj, attribute)
            # a decoded value of another type is not a string: equal to no constant
            if value is not unset and not (isinstance(value, str) and value in allowed):
                return False
        return True

    return holds
