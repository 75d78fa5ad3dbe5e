"""Read the published page (openapi/source/training-job-searches.captioned.txt) into its tables,
and compare them with the spec. Used by the fidelity tests; kept apart from them so that the
comparison itself can be tested against deliberately broken specs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "openapi" / "source" / "training-job-searches.captioned.txt"
SPEC = ROOT / "openapi" / "training-job-searches.yaml"

#: Integer fields the contract types as int64 (millisecond or second timestamps, as the page
#: and the official SDKs say; durations; the timestamps in node_count_metrics); every other
#: Integer is int32.
INT64_FIELDS = frozenset({"create_time", "start_time", "duration", "start_at", "end_at"})

_TABLE = re.compile(r"^### Table (\d+) (.+)$")


@dataclass(frozen=True)
class Row:
    field: str
    type: str
    description: str


@dataclass(frozen=True)
class Table:
    number: int
    caption: str
    rows: tuple[Row, ...]


def read_page(path: Path = PAGE) -> list[Table]:
    """Every ``### Table N caption`` block of the page, its rows in order. An option list
    (lines starting with a bullet) belongs to the description of the row above it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        match = _TABLE.match(lines[i])
        if not match:
            i += 1
            continue
        header = lines[i + 1].split(" | ")
        rows: list[list[str]] = []
        i += 2
        while i < len(lines) and lines[i].strip() and not lines[i].startswith(("..", "###")):
            if lines[i].startswith(" •"):
                rows[-1][-1] += "\n" + lines[i].strip()
            else:
                cells = [c.strip() for c in lines[i].split(" | ")]
                if len(cells) != len(header):
                    raise ValueError(
                        f"table {match.group(1)}: row {lines[i]!r} has {len(cells)} cells"
                    )
                rows.append(cells)
            i += 1
        tables.append(
            Table(
                number=int(match.group(1)),
                caption=match.group(2).strip(),
                rows=tuple(Row(r[0], r[-2], r[-1]) for r in rows),
            )
        )
    return tables


def _words(text: str) -> str:
    return " ".join(text.replace("•", " ").replace("-", " ").replace(" .", ".").split())


class Comparison:
    """Compares the page's tables with a loaded spec document and collects every difference as
    a one-line problem (so a test failure lists all of them at once)."""

    def __init__(self, spec: dict[str, Any], tables: list[Table]) -> None:
        self.spec = spec
        self.tables = tables
        self.schemas: dict[str, Any] = spec["components"]["schemas"]
        self.problems: list[str] = []
        self.by_table: dict[int, str] = {}
        self.by_caption: dict[str, str] = {}
        for name, schema in self.schemas.items():
            number = schema.get("x-doc-table")
            if number is None:
                continue
            if number in self.by_table:
                self.problems.append(
                    f"tables: {name} and {self.by_table[number]} both claim table {number}"
                )
            self.by_table[number] = name
            self.by_caption[schema.get("x-doc-caption", "")] = name

    def deref(self, node: dict[str, Any]) -> str | None:
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/components/schemas/"):
            return None
        return ref.rsplit("/", 1)[1]

    def run(self) -> list[str]:
        for table in self.tables:
            name = self.by_table.get(table.number)
            if name is None:
                self.problems.append(
                    f"table {table.number} {table.caption!r}: no schema has x-doc-table {table.number}"
                )
                continue
            schema = self.schemas[name]
            if schema.get("x-doc-caption") != table.caption:
                self.problems.append(
                    f"{name}: x-doc-caption {schema.get('x-doc-caption')!r}, page says {table.caption!r}"
                )
            if table.number == 1:
                self.check_path_parameter(name, table)
            else:
                self.check_object(name, schema, table)
        self.check_placement()
        return self.problems

    def check_path_parameter(self, name: str, table: Table) -> None:
        (row,) = table.rows
        params = self.spec["paths"]["/v2/{project_id}/training-job-searches"]["parameters"]
        param = self.spec["components"]["parameters"][params[0]["$ref"].rsplit("/", 1)[1]]
        if (param["name"], param["in"], param.get("required")) != (row.field, "path", True):
            self.problems.append(
                f"path parameter: {param['name']} in {param['in']}, page says {row.field} in path, required"
            )
        if self.deref(param["schema"]) != name or self.schemas[name].get("type") != "string":
            self.problems.append(
                f"path parameter {row.field}: schema must be the string schema {name}"
            )

    def check_object(self, name: str, schema: dict[str, Any], table: Table) -> None:
        props: dict[str, Any] = schema.get("properties", {})
        if schema.get("type") != "object":
            self.problems.append(f"{name}: type {schema.get('type')!r}, expected object")
        page_fields = [row.field for row in table.rows]
        for extra in sorted(set(props) - set(page_fields)):
            self.problems.append(f"{name}.{extra}: in the spec, not in table {table.number}")
        for row in table.rows:
            where = f"{name}.{row.field} (table {table.number})"
            prop = props.get(row.field)
            if prop is None:
                self.problems.append(f"{where}: missing from the spec")
                continue
            self.check_type(where, row.field, row.type, prop)
            first_line = row.description.split("\n", 1)[0]
            if _words(first_line) not in _words(prop.get("description", "")):
                self.problems.append(
                    f"{where}: description does not carry the page's text {first_line!r}"
                )

    def check_type(self, where: str, field: str, page_type: str, prop: dict[str, Any]) -> None:
        expected = self.expected_shape(field, page_type)
        actual = self.shape(prop)
        if actual != expected:
            self.problems.append(
                f"{where}: spec type {actual}, page says {page_type!r} -> {expected}"
            )

    def expected_shape(self, field: str, page_type: str) -> str:
        scalars = {"String": "string", "Boolean": "boolean", "Long": "integer/int64"}
        if page_type in scalars:
            return scalars[page_type]
        if page_type == "Integer":
            return "integer/int64" if field in INT64_FIELDS else "integer/int32"
        if page_type == "Array of strings":
            return "array[string]"
        if page_type == "Map<String,String>":
            return "map[string]"
        if page_type == "Array of Map<String,String> objects":
            return "array[map[string]]"
        if page_type == "Array<Array<Integer>>":
            return "array[array[integer/int64]]"
        if match := re.fullmatch(r"Array of (\S+) objects", page_type):
            return f"array[{self.caption_ref(match.group(1))}]"
        if match := re.fullmatch(r"(\S+) object", page_type):
            return self.caption_ref(match.group(1))
        raise ValueError(f"unknown page type {page_type!r}")

    def caption_ref(self, caption: str) -> str:
        return f"ref(table {caption!r})"

    def shape(self, prop: dict[str, Any]) -> str:
        target = self.deref(prop)
        if target is not None:
            return f"ref(table {self.schemas[target].get('x-doc-caption')!r})"
        kind = prop.get("type")
        if kind == "integer":
            return f"integer/{prop.get('format')}"
        if kind == "array":
            return f"array[{self.shape(prop.get('items', {}))}]"
        if kind == "object" and "properties" not in prop:
            return f"map[{self.shape(prop.get('additionalProperties', {}))}]"
        return str(kind)

    def check_placement(self) -> None:
        operation = self.spec["paths"]["/v2/{project_id}/training-job-searches"]["post"]
        for media, content in operation["requestBody"]["content"].items():
            if self.deref(content["schema"]) != self.by_table.get(2):
                self.problems.append(f"request body {media}: must be the schema of table 2")
        ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
        if self.deref(ok) != self.by_table.get(4):
            self.problems.append("response 200: must be the schema of table 4")
