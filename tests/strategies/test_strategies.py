"""The strategies themselves: what they draw follows the spec, an unsupported keyword fails loudly,
and every mutation kind can be drawn. Validity is judged here by python ``jsonschema`` on the raw
spec (independently of the validators package, which the property tests exercise)."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from modelarts_validators import Kind
from modelarts_validators import strategies as mst
from modelarts_validators.strategies import MUTATIONS, SpecStrategies, StrategyError

from tests.support.examples import deep, examples
from tests.support.reference import component_validator

DOCUMENT = mst.load_document()
COMPONENTS = sorted(DOCUMENT["components"]["schemas"])


def schema_errors(name: str, value: Any) -> list[str]:
    validator = component_validator(name, DOCUMENT)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(value)]


class _Found(Exception):
    pass


def find(strategy: st.SearchStrategy[Any], condition: Any, tries: int = 1000) -> Any:
    """The first drawn value that meets ``condition`` (no shrinking: this only shows that such
    values are drawn); fails when none of ``tries`` examples does."""
    found: list[Any] = []

    @settings(max_examples=tries, phases=[Phase.generate], database=None)
    @given(strategy)
    def search(value: Any) -> None:
        if condition(value):
            found.append(value)
            raise _Found

    try:
        search()
    except _Found:
        return found[0]
    raise AssertionError(f"no drawn value meets the condition in {tries} examples")


def changed(edit: Any) -> SpecStrategies:
    """Strategies for a copy of the spec changed by ``edit(schemas)``."""
    document = copy.deepcopy(DOCUMENT)
    edit(document["components"]["schemas"])
    return SpecStrategies(document)


def walk(value: Any) -> Any:
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


# -- valid values ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", COMPONENTS)
@given(data=st.data())
@examples(ci=25)  # ~65 components, each also drawn within the bodies the other tests draw
def test_every_component_draws_values_its_schema_accepts(name: str, data: st.DataObject) -> None:
    value = data.draw(mst.from_schema(name))
    assert schema_errors(name, value) == []


@given(mst.from_schema("JobMetadata"))
def test_patterns_are_full_matches_within_the_length_bounds(metadata: dict[str, Any]) -> None:
    name = metadata.get("name", "x")
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", name)
    assert not name.endswith("\n")


def test_bounds_are_reached() -> None:
    assert find(mst.job_searches(), lambda v: v.get("limit") == 50)["limit"] == 50
    assert find(mst.job_searches(), lambda v: v.get("offset") == 2**31 - 1)
    status = mst.from_schema("Status")
    assert find(status, lambda v: v.get("duration") == 2**63 - 1)
    assert find(status, lambda v: v.get("start_time") == -(2**63))
    metadata = mst.from_schema("JobMetadata")
    assert len(find(metadata, lambda v: len(v.get("name", "")) == 64)["name"]) == 64


def test_defaults_are_drawn() -> None:
    assert find(mst.job_searches(), lambda v: v.get("sort_by") == "create_time")
    assert find(mst.from_schema("AlgorithmOutput"), lambda v: v.get("period") == "30s")


@given(mst.list_training_jobs_responses())
def test_only_documented_values_of_open_enums(body: dict[str, Any]) -> None:
    for job in body.get("items", []):
        phase = job.get("status", {}).get("phase")
        assert phase is None or phase in DOCUMENTED_PHASES


DOCUMENTED_PHASES = DOCUMENT["components"]["schemas"]["Status"]["properties"]["phase"][
    "x-documented-values"
]


def test_drift_adds_undocumented_values_and_fields() -> None:
    status = mst.from_schema("Status", drift=True)
    assert find(status, lambda v: v.get("phase", "Running") not in DOCUMENTED_PHASES)
    documented = set(DOCUMENT["components"]["schemas"]["Status"]["properties"])
    assert find(status, lambda v: bool(set(v) - documented))


@given(mst.from_schema("JobAlgorithmResponse"))
def test_dependent_required_pairs_come_together(algorithm: dict[str, Any]) -> None:
    assert ("code_dir" in algorithm) == ("boot_file" in algorithm)
    assert ("subscription_id" in algorithm) == ("item_version_id" in algorithm)


@given(mst.from_schema("RequiredAffinity"))
def test_the_if_then_requirement_is_met(affinity: dict[str, Any]) -> None:
    if affinity.get("affinity_type") == "hyperinstance":
        assert "affinity_group_size" in affinity


def test_the_if_branch_is_drawn() -> None:
    found = find(
        mst.from_schema("RequiredAffinity"), lambda v: v.get("affinity_type") == "hyperinstance"
    )
    assert "affinity_group_size" in found


@given(mst.responses())
def test_responses_cover_the_documented_statuses(response: tuple[int, Any]) -> None:
    status, body = response
    assert status == 200 or 400 <= status <= 599
    name = "ListTrainingJobsResponse" if status == 200 else "ModelArtsError"
    assert schema_errors(name, body) == []


def test_error_responses_are_drawn_for_both_ranges() -> None:
    assert find(mst.error_responses(), lambda r: r[0] >= 500)
    assert find(mst.error_responses(), lambda r: r[0] < 500)


@given(mst.project_ids())
def test_project_ids_follow_their_schema(project_id: str) -> None:
    assert re.fullmatch(r"[A-Za-z0-9-]{1,64}", project_id)


# -- a change to the spec changes what is drawn --------------------------------------------------


def test_a_tighter_maximum_is_followed() -> None:
    def edit(schemas: dict[str, Any]) -> None:
        schemas["JobSearches"]["properties"]["limit"]["maximum"] = 7

    searches = changed(edit).from_schema("JobSearches")
    assert find(searches, lambda v: "limit" in v and v["limit"] >= 7)["limit"] == 7


def test_a_new_property_and_a_new_enum_value_are_drawn() -> None:
    def edit(schemas: dict[str, Any]) -> None:
        filter_ = schemas["Filter"]["properties"]
        filter_["negate"] = {"type": "boolean"}
        filter_["operator"]["enum"].append("regex")

    filters = changed(edit).from_schema("Filter")
    assert find(filters, lambda v: "negate" in v)
    assert find(filters, lambda v: v.get("operator") == "regex")


def test_a_new_pattern_is_followed() -> None:
    def edit(schemas: dict[str, Any]) -> None:
        schemas["Filter"]["properties"]["key"] = {"type": "string", "pattern": "^[a-z]{2,3}$"}

    found = find(changed(edit).from_schema("Filter"), lambda v: "key" in v)
    assert re.fullmatch("[a-z]{2,3}", found["key"])


def test_a_new_required_property_is_always_drawn_and_can_be_removed() -> None:
    def edit(schemas: dict[str, Any]) -> None:
        schemas["Filter"]["required"] = ["key"]

    builder = changed(edit)
    assert "missing-required" in _mutation_kinds("Filter", builder)
    searches = builder.from_schema("JobSearches")

    @settings(max_examples=50, database=None)
    @given(searches)
    def every_filter_has_a_key(value: dict[str, Any]) -> None:
        assert all("key" in f for f in value.get("filters", []))

    every_filter_has_a_key()


# -- failing loudly --------------------------------------------------------------------------------


def _value(schemas: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = schemas["Filter"]["properties"]["value"]
    return result


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (lambda s: _value(s).update(uniqueItems=True), "Filter/properties/value/uniqueItems"),
        (lambda s: _value(s).update(minItems=1), "Filter/properties/value/minItems"),
        (lambda s: s["Filter"].update(oneOf=[{}]), "Filter/oneOf"),
        (lambda s: s["Filter"].update(additionalProperties=False), "Filter/additionalProperties"),
        (lambda s: _value(s).update(type=["array", "null"]), "Filter/properties/value/type"),
        (
            lambda s: _value(s)["items"].update(format="date-time", type="number"),
            "value/items/type",
        ),
        (lambda s: _value(s)["items"].update(pattern="[a-z]+"), "items/pattern"),
        (lambda s: _value(s)["items"].update(pattern="^a|b$"), "items/pattern"),
        (lambda s: _value(s)["items"].update(minimum=1), "value/items/minimum"),
        (
            lambda s: s["JobSearches"]["properties"]["filters"]["items"].update(minItems=1),
            "minItems",
        ),
        (lambda s: s["JobSearches"]["properties"]["order"].update(default="up"), "order/default"),
        (lambda s: s["RequiredAffinity"]["if"].update(minProperties=1), "RequiredAffinity/if"),
        (
            lambda s: s["RequiredAffinity"]["then"]["properties"].update(x={"const": 1}),
            "RequiredAffinity/then",
        ),
    ],
)
def test_an_unsupported_keyword_fails_loudly(edit: Any, where: str) -> None:
    builder = changed(edit)
    root = "RequiredAffinity" if where.startswith("RequiredAffinity") else "JobSearches"
    with pytest.raises(StrategyError) as error:
        builder.from_schema(root)
    message = str(error.value)
    assert message.startswith("#/components/schemas/")
    assert where in message


def test_an_unknown_schema_name_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="JobSearch"):
        mst.from_schema("JobSearch")


def test_annotations_are_ignored() -> None:
    def edit(schemas: dict[str, Any]) -> None:
        schemas["Filter"]["properties"]["key"].update(
            title="t", examples=["a"], format="uuid", **{"$comment": "c", "x-anything": 1}
        )

    assert "key" in find(changed(edit).from_schema("Filter"), lambda v: "key" in v)


# -- mutations -------------------------------------------------------------------------------------


def _mutation_kinds(name: str, builder: SpecStrategies | None = None) -> set[str]:
    builder = builder or SpecStrategies()
    return {target[2] for target in builder.targets(builder.location(name))}


def test_the_spec_offers_every_mutation_it_can() -> None:
    found = _mutation_kinds("JobSearches") | _mutation_kinds("ListTrainingJobsResponse")
    found |= _mutation_kinds("ModelArtsError")
    # too-short: the only minLength > 0 (JobMetadata.name) has a pattern that needs a character;
    # outside-const: the spec has no const outside its if/then
    assert found == set(MUTATIONS) - {"too-short", "outside-const"}


def test_too_short_and_outside_const_on_a_spec_that_has_them() -> None:
    def edit(schemas: dict[str, Any]) -> None:
        schemas["Filter"]["properties"]["key"] = {"type": "string", "minLength": 3}
        schemas["Filter"]["properties"]["version"] = {"type": "string", "const": "v2"}

    builder = changed(edit)
    assert {"too-short", "outside-const"} <= _mutation_kinds("Filter", builder)
    for kind, keyword in (("too-short", "minLength"), ("outside-const", "const")):
        value, expected = find(builder.mutations("Filter", kinds=[kind]), lambda _: True)
        assert expected.schema_pointer.endswith(keyword)
        assert schema_errors_in(builder.document, "Filter", value) == [expected.pointer]


def schema_errors_in(document: dict[str, Any], name: str, value: Any) -> list[str]:
    validator = component_validator(name, document)
    return [mst.pointer(e.absolute_path) for e in validator.iter_errors(value)]


@pytest.mark.parametrize("kind", sorted(set(MUTATIONS) - {"too-short", "outside-const"}))
def test_every_mutation_kind_is_drawn(kind: str) -> None:
    name = "ModelArtsError" if kind == "missing-required" else "ListTrainingJobsResponse"
    _, expected = find(mst.mutations(name, kinds=[kind]), lambda _: True)
    assert expected.mutation == kind


@given(mst.job_search_mutations(kinds=["undocumented-field", "outside-format-range"]))
def test_drift_in_a_request_warns_but_an_integer_out_of_range_is_an_error(
    mutation: tuple[Any, mst.Expected],
) -> None:
    _, expected = mutation
    if expected.kind is Kind.UNDOCUMENTED_FIELD:
        assert expected.severity == "warning"
    else:
        assert (expected.kind, expected.severity) == (Kind.INTEGER_OUT_OF_RANGE, "error")


@given(mst.list_training_jobs_response_mutations(kinds=["outside-format-range"]))
def test_an_integer_out_of_range_in_a_response_is_drift(mutation: tuple[Any, mst.Expected]) -> None:
    assert (mutation[1].kind, mutation[1].severity) == (Kind.INTEGER_OUT_OF_RANGE, "warning")


@given(mst.job_search_mutations(kinds=["undocumented-value"], strict=True))
def test_strict_makes_drift_an_error(mutation: tuple[Any, mst.Expected]) -> None:
    assert mutation[1].severity == "error"


@given(mst.list_training_jobs_response_mutations())
def test_a_violation_breaks_the_raw_schema_exactly_at_its_pointer(
    mutation: tuple[Any, mst.Expected],
) -> None:
    value, expected = mutation
    errors = schema_errors_in(DOCUMENT, "ListTrainingJobsResponse", value)
    if expected.kind is Kind.SCHEMA_VIOLATION and expected.mutation != "pattern-trailing-newline":
        # every error at the pointer (a wrong type where an enumeration is documented breaks
        # both keywords there: two errors at one place)
        assert errors
        assert set(errors) == {expected.pointer}
    elif expected.kind is not Kind.SCHEMA_VIOLATION:
        assert errors == []  # drift: the raw spec is open and its formats are annotations


@pytest.mark.deep
def test_a_pattern_mismatch_is_never_a_trailing_newline_alone() -> None:
    # that one is pattern-trailing-newline's: Python's "$" accepts it, ECMA-262's does not, so
    # the raw-schema check above would see no error (the deep profile drew "0\n"). A search:
    # 200 draws under make test, 2,000 under make test-deep (~12 ms a draw)
    def trailing_newline(mutation: tuple[Any, mst.Expected]) -> bool:
        value, expected = mutation
        for part in expected.pointer.split("/")[1:]:
            value = value[int(part)] if isinstance(value, list) else value[part]
        return isinstance(value, str) and value.endswith("\n")

    with pytest.raises(AssertionError, match="no drawn value meets the condition"):
        find(
            mst.mutations("JobMetadata", kinds=["pattern-mismatch"]),
            trailing_newline,
            tries=2000 if deep() else 200,
        )


def test_unknown_or_inapplicable_mutation_kinds_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown mutation"):
        mst.mutations("Filter", kinds=["typo"])
    with pytest.raises(ValueError, match="no mutation"):
        mst.mutations("Filter", kinds=["missing-conditional"])


def test_every_reachable_schema_can_be_broken() -> None:
    builder = SpecStrategies()
    broken = {
        target[1][:3] for target in builder.targets(builder.location("ListTrainingJobsResponse"))
    }
    reachable = {
        ("components", "schemas", name)
        for name in COMPONENTS
        if name not in ("JobSearches", "Filter", "ModelArtsError", "ProjectId")
    }
    assert reachable <= broken


# -- the module ------------------------------------------------------------------------------------


def test_public_names() -> None:
    assert sorted(mst.__all__) == [
        "Expected",
        "MUTATIONS",
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
    assert all(hasattr(mst, name) for name in mst.__all__)


def test_without_hypothesis_the_import_error_says_what_to_install() -> None:
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n    import modelarts_validators.strategies\n"
        "except ImportError as error:\n    print(error)\n"
        "import modelarts_validators\n"  # the validators themselves do not need Hypothesis
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert "pip install 'hypothesis>=6.100'" in done.stdout
