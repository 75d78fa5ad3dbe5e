"""The readers and the checks against random input: bytes, JSON of any shape, deep or huge
values, HAR documents and NDJSON logs with odd entries. The promise: a reader yields exchanges
and ``Unreadable`` records, numbered in order, and ends or raises ``CaptureError``; the checks
of an exchange return findings. Nothing else escapes."""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from modelarts_validators import Contract, Exchange, Unreadable
from modelarts_validators.capture.errors import CaptureError
from modelarts_validators.capture.har import har_records
from modelarts_validators.capture.ndjson import ndjson_records
from modelarts_validators.capture.sources import Capture, Source

CONTRACT = Contract.load()
URL = "https://h/v2/0b3c1f9e2d4a45f6a7b8c9d0e1f2a3b4/training-job-searches"

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(10**300, 10**400)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


# The strategies the composites below draw from are built once, here: building them on every
# draw cost more than the reading they feed.
_LEVELS = st.sampled_from([10, 300, 1_100, 3_000])
_OPENERS = st.sampled_from(["[", '{"a":'])
_METHODS = st.sampled_from(["POST", "GET"]) | values
_URLS = st.just(URL) | st.text(max_size=30) | values
_STATUSES = st.sampled_from([200, 400, 0]) | values
_HEADERS = st.just([{"name": "Content-Type", "value": "application/json"}]) | values
_BODIES = st.just('{"limit": 51}') | st.text(max_size=30) | values
_TENTH = st.integers(0, 9)
_SIXTH = st.integers(0, 5)


@st.composite
def deep(draw: st.DrawFn) -> str:
    levels = draw(_LEVELS)
    opener = draw(_OPENERS)
    closer = "]" if opener == "[" else "}"
    return opener * levels + "1" + closer * levels


_DEEP = deep()


def message(draw: st.DrawFn, side: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if side == "request":
        fields["method"] = draw(_METHODS)
        fields["url"] = draw(_URLS)
    else:
        fields["status"] = draw(_STATUSES)
    if draw(st.booleans()):
        fields["headers"] = draw(_HEADERS)
    body = draw(_BODIES)
    if side == "request":
        fields["postData"] = draw(st.just({"text": body}) | values)
    else:
        fields["content"] = draw(st.just({"text": body}) | values)
    return fields


@st.composite
def har_entry(draw: st.DrawFn) -> str:
    if draw(_TENTH) == 0:
        return draw(_DEEP)
    entry: Any = {"request": message(draw, "request"), "response": message(draw, "response")}
    if draw(_SIXTH) == 0:
        entry = draw(values)
    text = json.dumps(entry)
    if draw(_TENTH) == 0:  # a huge integer anywhere in it
        huge = '{"n": ' + "7" * 4_400
        if text.startswith("{"):
            text = huge + ("}" if text == "{}" else ", " + text[1:])
    return text


def drain(records: Any) -> list[Exchange | Unreadable]:
    found: list[Exchange | Unreadable] = []
    failure = ""
    try:
        for record in records:
            assert isinstance(record, Exchange | Unreadable)
            found.append(record)
            if isinstance(record, Exchange):
                findings = CONTRACT.check_exchange(record)
                assert findings is None or all(f.message for f in findings)
    except CaptureError as error:
        failure = str(error)
    assert "\n" not in failure  # a one-line diagnostic
    return found


FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(st.lists(har_entry(), max_size=6))
@example(['{"request": {"method": "POST", "url": "u"}, "x": ' + "[" * 3_000 + "]" * 3_000 + "}"])
def test_har_documents_of_any_entries(entries: list[str]) -> None:
    data = ('{"log": {"entries": [' + ",".join(entries) + "]}}").encode()
    found = drain(har_records(io.BytesIO(data), "f.har"))
    assert [r.entry for r in found] == list(range(len(found)))
    assert len(found) == len(entries)  # a whole document: every entry is read or unreadable


@FUZZ
@given(st.lists(har_entry() | st.text(max_size=40), max_size=6))
def test_ndjson_logs_of_any_lines(lines: list[str]) -> None:
    data = "\n".join(line.replace("\n", " ") for line in lines).encode()
    found = drain(ndjson_records(io.BytesIO(data), "f.ndjson"))
    numbers = [r.entry or 0 for r in found]
    assert numbers == sorted(set(numbers))
    assert len(found) == sum(1 for line in lines if line.replace("\n", " ").encode().strip())


@FUZZ
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
@example(b'{"log": {"entries": [' + b"[" * 5_000)
@example(b"\x1f\x8b\x08\x00garbage")
def test_any_bytes_as_a_capture(data: bytes) -> None:
    source = Source("f", None)
    drain(Capture(source, io.BytesIO(data)).records())
