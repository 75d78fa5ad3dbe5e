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
checks validate) to ``Tally.observe``, which walks it along the plan's tree of the schema. A body
the typed fast path decoded is walked in C where the validators were built with their extension
(``run/_counting.c``, ``NATIVE``), else in Python; both count the same.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal, NoReturn, cast

from .._deferred import field, fields
from .._frozen import FACTORY, frozen, record
from ..contract.contract import Contract
from ..contract.findings import Finding
from ..contract.model import Exchange, Request, Response
from ..contract.pointers import Location, escape, fragment
from ..contract.short_cache import short
from ..contract.spec import Content, Spec, parse_ref
from ..contract.wire import header, pick_media_type

if TYPE_CHECKING:
    import msgspec
    import msgspec.inspect

    from ..contract.judge import Judge, Recorded
else:

    class _Msgspec:
        """Stands in for ``msgspec`` (with ``msgspec.inspect``) until a name is asked of it: then
        imports it and takes its place in this module. Only bodies the typed fast path decoded
        need it (which imported it), so a run that decoded none (a short one) never imports it
        for coverage (start-up, issue 18: about 30 M instructions of a one-entry run)."""

        def __getattr__(self, name: str) -> Any:
            import msgspec.inspect

            globals()["msgspec"] = msgspec
            return getattr(msgspec, name)

    msgspec = _Msgspec()

#: What a ``_counting.Walker`` of parsed bodies is given as msgspec's UNSET: its steps never
#: look at it (only a decoded object's fields can be UNSET), and so need no msgspec.
_NOT_DECODED = object()

_counting: ModuleType | None
try:
    from . import _counting
except ImportError:  # built without a C compiler: the walks are Python
    _counting = None

#: Whether decoded bodies are counted in C (``run/_counting.c``) rather than in Python.
NATIVE = _counting is not None

Side = Literal["request", "response"]
Category = Literal["fields", "values", "statuses", "media_types"]
CATEGORIES: tuple[Category, ...] = ("fields", "values", "statuses", "media_types")

#: An undocumented field: side, the schema location of the object it appeared in, its name.
ObservedField = tuple[str, Location, str]
#: An undocumented value of an open enumeration: side, the schema location of the field, value.
ObservedValue = tuple[str, Location, str]

_SCALARS = (str, int, float, bool)


@frozen
class FieldTarget:
    """A documented field of one side's bodies (or one an overlay recorded as observed)."""

    side: Side
    pointer: str  # in the body, array items as "*"
    schema_pointer: str  # where the spec documents it (a URI fragment)
    observed: bool = False  # recorded under x-observed-properties, not documented

    def __init__(
        self, side: Side, pointer: str, schema_pointer: str, observed: bool = False
    ) -> None:
        set_ = object.__setattr__
        set_(self, "side", side)
        set_(self, "pointer", pointer)
        set_(self, "schema_pointer", schema_pointer)
        set_(self, "observed", observed)


@frozen
class ValueTarget:
    """A documented value of an enumeration at one pointer of one side's bodies."""

    side: Side
    pointer: str
    value: Any
    closed: bool  # an ``enum`` (True) or ``x-documented-values`` (False)
    schema_pointer: str
    observed: bool = False  # recorded under x-observed-values, not documented

    def __init__(
        self,
        side: Side,
        pointer: str,
        value: Any,
        closed: bool,
        schema_pointer: str,
        observed: bool = False,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "side", side)
        set_(self, "pointer", pointer)
        set_(self, "value", value)
        set_(self, "closed", closed)
        set_(self, "schema_pointer", schema_pointer)
        set_(self, "observed", observed)


@frozen
class PairTarget:
    """A value of one enumerated property of an object together with a value of another (a
    filter's ``key`` by its ``operator``): seen when one object has both."""

    side: Side
    pointer: str  # of the object
    names: tuple[str, str]  # the two properties
    values: tuple[str, str]
    schema_pointer: str
    observed: bool = False  # either value recorded under x-observed-values, not documented

    def __init__(
        self,
        side: Side,
        pointer: str,
        names: tuple[str, str],
        values: tuple[str, str],
        schema_pointer: str,
        observed: bool = False,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "side", side)
        set_(self, "pointer", pointer)
        set_(self, "names", names)
        set_(self, "values", values)
        set_(self, "schema_pointer", schema_pointer)
        set_(self, "observed", observed)


#: Properties of one object whose documented values are counted together (``PairTarget``):
#: issue 17's ``Filter.key`` by ``operator``.
PAIRED: tuple[tuple[str, str], ...] = (("key", "operator"),)


@frozen
class MediaTarget:
    """A documented media type: of the request body, or of one documented response."""

    side: Side
    status: str  # the documented response key; "" for the request body
    media_type: str

    def __init__(self, side: Side, status: str, media_type: str) -> None:
        set_ = object.__setattr__
        set_(self, "side", side)
        set_(self, "status", status)
        set_(self, "media_type", media_type)


class _Node:
    """One schema on the way from a body's root: the documented properties of an object, the
    items of an array, the documented values of a string."""

    __slots__ = (
        "deep",
        "field",
        "id",
        "items",
        "location",
        "open",
        "pairs",
        "properties",
        "side",
        "undocumented",
        "values",
    )

    def __init__(
        self, node_id: int, side: Side, location: Location, field_index: int | None
    ) -> None:
        self.id = node_id  # its index in ``CoveragePlan.nodes``
        self.side = side
        self.location = location  # of the schema after following $ref (x-observed-* go here)
        self.field = field_index
        self.properties: dict[str, _Node] | None = None
        #: The properties worth walking into (objects, arrays of them, enumerations).
        self.deep: tuple[tuple[str, _Node], ...] = ()
        self.items: _Node | None = None
        self.values: dict[tuple[type, Any], int] | None = None  # (type, value) -> its index
        self.open = False  # x-documented-values: other values are drift, worth suggesting
        #: The undocumented names of each shape (the keys of an object, in order) seen here,
        #: each with its ``ObservedField``.
        self.undocumented: dict[tuple[str, ...], tuple[tuple[str, ObservedField], ...]] = {}
        #: Two properties whose values are counted together (``PAIRED``), and the index of
        #: each pair of their documented string values.
        self.pairs: tuple[tuple[str, str], dict[tuple[str, str], int]] | None = None

    @property
    def worth_walking(self) -> bool:
        return bool(self.properties is not None or self.values or self.items is not None)


#: ``CoveragePlan._node``'s schema when not given: the one at its location.
_LOOK_UP: Any = object()


class CoveragePlan:
    """Every target of a spec, numbered; built once per spec (``plan_for``)."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.fields: list[FieldTarget] = []
        self.values: list[ValueTarget] = []
        self.statuses: list[str] = list(spec.operation.responses)
        self.media: list[MediaTarget] = []
        self.pairs: list[PairTarget] = []
        self._pair_index: dict[tuple[str, str, str, str], int] = {}
        self._field_index: dict[tuple[str, str], int] = {}
        self._value_index: dict[tuple[str, str, Any], int] = {}
        self.roots: dict[tuple[str, Location], _Node] = {}
        self.nodes: list[_Node] = []
        #: The parsed walks (``walker_make``), by body root; the root of each node walked.
        self._made: dict[tuple[str, Location], Callable[..., Any]] = {}
        self.root_of: dict[int, tuple[str, Location]] = {}
        self._response_of: dict[int, int | None] = {}
        self._media_of: dict[tuple[int, str | None], int | None] = {}
        #: What an exchange counts, by what decides it (``Tally.exchange``).
        self.counted: dict[tuple[Any, ...], tuple[int | None, tuple[int, ...]]] = {}
        #: The typed walks (``typed_make``), by body root and decoded class.
        self._typed_make: dict[tuple[tuple[str, Location], type], Callable[..., Any]] = {}
        #: Per node decoded as a Struct: the JSON names of its fields in order, and of its
        #: optional ones (those an absent-field mask is about).
        self.struct_names: dict[int, tuple[str, ...]] = {}
        self.optional_names: dict[int, tuple[str, ...]] = {}
        #: ``msgspec.inspect.type_info`` of each decoded class walked (slow: once per class).
        self._type_info: dict[type, msgspec.inspect.Type] = {}
        self._refs: dict[str, tuple[Location, Any]] = {}
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
        schema: Any = _LOOK_UP,
    ) -> _Node:
        if schema is _LOOK_UP:
            schema = self._schema(location)
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            location, schema = self._ref(schema["$ref"])
        node = _Node(len(self.nodes), side, location, index)
        self.nodes.append(node)
        if not isinstance(schema, dict) or location in seen:  # a cycle: counted, not entered
            return node
        seen = (*seen, location)
        properties = schema.get("properties")
        if isinstance(properties, dict):
            node.properties = {}
            for name, child_schema in properties.items():
                where = (*location, "properties", name)
                child_pointer = f"{pointer}/{escape(name)}"
                property_target = FieldTarget(side, child_pointer, fragment(where))
                node.properties[name] = self._node(
                    side, where, child_pointer, self._add_field(property_target), seen, child_schema
                )
            observed = schema.get("x-observed-properties")
            for name in observed if isinstance(observed, dict) else ():
                if name not in node.properties:
                    where = (*location, "x-observed-properties", name)
                    known = FieldTarget(side, f"{pointer}/{escape(name)}", fragment(where), True)
                    leaf = _Node(len(self.nodes), side, where, self._add_field(known))
                    self.nodes.append(leaf)
                    node.properties[name] = leaf
        items = schema.get("items")
        if isinstance(items, dict):
            item = self._node(side, (*location, "items"), f"{pointer}/*", None, seen, items)
            node.items = item if item.worth_walking else None
        if node.properties is not None:
            children = node.properties.items()
            node.deep = tuple((name, child) for name, child in children if child.worth_walking)
            self._pair(node, pointer)
        enum, documented = schema.get("enum"), schema.get("x-documented-values")
        listed = enum if isinstance(enum, list) else documented
        if isinstance(listed, list):
            node.open = not isinstance(enum, list)
            node.values = {}
            documented_at = fragment(location)
            for value in listed:
                if isinstance(value, _SCALARS):
                    target = ValueTarget(side, pointer, value, not node.open, documented_at)
                    node.values[(type(value), value)] = self._value(target)
            observed_values = schema.get("x-observed-values") if node.open else None
            for value in observed_values if isinstance(observed_values, dict) else ():
                if (str, value) not in node.values:
                    recorded = fragment((*location, "x-observed-values", value))
                    extra = ValueTarget(side, pointer, value, False, recorded, True)
                    node.values[(str, value)] = self._value(extra)
        return node

    def _pair(self, node: _Node, pointer: str) -> None:
        properties = node.properties or {}
        for names in PAIRED:
            first, second = (properties.get(name) for name in names)
            if first is None or second is None or not first.values or not second.values:
                continue
            index: dict[tuple[str, str], int] = {}
            for (ta, a), ia in first.values.items():
                for (tb, b), ib in second.values.items():
                    if ta is not str or tb is not str:
                        continue
                    key = (node.side, pointer, a, b)
                    if key not in self._pair_index:  # one target per pointer, as for fields
                        self._pair_index[key] = len(self.pairs)
                        where = fragment(node.location)
                        observed = self.values[ia].observed or self.values[ib].observed
                        pair = PairTarget(node.side, pointer, names, (a, b), where, observed)
                        self.pairs.append(pair)
                    index[(a, b)] = self._pair_index[key]
            node.pairs = (names, index)
            return

    def _ref(self, ref: str) -> tuple[Location, Any]:
        """The location of a ``$ref`` and the schema there (each worked out once)."""
        found = self._refs.get(ref)
        if found is None:
            location = parse_ref(ref)
            found = self._refs[ref] = (location, self._schema(location))
        return found

    def _schema(self, location: Location) -> Any:
        node: Any = self.spec.document
        for token in location:
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node

    def _add_field(self, target: FieldTarget) -> int:
        key = (target.side, target.pointer)
        if key not in self._field_index:
            self._field_index[key] = len(self.fields)
            self.fields.append(target)
        return self._field_index[key]

    def _value(self, target: ValueTarget) -> int:
        key = (target.side, target.pointer, target.value)
        if key not in self._value_index:
            self._value_index[key] = len(self.values)
            self.values.append(target)
        return self._value_index[key]

    def walker_make(self, root: tuple[str, Location]) -> Callable[..., Any]:
        """The walks of parsed bodies of a body root, written for this plan's tree under it
        (``_walker_source``), compiled once, when a body of that root is first parsed."""
        made = self._made.get(root)
        if made is None:
            under = _walked_nodes(self.roots[root])
            for node in under:
                self.root_of[node.id] = root
            namespace: dict[str, Any] = {}
            exec(_walker_source(under), namespace)
            made = self._made[root] = namespace["make"]
        return made

    def typed_make(self, root: tuple[str, Location], cls: type) -> Callable[..., Any]:
        """The walk of a body root decoded by the typed fast path into ``cls`` (a msgspec
        ``Struct``), written for the plan's tree and the decoded types (``_typed_make``),
        compiled once."""
        made = self._typed_make.get((root, cls))
        if made is None:
            made = self._typed_make[(root, cls)] = _typed_make(self, self.roots[root], cls)
        return made

    def record_struct(self, node_id: int, struct: msgspec.inspect.StructType) -> None:
        """That node ``node_id`` is decoded as ``struct``: the JSON names of its fields, and of
        the optional ones an absent-field mask is about (``_Walker._shape_of``)."""
        self.struct_names[node_id] = tuple(f.encode_name for f in struct.fields)
        self.optional_names[node_id] = tuple(f.encode_name for f in struct.fields if not f.required)

    def type_info(self, cls: type) -> msgspec.inspect.Type:
        """``msgspec.inspect.type_info(cls)``, worked out once per class (two body roots, of
        two media types or two responses, are often decoded into one class)."""
        info = self._type_info.get(cls)
        if info is None:
            info = self._type_info[cls] = msgspec.inspect.type_info(cls)
        return info

    def flush(self, tally: Tally) -> Tally:
        """Count the decoded bodies and the object shapes ``tally`` holds, and forget the
        shapes; ``tally``, whose ``fields`` are then complete."""
        tally.drain()
        fields, nodes = tally.fields, self.nodes
        for (node_id, shape), count in tally.shapes.items():
            properties = nodes[node_id].properties
            assert properties is not None
            for name in shape:
                child = properties.get(name)
                if child is not None and child.field is not None:
                    fields[child.field] += count
        tally.shapes.clear()
        return tally

    def tally(self) -> Tally:
        """An empty tally of this plan's targets."""
        return Tally(
            [0] * len(self.fields),
            [0] * len(self.values),
            [0] * len(self.statuses),
            [0] * len(self.media),
            pairs=[0] * len(self.pairs),
        )

    def counted_of(
        self, request: Request, response: Response | None
    ) -> tuple[int | None, tuple[int, ...]]:
        """What an exchange counts (``Tally.exchange``): the index of its documented status,
        and of the media types of its bodies."""
        sent = header(request.headers, "content-type")
        if response is None:
            return self.counted_by(bool(request.body), sent, None, False, None)
        got = header(response.headers, "content-type")
        return self.counted_by(bool(request.body), sent, response.status, bool(response.body), got)

    def counted_by(
        self, sends: bool, sent: str | None, status: int | None, answers: bool, got: str | None
    ) -> tuple[int | None, tuple[int, ...]]:
        """``counted_of`` an exchange whose request has a body (``sends``) sent with
        Content-Type ``sent``, answered with ``status`` (None: no response), with a body
        (``answers``) of Content-Type ``got``."""
        media: list[int] = []
        status_index: int | None = None
        if sends and self.spec.operation.request_body is not None:
            index = self.media_of(-1, sent)
            if index is not None:
                media.append(index)
        if status is not None:
            status_index = self.response_of(status)
            if status_index is not None and answers:
                index = self.media_of(status_index, got)
                if index is not None:
                    media.append(index)
        return status_index, tuple(media)

    def response_of(self, status: int) -> int | None:
        """The index of the documented response a status selects (``response_key``)."""
        try:
            return self._response_of[status]
        except KeyError:
            found = self.response_key(status)
            index = self._response_of[status] = None if found is None else found[0]
            return index

    def media_of(self, status_index: int, content_type: str | None) -> int | None:
        """The index of the media type a Content-Type selects, of the request body (-1) or of
        the documented response ``status_index``; None when it selects none."""
        key = (status_index, content_type)
        try:
            return self._media_of[key]
        except KeyError:
            pass
        side: Side = "request" if status_index < 0 else "response"
        status = "" if status_index < 0 else self.statuses[status_index]
        operation = self.spec.operation
        content = operation.request_body if status_index < 0 else operation.responses[status]
        assert content is not None
        media = pick_media_type(content, content_type)
        index = None if media is None else self.media_index[(side, status, media.name)]
        if len(self._media_of) < _MAX_CACHED_SHAPES and short(content_type or ""):
            self._media_of[key] = index
        return index

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


class _Pending:
    """What a ``Tally`` holds besides its fields: what adds counts kept elsewhere while checking
    to it (the object shapes and values the walkers and judges count, ``_Walker.drain``; the
    exchanges the contract counts by plan, ``Tally.conformed``); called by ``drain``
    (``flush``, ``merge``, pickling and the reports drain first). Not a field: not compared,
    copied, pickled or shown."""

    __slots__ = ("_pending",)

    _pending: list[Callable[[], None]]


@record
class Tally(_Pending):
    """How often each target of a plan was seen, and what was seen undocumented."""

    fields: list[int]
    values: list[int]
    statuses: list[int]
    media: list[int]
    exchanges: int = 0
    #: How often each ``PairTarget`` of the plan was seen.
    pairs: list[int] = field(default_factory=list)
    #: (node id, the keys of an object in order) -> how many objects had them: an object is
    #: counted in one step, its fields at the end (``CoveragePlan.flush``).
    shapes: dict[tuple[int, tuple[str, ...]], int] = field(default_factory=dict)
    observed_fields: Counter[ObservedField] = field(default_factory=Counter)
    observed_field_types: dict[ObservedField, set[str]] = field(default_factory=dict)
    observed_values: Counter[ObservedValue] = field(default_factory=Counter)
    #: First and last time (UTC, ISO 8601) each undocumented field and value was seen, from
    #: the capture's timestamps; none when the capture has none.
    field_times: dict[ObservedField, tuple[str, str]] = field(default_factory=dict)
    value_times: dict[ObservedValue, tuple[str, str]] = field(default_factory=dict)
    #: Occurrences of undocumented fields and values not listed (``MAX_OBSERVED``).
    unrecorded_fields: int = 0
    unrecorded_values: int = 0
    #: The time of the exchange being walked (as the capture wrote it), and its UTC form.
    now: str | None = field(default=None, compare=False)
    _now_raw: str | None = field(default=None, compare=False)
    _now_utc: str | None = field(default=None, compare=False)

    def __init__(
        self,
        fields: list[int],
        values: list[int],
        statuses: list[int],
        media: list[int],
        exchanges: int = 0,
        pairs: list[int] = FACTORY,
        shapes: dict[tuple[int, tuple[str, ...]], int] = FACTORY,
        observed_fields: Counter[ObservedField] = FACTORY,
        observed_field_types: dict[ObservedField, set[str]] = FACTORY,
        observed_values: Counter[ObservedValue] = FACTORY,
        field_times: dict[ObservedField, tuple[str, str]] = FACTORY,
        value_times: dict[ObservedValue, tuple[str, str]] = FACTORY,
        unrecorded_fields: int = 0,
        unrecorded_values: int = 0,
        now: str | None = None,
        _now_raw: str | None = None,
        _now_utc: str | None = None,
    ) -> None:
        self.fields = fields
        self.values = values
        self.statuses = statuses
        self.media = media
        self.exchanges = exchanges
        self.pairs = [] if pairs is FACTORY else pairs
        self.shapes = {} if shapes is FACTORY else shapes
        self.observed_fields = Counter() if observed_fields is FACTORY else observed_fields
        self.observed_field_types = {} if observed_field_types is FACTORY else observed_field_types
        self.observed_values = Counter() if observed_values is FACTORY else observed_values
        self.field_times = {} if field_times is FACTORY else field_times
        self.value_times = {} if value_times is FACTORY else value_times
        self.unrecorded_fields = unrecorded_fields
        self.unrecorded_values = unrecorded_values
        self.now = now
        self._now_raw = _now_raw
        self._now_utc = _now_utc
        self._pending = []

    def drain(self) -> None:
        """Add the counts kept elsewhere while checking (object shapes, values and pairs, the
        conforming exchanges of the contract's plans) to this tally: its fields are complete
        after it."""
        for add in self._pending:
            add()

    def __reduce__(self) -> tuple[Any, ...]:
        # the walkers' counters are added first, and not pickled
        self.drain()
        state = tuple(getattr(self, f.name) for f in fields(self))
        return (Tally, state)

    def merge(self, other: Tally) -> None:
        """Add the counts of another part of the run (exact: order does not matter)."""
        other.drain()
        for mine, theirs in (
            (self.fields, other.fields),
            (self.values, other.values),
            (self.statuses, other.statuses),
            (self.media, other.media),
            (self.pairs, other.pairs),
        ):
            if len(mine) < len(theirs):
                mine.extend([0] * (len(theirs) - len(mine)))
            for i, count in enumerate(theirs):
                if count:
                    mine[i] += count
        self.exchanges += other.exchanges
        shapes = self.shapes
        for shape, count in other.shapes.items():
            shapes[shape] = shapes.get(shape, 0) + count
        # what is listed, as one process lists it: the first MAX_OBSERVED of each, in order
        self.unrecorded_fields += other.unrecorded_fields + _listed(
            self.observed_fields, other.observed_fields
        )
        self.unrecorded_values += other.unrecorded_values + _listed(
            self.observed_values, other.observed_values
        )
        for key, types in other.observed_field_types.items():
            if key in self.observed_fields:
                self.observed_field_types.setdefault(key, set()).update(types)
        for mine_times, their_times, listed in (
            (self.field_times, other.field_times, self.observed_fields),
            (self.value_times, other.value_times, self.observed_values),
        ):
            for key, (first, last) in their_times.items():
                if key in listed:
                    _stretch(mine_times, key, first, last)

    def observer(self, plan: CoveragePlan) -> Callable[[str, Location, Any], None]:
        """What ``Contract.observing`` calls with each parsed body: walk it along the plan."""
        return _Walker(plan, self).observe

    def observers(
        self, plan: CoveragePlan, *, native: bool = NATIVE
    ) -> tuple[Callable[[str, Location, Any], None], Callable[[str, Location, Any], None]]:
        """The two observers ``Contract.observing(observe, typed=)`` takes: of parsed bodies,
        and of bodies the typed fast path decoded (in C with ``native``, the default where the
        extension was built); both count the same into this tally."""
        observe, observe_typed, _ = self.counters(plan, native=native)
        return observe, observe_typed

    def counters(
        self, plan: CoveragePlan, *, native: bool = NATIVE
    ) -> tuple[
        Callable[[str, Location, Any], None],
        Callable[[str, Location, Any], None],
        Callable[[str, Location, Any], Any] | None,
    ]:
        """``observers``, and what ``Contract.observing`` takes as ``judging``: judges that
        count the bodies they accept (``contract.judge``, in C; None without ``native``)."""
        walker = _Walker(plan, self, native=native)
        return walker.observe, walker.observe_typed, walker.judging if native else None

    def seen(self, times: dict[Any, tuple[str, str]], key: Any) -> None:
        if self.now != self._now_raw:
            self._now_raw, self._now_utc = self.now, utc(self.now)
        if self._now_utc is not None:
            _stretch(times, key, self._now_utc, self._now_utc)

    def exchange(self, plan: CoveragePlan, exchange: Exchange) -> None:
        """The status and media types of a checked exchange (its bodies come by ``observe``)."""
        request, response = exchange.request, exchange.response
        # header(), without its call where the name is as the readers write it (lower case)
        headers = request.headers
        sent = headers.get("content-type") or header(headers, "content-type")
        sends = bool(request.body)
        if response is None:
            key: tuple[Any, ...] = (sends, sent, None, None, None)
        else:
            headers = response.headers
            got = headers.get("content-type") or header(headers, "content-type")
            key = (sends, sent, response.status, bool(response.body), got)
        self._add(plan, key, 1)

    def conformed(self, plan: CoveragePlan, contract: Contract) -> None:
        """The exchanges ``contract`` found conforming without telling ``exchange`` of them
        (``Contract.checked_counts``: both bodies non-empty), counted as ``exchange`` counts
        each."""
        for (sent, status, got), count in contract.checked_counts():
            self._add(plan, (True, sent, status, True, got), count)

    def _add(self, plan: CoveragePlan, key: tuple[Any, ...], count: int) -> None:
        """``count`` exchanges of ``key`` (``CoveragePlan.counted_by``'s arguments): their
        status and media types."""
        self.exchanges += count
        counted = plan.counted.get(key)
        if counted is None:
            counted = plan.counted_by(*key)
            # (a key holds its Content-Types: only short ones are kept, see ``short_cache``)
            kept = short(key[1] or "") and short(key[4] or "")
            if kept and len(plan.counted) < _MAX_CACHED_SHAPES:
                plan.counted[key] = counted
        status, media = counted
        if status is not None:
            self.statuses[status] += count
        for index in media:
            self.media[index] += count


#: Distinct object shapes a tally holds before they are counted into fields (memory stays
#: bounded on traffic whose objects vary).
MAX_SHAPES = 20_000
#: Shapes whose undocumented names a node remembers.
_MAX_CACHED_SHAPES = 1_000
#: Distinct undocumented fields (side, schema, name) a tally lists with their counts, types and
#: dates, and as many undocumented values: an occurrence of one more, or of a name or value too
#: long to keep (``short_cache.short``), is counted in ``unrecorded_fields``/``_values`` only
#: (memory stays bounded on traffic whose undocumented names vary without end).
MAX_OBSERVED = 10_000
#: Distinct absent-field masks the C walkers of a walker hold before they are drained into the
#: tally's shapes (which are flushed past ``MAX_SHAPES``): memory stays bounded on objects
#: whose optional fields vary every way.
_MAX_HELD_MASKS = 4_096
#: The optional fields of one object a C walker's mask has bits for; an object with more is
#: walked in Python.
_MASK_BITS = 63


class _Walker:
    """Walks bodies along a plan into a tally: parsed bodies (dicts and lists) and bodies the
    typed fast path decoded (msgspec Structs), with the same counts.

    An object is counted by its shape (its keys, in order; for a decoded object, which of its
    optional fields are UNSET) in one dictionary step and one increment: objects of one
    schema mostly share a shape, so the fields of a body cost about one step per object, not
    one per field, and only the properties worth walking into (``_Node.deep``) are visited.
    A shape gets a counter the first time it is seen (``counters``; for a parsed object, only
    once it is known to hold no undocumented name), and the counters are added to the tally's
    shapes when the tally is read (``drain``). The walks are Python written for the plan
    (``_walker_source``, ``_typed_make``), one function per schema node with its names and
    indices as constants: about eight times faster than a generic walk over the nodes, which
    matters on bodies of fifty jobs of a hundred objects each. With ``native`` (where the
    validators were built with their C extension), the same steps are a program for a
    ``_counting.Walker`` instead (``native_program``, ``_native_parsed``), which does them
    without the interpreter; the counts it keeps itself (absent-field masks, values, pairs) are
    added to the tally by ``drain``."""

    __slots__ = (
        "counters",
        "indices",
        "keys",
        "masks",
        "native",
        "natives",
        "plan",
        "roots",
        "shapes_of",
        "tally",
        "typed",
        "walks",
    )

    def __init__(self, plan: CoveragePlan, tally: Tally, *, native: bool = NATIVE) -> None:
        if native and not NATIVE:
            raise RuntimeError("the validators were built without their C extension")
        self.plan = plan
        self.tally = tally
        #: Decoded bodies are counted in C: by one ``_counting.Walker`` per body root and class.
        self.native = native
        self.natives: list[Any] = []
        #: (node id, absent-field mask) -> the names present, for the C walkers' counts.
        self.shapes_of: dict[tuple[int, int], tuple[str, ...]] = {}
        #: How many objects of each shape were seen since the last ``drain``, by shape index.
        self.counters: list[int] = []
        #: Shape index -> (node id, names present): the tally's key of that shape.
        self.keys: list[tuple[int, tuple[str, ...]]] = []
        #: Per node: the index of each clean shape (parsed), of each absent-field mask (typed).
        self.indices: list[dict[tuple[str, ...], int]] = [{} for _ in plan.nodes]
        self.masks: list[dict[tuple[bool, ...], int]] = [{} for _ in plan.nodes]
        #: The parsed walk of each node and of each body root, made when first needed.
        self.walks: dict[int, Callable[[Any], None]] = {}
        self.roots: dict[tuple[str, Location], Callable[[Any], None]] = {}
        #: (side, schema location, decoded class) -> the walk of such a decoded body.
        self.typed: dict[tuple[str, Location, type], Callable[[Any], Any]] = {}
        tally._pending.append(self.drain)

    def drain(self) -> None:
        """Add the shape counters (and the C walkers' counts) to the tally."""
        counters, keys, shapes = self.counters, self.keys, self.tally.shapes
        # first: a C walker of parsed bodies adds what it holds to the shape counters
        drained = [native.drain() for native in self.natives]
        for index, count in enumerate(counters):
            if count:
                key = keys[index]
                shapes[key] = shapes.get(key, 0) + count
                counters[index] = 0
        for masks, values, pairs in drained:
            for node_id, mask, count in masks:
                key = (node_id, self._shape_of(node_id, mask))
                shapes[key] = shapes.get(key, 0) + count
            for index, count in values:
                self.tally.values[index] += count
            for index, count in pairs:
                self.tally.pairs[index] += count

    def _shape_of(self, node_id: int, mask: int) -> tuple[str, ...]:
        """The names present in a decoded object of a node with absent-field mask ``mask``
        (bit i: the i-th optional field is UNSET)."""
        shape = self.shapes_of.get((node_id, mask))
        if shape is None:
            optional = self.plan.optional_names[node_id]
            absent = {name for i, name in enumerate(optional) if mask >> i & 1}
            names = self.plan.struct_names[node_id]
            shape = tuple(name for name in names if name not in absent)
            if len(self.shapes_of) < MAX_SHAPES:
                self.shapes_of[(node_id, mask)] = shape
        return shape

    def observe(self, side: str, schema: Location, value: Any) -> None:
        walk = self.roots.get((side, schema))
        if walk is None:
            walk = self._parsed_walk((side, schema))
        walk(value)
        if len(self.tally.shapes) > MAX_SHAPES:
            self.plan.flush(self.tally)

    def _parsed_walk(self, key: tuple[str, Location]) -> Callable[[Any], None]:
        root = self.plan.roots.get(key)
        if root is None:
            self.roots[key] = _ignore
            return _ignore
        walks: dict[int, Callable[[Any], None]]
        if self.native:
            walks = self._native_parsed(key, root)
        else:
            walks = self.plan.walker_make(key)(
                self.counters,
                self.indices,
                self._new_shape,
                self.tally.values,
                self._value,
                [node.values for node in self.plan.nodes],
                self.tally.pairs,
                self._pairs(),
            )
        self.walks.update(walks)
        walk = self.roots[key] = walks[root.id]
        return walk

    def _native_parsed(
        self, key: tuple[str, Location], root: _Node
    ) -> dict[int, Callable[[Any], None]]:
        """The walks of parsed bodies of a root in C (``_walker_source`` as data), by node."""
        nodes = _walked_nodes(root)
        for node in nodes:
            self.plan.root_of[node.id] = key
        step_of = {node.id: i for i, node in enumerate(nodes)}
        program: list[tuple[Any, ...]] = [
            (
                "parsed",
                node.id,
                None if node.properties is None else self.indices[node.id],
                tuple((name, step_of[child.id]) for name, child in node.deep),
                None if node.pairs is None else (*node.pairs[0], node.pairs[1]),
                None if node.items is None else step_of[node.items.id],
                node.values or None,
                node.open,
            )
            for node in nodes
        ]
        assert _counting is not None
        walker = _counting.Walker(
            program,
            len(self.plan.values),
            len(self.plan.pairs),
            _NOT_DECODED,
            self._value,
            counters=self.counters,
            new=self._new_shape,
        )
        self.natives.append(walker)
        return {node.id: functools.partial(walker.walk, step_of[node.id]) for node in nodes}

    def _pairs(self) -> list[dict[tuple[str, str], int] | None]:
        return [None if node.pairs is None else node.pairs[1] for node in self.plan.nodes]

    def _walk_of(self, node_id: int) -> Callable[[Any], None]:
        """The parsed walk of a node (for a decoded value the typed walk does not follow)."""
        walk = self.walks.get(node_id)
        if walk is None:
            self._parsed_walk(self.plan.root_of.get(node_id) or self._root_of(node_id))
            walk = self.walks[node_id]
        return walk

    def _root_of(self, node_id: int) -> tuple[str, Location]:
        for key, root in self.plan.roots.items():
            if any(node.id == node_id for node in _walked_nodes(root)):
                return key
        raise KeyError(node_id)

    def observe_typed(self, side: str, schema: Location, value: Any) -> None:
        """A body the typed fast path decoded (msgspec Structs): counted as ``observe`` counts
        the same body parsed, without parsing it."""
        walk = self.typed.get((side, schema, type(value)))
        if walk is None:
            walk = self._typed_walk(side, schema, value)
        held = walk(value)  # a C walker: the distinct absent-field masks it holds
        if held is not None and held > _MAX_HELD_MASKS:
            self.drain()
            if len(self.tally.shapes) > MAX_SHAPES:
                self.plan.flush(self.tally)

    def _typed_walk(self, side: str, schema: Location, value: Any) -> Callable[[Any], Any]:
        key = (side, schema)
        walk: Callable[[Any], Any]
        if key not in self.plan.roots:
            walk = _ignore
        elif isinstance(value, msgspec.Struct) and self.native:
            walk = self._native_walk(key, type(value))
        elif isinstance(value, msgspec.Struct):
            walk = self.plan.typed_make(key, type(value))(*self._typed_arguments())
        else:  # a root that is not an object: its builtin form, walked as parsed
            parsed_walk = self.roots.get(key) or self._parsed_walk(key)
            to_builtins = msgspec.to_builtins

            def walk(decoded: Any) -> None:
                parsed_walk(to_builtins(decoded))

        self.typed[(side, schema, type(value))] = walk
        return walk

    def _typed_arguments(self) -> tuple[Any, ...]:
        """What the typed walks ``_typed_make`` writes are made with."""
        return (
            self.counters,
            self.masks,
            self._new_mask,
            self._allocate,
            self.tally.values,
            self._value,
            self._walk_of,
            [_typed_values(node) for node in self.plan.nodes],
            msgspec.UNSET,
            msgspec.to_builtins,
            self.tally.pairs,
            self._pairs(),
        )

    def _native_walk(self, key: tuple[str, Location], cls: type) -> Callable[[Any], Any]:
        """The walk of a decoded body of a root in C: a ``_counting.Walker`` of the program
        ``native_program`` writes, its counts drained into the tally with the others."""
        to_builtins = msgspec.to_builtins

        def parsed(node_id: int) -> Callable[[Any], None]:
            def walk(decoded: Any) -> None:
                self._walk_of(node_id)(to_builtins(decoded))

            return walk

        program = native_program(self.plan, self.plan.roots[key], cls, parsed)
        if any(step[0] == "struct" and len(step[3]) > _MASK_BITS for step in program):
            # an object with more optional fields than a mask has bits: the Python walk
            walk: Callable[[Any], Any] = self.plan.typed_make(key, cls)(*self._typed_arguments())
            return walk
        assert _counting is not None
        walker = _counting.Walker(
            program, len(self.plan.values), len(self.plan.pairs), msgspec.UNSET, self._value
        )
        self.natives.append(walker)
        return functools.partial(walker.walk, 0)

    def judging(self, side: str, schema: Location, kind: Any) -> Judge | None:
        """A judge of bodies of ``schema`` on ``side`` translated into ``kind`` that counts what
        it accepts as ``observe_typed`` counts it decoded (``native_program``'s steps, as the
        plan's counts); None where the counts or the type have a shape it cannot count (those
        bodies are decoded and walked)."""
        from ..contract.judge import FIELD, counting_judge, judge_of

        root = self.plan.roots.get((side, schema))
        if root is None:  # nothing of such bodies is counted
            return judge_of(kind)
        info = self.plan.type_info(kind)
        if not isinstance(info, msgspec.inspect.StructType):
            return None  # (a decoded root of another type is walked as parsed)
        cover = _Cover(self.plan, root)
        tally, plan = self.tally, self.plan

        def full() -> None:  # (more masks held than ``_MAX_HELD_MASKS``: into the tally)
            self.drain()
            if len(tally.shapes) > MAX_SHAPES:
                plan.flush(tally)

        def recorded(found: list[Recorded]) -> None:
            # what the parsed walk records of such a body (``_new_shape``, ``_value``)
            for (kind, _, node_id), _, value, json_kind in found:
                if node_id is None or not isinstance(value, str):
                    continue
                if kind == FIELD:
                    node = plan.nodes[node_id]
                    self._undocumented((node.side, node.location, value), value, json_kind)
                else:
                    self._value(node_id, value)

        judge = counting_judge(
            info,
            cover,
            len(plan.values),
            len(plan.pairs),
            limit=_MAX_HELD_MASKS,
            full=full,
            recorded=recorded,
        )
        if judge is None:
            return None
        self.natives.append(judge)
        return cast("Judge", judge)

    def _allocate(self, node_id: int, shape: tuple[str, ...]) -> int:
        """A new shape counter."""
        self.counters.append(0)
        self.keys.append((node_id, shape))
        return len(self.keys) - 1

    def _new_shape(self, node_id: int, shape: tuple[str, ...], value: dict[str, Any]) -> None:
        """A parsed object of a shape without a counter: count it, record its undocumented
        names, and give the shape a counter if it has none (and there is room)."""
        node = self.plan.nodes[node_id]
        properties = node.properties or {}
        extra = node.undocumented.get(shape)
        if extra is None:
            where = (node.side, node.location)
            extra = tuple((name, (*where, name)) for name in shape if name not in properties)
            if len(node.undocumented) < _MAX_CACHED_SHAPES and all(short(n) for n, _ in extra):
                node.undocumented[shape] = extra
        indices = self.indices[node_id]
        if not extra and len(indices) < _MAX_CACHED_SHAPES:
            index = indices[shape] = self._allocate(node_id, shape)
            self.counters[index] += 1
            return
        tally = self.tally
        if extra:  # (its fields are counted by the documented names alone)
            shape = tuple(name for name in shape if name in properties)
        shapes, counted = tally.shapes, (node_id, shape)
        shapes[counted] = shapes.get(counted, 0) + 1
        for name, key in extra:
            self._undocumented(key, name, json_type(value[name]))

    def _undocumented(self, key: ObservedField, name: str, kind: str) -> None:
        """An undocumented field ``name`` (its ``ObservedField``), its value of JSON type
        ``kind``: listed, or counted unlisted."""
        tally = self.tally
        observed = tally.observed_fields
        if key not in observed and (len(observed) >= MAX_OBSERVED or not short(name)):
            tally.unrecorded_fields += 1
            return
        observed[key] += 1
        types = tally.observed_field_types.get(key)
        if types is None:
            types = tally.observed_field_types[key] = set()
        types.add(kind)
        if tally.now is not None:
            tally.seen(tally.field_times, key)

    def _new_mask(self, node_id: int, mask: tuple[bool, ...]) -> None:
        """A decoded object whose absent-field mask has no counter: count it, and give the
        mask a counter (if there is room)."""
        optional = self.plan.optional_names[node_id]
        absent = {name for name, unset in zip(optional, mask, strict=True) if unset}
        shape = tuple(name for name in self.plan.struct_names[node_id] if name not in absent)
        masks = self.masks[node_id]
        if len(masks) < _MAX_CACHED_SHAPES:
            index = masks[mask] = self._allocate(node_id, shape)
            self.counters[index] += 1
            return
        shapes, key = self.tally.shapes, (node_id, shape)
        shapes[key] = shapes.get(key, 0) + 1
        if len(shapes) > MAX_SHAPES:
            self.plan.flush(self.tally)

    def _value(self, node_id: int, value: str) -> None:
        node = self.plan.nodes[node_id]
        tally = self.tally
        found = (node.side, node.location, value)
        observed = tally.observed_values
        if found not in observed and (len(observed) >= MAX_OBSERVED or not short(value)):
            tally.unrecorded_values += 1
            return
        observed[found] += 1
        if tally.now is not None:
            tally.seen(tally.value_times, found)


def _listed(mine: Counter[Any], theirs: Counter[Any]) -> int:
    """Add ``theirs`` to ``mine``, keys new to it only while it lists fewer than
    ``MAX_OBSERVED``; the occurrences it could not list."""
    left = 0
    for key, count in theirs.items():
        if key in mine or len(mine) < MAX_OBSERVED:
            mine[key] += count
        else:
            left += count
    return left


def _cannot(why: str) -> NoReturn:
    """A shape a judge cannot count as the walk does: ``typed.Unsupported`` (imported here, with
    the translation a judge is made from, not when coverage is)."""
    from ..contract.typed import Unsupported

    raise Unsupported(why)


class _Cover:
    """The counts of a judge (``contract.judge.Cover``) at one node of the plan: what the
    program ``native_program`` writes for a decoded body there, as the judge's plan holds it.
    What that program would walk as parsed (a ``call`` step) is ``Unsupported``: such bodies
    are decoded and walked instead."""

    __slots__ = ("node", "plan")

    def __init__(self, plan: CoveragePlan, node: _Node) -> None:
        self.plan = plan
        self.node = node

    def struct(self, info: msgspec.inspect.StructType) -> tuple[int, tuple[int, ...], Any]:
        node = self.node
        if _struct_of(node, info) is None:
            _cannot("an object the walk takes as parsed")
        self.plan.record_struct(node.id, info)
        optional = tuple(i for i, f in enumerate(info.fields) if not f.required)
        if len(optional) > _MASK_BITS:
            _cannot("more optional fields than a mask has bits")
        pair = None
        paired = _paired_fields(node, info)
        if paired is not None and node.pairs is not None:
            known = tuple(
                (a.encode(), b.encode(), i)
                for (a, b), i in node.pairs[1].items()
                if isinstance(a, str) and isinstance(b, str)
            )
            pair = (*(info.fields.index(f) for f in paired), known)
        return node.id, optional, pair

    def observed(self) -> int | None:
        return self.node.id if self.node.open or self.node.properties is not None else None

    def child(self, name: str) -> _Cover | None:
        child = dict(self.node.deep).get(name)
        return None if child is None else _Cover(self.plan, child)

    def items(self) -> _Cover | None:
        if self.node.items is None:
            _cannot("an array the walk takes as parsed")
        return _Cover(self.plan, self.node.items)

    def values(self, values: tuple[Any, ...]) -> tuple[int, ...]:
        node = self.node
        indices = _typed_values(node)
        if indices is None:
            _cannot("values the walk takes as parsed")
        found = tuple(indices.get(v, -1) for v in values)
        if node.open and any(
            i < 0 and isinstance(v, str) for v, i in zip(values, found, strict=True)
        ):
            _cannot("a value the walk records as observed")
        return found

    def other(self, info: msgspec.inspect.Type) -> None:
        _cannot(f"a value of {info!r} the walk takes as parsed")


def _walked_nodes(root: _Node) -> list[_Node]:
    """The nodes a walk from ``root`` visits: itself, the properties worth walking into, the
    items of arrays, and theirs."""
    found: list[_Node] = []
    todo = [root]
    while todo:
        node = todo.pop()
        found.append(node)
        todo.extend(child for _, child in reversed(node.deep))
        if node.items is not None:
            todo.append(node.items)
    return found


def _walker_source(nodes: list[_Node]) -> str:
    """A function ``make(CNT, IDX, NEW, VAL, OTHER, VALUES, PAIR, PAIRS)`` that returns the
    walk of every node, by id: ``CNT`` the shape counters, ``IDX[id]`` the counter of each
    known clean shape of a node, ``NEW(id, shape, object)`` what counts any other shape (and
    records its drift), ``VAL`` the tally's value counts, ``OTHER(id, value)`` what records an
    undocumented value, ``VALUES[id]`` the node's documented values, ``PAIR`` the tally's pair
    counts and ``PAIRS[id]`` the index of each documented pair of a node's values."""
    lines = ["def make(CNT, IDX, NEW, VAL, OTHER, VALUES, PAIR, PAIRS):"]
    for node in nodes:
        n = node.id
        if node.properties is not None:
            lines.append(f"    I{n} = IDX[{n}]")
        if node.pairs is not None:
            lines.append(f"    P{n} = PAIRS[{n}]")
        if node.values:
            lines.append(f"    V{n} = VALUES[{n}].get")
    for node in nodes:
        n = node.id
        lines.append(f"    def w{n}(v):")
        lines.append("        t = type(v)")
        body: list[str] = []
        if node.properties is not None:
            body += [
                "        if t is dict:",
                "            s = tuple(v)",
                "            try:",
                f"                CNT[I{n}[s]] += 1",
                "            except KeyError:",
                f"                NEW({n}, s, v)",
            ]
            if node.pairs is not None:
                first, second = node.pairs[0]
                body += [
                    f"            a = v.get({first!r})",
                    f"            b = v.get({second!r})",
                    "            if type(a) is str and type(b) is str:",
                    f"                i = P{n}.get((a, b))",
                    "                if i is not None:",
                    "                    PAIR[i] += 1",
                ]
            for name, child in node.deep:
                body += [f"            x = v.get({name!r})", *_child(child)]
            body.append("            return")
        if node.items is not None:
            body += [
                "        if t is list:",
                "            for x in v:",
                f"                w{node.items.id}(x)",
                "            return",
            ]
        if node.values:
            body += [
                "        if t is str or t is int or t is float or t is bool:",
                f"            i = V{n}((t, v))",
                "            if i is not None:",
                "                VAL[i] += 1",
            ]
            if node.open:
                body += ["            elif t is str:", f"                OTHER({n}, v)"]
        lines += body or ["        return"]
    walked = ", ".join(f"{node.id}: w{node.id}" for node in nodes)
    lines.append(f"    return {{{walked}}}")
    return "\n".join(lines) + "\n"


def _ignore(value: Any) -> None:
    return None


def _typed_values(node: _Node) -> dict[Any, int] | None:
    """A node's documented values as a decoded enumeration holds them (``str`` or ``int``)."""
    if not node.values:
        return None
    return {v: i for (t, v), i in node.values.items() if t is str or t is int}


def _strip_none(kind: msgspec.inspect.Type) -> msgspec.inspect.Type | None:
    """The type of a decoded value that is not None (null); None when it is not one type."""
    if isinstance(kind, msgspec.inspect.UnionType):
        kinds = [k for k in kind.types if not isinstance(k, msgspec.inspect.NoneType)]
        return kinds[0] if len(kinds) == 1 else None
    return kind


#: How deep the walk of a decoded body writes objects and arrays in place (then: a call).
_INLINED = 3


def _present(x: str, kind: msgspec.inspect.Type) -> str:
    """The test that decoded field value ``x`` is there and not null: a truth test for an
    object (always true) or an array (an empty one has nothing to walk); else against UNSET,
    and None if the field is nullable."""
    bare = _strip_none(kind)
    if isinstance(bare, (msgspec.inspect.StructType, msgspec.inspect.ListType)):
        return x
    if isinstance(kind, msgspec.inspect.UnionType):
        return f"{x} is not U and {x} is not None"
    return f"{x} is not U"


def _paired_fields(node: _Node, struct: Any) -> tuple[Any, Any] | None:
    """The two fields of decoded object ``struct`` whose values ``node`` counts together
    (``PAIRED``), or None (no pair there, or one of them is never decoded)."""
    if node.pairs is None:
        return None
    by_name = {f.encode_name: f for f in struct.fields}
    first, second = node.pairs[0]
    if first not in by_name or second not in by_name:
        return None
    return by_name[first], by_name[second]


def _struct_of(node: _Node, kind: msgspec.inspect.Type | None) -> Any:
    """``kind`` if it is a decoded object whose fields are all properties of ``node`` (the
    typed walk counts it), else None (it is walked in its builtin form, as parsed)."""
    properties = node.properties
    if (
        isinstance(kind, msgspec.inspect.StructType)
        and properties is not None
        and all(f.encode_name in properties for f in kind.fields)
    ):
        return kind
    return None


def _typed_make(plan: CoveragePlan, root: _Node, cls: type) -> Callable[..., Any]:
    """``make(CNT, MASKS, NEW, ALLOC, VAL, OTHER, W, TV, U, B)``: the walk of a body decoded
    into ``cls``, written for the plan's tree under ``root`` and the decoded types: ``CNT`` the
    shape counters, ``MASKS[id]`` the counter of each known absent-field mask of a node,
    ``NEW(id, mask)`` what counts any other, ``ALLOC(id, shape)`` a new counter, ``VAL`` and
    ``OTHER`` as in ``_walker_source``, ``W(id)`` the parsed walk of a node (for a value whose
    decoded type does not follow the plan's node: walked in its builtin form, ``B(value)``),
    ``TV[id]`` the node's documented values as decoded, ``U`` msgspec's UNSET, ``PAIR`` and
    ``PAIRS`` as in ``_walker_source``.

    The decoder refused every undocumented name and every value outside an enumeration, so a
    decoded object's shape is which of its optional fields are UNSET (a tuple of booleans), and
    there is no drift to look for, only the values of an open enumeration to tell apart."""
    consts: list[str] = []
    lines: list[str] = []
    done: dict[int, list[str]] = {}  # node id -> its optional attributes
    written: set[int] = set()

    def count_object(
        node: _Node, kind: Any, v: str, indent: str, bind: dict[str, str]
    ) -> list[str]:
        """The lines that count decoded object ``v`` of ``node`` by its shape; the fields in
        ``bind`` are kept in the variables it names as the mask reads them."""
        n = node.id
        if n not in done:
            plan.record_struct(n, kind)
            names = plan.struct_names[n]
            optional = [f.name for f in kind.fields if not f.required]
            if optional:
                consts.append(f"    M{n} = MASKS[{n}]")
            else:
                consts.append(f"    J{n} = ALLOC({n}, {names!r})")
            done[n] = optional
        if not done[n]:
            return [f"{indent}CNT[J{n}] += 1"]
        reads = (f"({bind[a]} := {v}.{a})" if a in bind else f"{v}.{a}" for a in done[n])
        mask = "(" + "".join(f"{read} is U, " for read in reads) + ")"
        return [
            f"{indent}m = {mask}",
            f"{indent}try:",
            f"{indent}    CNT[M{n}[m]] += 1",
            f"{indent}except KeyError:",
            f"{indent}    NEW({n}, m)",
        ]

    def count_value(node: _Node, v: str, indent: str) -> list[str]:
        n = node.id
        if f"    V{n} = TV[{n}]" not in consts:
            consts.append(f"    V{n} = TV[{n}]")
        other = [f"{indent}    if type({v}) is str:", f"{indent}        OTHER({n}, {v})"]
        return [
            f"{indent}try:",
            f"{indent}    VAL[V{n}[{v}]] += 1",
            f"{indent}except KeyError:",
            *(other if node.open else [f"{indent}    pass"]),
        ]

    def walk(node: _Node, kind: msgspec.inspect.Type, v: str, indent: str, depth: int) -> list[str]:
        """The lines that walk decoded value ``v`` of ``node`` (there, not null): objects,
        enumerations and arrays written in place down to a depth, deeper ones a call of the
        node's function (``visit``). Variables are named after nodes, each of which is at one
        place in the tree."""
        bare = _strip_none(kind)
        struct = _struct_of(node, bare)
        if struct is not None and (not node.deep or depth < _INLINED):
            return object_lines(node, struct, v, indent, depth)
        if isinstance(bare, msgspec.inspect.LiteralType) and node.values:
            return count_value(node, v, indent)
        items = node.items
        if isinstance(bare, msgspec.inspect.ListType) and items is not None and depth < _INLINED:
            y = f"_i{items.id}"
            inner = walk(items, bare.item_type, y, indent + "        ", depth + 1)
            if isinstance(bare.item_type, msgspec.inspect.UnionType):  # of null
                inner = [f"{indent}    if {y} is not None:", *inner]
            else:
                inner = [line[4:] for line in inner]
            return [f"{indent}for {y} in {v}:", *inner]
        visit(node, kind)
        return [f"{indent}t{node.id}({v})"]

    def object_lines(node: _Node, struct: Any, v: str, indent: str, depth: int) -> list[str]:
        by_name = {f.encode_name: f for f in struct.fields}
        # a property never decoded is never present
        deep = [(child, by_name[name]) for name, child in node.deep if name in by_name]
        bind = {f.name: f"_n{child.id}" for child, f in deep if not f.required}
        body = count_object(node, struct, v, indent, bind)
        paired = _paired_fields(node, struct)
        if paired is not None:
            first, second = (f.name for f in paired)
            if f"    P{node.id} = PAIRS[{node.id}]" not in consts:
                consts.append(f"    P{node.id} = PAIRS[{node.id}]")
            body += [
                f"{indent}i = P{node.id}.get(({v}.{first}, {v}.{second}))",
                f"{indent}if i is not None:",
                f"{indent}    PAIR[i] += 1",
            ]
        for child, found in deep:
            x = f"_n{child.id}"
            if found.name not in bind:
                body.append(f"{indent}{x} = {v}.{found.name}")
            body.append(f"{indent}if {_present(x, found.type)}:")
            body += walk(child, found.type, x, indent + "    ", depth + 1)
        return body

    def visit(node: _Node, kind: msgspec.inspect.Type | None) -> None:
        """Writes function ``t<id>``: the walk of a decoded value of ``node``."""
        n = node.id
        if n in written:
            return
        written.add(n)
        bare = None if kind is None else _strip_none(kind)
        struct = _struct_of(node, bare)
        if struct is not None:
            lines.extend([f"    def t{n}(v):", *object_lines(node, struct, "v", "        ", 0)])
        elif isinstance(bare, msgspec.inspect.ListType) and node.items is not None:
            visit(node.items, bare.item_type)
            lines.extend(
                [
                    f"    def t{n}(v):",
                    "        for x in v:",
                    "            if x is not None:",  # items of a nullable type
                    f"                t{node.items.id}(x)",
                ]
            )
        elif isinstance(bare, msgspec.inspect.LiteralType) and node.values:
            lines.extend([f"    def t{n}(v):", *count_value(node, "v", "        ")])
        else:
            lines.extend([f"    def t{n}(v):", f"        W({n})(B(v))"])

    visit(root, plan.type_info(cls))
    head = ["def make(CNT, MASKS, NEW, ALLOC, VAL, OTHER, W, TV, U, B, PAIR, PAIRS):"]
    source = "\n".join([*head, *consts, *lines, f"    return t{root.id}"]) + "\n"
    namespace: dict[str, Any] = {}
    exec(source, namespace)
    made: Callable[..., Any] = namespace["make"]
    return made


def native_program(
    plan: CoveragePlan,
    root: _Node,
    cls: type,
    parsed: Callable[[int], Callable[[Any], None]],
) -> list[tuple[Any, ...]]:
    """The program of a ``_counting.Walker`` for a body of ``root`` decoded into ``cls``: the
    steps ``_typed_make`` writes as Python (its ``visit``), as data; step 0 is the root's. A
    node the typed walk does not follow is a call of ``parsed(node id)``, which walks the
    decoded value in its builtin form."""
    steps: list[tuple[Any, ...]] = []
    index: dict[int, int] = {}  # node id -> its step

    def step(node: _Node, kind: msgspec.inspect.Type | None) -> int:
        if node.id in index:
            return index[node.id]
        i = index[node.id] = len(steps)
        steps.append(())
        bare = None if kind is None else _strip_none(kind)
        struct = _struct_of(node, bare)
        if struct is not None:
            plan.record_struct(node.id, struct)
            by_name = {f.encode_name: f for f in struct.fields}
            children = tuple(
                (by_name[name].name, step(child, by_name[name].type))
                for name, child in node.deep
                if name in by_name
            )
            pair = None
            paired = _paired_fields(node, struct)
            if paired is not None and node.pairs is not None:
                pair = (paired[0].name, paired[1].name, node.pairs[1])
            optional = tuple(f.name for f in struct.fields if not f.required)
            steps[i] = ("struct", node.id, struct.cls, optional, children, pair)
        elif isinstance(bare, msgspec.inspect.ListType) and node.items is not None:
            steps[i] = ("list", step(node.items, bare.item_type))
        elif isinstance(bare, msgspec.inspect.LiteralType) and node.values:
            steps[i] = ("value", node.id, _typed_values(node), node.open)
        else:
            steps[i] = ("call", parsed(node.id))
        return i

    step(root, plan.type_info(cls))
    return steps


def _child(child: _Node) -> list[str]:
    """The walk of property value ``x`` of a node: a call, or, for an object of plain fields or
    an enumeration (most of a job's objects), the same steps written in place (a call less)."""
    c = child.id
    if (
        child.properties is not None
        and not child.deep
        and child.items is None
        and child.pairs is None
    ):
        if child.values:
            return ["            if x is not None:", f"                w{c}(x)"]
        return [
            "            if type(x) is dict:",
            "                s = tuple(x)",
            "                try:",
            f"                    CNT[I{c}[s]] += 1",
            "                except KeyError:",
            f"                    NEW({c}, s, x)",
        ]
    if child.values and child.properties is None and child.items is None:
        lines = [
            "            if x is not None:",
            "                t = type(x)",
            "                if t is str or t is int or t is float or t is bool:",
            f"                    i = V{c}((t, x))",
            "                    if i is not None:",
            "                        VAL[i] += 1",
        ]
        if child.open:
            lines += [
                "                    elif t is str:",
                f"                        OTHER({c}, x)",
            ]
        return lines
    return ["            if x is not None:", f"                w{c}(x)"]


def _stretch(times: dict[Any, tuple[str, str]], key: Any, first: str, last: str) -> None:
    """``times[key]`` (first, last) stretched to take in ``first`` .. ``last``; written only
    when that changes it."""
    known = times.get(key)
    if known is None:
        times[key] = (first, last)
    elif first < known[0] or last > known[1]:
        times[key] = (min(known[0], first), max(known[1], last))


def utc(text: str | None) -> str | None:
    """An ISO 8601 date-time in UTC to the millisecond (``2026-11-02T10:00:00.000Z``), so that
    times compare as strings; None when ``text`` is not one with a UTC offset."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


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


def counting(contract: Contract, tally: Tally, *, native: bool = NATIVE) -> Check:
    """``contract.check_exchange`` that also counts each checked exchange in ``tally`` (in C
    with ``native``, the default where the extension was built)."""
    plan = plan_for(contract)
    observe, observe_typed, judging = tally.counters(plan, native=native)
    count = tally.exchange

    def checked(exchange: Exchange) -> None:  # (before its bodies are judged: their time)
        tally.now = exchange.time
        count(plan, exchange)

    observing = contract.observing(observe, typed=observe_typed, judging=judging, checked=checked)
    tally._pending.append(functools.partial(tally.conformed, plan, observing))
    return observing.check_exchange
