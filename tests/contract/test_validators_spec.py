"""The spec as the validators load it: shipped inside the package, checked before use, and
never changed by the derivation of the drift-aware schemas."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from modelarts_validators import Contract, Kind, SpecError
from modelarts_validators.contract import pointers
from modelarts_validators.contract.engines import python_pattern
from modelarts_validators.contract.pointers import fragment
from modelarts_validators.contract.schemas import derive
from modelarts_validators.contract.spec import load_spec, parse_ref

from tests.support import reference
from tests.support.page_tables import SPEC

PACKAGED = (
    Path(__file__).resolve().parents[2]
    / "validators/modelarts_validators/_data/training-job-searches.yaml"
)
ENGINE_NAMES = ["rs", "python"]


def test_the_installed_package_ships_the_spec_byte_for_byte() -> None:
    packaged = resources.files("modelarts_validators").joinpath(
        "_data", "training-job-searches.yaml"
    )
    assert packaged.read_bytes() == SPEC.read_bytes()


def test_the_repository_copy_is_a_relative_link_to_the_spec() -> None:
    """So it cannot drift from openapi/ (``pip wheel`` stores the linked file's content)."""
    assert PACKAGED.is_symlink()
    assert os.readlink(PACKAGED) == "../../../openapi/training-job-searches.yaml"
    assert PACKAGED.resolve() == SPEC.resolve()


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_an_explicit_path_loads_the_same_contract(engine: Any) -> None:
    for spec in (SPEC, str(SPEC)):
        contract = Contract.load(spec, engine=engine)
        assert contract.spec.source == str(SPEC)
        assert (
            contract.check_request_body(b'{"limit": 51}')[0].message
            == "51 is greater than the maximum of 50"
        )


def test_an_unknown_engine() -> None:
    with pytest.raises(ValueError, match="unknown engine 'java'"):
        Contract.load(engine="java")  # type: ignore[arg-type]


def test_the_operation_as_loaded() -> None:
    operation = load_spec().operation
    assert (operation.method, operation.path) == ("POST", "/v2/{project_id}/training-job-searches")
    assert list(operation.path_parameters) == ["project_id"]
    assert list(operation.responses) == ["200", "4XX", "5XX"]
    assert operation.request_body is not None
    assert [m.name for m in operation.request_body.media_types] == [
        "application/json",
        "application/json;charset=utf-8",
    ]


def test_deriving_leaves_the_spec_untouched() -> None:
    spec = load_spec()
    before = copy.deepcopy(spec.document)
    derived = derive(spec)
    assert spec.document == before
    assert derived.document["components"]["schemas"]["Filter"]["additionalProperties"] == {
        "not": {}
    }
    assert "additionalProperties" not in spec.document["components"]["schemas"]["Filter"]


def test_the_drift_rules_point_into_the_spec() -> None:
    derived = derive(load_spec())
    rules = {
        fragment(location): (rule.kind, fragment(rule.spec_location))
        for location, rule in derived.drift.items()
    }
    s = "#/components/schemas"
    assert rules[f"{s}/Filter/additionalProperties/not"] == (
        Kind.UNDOCUMENTED_FIELD,
        f"{s}/Filter/properties",
    )
    assert rules[f"{s}/Filter/properties/key/enum"] == (
        Kind.UNDOCUMENTED_VALUE,
        f"{s}/Filter/properties/key/x-documented-values",
    )
    assert rules[f"{s}/JobSearches/properties/offset/maximum"] == (
        Kind.INTEGER_OUT_OF_RANGE,
        f"{s}/JobSearches/properties/offset/format",
    )
    # tighter bounds written in the spec are kept, and no range is added beside them
    assert f"{s}/JobSearches/properties/offset/minimum" not in rules
    assert f"{s}/JobSearches/properties/limit/maximum" not in rules
    # maps keep their string-valued additionalProperties
    assert not any("annotations" in pointer for pointer in rules)


def test_fragments_are_rfc_6901_uri_fragments() -> None:
    location = ("paths", "/v2/{project_id}/x", "a~b")
    assert fragment(location) == "#/paths/~1v2~1%7Bproject_id%7D~1x/a~0b"
    assert parse_ref(fragment(location)) == location


@pytest.mark.parametrize(
    "location",
    [
        (),
        ("components", "schemas", "Filter"),
        ("paths", "/v2/{project_id}/training-job-searches", "post"),
        ("a~b", "c/d", "e f", "100%", "é", "中文", "x-observed-values", "a?b#c"),
        ("", "&'()*+,;=:@-._~!$"),
    ],
)
def test_a_fragment_is_each_token_escaped_and_quoted_however_often_written(
    location: tuple[str, ...],
) -> None:
    """``fragment`` keeps each token's piece once worked out: the same text every time, the
    definition's (RFC 6901 escaping, then RFC 3986 quoting)."""
    expected = "#" + "".join(
        "/" + quote(t.replace("~", "~0").replace("/", "~1"), safe="!$&'()*+,;=:@-._~")
        for t in location
    )
    assert fragment(location) == expected
    assert fragment(location) == expected  # the tokens' pieces kept
    assert parse_ref(expected) == location


def test_the_pieces_kept_are_bounded() -> None:
    for n in range(pointers._MAX_PIECES + 100):
        fragment(("x-observed-properties", f"name {n}"))
    assert len(pointers._PIECES) == pointers._MAX_PIECES
    assert fragment(("x-observed-properties", "name 99999")) == (
        "#/x-observed-properties/name%2099999"
    )


@pytest.mark.parametrize(
    ("pattern", "translated"),
    [
        ("^[a-z]+$", r"^[a-z]+\Z"),
        ("^a$|^b$", r"^a\Z|^b\Z"),
        ("[$]", "[$]"),
        (r"\$$", r"\$\Z"),
        (r"[\]$]$", r"[\]$]\Z"),
    ],
)
def test_python_patterns_end_at_the_end_of_the_string(pattern: str, translated: str) -> None:
    assert python_pattern(pattern) == translated


# -- a broken spec is a SpecError with a one-line message -------------------------------------

Change = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Change:
    def change(doc: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        node = doc
        for key in parents:
            node = node[key]
        node[last] = value

    return change


BROKEN: dict[str, tuple[Change, str]] = {
    "openapi 3.0": (_set("openapi", "3.0.3"), "'openapi' is '3.0.3', expected 3.1.x"),
    "no paths": (lambda doc: doc.pop("paths"), "'paths' is missing"),
    "two operations": (
        lambda doc: doc["paths"]["/v2/{project_id}/training-job-searches"].update(
            get={"responses": {"200": {"description": "ok"}}}
        ),
        "expected exactly one operation, found 2",
    ),
    "an invalid schema": (
        _set("components/schemas/JobSearches/properties/limit/maximum", "fifty"),
        "#/components/schemas/JobSearches/properties/limit/maximum is not a valid JSON Schema 2020-12: 'fifty' is not of type 'number'",
    ),
    "a dangling $ref": (
        _set(
            "components/schemas/JobSearches/properties/filters/items/$ref",
            "#/components/schemas/Filters",
        ),
        "#/components/schemas/JobSearches/properties/filters/items/$ref: #/components/schemas/Filters does not exist",
    ),
    "an external $ref": (
        _set("components/schemas/JobSearches/properties/filters/items/$ref", "other.yaml#/Filter"),
        "#/components/schemas/JobSearches/properties/filters/items/$ref: "
        "$ref 'other.yaml#/Filter' is not a local JSON pointer (#/...)",
    ),
    "a dangling response $ref": (
        _set("components/responses", {}),
        "#/components/responses/ClientError does not exist",
    ),
    "a dangling example $ref": (
        _set("components/examples", {}),
        "#/components/examples/ListTrainingJobsRequest does not exist",
    ),
    "an unsupported keyword": (
        _set("components/schemas/Filter/oneOf", [{"required": ["key"]}]),
        "#/components/schemas/Filter: keyword 'oneOf' is not supported",
    ),
    "a $ref beside assertions": (
        _set("components/schemas/JobSearches/properties/filters/items/minProperties", 1),
        "#/components/schemas/JobSearches/properties/filters/items: $ref beside other assertions is not supported",
    ),
    "a condition on an undocumented property": (
        _set("components/schemas/RequiredAffinity/then/required", ["group"]),
        "#/components/schemas/RequiredAffinity/then names properties the schema does not document: group",
    ),
    "a path parameter missing": (
        lambda doc: doc["paths"]["/v2/{project_id}/training-job-searches"].pop("parameters"),
        "path /v2/{project_id}/training-job-searches and its path parameters [] disagree",
    ),
    "no responses": (
        lambda doc: doc["paths"]["/v2/{project_id}/training-job-searches"]["post"].pop("responses"),
        "#/paths/~1v2~1%7Bproject_id%7D~1training-job-searches/post documents no responses",
    ),
}


#: The spec as ``yaml.safe_load`` parses it, once for all tests (``reference.SPEC``: ~0.2 s a
#: parse); each test changes its own copy.
_PARSED: Any = reference.SPEC
#: libyaml's dumper where PyYAML has it: the same YAML document, ~10x faster to write.
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _spec() -> Any:
    """A fresh copy of the parsed spec (what ``yaml.safe_load`` of the file gives)."""
    return copy.deepcopy(_PARSED)


def _write(tmp_path: Path, doc: Any) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.dump(doc, Dumper=_DUMPER, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("engine", ENGINE_NAMES)
@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_spec(tmp_path: Path, engine: Any, case: str) -> None:
    change, message = BROKEN[case]
    doc = _spec()
    change(doc)
    path = _write(tmp_path, doc)
    with pytest.raises(SpecError) as raised:
        Contract.load(path, engine=engine)
    assert str(raised.value) == f"spec {path}: {message}"


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_a_pattern_that_is_not_a_regular_expression(tmp_path: Path, engine: Any) -> None:
    doc = _spec()
    doc["components"]["schemas"]["ProjectId"]["pattern"] = "^[A-Z"
    path = _write(tmp_path, doc)
    with pytest.raises(SpecError, match=r"#/components/schemas/ProjectId") as raised:
        Contract.load(path, engine=engine)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "openapi: [3.1.0\n",
            "not valid YAML at line 2 column 1: expected ',' or ']', but got '<stream end>'",
        ),
        ("- openapi\n", "not a mapping at the top level"),
        (
            "openapi: 3.1.0\ndate: 2024-01-01\n",
            "not JSON-compatible data: Object of type date is not JSON serializable",
        ),
    ],
)
def test_a_spec_that_is_not_an_openapi_document(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        Contract.load(path)
    assert str(raised.value) == f"spec {path}: {message}"


def test_a_missing_spec(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as raised:
        Contract.load(tmp_path / "nope.yaml")
    assert (
        str(raised.value) == f"cannot read spec {tmp_path / 'nope.yaml'}: No such file or directory"
    )


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_a_default_response_is_looked_up_last(tmp_path: Path, engine: Any) -> None:
    doc = _spec()
    responses = doc["paths"]["/v2/{project_id}/training-job-searches"]["post"]["responses"]
    responses["default"] = {"description": "anything else, without a body"}
    contract = Contract.load(_write(tmp_path, doc), engine=engine)
    assert contract.check_response(302, {}, b"") == []
    assert contract.check_response(404, {"content-type": "application/json"}, b"{}")[0].message == (
        "missing required property 'error_code'"
    )
