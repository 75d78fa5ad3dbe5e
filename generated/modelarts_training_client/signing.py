"""AK/SK request signing for Huawei Cloud APIs (algorithm ``SDK-HMAC-SHA256``), for httpx.

The contract is the official Python SDK: ``huaweicloudsdkcore.signer.signer.Signer`` together
with what ``huaweicloudsdkcore`` adds before it signs (``X-Sdk-Date``, ``Host``, ``X-Project-Id``,
``X-Security-Token``). Given the same request, :func:`sign_request` produces the same canonical
request, string to sign and ``Authorization`` value as that Signer, byte for byte; the tests drive
both with random requests and compare. Where the SDK has a quirk, this module has it too, because
the gateway verifies what the SDK sends and any deviation is a 401 in production:

* The canonical URI is the path percent-*decoded*, split on ``/``, each segment re-encoded with
  ``urllib.parse.quote(segment, safe="~")``, and a ``/`` appended when it does not already end in
  one. Decoding first means ``%2F`` inside a segment becomes a separator, and a malformed UTF-8
  escape becomes U+FFFD (``%EF%BF%BD``) -- exactly what the SDK computes.
* The canonical query string percent-decodes every key and value (``+`` stays a literal ``+``, it is
  not a space), sorts the ``(key, value)`` pairs by their *decoded* text (code point order, not
  the order of the encoded form), then re-encodes both with ``safe="~"``. A key without ``=`` has
  the empty value (``k=``).
* Signed headers are every header name that contains no ``_``, lower-cased and sorted. Names that
  differ only in case are listed once per occurrence, and every occurrence is canonicalised with
  the value of the *last* one (the SDK keys its dictionary by the lower-cased name).
* Header values are ``str.strip()``-ed: that removes Unicode whitespace too (U+00A0, U+3000, ...),
  not only SP and HTAB. The stripped value is also what is sent, so signed and sent agree.
* The payload hash is SHA-256 of the body, the empty-string hash for an empty body, and -- only
  for a non-empty body -- the value of the *first* ``X-Sdk-Content-Sha256`` header when that
  header is present and not blank. The SDK sets ``X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`` when a
  header spelled exactly ``Content-Type`` (case-sensitive) has a value that does not start with
  ``application/json`` or ``application/bson``; :func:`sign_request` does the same.
* There is no key derivation: the signature is HMAC-SHA256 keyed with the UTF-8 bytes of the SK.

:func:`verify_signature` is the server side, for mock servers and tests. It is stricter than the
signer where being lenient would let a tampered request through: it only trusts headers that are
listed in ``SignedHeaders``, requires ``Host`` and ``X-Sdk-Date`` to be signed, and refuses an
``X-Sdk-Content-Sha256`` that does not match the body.

This file is copied verbatim into the generated client package, so it depends on the standard
library, httpx and the package's own ``credentials``, ``api_errors`` and ``logs`` only.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Callable, Collection, Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import quote, unquote, urlsplit

import httpx

from .api_errors import error_fields
from .credentials import (
    Credentials,
    RenewingCredentials,
    TemporaryCredentialsSource,
    default_credentials,
    from_env,
    from_profile,
)
from .logs import logger

#: ``datetime.UTC`` is Python 3.11+; the same object.
UTC = timezone.utc

__all__ = [
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

ALGORITHM = "SDK-HMAC-SHA256"
EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

#: Headers that a proxy may rewrite or drop. :class:`AkSkAuth` sends them but does not sign them,
#: like the SDK, whose HTTP library adds ``Connection`` only after signing.
HOP_BY_HOP_HEADERS = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)

#: Headers as a mapping or as ``(name, value)`` pairs; pairs keep repeated names and their order.
HeadersInput = Mapping[str, str] | Iterable[tuple[str, str]]

_SAFE = "~"  # besides the letters, digits and "_.-~" that quote() never encodes
_SDK_DATE = re.compile(r"\d{8}T\d{6}Z")
_AUTHORIZATION = re.compile(
    r"(?P<algorithm>\S+) Access=(?P<ak>.*), "
    r"SignedHeaders=(?P<signed>[^,]*), Signature=(?P<signature>\S*)",
    re.DOTALL,
)
_CONTENT_SHA256 = "X-Sdk-Content-Sha256"
_UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"


def _pairs(headers: HeadersInput) -> list[tuple[str, str]]:
    if isinstance(headers, httpx.Headers):
        return list(headers.multi_items())
    if isinstance(headers, Mapping):
        return list(headers.items())
    return list(headers)


def _split_url(url: str | httpx.URL) -> tuple[str, str, str]:
    """Return ``(netloc, path, query)`` exactly as they appear on the wire (still encoded)."""
    if isinstance(url, httpx.URL):
        target = url.raw_path.decode("ascii")
        path, _, query = target.partition("?")
        return url.netloc.decode("ascii"), path, query
    if url.startswith("/"):  # a bare request-target, as a server sees it; "//x" is not a netloc
        path, _, query = url.partition("#")[0].partition("?")
        return "", path, query
    parts = urlsplit(url)
    return parts.netloc, parts.path, parts.query


def _utc(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def format_sdk_date(when: datetime) -> str:
    """``X-Sdk-Date`` for ``when``: UTC, ``YYYYMMDDTHHMMSSZ``. A naive datetime is taken as UTC."""
    t = _utc(when)
    return f"{t.year:04d}{t.month:02d}{t.day:02d}T{t.hour:02d}{t.minute:02d}{t.second:02d}Z"


def parse_sdk_date(value: str) -> datetime:
    """Parse an ``X-Sdk-Date`` strictly (exactly 16 characters), as an aware UTC datetime.

    Raises ``ValueError``. The SDK's ``strptime`` would also accept unpadded fields such as
    ``2024111T1:2:3Z``; a verifier has no reason to.
    """
    if not _SDK_DATE.fullmatch(value):
        raise ValueError(f"X-Sdk-Date {value!r} is not YYYYMMDDTHHMMSSZ")
    return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def canonical_uri(path: str) -> str:
    """Canonical URI of an encoded path: decoded, split on ``/``, re-encoded, ending in ``/``.

    An empty path is ``/`` (the SDK would fail on it; on the wire it is ``/`` anyway).
    """
    url_path = "/".join(quote(segment, safe=_SAFE) for segment in unquote(path).split("/"))
    return url_path if url_path.endswith("/") else url_path + "/"


def canonical_query_string(query: str) -> str:
    """Canonical query of an encoded query: pairs decoded, sorted by decoded text, re-encoded.

    Empty pieces (``a=1&&b=2``) carry no parameter and are skipped; ``+`` is a literal plus.
    """
    params: list[tuple[str, str]] = []
    for piece in query.split("&"):
        if piece:
            key, _, value = piece.partition("=")
            params.append((unquote(key), unquote(value)))
    params.sort()
    return "&".join(f"{quote(k, safe=_SAFE)}={quote(v, safe=_SAFE)}" for k, v in params)


def signed_header_names(headers: HeadersInput, unsigned: Collection[str] = ()) -> list[str]:
    """Names the SDK signs: every name without ``_``, lower-cased, sorted, one per occurrence.

    ``unsigned`` (lower-case names) are left out as well; the SDK itself never passes any.
    """
    names = (name.lower() for name, _ in _pairs(headers) if "_" not in name)
    return sorted(name for name in names if name not in unsigned)


def canonical_headers(headers: HeadersInput, signed_headers: Sequence[str]) -> str:
    """``name:value\\n`` per signed name, value stripped, the last occurrence of a name winning.

    Raises ``KeyError`` for a signed name that is not among ``headers``.
    """
    values = {name.lower(): value.strip() for name, value in _pairs(headers)}
    return "\n".join(f"{name}:{values[name.lower()]}" for name in signed_headers) + "\n"


def payload_hash(headers: HeadersInput, body: bytes) -> str:
    """Hex SHA-256 of ``body``, or a declared ``X-Sdk-Content-Sha256`` for a non-empty body.

    The declared value is the first such header, stripped; a blank one is ignored. The SDK reads it
    after it has re-encoded header values for the wire (UTF-8 bytes as Latin-1 text), so a
    non-ASCII value ends up double-encoded in the canonical request; that is reproduced here.
    """
    if not body:
        return EMPTY_BODY_SHA256
    for name, value in _pairs(headers):
        if name.lower() == _CONTENT_SHA256.lower():
            declared = value.strip()
            if declared:
                return declared.encode("utf-8").decode("latin-1")
            break
    return hashlib.sha256(body).hexdigest()


def canonical_request(
    method: str,
    url: str | httpx.URL,
    headers: HeadersInput,
    body: bytes,
    signed_headers: Sequence[str] | None = None,
) -> str:
    """``METHOD\\nURI\\nQUERY\\nHEADERS\\nSIGNED\\nPAYLOAD``; HEADERS ends with its own newline.

    ``url`` is a full URL or a request-target (``/path?query``), encoded as sent. ``signed_headers``
    defaults to :func:`signed_header_names` of ``headers``, which must then already hold every
    header that will be sent (``Host`` and ``X-Sdk-Date`` included).
    """
    pairs = _pairs(headers)
    signed = signed_header_names(pairs) if signed_headers is None else list(signed_headers)
    _, path, query = _split_url(url)
    return "\n".join(
        (
            method.upper(),
            canonical_uri(path),
            canonical_query_string(query),
            canonical_headers(pairs, signed),
            ";".join(signed),
            payload_hash(pairs, body),
        )
    )


def string_to_sign(canonical: str, sdk_date: str) -> str:
    """``SDK-HMAC-SHA256\\n<X-Sdk-Date>\\n<hex sha256 of the canonical request>``."""
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{sdk_date}\n{digest}"


def compute_signature(to_sign: str, sk: str) -> str:
    """Hex HMAC-SHA256 of the string to sign, keyed with the SK's UTF-8 bytes; no key derivation."""
    return hmac.new(sk.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def authorization_value(ak: str, signed_headers: Sequence[str], signature: str) -> str:
    """``SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b;c>, Signature=<hex>``."""
    return (
        f"{ALGORITHM} Access={ak}, SignedHeaders={';'.join(signed_headers)}, Signature={signature}"
    )


@dataclass(frozen=True)
class SignedRequest:
    """The outcome of :func:`sign_request`.

    ``headers`` is what to send, in order: the input headers with stripped values, plus whatever
    the SDK would add, ``Authorization`` last. The intermediate strings are kept for debugging and
    tests; the repr leaves them out because the canonical request carries header values such as
    ``X-Security-Token``.
    """

    headers: list[tuple[str, str]] = field(repr=False)
    signed_headers: list[str]
    canonical_request: str = field(repr=False)
    string_to_sign: str = field(repr=False)
    signature: str
    authorization: str = field(repr=False)


def _without(pairs: list[tuple[str, str]], *names: str) -> list[tuple[str, str]]:
    lowered = {n.lower() for n in names}
    return [(n, v) for n, v in pairs if n.lower() not in lowered]


def sign_request(
    method: str,
    url: str | httpx.URL,
    headers: HeadersInput,
    body: bytes,
    sdk_date: datetime,
    ak: str,
    sk: str,
    *,
    unsigned_headers: Collection[str] = (),
) -> SignedRequest:
    """Sign a request the way ``Signer.sign`` does, and return the headers to send.

    Any ``Authorization`` and ``X-Sdk-Date`` already in ``headers`` are replaced. Like the SDK,
    this adds ``X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`` for a non-JSON ``Content-Type`` (exact
    spelling of the name, unstripped value), then ``X-Sdk-Date``, then ``Host`` from the URL when no
    ``Host`` header is present. ``unsigned_headers`` (lower-case) are sent but not signed.
    """
    if not ak:
        raise ValueError("ak is required")
    if not sk:
        raise ValueError("sk is required")
    pairs = _without(_pairs(headers), "Authorization", "X-Sdk-Date")

    content_type = dict(pairs).get("Content-Type")  # exact spelling, last one wins, as in the SDK
    if content_type and not content_type.startswith(("application/json", "application/bson")):
        # The SDK assigns by exact name: an "X-Sdk-Content-Sha256" keeps its place, any other
        # spelling stays and gets a second header appended.
        if any(n == _CONTENT_SHA256 for n, _ in pairs):
            pairs = [(n, _UNSIGNED_PAYLOAD if n == _CONTENT_SHA256 else v) for n, v in pairs]
        else:
            pairs.append((_CONTENT_SHA256, _UNSIGNED_PAYLOAD))

    date = format_sdk_date(sdk_date)
    pairs.append(("X-Sdk-Date", date))
    if not any(n.lower() == "host" for n, _ in pairs):
        pairs.append(("Host", _split_url(url)[0]))
    pairs = [(n, v.strip()) for n, v in pairs]

    unsigned = {n.lower() for n in unsigned_headers}
    signed = signed_header_names(pairs, unsigned)
    canonical = canonical_request(method, url, pairs, body, signed)
    to_sign = string_to_sign(canonical, date)
    signature = compute_signature(to_sign, sk)
    authorization = authorization_value(ak, signed, signature)
    return SignedRequest(
        headers=[*pairs, ("Authorization", authorization)],
        signed_headers=signed,
        canonical_request=canonical,
        string_to_sign=to_sign,
        signature=signature,
        authorization=authorization,
    )


def verify_signature(
    method: str,
    url: str | httpx.URL,
    headers: HeadersInput,
    body: bytes,
    ak: str,
    sk: str,
    max_skew: timedelta = timedelta(minutes=15),
    now: datetime | None = None,
    *,
    allow_unsigned_payload: bool = False,
) -> str | None:
    """Check a received request's signature: ``None`` when valid, else a one-line reason.

    ``url`` is the request-target as received (``/path?query``, still encoded) or a full URL;
    ``headers`` are the received headers with values decoded from UTF-8. Only the headers listed in
    ``SignedHeaders`` are used, so headers added on the way (proxies, ``Connection``) do not matter.
    ``Host`` and ``X-Sdk-Date`` must be among them, ``X-Sdk-Date`` must be within ``max_skew`` of
    ``now`` (default: the current time), a signed ``X-Sdk-Content-Sha256`` must match the body, and
    ``UNSIGNED-PAYLOAD`` is refused unless ``allow_unsigned_payload``. A signature that does not
    match says what a user can act on: the signed header list, a ``Host`` that arrived with
    another value than the one signed (proved by trying the host a proxy reports forwarding), or
    else the received ``Host`` to compare, and how far ``X-Sdk-Date`` is from the server clock.
    Reasons never contain the SK,
    the token or the expected signature.
    """
    pairs = _pairs(headers)
    present: dict[str, list[str]] = {}
    for name, value in pairs:
        present.setdefault(name.lower(), []).append(value.strip())

    authorizations = present.get("authorization", [])
    if not authorizations:
        return "missing Authorization header"
    if len(authorizations) > 1:
        return "more than one Authorization header"
    match = _AUTHORIZATION.fullmatch(authorizations[0])
    if match is None:
        return (
            "malformed Authorization header: "
            "expected '<algorithm> Access=..., SignedHeaders=..., Signature=...'"
        )
    if match["algorithm"] != ALGORITHM:
        return f"unsupported algorithm {match['algorithm']!r}, expected {ALGORITHM}"
    if match["ak"] != ak:
        return "unknown access key"
    if not re.fullmatch(r"[0-9a-f]{64}", match["signature"]):
        return "malformed Signature: expected 64 lower-case hex digits"

    dates = present.get("x-sdk-date", [])
    if not dates:
        return "missing X-Sdk-Date header"
    if len(dates) > 1:
        return "more than one X-Sdk-Date header"
    try:
        signed_at = parse_sdk_date(dates[0])
    except ValueError as error:
        return str(error)
    skew = abs(_utc(now or datetime.now(UTC)) - signed_at)
    if skew > max_skew:
        return f"X-Sdk-Date {dates[0]} is {skew} away from the server clock (allowed {max_skew})"

    signed = match["signed"].split(";")
    for required in ("host", "x-sdk-date"):
        if required not in signed:
            return f"{required} is not in SignedHeaders"
    for name in signed:
        if name not in present:
            return f"signed header {name!r} is missing from the request"

    if _CONTENT_SHA256.lower() in signed:
        declared = present[_CONTENT_SHA256.lower()][0]
        if body and declared == _UNSIGNED_PAYLOAD and not allow_unsigned_payload:
            return "body is not signed (X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD)"
        unsigned = declared in ("", _UNSIGNED_PAYLOAD)
        if body and not unsigned and declared != hashlib.sha256(body).hexdigest():
            return "X-Sdk-Content-Sha256 does not match the body"
    else:  # unsigned, so it must not influence the payload hash
        pairs = _without(pairs, _CONTENT_SHA256)

    canonical = canonical_request(method, url, pairs, body, signed)
    expected = compute_signature(string_to_sign(canonical, dates[0]), sk)
    if not hmac.compare_digest(expected, match["signature"]):
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        rewrite = _rewritten_host(method, url, pairs, body, signed, dates[0], sk, match)
        if rewrite is not None:
            what = (
                f"host arrived as {rewrite[0]!r} but was signed as {rewrite[1]!r}"
                " (a proxy rewrote it: sign the Host the server receives)"
            )
        else:
            what = (
                f"host {present['host'][0]!r} as received; the method, path, query,"
                " a signed header's value, the body or the SK differ from what was signed"
            )
        listed = ";".join(signed)
        listed = listed if listed.isprintable() else repr(listed)
        return (
            f"signature mismatch (server canonical request sha256 {digest}):"
            f" signed headers {listed}; {what}; X-Sdk-Date is"
            f" {_describe_skew(signed_at, _utc(now or datetime.now(UTC)))}"
        )
    return None


#: Where a proxy says which ``Host`` it was asked for, in the order they are tried.
_FORWARDED_HOST_HEADERS = ("x-forwarded-host", "x-original-host", "forwarded")


def _rewritten_host(
    method: str,
    url: str | httpx.URL,
    pairs: list[tuple[str, str]],
    body: bytes,
    signed: list[str],
    sdk_date: str,
    sk: str,
    match: re.Match[str],
) -> tuple[str, str] | None:
    """``(received, signed)`` when the signature matches with ``Host`` set to a value that a
    proxy reports forwarding (``X-Forwarded-Host``, ``X-Original-Host``, ``Forwarded: host=``)
    or to the authority of a full request URL: the one rewrite that a server can prove, and the
    most common reason a correctly signed request is refused behind a proxy."""
    received = next((v.strip() for n, v in reversed(pairs) if n.lower() == "host"), "")
    candidates: list[str] = []
    for name in _FORWARDED_HOST_HEADERS:
        for n, value in pairs:
            if n.lower() != name:
                continue
            for item in value.split(","):
                item = item.strip()
                if name == "forwarded":
                    hosts = re.findall(r'(?i)(?:^|;)\s*host="?([^";]+)"?', item)
                    candidates.extend(h.strip() for h in hosts)
                elif item:
                    candidates.append(item)
    authority = urlsplit(str(url)).netloc
    if authority:
        candidates.append(authority)
    for candidate in dict.fromkeys(candidates):
        if candidate == received:
            continue
        trial = [(n, candidate if n.lower() == "host" else v) for n, v in pairs]
        canonical = canonical_request(method, url, trial, body, signed)
        expected = compute_signature(string_to_sign(canonical, sdk_date), sk)
        if hmac.compare_digest(expected, match["signature"]):
            return received, candidate
    return None


def _describe_skew(signed_at: datetime, now: datetime) -> str:
    """``42s behind the server clock``, ``3m0s ahead of the server clock``."""
    seconds = int(abs((now - signed_at).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{seconds}s"
    if minutes or hours:
        text = f"{minutes}m{text}"
    if hours:
        text = f"{hours}h{text}"
    return f"{text} {'ahead of' if signed_at > now else 'behind'} the server clock"


#: Error codes with which the API gateway refuses an AK/SK signature (the ``APIGW.`` spelling is
#: that of dedicated gateways). The gateway gives a stale ``X-Sdk-Date`` no code of its own.
SIGNATURE_REFUSED_CODES = frozenset({"APIG.0301", "APIGW.0301"})
#: How far ``X-Sdk-Date`` may be from the gateway's clock.
GATEWAY_MAX_SKEW = timedelta(minutes=15)


class AkSkAuth(httpx.Auth):
    """httpx authentication that signs every request with AK/SK, as the official SDK does.

    On each request (so retries get a fresh date): sets ``X-Sdk-Date`` from ``clock`` (default:
    now, UTC) plus the clock offset learnt from the gateway, ``X-Project-Id`` and
    ``X-Security-Token`` when given (the latter for temporary credentials), strips header values,
    signs every header except names containing ``_`` and the hop-by-hop ones, ``Host`` included
    exactly as httpx sends it, and sets ``Authorization``.
    The body is hashed, hence ``requires_request_body`` -- except, as in the SDK, when
    ``Content-Type`` is neither JSON nor BSON: then ``X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`` is
    signed instead (this API only takes JSON). Header values must be ASCII or UTF-8 bytes.
    Works with ``httpx.Client`` and ``httpx.AsyncClient``; the SK and token never appear in a repr.

    Credentials: given directly, or :meth:`from_env`, :meth:`from_profile`,
    :meth:`from_default_chain` (the places the official SDK reads), or :meth:`temporary` (a
    callable returning fresh ``(ak, sk, security_token)``, called again before they expire).

    Clock skew: the gateway refuses an ``X-Sdk-Date`` more than 15 minutes from its own clock, with
    the same 401 ``APIG.0301`` as any bad signature. When such a refusal carries a ``Date`` header
    more than 15 minutes from the ``X-Sdk-Date`` sent, the request is signed again, once, with the
    offset between the two clocks, and the offset is kept for later requests. A refusal whose
    ``Date`` agrees with the signature is returned as it is: a wrong key is not retried (the
    gateway locks an AK after five failures in a row).
    """

    requires_request_body = True
    requires_response_body = True

    def __init__(
        self,
        ak: str,
        sk: str,
        project_id: str | None = None,
        security_token: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if not ak:
            raise ValueError("ak is required")
        if not sk:
            raise ValueError("sk is required")
        self._ak = ak
        self._sk = sk
        self._project_id = project_id
        self._security_token = security_token
        self._clock = clock or (lambda: datetime.now(UTC))
        self._renewing: RenewingCredentials | None = None
        self._offset = timedelta(0)

    @classmethod
    def from_credentials(
        cls, credentials: Credentials, clock: Callable[[], datetime] | None = None
    ) -> AkSkAuth:
        """Sign with ``credentials``."""
        return cls(
            credentials.ak,
            credentials.sk,
            credentials.project_id,
            credentials.security_token,
            clock,
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AkSkAuth:
        """Sign with ``HUAWEICLOUD_SDK_AK``/``_SK``/``_PROJECT_ID``/``_SECURITY_TOKEN``;
        ``CredentialsError`` (a ``ValueError``) names what is missing."""
        return cls.from_credentials(from_env(environ))

    @classmethod
    def from_profile(
        cls,
        path: str | os.PathLike[str] | None = None,
        profile: str = "basic",
        environ: Mapping[str, str] | None = None,
    ) -> AkSkAuth:
        """Sign with the SDK's credentials file (``HUAWEICLOUD_SDK_CREDENTIALS_FILE``, default
        ``~/.huaweicloud/credentials``, section ``[basic]``)."""
        return cls.from_credentials(from_profile(path, profile, environ))

    @classmethod
    def from_default_chain(cls, environ: Mapping[str, str] | None = None) -> AkSkAuth:
        """Sign with the environment's credentials, else the credentials file's."""
        return cls.from_credentials(default_credentials(environ))

    @classmethod
    def temporary(
        cls,
        fetch: TemporaryCredentialsSource,
        project_id: str | None = None,
        *,
        lifetime: timedelta = timedelta(minutes=15),
        margin: timedelta = timedelta(minutes=1),
        clock: Callable[[], datetime] | None = None,
    ) -> AkSkAuth:
        """Sign with temporary credentials from ``fetch``, fetched again ``margin`` before they
        expire (see ``RenewingCredentials``). ``fetch`` is first called on the first request."""
        renewing = RenewingCredentials(
            fetch, project_id, lifetime=lifetime, margin=margin, clock=clock
        )
        auth = cls("<temporary>", "<temporary>", project_id, None, clock)
        auth._renewing = renewing
        return auth

    @property
    def clock_offset(self) -> timedelta:
        """What is added to ``clock`` for ``X-Sdk-Date``: the gateway's clock minus ours, as
        learnt from a refusal (zero until then)."""
        return self._offset

    def __repr__(self) -> str:
        if self._renewing is not None:
            return f"AkSkAuth(temporary, project_id={self._project_id!r})"
        token = None if self._security_token is None else "<hidden>"
        return (
            f"AkSkAuth(ak={self._ak!r}, sk=<hidden>, project_id={self._project_id!r}, "
            f"security_token={token})"
        )

    def _current(self) -> tuple[str, str, str | None, str | None]:
        if self._renewing is not None:
            credentials = self._renewing.current()
            return (
                credentials.ak,
                credentials.sk,
                credentials.project_id,
                credentials.security_token,
            )
        return self._ak, self._sk, self._project_id, self._security_token

    def sign(self, request: httpx.Request) -> None:
        """Sign ``request`` in place; its body must already be read."""
        ak, sk, project_id, security_token = self._current()
        pairs: list[tuple[str, str]] = []
        for raw_name, raw_value in request.headers.raw:
            name = raw_name.decode("latin-1")
            try:
                pairs.append((name, raw_value.decode("utf-8")))
            except UnicodeDecodeError:
                raise ValueError(f"header {name!r} is not valid UTF-8, cannot sign it") from None
        # As BasicCredentials.sign_request: an empty project id is not sent, an empty token is.
        if project_id:
            pairs = [*_without(pairs, "X-Project-Id"), ("X-Project-Id", project_id)]
        if security_token is not None:
            token = security_token
            pairs = [*_without(pairs, "X-Security-Token"), ("X-Security-Token", token)]
        signed = sign_request(
            request.method,
            request.url,
            pairs,
            request.content,
            _utc(self._clock()) + self._offset,
            ak,
            sk,
            unsigned_headers=HOP_BY_HOP_HEADERS,
        )
        request.headers = httpx.Headers(
            [(n.encode("latin-1"), v.encode("utf-8")) for n, v in signed.headers]
        )

    def skew_of(self, request: httpx.Request, response: httpx.Response) -> timedelta | None:
        """The gateway's clock minus the signing clock, when ``response`` refuses ``request``'s
        signature for its date; None for any other answer."""
        if response.status_code != 401:
            return None
        if error_fields(response.content).error_code not in SIGNATURE_REFUSED_CODES:
            return None
        try:
            server_now = parsedate_to_datetime(response.headers.get("Date", ""))
            signed_at = parse_sdk_date(request.headers.get("X-Sdk-Date", ""))
        except (TypeError, ValueError, IndexError):
            return None
        skew = _utc(server_now) - signed_at
        return skew if abs(skew) > GATEWAY_MAX_SKEW else None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.sign(request)
        response = yield request
        skew = self.skew_of(request, response)
        if skew is not None:
            self._offset += skew
            logger.debug(
                "the gateway refused X-Sdk-Date %s as %s off its clock; signing again with "
                "that offset",
                request.headers.get("X-Sdk-Date"),
                skew,
            )
            self.sign(request)
            yield request
