"""``engines.RawError`` is written out rather than made by ``NamedTuple`` (which compiles as it
makes the class; issue 18, start-up). It behaves as its twin, the named tuple of the same fields:
construction, fields, equality and hashing with plain tuples, unpacking, repr, pickling, copies,
``_asdict`` and ``_replace``."""

from __future__ import annotations

import copy
import pickle
from collections import namedtuple
from typing import Any

import pytest
from modelarts_validators.contract.engines import RawError

Twin = namedtuple("RawError", ["location", "path", "instance"])  # type: ignore[name-match]
VALUES: list[tuple[Any, Any, Any]] = [
    (("properties", "limit", "maximum"), ("limit",), 51),
    ((), (), None),
    (("items",), (0, "a"), {"nested": [1, 2.5, "x"]}),
]


def hashed(value: object) -> object:
    """The hash, or the exception type when there is none (an instance that is a dict)."""
    try:
        return hash(value)
    except TypeError as error:
        return type(error)


@pytest.mark.parametrize("values", VALUES)
def test_raw_error_behaves_as_the_named_tuple_it_stands_for(values: tuple[Any, Any, Any]) -> None:
    error = RawError(*values)
    twin: Any = Twin(*values)  # (typed Any: mypy takes the two types for unrelated)
    keywords = RawError(location=values[0], path=values[1], instance=values[2])
    assert error == twin == tuple(values) == keywords
    assert hashed(error) == hashed(twin) == hashed(tuple(values))
    assert isinstance(error, tuple)
    assert len(error) == 3
    assert (error.location, error.path, error.instance) == values
    location, path, instance = error
    assert (location, path, instance) == values
    assert error._fields == twin._fields == RawError.__match_args__
    assert repr(error) == repr(twin)
    assert error._asdict() == twin._asdict()
    assert error._replace(instance="other") == twin._replace(instance="other")
    assert type(error._replace(path=())) is RawError
    for copied in (pickle.loads(pickle.dumps(error)), copy.copy(error), copy.deepcopy(error)):
        assert copied == error
        assert type(copied) is RawError
    match error:
        case RawError(found_location, found_path, found_instance):
            assert (found_location, found_path, found_instance) == values


def test_raw_error_takes_three_fields_and_holds_no_others() -> None:
    with pytest.raises(TypeError):
        RawError((), ())  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        RawError((), (), None, None)  # type: ignore[call-arg]
    error = RawError((), (), None)
    with pytest.raises(AttributeError):
        error.location = ("x",)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        error.other = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        error._replace(nope=1)  # type: ignore[call-arg]
