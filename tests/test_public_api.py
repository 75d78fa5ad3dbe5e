"""The public API of ``modelarts_validators`` is exactly ``__all__``: adding or removing a name is
a deliberate change, made here too (as httpx's ``tests/test_exported_members.py`` guards its own)."""

from __future__ import annotations

import inspect
import types
from typing import get_args

import modelarts_validators
from modelarts_validators import Contract

EXPORTED = {
    "AsyncContractTransport",
    "CaptureError",
    "Contract",
    "ContractTransport",
    "ContractViolation",
    "ContractWarning",
    "DRIFT_KINDS",
    "Engine",
    "Exchange",
    "Finding",
    "Kind",
    "Request",
    "Response",
    "Severity",
    "Side",
    "SpecError",
    "Unreadable",
    "check_capture",
    "iter_records",
    "validate_request_body",
    "validate_response",
}


def test_all_is_the_public_api() -> None:
    assert set(modelarts_validators.__all__) == EXPORTED
    assert len(modelarts_validators.__all__) == len(EXPORTED)


def test_every_public_name_of_the_package_is_exported() -> None:
    # dir(), not vars(): the package imports its names on first use (PEP 562), and its
    # __dir__ lists them whether or not they have been used yet
    public = {
        name
        for name in dir(modelarts_validators)
        if not name.startswith("_")
        and not isinstance(getattr(modelarts_validators, name), types.ModuleType)
    }
    assert public == EXPORTED


def test_exported_members_are_importable_and_documented() -> None:
    for name in modelarts_validators.__all__:
        member = getattr(modelarts_validators, name)
        if inspect.isclass(member) or inspect.isfunction(member):
            assert member.__doc__, name


def test_the_contract_api() -> None:
    load = inspect.signature(Contract.load)
    assert list(load.parameters) == ["spec", "engine", "strict", "servers", "fast"]
    assert load.parameters["fast"].kind is inspect.Parameter.KEYWORD_ONLY
    assert load.parameters["fast"].default is True
    assert load.parameters["engine"].kind is inspect.Parameter.KEYWORD_ONLY
    assert load.parameters["strict"].kind is inspect.Parameter.KEYWORD_ONLY
    assert load.parameters["servers"].kind is inspect.Parameter.KEYWORD_ONLY
    assert get_args(modelarts_validators.Engine) == ("rs", "python")
    for method in (
        "check_request_body",
        "check_request",
        "check_response",
        "check_exchange",
        "match",
    ):
        assert callable(getattr(Contract, method)), method


def test_check_capture_agrees_with_the_command_line() -> None:
    """The library's whole-capture check sees what `modelarts-validate traffic` reports."""
    import io
    import json
    from pathlib import Path

    from modelarts_validators.cli import main

    capture = Path(__file__).parent / "data" / "traffic" / "invalid" / "violations.har"
    out = io.StringIO()
    assert main(["traffic", "--format", "json", str(capture)], out, io.StringIO()) == 1
    summary = json.loads(out.getvalue())["summary"]
    results = list(modelarts_validators.check_capture([str(capture)]))
    assert len(results) == summary["entries"]
    checked = [findings for _, findings in results if findings is not None]
    assert len(checked) == summary["checked"]
    unreadable = [r for r, _ in results if isinstance(r, modelarts_validators.Unreadable)]
    assert len(unreadable) == summary["unreadable"]
    assert sum(1 for findings in checked if not findings) == summary["conforming"]
    by_kind: dict[str, int] = {}
    for findings in checked:
        for finding in findings:
            by_kind[finding.kind.value] = by_kind.get(finding.kind.value, 0) + 1
    by_kind_reported = {k: v for k, v in summary["by_kind"].items() if k != "unreadable"}
    assert by_kind == by_kind_reported
