"""The spec says exactly what the published page says: every field of every table at its place,
with its type. The comparison is also run against broken copies of the spec, to show it fails."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from tests.support.page_tables import SPEC, Comparison, Table, read_page

Spec = dict[str, Any]


@pytest.fixture(scope="module")
def tables() -> list[Table]:
    return read_page()


@pytest.fixture(scope="module")
def spec() -> Spec:
    loaded: Spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return loaded


def test_page_has_63_tables_with_their_captions(tables: list[Table]) -> None:
    assert [t.number for t in tables] == list(range(1, 64))
    captions = {t.number: t.caption for t in tables}
    # The two tables the seed lost are present.
    assert captions[37] == "Remote"
    assert captions[53] == "JobVolume"
    assert sum(len(t.rows) for t in tables) == 231


def test_every_table_is_one_schema_component(spec: Spec, tables: list[Table]) -> None:
    numbered = {
        s["x-doc-table"] for s in spec["components"]["schemas"].values() if "x-doc-table" in s
    }
    assert numbered == set(range(1, 64))


def test_spec_matches_page(spec: Spec, tables: list[Table]) -> None:
    assert Comparison(spec, tables).run() == []


def _schema(name: str) -> Callable[[Spec], dict[str, Any]]:
    return lambda spec: spec["components"]["schemas"][name]


def _drop_field(spec: Spec) -> None:
    del _schema("JobMetadata")(spec)["properties"]["user_name"]


def _flatten_remote(spec: Spec) -> None:
    # The seed's trap: Output.remote pointing straight at RemoteObs instead of Remote -> RemoteObs.
    _schema("Output")(spec)["properties"]["remote"]["$ref"] = "#/components/schemas/RemoteObs"


def _npu_unit_num_integer(spec: Spec) -> None:
    _schema("Npu")(spec)["properties"]["unit_num"] = {
        "type": "integer",
        "format": "int32",
        "description": "Number of NPUs.",
    }


def _create_time_int32(spec: Spec) -> None:
    _schema("JobMetadata")(spec)["properties"]["create_time"]["format"] = "int32"


def _inputs_single_object(spec: Spec) -> None:
    _schema("JobAlgorithmResponse")(spec)["properties"]["inputs"] = {
        "$ref": "#/components/schemas/Input",
        "description": "Input of a training job.",
    }


def _extra_field(spec: Spec) -> None:
    _schema("Filter")(spec)["properties"]["values"] = {"type": "array", "items": {"type": "string"}}


def _wrong_caption(spec: Spec) -> None:
    _schema("InputDataset")(spec)["x-doc-caption"] = "Dataset"


def _volumes_of_nfs(spec: Spec) -> None:
    _schema("SpecResponse")(spec)["properties"]["volumes"]["items"]["$ref"] = (
        "#/components/schemas/Nfs"
    )


def _map_as_string(spec: Spec) -> None:
    _schema("FlavorResponse")(spec)["properties"]["attributes"] = {
        "type": "string",
        "description": "Other specification attributes.",
    }


def _description_lost(spec: Spec) -> None:
    _schema("Gpu")(spec)["properties"]["memory"]["description"] = "GPU memory"


def _response_body_swapped(spec: Spec) -> None:
    operation = spec["paths"]["/v2/{project_id}/training-job-searches"]["post"]
    operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"] = (
        "#/components/schemas/JobResponse"
    )


@pytest.mark.parametrize(
    ("breakage", "problem"),
    [
        (_drop_field, "JobMetadata.user_name (table 6): missing from the spec"),
        (
            _flatten_remote,
            "Output.remote (table 25): spec type ref(table 'RemoteObs'), page says 'Remote object' -> ref(table 'Remote')",
        ),
        (
            _npu_unit_num_integer,
            "Npu.unit_num (table 50): spec type integer/int32, page says 'String' -> string",
        ),
        (
            _create_time_int32,
            "JobMetadata.create_time (table 6): spec type integer/int32, page says 'Long' -> integer/int64",
        ),
        (
            _inputs_single_object,
            "JobAlgorithmResponse.inputs (table 10): spec type ref(table 'Input'), page says 'Array of Input objects' -> array[ref(table 'Input')]",
        ),
        (_extra_field, "Filter.values: in the spec, not in table 3"),
        (_wrong_caption, "InputDataset: x-doc-caption 'Dataset', page says 'dataset'"),
        (
            _volumes_of_nfs,
            "SpecResponse.volumes (table 43): spec type array[ref(table 'Nfs')], page says 'Array of JobVolume objects' -> array[ref(table 'JobVolume')]",
        ),
        (
            _map_as_string,
            "FlavorResponse.attributes (table 40): spec type string, page says 'Map<String,String>' -> map[string]",
        ),
        (
            _description_lost,
            "Gpu.memory (table 49): description does not carry the page's text 'Memory.'",
        ),
        (_response_body_swapped, "response 200: must be the schema of table 4"),
    ],
)
def test_comparison_catches(
    breakage: Callable[[Spec], None], problem: str, spec: Spec, tables: list[Table]
) -> None:
    broken = copy.deepcopy(spec)
    breakage(broken)
    assert problem in Comparison(broken, tables).run()
