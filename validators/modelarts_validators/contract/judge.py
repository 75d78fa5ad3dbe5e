"""The fastest path: a body judged from its bytes, without building it (``_judge.c``).

The typed fast path (``typed``) decodes a conforming body into msgspec structures only to throw
them away: on a capture of fully populated jobs, building and freeing them is most of the cost of
a conforming body. A judge reads the same translation (``msgspec.inspect``: each Struct's fields
and their JSON names, required or not, unknown fields refused; each ``Literal``, ``Meta``
bound, length and pattern; the object conditions ``typed`` keeps on each Struct) as a plan for a
C scanner that checks the body's bytes against it as it steps through them and builds nothing.

A judge says True only for a body the typed decoder accepts: one JSON value, in strict UTF-8,
of the translated types. It says False for every other body, and for a few the decoder would
accept that it does not decide (a key written twice; an escape in a key, in a value checked
against strings or against a pattern; a number longer than 63 characters checked against a
bound): those take the decoder's or the engine's way, which judges them. So a judge is never
looser than the decoder, which the tests hold to the engines; they hold the judge to the decoder
too, on valid, mutated and drifting bodies.

A body a judge refuses is nearly always a finding. Its ``errors`` judges it again, recording
each failure rather than refusing the body, wherever the translation says which keyword of the
derived document that failure fails (``typed.Tags``: a value of another type, a bound, a length,
a pattern, a value not among an enumeration's, an undocumented field, a required or dependent
property missing), with the failing value as the engine's error holds it: ``explain`` words
those errors as it words the engine's, without the body being parsed or the engine run. A
failure without such a keyword (a condition, a value that needs unescaping, a number the
engine's parser reads otherwise) leaves the whole body to the engine. ``test_judge_errors``
holds the findings to the engine's on drifting, mutated and generated bodies.

Without the C module (no compiler at install), there are no judges and bodies take the typed
decoder, with the same findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Protocol

import msgspec.inspect as mi

from .pointers import Location
from .typed import CONDITIONS, TAGS, Conditions, Keywords, Predicate, Tags, Unsupported

_judge: Any
try:
    from . import _judge
except ImportError:  # built without a C compiler: the typed decoders judge every body
    _judge = None

#: Whether bodies are judged from their bytes, in C (``contract/_judge.c``).
NATIVE = _judge is not None

Body = bytes | bytearray | memoryview

#: What a judge's ``errors`` records of one failure: ((FIELD, VALUE or OTHER, the location of
#: the keyword it fails in the derived document, the coverage node it is recorded under or
#: None), its path in the body, the failing value as the engine's errors hold it (an
#: undocumented field's name; ``_judge.c``: ``errors``), the JSON type of the value). FIELD: an
#: undocumented field; VALUE: a value not among an enumeration's; OTHER: any other failure.
Recorded = tuple[tuple[str, Location, int | None], tuple[str | int, ...], Any, str]
FIELD, VALUE, OTHER = "field", "value", "other"


class Judge(Protocol):
    """Says of a body's bytes whether the typed decoder would accept it (False: not known)."""

    def __call__(self, body: Body, /) -> bool: ...

    def errors(self, body: Body, /) -> list[Recorded] | None:
        """The body judged as a call judges it, but with each failure recorded rather than
        refused where the plan knows the keyword it fails: their list (the errors the engine
        raises of the body, as ``RawError`` holds them), else None (a failure the plan does not
        tag, such as a condition, or a body not decided here)."""


_INT64 = (-(1 << 63), (1 << 63) - 1)


def judge_of(kind: Any) -> Judge | None:
    """A judge of bodies of the translated type ``kind``; None without the C module or when
    the type has a shape the plan cannot express (its bodies take the typed decoder)."""
    if _judge is None:
        return None
    try:
        judge: Judge = _judge.Judge(_Planner().plan(kind))
    except (Unsupported, ValueError):  # (ValueError: beyond what a plan holds, 256 properties)
        return None
    return judge


class Cover(Protocol):
    """What a judge that counts (``counting_judge``) counts at one place of a body's tree: the
    coverage walk's node there (``run/coverage``). Each method raises ``Unsupported`` for a
    shape it cannot count as the walk of a decoded body counts it."""

    def observed(self) -> int | None:
        """The coverage node an undocumented value at this place is recorded under (None: not
        recorded), and of an object counted here its undocumented fields."""

    def struct(self, info: mi.StructType) -> tuple[int, tuple[int, ...], Any]:
        """An object of this translated type counted here: (node id, the indices among
        ``info.fields`` of the absent-field mask's bits, the pair or None, as the plan's
        OBJECT count holds it)."""

    def child(self, name: str) -> Cover | None:
        """The property ``name`` of an object counted here (None: nothing counted in it)."""

    def items(self) -> Cover | None:
        """The items of an array counted here."""

    def values(self, values: tuple[Any, ...]) -> tuple[int, ...]:
        """The counted index of each value of an enumeration counted here (-1: none)."""

    def other(self, info: mi.Type) -> None:
        """A value of another type at a place the walk counts: raises ``Unsupported``."""


#: A judge that also counts (``counting_judge``): ``drain()`` and ``held`` as a
#: ``_counting.Walker`` has them.
CountingJudge = Any


def counting_judge(
    info: mi.Type,
    cover: Cover,
    values: int,
    pairs: int,
    *,
    limit: int = -1,
    full: Callable[[], None] | None = None,
    recorded: Callable[[list[Recorded]], None] | None = None,
) -> CountingJudge | None:
    """A judge of bodies of a translated type (its ``msgspec.inspect.type_info``) that counts
    each body it accepts as ``cover`` says, into ``values`` value and ``pairs`` pair counters;
    None without the C module or when the type or the counts have a shape the plan cannot
    express. ``full()`` is called once a body leaves it holding more than ``limit`` masks (to
    drain them), ``recorded(list)`` with what ``errors`` records, before it returns it."""
    if _judge is None:
        return None
    try:
        plan = _Planner().plan_of(info, cover)
        return _judge.Judge(plan, values, pairs, limit=limit, full=full, recorded=recorded)
    except (Unsupported, ValueError):
        return None


class _Planner:
    def __init__(self) -> None:
        self._nodes: list[Any] = []
        self._structs: dict[tuple[type, bool], int] = {}
        self._busy: set[type] = set()  # the Structs being planned (one inside itself: a cycle)

    def plan(self, kind: Any) -> tuple[Any, ...]:
        return self.plan_of(mi.type_info(kind))

    def plan_of(self, info: mi.Type, cover: Cover | None = None) -> tuple[Any, ...]:
        root = self._node(info, cover)
        if root != 0:  # (the root is the first node: a Struct's is made before its fields')
            raise Unsupported("the root is not the first node")
        return tuple(self._nodes)

    def _add(self, node: Any) -> int:
        self._nodes.append(node)
        return len(self._nodes) - 1

    def _node(
        self, info: mi.Type, cover: Cover | None = None, chain: tuple[Keywords, ...] = ()
    ) -> int:
        """``chain``: the keywords of the schema here, then of its items (``typed.Tags``)."""
        nullable = False
        if isinstance(info, mi.UnionType):
            rest = [t for t in info.types if not isinstance(t, mi.NoneType)]
            if len(rest) != 1 or len(rest) == len(info.types):
                raise Unsupported(f"a union {info!r}")
            nullable, info = True, rest[0]
        assert _judge is not None
        if isinstance(info, mi.StructType):
            return self._struct(info, nullable, cover)
        tags = _tags(chain[0], cover, VALUE) if chain else None
        if cover is not None and not isinstance(info, (mi.LiteralType, mi.ListType)):
            cover.other(info)
        if isinstance(info, mi.NoneType):
            return self._add((_judge.NULL, True, tags))
        if isinstance(info, mi.BoolType):
            return self._add((_judge.BOOL, nullable, tags))
        if isinstance(info, mi.IntType):
            return self._add((_judge.INT, nullable, *_int_bounds(info), tags))
        if isinstance(info, mi.FloatType):
            return self._add((_judge.FLOAT, nullable, *_float_bounds(info), tags))
        if isinstance(info, mi.StrType):
            search = None if info.pattern is None else re.compile(info.pattern).search
            low, high = _lengths(info)
            return self._add((_judge.STRING, nullable, low, high, search, tags))
        if isinstance(info, mi.LiteralType):
            values = info.values
            counted = None if cover is None else cover.values(values)
            if all(isinstance(v, str) for v in values):
                strings = tuple(str(v).encode() for v in values)
                return self._add((_judge.STRENUM, nullable, strings, counted, tags))
            if all(type(v) is int and _INT64[0] <= v <= _INT64[1] for v in values):
                return self._add((_judge.INTENUM, nullable, tuple(values), counted, tags))
            raise Unsupported(f"a literal of other values {values!r}")
        if isinstance(info, mi.ListType):
            at = self._add(None)
            low, high = _lengths(info)
            items = None if cover is None else cover.items()
            item = self._node(info.item_type, items, chain[1:])
            self._nodes[at] = (_judge.ARRAY, nullable, item, low, high, tags)
            return at
        if isinstance(info, mi.DictType):
            if not isinstance(info.key_type, mi.StrType) or info.key_type != mi.StrType():
                raise Unsupported(f"a map of keys {info.key_type!r}")
            if info.min_length is not None or info.max_length is not None:
                raise Unsupported("a map of bounded size")
            at = self._add(None)
            self._nodes[at] = (
                _judge.MAP,
                nullable,
                self._node(info.value_type, None, chain[1:]),
                tags,
            )
            return at
        raise Unsupported(f"a type {info!r}")

    def _struct(self, info: mi.StructType, nullable: bool, cover: Cover | None) -> int:
        """An object node; one per Struct class, unless it is counted (each place its own)."""
        assert _judge is not None
        if not info.forbid_unknown_fields or info.array_like or info.tag_field is not None:
            raise Unsupported(f"a struct {info.cls.__name__} of another form")
        conditions = getattr(info.cls, CONDITIONS, None)
        check = getattr(info.cls, "__post_init__", None)
        if check is not None and (
            conditions is None or getattr(check, "conditions", None) is not conditions
        ):
            raise Unsupported(f"a struct {info.cls.__name__} checked by other code")
        if info.cls in self._busy:
            raise Unsupported(f"a struct {info.cls.__name__} that contains itself")
        if cover is None and (info.cls, nullable) in self._structs:
            return self._structs[(info.cls, nullable)]
        self._busy.add(info.cls)
        try:
            return self._struct_node(info, nullable, cover)
        finally:
            self._busy.discard(info.cls)

    def _struct_node(self, info: mi.StructType, nullable: bool, cover: Cover | None) -> int:
        assert _judge is not None
        at = self._add(None)
        if cover is None:
            self._structs[(info.cls, nullable)] = at
        count = None if cover is None else cover.struct(info)
        names = [f.encode_name for f in info.fields]
        tags: Tags = getattr(info.cls, TAGS, None) or ({}, {})
        own, chains = tags
        props = tuple(
            (
                f.encode_name.encode(),
                self._node(
                    f.type,
                    None if cover is None else cover.child(f.encode_name),
                    chains.get(f.encode_name, ()),
                ),
                f.required,
            )
            for f in info.fields
        )
        deps, condition = _conditions(getattr(info.cls, CONDITIONS, None), names)
        mine = _tags(own, cover, FIELD)
        self._nodes[at] = (_judge.OBJECT, nullable, props, deps, condition, count, mine)
        return at


def _tags(keywords: Keywords, cover: Cover | None, other: str) -> dict[str, Any]:
    """A node's tags (``_judge.c``: ``errors``): (FIELD, VALUE or OTHER, the keyword's location,
    the coverage node it is recorded under or None) by failure; ``other``: what an "other"
    failure is here (an undocumented field of an object, a value not among an enumeration's),
    recorded under ``cover``'s node."""
    observed = None if cover is None else cover.observed()
    return {
        failure: (other, at, observed) if failure == "other" else (OTHER, at, None)
        for failure, at in keywords.items()
    }


def _conditions(
    conditions: Conditions | None, names: list[str]
) -> tuple[tuple[Any, ...], tuple[Any, Any, Any] | None]:
    if conditions is None:
        return (), None
    dependent, condition = conditions
    index = names.index
    deps = tuple((index(name), tuple(index(n) for n in needs)) for name, needs in dependent)
    if condition is None:
        return deps, None
    test, then, otherwise = (_predicate(p, index) for p in condition)
    return deps, (test, then, otherwise)


def _predicate(predicate: Predicate, index: Callable[[str], int]) -> Any:
    if isinstance(predicate, bool):
        return predicate
    required, values = predicate
    return (
        tuple(index(n) for n in required),
        tuple((index(name), tuple(v.encode() for v in allowed)) for name, allowed in values),
    )


def _int_bounds(info: mi.IntType) -> tuple[int | None, int | None]:
    if info.multiple_of is not None:
        raise Unsupported("multipleOf")
    low = info.ge if info.gt is None else info.gt + 1
    if info.ge is not None and info.gt is not None:
        low = max(info.ge, info.gt + 1)
    high = info.le if info.lt is None else info.lt - 1
    if info.le is not None and info.lt is not None:
        high = min(info.le, info.lt - 1)
    # (a bound beyond int64 bounds nothing the judge accepts: it decides only int64 tokens)
    low = None if low is None or low < _INT64[0] else low
    high = None if high is None or high > _INT64[1] else high
    if (low is not None and low > _INT64[1]) or (high is not None and high < _INT64[0]):
        raise Unsupported("bounds outside int64")
    return low, high


def _float_bounds(info: mi.FloatType) -> tuple[float | None, bool, float | None, bool]:
    if info.multiple_of is not None:
        raise Unsupported("multipleOf")
    if (info.ge is not None and info.gt is not None) or (
        info.le is not None and info.lt is not None
    ):
        raise Unsupported("two bounds on one side")
    low, low_excl = (info.gt, True) if info.gt is not None else (info.ge, False)
    high, high_excl = (info.lt, True) if info.lt is not None else (info.le, False)
    return low, low_excl, high, high_excl


def _lengths(info: mi.StrType | mi.ListType) -> tuple[int, int]:
    low = -1 if info.min_length is None else info.min_length
    high = -1 if info.max_length is None else info.max_length
    return low, high
