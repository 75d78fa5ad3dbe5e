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

from .._deferred import dataclass
from .engines import RawError
from .findings import NOWHERE, Finding, Kind, Origin, Severity, Side, severity_of
from .pointers import BodyPath, Location, fragment, pointer
from .schemas import DerivedSchemas, Drift
from .spec import resolve
from .wire import describe_long, json_type

#: Checks of a value that make no sense once the value has the wrong type.
_VALUE_CHECKS = frozenset(
    {"enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}
)


def show(value: Any) -> str:
    """A value as a message shows it: on one line, strings cut at 40 characters."""
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "...")
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, dict | list):
        return f"an {json_type(value)}"
    if isinstance(value, int):
        return describe_long(value) or repr(value)
    return repr(value)


class Explainer:
    """Explains the raw errors of one contract; what each keyword location means is worked out
    once, on first use (a drift-heavy capture repeats the same few locations)."""

    def __init__(self, derived: DerivedSchemas, *, strict: bool = False) -> None:
        self._derived = derived
        self._strict = strict
        self._rules: dict[tuple[str | int, ...], _Rule] = {}

    def explain(
        self, errors: Iterable[RawError], side: Side, origin: Origin = NOWHERE
    ) -> list[Finding]:
        """Findings for the ``RawError``s of one body, deduplicated and sorted."""
        found: dict[tuple[str, str, str], tuple[BodyPath, str, Finding]] = {}
        for error in errors:
            rule = self._rules.get(error.location) or self._rule(error.location)
            for path, message, expected, actual in _details(error, rule):
                where = pointer(path)
                key = (where, rule.spec_pointer, message)
                if key not in found:
                    finding = Finding(
                        rule.kind,
                        rule.severity if side == "response" else rule.request_severity,
                        side,
                        message,
                        where,
                        rule.spec_pointer,
                        expected,
                        actual,
                        origin,
                    )
                    found[key] = (path, rule.keyword, finding)
        mistyped = {path for path, keyword, _ in found.values() if keyword == "type"}
        kept = [
            (path, finding.schema_pointer, finding)
            for path, keyword, finding in found.values()
            if keyword not in _VALUE_CHECKS or path not in mistyped
        ]
        # Paths that share a prefix address the same container, so the tokens compared at any
        # position are all array indices or all names: the tuples sort without a key.
        kept.sort(key=lambda item: item[:2])
        return [finding for _, _, finding in kept]

    def _rule(self, key: tuple[str | int, ...]) -> _Rule:
        location = tuple(map(str, key))
        drift = self._derived.drift.get(location)
        kind = Kind.SCHEMA_VIOLATION if drift is None else drift.kind
        severity = severity_of(kind, self._strict)
        request_severity = severity_of(kind, self._strict, "request")
        spec_location = location if drift is None else drift.spec_location
        limit = resolve(self._derived.document, location)
        owner = resolve(self._derived.document, location[:-1])
        if drift is None:
            text = ""
        elif drift.kind is Kind.UNDOCUMENTED_FIELD:
            text = f" is not a documented field of {_schema_name(drift.spec_location)}"
        elif drift.kind is Kind.UNDOCUMENTED_VALUE:
            text = f" is not one of the documented values {_list(drift.documented)}"
        else:
            low, high = drift.documented
            text = f" is outside the {drift.format} range [{low}, {high}]"
        rule = _Rule(
            location[-1],
            kind,
            severity,
            request_severity,
            fragment(spec_location),
            drift,
            limit,
            owner,
            text,
        )
        self._rules[key] = rule
        return rule


@dataclass(frozen=True, slots=True)
class _Rule:
    """What a failing keyword at one location of the derived document means (``Explainer``)."""

    keyword: str
    kind: Kind
    severity: Severity  # of a finding in a response
    request_severity: Severity
    spec_pointer: str
    drift: Drift | None
    limit: Any  # the keyword's value
    owner: Any  # the schema the keyword is written in
    text: str  # the message after the value, for drift


Detail = tuple[BodyPath, str, Any, Any]  # path, message, expected, actual
_KNOWN = ", but is known to the official SDKs or other editions of the page"


def _details(error: RawError, rule: _Rule) -> list[Detail]:
    keyword, path, value, drift = rule.keyword, error.path, error.instance, rule.drift
    if drift is not None:
        if drift.kind is Kind.UNDOCUMENTED_FIELD:
            name = path[-1]
            return [(path, repr(name) + rule.text, list(drift.documented), name)]
        if drift.kind is Kind.UNDOCUMENTED_VALUE:
            message = show(value) + rule.text + (_KNOWN if value in drift.known else "")
            return [(path, message, list(drift.documented), value)]
        low, high = drift.documented
        if type(value) is int and low <= value <= high:  # -2**63: see schemas._add_range
            return []
        return [(path, show(value) + rule.text, drift.format, value)]
    if keyword in ("additionalProperties", "required", "dependentRequired"):
        extra = keyword == "additionalProperties"
        return [
            ((*path, name) if extra else path, message, expected, actual)
            for name, message, expected, actual in _properties(
                keyword, rule.limit, rule.owner, value
            )
        ]
    describe = _MESSAGES.get(keyword)
    if describe is None:
        return [(path, f"{show(value)} fails {keyword!r}", rule.limit, value)]
    return [(path, *describe(rule.limit, value))]


def _properties(
    keyword: str, limit: Any, owner: dict[str, Any], value: Any
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
            if name not in documented:
                yield name, f"{name!r} is not an allowed property", None, name


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


Describe = Callable[[Any, Any], tuple[str, Any, Any]]  # (limit, value) -> message, expected, actual


def _type(limit: Any, value: Any) -> tuple[str, Any, Any]:
    expected = " or ".join(limit) if isinstance(limit, list) else str(limit)
    actual = json_type(value)
    got = actual if isinstance(value, dict | list) or value is None else f"{actual} {show(value)}"
    return f"expected {expected}, got {got}", limit, actual


def _sized(compare: str, unit: str, units: str) -> Describe:
    def describe(limit: Any, value: Any) -> tuple[str, Any, Any]:
        size = len(value)
        noun = unit if limit == 1 else units
        return f"{show(value)} is {compare} {limit} {noun} ({size})", limit, size

    return describe


def _compare(text: str) -> Describe:
    return lambda limit, value: (f"{show(value)} {text} {show(limit)}", limit, value)


_MESSAGES: dict[str, Describe] = {
    "type": _type,
    "enum": lambda limit, value: (f"{show(value)} is not one of {_list(limit)}", limit, value),
    "const": _compare("is not"),
    "minimum": _compare("is less than the minimum of"),
    "maximum": _compare("is greater than the maximum of"),
    "exclusiveMinimum": _compare("is not greater than"),
    "exclusiveMaximum": _compare("is not less than"),
    "multipleOf": _compare("is not a multiple of"),
    "pattern": lambda limit, value: (f"{show(value)} does not match {limit}", limit, value),
    "minLength": _sized("shorter than", "character", "characters"),
    "maxLength": _sized("longer than", "character", "characters"),
    "minItems": _sized("shorter than", "item", "items"),
    "maxItems": _sized("longer than", "item", "items"),
    "minProperties": _sized("smaller than", "property", "properties"),
    "maxProperties": _sized("larger than", "property", "properties"),
    "uniqueItems": lambda limit, value: ("the items are not unique", True, value),
}
