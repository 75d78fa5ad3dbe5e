"""Records longer than ``records.LONG_TEXT`` have their body texts made bytes a piece at a time
(``records.text_pieces``), so that memory holds the record and the body once each: the records
are exactly those of the whole-text decoding, in both formats."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from modelarts_validators.capture import har_typed, ndjson, records
from modelarts_validators.capture.har import HarSpan
from modelarts_validators.capture.ndjson import bounded_lines, ndjson_records
from modelarts_validators.capture.records import text_body, text_pieces

URL = "https://h/v2/0b3c1f9e2d4a45f6a7b8c9d0e1f2a3b4/training-job-searches"
# escapes of every length, a surrogate pair, multi-byte UTF-8, lone surrogates
TEXT = st.text(st.sampled_from(["a", '"', "\\", "\n", "é", "€", "😀", "\u2028", "/", "\x01"]))


@given(TEXT, st.booleans(), st.sampled_from([1, 2, 7, 13]))
def test_the_pieces_are_the_bytes_of_the_whole_string(
    text: str, ascii_only: bool, size: int
) -> None:
    raw = json.dumps(text, ensure_ascii=ascii_only).encode()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(records, "_PIECE", size)
        assert b"".join(text_pieces(raw)) == text_body(text)


@pytest.mark.parametrize("raw", [b'"\\ud800"', b'"a\\ud800b"', b"12", b'"unterminated', b'"'])
def test_a_string_msgspec_does_not_read_is_refused(raw: bytes) -> None:
    with pytest.raises(ValueError, match="JSON string"):
        text_pieces(raw)


BODIES: list[Any] = [
    '{"limit": 10, "x": "' + 'é\\"' * 40 + '"}',
    "plain text \ud800 with a lone surrogate",
    12,
    None,
    ["a list"],
]


def har_document(body: Any, encoding: str | None = None) -> bytes:
    post: dict[str, Any] = {"text": body}
    if encoding:
        post["encoding"] = encoding
    entry = {
        "request": {"method": "POST", "url": URL, "postData": post},
        "response": {"status": 200, "content": {"text": body}},
    }
    return json.dumps({"log": {"entries": [entry, entry]}}).encode()


def ndjson_document(body: Any) -> bytes:
    record = {"request": {"method": "POST", "url": URL, "body": body}, "x": [1],
              "response": {"status": 200, "body": body}}  # fmt: skip
    return (json.dumps(record) + "\n" + json.dumps(record) + "\n").encode()


@pytest.mark.parametrize("encoded", ["e30=", 5, "!!", None])
@pytest.mark.parametrize("side", ["request", "response"])
def test_a_long_ndjson_body_beside_body_base64_reads_as_a_short_one(
    side: str, encoded: Any
) -> None:
    # found by a hostile tester: a long line's body skipped the "both body and body_base64" check
    record: dict[str, Any] = {
        "request": {"method": "POST", "url": URL, "body": '{"group_by": "' + "g" * 40 + '"}'},
        "response": {"status": 200, "body": "{}"},
    }
    record[side]["body_base64"] = encoded
    data = (json.dumps(record) + "\n").encode()
    whole = read_ndjson(data)
    with pytest.MonkeyPatch.context() as patch:
        for module in (records, har_typed, ndjson):
            patch.setattr(module, "LONG_TEXT", 16)
        assert read_ndjson(data) == whole
    assert len(whole) == 1


def read_har(data: bytes) -> list[Any]:
    return list(HarSpan(io.BytesIO(data)).records("f"))


def read_ndjson(data: bytes) -> list[Any]:
    return list(ndjson_records(bounded_lines(io.BytesIO(data), 1 << 20), "f"))


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("form", ["har", "har-base64", "ndjson"])
def test_long_records_read_as_short_ones(body: Any, form: str) -> None:
    if form == "ndjson":
        data, read = ndjson_document(body), read_ndjson
    else:
        encoded = form == "har-base64"
        data = har_document(
            "e30=" if encoded and isinstance(body, str) else body, "base64" if encoded else None
        )
        read = read_har
    whole = read(data)
    used: list[int] = []
    pieces_of = records.text_pieces

    def counting(raw: Any) -> list[bytes]:
        used.append(1)
        return pieces_of(raw)

    with pytest.MonkeyPatch.context() as patch:
        for module in (records, har_typed, ndjson):
            patch.setattr(module, "LONG_TEXT", 16)
        for module in (har_typed, ndjson):
            patch.setattr(module, "text_pieces", counting)
        patch.setattr(records, "_PIECE", 5)
        pieces = read(data)
    assert pieces == whole
    assert len(whole) == 2
    if isinstance(body, str) and form != "har-base64" and "\ud800" not in body:
        assert used  # the long path was taken


@given(st.binary(max_size=200), st.integers(0, 200), st.integers(1, 64))
def test_lines_with_a_head_already_read_are_the_lines_of_the_whole(
    data: bytes, cut: int, limit: int
) -> None:
    # the NDJSON reader reads the file itself after sniffing its head: the head is put back in
    # front of the stream, a line across the two is one line
    head, rest = data[:cut], data[cut:]

    def lines(stream: Any, before: bytes) -> list[bytes | None]:
        found = bounded_lines(stream, limit, head=before)
        return [None if x is None else bytes(x) for x in found]

    assert lines(io.BytesIO(rest), head) == lines(io.BytesIO(data), b"")
