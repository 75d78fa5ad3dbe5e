"""The package's one logger, and the redaction every log line and error message goes through.

All debug output of the client goes to the ``logging`` logger named ``modelarts_training_client``
(the name stays the same when the folder is vendored under another package, so that one
``logging.getLogger("modelarts_training_client").setLevel(logging.DEBUG)`` turns it on wherever
the copy lives). It logs one line per request attempt and one per retry, never a body.

Credentials never reach a log line: :func:`redact_headers` replaces the values of
``Authorization`` (the AK and the signature), ``X-Auth-Token``, ``X-Security-Token``, cookies and
proxy credentials, and :func:`redact_url` drops a URL's user information and the values of
token-like query parameters.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

__all__ = ["LOGGER_NAME", "REDACTED", "SECRET_HEADERS", "logger", "redact_headers", "redact_url"]

LOGGER_NAME = "modelarts_training_client"
logger = logging.getLogger(LOGGER_NAME)

REDACTED = "<redacted>"
#: Header names (lower-case) whose values are credentials.
SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "x-auth-token",
        "x-security-token",
        "x-subject-token",
        "cookie",
        "set-cookie",
    }
)
#: Query parameters whose values are credentials (lower-case names).
_SECRET_PARAMS = frozenset(
    {"token", "access_token", "x-auth-token", "security_token", "sk", "ak", "signature"}
)


def redact_headers(headers: httpx.Headers | Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """``(name, value)`` pairs with the value of every credential header replaced by ``<redacted>``."""
    pairs = headers.multi_items() if isinstance(headers, httpx.Headers) else list(headers)
    return [(name, REDACTED if name.lower() in SECRET_HEADERS else value) for name, value in pairs]


def redact_url(url: str | httpx.URL) -> str:
    """``url`` without user information and with credential-like query values redacted."""
    parts = urlsplit(str(url))
    netloc = parts.netloc.rpartition("@")[2]
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(name.lower() in _SECRET_PARAMS for name, _ in pairs):
            query = urlencode(
                [(n, REDACTED if n.lower() in _SECRET_PARAMS else v) for n, v in pairs]
            )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
