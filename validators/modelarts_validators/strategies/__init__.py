"""Hypothesis strategies derived from the spec: valid bodies, and bodies with one thing broken.

    >>> from hypothesis import given
    >>> from modelarts_validators import strategies as mst
    >>> @given(mst.list_training_jobs_responses())
    ... def test_my_consumer(body): ...

Everything is built by walking the spec's schemas (the packaged copy, or any OpenAPI document
given to ``SpecStrategies``), never from a list of fields: a change to the spec changes what
is generated. The builder covers exactly the subset of JSON Schema 2020-12 that the spec uses,
and raises ``StrategyError`` naming the keyword and its location on anything else:

- ``type`` (one of object, array, string, integer, boolean), ``enum``, ``const``, local ``$ref``
  (annotations may stand beside it);
- integers: ``minimum``, ``maximum``, and ``format`` int32/int64 as ranges;
- strings: ``minLength``, ``maxLength``, ``pattern`` anchored as ``^...$`` (``$`` is the end of
  the string: drawn with a full match, never with a trailing newline);
- objects: ``properties`` (optional unless ``required``), ``required``, ``dependentRequired``, and
  ``if``/``then`` where ``if`` tests the presence and the ``const``/``enum`` value of properties
  and ``then`` requires properties; maps (``additionalProperties`` with a schema and no
  ``properties``); arrays (``items``);
- open enumerations (``x-documented-values``): documented values only, so a generated value
  causes no finding at all; ``drift=True`` adds the undocumented values and fields live traffic
  has (``x-known-values``, other strings, extra fields), which cause only drift warnings;
- ``default``: drawn often, and checked against its own schema when the strategy is built.

``description``, ``title``, ``examples``, ``$comment``, ``x-*`` (but the two above) and formats
other than int32/int64 are annotations and are ignored.

A mutation takes a valid value and breaks exactly one thing; it comes with the ``Expected``
finding it must cause: kind, severity, RFC 6901 pointer into the body and into the spec. The
place to break is drawn over the schema's locations (with the value grown to reach it), not over
the value, so deep and rarely populated locations are broken as often as top-level ones. Each
mutation is checked, locally and independently of the validators, to break exactly one rule.

The package, one stage a module, each importing only from those before it: ``patterns``
(which patterns can be drawn from, and how), ``walk`` (read the spec's schemas, follow ``$ref``,
check the keyword subset), ``rules`` (one node's rules, checked locally), ``values`` (valid-value
strategies), ``mutations`` (the kinds, ``Expected``, where each applies), ``breaking`` (break one
rule of a valid value), ``builder`` (``SpecStrategies``), ``packaged`` (the module-level
shortcuts on the packaged spec). What the validators already do (JSON types, RFC 6901
pointers and fragments, ``$ref`` parsing, format ranges, reading the operation, scanning a
pattern) is imported from them, not done again.
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401 -- imported first, so that its absence is said plainly
except ImportError as _error:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "modelarts_validators.strategies needs Hypothesis (the strategies extra): "
        "pip install 'hypothesis>=6.100' (the README's Install section installs the extra "
        "with the package, from its repository or a wheel)"
    ) from _error

from ..contract.pointers import fragment as fragment
from ..contract.pointers import pointer as pointer
from .builder import SpecStrategies
from .mutations import MUTATIONS, Expected
from .packaged import (
    error_responses,
    from_schema,
    job_search_mutations,
    job_searches,
    list_training_jobs_response_mutations,
    list_training_jobs_responses,
    mutations,
    project_ids,
    responses,
)
from .walk import StrategyError, load_document

__all__ = [
    "MUTATIONS",
    "Expected",
    "SpecStrategies",
    "StrategyError",
    "error_responses",
    "from_schema",
    "job_search_mutations",
    "job_searches",
    "list_training_jobs_response_mutations",
    "list_training_jobs_responses",
    "load_document",
    "mutations",
    "project_ids",
    "responses",
]
