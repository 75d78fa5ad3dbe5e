"""Hostile requests to the mock: every request gets a JSON answer (never a dropped connection or
an HTML page), and every request answered is in the HAR, with no secret in it."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx
import pytest
from modelarts_validators import Contract
from modelarts_validators.cli import main as validate_main
from modelarts_validators.mock import MockConfig, MockServer, main

from .rawhttp import PATH, PROJECT, Answer, har_entries, request, send

JOBS, SEED = 23, 7


@pytest.fixture(scope="module")
def contract() -> Contract:
    return Contract.load()


@contextmanager
def recording(contract: Contract, tmp_path: Path, **config: Any) -> Iterator[MockServer]:
    """A mock recording to ``tmp_path / "served.har"``, stopped (the HAR closed) on exit."""
    har = tmp_path / "served.har"
    with MockServer(MockConfig(jobs=JOBS, seed=SEED, record=har, **config), contract) as server:
        yield server


def is_error_body(answer: Answer, code: str) -> bool:
    body = answer.json()
    return (
        answer.headers["content-type"] == "application/json"
        and body["error_code"] == code
        and isinstance(body["error_msg"], str)
        and body["error_msg"] != ""
    )


# -- secrets in the recorded URL ---------------------------------------------------------------

SECRETS = {
    "token": "S3CRET-QUERY-TOKEN",
    "X-Auth-Token": "S3CRET-HEADER-NAMED",
    "sig": "S3CRET-SIGNATURE",
    "X-Amz-Credential": "S3CRET-AMZ",
    "access_token": "S3CRET-OAUTH",
}


def test_recorded_query_secrets_are_redacted_in_url_and_query_string(
    contract: Contract, tmp_path: Path
) -> None:
    query = "&".join(f"{name}={value}" for name, value in SECRETS.items()) + "&limit=1"
    with recording(contract, tmp_path) as server:
        answer = httpx.post(
            f"{server.url}{PATH}?{query}", json={}, headers={"X-Auth-Token": "S3CRET-IAM"}
        )
        assert answer.status_code == 200
    text = (tmp_path / "served.har").read_text()
    for secret in [*SECRETS.values(), "S3CRET-IAM"]:
        assert secret not in text
    (entry,) = har_entries(tmp_path / "served.har")
    assert entry["request"]["queryString"] == [
        *({"name": name, "value": "[REDACTED]"} for name in SECRETS),
        {"name": "limit", "value": "1"},
    ]
    assert entry["request"]["url"].endswith(
        "?token=[REDACTED]&X-Auth-Token=[REDACTED]"
        "&sig=[REDACTED]&X-Amz-Credential=[REDACTED]"
        "&access_token=[REDACTED]&limit=1"
    )
    out, err = io.StringIO(), io.StringIO()
    validate_main(["traffic", str(tmp_path / "served.har")], out, err)
    assert "S3CRET" not in out.getvalue() + err.getvalue()


# -- bodies ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        request(body=None, headers={"Content-Type": "application/json"}),
        request(body=b""),
        request(body=None, headers={"Content-Length": "0"}),
    ],
    ids=["no-body", "content-length-0", "content-length-0-only"],
)
def test_a_post_without_a_body_is_the_defaults(
    contract: Contract, tmp_path: Path, data: bytes
) -> None:
    with recording(contract, tmp_path) as server:
        answer = send(server, data)
        with_defaults = httpx.post(f"{server.url}{PATH}", json={}, headers={"X-Auth-Token": "t"})
    assert answer.status == 200, answer.body
    page = answer.json()
    assert (page["limit"], page["offset"], page["order"], page["count"]) == (10, 0, "desc", JOBS)
    assert page["items"] == with_defaults.json()["items"]
    (entry, _) = har_entries(tmp_path / "served.har")
    assert (entry["request"]["bodySize"], entry["response"]["status"]) == (0, 200)


@pytest.mark.parametrize(
    ("body", "limit", "offset", "items"),
    [
        (b'{"limit": 5.0}', 5, 0, 5),
        (b'{"limit": 5e0, "offset": 2.0}', 5, 2, 5),
        (b'{"limit": 10, "offset": 2}', 10, 2, 3),
        (b'{"limit": 50, "offset": 1000000}', 50, 1000000, 0),
        (b'{"limit": 1, "offset": 2147483647}', 1, 2147483647, 0),
    ],
)
def test_whole_number_floats_and_offsets_past_the_data(
    contract: Contract, tmp_path: Path, body: bytes, limit: int, offset: int, items: int
) -> None:
    with recording(contract, tmp_path) as server:
        answer = send(server, request(body=body))
    assert answer.status == 200, answer.body
    page = answer.json()
    assert (page["limit"], page["offset"], len(page["items"])) == (limit, offset, items)
    assert type(page["limit"]) is int
    assert type(page["offset"]) is int
    (entry,) = har_entries(tmp_path / "served.har")
    headers = {"content-type": "application/json"}
    assert contract.check_response(200, headers, answer.body) == []
    assert entry["response"]["status"] == 200


@pytest.mark.parametrize("offset", [b"2147483648", b"1e20", b"9223372036854775808"])
def test_an_integer_beyond_int32_in_a_request_is_a_400(
    contract: Contract, tmp_path: Path, offset: bytes
) -> None:
    """The service's int32 cannot hold it: the contract reports an error on the request side,
    and the mock refuses what the contract calls an error."""
    with recording(contract, tmp_path) as server:
        answer = send(server, request(body=b'{"offset": ' + offset + b"}"))
    assert answer.status == 400, answer.body
    assert is_error_body(answer, "ModelArts.2787")
    assert answer.json()["error_msg"].startswith("Invalid request at /offset: ")
    (entry,) = har_entries(tmp_path / "served.har")
    assert entry["response"]["status"] == 400


@pytest.mark.parametrize(
    "bound", ["²", "١٢٣", "12 ", "-5", "1" * 4301, "1" * 20], ids=lambda b: repr(b[:8])
)
def test_a_create_time_bound_that_is_not_ascii_milliseconds_is_a_2809(
    contract: Contract, tmp_path: Path, bound: str
) -> None:
    filters = [{"key": "create_time", "operator": "between", "value": [bound, ""]}]
    body = json.dumps({"filters": filters}).encode()
    with recording(contract, tmp_path) as server:
        answer = send(server, request(body=body))
    assert answer.status == 400, answer.body
    assert is_error_body(answer, "ModelArts.2809")
    assert len(har_entries(tmp_path / "served.har")) == 1


@pytest.mark.parametrize("depth", [300, 1000, 5000])
def test_a_body_nested_too_deep_to_check_is_a_400(
    contract: Contract, tmp_path: Path, depth: int
) -> None:
    body = b'{"group_by": "", "extra": ' + b"[" * depth + b"]" * depth + b"}"
    with recording(contract, tmp_path) as server:
        answer = send(server, request(body=body))
        after = httpx.post(f"{server.url}{PATH}", json={}, headers={"X-Auth-Token": "t"})
    assert answer.status == 400, answer.body
    assert is_error_body(answer, "ModelArts.2787")
    assert after.status_code == 200
    entries = har_entries(tmp_path / "served.har")
    assert [e["response"]["status"] for e in entries] == [400, 200]
    assert entries[0]["request"]["bodySize"] == len(body)


# -- framing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "status"),
    [
        ("abc", 400),
        ("1e3", 400),
        ("-5", 400),
        ("+2", 400),
        ("0x2", 400),
        ("2, 3", 400),
        ("", 400),
        ("²", 400),
        (str(10**12), 413),
        (str(2**64), 413),
        ("9" * 5000, 413),
        (str(12 * 1024 * 1024 + 1), 413),
    ],
)
def test_a_content_length_that_is_not_a_number_of_bytes_is_refused(
    contract: Contract, tmp_path: Path, length: str, status: int
) -> None:
    data = request(body=b"{}", headers={"Content-Length": length})
    with recording(contract, tmp_path) as server:
        answer = send(server, data, expect_close=True)
    assert answer.status == status, answer.body
    assert is_error_body(answer, "APIG.0201")
    assert answer.closed
    (entry,) = har_entries(tmp_path / "served.har")
    assert entry["response"]["status"] == status


def test_a_body_shorter_than_its_content_length_is_a_400(
    contract: Contract, tmp_path: Path
) -> None:
    with recording(contract, tmp_path) as server:
        host, port = server.httpd.server_address[:2]
        with socket.create_connection((str(host), int(port)), timeout=10) as sock:
            sock.sendall(request(body=b"{}", headers={"Content-Length": "10"}))
            sock.shutdown(socket.SHUT_WR)
            reply = read_all(sock)
    assert reply.startswith(b"HTTP/1.1 400 ")
    assert b"the body ended after 2 of 10 bytes" in reply
    assert len(har_entries(tmp_path / "served.har")) == 1


def read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes (a reset ends it too)."""
    parts: list[bytes] = []
    with suppress(ConnectionError):
        parts += iter(lambda: sock.recv(65536), b"")
    return b"".join(parts)


def chunked(*chunks: bytes, trailer: bytes = b"") -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n" + trailer + b"\r\n"


def test_a_chunked_body_is_read(contract: Contract, tmp_path: Path) -> None:
    body = b'{"limit": 3, "order": "asc"}'
    encoded = chunked(body[:5], body[5:20], body[20:])
    with_extension = b"5;name=value\r\n" + body[:5] + b"\r\n" + chunked(body[5:])
    te = {"Transfer-Encoding": "chunked"}
    with recording(contract, tmp_path) as server:
        plain = send(server, request(body=body))
        first = send(server, request(body=encoded, headers=te))
        second = send(server, request(body=with_extension, headers=te))
        third = send(server, request(body=chunked(body, trailer=b"X-Trailer: 1\r\n"), headers=te))
    assert [a.status for a in (plain, first, second, third)] == [200] * 4
    assert first.json()["items"] == plain.json()["items"] == third.json()["items"]
    assert second.json()["items"] == plain.json()["items"]
    assert len(plain.json()["items"]) == 3
    entries = har_entries(tmp_path / "served.har")
    assert [e["request"]["postData"]["text"] for e in entries] == [body.decode()] * 4


@pytest.mark.parametrize(
    ("encoding", "body", "status"),
    [
        ("chunked", b"zz\r\n{}\r\n0\r\n\r\n", 400),
        ("chunked", b"-2\r\n{}\r\n0\r\n\r\n", 400),
        ("chunked", b"10\r\n{}", 400),
        ("chunked", b"2\r\n{}XX0\r\n\r\n", 400),
        ("chunked", b"1" * 5000 + b"\r\n", 400),
        ("chunked", b"fffffffffffffffffffff\r\n", 413),
        ("chunked", b"c00001\r\n", 413),
        ("gzip, chunked", chunked(b"{}"), 501),
        ("chunked, gzip", chunked(b"{}"), 400),
        ("gzip", b"{}", 400),
    ],
)
def test_a_bad_chunked_body_is_refused(
    contract: Contract, tmp_path: Path, encoding: str, body: bytes, status: int
) -> None:
    data = request(body=body, headers={"Transfer-Encoding": encoding})
    with recording(contract, tmp_path) as server:
        host, port = server.httpd.server_address[:2]
        with socket.create_connection((str(host), int(port)), timeout=10) as sock:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
            reply = read_all(sock)
    head, _, payload = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 %d " % status), reply
    assert json.loads(payload)["error_code"] == "APIG.0201"
    (entry,) = har_entries(tmp_path / "served.har")
    assert entry["response"]["status"] == status


def test_a_chunked_body_over_the_limit_is_a_413(contract: Contract, tmp_path: Path) -> None:
    piece = b"x" * (1024 * 1024)
    data = request(body=chunked(*[piece] * 13), headers={"Transfer-Encoding": "chunked"})
    with recording(contract, tmp_path) as server:
        host, port = server.httpd.server_address[:2]
        with socket.create_connection((str(host), int(port)), timeout=10) as sock:
            # The server may answer and close before the last chunks are sent.
            with suppress(ConnectionError):
                sock.sendall(data)
            reply = read_all(sock)
    assert reply.startswith(b"HTTP/1.1 413 "), reply[:200]
    assert len(har_entries(tmp_path / "served.har")) == 1


# -- methods -----------------------------------------------------------------------------------

METHODS = ["GET", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS", "HEAD", "CONNECT", "PROPFIND"]


@pytest.mark.parametrize("method", METHODS)
def test_every_other_method_gets_a_json_405_on_the_path_and_404_elsewhere(
    contract: Contract, tmp_path: Path, method: str
) -> None:
    with recording(contract, tmp_path) as server:
        on_path = send(server, request(method, PATH))
        elsewhere = send(server, request(method, f"/v2/{PROJECT}/training-jobs"))
        keeps_going = send(server, request("POST", PATH, b"{}"))
    assert on_path.status == 405
    assert on_path.headers["allow"] == "POST"
    assert elsewhere.status == 404
    assert keeps_going.status == 200
    for answer in (on_path, elsewhere):
        assert answer.headers["content-type"] == "application/json"
        if method == "HEAD":
            assert answer.body == b""
            assert int(answer.headers["content-length"]) > 0
        else:
            assert is_error_body(answer, "APIG.0101")
    entries = har_entries(tmp_path / "served.har")
    assert [(e["request"]["method"], e["response"]["status"]) for e in entries] == [
        (method, 405),
        (method, 404),
        ("POST", 200),
    ]


@pytest.mark.parametrize(
    ("data", "status", "recorded"),
    [
        (b"GARBAGE\r\n\r\n", 400, False),
        (b"POST " + PATH.encode() + b" HTTP/2.0\r\n\r\n", 505, False),
        (b"POST " + PATH.encode() + b" HTTP/x\r\n\r\n", 400, False),
        (b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 101 + b"\r\n", 431, True),
        (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", 414, False),
    ],
    ids=["no-request-line", "http2", "bad-version", "too-many-headers", "long-line"],
)
def test_requests_http_server_refuses_get_a_json_answer_with_a_status_line(
    contract: Contract, tmp_path: Path, data: bytes, status: int, recorded: bool
) -> None:
    with recording(contract, tmp_path) as server:
        answer = send(server, data, expect_close=True)
    assert answer.status == status
    assert is_error_body(answer, "APIG.0201")
    assert answer.closed
    assert len(har_entries(tmp_path / "served.har")) == int(recorded)


# -- tokens ------------------------------------------------------------------------------------


def test_tokens_given_are_the_only_ones_accepted(contract: Contract, tmp_path: Path) -> None:
    def status(server: MockServer, **headers: str) -> tuple[int, str | None]:
        answer = httpx.post(f"{server.url}{PATH}", json={}, headers=headers)
        return answer.status_code, answer.json().get("error_code")

    with recording(contract, tmp_path, tokens=("good-token", "other-token")) as server:
        assert status(server, **{"X-Auth-Token": "good-token"}) == (200, None)
        assert status(server, **{"X-Auth-Token": "other-token"}) == (200, None)
        assert status(server, **{"X-Auth-Token": "not-accepted"}) == (401, "ModelArts.0203")
        assert status(server, **{"X-Auth-Token": "good-token-2"}) == (401, "ModelArts.0203")
        assert status(server) == (401, "ModelArts.0201")
    text = (tmp_path / "served.har").read_text()
    assert "good-token" not in text
    assert "not-accepted" not in text
    with recording(contract, tmp_path) as server:
        assert status(server, **{"X-Auth-Token": "any-token-at-all"}) == (200, None)


# -- the mock's own failures -------------------------------------------------------------------


class BrokenContract(Contract):
    def check_request(self, request: Any) -> Any:
        raise RuntimeError("a bug in the checks")


def test_a_failure_of_the_mock_is_a_recorded_500_not_a_dropped_connection(
    contract: Contract, tmp_path: Path
) -> None:
    broken = BrokenContract(contract.spec)
    har = tmp_path / "served.har"
    with MockServer(MockConfig(jobs=3, record=har), broken) as server:
        answer = send(server, request(body=b"{}"))
        again = send(server, request(body=b"{}"))
    assert (answer.status, again.status) == (500, 500)
    assert is_error_body(answer, "ModelArts.2950")
    assert "a bug in the checks" not in answer.json()["error_msg"]
    assert [e["response"]["status"] for e in har_entries(har)] == [500, 500]


def test_a_client_that_goes_away_leaves_no_traceback(
    contract: Contract, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    with recording(contract, tmp_path, latency=0.3) as server:
        host, port = server.httpd.server_address[:2]
        sock = socket.create_connection((str(host), int(port)), timeout=10)
        sock.sendall(request(body=b"{}"))
        # Close with a reset: the mock's write of the answer then fails.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
        time.sleep(0.6)
    assert "Traceback" not in capfd.readouterr().err
    assert len(har_entries(tmp_path / "served.har")) == 1


def test_token_option_on_the_command_line(tmp_path: Path) -> None:
    """``--token`` twice: both accepted, any other refused; the tokens never reach the HAR."""
    har = tmp_path / "cli.har"
    argv = ["--jobs", "2", "--token", "tok-one", "--token", "tok-two", "--record", str(har)]
    process = subprocess.Popen(
        [sys.executable, "-m", "modelarts_validators.mock", *argv],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_PROXY": "127.0.0.1"},
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        codes = [
            httpx.post(f"{url}{PATH}", json={}, headers={"X-Auth-Token": t}).status_code
            for t in ("tok-one", "tok-two", "tok-three")
        ]
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    assert codes == [200, 200, 401]
    assert "tok-" not in har.read_text()


@pytest.mark.parametrize("token", ["", " padded", "line\nbreak"])
def test_token_option_refuses_a_value_no_header_can_carry(token: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["--token", token], out, err) == 2
    assert err.getvalue().count("\n") == 1
    assert err.getvalue().startswith("modelarts-mock: --token takes a non-empty value")
    assert token.strip() == "" or token.strip() not in err.getvalue()


def test_help_documents_token() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["--help"], out, err) == 0
    assert "--token VALUE" in out.getvalue()
    assert "accept only this X-Auth-Token" in " ".join(out.getvalue().split())


@pytest.mark.parametrize(
    "target", ["http://[::1/v2/p/training-job-searches", "http://[zz]/v2/p/x", "http://h]:x/v2"]
)
def test_an_absolute_target_whose_authority_is_not_one_is_a_400(
    contract: Contract, tmp_path: Path, target: str
) -> None:
    with recording(contract, tmp_path) as server:
        answer = send(server, request(target=target, body=b"{}"), expect_close=True)
        after = send(server, request(body=b"{}"))  # the mock still serves
    assert answer.status == 400
    assert is_error_body(answer, "APIG.0201")
    assert answer.closed
    assert after.status == 200
    entries = har_entries(tmp_path / "served.har")
    assert [e["response"]["status"] for e in entries] == [400, 200]
