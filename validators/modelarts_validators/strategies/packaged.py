"""Module-level shortcuts on the packaged spec: its bodies, statuses and path parameter.

Each shortcut uses one shared ``SpecStrategies`` per ``max_items``, so the schemas are checked
and the strategies built once per process. The operation's parts (its path parameters, its
responses and their media types) are read with the validators' own ``spec.read_operation``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from hypothesis import strategies as st

from ..contract.spec import Operation, SpecError, read_operation
from ..contract.wire import parse_media_type
from .builder import SpecStrategies
from .mutations import Expected
from .values import Strategy
from .walk import StrategyError


@cache
def _default(max_items: int = 2) -> SpecStrategies:
    return SpecStrategies(max_items=max_items)


def _operation(builder: SpecStrategies) -> Operation:
    try:
        return read_operation(builder.document)
    except SpecError as error:
        raise StrategyError(str(error)) from None


def from_schema(name: str, *, drift: bool = False, max_items: int = 2) -> Strategy:
    """Valid values of the spec's component schema ``name`` (``"Filter"``, ``"JobResponse"``...)."""
    return _default(max_items).from_schema(name, drift=drift)


def job_searches(*, drift: bool = False, max_items: int = 2) -> Strategy:
    """Valid request bodies (``JobSearches``)."""
    return from_schema("JobSearches", drift=drift, max_items=max_items)


def list_training_jobs_responses(*, drift: bool = False, max_items: int = 2) -> Strategy:
    """Valid 200 response bodies (``ListTrainingJobsResponse``); ``max_items`` bounds every array,
    ``items`` included, and every map."""
    return from_schema("ListTrainingJobsResponse", drift=drift, max_items=max_items)


def project_ids() -> Strategy:
    """Valid values of the ``project_id`` path parameter, from its schema in the spec."""
    builder = _default()
    location = _operation(builder).path_parameters.get("project_id")
    if location is None:
        raise StrategyError("the spec documents no project_id path parameter")
    return builder.strategy(location)


def responses(*, max_items: int = 2, drift: bool = False) -> st.SearchStrategy[tuple[int, Any]]:
    """``(status, body)`` for every response the operation documents: an exact status, a range
    (``4XX``) or ``default``, each with a valid body of its JSON schema (None without one)."""
    builder = _default(max_items)
    documented = _operation(builder).responses
    exact = {int(k) for k in documented if k.isdigit()}
    options: list[Strategy] = []
    for key, content in documented.items():
        schema = next(
            (
                media.schema
                for media in content.media_types
                if media.schema is not None
                and parse_media_type(media.name)[0] == "application/json"
            ),
            None,
        )
        body = st.none() if schema is None else builder.strategy(schema, drift=drift)
        if key.isdigit():
            status: Strategy = st.just(int(key))
        elif key.upper() == "DEFAULT":
            status = st.integers(100, 599).filter(lambda s: s not in exact)
        else:
            hundred = int(key[0]) * 100
            status = st.integers(hundred, hundred + 99).filter(lambda s: s not in exact)
        options.append(st.tuples(status, body))
    return st.one_of(options)


def error_responses(*, drift: bool = False) -> st.SearchStrategy[tuple[int, Any]]:
    """``(status, body)`` for the documented error responses (4XX, 5XX)."""
    return responses(drift=drift).filter(lambda pair: pair[0] >= 400)


def mutations(
    name: str, *, kinds: Iterable[str] | None = None, strict: bool = False, max_items: int = 2
) -> st.SearchStrategy[tuple[Any, Expected]]:
    """``(value, expected)``: a valid value of the schema ``name`` with exactly one thing broken,
    and the finding that must cause; ``kinds`` picks among ``MUTATIONS``."""
    return _default(max_items).mutations(name, kinds=kinds, strict=strict)


def job_search_mutations(
    *, kinds: Iterable[str] | None = None, strict: bool = False
) -> st.SearchStrategy[tuple[Any, Expected]]:
    return mutations("JobSearches", kinds=kinds, strict=strict)


def list_training_jobs_response_mutations(
    *, kinds: Iterable[str] | None = None, strict: bool = False, max_items: int = 2
) -> st.SearchStrategy[tuple[Any, Expected]]:
    return mutations("ListTrainingJobsResponse", kinds=kinds, strict=strict, max_items=max_items)
