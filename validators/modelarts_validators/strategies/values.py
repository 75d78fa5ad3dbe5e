"""Valid values: one Hypothesis strategy per schema, built (and checked) once.

A strategy draws only values the validators accept without a finding; with ``drift=True`` it
also draws what live traffic has (undocumented values of open enumerations, extra fields), which
cause only drift warnings. Bounds are drawn often (the shortest and longest strings, the
smallest and largest integers, the ``default``): bounds are where bugs live.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st

from ..contract.pointers import Location, fragment
from .rules import failures, missing
from .walk import Schema, Schemas, StrategyError

Strategy = st.SearchStrategy[Any]

CHARS = st.characters(codec="utf-8")  # no lone surrogates: every string is valid JSON text
ANY_JSON: Strategy = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**31), 2**31), st.text(CHARS, max_size=8)
)


class Values(Schemas):
    """Strategies for the schemas of one OpenAPI document; ``max_items`` bounds every array and
    map, ``max_text`` every string without a ``maxLength``."""

    def __init__(
        self, document: Mapping[str, Any] | None = None, *, max_items: int = 2, max_text: int = 12
    ) -> None:
        super().__init__(document)
        self.max_items = max_items
        self.max_text = max_text
        self._strategies: dict[tuple[Location, bool], Strategy] = {}
        self._building: set[tuple[Location, bool]] = set()

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

    def text(self, schema: Schema, *, low: int | None = None, high: int | None = None) -> Strategy:
        """Strings of the schema's length (or of ``low``..``high``) matching its pattern."""
        node, pattern = schema.node, schema.pattern
        shortest: int = node.get("minLength", 0) if low is None else low
        longest: int = node.get("maxLength", shortest + self.max_text) if high is None else high
        if pattern is not None and pattern.atom is None:
            return st.from_regex(pattern.regex, fullmatch=True, alphabet=CHARS).filter(
                lambda s: shortest <= len(s) <= longest
            )
        low, high = shortest, longest
        chars = CHARS
        if pattern is not None and pattern.atom is not None:
            chars = st.from_regex(pattern.atom, fullmatch=True, alphabet=CHARS)
            low = max(low, pattern.low)
            high = high if pattern.high is None else min(high, pattern.high)
        # the shortest and the longest strings are drawn often: bounds are where bugs live
        return st.one_of(
            st.text(chars, min_size=low, max_size=high),
            st.text(chars, min_size=low, max_size=low),
            st.text(chars, min_size=high, max_size=high),
        )

    def complete(
        self, draw: st.DrawFn, schema: Schema, value: dict[str, Any], drift: bool = False
    ) -> None:
        """Add the properties that ``dependentRequired`` and ``if``/``then`` ask for."""
        for _ in range(len(schema.properties) + 1):
            lacking = missing(schema, value)
            if not lacking:
                return
            for name in lacking:
                value[name] = draw(self.strategy(schema.properties[name], drift=drift))
        raise StrategyError(f"{fragment(schema.location)}: its conditions cannot all be met")

    def _build(self, schema: Schema, drift: bool) -> Strategy:
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
                others = st.text(CHARS, max_size=self.max_text).filter(
                    lambda s: s not in documented
                )
                base = base | st.sampled_from(node.get("x-known-values") or documented) | others
        else:
            base = self.text(schema)
        default = node.get("default")
        if default is not None:
            if failures(schema, default, ()):
                raise StrategyError(
                    f"{fragment((*schema.location, 'default'))}: {default!r} breaks its own schema"
                )
            base = st.just(default) | base
        return base

    def _object(self, schema: Schema, drift: bool) -> Strategy:
        if schema.values is not None:
            keys = st.text(CHARS, max_size=self.max_text)
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
            st.text(CHARS, max_size=8).filter(lambda k: k not in props), ANY_JSON, max_size=2
        )

        @st.composite
        def complete(draw: st.DrawFn) -> dict[str, Any]:
            value: dict[str, Any] = draw(base)
            if drift:
                value.update(draw(extra))
            self.complete(draw, schema, value, drift)
            return value

        return complete()
