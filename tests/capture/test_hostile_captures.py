"""Hostile captures: nesting deeper than a parser builds, integers longer than Python converts,
empty bodies as HAR writes them. A record that cannot be read is ``unreadable`` and the run goes
on; every record is counted."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from modelarts_validators.capture import json_stream
from modelarts_validators.capture.errors import CaptureError
from modelarts_validators.capture.har import har_records
from modelarts_validators.capture.records import Unreadable
from modelarts_validators.contract.model import Exchange

from tests.support.cli import URL, cli, json_report

OK: dict[str, Any] = {
    "request": {"method": "POST", "url": URL, "postData": {"text": "{}"}},
    "response": {"status": 200},
}


def har(*entries: str, before: str = "") -> bytes:
    return ('{"log": {' + before + '"entries": [' + ",".join(entries) + "]}}").encode()


def records(data: bytes) -> list[Exchange | Unreadable]:
    return list(har_records(io.BytesIO(data), "t.har"))


def deep(levels: int) -> str:
    return "[" * levels + '"]}{[\\""' + "]" * levels


@pytest.mark.parametrize("levels", [1_000, 5_000])
def test_an_entry_nested_too_deeply_is_unreadable_and_the_run_goes_on(levels: int) -> None:
    entry = '{"request": {"method": "POST", "url": "u"}, "ignored": ' + deep(levels) + "}"
    found = records(har(json.dumps(OK), entry, json.dumps(OK)))
    assert [type(r).__name__ for r in found] == ["Exchange", "Unreadable", "Exchange"]
    assert found[1] == Unreadable(1, "the entry is nested too deeply to be read", "t.har")
    assert isinstance(found[2], Exchange)
    assert found[2].entry == 2


def test_a_deep_value_outside_the_entries_is_stepped_over() -> None:
    found = records(har(json.dumps(OK), before='"pages": ' + deep(3_000) + ", "))
    assert [type(r).__name__ for r in found] == ["Exchange"]


def test_stepping_over_a_deep_entry_reads_on_across_many_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(json_stream, "READ_SIZE", 64)
    monkeypatch.setattr(json_stream, "_LOOKAHEAD", 16)
    text = '"' + 'x\\"' * 50 + '"'  # escaped quotes cut by the reads
    entry = (
        '{"request": {"method": "POST", "url": "u"}, "x": ' + "[" * 2_000 + text + "]" * 2_000 + "}"
    )
    found = records(har(entry, json.dumps(OK)))
    assert [type(r).__name__ for r in found] == ["Unreadable", "Exchange"]


def test_a_truncated_deep_entry_is_still_a_truncated_document() -> None:
    data = har('{"request": {"method": "POST", "url": "u"}, "x": ' + "[" * 2_000)[:-3]
    with pytest.raises(CaptureError, match="truncated"):
        records(data)


def test_an_integer_longer_than_python_converts_is_read() -> None:
    digits = "9" * 4_301
    ignored = '{"request": {"method": "POST", "url": "u"}, "n": -' + digits + "}"
    used = '{"request": {"method": "POST", "url": "u"}, "response": {"status": ' + digits + "}}"
    found = records(har(ignored, used, json.dumps(OK)))
    assert [type(r).__name__ for r in found] == ["Exchange", "Unreadable", "Exchange"]
    assert isinstance(found[1], Unreadable)
    assert found[1].message == "response.status must be an integer"


def test_har_bodies_sent_empty_are_empty_not_uncaptured(tmp_path: Path) -> None:
    """HAR 1.2 makes postData optional: ``bodySize: 0`` or ``Content-Length: 0`` is an empty
    body, as the same traffic in NDJSON is; only a body sent but not kept is not captured."""
    page = json.dumps({"total": 0, "count": 0, "limit": 10, "offset": 0, "items": []})
    json_headers = [{"name": "Content-Type", "value": "application/json"}]
    token = [{"name": "X-Auth-Token", "value": "t"}]
    response = {"status": 200, "headers": json_headers, "content": {"text": page}}
    entries = [
        {
            "request": {"method": "POST", "url": URL, "bodySize": 0, "headers": token},
            "response": response,
        },
        {
            "request": {
                "method": "POST",
                "url": URL,
                "bodySize": -1,
                "headers": [{"name": "Content-Length", "value": "0"}, *token],
            },
            "response": response,
        },
        {
            "request": {"method": "POST", "url": URL, "bodySize": 12, "headers": token},
            "response": response,
        },
        {
            "request": {"method": "POST", "url": URL, "bodySize": 0, "headers": token},
            "response": {"status": 200, "bodySize": 0, "content": {"size": 0}},
        },
    ]
    capture = tmp_path / "empty-bodies.har"
    capture.write_text(json.dumps({"log": {"entries": entries}}))
    run, report = json_report("traffic", capture)
    assert run.code == 1
    kinds = [(f["entry"], f["side"], f["kind"]) for f in report["findings"]]
    assert kinds == [(2, "request", "body-not-captured"), (3, "response", "missing-body")]


# -- records larger than --max-record-size ---------------------------------------------------


def long_records(tmp_path: Path) -> tuple[Path, Path]:
    """The same three exchanges as HAR and as NDJSON, the middle one with a 300 KB body."""
    big = {
        "request": {
            "method": "POST",
            "url": URL,
            "postData": {"text": '{"x": "' + "a" * 300_000 + '"}'},
        },
        "response": {"status": 200},
    }
    har_path, ndjson_path = tmp_path / "long.har", tmp_path / "long.ndjson"
    har_path.write_text(json.dumps({"log": {"entries": [OK, big, OK]}}))
    lines = [
        {"request": {"method": "POST", "url": URL, "body": "{}"}, "response": None},
        {"request": {"method": "POST", "url": URL, "body": "a" * 300_000}, "response": None},
        {"request": {"method": "POST", "url": URL, "body": "{}"}, "response": None},
    ]
    ndjson_path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return har_path, ndjson_path


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_record_larger_than_the_limit_is_unreadable_and_the_run_goes_on(
    tmp_path: Path, jobs: str
) -> None:
    har_path, ndjson_path = long_records(tmp_path)
    for capture, what in ((har_path, "the entry is"), (ndjson_path, "line 2 is")):
        _, report = json_report("traffic", "--jobs", jobs, "--max-record-size", "64K", capture)
        summary = report["summary"]
        assert (summary["entries"], summary["checked"], summary["unreadable"]) == (3, 2, 1)
        (unreadable,) = [f for f in report["findings"] if f["kind"] == "unreadable"]
        assert unreadable["entry"] == 1
        assert unreadable["message"] == f"{what} larger than 65,536 bytes (--max-record-size)"
        _, default = json_report("traffic", "--jobs", jobs, capture)  # 64M: read whole
        assert default["summary"]["unreadable"] == 0


def test_an_endless_body_is_read_only_up_to_the_limit() -> None:
    run, report = json_report("request", "--max-record-size", "1K", "/dev/zero")
    assert run.code == 1
    (finding,) = report["findings"]
    assert (finding["kind"], finding["entry"]) == ("unreadable", None)
    assert finding["message"] == "the request body is larger than 1,024 bytes (--max-record-size)"


@pytest.mark.parametrize("value", ["0", "12", "1T", "x", "-5M"])
def test_the_limit_is_a_size(value: str) -> None:
    run = cli("traffic", "--max-record-size", value, "-")
    assert run.code == 2
    assert "--max-record-size" in run.stderr


# -- memory per record -----------------------------------------------------------------------


def peak_rss(*argv: str | Path) -> int:
    """The peak resident set, in bytes, of ``modelarts-validate`` run as its own process."""
    script = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)\n"
    )
    command = [sys.executable, "-m", "modelarts_validators", *map(str, argv)]
    done = subprocess.run(
        [sys.executable, "-c", script, *command], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


@pytest.mark.parametrize("format_", ["har", "ndjson"])
def test_memory_stays_a_small_multiple_of_the_largest_record(tmp_path: Path, format_: str) -> None:
    size = 50_000_000
    body = json.dumps({"filters": [{"key": "name", "operator": "like", "value": ["x" * size]}]})
    request = {"method": "POST", "url": URL}
    if format_ == "har":
        entry = {"request": {**request, "postData": {"text": body}}, "response": {"status": 0}}
        text = json.dumps({"log": {"entries": [entry]}})
    else:
        text = json.dumps({"request": {**request, "body": body}, "response": None}) + "\n"
    capture = tmp_path / f"big.{format_}"
    capture.write_text(text)
    small = tmp_path / f"small.{format_}"
    small.write_text(text.replace("x" * size, "x"))
    base = peak_rss("traffic", "-q", "--format", "json", small)
    big = peak_rss("traffic", "-q", "--format", "json", capture)
    # Reading: the record and the body's bytes made of it a piece at a time (2x; a decoder of the
    # whole string would hold its own unescaped copy too: 3x). The check: the body's bytes and
    # its typed decoding (2x). Measured 2.01x.
    assert big - base < 2.5 * size, f"{(big - base) / size:.2f}x the record"
