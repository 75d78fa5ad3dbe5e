"""Turn the engines' raw errors into findings: kind, severity, pointers, one-line message.

A raw error names a failing keyword by its location in the derived document. If the derivation
added that keyword (``DerivedSchemas.drift``), the error is drift (an undocumented field, an
undocumented value of an open enumeration, an integer outside its format's range) and points
at the spec's rule for it; otherwise it is a violation of a keyword written in the spec, at the
same location. Details (which properties are extra or missing, lengths, limits) are computed
here from the keyword's value and the failing value, so both engines give identical findings;
the findings come back sorted by body pointer, then spec pointer.

A value of the wrong type is reported once: an ``enum``/``const`` check or a drift check on the
same value is dropped when its ``type`` check failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import Any

from .engines import RawError
from .findings import DRIFT_KINDS, Finding, Kind, Severity, Side
from .schemas import DerivedSchemas, Drift
from .spec import Location, fragment, resolve

Path = tuple[str | int, ...]
#: Checks of a value that make no sense once the value has the wrong type.
_VALUE_CHECKS = frozenset({"enum", "const", "minimum", "maximum", "exclusiveMinimum"}) | {
    "exclusiveMaximum",
    "multipleOf",
}


def pointer(path: Iterable[str | int]) -> str:
    """RFC 6901: ``("items", 0, "a/b")`` -> ``/items/0/a~1b``."""
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in path)


def json_type(value: Any) -> str:
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
    return (
        "object" if isinstance(value, dict) else "array" if isinstance(value, list) else "unknown"
    )


def show(value: Any) -> str:
    """A value as a message shows it: on one line, strings cut at 40 characters."""
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "...")
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, dict | list):
        return f"an {json_type(value)}"
    return repr(value)


def explain(
    errors: Iterable[RawError], derived: DerivedSchemas, side: Side, *, strict: bool = False
) -> list[Finding]:
    """Findings for the ``RawError``s of one body, deduplicated and sorted."""
    found: dict[tuple[Any, ...], tuple[Finding, str, Path]] = {}
    for error in errors:
        drift = derived.drift.get(error.location)
        for keyword, path, spec_location, kind, message, expected, actual in _details(
            error, derived, drift
        ):
            severity: Severity = "warning" if kind in DRIFT_KINDS and not strict else "error"
            finding = Finding(
                kind,
                severity,
                side,
                message,
                pointer(path),
                fragment(spec_location),
                expected,
                actual,
            )
            found.setdefault((path, spec_location, message), (finding, keyword, path))
    mistyped = {path for _, keyword, path in found.values() if keyword == "type"}
    kept = [
        (path, finding)
        for finding, keyword, path in found.values()
        if path not in mistyped or (keyword not in _VALUE_CHECKS)
    ]
    kept.sort(key=lambda item: ([(isinstance(t, str), t) for t in item[0]], item[1].schema_pointer))
    return [finding for _, finding in kept]


Detail = tuple[str, Path, Location, Kind, str, Any, Any]


def _details(error: RawError, derived: DerivedSchemas, drift: Drift | None) -> Iterable[Detail]:
    keyword, path, value = error.keyword, error.path, error.instance
    spec_location: Location = error.location if drift is None else drift.spec_location
    kind = Kind.SCHEMA_VIOLATION if drift is None else drift.kind
    limit = resolve(derived.document, error.location)
    if keyword in ("additionalProperties", "required", "dependentRequired"):
        owner = resolve(derived.document, error.location[:-1])
        for name, message, expected, actual in _properties(keyword, limit, owner, value, drift):
            at = (*path, name) if keyword == "additionalProperties" else path
            yield keyword, at, spec_location, kind, message, expected, actual
        return
    if drift is not None and drift.kind is Kind.UNDOCUMENTED_VALUE:
        message = f"{show(value)} is not one of the documented values {_list(drift.documented)}"
        if value in drift.known:
            message += ", but is known to the official SDKs or other editions of the page"
        yield keyword, path, spec_location, kind, message, list(drift.documented), value
        return
    if drift is not None and drift.kind is Kind.INTEGER_OUT_OF_RANGE:
        low, high = drift.documented
        message = f"{show(value)} is outside the {drift.format} range [{low}, {high}]"
        yield keyword, path, spec_location, kind, message, drift.format, value
        return
    describe = _MESSAGES.get(keyword)
    if describe is None:
        message, expected, actual = f"{show(value)} fails {keyword!r}", limit, value
    else:
        message, expected, actual = describe(limit, value)
    yield keyword, path, spec_location, kind, message, expected, actual


def _properties(
    keyword: str, limit: Any, owner: dict[str, Any], value: Any, drift: Drift | None
) -> Iterable[tuple[str, str, Any, Any]]:
    """(property, message, expected, actual) for each extra, missing or dependent property."""
    if not isinstance(value, dict):
        return
    if keyword == "required":
        for name in limit:
            if name not in value:
                yield name, f"missing required property {name!r}", name, None
    elif keyword == "dependentRequired":
        for name, needed in limit.items():
            for other in needed if name in value else ():
                if other not in value:
                    yield name, f"{other!r} is required when {name!r} is present", other, None
    else:
        documented = owner.get("properties", {})
        for name in value:
            if name in documented:
                continue
            if drift is None:
                yield name, f"{name!r} is not an allowed property", None, name
            else:
                where = _schema_name(drift.spec_location)
                message = f"{name!r} is not a documented field of {where}"
                yield name, message, list(drift.documented), name


def _schema_name(location: Location) -> str:
    """``components/schemas/Job/properties/spec/properties`` -> ``Job.spec``."""
    if location[:2] != ("components", "schemas") or len(location) < 3:
        return "the schema"
    name = location[2]
    for before, token in pairwise(location[3:]):
        if before == "properties":
            name += f".{token}"
        elif token == "items":
            name += "[]"
    return name


def _list(values: Iterable[Any]) -> str:
    return ", ".join(show(v) for v in values)


def _type(limit: Any, value: Any) -> tuple[str, Any, Any]:
    expected = " or ".join(limit) if isinstance(limit, list) else str(limit)
    actual = json_type(value)
    got = actual if isinstance(value, dict | list) else f"{actual} {show(value)}"
    return f"expected {expected}, got {got}", limit, actual


def _sized(compare: str, unit: str, units: str) -> Callable[[Any, Any], tuple[str, Any, Any]]:
    def describe(limit: Any, value: Any) -> tuple[str, Any, Any]:
        size = len(value)
        noun = unit if limit == 1 else units
        return f"{show(value)} is {compare} {limit} {noun} ({size})", limit, size

    return describe


_MESSAGES: dict[str, Callable[[Any, Any], tuple[str, Any, Any]]] = {
    "type": _type,
    "enum": lambda limit, value: (f"{show(value)} is not one of {_list(limit)}", limit, value),
    "const": lambda limit, value: (f"{show(value)} is not {show(limit)}", limit, value),
    "minimum": lambda limit, value: (
        f"{show(value)} is less than the minimum of {limit}",
        limit,
        value,
    ),
    "maximum": lambda limit, value: (
        f"{show(value)} is greater than the maximum of {limit}",
        limit,
        value,
    ),
    "exclusiveMinimum": lambda limit, value: (
        f"{show(value)} is not greater than {limit}",
        limit,
        value,
    ),
    "exclusiveMaximum": lambda limit, value: (
        f"{show(value)} is not less than {limit}",
        limit,
        value,
    ),
    "multipleOf": lambda limit, value: (
        f"{show(value)} is not a multiple of {limit}",
        limit,
        value,
    ),
    "pattern": lambda limit, value: (f"{show(value)} does not match {limit}", limit, value),
    "minLength": _sized("shorter than", "character", "characters"),
    "maxLength": _sized("longer than", "character", "characters"),
    "minItems": _sized("shorter than", "item", "items"),
    "maxItems": _sized("longer than", "item", "items"),
    "minProperties": _sized("smaller than", "property", "properties"),
    "maxProperties": _sized("larger than", "property", "properties"),
    "uniqueItems": lambda limit, value: ("the items are not unique", True, value),
}
