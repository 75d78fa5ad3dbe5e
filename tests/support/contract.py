"""Helpers of the validator tests: exact-finding assertions, and fully populated bodies (every
documented field present, built by walking the spec's schemas with the one walker the Hypothesis
strategies and the benchmark's bodies use too, ``strategies.walk.Schemas``; only the leaves are
chosen here).

The bodies are used by the validator tests (a body that exercises every schema must conform) and by
``benchmarks/check_speed.py`` (the realistic worst case for validation time). Values are
plausible, deterministic, and valid: enumerations take their first value, strings respect their
length and pattern, integers their bounds; arrays hold two items, maps three entries.
"""

from __future__ import annotations

from typing import Any

import yaml
from modelarts_validators import Finding, Kind
from modelarts_validators.contract.pointers import Location
from modelarts_validators.strategies.walk import Schemas

from tests.support.page_tables import SPEC

DOC: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
SCHEMAS: dict[str, Any] = DOC["components"]["schemas"]


#: The one reader of the spec's schemas (``$ref`` followed, keywords checked), shared with the
#: Hypothesis strategies and the benchmark's bodies: only the leaves are chosen here.
WALK = Schemas(DOC)


def populate(schema: dict[str, Any] | Location, name: str = "value", seed: int = 0) -> Any:
    """A valid value of ``schema`` (a component schema, or where one is written) with every
    documented property present."""
    if isinstance(schema, dict):
        schema = _located(schema)
    compiled = WALK.compile(schema)
    node = compiled.node
    if "enum" in node:
        return node["enum"][seed % len(node["enum"])]
    if "x-documented-values" in node:
        values = node["x-documented-values"]
        return values[seed % len(values)]
    if compiled.type == "object":
        if compiled.values is not None:  # a map of strings
            return {f"{name}/key-{i}": f"value-{seed}-{i}" for i in range(3)}
        return {
            key: populate(where, key, seed + i)
            for i, (key, where) in enumerate(compiled.properties.items())
        }
    if compiled.type == "array":
        assert compiled.items is not None
        return [populate(compiled.items, name, seed + i) for i in range(2)]
    if compiled.type == "integer":
        if node.get("format") == "int64":
            return 1636447346315 + seed * 1000
        low, high = node.get("minimum", 0), node.get("maximum", 2**31 - 1)
        return min(max(low, 1 + seed % 7), high)
    if compiled.type == "boolean":
        return seed % 2 == 0
    if "pattern" in node:
        return f"{name.replace('_', '-')}-{seed:04d}"[: node.get("maxLength", 64)]
    return f"obs://bucket-{seed % 10}/training/{name}/part-{seed:04d}"


def _located(schema: dict[str, Any]) -> Location:
    """Where a component schema given as its dict is written."""
    for name, node in SCHEMAS.items():
        if node is schema:
            return ("components", "schemas", name)
    raise AssertionError("populate takes a component schema or a location")


def full_job(seed: int = 0) -> dict[str, Any]:
    job: dict[str, Any] = populate(SCHEMAS["JobResponse"], "job", seed)
    return job


def full_response(jobs: int = 50) -> dict[str, Any]:
    """A 200 body with ``jobs`` fully populated jobs."""
    body: dict[str, Any] = populate(SCHEMAS["ListTrainingJobsResponse"], "response")
    body.update(
        limit=max(1, min(jobs, 50)),
        count=jobs,
        total=jobs,
        items=[full_job(i) for i in range(jobs)],
    )
    return body


def full_request() -> dict[str, Any]:
    request: dict[str, Any] = populate(SCHEMAS["JobSearches"], "request")
    return request


def assert_one(
    findings: list[Finding],
    kind: Kind,
    message: str,
    pointer: str = "",
    schema_pointer: str | None = None,
    **fields: Any,
) -> Finding:
    """Exactly one finding, with this kind, message, body pointer and spec pointer (and any
    other field given, such as ``severity``, ``expected`` or ``actual``)."""
    assert len(findings) == 1, "\n".join(f"{f.kind} {f.pointer}: {f.message}" for f in findings)
    (finding,) = findings
    assert (finding.kind, finding.message) == (kind, message)
    assert (finding.pointer, finding.schema_pointer) == (pointer, schema_pointer)
    for name, value in fields.items():
        assert getattr(finding, name) == value, name
    assert "\n" not in finding.message
    return finding


def summary(findings: list[Finding]) -> list[tuple[str, str, str, str]]:
    """(kind, severity, pointer, message) of each finding, for comparing whole lists."""
    return [(str(f.kind), f.severity, f.pointer, f.message) for f in findings]
