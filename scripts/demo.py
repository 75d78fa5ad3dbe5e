"""`make demo`: the contract at work on built-in data.

Validates the page's own example request and response (embedded in the spec) against their
schemas, then shows what a broken request looks like.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC = Path(__file__).resolve().parent.parent / "openapi" / "training-job-searches.yaml"


def main() -> int:
    doc: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    registry: Registry[Any] = Registry().with_resource("urn:spec", DRAFT202012.create_resource(doc))
    examples = doc["components"]["examples"]

    def check(schema: str, body: Any) -> list[str]:
        validator = Draft202012Validator(
            {"$ref": f"urn:spec#/components/schemas/{schema}"}, registry=registry
        )
        return [
            "/" + "/".join(map(str, e.absolute_path)) + f": {e.message}"
            for e in validator.iter_errors(body)
        ]

    failures = 0
    for name, schema in [
        ("ListTrainingJobsRequest", "JobSearches"),
        ("ListTrainingJobsResponse", "ListTrainingJobsResponse"),
    ]:
        problems = check(schema, examples[name]["value"])
        failures += len(problems)
        print(f"page example {name} against {schema}: {'conforms' if not problems else 'FAILS'}")
        for problem in problems:
            print(f"  {problem}")
    broken = {"limit": 51, "order": "up"}
    print(f"a broken request {broken}:")
    for problem in check("JobSearches", broken):
        print(f"  {problem}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
