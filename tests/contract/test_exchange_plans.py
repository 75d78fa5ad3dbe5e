"""``Contract.check_exchange``'s plans: what is judged of an exchange besides its bodies is
worked out once per request line, credentials, status and Content-Types, and an exchange with
a plan only has its bodies judged. Its findings are always those of the checks step by step
(``fast=False``, which never plans), for every exchange, the first time a key is seen and
after."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import pytest
from modelarts_validators import Contract, Exchange, Finding, Request, Response
from modelarts_validators.contract import contract as contract_module
from modelarts_validators.contract.findings import Kind
from modelarts_validators.contract.short_cache import LONGEST

from tests.support.captures import bench_capture_300, records_of
from tests.support.contract import DOC

EXAMPLES = DOC["components"]["examples"]
REQUEST = orjson.dumps(EXAMPLES["ListTrainingJobsRequest"]["value"])
RESPONSE = orjson.dumps(EXAMPLES["ListTrainingJobsResponse"]["value"])
URL = "https://modelarts.cn-north-4.myhuaweicloud.com/v2/0a1b2c3d4e5f/training-job-searches"
JSON = {"content-type": "application/json"}
TOKEN = {"x-auth-token": "[REDACTED]"}

#: The checks step by step: no fast path, so no plan.
STEPWISE = Contract.load(fast=False)


def exchange(
    url: str = URL,
    body: bytes | None = REQUEST,
    *,
    request_headers: dict[str, str] | None = None,
    status: int = 200,
    response_body: bytes | None = RESPONSE,
    response_headers: dict[str, str] | None = None,
    entry: int = 7,
) -> Exchange:
    request = Request(
        headers={**JSON, **TOKEN} if request_headers is None else request_headers,
        body=body,
        url=url,
    )
    response = Response(
        headers=dict(JSON) if response_headers is None else response_headers,
        body=response_body,
        status=status,
    )
    return Exchange(request, response, entry=entry, source="capture.ndjson")


def warmed() -> Contract:
    """A contract whose fast path is translated, as it is after its first few bodies."""
    contract = Contract.load()
    contract.fast_path()
    return contract


def drifted(body: bytes) -> bytes:
    value: dict[str, Any] = orjson.loads(body)
    value["undocumented_field"] = 1
    return orjson.dumps(value)


def broken_request() -> bytes:
    value: dict[str, Any] = orjson.loads(REQUEST)
    value["limit"] = "ten"
    return orjson.dumps(value)


#: Exchanges sharing the conforming exchange's key but not its bodies, then exchanges whose key
#: has a finding of its own (never planned), each against the checks step by step.
VARIANTS: dict[str, Exchange] = {
    "conforming": exchange(),
    "a request body with a violation": exchange(body=broken_request()),
    "a drifted response body": exchange(response_body=drifted(RESPONSE)),
    "both bodies wrong": exchange(body=broken_request(), response_body=drifted(RESPONSE)),
    "a response body that is not JSON": exchange(response_body=b'{"total": '),
    "a request body that is not JSON": exchange(body=b"<html>"),
    "no credentials": exchange(request_headers=dict(JSON)),
    "an undocumented query parameter": exchange(url=URL + "?debug=1"),
    "an invalid project id": exchange(url=URL.replace("0a1b2c3d4e5f", "bad id!")),
    "an undocumented status": exchange(status=302),
    "a documented error status": exchange(
        status=404,
        response_body=b'{"error_code": "ModelArts.0001", "error_msg": "not found"}',
    ),
    "an error body that does not conform": exchange(status=500, response_body=b'{"code": 1}'),
    "a wrong request Content-Type": exchange(
        request_headers={"content-type": "text/plain", **TOKEN}
    ),
    "no response Content-Type": exchange(response_headers={}),
    "a Content-Type with a charset": exchange(
        request_headers={"content-type": "application/json;charset=utf-8", **TOKEN}
    ),
    "an empty response body": exchange(response_body=b""),
    "a response body not captured": exchange(response_body=None),
    "a request of other traffic": exchange(url=URL.replace("training-job-searches", "jobs")),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_each_exchange_first_and_planned_is_judged_as_step_by_step(name: str) -> None:
    contract = warmed()
    expected = STEPWISE.check_exchange(VARIANTS[name])
    assert contract.check_exchange(VARIANTS[name]) == expected  # the key seen for the first time
    assert contract.check_exchange(VARIANTS[name]) == expected  # then planned (or not)


def test_exchanges_sharing_a_planned_key_each_get_their_own_findings() -> None:
    contract = warmed()
    for _ in range(2):
        for name, each in VARIANTS.items():
            assert contract.check_exchange(each) == STEPWISE.check_exchange(each), name


def test_findings_of_a_planned_exchange_say_where_it_came_from() -> None:
    contract = warmed()
    contract.check_exchange(exchange())
    findings = contract.check_exchange(exchange(response_body=drifted(RESPONSE), entry=41))
    assert findings
    assert {(f.origin.source, f.origin.entry) for f in findings} == {("capture.ndjson", 41)}
    assert {(f.origin.method, f.origin.url) for f in findings} == {("POST", URL)}


def test_a_planned_exchange_has_only_its_bodies_judged(monkeypatch: pytest.MonkeyPatch) -> None:
    contract = warmed()
    assert contract.check_exchange(exchange()) == []

    def stepwise(*arguments: Any) -> list[Finding]:
        raise AssertionError("checked step by step")

    monkeypatch.setattr(contract, "_request", stepwise)
    monkeypatch.setattr(contract, "_response", stepwise)
    assert contract.check_exchange(exchange(entry=8)) == []
    drifting = exchange(response_body=drifted(RESPONSE), entry=9)
    assert contract.check_exchange(drifting) == STEPWISE.check_exchange(drifting)


def test_a_key_with_a_finding_of_its_own_is_never_planned(monkeypatch: pytest.MonkeyPatch) -> None:
    contract = warmed()
    unplanned = [
        "no credentials",
        "an undocumented query parameter",
        "an invalid project id",
        "an undocumented status",
        "a wrong request Content-Type",
        "no response Content-Type",
    ]
    for name in unplanned:
        contract.check_exchange(VARIANTS[name])
    assert len(contract._plans) == len(unplanned)
    assert set(contract._plans.values()) == {None}
    steps: list[str] = []
    original = contract._request

    def counted(*arguments: Any) -> list[Finding]:
        steps.append("request")
        return original(*arguments)

    monkeypatch.setattr(contract, "_request", counted)
    for name in unplanned:
        assert contract.check_exchange(VARIANTS[name]) == STEPWISE.check_exchange(VARIANTS[name])
    assert len(steps) == len(unplanned)


def test_plans_are_kept_for_at_most_so_many_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(contract_module, "_PLANS", 3)
    contract = warmed()
    for project in range(6):
        each = exchange(url=URL.replace("0a1b2c3d4e5f", f"project{project}"))
        for _ in range(2):
            assert contract.check_exchange(each) == [] == STEPWISE.check_exchange(each)
    assert len(contract._plans) == 3


def test_other_traffic_is_not_kept_as_a_plan() -> None:
    contract = warmed()
    other = exchange(url=URL.replace("training-job-searches", "jobs"))
    assert contract.check_exchange(other) is None
    assert contract._plans == {}


@pytest.mark.parametrize(
    ("width", "kept"),
    [
        (LONGEST - len("POST") - len(URL) - 2 * len("application/json; x="), True),
        (LONGEST - len("POST") - len(URL) - 2 * len("application/json; x=") + 1, False),
    ],
)
def test_a_key_of_at_most_longest_characters_is_kept(width: int, kept: bool) -> None:
    contract = warmed()
    half, rest = divmod(width, 2)
    sent = {"content-type": "application/json; x=" + "a" * (half + rest), **TOKEN}
    each = exchange(
        request_headers=sent, response_headers={"content-type": "application/json; x=" + "b" * half}
    )
    for _ in range(2):
        assert contract.check_exchange(each) == STEPWISE.check_exchange(each) == []
    assert len(contract._plans) == kept


def test_a_key_of_wide_characters_is_kept_up_to_a_quarter() -> None:
    """A text that is not ASCII takes up to four bytes a character: kept up to LONGEST // 4."""
    contract = warmed()
    for width, kept in ((LONGEST // 4 - len("application/json; x="), 1), (LONGEST // 4, 1)):
        sent = {"content-type": "application/json; x=" + "\U0001f600" * width, **TOKEN}
        each = exchange(request_headers=sent)
        assert contract.check_exchange(each) == STEPWISE.check_exchange(each)
        assert len(contract._plans) == kept


def test_an_observing_contract_plans_apart_from_the_one_it_was_made_of() -> None:
    contract = warmed()
    contract.check_exchange(exchange())
    seen: list[tuple[str, Any]] = []
    observing = contract.observing(lambda side, location, value: seen.append((side, value)))
    assert observing._plans == {}
    assert contract._plans
    assert observing.check_exchange(exchange()) == []
    assert [side for side, _ in seen] == ["request", "response"]  # parsed and observed, not judged
    assert observing.check_exchange(exchange()) == []
    assert len(seen) == 4


def telling(contract: Contract) -> tuple[Contract, list[tuple[str, Any]]]:
    """An observing contract whose bodies are judged by plain judges (so its exchanges are
    planned), and what it tells: ("told", entry) for ``checked``, (side, value) observed."""
    from modelarts_validators.contract.judge import judge_of

    events: list[tuple[str, Any]] = []
    observing = contract.observing(
        lambda side, location, value: events.append((side, value)),
        judging=lambda side, location, kind: judge_of(kind),
        checked=lambda each: events.append(("told", each.entry)),
    )
    return observing, events


def test_an_observing_contract_counts_its_conforming_planned_exchanges_and_tells_the_rest() -> None:
    observing, events = telling(warmed())
    for entry in range(3):  # the first one plans its key; every one is judged by its plan
        assert observing.check_exchange(exchange(entry=entry)) == []
    assert observing._plans  # (planned, or nothing here is tested)
    assert observing.check_exchange(exchange(body=broken_request(), entry=10))
    assert observing.check_exchange(exchange(response_body=drifted(RESPONSE), entry=11))
    both = exchange(body=broken_request(), response_body=drifted(RESPONSE), entry=12)
    assert observing.check_exchange(both)
    assert observing.check_exchange(exchange(response_body=b"", entry=13)) is not None
    assert observing.check_exchange(exchange(url=URL + "?debug=1", entry=14))
    charset = {"content-type": "application/json;charset=utf-8", **TOKEN}
    for entry in (20, 21):
        assert observing.check_exchange(exchange(request_headers=charset, entry=entry)) == []
    other_traffic = exchange(url=URL.replace("training-job-searches", "jobs"), entry=15)
    assert observing.check_exchange(other_traffic) is None
    # told: each exchange with a finding, once, and each one checked step by step; never the
    # conforming planned ones, nor other traffic
    assert [e for e in events if e[0] == "told"] == [("told", n) for n in (10, 11, 12, 13, 14)]
    assert sorted(observing.checked_counts()) == [
        (("application/json", 200, "application/json"), 3),
        (("application/json;charset=utf-8", 200, "application/json"), 2),
    ]
    assert observing.checked_counts() == []  # handed back once
    assert observing.check_exchange(exchange(entry=30)) == []
    assert observing.checked_counts() == [(("application/json", 200, "application/json"), 1)]


def test_an_exchange_is_told_before_its_bodies_are_observed() -> None:
    observing, events = telling(warmed())
    observing.check_exchange(exchange())  # (plans the key)
    twice = b'{"limit": 10, "limit": 10}'  # (a key twice: refused, parsed and observed)
    assert observing.check_exchange(exchange(body=twice, entry=40)) is not None
    assert observing.check_exchange(exchange(response_body=b"", body=twice, entry=41)) is not None
    assert [e[0] if e[0] != "told" else e for e in events] == [
        ("told", 40),
        "request",
        ("told", 41),
        "request",
    ]


def test_an_exchange_with_a_status_of_another_type_is_a_type_error_before_it_is_told() -> None:
    observing, events = telling(warmed())
    assert observing.check_exchange(exchange()) == []
    status: Any
    for status in ("200", None):
        bad = exchange(response_body=RESPONSE, entry=50)
        assert bad.response is not None
        bad = Exchange(bad.request, replace(bad.response, status=status), entry=50)
        with pytest.raises(TypeError, match="a response status is an int"):
            observing.check_exchange(bad)
    assert not [e for e in events if e[0] == "told"]


def test_a_contract_observing_without_checked_counts_nothing_aside() -> None:
    from modelarts_validators.contract.judge import judge_of

    observing = warmed().observing(
        lambda side, location, value: None, judging=lambda side, location, kind: judge_of(kind)
    )
    for entry in range(3):
        assert observing.check_exchange(exchange(entry=entry)) == []
    assert observing._plans
    assert observing.checked_counts() == []
    assert warmed().checked_counts() == []


@pytest.fixture(scope="module")
def capture(request: pytest.FixtureRequest) -> dict[str, Path]:
    return bench_capture_300(request)


@pytest.mark.parametrize("fmt", ["har", "ndjson"])
def test_a_capture_is_judged_as_step_by_step(capture: dict[str, Path], fmt: str) -> None:
    contract = warmed()
    exchanges = records_of(capture[fmt])
    expected = [STEPWISE.check_exchange(each) for each in exchanges]
    assert [contract.check_exchange(each) for each in exchanges] == expected
    assert any(contract._plans.values())  # the usual exchange was planned
    assert sum(bool(f) for f in expected if f is not None) > 30  # violations and drift too


def test_a_key_too_long_to_keep_is_checked_step_by_step() -> None:
    contract = warmed()
    long_url = URL.replace("0a1b2c3d4e5f", "p" * 4096)  # (an invalid project id: too long)
    long_type = {"content-type": "application/json;" + " " * 4096, **TOKEN}
    drifting = exchange(request_headers=long_type, response_body=drifted(RESPONSE))
    for each in (exchange(url=long_url), exchange(request_headers=long_type), drifting):
        for _ in range(2):
            assert contract.check_exchange(each) == STEPWISE.check_exchange(each)
    assert contract._plans == {}
    assert STEPWISE.check_exchange(drifting)  # (the long Content-Type is still JSON)


def test_a_status_of_another_type_never_shares_a_plan() -> None:
    """``200.0 == 200``, but the checks look a status up by its text: "200.0" is undocumented."""
    contract = warmed()
    for status in (200, 200.0, 404, 404.0):
        body = RESPONSE if int(status) == 200 else b'{"error_code": "X", "error_msg": "y"}'
        each = exchange(status=status, response_body=body)  # type: ignore[arg-type]
        for _ in range(2):
            assert contract.check_exchange(each) == STEPWISE.check_exchange(each)
    assert STEPWISE.check_exchange(exchange(status=200.0))  # type: ignore[arg-type]


def _with_bodies(request_body: Any, response_body: Any, status: Any = 200) -> Exchange:
    return Exchange(
        Request({**JSON, **TOKEN}, request_body, url=URL),
        Response(dict(JSON), response_body, status),
        entry=3,
    )


@pytest.mark.parametrize(
    "contract", [STEPWISE, Contract.load(), warmed()], ids=["stepwise", "cold", "warm"]
)
def test_a_body_given_as_text_is_its_utf8_bytes_on_every_path(contract: Contract) -> None:
    # the library's Request/Response take bytes; a str (a client's decoded text) is judged as
    # its UTF-8 bytes, the same before and after the fast path is translated and planned
    for _ in range(3):
        as_text = contract.check_exchange(_with_bodies(REQUEST.decode(), RESPONSE.decode()))
        assert as_text == contract.check_exchange(_with_bodies(REQUEST, RESPONSE)) == []
        broken = broken_request()
        found = contract.check_exchange(_with_bodies(broken.decode(), RESPONSE.decode()))
        assert found == STEPWISE.check_exchange(_with_bodies(broken, RESPONSE))
        assert found  # ("ten" is not an integer)
    lone = contract.check_exchange(_with_bodies('{"limit": "\ud800"}', RESPONSE))
    assert lone is not None
    assert [f.kind for f in lone] == [Kind.INVALID_JSON]


@pytest.mark.parametrize(
    "contract", [STEPWISE, Contract.load(), warmed()], ids=["stepwise", "cold", "warm"]
)
def test_a_body_or_status_of_another_type_is_a_type_error_naming_it(contract: Contract) -> None:
    for request_body, response_body, what in (
        (5, RESPONSE, "the request body is bytes (or None), not int"),
        (REQUEST, {"total": 0}, "the response body is bytes (or None), not dict"),
    ):
        with pytest.raises(TypeError, match=re.escape(what)):
            contract.check_exchange(_with_bodies(request_body, response_body))
    with pytest.raises(TypeError, match=re.escape("a response status is an int, not str '200'")):
        contract.check_exchange(_with_bodies(REQUEST, RESPONSE, "200"))
