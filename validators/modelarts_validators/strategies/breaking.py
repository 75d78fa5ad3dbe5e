"""Breaking one rule of a valid value: grow the value to the place, break it, check the break.

``mutate`` follows a target's route into a valid value, adding what the route needs on the way
(a property, an item, a map entry) and completing what that addition asks for, so the value
stays valid up to the node; there ``break_value`` makes the one change the mutation names. The
result is checked with ``rules.failures`` at the node and at its parent: a draw that breaks
anything but the one rule (or nothing) is discarded with ``assume``.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from ..contract.pointers import BodyPath, Location, fragment, pointer
from ..contract.schemas import RANGES
from .mutations import Expected, Step
from .rules import failures, json_equal, missing
from .values import ANY_JSON, CHARS, Strategy, Values
from .walk import Schema

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
# Characters likely to fall outside a pattern's class.
_ODD = st.sampled_from([" ", "/", ".", "\t", "\n", "é", "中", "~", "\x00", "$", "^"]) | CHARS


def mutate(
    values: Values,
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
    path: BodyPath = ()
    schema = values.compile(root)
    parent: Schema | None = None
    new_key: str | int
    for step, name in route:
        value = container[key]
        if step == "property":
            if name not in value:
                value[name] = draw(values.strategy(schema.properties[name]))
                values.complete(draw, schema, value)
            child, new_key = schema.properties[name], name
        elif step == "item":
            assert schema.items is not None
            if not value:
                value.append(draw(values.strategy(schema.items)))
            child, new_key = schema.items, draw(st.integers(0, len(value) - 1))
        else:
            assert schema.values is not None
            if not value:
                value[draw(st.text(CHARS, max_size=values.max_text))] = draw(
                    values.strategy(schema.values)
                )
            child, new_key = schema.values, draw(st.sampled_from(sorted(value)))
        parent, container, key, path = schema, value, new_key, (*path, new_key)
        schema = values.compile(child)
    old = container[key]
    new, keyword, detail = break_value(values, draw, schema, copy.deepcopy(old), mutation, argument)
    container[key] = new
    fails = failures(schema, new, path)
    if parent is not None:
        fails += failures(parent, container, path[:-1])
    assume(len(fails) == 1 and fails[0][0] == (*schema.location, *keyword))
    location, kind, at = fails[0]
    where = fragment(location)
    text = f"{mutation} at {pointer(at) or '/'} ({where}): {detail}"
    return Expected(kind, "error", pointer(at), where, mutation, text)


def break_value(
    values: Values,
    draw: st.DrawFn,
    schema: Schema,
    value: Any,
    mutation: str,
    argument: tuple[str, ...],
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
            new = draw(values.text(schema, low=size, high=size + 8))
            return new, ("maxLength",), f"{len(new)} characters (maxLength {node['maxLength']})"
        size = node["minLength"] - 1
        new = draw(values.text(schema, low=max(0, size - 3), high=size))
        return new, ("minLength",), f"{len(new)} characters (minLength {node['minLength']})"
    if mutation == "pattern-mismatch":  # insert a character, or replace one when full
        odd = draw(_ODD)
        room = "maxLength" not in node or len(value) < node["maxLength"]
        at = draw(st.integers(0, len(value) if room else max(0, len(value) - 1)))
        new = value[:at] + odd + value[at + (0 if room else 1) :]
        if new.endswith("\n"):  # wrong only where "$" is ECMA's (pattern-trailing-newline)
            new = "\n" + new[:-1]
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
        candidates = st.sampled_from(near) | st.text(CHARS, max_size=values.max_text)
        if schema.type == "integer":
            candidates = st.integers(schema.low, schema.high)
        new = draw(candidates.filter(lambda v: not any(json_equal(v, w) for w in listed)))
        keyword = ("enum",) if mutation == "outside-enum" else ("x-documented-values",)
        return new, keyword, f"{new!r} is not one of {listed}"
    if mutation == "outside-const":
        same = (
            _OTHER["integer"] if schema.type == "integer" else _OTHER.get(schema.type, st.nothing())
        )
        new = draw(same.filter(lambda v: not json_equal(v, node["const"])))
        return new, ("const",), f"{new!r} is not {node['const']!r}"
    if mutation == "undocumented-field":
        name = draw(st.text(CHARS, max_size=8).filter(lambda k: k not in schema.properties))
        value[name] = draw(ANY_JSON)
        return value, ("properties",), f"added the undocumented field {name!r}"
    if mutation == "missing-required":
        (name,) = argument
        del value[name]
        return value, ("required",), f"removed the required {name!r}"
    if mutation == "missing-dependent":
        name, partner = argument
        if name not in value:
            value[name] = draw(values.strategy(schema.properties[name]))
        value.pop(partner, None)
        for other in missing(schema, value):
            if other != partner:
                value[other] = draw(values.strategy(schema.properties[other]))
        return value, ("dependentRequired",), f"{name!r} without {partner!r}"
    if mutation == "missing-conditional":
        (name,) = argument
        condition = node["if"]
        for test_name in condition.get("required", []):
            if test_name not in value:
                value[test_name] = draw(values.strategy(schema.properties[test_name]))
        for test_name, test in condition.get("properties", {}).items():
            if isinstance(test, dict) and test_name in value:
                value[test_name] = (
                    test["const"] if "const" in test else draw(st.sampled_from(test["enum"]))
                )
        value.pop(name, None)
        for other in missing(schema, value):
            if other != name:
                value[other] = draw(values.strategy(schema.properties[other]))
        return value, ("then", "required"), f"{name!r} missing although 'if' holds"
    raise ValueError(f"unknown mutation {mutation!r}")
