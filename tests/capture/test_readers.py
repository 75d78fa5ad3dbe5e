"""The capture readers: HAR and NDJSON records to exchanges, format sniffing, gzip, errors,
and streaming (records come out before the input has been read, memory stays flat)."""

from __future__ import annotations

import base64
import gzip
import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from modelarts_validators.capture.errors import CaptureError
from modelarts_validators.capture.records import Unreadable
from modelarts_validators.capture.sources import Capture, Source, find_sources, iter_records
from modelarts_validators.contract.model import Exchange
from modelarts_validators.contract.redact import REDACTED

URL = "https://h.example/v2/p1/training-job-searches"


def read_stdin(data: bytes) -> list[Exchange | Unreadable]:
    """Every record of ``data`` given as standard input."""
    with Capture(Source("<stdin>", None), io.BytesIO(data)) as capture:
        return list(capture.records())


def read_file(tmp_path: Path, name: str, data: bytes) -> list[Exchange | Unreadable]:
    """Every record of ``data``, written to a file called ``name``."""
    path = tmp_path / name
    path.write_bytes(data)
    (source,) = find_sources([str(path)])
    with Capture(source) as capture:
        return list(capture.records())


def exchanges(records: list[Exchange | Unreadable]) -> list[Exchange]:
    assert all(isinstance(r, Exchange) for r in records), records
    return [r for r in records if isinstance(r, Exchange)]


def har(*entries: Any, version: str = "1.2") -> bytes:
    return json.dumps(
        {
            "log": {
                "version": version,
                "creator": {"name": "t", "version": "1"},
                "entries": list(entries),
            }
        }
    ).encode()


def har_entry(
    *,
    url: str = URL,
    request_headers: list[dict[str, str]] | None = None,
    post: dict[str, Any] | None = None,
    status: int = 200,
    content: dict[str, Any] | None = None,
    response_headers: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    request: dict[str, Any] = {"method": "POST", "url": url, "headers": request_headers or []}
    if post is not None:
        request["postData"] = post
    return {
        "request": request,
        "response": {
            "status": status,
            "headers": response_headers or [{"name": "Content-Type", "value": "application/json"}],
            "content": {"mimeType": "application/json", "text": "{}"}
            if content is None
            else content,
        },
    }


# -- HAR -------------------------------------------------------------------------------------


def test_har_entry_to_exchange(tmp_path: Path) -> None:
    entry = har_entry(
        request_headers=[
            {"name": "Content-Type", "value": "application/json"},
            {"name": "Accept", "value": "a"},
            {"name": "ACCEPT", "value": "b"},
            {"name": "X-Auth-Token", "value": "tok"},
            {"name": "Authorization", "value": "SDK-HMAC-SHA256 Access=x, Signature=y"},
        ],
        post={"mimeType": "application/json", "text": '{"limit": 1}'},
        content={"mimeType": "application/json", "text": '{"total": 0}'},
    )
    (exchange,) = exchanges(read_file(tmp_path, "a.har", har(entry)))
    assert exchange.entry == 0
    assert exchange.source == str(tmp_path / "a.har")
    assert (exchange.request.method, exchange.request.url) == ("POST", URL)
    assert exchange.request.headers == {
        "content-type": "application/json",
        "accept": "a, b",
        "x-auth-token": REDACTED,
        "authorization": REDACTED,
    }
    assert exchange.request.body == b'{"limit": 1}'
    assert exchange.response is not None
    assert exchange.response.status == 200
    assert exchange.response.body == b'{"total": 0}'


def test_har_bodies_base64_missing_and_empty(tmp_path: Path) -> None:
    raw = '{"total": 1, "name": "é"}'.encode()
    entries = [
        har_entry(
            content={
                "mimeType": "application/json",
                "text": base64.b64encode(raw).decode(),
                "encoding": "base64",
            }
        ),
        har_entry(content={"mimeType": "application/json", "size": 10}),
        har_entry(content={"mimeType": "application/json", "text": ""}),
        har_entry(
            post={
                "mimeType": "application/json",
                "text": base64.b64encode(b"{}").decode(),
                "encoding": "base64",
            }
        ),
        har_entry(post={"mimeType": "application/json"}),
    ]
    records = exchanges(read_file(tmp_path, "b.har", har(*entries)))
    assert [r.response.body if r.response else "no response" for r in records] == [
        raw,
        None,
        b"",
        b"{}",
        b"{}",
    ]
    assert [r.request.body for r in records] == [None, None, None, b"{}", None]


def test_har_status_0_or_no_response_is_no_response(tmp_path: Path) -> None:
    blocked = har_entry(status=0, content={"size": 0, "mimeType": "x-unknown"})
    no_response = har_entry()
    del no_response["response"]
    records = exchanges(read_file(tmp_path, "c.har", har(blocked, no_response)))
    assert [r.response for r in records] == [None, None]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("text", "the entry is a string, not an object"),
        ([1], "the entry is an array, not an object"),
        (None, "the entry is null, not an object"),
        ({"response": {}}, "the entry has no request object"),
        ({"request": {"method": "POST"}}, "request.method and request.url must be strings"),
        (
            {"request": {"method": "POST", "url": URL, "headers": {}}},
            "request.headers is not a list",
        ),
        (
            {"request": {"method": "POST", "url": URL, "headers": [["a", "b"]]}},
            "request.headers holds an item that is not a {name, value} object",
        ),
        (
            {"request": {"method": "POST", "url": URL, "headers": [{"name": "a", "value": 1}]}},
            "request.headers holds a name or value that is not a string",
        ),
        ({"request": {"method": "GET", "url": URL}, "response": []}, "response is not an object"),
        (
            {"request": {"method": "GET", "url": URL}, "response": {"status": "200"}},
            "response.status must be an integer",
        ),
        (
            {"request": {"method": "GET", "url": URL}, "response": {"status": True}},
            "response.status must be an integer",
        ),
        (har_entry(content={"text": 5}), "response.content.text is not a string"),
        (
            har_entry(content={"text": "x", "encoding": "gzip"}),
            "response.content.encoding 'gzip' is not supported (only base64)",
        ),
        (
            har_entry(content={"text": "%%", "encoding": "base64"}),
            "response.content.text is not valid base64",
        ),
        (
            har_entry(post={"text": "é", "encoding": "base64"}),
            "request.postData.text is not valid base64",
        ),
    ],
)
def test_har_entries_that_cannot_be_read_are_unreadable(
    tmp_path: Path, entry: Any, message: str
) -> None:
    records = read_file(tmp_path, "d.har", har(har_entry(), entry, har_entry()))
    assert [type(r).__name__ for r in records] == ["Exchange", "Unreadable", "Exchange"]
    assert records[1] == Unreadable(1, message, str(tmp_path / "d.har"))
    assert [r.entry for r in records] == [0, 1, 2]


def test_har_as_browsers_write_it(tmp_path: Path) -> None:
    # UTF-8 byte order mark (Fiddler), HAR 1.3, pages, extra keys before and after entries
    document = {
        "log": {
            "version": "1.3",
            "creator": {"name": "x", "version": "1"},
            "pages": [{"id": "p", "title": "t", "pageTimings": {}}],
            "entries": [har_entry()],
            "comment": "after the entries",
        }
    }
    data = b"\xef\xbb\xbf\n  " + json.dumps(document, indent=2).encode()
    assert len(exchanges(read_file(tmp_path, "e.har", data))) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a HAR: the file is empty"),
        (b"   \n", "not a HAR: the file is empty"),
        (b"<html>", "not a HAR: it starts with '<', not '{'"),
        (b"\x89PNG", "not a HAR: it starts with byte 0x89, not '{'"),
        (b'["log"]', "not a HAR: it starts with '[', not '{'"),
        (b'{"log": {"version": "1.2"}}', "not a HAR: the document has no log.entries"),
        (b'{"other": 1}', "not a HAR: the document has no log.entries"),
        (b'{"log": 5}', "not a HAR: log is a number, not an object"),
        (
            b'{"log": {"entries": {"item": {}}}}',
            "not a HAR: log.entries is an object, not an array",
        ),
        (b'{"log": {"entries": null}}', "not a HAR: log.entries is null, not an array"),
        (
            b'{"log": {"entries": [',
            "invalid HAR JSON after 0 entries: the document breaks off (truncated)",
        ),
        (
            b'{"log": {"entries": []}} {}',
            "invalid HAR JSON after 0 entries: parse error: trailing garbage",
        ),
        (
            b'{"log": {"entries": [{]}}',
            "invalid HAR JSON after 0 entries: parse error: invalid object key (must be a string)",
        ),
    ],
)
def test_unusable_har(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(CaptureError) as caught:
        read_file(tmp_path, "f.har", data)
    assert str(caught.value) == f"{tmp_path / 'f.har'}: {message}"


def test_truncated_har_yields_the_entries_before_the_break(tmp_path: Path) -> None:
    data = har(*[har_entry() for _ in range(5)])
    cut = data[: data.rindex(b'"request"')]
    path = tmp_path / "cut.har"
    path.write_bytes(cut)
    got: list[Exchange | Unreadable] = []
    with (
        pytest.raises(CaptureError, match="after 4 entries: the document breaks off"),
        Capture(Source("cut", path, "har")) as capture,
    ):
        got.extend(capture.records())
    assert [r.entry for r in got] == [0, 1, 2, 3]


def test_gzip_is_recognised_by_its_magic_bytes(tmp_path: Path) -> None:
    data = gzip.compress(har(har_entry(), har_entry()))
    assert len(exchanges(read_file(tmp_path, "g.har.gz", data))) == 2
    assert len(exchanges(read_file(tmp_path, "g.har", data))) == 2
    assert len(exchanges(read_file(tmp_path, "g.unknown", data))) == 2


def test_truncated_gzip_keeps_what_was_decompressed(tmp_path: Path) -> None:
    # entries that do not compress to back-references: the cut falls in the last ones
    entries = [
        har_entry(
            content={"text": base64.b64encode(bytes([i]) * 3000 + str(i).encode() * 999).decode()}
        )
        for i in range(40)
    ]
    data = gzip.compress(har(*entries))
    path = tmp_path / "cut.har.gz"
    path.write_bytes(data[: len(data) * 3 // 4])
    got: list[Exchange | Unreadable] = []
    with (
        pytest.raises(CaptureError, match="the gzip stream breaks off"),
        Capture(find_sources([str(path)])[0]) as capture,
    ):
        got.extend(capture.records())
    assert len(got) >= 20


@pytest.mark.parametrize("entries", [3, 40])
def test_bad_utf8_mid_document_comes_after_every_entry_before_it(
    tmp_path: Path, entries: int
) -> None:
    # entries of ~100 KB: the bad byte is many reads in, or in the first read
    data = har(*(har_entry(content={"text": f"{i:03d}" + "x" * 100_000}) for i in range(entries)))
    bad = data.index(b'"%03dxxx' % (entries - 2)) + 2  # inside the last entry but one
    path = tmp_path / "bad.har"
    path.write_bytes(data[:bad] + b"\xff" + data[bad + 1 :])
    got: list[Exchange | Unreadable] = []
    with (
        pytest.raises(CaptureError) as caught,
        Capture(find_sources([str(path)])[0]) as capture,
    ):
        got.extend(capture.records())
    assert len(exchanges(got)) == entries - 2
    counted = "1 entry" if entries == 3 else f"{entries - 2} entries"
    assert str(caught.value).endswith(
        f"invalid HAR JSON after {counted}: the document is not valid UTF-8"
    )


def test_corrupt_gzip(tmp_path: Path) -> None:
    with pytest.raises(CaptureError, match=r"g\.har\.gz: corrupt gzip data"):
        read_file(tmp_path, "g.har.gz", b"\x1f\x8b" + b"\x00" * 40)


# -- NDJSON ----------------------------------------------------------------------------------


def line(**record: Any) -> bytes:
    return json.dumps(record).encode() + b"\n"


REQ = {"method": "POST", "url": URL}


def test_ndjson_shape(tmp_path: Path) -> None:
    data = b"".join(
        [
            line(
                request={
                    **REQ,
                    "headers": {"Content-Type": "application/json", "Accept": ["a", "b"]},
                    "body": '{"limit": 1}',
                },
                response={
                    "status": 200,
                    "headers": [["Content-Type", "application/json"], ["X-Auth-Token", "t"]],
                    "body": "{}",
                },
                extra="ignored",
            ),
            b"\n   \n",
            line(request={**REQ, "body_base64": base64.b64encode(b"\xff").decode()}, response=None),
            line(request={**REQ, "body": None}, response={"status": 500, "body": ""}),
            line(request=REQ),
        ]
    )
    records = exchanges(read_file(tmp_path, "n.ndjson", data))
    assert [r.entry for r in records] == [0, 3, 4, 5]  # line number - 1; blank lines skipped
    first = records[0]
    assert first.request.headers == {"content-type": "application/json", "accept": "a, b"}
    assert first.request.body == b'{"limit": 1}'
    assert first.response is not None
    assert first.response.headers == {"content-type": "application/json", "x-auth-token": REDACTED}
    assert records[1].request.body == b"\xff"
    assert records[1].response is None
    assert records[2].request.body is None
    assert records[2].response is not None
    assert records[2].response.body == b""
    assert records[3].request.body is None
    assert records[3].response is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            b"{not json",
            "line 2 is not valid JSON: unexpected character, expected a string key at character 1",
        ),
        (b"\xff\xfe\x00binary", "line 2 is not valid JSON: not UTF-8 text"),
        (b"[1, 2]", "line 2: the record is not a JSON object"),
        (line(response={"status": 200}), "line 2: the record has no request object"),
        (line(request={"method": "GET"}), "line 2: request.method and request.url must be strings"),
        (
            line(request={**REQ, "body": {"limit": 1}}),
            "line 2: request.body must be the body text as a string (a JSON body as its JSON text), or body_base64 for bytes",
        ),
        (
            line(request={**REQ, "body": "", "body_base64": ""}),
            "line 2: request has both body and body_base64",
        ),
        (line(request={**REQ, "body_base64": 5}), "line 2: request.body_base64 is not a string"),
        (
            line(request={**REQ, "body_base64": "%%"}),
            "line 2: request.body_base64 is not valid base64",
        ),
        (
            line(request={**REQ, "headers": "x"}),
            "line 2: request.headers is not an object or a list of [name, value] pairs",
        ),
        (
            line(request={**REQ, "headers": [["a"]]}),
            "line 2: request.headers is a list whose items are not [name, value] pairs",
        ),
        (
            line(request={**REQ, "headers": {"a": 1}}),
            "line 2: request.headers holds a name or value that is not a string",
        ),
        (line(request=REQ, response="x"), "line 2: response is not an object or null"),
        (line(request=REQ, response={"status": 2.5}), "line 2: response.status must be an integer"),
    ],
)
def test_ndjson_lines_that_cannot_be_read_are_unreadable(
    tmp_path: Path, raw: bytes, message: str
) -> None:
    data = line(request=REQ) + raw.rstrip(b"\n") + b"\n" + line(request=REQ)
    records = read_file(tmp_path, "m.ndjson", data)
    assert records[1] == Unreadable(1, message, str(tmp_path / "m.ndjson"))
    assert isinstance(records[0], Exchange)
    assert isinstance(records[2], Exchange)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("x.ndjson", b"\x00\x01", "not NDJSON: it starts with byte 0x00, not '{'"),
        ("x.jsonl", b"hello", "not NDJSON: it starts with 'h', not '{'"),
        ("x.ndjson", har(har_entry()), 'a HAR document (it starts with {"log":), not NDJSON'),
        ("x.log", b"[]", "not a HAR or NDJSON capture: it starts with '[', not '{'"),
    ],
)
def test_unusable_ndjson(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    with pytest.raises(CaptureError) as caught:
        read_file(tmp_path, name, data)
    assert str(caught.value) == f"{tmp_path / name}: {message}"


def test_empty_ndjson_has_no_records(tmp_path: Path) -> None:
    assert read_file(tmp_path, "e.ndjson", b"") == []
    assert read_stdin(b"") == []


# -- sniffing, sources -----------------------------------------------------------------------


def test_stdin_and_unknown_names_are_sniffed(tmp_path: Path) -> None:
    assert len(exchanges(read_stdin(har(har_entry())))) == 1
    assert len(exchanges(read_stdin(b"  " + line(request=REQ)))) == 1
    assert len(exchanges(read_stdin(gzip.compress(line(request=REQ) * 3)))) == 3
    assert len(exchanges(read_file(tmp_path, "capture.json", har(har_entry())))) == 1
    assert len(exchanges(read_file(tmp_path, "capture.txt", line(request=REQ)))) == 1
    with pytest.raises(CaptureError, match=r"^<stdin>: not a HAR or NDJSON capture"):
        read_stdin(b"\x00")


def test_find_sources(tmp_path: Path) -> None:
    for name in [
        "b/z.har",
        "b/a.ndjson.gz",
        "a.jsonl",
        "c.har.gz",
        "notes.txt",
        "b/deeper/x.JSONL",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    found = find_sources([str(tmp_path), "-"])
    assert [
        (Path(s.name).relative_to(tmp_path).as_posix() if s.path else s.name, s.format)
        for s in found
    ] == [
        ("a.jsonl", "ndjson"),
        ("c.har.gz", "har"),
        ("b/a.ndjson.gz", "ndjson"),
        ("b/z.har", "har"),
        ("b/deeper/x.JSONL", "ndjson"),
        ("<stdin>", None),
    ]
    with pytest.raises(CaptureError, match="no such file or directory"):
        find_sources([str(tmp_path / "absent.har")])
    with pytest.raises(CaptureError, match="more than once"):
        find_sources(["-", "-"])


def test_position_advances_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "big.ndjson"
    path.write_bytes(line(request=REQ) * 50_000)
    with Capture(find_sources([str(path)])[0]) as capture:
        assert capture.position() is None
        positions = [
            capture.position() or 0 for i, _ in enumerate(capture.records()) if i % 10_000 == 0
        ]
    assert positions == sorted(positions)
    assert positions[-1] > 0


# -- streaming -------------------------------------------------------------------------------


class _CountingStream(io.RawIOBase):
    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = self._data.readinto(buffer)
        self.consumed += size
        return size


@pytest.mark.parametrize("kind", ["har", "ndjson"])
def test_records_come_out_before_the_input_is_read(kind: str) -> None:
    body = json.dumps({"total": 1, "items": [{"kind": "job"}] * 200})
    if kind == "har":
        data = har(*[har_entry(content={"text": body}) for _ in range(2_000)])
    else:
        data = line(request=REQ, response={"status": 200, "body": body}) * 2_000
    stream = _CountingStream(data)
    with Capture(Source("<stdin>", None), io.BufferedReader(stream)) as capture:
        first = next(iter(capture.records()))
        assert isinstance(first, Exchange)
        assert stream.consumed < len(data) / 4


def test_memory_stays_flat_on_a_large_har(tmp_path: Path) -> None:
    """A HAR of ~60 MB is streamed in a fraction of its size (loading it whole would need
    several times its size: the document, then its Python objects)."""
    path = tmp_path / "large.har"
    body = json.dumps({"total": 50, "items": [{"kind": "job", "metadata": {"id": "x" * 36}}] * 50})
    entry = json.dumps(har_entry(content={"mimeType": "application/json", "text": body}))
    with path.open("w") as out:
        out.write('{"log": {"version": "1.2", "entries": [')
        out.write(",".join([entry] * 20_000))
        out.write("]}}")
    size = path.stat().st_size
    assert size > 50_000_000
    script = textwrap.dedent(
        f"""
        import resource, sys
        from modelarts_validators.capture.sources import Capture, find_sources
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with Capture(find_sources([{str(path)!r}])[0]) as capture:
            count = sum(1 for _ in capture.records())
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(count, (after - before) * 1024)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    count, grown = map(int, result.stdout.split())
    assert count == 20_000
    assert grown < size / 5, f"peak RSS grew by {grown / 1e6:.0f} MB on a {size / 1e6:.0f} MB HAR"


def test_iter_records_streams_every_capture_named(tmp_path: Path) -> None:
    (tmp_path / "a.har").write_bytes(har(har_entry(), "x"))
    (tmp_path / "b.ndjson").write_bytes(line(request=REQ))
    records = list(iter_records([str(tmp_path), "-"], io.BytesIO(line(request=REQ))))
    assert [(type(r).__name__, Path(r.source).name, r.entry) for r in records] == [
        ("Exchange", "a.har", 0),
        ("Unreadable", "a.har", 1),
        ("Exchange", "b.ndjson", 0),
        ("Exchange", "<stdin>", 0),
    ]


def test_lone_surrogates_in_url_and_headers_become_replacement_characters(tmp_path: Path) -> None:
    """A ``"\\ud800"`` escape in a HAR's URL or header cannot be validated or printed: it is
    read as U+FFFD, so the record is checked and reported instead of crashing the run."""
    from modelarts_validators.cli import main

    entry = (
        '{"request": {"method": "POST", "url": "http://h/v2/p\\ud800/training-job-searches",'
        ' "headers": [{"name": "X-Trace\\udc00", "value": "v\\ud800"}]},'
        ' "response": {"status": 0}}'
    )
    har = tmp_path / "surrogates.har"
    har.write_text('{"log": {"version": "1.2", "entries": [' + entry + "]}}", encoding="ascii")
    (record,) = iter_records([str(har)])
    assert isinstance(record, Exchange)
    assert record.request.url == "http://h/v2/p\ufffd/training-job-searches"
    assert record.request.headers == {"x-trace\ufffd": "v\ufffd"}
    out, err = io.StringIO(), io.StringIO()
    assert main(["traffic", "--format", "json", str(har)], out, err) == 1
    kinds = {f["kind"] for f in json.loads(out.getvalue())["findings"]}
    assert "invalid-path-parameter" in kinds
    assert err.getvalue() == ""
