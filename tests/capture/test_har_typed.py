"""The HAR reader's fast path (``capture.har_typed``: entries read from bytes into typed
structures) gives exactly the records, errors and span offsets of the text reader it stands in
for, on any entries, at any read size, and however the document breaks off."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from modelarts_validators import Exchange, Unreadable
from modelarts_validators.capture import har_typed, json_stream
from modelarts_validators.capture.errors import CaptureError
from modelarts_validators.capture.har import HarSpan, exchange_from_entry, exchange_from_typed
from modelarts_validators.capture.har_typed import TypedEntry

from tests.capture.test_fuzz_readers import har_entry, values

URL = "https://h/v2/0b3c1f9e2d4a45f6a7b8c9d0e1f2a3b4/training-job-searches"
FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(autouse=True, params=["C", "msgspec"])
def entry_ends(request: pytest.FixtureRequest) -> Iterator[str]:
    """Every test both ways the fast path finds where an entry ends: in C (``capture/_scan.c``,
    as built here) and by msgspec (where that module is not built)."""
    if request.param == "msgspec":
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(har_typed, "_texts_end", None)
            yield request.param
    else:
        assert har_typed.NATIVE
        yield request.param


def read(data: bytes, *, fast: bool, limit: int = 1 << 20) -> tuple[list[Any], str]:
    found: list[Exchange | Unreadable] = []
    failure = ""
    try:
        for record in HarSpan(io.BytesIO(data), limit=limit, fast=fast).records("f.har"):
            found.append(record)
    except CaptureError as error:
        failure = str(error)
    return found, failure


def same_both_ways(data: bytes, limit: int = 1 << 20) -> tuple[list[Any], str]:
    fast = read(data, fast=True, limit=limit)
    text = read(data, fast=False, limit=limit)
    assert fast == text
    return fast


def document(entries: list[str], after: str = "") -> bytes:
    return ('{"log": {"entries": [' + ",".join(entries) + "]" + after + "}}").encode()


def entry(**fields: Any) -> str:
    base: dict[str, Any] = {
        "startedDateTime": "2026-11-30T00:00:00Z",
        "request": {
            "method": "POST",
            "url": URL,
            "headers": [{"name": "X-Auth-Token", "value": "secret"}],
            "postData": {"mimeType": "application/json", "text": '{"limit": 1}'},
            "bodySize": 12,
        },
        "response": {
            "status": 200,
            "headers": [{"name": "Content-Type", "value": "application/json"}],
            "content": {"size": 2, "text": "{}"},
        },
        "timings": {"wait": 1.5},
    }
    base.update(fields)
    return json.dumps(base)


@FUZZ
@given(st.lists(har_entry(), max_size=6), st.sampled_from([7, 64, 1 << 20]))
@example([entry()] * 3, 7)
def test_any_entries_read_the_same_both_ways_at_any_read_size(
    entries: list[str], read_size: int
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_stream, "READ_SIZE", read_size)
        patch.setattr(har_typed, "READ_SIZE", read_size)
        found, _ = same_both_ways(document(entries))
    assert len(found) == len(entries)


@given(values)
def test_the_typed_mapping_is_the_mapping_of_the_parsed_entry(value: Any) -> None:
    # every field an exchange is made of, with a value of any type: the typed decoder either
    # refuses the entry (the text reader's mapping decides) or maps it to the same exchange
    raw = entry(
        request={"method": "POST", "url": URL, "headers": value, "postData": value},
        response={"status": 200, "content": value, "bodySize": value, "headers": []},
    )
    parsed = json.loads(raw)
    try:
        typed = har_typed._decode(raw.encode())
    except Exception:
        return
    assert isinstance(typed, TypedEntry)
    outcomes: list[Any] = []
    for mapping, given_entry in ((exchange_from_typed, typed), (exchange_from_entry, parsed)):
        try:
            outcomes.append(mapping(given_entry, 0, "f"))
        except Exception as error:
            outcomes.append(repr(error))
    assert outcomes[0] == outcomes[1]


def _content(text: str, encoding: str | None = None) -> dict[str, Any]:
    content: dict[str, Any] = {"text": text}
    if encoding:
        content["encoding"] = encoding
    return {"status": 200, "headers": [], "content": content}


@pytest.mark.parametrize(
    ("name", "entries", "after"),
    [
        ("plain", [entry(), entry(), entry()], ""),
        ("no response, status 0", [entry(response=None), entry(response={"status": 0})], ""),
        ("bad UTF-8 in an ignored field", [entry(), entry(x="\udcff"), entry()], ""),
        ("a lone surrogate escape", [entry(), entry(comment="\ud800"), entry()], ""),
        ("NaN", [entry(), entry().replace('"wait": 1.5', '"wait": NaN'), entry()], ""),
        ("deep", [entry(), entry(x=json.loads("[" * 200 + "]" * 200)), entry()], ""),
        ("too deep", [entry(), '{"x": ' + "[" * 3000 + "]" * 3000 + "}", entry()], ""),
        ("not objects", [entry(), "[1]", "null", '"x"', entry()], ""),
        ("wrong types", [entry(startedDateTime=5), entry(request={"method": 1}), entry()], ""),
        ("a huge integer", [entry(), entry(timings="HUGE"), entry()], ""),
        ("a huge status", [entry(), entry(response={"status": "HUGE"}), entry()], ""),
        ("a trailing comma", [entry(), entry() + ","], ""),
        ("garbage between", [entry(), entry() + " x"], ""),
        ("members after entries", [entry(), entry()], ', "pages": [{"id": 1}]'),
        (
            "base64 bodies",
            [entry(response={"status": 200, "content": {"text": "e30=", "encoding": "base64"}})],
            "",
        ),
        (
            "another encoding",
            [entry(response={"status": 200, "content": {"text": "{}", "encoding": "gzip"}})],
            "",
        ),
        ("empty", [], ""),
        # body texts, which the C reader cuts out of the entry and makes bytes itself
        (
            "escapes in texts",
            [entry(response=_content('{"a": "\\"\\u00e9\\ud83d\\ude00\\n"}'))],
            "",
        ),
        ("texts not ASCII", [entry(response=_content('{"a": "é€😀"}'))], ""),
        ("a lone surrogate in a text", [entry(response=_content("\ud800")), entry()], ""),
        ("a lone low surrogate in a text", [entry(response=_content("x\udc00")), entry()], ""),
        ("a text null", [entry(response={"status": 200, "content": {"text": None}})], ""),
        ("a text not a string", [entry(response={"status": 200, "content": {"text": 5}})], ""),
        ("a text an object", [entry(response={"status": 200, "content": {"text": {}}})], ""),
        ("a text a list", [entry(response={"status": 200, "content": {"text": ["x"]}})], ""),
        ("a text twice", [entry().replace('"text": "{}"', '"text": "[1]", "text": "{}"')], ""),
        (
            "a content twice",
            [entry().replace('"content": {', '"content": {"text": "1"}, "content": {')],
            "",
        ),
        (
            "a postData twice",
            [entry().replace('"postData": {', '"postData": {}, "postData": {')],
            "",
        ),
        ("an escaped key", [entry().replace('"text": "{}"', '"te\\u0078t": "[1]"')], ""),
        (
            "an escaped key twice",
            [entry().replace('"text": "{}"', '"text": "[1]", "te\\u0078t": "2"')],
            "",
        ),
        (
            "text elsewhere",
            [
                entry(
                    text="x",
                    request={
                        "method": "POST",
                        "url": URL,
                        "text": "y",
                        "headers": [{"name": "text", "value": "z", "text": "w"}],
                    },
                )
            ],
            "",
        ),
        ("an empty text", [entry(response={"status": 200, "content": {"text": ""}})], ""),
        ("base64 with an escape", [entry(response=_content("e30\\u003d", "base64"))], ""),
        (
            "a control character in a text",
            [entry().replace('"text": "{}"', '"text": "{\x01}"')],
            "",
        ),
        ("a text with a raw newline", [entry().replace('"text": "{}"', '"text": "{\n}"')], ""),
        ("a response that is not an object", [entry(response=[{"content": {"text": "x"}}])], ""),
        (
            "texts out of order",
            [
                json.dumps(
                    {
                        "response": {"status": 200, "content": {"text": "2"}},
                        "request": {"method": "POST", "url": URL, "postData": {"text": "1"}},
                    }
                )
            ],
            "",
        ),
    ],
)
def test_odd_entries_read_the_same_both_ways(name: str, entries: list[str], after: str) -> None:
    data = document(entries, after)
    data = data.replace(b'"HUGE"', b"7" * 4400).replace(b"e30\\\\u003d", b"e30\\u003d")
    if name == "bad UTF-8 in an ignored field":
        data = data.replace(b"\\udcff", b"\xff")
    found, failure = same_both_ways(data)
    if name in ("plain", "members after entries"):
        assert [type(r) for r in found] == [Exchange] * len(entries)
        assert not failure


@pytest.mark.parametrize("cut", [1, 10, 100, 700, 1500, 2500])
def test_a_document_that_breaks_off_reads_the_same_both_ways(cut: int) -> None:
    data = document([entry(), entry(), entry(), entry()])
    _, failure = same_both_ways(data[:-cut])
    assert failure


def test_an_entry_longer_than_the_limit_reads_the_same_both_ways() -> None:
    big = entry(response={"status": 200, "content": {"text": "x" * 5000}})
    found, _ = same_both_ways(document([entry(), big, entry()]), limit=2000)
    assert [type(r) for r in found] == [Exchange, Unreadable, Exchange]


def test_a_gzip_stream_that_breaks_off_reads_the_same_both_ways() -> None:
    data = gzip.compress(document([entry() for _ in range(200)]))[:-200]
    results = []
    for fast in (True, False):
        found: list[Any] = []
        failure = ""
        try:
            stream = gzip.GzipFile(fileobj=io.BytesIO(data))
            for record in HarSpan(stream, fast=fast).records("f.har.gz"):  # type: ignore[arg-type]
                found.append(record)
        except (CaptureError, EOFError, OSError) as error:
            failure = type(error).__name__
        results.append((found, failure))
    assert results[0] == results[1]
    assert results[0][1]


def test_spans_start_and_stop_at_the_same_entries_both_ways() -> None:
    data = document([entry(x=i) for i in range(40)])
    middle = len(data) // 2
    for fast in (True, False):
        stream = io.BytesIO(data)
        first = HarSpan(stream, end=middle, fast=fast)
        records = list(first.records("f"))
        stream.seek(first.stop or 0)
        second = HarSpan(stream, base=first.stop or 0, resume=True, fast=fast)
        rest = list(second.records("f"))
        assert len(records) + len(rest) == 40
        if fast:
            expected = (first.start, first.stop, len(records))
        else:
            assert (first.start, first.stop, len(records)) == expected


def test_plain_entries_are_decoded_typed_and_odd_ones_go_back_to_the_text_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    decoded: list[Any] = []
    take = har_typed.EntryBytes._take

    def counting(self: har_typed.EntryBytes, pos: int, stop: int) -> Any:
        value = take(self, pos, stop)
        decoded.append(value)
        return value

    monkeypatch.setattr(har_typed.EntryBytes, "_take", counting)
    data = document([entry(), entry(comment="\ud800"), entry(), entry()])
    found, failure = read(data, fast=True)
    assert not failure
    assert [type(r) for r in found] == [Exchange] * 4
    # the entry with a lone surrogate escape is parsed as the text reader parses it (msgspec
    # refuses it: its probe before the span is decoded, or the decode of the span found in C),
    # the others typed
    assert sum(isinstance(value, TypedEntry) for value in decoded) == 3


def test_a_text_reader_handed_part_of_a_character_reads_on_for_the_rest() -> None:
    # the bytes reader hands over where an entry ends; when what it hands over is only the
    # start of a character, the text reader read one more piece, got no text, and took it for
    # the end of the document ("breaks off") instead of reading on (found by a hostile test)
    reader = json_stream.Reader(io.BytesIO(b"\xac, 1]"), "€".encode()[:2])
    assert reader.peek() == "€"


@pytest.mark.parametrize("shift", [0, 1, 2, 3])
def test_a_character_across_a_read_after_an_entry_reads_the_same_both_ways(shift: int) -> None:
    # a non-ASCII character where "," belongs, split by the first 1 MiB read: the same error
    first = '{"request": {"method": "POST", "url": "v"}}'
    head = '{"log": {"entries": [' + first + ', {"request": {"method": "POST", "url": "'
    tail = '"}}'
    fill = "a" * ((1 << 20) - shift - len(head) - len(tail))
    data = (head + fill + tail + "€, " + first + "]}}").encode()
    found, failure = same_both_ways(data, limit=4 << 20)
    assert len(found) == 2
    assert "expecting ',' or ']' after an entry" in failure


def test_bad_utf_8_where_a_comma_belongs_reads_the_same_both_ways_at_any_read_size() -> None:
    first = '{"request": {"method": "POST", "url": "v"}}'
    data = ('{"log": {"entries": [' + first).encode() + b"\xc3, " + (first + "]}}").encode()
    for read_size in (1, 2, 3, 7, 64, 1 << 20):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(json_stream, "READ_SIZE", read_size)
            patch.setattr(har_typed, "READ_SIZE", read_size)
            found, failure = same_both_ways(data)
        assert len(found) == 1, read_size
        assert failure.endswith(": the document is not valid UTF-8"), read_size
