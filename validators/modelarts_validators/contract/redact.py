"""Keep credentials out of every output.

Captures carry live credentials: the AK/SK ``Authorization`` signature, IAM tokens in
``X-Auth-Token`` (and ``X-Subject-Token`` when IAM itself was recorded), temporary-credential
``X-Security-Token``, cookies, and tokens or signatures in query strings. None of them may reach a
report, a diagnostic or an echoed URL.

Two layers, so that one forgotten path cannot leak:

1. The readers redact on the way in (``header_dict``, ``redact_url``): secret header values and
   secret query parameter values are replaced before an exchange exists, so the checks and every
   finding only ever see ``[REDACTED]``. A header's presence stays visible, its value does not.
2. The reports scrub every string they print (``scrub``): URLs inside free text (messages,
   reader diagnostics, values echoed from bodies) lose their secret query values, and
   ``Authorization``-style credentials (``SDK-HMAC-SHA256 Access=...``, ``Bearer ...``) lose theirs.

Both are cheap on the common path: a header name is one set lookup, a URL without ``?`` or ``@`` is
returned as it is, and text without ``=``, ``@`` or a credential scheme is not searched further.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

REDACTED = "[REDACTED]"

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

#: Query parameter names (lower case) whose values are credentials. Names containing
#: ``token``, ``secret``, ``password``, ``signature`` or ``credential``, and every ``x-amz-*`` or
#: ``x-goog-*`` name, are secret too (see ``is_secret_parameter``).
SECRET_PARAMETERS: frozenset[str] = frozenset(
    {
        "sig",
        "signature",
        "key",
        "apikey",
        "api_key",
        "api-key",
        "ak",
        "sk",
        "access_key",
        "accesskey",
        "secret_key",
        "secretkey",
        "password",
        "passwd",
        "pwd",
        "auth",
        "authorization",
        "code",
        "session",
        "sessionid",
        "session_id",
        "jsessionid",
        "sid",
    }
)
_SECRET_PARTS = ("token", "secret", "password", "signature", "credential")
_SECRET_PREFIXES = ("x-amz-", "x-goog-", "x-obs-")


def is_secret_parameter(name: str) -> bool:
    lowered = name.lower()
    return (
        lowered in SECRET_PARAMETERS
        or any(part in lowered for part in _SECRET_PARTS)
        or lowered.startswith(_SECRET_PREFIXES)
    )


def header_dict(pairs: Iterable[tuple[str, str]], *, redact: bool = True) -> dict[str, str]:
    """Header pairs as the checks see them: names lower-cased, repeated names joined with
    ``", "``, credential values replaced by ``[REDACTED]`` (unless ``redact`` is false: a server
    that verifies the credentials, and never prints them)."""
    headers: dict[str, str] = {}
    for name, value in pairs:
        key = name.lower()
        if redact and key in SECRET_HEADERS:
            value = REDACTED
        previous = headers.get(key)
        headers[key] = value if previous is None else f"{previous}, {value}"
    return headers


# One query parameter: its name (group 1) and value (group 2), up to the next & or # or the end.
_PARAMETER = re.compile(r"([^&=#]*)=([^&#]*)")
# user:password@ in the authority part of a URL.
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#@]*)@")


def redact_url(url: str) -> str:
    """``url`` with the values of secret query parameters and any ``user:password@`` replaced.

    >>> redact_url("https://h/v2/p/x?limit=1&X-Amz-Signature=abc")
    'https://h/v2/p/x?limit=1&X-Amz-Signature=[REDACTED]'

    A redacted query value reads ``[REDACTED]`` (URL parsers accept brackets in a query); a
    redacted ``user:password@`` reads ``REDACTED@``, since brackets are not allowed there.
    """
    if "@" in url:
        url = _USERINFO.sub(r"\1REDACTED@", url, count=1)
    question = url.find("?")
    if question < 0:
        return url
    fragment = url.find("#", question)
    end = len(url) if fragment < 0 else fragment
    query = _PARAMETER.sub(_redact_parameter, url[question + 1 : end])
    return f"{url[: question + 1]}{query}{url[end:]}"


def _redact_parameter(match: re.Match[str]) -> str:
    name = match.group(1)
    return f"{name}={REDACTED}" if is_secret_parameter(name) else match.group(0)


# In free text: a query parameter whose name looks secret, wherever it appears.
_TEXT_PARAMETER = re.compile(
    r"(?i)([?&;]|\b)("
    + "|".join(sorted((re.escape(p) for p in SECRET_PARAMETERS), key=len, reverse=True))
    + r"|[\w.-]*(?:token|secret|password|signature|credential)[\w.-]*"
    + r"|x-(?:amz|goog|obs)-[\w.-]+)=([^&#\s'\"<>,;)]*)"
)
# Credentials after an authentication scheme: "SDK-HMAC-SHA256 Access=..., Signature=...",
# "Bearer <token>", "Basic <base64>"; and header-style "X-Auth-Token: <token>".
_TEXT_CREDENTIAL = re.compile(
    r"(?i)\b(SDK-HMAC-SHA256|AWS4-HMAC-SHA256|Bearer|Basic|Digest)\s+[^\s'\"<>]+(?:,\s*[^\s'\"<>]+)*"
)
_TEXT_HEADER = re.compile(
    r"(?i)\b("
    + "|".join(re.escape(h) for h in sorted(SECRET_HEADERS, key=len, reverse=True))
    + r")(['\"]?\s*[:=]\s*['\"]?)([^'\"\r\n]+)"
)
_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]+")
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


@lru_cache(maxsize=1 << 16)
def scrub(text: str) -> str:
    """Free text with every credential it may carry replaced: secret query values (in URLs
    and elsewhere), ``user:password@`` in URLs, credentials after an authentication scheme, and
    values after a secret header name. Cached: a run repeats the same messages many times."""
    hinted = _has_credential_hint(text)
    if "=" not in text and "@" not in text and not hinted:
        return text
    if "://" in text and "@" in text:
        text = _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text)
    if "=" in text:
        text = _TEXT_PARAMETER.sub(lambda m: f"{m.group(1)}{m.group(2)}={REDACTED}", text)
    if hinted:
        text = _TEXT_HEADER.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
        text = _TEXT_CREDENTIAL.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    return text
