"""The kinds of mutation, the finding each must cause, and where each applies.

A mutation breaks exactly one rule of one schema node. ``targets`` lists every place a value of
a schema can be broken, as a route from the root (through properties, array items and map
values) to the node, with the mutation and its argument (the property to remove, the side of a
format's range). The place is drawn from this list, not from a value, so a deep and rarely
populated node is broken as often as a top-level one.
"""

from __future__ import annotations

from collections.abc import Iterator

from .._deferred import dataclass
from ..contract.findings import Finding, Kind, Severity
from ..contract.pointers import Location
from ..contract.schemas import RANGES
from .walk import Schema, Schemas

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

#: One step from a value to a value inside it: ("property", name), ("item", ""), ("value", "").
Step = tuple[str, str]
#: (route, schema location, mutation, argument)
Target = tuple[tuple[Step, ...], Location, str, tuple[str, ...]]


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


def targets(schemas: Schemas, location: Location) -> list[Target]:
    """Every (route, schema location, mutation, argument) that can be broken in a value of
    the schema at ``location``, recursion cut at the first repeat of a schema."""
    found: list[Target] = []

    def walk(where: Location, route: tuple[Step, ...], seen: frozenset[Location]) -> None:
        schema = schemas.compile(where)
        if schema.location in seen:
            return
        seen = seen | {schema.location}
        found.extend((route, schema.location, m, a) for m, a in applicable(schema))
        for name, child in schema.properties.items():
            walk(child, (*route, ("property", name)), seen)
        if schema.values is not None:
            walk(schema.values, (*route, ("value", "")), seen)
        if schema.items is not None:
            walk(schema.items, (*route, ("item", "")), seen)

    walk(location, (), frozenset())
    return found


def applicable(schema: Schema) -> Iterator[tuple[str, tuple[str, ...]]]:
    """The mutations (and their arguments) that can break a rule written in this node."""
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
        if node.get("minLength", 0) > 0 and (pattern is None or pattern.low < node["minLength"]):
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
