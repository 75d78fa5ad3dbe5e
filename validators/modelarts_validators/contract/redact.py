"""Keep credentials out of every output.

Captures carry live credentials: the AK/SK ``Authorization`` signature, IAM tokens in
``X-Auth-Token`` (and ``X-Subject-Token`` when IAM itself was recorded), temporary-credential
``X-Security-Token``, cookies, and tokens, keys or signatures in URLs. None of them may reach a
report, a diagnostic or an echoed URL.

Two layers, so that one forgotten path cannot leak:

1. The readers redact on the way in (``header_dict``, ``redact_url``): secret header values and
   the secrets of a URL are replaced before an exchange exists, so the checks and every finding
   only ever see ``[REDACTED]``. A header's presence stays visible, its value does not.
2. The reports scrub every string they print (``scrub``): URLs inside free text (messages,
   reader diagnostics, values echoed from bodies) lose their secrets, and ``Authorization``-style
   credentials (``SDK-HMAC-SHA256 Access=...``, ``Bearer ...``) lose theirs.

A URL is redacted by taking it apart the way a lenient client would read it (a browser's URL
parser, Python's ``urlsplit``), not by one pattern: whatever some client would send as a
credential is one here. So leading whitespace and control characters before the scheme, tabs and
newlines inside it, a scheme-relative ``//user:pass@host``, a special scheme without slashes
(``https:user:pass@host``) and a raw ``@`` inside a password (the user-info runs to the *last*
``@`` of the authority) all find the user-info. A parameter name counts after percent-decoding
(``%74oken``), whatever its case and its ``-``/``_``/``.`` spelling; ``&`` and ``;`` both separate
parameters, in the query and in the fragment (``#access_token=`` of OAuth's implicit flow), and a
path segment's ``;name=value`` parameters (``;jsessionid=``) are read too. Where the readings of a
URL differ, the one that redacts more wins: a secret parameter's value runs to the next ``&``
(through any ``;``), and a percent-encoded query that decodes to a secret parameter loses its value.

Both are cheap on the common path: a header name is one set lookup, a URL without ``?``, ``#``,
``;`` or ``@`` is returned as it is, and text without ``=``, ``@`` or a credential scheme is not
searched further.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

from .lazy_re import lazy_compile
from .short_cache import short_cache

REDACTED = "[REDACTED]"
#: What replaces a URL's user-info: brackets are not allowed there.
_USERINFO_REDACTED = "REDACTED"

#: Header names (lower case) whose values are credentials.
SECRET_HEADERS: frozenset[str] = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "x-auth-token",
        "x-subject-token",
        "x-security-token",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
    }
)

#: URL parameter names (lower case) whose values are credentials. A name counts once
#: percent-decoded, in any case, and spelt with or without ``-``, ``_`` or ``.``
#: (``AccessKeyId``, ``access-key-id``). Names containing ``token``, ``secret``, ``passw``,
#: ``signature``, ``credential``, ``sessionid``, ``apikey``, ``accesskey``, ``privatekey`` or
#: ``jwt``, and every ``x-amz-*``, ``x-goog-*`` or ``x-obs-*`` name, are secret too (see
#: ``is_secret_parameter``).
SECRET_PARAMETERS: frozenset[str] = frozenset(
    {
        "sig",
        "sign",
        "signature",
        "key",
        "apikey",
        "api_key",
        "api-key",
        "ak",
        "sk",
        "access_key",
        "accesskey",
        "access_key_id",
        "accesskeyid",
        "awsaccesskeyid",
        "ossaccesskeyid",
        "secret",
        "secret_key",
        "secretkey",
        "secret_access_key",
        "client_secret",
        "private_key",
        "privatekey",
        "token",
        "access_token",
        "id_token",
        "refresh_token",
        "security_token",
        "jwt",
        "bearer",
        "hmac",
        "password",
        "passwd",
        "pwd",
        "pass",
        "passphrase",
        "auth",
        "authorization",
        "credential",
        "credentials",
        "code",
        "code_verifier",
        "oauth_verifier",
        "ticket",
        "cookie",
        "session",
        "sessionid",
        "session_id",
        "jsessionid",
        "phpsessid",
        "sid",
    }
)
#: Characters a parameter name may be spelt with or without.
_SPELLING = str.maketrans("", "", "-_.+ ")
_COMPACT_PARAMETERS = frozenset(name.translate(_SPELLING) for name in SECRET_PARAMETERS)
_SECRET_PARTS = (
    "token",
    "secret",
    "passw",
    "signature",
    "credential",
    "sessionid",
    "sessid",
    "apikey",
    "accesskey",
    "privatekey",
    "jwt",
)
_SECRET_PREFIXES = ("x-amz-", "x-goog-", "x-obs-")
#: What a URL parser drops wherever it appears (WHATWG: ASCII tab and newline).
_DROPPED = str.maketrans("", "", "\t\n\r")
#: A percent-escape: without one, decoding changes nothing (and ``unquote`` is slow on many "%").
_ESCAPE = lazy_compile(r"%[0-9A-Fa-f]{2}")


def is_secret_parameter(name: str) -> bool:
    """Whether a URL parameter of this name carries a credential: ``name`` is read as a server
    reads it (percent-decoded, tabs and newlines dropped), in any case and spelling."""
    return _is_secret_name(name)


@short_cache(maxsize=4096)  # a capture repeats a handful of names
def _is_secret_name(name: str) -> bool:
    key = name.translate(_DROPPED)
    for _ in range(3):  # a name encoded twice is still that name to some server
        if "%" not in key or not _ESCAPE.search(key):
            break
        key = unquote(key)
    key = key.strip().lower()
    if not key:
        return False
    if key in SECRET_PARAMETERS or key.replace("_", "-").startswith(_SECRET_PREFIXES):
        return True
    compact = key.translate(_SPELLING)
    return compact in _COMPACT_PARAMETERS or any(part in compact for part in _SECRET_PARTS)


def header_dict(pairs: Iterable[tuple[str, str]], *, redact: bool = True) -> dict[str, str]:
    """Header pairs as the checks see them: names lower-cased, repeated names joined with
    ``", "``, credential values replaced by ``[REDACTED]`` (unless ``redact`` is false: a server
    that verifies the credentials, and never prints them), lone surrogates (``scalar_text``)
    replaced. ``TypeError`` when a name or value is not a string."""
    secret = SECRET_HEADERS if redact else _NONE_SECRET
    if _fold is not None and type(pairs) is list:
        folded: dict[str, str] | None = _fold(pairs, secret, REDACTED)
        if folded is not None:  # (a list of plain ASCII pairs, folded in C the same way)
            return folded
    headers: dict[str, str] = {}
    for name, value in pairs:
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError("a header name or value is not a string")
        if not (name.isascii() and value.isascii()):
            name, value = scalar_text(name), scalar_text(value)
        key = name.lower()
        if key in secret:
            value = REDACTED
        previous = headers.get(key)
        headers[key] = value if previous is None else f"{previous}, {value}"
    return headers


_NONE_SECRET: frozenset[str] = frozenset()

_fold: Any
try:
    from ._headers import fold as _fold
except ImportError:  # built without a C compiler: header_dict folds every list in Python
    _fold = None

#: Whether header lists of plain ASCII pairs are folded in C (``contract/_headers.c``).
NATIVE = _fold is not None


def fold_headers(pairs: list[Any]) -> dict[str, str] | None:
    """``header_dict(pairs)`` where it is folded in C (a list of plain ASCII pairs), else None
    (without a fold for it: nothing raised, the caller goes on as without it)."""
    if _fold is None:
        return None
    folded: dict[str, str] | None = _fold(pairs, SECRET_HEADERS, REDACTED)
    return folded


_SURROGATE = lazy_compile("[\ud800-\udfff]")


def scalar_text(text: str) -> str:
    """``text`` with any lone surrogate (a ``"\\ud800"`` escape in a capture's JSON) replaced by
    U+FFFD: such a string can be neither validated nor printed, and stands for no character."""
    if text.isascii():  # O(1), and nearly every header and URL
        return text
    try:
        text.encode()
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def redact_url(url: str) -> str:
    """``url`` with its credentials replaced: the user-info, and the values of secret parameters
    in the query, the fragment and the path's ``;`` parameters.

    >>> redact_url("https://h/v2/p/x?limit=1&X-Amz-Signature=abc")
    'https://h/v2/p/x?limit=1&X-Amz-Signature=[REDACTED]'
    >>> redact_url(" //user:p@ss@h/x;jsessionid=1?%74oken=2#access_token=3")
    ' //REDACTED@h/x;jsessionid=[REDACTED]?%74oken=[REDACTED]#access_token=[REDACTED]'

    A redacted value reads ``[REDACTED]`` (URL parsers accept brackets there); a redacted
    user-info reads ``REDACTED@``, since brackets are not allowed in it. Everything else is
    kept as it was, and a URL without secrets is returned unchanged.
    """
    if "?" not in url and "#" not in url and ";" not in url and "@" not in url:
        return url  # nothing below can match: the common case, per record
    # Without an "@" there is no user-info, and nothing before the path can hold a ";", "?" or
    # "#" (each would end the authority): the path is read from the start.
    url, end = _redact_userinfo(url) if "@" in url else (url, 0)
    hash_ = url.find("#", end)
    stop = len(url) if hash_ < 0 else hash_
    question = url.find("?", end, stop)
    path = url[end : stop if question < 0 else question]
    if ";" in path:
        path = _PATH_SEGMENT_PARAMETERS.sub(_redact_segment, path)
    query = "" if question < 0 else "?" + _redact_parameters(url[question + 1 : stop])
    fragment = "" if hash_ < 0 else "#" + _redact_parameters(url[hash_ + 1 :])
    return f"{url[:end]}{path}{query}{fragment}"


# Where an authority ends: the path, the query or the fragment begins.
_AUTHORITY_END = lazy_compile(r"[/\\?#]")
# The slashes after a scheme, as a browser reads them (a backslash is one, tabs are dropped).
_SLASHES = lazy_compile(r"[/\\\t\n\r]*")
# A scheme whose URLs always have an authority, with or without slashes (``https:u:p@h``).
_SPECIAL_SCHEME = lazy_compile(r"(?i)[\x00-\x20]*(?:https?|wss?|ftp|file):")
# What a URL parser strips before the scheme (C0 controls and space), and what a lenient one also
# strips (other whitespace and C1 controls).
_LEADING = lazy_compile(r"[\x00-\x20\x7f-\x9f\s]*")


def _redact_userinfo(url: str) -> tuple[str, int]:
    """``url`` with its user-info replaced, and where its authority ends (where the path, the
    query or the fragment begins)."""
    start, end = _authority(url)
    at = url.rfind("@", start, end)
    if url.find("@", end) >= 0 and _bad_port(url[max(at + 1, start) : end]):
        # "user:pa/ss@host": a "/", "?", "#" or "\\" in the password ends the authority early
        # for every parser, so the URL reaches no host; what looked like a port is a password,
        # and the user-info runs to the last "@"
        at = url.rfind("@")
    if at <= start:
        return url, end
    url = f"{url[:start]}{_USERINFO_REDACTED}{url[at:]}"
    after = start + len(_USERINFO_REDACTED) + 1
    found = _AUTHORITY_END.search(url, after)
    return url, len(url) if found is None else found.start()


def _authority(url: str) -> tuple[int, int]:
    """Where the authority begins and ends. A URL with two slashes before any path, query or
    fragment (``https://``, ``//``, ``ht\\ttps:\\\\``), or with a special scheme, has one; any other
    has its first segment read as one (``user:pass@host/path``, a scheme-less URL)."""
    first = _AUTHORITY_END.search(url)
    stop = len(url) if first is None else first.start()
    start = -1
    if first is not None and first.group() in "/\\":
        slashes = _SLASHES.match(url, stop)
        assert slashes is not None  # it matches the empty string
        if sum(c in "/\\" for c in slashes.group()) >= 2:
            start = slashes.end()
    if start < 0 and _SPECIAL_SCHEME.match(url[:stop].translate(_DROPPED)):
        slashes = _SLASHES.match(url, url.index(":") + 1)
        assert slashes is not None
        start = slashes.end()
    if start < 0:
        leading = _LEADING.match(url)
        assert leading is not None
        return leading.end(), stop
    found = _AUTHORITY_END.search(url, start)
    return start, len(url) if found is None else found.start()


def _bad_port(authority: str) -> bool:
    """Whether ``host:port`` has something after its colon that no port is (IPv6 brackets aside)."""
    tail = authority[authority.rfind("]") + 1 :]
    colon = tail.find(":")
    if colon < 0:
        return False
    port = tail[colon + 1 :].translate(_DROPPED)
    return not (port == "" or (port.isascii() and port.isdigit()))


# One path segment's parameters: everything after its first ';' (group 1: the segment up to it).
# Each pattern here starts only where a name may start (a look-behind), so that a long run
# without a match is scanned once, not once per character.
_PATH_SEGMENT_PARAMETERS = lazy_compile(r"(?<![^/\\])([^/\\;]*;)([^/\\]*)")


def _redact_segment(match: re.Match[str]) -> str:
    return f"{match.group(1)}{_redact_piece(match.group(2))}"


# A parameter name and its '=': the text since the last separator a server may read as one.
_NAME = lazy_compile(r"(?<![^;?#/&=])([^;?#/&=]*)=")


def _redact_parameters(text: str, depth: int = 0) -> str:
    """A query or fragment with the value of every secret parameter replaced. Pieces are split
    at ``&``; within one, ``;``, ``?``, ``#`` and ``/`` may start a parameter too (``;``
    separators, ``#/route?token=``), and a secret's value runs to the end of its piece."""
    if "%" not in text and not any(map(_is_secret_name, _NAME.findall(text))):
        return text  # no name is secret, and no value can hide one
    pieces = text.split("&")
    return "&".join(_redact_piece(piece, depth) for piece in pieces)


def _redact_piece(piece: str, depth: int = 0) -> str:
    """One ``&``-separated piece, cut at the first secret: a secret name's ``=``, or the start
    of a value that percent-decodes to a secret parameter (``redirect=https%3A...%3Ftoken%3D...``,
    ``a%3Db%26token%3Dx``: a server that decodes once more reads the secret as a parameter)."""
    value_start = 0  # where the text that may hide an encoded secret begins
    for found in _NAME.finditer(piece):
        if _hides_secret(piece[value_start : found.start()], depth):
            return f"{piece[:value_start]}{REDACTED}"
        if _is_secret_name(found.group(1)):
            return f"{piece[: found.end()]}{REDACTED}"
        value_start = found.end()
    if _hides_secret(piece[value_start:], depth):
        return f"{piece[:value_start]}{REDACTED}"
    return piece


def _hides_secret(text: str, depth: int) -> bool:
    if "%" not in text or depth >= 2 or not _ESCAPE.search(text):
        return False
    decoded = unquote(text)
    return decoded != text and _redact_parameters(decoded, depth + 1) != decoded


# In free text: a parameter name (group 1) and its value, quoted (2, 3) or not (4).
_TEXT_PARAMETER = lazy_compile(
    r"(?<![\w.%~+-])([\w.%~+-]+)=(?:\"([^\"]*)\"|'([^']*)'|([^&#\s'\"<>,;)]*))"
)
# Credentials after an authentication scheme: "SDK-HMAC-SHA256 Access=..., Signature=...",
# "Bearer <token>", "Basic <base64>"; and header-style "X-Auth-Token: <token>".
_TEXT_CREDENTIAL = lazy_compile(
    r"(?i)\b(SDK-HMAC-SHA256|AWS4-HMAC-SHA256|Bearer|Basic|Digest)\s+[^\s'\"<>]+(?:,\s*[^\s'\"<>]+)*"
)
_TEXT_HEADER = lazy_compile(
    r"(?i)\b("
    + "|".join(re.escape(h) for h in sorted(SECRET_HEADERS, key=len, reverse=True))
    + r")(['\"]?\s*[:=]\s*['\"]?)([^'\"\r\n]+)"
)
# A URL in free text: with an authority (a scheme and two slashes, or scheme-relative), or a
# special scheme without slashes. It runs to whitespace, a quote or an angle bracket.
_URL_IN_TEXT = lazy_compile(
    r"(?i)(?:(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:)?[/\\]{2}[^\s'\"<>]+"
    r"|\b(?:https?|wss?|ftp):[^\s'\"<>]+"
)
#: Lower-case fragments whose presence makes text worth the header and scheme patterns.
_CREDENTIAL_HINTS = (
    "hmac-sha256",
    "bearer ",
    "basic ",
    "digest ",
    "authorization",
    "x-auth-",
    "x-subject-",
    "x-security-",
    "cookie",
    "api-key",
)


def _has_credential_hint(text: str) -> bool:
    lowered = text.lower()
    return any(hint in lowered for hint in _CREDENTIAL_HINTS)


def _secret_in_text(name: str) -> bool:
    """A name in free text is secret as a parameter, or when any of its ``.``/``-`` tails is
    (``body.access_token=``, ``my-key=``): the text does not say where the name began."""
    if is_secret_parameter(name):
        return True
    tail = name[-48:]  # longer than any name of SECRET_PARAMETERS, spelt with escapes
    return any(is_secret_parameter(tail[i + 1 :]) for i, c in enumerate(tail) if c in ".-")


def _redact_text_parameter(match: re.Match[str]) -> str:
    if not _secret_in_text(match.group(1)):
        return match.group(0)
    if match.group(2) is not None:
        return f'{match.group(1)}="{REDACTED}"'
    if match.group(3) is not None:
        return f"{match.group(1)}='{REDACTED}'"
    return f"{match.group(1)}={REDACTED}"


@short_cache(maxsize=4096)
def scrub(text: str) -> str:
    """Free text with every credential it may carry replaced: the secrets of every URL in it
    (as ``redact_url``), secret parameter values elsewhere (``token=...``, ``%74oken=...``),
    credentials after an authentication scheme, and values after a secret header name. Cached:
    a run repeats the same messages many times (the most recent 4,096: a message that carries
    a value of its own, seen once, does not stay). Text that is new nearly every time (a record's
    location: its entry number) goes to ``scrub_once``.

    A ``user:password@host`` with neither a scheme nor ``//`` before it is not taken for a URL
    (it reads like an e-mail address)."""
    hinted = _has_credential_hint(text)
    if "=" not in text and "@" not in text and "%" not in text and not hinted:
        return text
    if ("//" in text or "\\\\" in text or ":" in text) and any(c in text for c in "@?#;%"):
        text = _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text)
    if "=" in text:
        text = _TEXT_PARAMETER.sub(_redact_text_parameter, text)
    if hinted:
        text = _TEXT_HEADER.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
        text = _TEXT_CREDENTIAL.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    return text


#: ``scrub`` without its cache, for text that seldom repeats (held in the cache, it would only
#: push the messages that do out of it).
scrub_once = scrub.__wrapped__
