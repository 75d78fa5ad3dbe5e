"""Contract coverage: which parts of the documented contract the checked exchanges exercised.

What can be covered (a *target*) is laid out once per spec, in a ``CoveragePlan``:

- every documented field, per side, by its body pointer with array items as ``*``
  (``/items/*/metadata/name``), with the schema pointer that documents it;
- every value of a closed enumeration (``enum``) and of an open one (``x-documented-values``),
  per side and pointer;
- every documented response status key (``200``, ``4XX``, ``5XX``) and every documented media
  type (of the request body; of each documented response).

A ``Tally`` counts, target by target, how often the traffic showed it. It holds lists of
integers indexed by the plan, nothing else, so it pickles small, travels back from a worker
process in its ``Outcome``, and ``merge`` adds two tallies exactly: a ``--jobs N`` run counts
what one process counts. It also keeps what the traffic showed that the contract does not
document (fields, values of open enumerations), for ``--suggest``.

Coverage never parses a body: ``Contract.observing`` hands each parsed body (the value the
checks validate) to ``Tally.observe``, which walks it along the plan's tree of the schema.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..contract.contract import Contract
from ..contract.findings import Finding
from ..contract.model import Exchange
from ..contract.pointers import Location, escape, fragment
from ..contract.spec import Content, Spec, parse_ref
from ..contract.wire import header, pick_media_type

Side = Literal["request", "response"]
Category = Literal["fields", "values", "statuses", "media_types"]
CATEGORIES: tuple[Category, ...] = ("fields", "values", "statuses", "media_types")

#: An undocumented field: side, the schema location of the object it appeared in, its name.
ObservedField = tuple[str, Location, str]
#: An undocumented value of an open enumeration: side, the schema location of the field, value.
ObservedValue = tuple[str, Location, str]

_SCALARS = (str, int, float, bool)


@dataclass(frozen=True, slots=True)
class FieldTarget:
    side: Side
    pointer: str  # in the body, array items as "*"
    schema_pointer: str  # where the spec documents it (a URI fragment)


@dataclass(frozen=True, slots=True)
class ValueTarget:
    side: Side
    pointer: str
    value: Any
    closed: bool  # an ``enum`` (True) or ``x-documented-values`` (False)
    schema_pointer: str


@dataclass(frozen=True, slots=True)
class MediaTarget:
    side: Side
    status: str  # the documented response key; "" for the request body
    media_type: str


class _Node:
    """One schema on the way from a body's root: the documented properties of an object, the
    items of an array, the documented values of a string."""

    __slots__ = ("field", "items", "location", "open", "properties", "values")

    def __init__(self, location: Location, field_index: int | None) -> None:
        self.location = location  # of the schema after following $ref (x-observed-* go here)
        self.field = field_index
        self.properties: dict[str, _Node] | None = None
        self.items: _Node | None = None
        self.values: dict[tuple[type, Any], int] | None = None  # (type, value) -> its index
        self.open = False  # x-documented-values: other values are drift, worth suggesting


class CoveragePlan:
    """Every target of a spec, numbered; built once per spec (``plan_for``)."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.fields: list[FieldTarget] = []
        self.values: list[ValueTarget] = []
        self.statuses: list[str] = list(spec.operation.responses)
        self.media: list[MediaTarget] = []
        self._field_index: dict[tuple[str, str], int] = {}
        self._value_index: dict[tuple[str, str, Any], int] = {}
        self.roots: dict[tuple[str, Location], _Node] = {}
        operation = spec.operation
        self._status_index = {key.upper(): i for i, key in enumerate(self.statuses)}
        self._contents: dict[str, tuple[int, Content]] = {}
        if operation.request_body is not None:
            self._add_content("request", "", operation.request_body)
        for key, content in operation.responses.items():
            self._contents[key.upper()] = (self._status_index[key.upper()], content)
            self._add_content("response", key, content)
        self.media_index = {(m.side, m.status, m.media_type): i for i, m in enumerate(self.media)}

    def _add_content(self, side: Side, status: str, content: Content) -> None:
        for media in content.media_types:
            self.media.append(MediaTarget(side, status, media.name))
            if media.schema is not None and (side, media.schema) not in self.roots:
                self.roots[(side, media.schema)] = self._node(side, media.schema, "", None, ())

    def _node(
        self,
        side: Side,
        location: Location,
        pointer: str,
        index: int | None,
        seen: tuple[Location, ...],
    ) -> _Node:
        schema = self._schema(location)
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            location = parse_ref(schema["$ref"])
            schema = self._schema(location)
        node = _Node(location, index)
        if not isinstance(schema, dict) or location in seen:  # a cycle: counted, not entered
            return node
        seen = (*seen, location)
        properties = schema.get("properties")
        if isinstance(properties, dict):
            node.properties = {}
            for name in properties:
                where = (*location, "properties", name)
                child_pointer = f"{pointer}/{escape(name)}"
                child = self._field(side, child_pointer, fragment(where))
                node.properties[name] = self._node(side, where, child_pointer, child, seen)
        items = schema.get("items")
        if isinstance(items, dict):
            node.items = self._node(side, (*location, "items"), f"{pointer}/*", None, seen)
        enum, documented = schema.get("enum"), schema.get("x-documented-values")
        listed = enum if isinstance(enum, list) else documented
        if isinstance(listed, list):
            node.open = not isinstance(enum, list)
            node.values = {}
            for value in listed:
                if isinstance(value, _SCALARS):
                    target = ValueTarget(side, pointer, value, not node.open, fragment(location))
                    node.values[(type(value), value)] = self._value(target)
        return node

    def _schema(self, location: Location) -> Any:
        node: Any = self.spec.document
        for token in location:
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node

    def _field(self, side: Side, pointer: str, schema_pointer: str) -> int:
        key = (side, pointer)
        if key not in self._field_index:
            self._field_index[key] = len(self.fields)
            self.fields.append(FieldTarget(side, pointer, schema_pointer))
        return self._field_index[key]

    def _value(self, target: ValueTarget) -> int:
        key = (target.side, target.pointer, target.value)
        if key not in self._value_index:
            self._value_index[key] = len(self.values)
            self.values.append(target)
        return self._value_index[key]

    def tally(self) -> Tally:
        """An empty tally of this plan's targets."""
        return Tally(
            [0] * len(self.fields),
            [0] * len(self.values),
            [0] * len(self.statuses),
            [0] * len(self.media),
        )

    def response_key(self, status: int) -> tuple[int, Content] | None:
        """The documented response a status selects (exact, then its range, then default)."""
        contents = self._contents
        for key in (str(status), f"{status // 100}XX", "DEFAULT"):
            if key in contents:
                return contents[key]
        return None


_plans: dict[int, CoveragePlan] = {}


def plan_for(contract: Contract) -> CoveragePlan:
    """The plan of a contract's spec, built once per spec in this process."""
    plan = _plans.get(id(contract.spec))
    if plan is None or plan.spec is not contract.spec:
        plan = _plans[id(contract.spec)] = CoveragePlan(contract.spec)
    return plan


@dataclass(slots=True)
class Tally:
    """How often each target of a plan was seen, and what was seen undocumented."""

    fields: list[int]
    values: list[int]
    statuses: list[int]
    media: list[int]
    exchanges: int = 0
    observed_fields: Counter[ObservedField] = field(default_factory=Counter)
    observed_field_types: dict[ObservedField, set[str]] = field(default_factory=dict)
    observed_values: Counter[ObservedValue] = field(default_factory=Counter)

    def merge(self, other: Tally) -> None:
        """Add the counts of another part of the run (exact: order does not matter)."""
        for mine, theirs in (
            (self.fields, other.fields),
            (self.values, other.values),
            (self.statuses, other.statuses),
            (self.media, other.media),
        ):
            for i, count in enumerate(theirs):
                if count:
                    mine[i] += count
        self.exchanges += other.exchanges
        self.observed_fields.update(other.observed_fields)
        self.observed_values.update(other.observed_values)
        for key, types in other.observed_field_types.items():
            self.observed_field_types.setdefault(key, set()).update(types)

    def observer(self, plan: CoveragePlan) -> Callable[[str, Location, Any], None]:
        """What ``Contract.observing`` calls with each parsed body: walk it along the plan."""
        roots = plan.roots
        walk = self._walk

        def observe(side: str, schema: Location, value: Any) -> None:
            root = roots.get((side, schema))
            if root is not None:
                walk(side, root, value)

        return observe

    def _walk(self, side: str, node: _Node, value: Any) -> None:
        fields = self.fields
        if type(value) is dict:
            properties = node.properties
            if properties is None:
                return
            for name, item in value.items():
                child = properties.get(name)
                if child is None:
                    self._undocumented(side, node.location, name, item)
                    continue
                if child.field is not None:
                    fields[child.field] += 1
                if child.properties is not None or child.items is not None or child.values:
                    self._walk(side, child, item)
        elif type(value) is list:
            items = node.items
            if items is not None:
                for item in value:
                    self._walk(side, items, item)
        elif node.values is not None and isinstance(value, _SCALARS):
            index = node.values.get((type(value), value))
            if index is not None:
                self.values[index] += 1
            elif node.open and isinstance(value, str):
                self.observed_values[(side, node.location, value)] += 1

    def _undocumented(self, side: str, location: Location, name: str, value: Any) -> None:
        key = (side, location, name)
        self.observed_fields[key] += 1
        types = self.observed_field_types.get(key)
        if types is None:
            types = self.observed_field_types[key] = set()
        types.add(json_type(value))

    def exchange(self, plan: CoveragePlan, exchange: Exchange) -> None:
        """The status and media types of a checked exchange (its bodies come by ``observe``)."""
        self.exchanges += 1
        request, response = exchange.request, exchange.response
        body = plan.spec.operation.request_body
        if body is not None and request.body:
            self._media(plan, "request", "", body, request.headers)
        if response is not None:
            found = plan.response_key(response.status)
            if found is not None:
                index, content = found
                self.statuses[index] += 1
                if response.body:
                    self._media(plan, "response", plan.statuses[index], content, response.headers)

    def _media(
        self, plan: CoveragePlan, side: Side, status: str, content: Content, headers: Any
    ) -> None:
        media = pick_media_type(content, header(headers, "content-type"))
        if media is not None:
            self.media[plan.media_index[(side, status, media.name)]] += 1


def json_type(value: Any) -> str:
    """The JSON Schema type of a parsed JSON value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


Check = Callable[[Exchange], list[Finding] | None]


def counting(contract: Contract, tally: Tally) -> Check:
    """``contract.check_exchange`` that also counts each checked exchange in ``tally``."""
    plan = plan_for(contract)
    check = contract.observing(tally.observer(plan)).check_exchange
    count = tally.exchange

    def check_and_count(exchange: Exchange) -> list[Finding] | None:
        findings = check(exchange)
        if findings is not None:
            count(plan, exchange)
        return findings

    return check_and_count
