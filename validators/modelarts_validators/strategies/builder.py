"""``SpecStrategies``: valid values and single-fault mutations of one OpenAPI document's schemas.

It is ``Values`` (the checked schemas and their valid-value strategies) plus the mutations: a
kind drawn first and a place second (rare kinds are drawn as often as common ones), a valid
value grown to reach the place and broken there, and the ``Expected`` finding with the severity
the validators give it (drift is a warning unless ``strict``, as with ``Contract(strict=True)``).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from hypothesis import strategies as st

from .._deferred import replace
from ..contract.findings import Side, severity_of
from ..contract.pointers import Location, fragment
from ..contract.spec import SpecError, read_operation
from .breaking import mutate
from .mutations import MUTATIONS, Expected, Target, targets
from .values import Values


class SpecStrategies(Values):
    """Strategies for one OpenAPI document; ``max_items`` bounds every array and map,
    ``max_text`` every string without a ``maxLength``."""

    _request_schemas: set[Location] | None = None

    def mutations(
        self,
        name: str,
        *,
        kinds: Iterable[str] | None = None,
        strict: bool = False,
        side: Side | None = None,
    ) -> st.SearchStrategy[tuple[Any, Expected]]:
        """``(value, expected)``: a valid value of ``name`` with one thing broken, and the one
        finding that must cause (``strict`` makes drift an error, as ``Contract(strict=True)``).
        ``side``: whether the value is sent in a request or a response, which decides the
        severity of an integer out of range; by default, a request when the schema is reachable
        from the operation's request body."""
        return self.mutations_at(self.location(name), kinds=kinds, strict=strict, side=side)

    def mutations_at(
        self,
        location: Location,
        *,
        kinds: Iterable[str] | None = None,
        strict: bool = False,
        side: Side | None = None,
    ) -> st.SearchStrategy[tuple[Any, Expected]]:
        wanted = set(MUTATIONS if kinds is None else kinds)
        unknown = wanted - set(MUTATIONS)
        if unknown:
            raise ValueError(f"unknown mutation kinds {sorted(unknown)}; known: {MUTATIONS}")
        found = [t for t in self.targets(location) if t[2] in wanted]
        if not found:
            raise ValueError(f"no mutation of {sorted(wanted)} applies to {fragment(location)}")
        by_kind = {m: [t for t in found if t[2] == m] for m in MUTATIONS}
        kinds_found = [m for m in MUTATIONS if by_kind[m]]
        valid = self.strategy(location)
        sent_in: Side = side or ("request" if self.in_request(location) else "response")

        @st.composite
        def mutated(draw: st.DrawFn) -> tuple[Any, Expected]:
            # the kind first, then the place: rare kinds are drawn as often as common ones
            kind = draw(st.sampled_from(kinds_found))
            route, _, mutation, argument = draw(st.sampled_from(by_kind[kind]))
            holder = [copy.deepcopy(draw(valid))]
            expected = mutate(self, draw, location, holder, route, mutation, argument)
            severity = severity_of(expected.kind, strict, sent_in)
            return holder[0], replace(expected, severity=severity)

        return mutated()

    def in_request(self, location: Location) -> bool:
        """Whether the schema at ``location`` is (or is reachable through ``$ref`` from) the
        schema of the operation's request body."""
        if self._request_schemas is None:
            found: set[Location] = set()
            try:
                body = read_operation(self.document).request_body
            except SpecError:
                body = None
            pending = [m.schema for m in body.media_types if m.schema] if body else []
            while pending:
                at = self.compile(pending.pop()).location
                if at in found:
                    continue
                found.add(at)
                schema = self.compile(at)
                pending += [*schema.properties.values()]
                pending += [x for x in (schema.items, schema.values) if x is not None]
            self._request_schemas = found
        return self.compile(location).location in self._request_schemas

    def targets(self, location: Location) -> list[Target]:
        """Every (route, schema location, mutation, argument) that can be broken in a value of
        the schema at ``location``, recursion cut at the first repeat of a schema."""
        return targets(self, location)
