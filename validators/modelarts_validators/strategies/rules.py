"""One schema node's rules, checked locally and independently of the validators.

The strategies use these checks three ways: a ``default`` must pass its own schema; a value must
be completed with the properties ``dependentRequired`` and ``if``/``then`` ask for; and a
mutation must break exactly one rule, the one its ``Expected`` names. Only the node's own rules
are checked (not those of the values inside it), in the subset ``walk`` accepts, and each
failure is reported as the validators report it: kind, keyword location, body path.
"""

from __future__ import annotations

from typing import Any

from ..contract.findings import Kind
from ..contract.pointers import BodyPath, Location
from ..contract.schemas import RANGES
from ..contract.wire import json_type
from .walk import Schema

Fail = tuple[Location, Kind, BodyPath]  # keyword location in the spec, kind, body path


def json_equal(a: Any, b: Any) -> bool:
    """Equal as JSON values are: ``1 != True``, ``1 == 1.0``."""
    return json_type(a) == json_type(b) and a == b


def holds(condition: dict[str, Any], value: Any) -> bool:
    """Whether an ``if`` (of the supported form) holds for ``value``."""
    if not isinstance(value, dict):
        return True
    if any(name not in value for name in condition.get("required", [])):
        return False
    for name, test in condition.get("properties", {}).items():
        if name not in value or not isinstance(test, dict):
            continue
        if "const" in test and not json_equal(value[name], test["const"]):
            return False
        if "enum" in test and not any(json_equal(value[name], v) for v in test["enum"]):
            return False
    return True


def missing(schema: Schema, value: dict[str, Any]) -> list[str]:
    """The properties ``required``, ``dependentRequired`` and ``if``/``then`` ask for and
    ``value`` lacks, sorted."""
    node = schema.node
    wanted = list(node.get("required", []))
    for name, partners in node.get("dependentRequired", {}).items():
        wanted += partners if name in value else []
    if "if" in node and holds(node["if"], value):
        wanted += node["then"].get("required", [])
    return sorted({n for n in wanted if n not in value})


def failures(schema: Schema, value: Any, path: BodyPath) -> list[Fail]:
    """The findings one value causes at its own node (not inside it), as the validators
    report them: a value of the wrong type causes the type finding alone."""
    node, at = schema.node, schema.location
    violation, fails = Kind.SCHEMA_VIOLATION, []
    if json_type(value) != schema.type:
        return [((*at, "type"), violation, path)]
    if "enum" in node and not any(json_equal(value, v) for v in node["enum"]):
        fails.append(((*at, "enum"), violation, path))
    if "const" in node and not json_equal(value, node["const"]):
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
        lacking_required = [n for n in node.get("required", []) if n not in value]
        fails += [((*at, "required"), violation, path)] * len(lacking_required)
        for name, partners in node.get("dependentRequired", {}).items():
            lacking = [p for p in partners if p not in value] if name in value else []
            fails += [((*at, "dependentRequired"), violation, path)] * len(lacking)
        if "if" in node and holds(node["if"], value):
            lacking = [n for n in node["then"].get("required", []) if n not in value]
            fails += [((*at, "then", "required"), violation, path)] * len(lacking)
        for name in value:
            if name not in schema.properties:
                fails.append(((*at, "properties"), Kind.UNDOCUMENTED_FIELD, (*path, name)))
    return fails
