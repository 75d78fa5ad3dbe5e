"""The tests' independent reference check of the contract: python ``jsonschema`` (Draft 2020-12)
over the spec YAML as it is on disk, without the validators package, so that a bug there cannot
hide a bug in the spec (or the other way round)."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from tests.support.page_tables import SPEC as SPEC_PATH

SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def component_validator(name: str, document: dict[str, Any] | None = None) -> Draft202012Validator:
    """A validator of ``#/components/schemas/<name>`` of ``document`` (default: the spec)."""
    if document is None:
        return _spec_validator(name)
    registry: Registry[Any] = Registry().with_resource(
        "urn:spec", DRAFT202012.create_resource(document)
    )
    return Draft202012Validator({"$ref": f"urn:spec#/components/schemas/{name}"}, registry=registry)


@cache
def _spec_validator(name: str) -> Draft202012Validator:
    return component_validator(name, SPEC)
