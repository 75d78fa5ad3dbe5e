"""The page's own examples satisfy the spec, and hand-made bodies that break a stated constraint
do not. Checked with python `jsonschema` straight from the YAML, independently of the
validators package, so that a bug there cannot hide a bug in the spec."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from tests.support.page_tables import SPEC
from tests.support.reference import SPEC as DOC
from tests.support.reference import component_validator

EXAMPLES = DOC["components"]["examples"]


def errors(schema_name: str, body: Any) -> list[tuple[str, str]]:
    """(JSON pointer, failing keyword) of every error of ``body`` against a component."""
    found = []
    for error in component_validator(schema_name).iter_errors(body):
        pointer = "".join(
            "/" + str(part).replace("~", "~0").replace("/", "~1") for part in error.absolute_path
        )
        found.append((pointer, str(error.validator)))
    return sorted(found)


def test_example_request_is_valid() -> None:
    assert errors("JobSearches", EXAMPLES["ListTrainingJobsRequest"]["value"]) == []


def test_example_response_is_valid() -> None:
    assert errors("ListTrainingJobsResponse", EXAMPLES["ListTrainingJobsResponse"]["value"]) == []


def test_examples_are_the_pages_unchanged() -> None:
    page = SPEC.parent.joinpath("source", "training-job-searches.captioned.txt").read_text()
    for name, marker in [
        ("ListTrainingJobsRequest", '\n   {\n     "offset"'),
        ("ListTrainingJobsResponse", '\n   {\n     "total"'),
    ]:
        start = page.index(marker) + 1
        end = page.index("\n   }\n", start) + 5
        text = "\n".join(line[3:] for line in page[start:end].splitlines())
        assert yaml.safe_load(text) == EXAMPLES[name]["value"]


def _request(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = copy.deepcopy(EXAMPLES["ListTrainingJobsRequest"]["value"])
    body.update(changes)
    return body


def _response_with_metadata(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = copy.deepcopy(EXAMPLES["ListTrainingJobsResponse"]["value"])
    body["items"][0]["metadata"].update(changes)
    return body


@pytest.mark.parametrize(
    ("schema", "body", "expected"),
    [
        ("JobSearches", _request(limit=0), [("/limit", "minimum")]),
        ("JobSearches", _request(limit=51), [("/limit", "maximum")]),
        ("JobSearches", _request(offset=-1), [("/offset", "minimum")]),
        ("JobSearches", _request(order="up"), [("/order", "enum")]),
        ("JobSearches", _request(limit="1"), [("/limit", "type")]),
        (
            "JobSearches",
            _request(filters=[{"key": "name", "operator": "equals", "value": ["x"]}]),
            [("/filters/0/operator", "enum")],
        ),
        (
            "ListTrainingJobsResponse",
            _response_with_metadata(name="j" * 65),
            [("/items/0/metadata/name", "maxLength")],
        ),
        (
            "ListTrainingJobsResponse",
            _response_with_metadata(name="train job"),
            [("/items/0/metadata/name", "pattern")],
        ),
        (
            "ListTrainingJobsResponse",
            _response_with_metadata(create_time="1636447346315"),
            [("/items/0/metadata/create_time", "type")],
        ),
        (
            "ListTrainingJobsResponse",
            _response_with_metadata(description="d" * 257),
            [("/items/0/metadata/description", "maxLength")],
        ),
    ],
)
def test_invalid_bodies_are_rejected(
    schema: str, body: Any, expected: list[tuple[str, str]]
) -> None:
    assert errors(schema, body) == expected


def test_boundaries_are_accepted() -> None:
    assert errors("JobSearches", _request(limit=1, offset=0, order="asc")) == []
    assert errors("JobSearches", _request(limit=50)) == []
    assert errors("ListTrainingJobsResponse", _response_with_metadata(name="j" * 64)) == []


def test_objects_are_open_and_maps_are_string_valued() -> None:
    body = _response_with_metadata(
        training_experiment_reference={"id": "x"}, annotations={"a": "b"}
    )
    assert errors("ListTrainingJobsResponse", body) == []
    bad_map = _response_with_metadata(annotations={"fault-tolerance/job-retry-num": 3})
    assert errors("ListTrainingJobsResponse", bad_map) == [
        ("/items/0/metadata/annotations/fault-tolerance~1job-retry-num", "type")
    ]
