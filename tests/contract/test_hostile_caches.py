"""What the checks remember between exchanges stays small whatever the capture holds: the caches
of Content-Types, messages, pointers and fingerprints keep short texts only, so a capture of
distinct huge header values, field names or values does not stay in memory once checked."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
import yaml
from modelarts_validators import Contract, Exchange, Request, Response, check_capture
from modelarts_validators.contract.redact import redact_url
from modelarts_validators.contract.short_cache import LONGEST, short, short_cache
from modelarts_validators.report.json import finding_json
from modelarts_validators.report.overlay import UNRECORDED, suggestion_overlay
from modelarts_validators.run.coverage import counting, plan_for

from tests.support.page_tables import SPEC

URL = "https://modelarts.cn-north-4.myhuaweicloud.com/v2/0a1b2c3d4e5f/training-job-searches"
TOKEN = {"x-auth-token": "[REDACTED]"}
RESPONSE = b'{"total": 0, "count": 0, "items": []}'
#: Each huge text: big enough that 24 of them kept would show (24 MiB).
HUGE = 1 << 20
RECORDS = 24


def hostile(index: int) -> Exchange:
    """An exchange whose Content-Types, undocumented field name and undocumented value are all
    huge and its own."""
    filler = f"{index:04d}" + "a" * HUGE
    request = Request(
        headers={"content-type": f"application/json; x={filler}", **TOKEN},
        body=orjson.dumps({"limit": 10, f"name-{filler}": 1, "sort_by": f"v{filler}"}),
        url=URL,
    )
    response = Response(
        headers={"content-type": f"application/json; y={filler}"}, body=RESPONSE, status=200
    )
    return Exchange(request, response, entry=index, source="hostile")


def kept(work: Callable[[int], object], times: int = RECORDS) -> int:
    """Bytes still allocated after ``work(0)`` ... ``work(times - 1)``, each run while memory is
    traced (what each call made and dropped is gone; what the checks keep stays)."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for index in range(times):
            work(index)
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def check_and_report(contract: Contract, index: int) -> int:
    """The bytes of the JSON report lines of a hostile exchange's findings."""
    findings = contract.check_exchange(hostile(index)) or []
    return sum(len(orjson.dumps(finding_json(f.origin, f))) for f in findings)


def test_huge_distinct_texts_are_not_kept_by_the_checks() -> None:
    contract = Contract.load()
    check_and_report(contract, -1)  # (warm: what a first check makes once)
    reported: list[int] = []
    assert kept(lambda index: reported.append(check_and_report(contract, index))) < 4 * HUGE
    assert sum(reported) > RECORDS * HUGE  # (the huge texts were read and reported)


def test_a_capture_of_huge_distinct_texts_is_not_kept(tmp_path: Path) -> None:
    capture = tmp_path / "hostile.ndjson"
    with capture.open("wb") as out:
        for i in range(RECORDS):
            each = hostile(1000 + i)  # (texts no other test has checked)
            line = {
                "request": {
                    "method": "POST",
                    "url": URL,
                    "headers": each.request.headers,
                    "body": (each.request.body or b"").decode(),
                },
                "response": {"status": 200, "headers": each.response.headers, "body": "{}"}
                if each.response
                else None,
            }
            out.write(orjson.dumps(line) + b"\n")
    checked: list[bool] = []

    def check(_: int) -> None:
        checked.extend(findings is not None for _, findings in check_capture([str(capture)]))

    assert kept(check, times=1) < 4 * HUGE
    assert checked == [True] * RECORDS


def typed(index: int, text: str | None = None) -> Exchange:
    """A conforming exchange whose only large texts are its Content-Types, its own (``text``:
    huge by default)."""
    filler = f"typed-{index:04d}" + ("a" * HUGE if text is None else text)
    request = Request(
        headers={"content-type": f"application/json; x={filler}", **TOKEN},
        body=b'{"limit": 10}',
        url=URL,
    )
    response = Response(
        headers={"content-type": f"application/json; y={filler}"}, body=RESPONSE, status=200
    )
    return Exchange(request, response, entry=index, source="hostile")


def test_coverage_does_not_keep_huge_distinct_content_types() -> None:
    contract = Contract.load()
    tally = plan_for(contract).tally()
    check = counting(contract, tally)
    check(typed(-1))

    def conforms(index: int) -> None:
        assert check(typed(index)) == []

    assert kept(conforms) < 4 * HUGE
    tally.drain()  # (a tally's counts are complete once drained)
    assert tally.exchanges == RECORDS + 1


def test_a_call_with_a_long_text_is_made_uncached() -> None:
    calls: list[tuple[object, ...]] = []

    @short_cache(maxsize=8, longest=4)
    def joined(*parts: object) -> str:
        calls.append(parts)
        return "".join(map(str, parts))

    assert joined("ab", 1) == joined("ab", 1) == "ab1"
    assert joined("abcde") == joined("abcde") == "abcde"
    assert joined(b"abcde", "x") == joined(b"abcde", "x")
    assert calls == [("ab", 1), ("abcde",), ("abcde",), (b"abcde", "x"), (b"abcde", "x")]
    assert joined.cache_info().currsize == 1
    assert joined.__wrapped__("x") == "x"
    assert len(calls) == 6
    joined.cache_clear()
    assert joined.cache_info().currsize == 0

    @short_cache(maxsize=8, longest=4)
    def named(text: str, *, suffix: str = "") -> str:
        calls.append((text, suffix))
        return text + suffix

    assert named("a", suffix="b") == named("a", suffix="b") == "ab"
    assert named("a", suffix="bcdef") == named("a", suffix="bcdef") == "abcdef"
    assert calls[-3:] == [("a", "b"), ("a", "bcdef"), ("a", "bcdef")]
    wide = "\U0001f600"  # (a str that is not ASCII is kept up to a quarter: here, one)
    assert named(wide) == named(wide)
    assert named(wide * 2) == named(wide * 2)
    assert calls[-3:] == [(wide, ""), (wide * 2, ""), (wide * 2, "")]


def check_huge_url(contract: Contract, index: int) -> None:
    """A request with a huge query parameter, one with a huge project id, and a huge URL of
    other traffic, each its own (``index``)."""
    filler = f"url-{index:04d}" + "a" * HUGE
    queried = Exchange(
        Request(
            headers={"content-type": "application/json", **TOKEN},
            body=b'{"limit": 10}',
            url=f"{URL}?{filler}=1",
        ),
        Response(headers={"content-type": "application/json"}, body=RESPONSE, status=200),
    )
    (finding,) = contract.check_exchange(queried) or []
    assert finding.kind == "undocumented-parameter"
    named = Exchange(Request(url=URL.replace("0a1b2c3d4e5f", filler)), None)
    assert "invalid-path-parameter" in {f.kind for f in contract.check_exchange(named) or []}
    other = f"https://gw.example.com/{filler}/v2/p/training-job-searches/x"
    assert redact_url(f"{other}?{filler}=1&token=2").endswith("token=[REDACTED]")
    assert contract.match("POST", other) is None
    assert contract.near_miss("POST", other) is None


def test_huge_distinct_urls_are_not_kept() -> None:
    contract = Contract.load()
    check_huge_url(contract, -1)
    assert kept(lambda index: check_huge_url(contract, index)) < 4 * HUGE


@pytest.mark.parametrize("width", [LONGEST // 4 - len("application/json; x=typed-0000"), 1000])
def test_many_distinct_wide_content_types_are_not_kept(width: int) -> None:
    """Content-Types of wide characters (four bytes each), each its own, as long as a cache
    keeps (``short``: a quarter of ``LONGEST``) and well beyond it (1000): what is kept stays
    small either way."""
    contract = Contract.load()
    contract.fast_path()
    contract.check_exchange(typed(-1))

    def conforms(index: int) -> None:
        each = typed(index, "\U0001f600" * width)
        assert short(each.request.headers["content-type"]) == (width < 1000)
        assert contract.check_exchange(each) == []

    assert kept(conforms, times=3000) < 4 * HUGE


def test_huge_valid_path_parameters_are_not_kept(tmp_path: Path) -> None:
    """A spec whose project id has no length limit: every huge one is valid, and not kept."""
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    del document["components"]["schemas"]["ProjectId"]["maxLength"]
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(document), encoding="utf-8")
    contract = Contract.load(spec)
    check_project(contract, -1)
    assert kept(lambda index: check_project(contract, index)) < 4 * HUGE


def check_project(contract: Contract, index: int) -> None:
    project = f"p{index:04d}" + "a" * HUGE
    each = Exchange(Request(headers=dict(TOKEN), url=URL.replace("0a1b2c3d4e5f", project)), None)
    kinds = [f.kind for f in contract.check_exchange(each) or []]
    assert kinds == ["body-not-captured", "body-not-captured"]  # (the project id is valid)


def test_coverage_does_not_keep_huge_distinct_undocumented_names_and_values() -> None:
    contract = Contract.load()
    plan = plan_for(contract)
    tally = plan.tally()
    check = counting(contract, tally)
    check(hostile(-1))
    assert kept(lambda index: check(hostile(index))) < 4 * HUGE
    # each exchange's huge undocumented name, and its huge undocumented value, counted unlisted
    assert (tally.unrecorded_fields, tally.unrecorded_values) == (RECORDS + 1, RECORDS + 1)
    assert not tally.observed_fields
    assert not tally.observed_values
    overlay = suggestion_overlay(plan, tally)
    assert overlay["x-unrecorded"] == {
        "fields": RECORDS + 1,
        "values": RECORDS + 1,
        "description": UNRECORDED,
    }
