"""The contract against hostile input: bodies nested deeper than an engine can judge, specs
built to hang or crash a YAML parser, and messages that name what is there."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from modelarts_validators import Contract, Kind, SpecError

from tests.support.cli import cli, json_report, ndjson_line, one_line

CONTRACTS = [Contract.load(engine="rs"), Contract.load(engine="python")]


def nested(levels: int) -> bytes:
    """A request body whose ``filters`` array holds arrays ``levels`` deep."""
    return b'{"filters": ' + b"[" * levels + b"]" * levels + b"}"


@pytest.mark.parametrize("contract", CONTRACTS, ids=["rs", "python"])
@pytest.mark.parametrize("levels", [257, 1_000, 1_100])
def test_a_body_too_deep_to_judge_is_a_finding(contract: Contract, levels: int) -> None:
    (finding,) = contract.check_request_body(nested(levels))
    assert finding.kind is Kind.BODY_TOO_DEEP
    assert finding.severity == "error"
    assert finding.message == (
        f"the request body is nested {levels + 1} levels deep, too deep to be judged"
    )


@pytest.mark.parametrize("contract", CONTRACTS, ids=["rs", "python"])
def test_the_deepest_body_judged_is_judged_alike(contract: Contract) -> None:
    kinds = [f.kind for f in contract.check_request_body(nested(256))]
    assert kinds == [Kind.SCHEMA_VIOLATION]


def test_a_deep_body_does_not_stop_the_run(tmp_path: Path) -> None:
    capture = tmp_path / "deep.ndjson"
    lines = [ndjson_line(nested(400).decode()), ndjson_line('{"limit": 51}'), ndjson_line()]
    capture.write_text("\n".join(lines) + "\n")
    for engine in ("rs", "python"):
        run, report = json_report("traffic", "--engine", engine, capture)
        assert run.code == 1
        assert report["summary"]["entries"] == report["summary"]["checked"] == 3
        assert [(f["entry"], f["kind"]) for f in report["findings"]] == [
            (0, "body-too-deep"),
            (1, "schema-violation"),
        ]


def test_messages_name_null_in_the_users_terms() -> None:
    findings = CONTRACTS[0].check_request_body(b'{"limit": null, "order": true}')
    assert [f.message for f in findings] == [
        "expected integer, got null",
        "expected string, got boolean true",
    ]


BOMB = """openapi: 3.1.0
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (BOMB, "expands to more than 1,000,000 values through YAML aliases"),
        ("openapi: 3.1.0\na: " + "[" * 100_000 + "]" * 100_000, "nested deeper than 256 levels"),
        (
            "openapi: 3.1.0\na: " + "{a: " * 3_000 + "1" + "}" * 3_000,
            "nested deeper than 256 levels",
        ),
        (
            "openapi: 3.1.0\n" + "".join(" " * i + "k:\n" for i in range(1_500)),
            "nested too deeply to be read",
        ),
        ("openapi: 3.1.0\n" + " " * 5_000 + "k: 1\n", "indented deeper than 4096 columns"),
    ],
    ids=["alias-bomb", "deep-flow", "deep-mappings", "deep-blocks", "wide-indent"],
)
def test_a_hostile_spec_is_one_line_within_a_second(
    tmp_path: Path, text: str, problem: str
) -> None:
    spec = tmp_path / "hostile.yaml"
    spec.write_text(text)
    started = time.monotonic()
    with pytest.raises(SpecError) as raised:
        Contract.load(spec)
    assert str(raised.value) == f"spec {spec}: {problem}"
    run = cli("--spec", spec, "request", "-", stdin=b"{}")
    assert time.monotonic() - started < 5  # a second each on an idle machine; CI is shared
    assert run.code == 2
    assert one_line(run) == f"modelarts-validate: error: spec {spec}: {problem}"


def test_the_packaged_spec_passes_the_shape_checks() -> None:
    assert Contract.load().spec.operation.path == "/v2/{project_id}/training-job-searches"


# -- integers beyond their format ------------------------------------------------------------


@pytest.mark.parametrize("contract", CONTRACTS, ids=["rs", "python"])
def test_an_integer_beyond_int32_is_an_error_in_a_request_and_drift_in_a_response(
    contract: Contract,
) -> None:
    (request,) = contract.check_request_body(b'{"offset": 2147483648}')
    assert (request.kind, request.severity, request.pointer) == (
        Kind.INTEGER_OUT_OF_RANGE,
        "error",
        "/offset",
    )
    page = b'{"total": 2147483648, "count": 0, "limit": 1, "offset": 0, "items": []}'
    (response,) = contract.check_response(200, {"content-type": "application/json"}, page)
    assert (response.kind, response.severity, response.pointer) == (
        Kind.INTEGER_OUT_OF_RANGE,
        "warning",
        "/total",
    )


@pytest.mark.parametrize("contract", CONTRACTS, ids=["rs", "python"])
@pytest.mark.parametrize(
    ("digits", "named"),
    [(400, "an integer of 400 digits"), (5_000, "an integer of more than 4,300 digits")],
)
def test_an_integer_beyond_a_double_is_judged_not_called_invalid_json(
    contract: Contract, digits: int, named: str
) -> None:
    """orjson refuses a number beyond a double's range; the body is valid JSON all the same."""
    body = b'{"offset": ' + b"9" * digits + b"}"
    (finding,) = contract.check_request_body(body)
    assert (finding.kind, finding.severity, finding.pointer) == (
        Kind.INTEGER_OUT_OF_RANGE,
        "error",
        "/offset",
    )
    assert finding.message == f"{named} is outside the int32 range [-2147483648, 2147483647]"


def test_the_json_report_names_an_integer_too_long_to_keep(tmp_path: Path) -> None:
    capture = tmp_path / "long.ndjson"
    capture.write_text(ndjson_line('{"offset": ' + "9" * 5_000 + "}") + "\n")
    run, report = json_report("traffic", capture)
    assert run.code == 1
    (finding,) = report["findings"]
    assert finding["actual"] == "an integer of more than 4,300 digits"
