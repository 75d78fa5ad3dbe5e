"""AK/SK signing (codegen/extras/signing.py) against the official SDK as the oracle.

Three layers: random requests through both our functions and ``huaweicloudsdkcore``'s Signer,
compared byte for byte; a real HTTP server on 127.0.0.1 that checks every request it receives
with ``verify_signature`` while httpx (sync and async) signs with ``AkSkAuth``; and the official
ModelArts SDK itself talking to that server, its request accepted and its signature reproduced.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType
from typing import Any
from urllib.parse import quote, unquote

import httpx
import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from huaweicloudsdkmodelarts.v1 import JobSearches, ListTrainingJobsRequest, ModelArtsClient
from hypothesis import given, settings
from hypothesis import strategies as st

#: codegen/extras/signing.py, as copied into the generated package (test_client_generation checks
#: the copy is byte for byte); imported from there because it imports its sibling modules.
signing: ModuleType = importlib.import_module("modelarts_training_client.signing")

AK = "HPUAEXAMPLEAK0000000"
SK = "exampleSecretKey0123456789"
PROJECT = "0123456789abcdef"
TOKEN = "temporary-security-token-0123456789"
EMPTY_LIST = {"total": 0, "count": 0, "items": []}


class RecordingSigner(Signer):  # type: ignore[misc]  # the SDK is untyped
    """The official Signer, keeping the canonical request and string to sign it computes."""

    canonical: str = ""
    to_sign: str = ""

    def _process_string_to_sign(self, canonical_request: str, time: datetime) -> str:
        self.canonical = canonical_request
        self.to_sign = str(super()._process_string_to_sign(canonical_request, time))
        return self.to_sign


def sdk_date(when: datetime) -> str:
    """X-Sdk-Date computed independently of the module under test."""
    utc = when if when.tzinfo is None else when.astimezone(UTC)
    return utc.strftime("%Y%m%dT%H%M%SZ")


def header(headers: list[tuple[str, str]], name: str) -> str:
    values = [v for n, v in headers if n.lower() == name.lower()]
    assert len(values) == 1, f"{name}: {values}"
    return values[0]


def signed_names(authorization: str) -> list[str]:
    return authorization.split("SignedHeaders=")[1].split(",")[0].split(";")


def wire_query_params(query: str) -> list[tuple[str, str]]:
    """A query string as the SDK's ``query_params``: decoded ``(key, value)`` pairs."""
    pieces = (p.partition("=") for p in query.split("&") if p)
    return [(unquote(k), unquote(v)) for k, _, v in pieces]


# --------------------------------------------------------------------------------------------
# Random requests, signed by both


# Reserved and delimiter characters, plus any code point that is not a lone surrogate.
RESERVED = list("/?#[]@!$&'()*+,;=%~ -._")
ANY_CHAR = st.one_of(st.sampled_from(RESERVED), st.characters(codec="utf-8"))
WHITESPACE = st.text(st.sampled_from([" ", "\t", "\xa0", "\u3000", "\n"]), max_size=2)
HEADER_NAME = st.one_of(
    st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True),
    st.sampled_from(
        [
            *("Content-Type", "content-type", "X-Sdk-Content-Sha256", "x-sdk-content-sha256"),
            *("Host", "HOST", "X-Project-Id", "X_Auth_Thing", "User-Agent", "x-Mixed-CASE"),
        ]
    ),
).filter(lambda n: n.lower() not in {"authorization", "x-sdk-date"})
HEADER_VALUE = st.one_of(
    st.sampled_from(
        [
            *("application/json;charset=utf-8", "application/bson", "text/plain"),
            *(" application/json", "UNSIGNED-PAYLOAD", hashlib.sha256(b"").hexdigest(), ""),
        ]
    ),
    st.text(ANY_CHAR, max_size=12),
)
PADDED_VALUE = st.builds(lambda a, v, b: a + v + b, WHITESPACE, HEADER_VALUE, WHITESPACE)
QUERY_KEY = st.one_of(
    st.sampled_from(["limit", "a", "A", "é", "a b"]), st.text(ANY_CHAR, min_size=1)
)
HOSTS = ["modelarts.cn-north-4.myhuaweicloud.com", "127.0.0.1:8080", "[::1]:443", "модель.example"]
DATES = st.builds(
    lambda when, offset: when if offset is None else when.replace(tzinfo=timezone(offset)),
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2199, 12, 31)),
    st.none() | st.integers(-720, 840).map(lambda m: timedelta(minutes=m)),
)


@dataclass
class Case:
    method: str
    scheme: str
    host: str
    segments: list[str]
    trailing_slash: bool
    query: list[tuple[str, str]]
    bare_keys: list[bool]  # send "k" instead of "k=" when the value is empty
    group_query_values: bool  # hand the SDK {key: [values]} instead of one tuple per value
    headers: dict[str, str]  # a dict, as the SDK's header_params: unique exact names
    body: bytes
    body_as_text: bool
    when: datetime
    ak: str
    sk: str

    def sdk_resource_path(self) -> str:
        """The path as the SDK builds it: every path parameter ``quote(v, safe='')``-ed."""
        tail = "/" if self.trailing_slash else ""
        return "/" + "/".join(quote(s, safe="") for s in self.segments) + tail

    def url(self) -> str:
        """The same request spelt differently: sub-delimiters in the path and '+' in the query
        left unencoded, so the module has to decode before it canonicalises."""
        tail = "/" if self.trailing_slash else ""
        path = "/" + "/".join(quote(s, safe="!$&'()*+,;=:@") for s in self.segments) + tail
        pieces = [
            quote(k, safe="") if bare and not v else f"{quote(k, safe='')}={quote(v, safe='+')}"
            for (k, v), bare in zip(self.query, self.bare_keys, strict=True)
        ]
        query = "?" + "&".join(pieces) if pieces else ""
        return f"{self.scheme}://{self.host}{path}{query}"

    def sdk_query_params(self) -> list[tuple[str, Any]]:
        if not self.group_query_values:
            return list(self.query)
        grouped: dict[str, list[str]] = {}
        for k, v in self.query:
            grouped.setdefault(k, []).append(v)
        return list(grouped.items())

    def sdk_request(self, headers: dict[str, str]) -> Any:
        body: bytes | str | None = self.body.decode("utf-8") if self.body_as_text else self.body
        return SdkRequest(
            method=self.method,
            schema=self.scheme,
            host=self.host,
            resource_path=self.sdk_resource_path(),
            query_params=self.sdk_query_params(),
            header_params=headers,
            body=body or None,
        )


@st.composite
def cases(draw: st.DrawFn) -> Case:
    query = draw(st.lists(st.tuples(QUERY_KEY, st.text(ANY_CHAR, max_size=6)), max_size=5))
    text_body = draw(st.booleans())
    body = draw(
        st.text(ANY_CHAR, max_size=24).map(str.encode) if text_body else st.binary(max_size=48)
    )
    return Case(
        method=draw(st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "post"])),
        scheme=draw(st.sampled_from(["https", "http"])),
        host=draw(st.sampled_from(HOSTS)),
        segments=draw(st.lists(st.text(ANY_CHAR, max_size=8), max_size=4)),
        trailing_slash=draw(st.booleans()),
        query=query,
        bare_keys=draw(st.lists(st.booleans(), min_size=len(query), max_size=len(query))),
        group_query_values=draw(st.booleans()),
        headers=draw(st.dictionaries(HEADER_NAME, PADDED_VALUE, max_size=6)),
        body=body,
        body_as_text=text_body,
        when=draw(DATES),
        ak=draw(st.from_regex(r"[A-Z0-9]{1,24}", fullmatch=True)),
        sk=draw(st.text(st.characters(codec="utf-8"), min_size=1, max_size=40)),
    )


def as_sent(sdk_headers: dict[str, str]) -> dict[str, str]:
    """The SDK leaves header values as UTF-8 bytes spelt in Latin-1, for ``requests``."""
    return {k: v.encode("latin-1").decode("utf-8") for k, v in sdk_headers.items()}


@settings(max_examples=200, deadline=None)
@given(case=cases())
def test_sign_request_is_byte_identical_to_the_official_signer(case: Case) -> None:
    sdk_request = case.sdk_request({**case.headers, "X-Sdk-Date": sdk_date(case.when)})
    signer = RecordingSigner(BasicCredentials(case.ak, case.sk))
    signer.sign(sdk_request)

    ours = signing.sign_request(
        case.method, case.url(), list(case.headers.items()), case.body, case.when, case.ak, case.sk
    )

    assert ours.canonical_request == signer.canonical
    assert ours.string_to_sign == signer.to_sign
    assert ours.authorization == sdk_request.header_params["Authorization"]
    assert dict(ours.headers) == as_sent(sdk_request.header_params)
    # The SDK sends its canonical query string as the query: ours canonicalises to the same.
    _, _, sent_query = sdk_request.uri.partition("?")
    assert signing.canonical_query_string(sent_query) == sent_query

    # And the verifier accepts what was signed, and only that.
    declared = [v.strip() for n, v in ours.headers if n.lower() == "x-sdk-content-sha256"]
    if all(v in ("", "UNSIGNED-PAYLOAD") for v in declared):
        verify = signing.verify_signature
        args = (case.url(), ours.headers, case.body, case.ak, case.sk)
        assert verify(case.method, *args, now=case.when, allow_unsigned_payload=True) is None
        other = "POST" if case.method.upper() == "PUT" else "PUT"
        reason = verify(other, *args, now=case.when, allow_unsigned_payload=True)
        assert reason.startswith("signature mismatch")


# Names httpx manages itself, and names AkSkAuth replaces whatever their case.
HTTPX_OWNED = {"host", "content-length", "transfer-encoding", "x-project-id", "x-security-token"}
CREDENTIAL = st.none() | st.from_regex(r"[A-Za-z0-9+/=_ -]{0,30}", fullmatch=True)


@settings(max_examples=100, deadline=None)
@given(case=cases(), project_id=CREDENTIAL, token=CREDENTIAL)
def test_auth_signs_an_httpx_request_like_the_official_credentials(
    case: Case, project_id: str | None, token: str | None
) -> None:
    headers = {
        n: v
        for n, v in case.headers.items()
        if n.lower() not in HTTPX_OWNED | signing.HOP_BY_HOP_HEADERS
    }
    request = httpx.Request(
        case.method,
        case.url(),
        headers=[(n.encode(), v.encode("utf-8")) for n, v in headers.items()],
        content=case.body,
    )
    # What the SDK would have been asked to send: the same headers, the path as it goes out.
    before = {n.decode(): v.decode("utf-8") for n, v in request.headers.raw}
    auth = signing.AkSkAuth(case.ak, case.sk, project_id, token, clock=lambda: case.when)
    signed = next(auth.sync_auth_flow(request))

    credentials = BasicCredentials(case.ak, case.sk, project_id)
    if token is not None:
        credentials.with_security_token(token)
    sdk_request = case.sdk_request({**before, "X-Sdk-Date": sdk_date(case.when)})
    sdk_request.resource_path = request.url.raw_path.decode().partition("?")[0]
    sdk_request.host = request.url.netloc.decode()
    credentials.sign_request(sdk_request)

    assert signed.headers["Authorization"] == sdk_request.header_params["Authorization"]
    sent = {n.decode(): v.decode("utf-8") for n, v in signed.headers.raw}
    assert sent == as_sent(sdk_request.header_params)


def test_a_known_request_signs_to_a_known_value() -> None:
    """One vector written out, so the format can be read here (both signers agree on it)."""
    headers = {"Content-Type": "application/json;charset=utf-8", "X-Project-Id": PROJECT}
    url = f"https://modelarts.cn-north-4.myhuaweicloud.com/v2/{PROJECT}/training-job-searches"
    when = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    ours = signing.sign_request("POST", url, headers, b'{"limit": 1}', when, AK, SK)
    assert ours.canonical_request == (
        "POST\n"
        f"/v2/{PROJECT}/training-job-searches/\n"  # the SDK appends a slash
        "\n"  # no query
        "content-type:application/json;charset=utf-8\n"
        "host:modelarts.cn-north-4.myhuaweicloud.com\n"
        f"x-project-id:{PROJECT}\n"
        "x-sdk-date:20240102T030405Z\n"
        "\n"  # the header block ends with its own newline
        "content-type;host;x-project-id;x-sdk-date\n"
        "2bbdfb6c13006d310f0e396f3b6ffa42d26897ee6285204bbe633fa4b32c49d8"
    )
    expected = (
        f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=content-type;host;x-project-id;x-sdk-date, "
        "Signature=62157fb53590ec5c77c06becbc2e2e9d1faac0379e412b93d2d6d4dfc62bb9a2"
    )
    assert ours.authorization == expected

    sdk_request = SdkRequest(
        method="POST",
        schema="https",
        host="modelarts.cn-north-4.myhuaweicloud.com",
        resource_path=f"/v2/{PROJECT}/training-job-searches",
        query_params=[],
        header_params={**headers, "X-Sdk-Date": "20240102T030405Z"},
        body=b'{"limit": 1}',
    )
    Signer(BasicCredentials(AK, SK)).sign(sdk_request)
    assert sdk_request.header_params["Authorization"] == expected


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("", "/"),
        ("/v2/p/training-job-searches", "/v2/p/training-job-searches/"),
        ("/a/b/", "/a/b/"),
        ("/a%2Fb", "/a/b/"),  # an encoded slash is decoded first, so it separates segments
        ("/a+b/c d/%7e", "/a%2Bb/c%20d/~/"),
        ("/%C3%BC/ü", "/%C3%BC/%C3%BC/"),
        ("/%FF", "/%EF%BF%BD/"),  # a malformed UTF-8 escape decodes to U+FFFD
    ],
)
def test_canonical_uri_quirks(path: str, canonical: str) -> None:
    assert signing.canonical_uri(path) == canonical


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("", ""),
        ("b=2&a=1&a=0", "a=0&a=1&b=2"),
        ("flag&x=", "flag=&x="),
        ("a=1&&b=2", "a=1&b=2"),
        ("q=a+b&r=a%20b", "q=a%2Bb&r=a%20b"),  # '+' is a plus, not a space
        ("z=1&%C3%A9=2&%7E=3", "z=1&~=3&%C3%A9=2"),  # sorted by decoded code points
    ],
)
def test_canonical_query_quirks(query: str, canonical: str) -> None:
    assert signing.canonical_query_string(query) == canonical


def test_public_api_is_exactly_this() -> None:
    assert sorted(signing.__all__) == sorted(
        [
            "ALGORITHM",
            "EMPTY_BODY_SHA256",
            "GATEWAY_MAX_SKEW",
            "HOP_BY_HOP_HEADERS",
            "SIGNATURE_REFUSED_CODES",
            "AkSkAuth",
            "HeadersInput",
            "SignedRequest",
            "authorization_value",
            "canonical_headers",
            "canonical_query_string",
            "canonical_request",
            "canonical_uri",
            "compute_signature",
            "format_sdk_date",
            "parse_sdk_date",
            "payload_hash",
            "sign_request",
            "signed_header_names",
            "string_to_sign",
            "verify_signature",
        ]
    )
    assert all(hasattr(signing, name) for name in signing.__all__)


def test_secrets_stay_out_of_reprs() -> None:
    auth = signing.AkSkAuth(AK, SK, PROJECT, TOKEN)
    text = repr(auth)
    assert AK in text
    assert SK not in text
    assert TOKEN not in text
    signed = signing.sign_request(
        "POST", "https://h/p", {"X-Security-Token": TOKEN}, b"", datetime.now(UTC), AK, SK
    )
    assert TOKEN not in repr(signed)


def test_auth_refuses_a_header_it_cannot_read_as_utf8() -> None:
    request = httpx.Request("POST", "https://h/p", headers={b"X-Note": b"\xff"})
    with pytest.raises(ValueError, match="'X-Note' is not valid UTF-8"):
        signing.AkSkAuth(AK, SK).sign(request)


# --------------------------------------------------------------------------------------------
# verify_signature's reasons, one exact line each


WHEN = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
BODY = b'{"limit": 1}'


def signed_headers_for(extra: dict[str, str] | None = None, **kwargs: Any) -> list[tuple[str, str]]:
    """Headers of ``POST /v2/p/x`` with BODY, signed at WHEN."""
    base = {"Content-Type": "application/json;charset=utf-8", "X-Project-Id": PROJECT}
    signed = signing.sign_request(
        "POST", "http://h/v2/p/x", {**base, **(extra or {})}, BODY, WHEN, AK, SK, **kwargs
    )
    return list(signed.headers)


def reason_for(headers: list[tuple[str, str]], body: bytes = BODY, **kwargs: Any) -> str | None:
    kwargs.setdefault("now", WHEN)
    reason: str | None = signing.verify_signature(
        "POST", "/v2/p/x", headers, body, AK, SK, **kwargs
    )
    return reason


def swap(headers: list[tuple[str, str]], name: str, value: str | None) -> list[tuple[str, str]]:
    kept = [(n, v) for n, v in headers if n.lower() != name.lower()]
    return kept if value is None else [*kept, (name, value)]


def test_verify_accepts_a_signed_request_and_ignores_unsigned_additions() -> None:
    headers = signed_headers_for()
    assert reason_for(headers) is None
    assert reason_for([*headers, ("Via", "1.1 proxy"), ("X_Trace", "t")]) is None


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda h: swap(h, "Authorization", None), "missing Authorization header"),
        (
            lambda h: [*h, ("authorization", header(h, "Authorization"))],
            "more than one Authorization header",
        ),
        (
            lambda h: swap(h, "Authorization", "Bearer x"),
            "malformed Authorization header: "
            "expected '<algorithm> Access=..., SignedHeaders=..., Signature=...'",
        ),
        (
            lambda h: swap(
                h,
                "Authorization",
                header(h, "Authorization").replace("SDK-HMAC-SHA256", "SDK-HMAC-SM3"),
            ),
            "unsupported algorithm 'SDK-HMAC-SM3', expected SDK-HMAC-SHA256",
        ),
        (
            lambda h: swap(h, "Authorization", header(h, "Authorization").replace(AK, "OTHER")),
            "unknown access key",
        ),
        (
            lambda h: swap(h, "Authorization", header(h, "Authorization")[:-1]),
            "malformed Signature: expected 64 lower-case hex digits",
        ),
        (lambda h: swap(h, "X-Sdk-Date", None), "missing X-Sdk-Date header"),
        (
            lambda h: swap(h, "X-Sdk-Date", "2024-01-02T03:04:05Z"),
            "X-Sdk-Date '2024-01-02T03:04:05Z' is not YYYYMMDDTHHMMSSZ",
        ),
        (
            lambda h: swap(h, "X-Project-Id", None),
            "signed header 'x-project-id' is missing from the request",
        ),
    ],
)
def test_verify_names_what_is_wrong(
    mutate: Callable[[list[tuple[str, str]]], list[tuple[str, str]]], reason: str
) -> None:
    headers = signed_headers_for()
    assert reason_for(mutate(headers)) == reason


def test_verify_rejects_a_clock_skew_beyond_the_limit() -> None:
    headers = signed_headers_for()
    assert reason_for(headers, now=WHEN + timedelta(minutes=15)) is None
    assert reason_for(headers, now=WHEN - timedelta(minutes=16)) == (
        "X-Sdk-Date 20240102T030405Z is 0:16:00 away from the server clock (allowed 0:15:00)"
    )
    assert (
        reason_for(headers, now=WHEN + timedelta(minutes=20), max_skew=timedelta(hours=1)) is None
    )


def test_verify_requires_host_and_date_to_be_signed() -> None:
    headers = signed_headers_for({"Host": "h"}, unsigned_headers={"host"})
    assert reason_for(headers) == "host is not in SignedHeaders"


def test_verify_does_not_trust_a_content_hash_it_cannot_check() -> None:
    honest = hashlib.sha256(b'{"limit": 1}').hexdigest()
    # Signed, matching: fine. Signed, not matching the body: refused before the signature.
    headers = signed_headers_for({"X-Sdk-Content-Sha256": honest})
    assert reason_for(headers) is None
    assert reason_for(headers, b'{"limit": 9}') == "X-Sdk-Content-Sha256 does not match the body"
    # Unsigned: ignored, the body is hashed, so smuggling the old hash in does not help.
    headers = signed_headers_for()
    smuggled = [*headers, ("X-Sdk-Content-Sha256", honest)]
    assert str(reason_for(smuggled, b'{"limit": 9}')).startswith("signature mismatch")
    # UNSIGNED-PAYLOAD, as the SDK sends for non-JSON bodies: only when the server allows it.
    headers = signed_headers_for({"Content-Type": "text/plain"})
    assert header(headers, "X-Sdk-Content-Sha256") == "UNSIGNED-PAYLOAD"
    assert reason_for(headers) == "body is not signed (X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD)"
    assert reason_for(headers, allow_unsigned_payload=True) is None


# --------------------------------------------------------------------------------------------
# A real server on 127.0.0.1 that records and verifies what it receives


@dataclass(frozen=True)
class Captured:
    method: str
    target: str  # the raw request-target: path and query, as sent
    headers: list[tuple[str, str]]  # as sent, values decoded from UTF-8
    body: bytes
    verdict: str | None  # what verify_signature said when the request arrived


@dataclass
class Recorder:
    captured: list[Captured] = field(default_factory=list)
    base_url: str = ""


class VerifyingServer(ThreadingHTTPServer):
    recorder: Recorder


class RecordingHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, Nagle and delayed ACKs add ~40 ms.
    disable_nagle_algorithm = True
    server: VerifyingServer

    def _handle(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        # http.server decodes header bytes as Latin-1; the signature covers their UTF-8 text.
        headers = [(n, v.encode("latin-1").decode("utf-8")) for n, v in self.headers.items()]
        verdict: str | None = signing.verify_signature(
            self.command, self.path, headers, body, AK, SK
        )
        self.server.recorder.captured.append(
            Captured(self.command, self.path, headers, body, verdict)
        )
        status, payload = (
            (200, EMPTY_LIST)
            if verdict is None
            else (401, {"error_code": "APIG.0301", "error_msg": verdict})
        )
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _handle

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[Recorder]:
    httpd = VerifyingServer(("127.0.0.1", 0), RecordingHandler)
    httpd.recorder = Recorder(base_url=f"http://127.0.0.1:{httpd.server_address[1]}")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.recorder
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def loopback(server: Recorder) -> Recorder:
    server.captured.clear()
    return server


def official_authorization(captured: Captured) -> str:
    """Re-sign what the server received with the official Signer, over the headers the client
    said it signed (the wire also carries unsigned ones such as Connection)."""
    names = signed_names(header(captured.headers, "Authorization"))
    path, _, query = captured.target.partition("?")
    sdk_request = SdkRequest(
        method=captured.method,
        schema="http",
        host=header(captured.headers, "Host"),
        resource_path=path,
        query_params=wire_query_params(query),
        header_params={n: v for n, v in captured.headers if n.lower() in names},
        body=captured.body,
    )
    Signer(BasicCredentials(AK, SK)).sign(sdk_request)
    return str(sdk_request.header_params["Authorization"])


def client(**auth: Any) -> httpx.Client:
    # trust_env=False: no proxy from the environment may sit between us and 127.0.0.1.
    return httpx.Client(auth=signing.AkSkAuth(AK, SK, **auth), trust_env=False, timeout=5)


def test_httpx_post_is_accepted_and_matches_the_official_signer(loopback: Recorder) -> None:
    url = f"{loopback.base_url}/v2/{PROJECT}/training-job-searches"
    with client(project_id=PROJECT) as http:
        response = http.post(
            url,
            json={"limit": 1, "filters": [{"key": "name", "operator": "like", "value": ["ü"]}]},
            headers={b"X-Note": "  naïve ✓ ".encode(), b"X_Trace_Id": b"not signed"},
        )
    assert response.status_code == 200, response.text
    assert response.json() == EMPTY_LIST
    (captured,) = loopback.captured
    assert captured.verdict is None
    authorization = header(captured.headers, "Authorization")
    assert official_authorization(captured) == authorization
    assert header(captured.headers, "X-Project-Id") == PROJECT
    assert header(captured.headers, "X-Note") == "naïve ✓"  # stripped before sending, as signed
    assert "x_trace_id" not in signed_names(authorization)
    assert "connection" not in signed_names(authorization)
    assert {"host", "x-sdk-date", "x-project-id", "content-type"} <= set(
        signed_names(authorization)
    )


def test_unusual_paths_and_queries_survive_the_wire(loopback: Recorder) -> None:
    url = f"{loopback.base_url}/v2/{PROJECT}/sp ace/ü/a%2Fb/~x/"
    params: list[tuple[str, str | int | float | bool | None]]
    params = [("b", "2"), ("a", "é x+y"), ("a", ""), ("a", "1"), ("&=", "?#")]
    with client() as http:
        assert http.get(url, params=params).status_code == 200
        assert http.delete(url).status_code == 200
    for captured in loopback.captured:
        assert captured.verdict is None
        assert official_authorization(captured) == header(captured.headers, "Authorization")


def test_each_request_is_signed_with_its_own_date(loopback: Recorder) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    dates = iter([now - timedelta(minutes=1), now])
    auth = signing.AkSkAuth(AK, SK, clock=lambda: next(dates))
    with httpx.Client(auth=auth, trust_env=False, timeout=5) as http:
        http.post(f"{loopback.base_url}/v2/p/x", json={})
        http.post(f"{loopback.base_url}/v2/p/x", json={})
    first, second = (header(c.headers, "X-Sdk-Date") for c in loopback.captured)
    assert (first, second) == (sdk_date(now - timedelta(minutes=1)), sdk_date(now))
    assert [c.verdict for c in loopback.captured] == [None, None]


def test_tampered_requests_are_rejected(loopback: Recorder) -> None:
    with client(project_id=PROJECT) as http:
        http.post(f"{loopback.base_url}/v2/{PROJECT}/training-job-searches", json={"limit": 1})
    (good,) = loopback.captured
    assert good.verdict is None

    def check(c: Captured, **kwargs: Any) -> str | None:
        reason: str | None = signing.verify_signature(
            c.method,
            c.target,
            c.headers,
            c.body,
            kwargs.pop("ak", AK),
            kwargs.pop("sk", SK),
            **kwargs,
        )
        return reason

    mismatch = "signature mismatch (server canonical request sha256 "
    assert str(check(replace(good, body=b'{"limit":2}'))).startswith(mismatch)
    assert str(check(replace(good, body=b""))).startswith(mismatch)
    assert str(check(replace(good, method="PUT"))).startswith(mismatch)
    assert str(check(replace(good, target=good.target + "?limit=1"))).startswith(mismatch)
    assert str(check(replace(good, target=good.target.replace("training", "trainin")))).startswith(
        mismatch
    )
    assert str(
        check(replace(good, headers=swap(good.headers, "X-Project-Id", "other")))
    ).startswith(mismatch)
    assert str(check(good, sk="wrong")).startswith(mismatch)
    assert check(good, ak="OTHER") == "unknown access key"

    # And for real: the same headers replayed with another body of the same length get a 401.
    replayed = [(n, v) for n, v in good.headers if n.lower() != "connection"]
    with httpx.Client(trust_env=False, timeout=5) as raw:
        response = raw.post(
            loopback.base_url + good.target, headers=replayed, content=b'{"limit":2}'
        )
    assert response.status_code == 401
    assert response.json()["error_msg"].startswith(mismatch)


def test_async_client_is_signed_too(loopback: Recorder) -> None:
    async def search() -> httpx.Response:
        auth = signing.AkSkAuth(AK, SK, project_id=PROJECT)
        async with httpx.AsyncClient(auth=auth, trust_env=False, timeout=5) as http:
            return await http.post(
                f"{loopback.base_url}/v2/{PROJECT}/training-job-searches", json={"limit": 1}
            )

    response = asyncio.run(search())
    assert response.status_code == 200, response.text
    (captured,) = loopback.captured
    assert captured.verdict is None
    assert official_authorization(captured) == header(captured.headers, "Authorization")


def test_security_token_is_sent_and_signed(loopback: Recorder) -> None:
    with client(project_id=PROJECT, security_token=TOKEN) as http:
        response = http.post(f"{loopback.base_url}/v2/{PROJECT}/training-job-searches", json={})
    assert response.status_code == 200, response.text
    (captured,) = loopback.captured
    assert header(captured.headers, "X-Security-Token") == TOKEN
    assert "x-security-token" in signed_names(header(captured.headers, "Authorization"))
    assert official_authorization(captured) == header(captured.headers, "Authorization")
    forged = swap(captured.headers, "X-Security-Token", TOKEN + "x")
    reason = signing.verify_signature(
        captured.method, captured.target, forged, captured.body, AK, SK
    )
    assert str(reason).startswith("signature mismatch")


# --------------------------------------------------------------------------------------------
# The official SDK as the client


PROXY_VARIABLES = [
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
]


def test_official_sdk_request_is_accepted_and_reproduced(
    loopback: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # requests honours proxy variables even with HttpConfig's proxy unset: clear them.
    for variable in PROXY_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    config = HttpConfig.get_default_config()
    config.ignore_ssl_verification = True
    config.timeout = 5
    sdk = (
        ModelArtsClient.new_builder()
        .with_http_config(config)
        .with_credentials(BasicCredentials(AK, SK, PROJECT))
        .with_endpoints([loopback.base_url])
        .build()
    )
    try:
        response = sdk.list_training_jobs(ListTrainingJobsRequest(body=JobSearches(limit=1)))
    finally:
        sdk.close()
    assert (response.total, response.count, response.items) == (0, 0, [])

    (captured,) = loopback.captured
    assert captured.verdict is None  # verify_signature accepted the SDK's own request
    assert captured.target == f"/v2/{PROJECT}/training-job-searches"
    authorization = header(captured.headers, "Authorization")
    names = signed_names(authorization)
    assert names == ["content-type", "host", "user-agent", "x-project-id", "x-sdk-date"]

    # Our functions, given what went over the wire and its X-Sdk-Date, produce the same header.
    date = signing.parse_sdk_date(header(captured.headers, "X-Sdk-Date"))
    signed_headers = [
        (n, v) for n, v in captured.headers if n.lower() in names and n.lower() != "x-sdk-date"
    ]
    ours = signing.sign_request(
        captured.method, captured.target, signed_headers, captured.body, date, AK, SK
    )
    assert ours.authorization == authorization
