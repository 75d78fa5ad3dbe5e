"""What travels on the wire: the route of a request, media types, JSON bodies and values.

JSON is parsed with orjson. orjson reads an integer beyond the 64-bit range as a float, which
loses its exact value: where that matters (a body that fails validation on such a float, or
one holding -2**63, which an integer just below -2**63 rounds to), the body is parsed again
with the ``json`` module, which keeps integers exact, so such an integer is reported, exactly,
as ``integer-out-of-range``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import SplitResult, unquote, urlsplit

from .._deferred import orjson
from .._frozen import frozen
from .lazy_re import lazy_compile
from .short_cache import short, short_cache
from .spec import Content, MediaType

MediaTypeName = tuple[str, tuple[tuple[str, str], ...]]

#: How many distinct answers a per-contract cache keeps (routes of URLs, valid path parameters):
#: a capture repeats a handful of them, a hostile one cannot grow memory without bound.
CACHED = 4096


_DEFAULT_PORTS = {"http": 80, "https": 443}


@frozen
class Server:
    """A base URL the operation is served under: scheme, host, port and a path prefix (``""``
    or ``/modelarts``, never ending in ``/``), as ``parse_server`` reads it."""

    scheme: str
    host: str
    port: int
    prefix: str

    def __init__(
        self,
        scheme: str,
        host: str,
        port: int,
        prefix: str,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "scheme", scheme)
        set_(self, "host", host)
        set_(self, "port", port)
        set_(self, "prefix", prefix)

    def __str__(self) -> str:
        port = "" if _DEFAULT_PORTS[self.scheme] == self.port else f":{self.port}"
        return f"{self.scheme}://{self.host}{port}{self.prefix}"


def parse_server(url: str) -> Server:
    """``https://gw.example.com/modelarts`` as a ``Server``. Raises ``ValueError`` (a one-line
    reason that never repeats credentials) unless ``url`` is an absolute http(s) URL with a
    host and without user information, query or fragment."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise ValueError("not an absolute http(s) URL (a bad port or host)") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise ValueError("not an absolute http(s) URL (such as https://gw.example.com/prefix)")
    if "@" in parts.netloc:
        raise ValueError("a server URL holds no user name or password")
    if parts.query or parts.fragment or "?" in url or "#" in url:
        raise ValueError("a server URL has no query or fragment")
    prefix = parts.path.rstrip("/")
    return Server(scheme, parts.hostname, port or _DEFAULT_PORTS[scheme], prefix)


class Route:
    """A method and a path template; ``match`` gives the path parameters of a matching URL.

    A URL ``urlsplit`` refuses (a malformed IPv6 host) matches no operation: its record is other
    traffic (a port that is not a number is refused only where ``servers`` compare ports).

    The URL may be absolute or a path, with or without a query (which is ignored). One trailing
    slash is tolerated: the request plainly targets this operation, and leaving it unmatched
    would hide its body from validation. Parameter values are percent-decoded and may be empty
    (``/v2//training-job-searches``): checking them is the parameter schema's job.

    Without ``servers`` any host matches and the path must be the template exactly. With
    ``servers`` an absolute URL matches when its scheme, host and port are one server's and its
    path is that server's prefix followed by the template (``https://gw.example.com/modelarts``
    matches ``https://gw.example.com/modelarts/v2/{project_id}/training-job-searches``); a URL
    recorded as a path alone (no host to compare) matches when its path is one server's prefix
    followed by the template.
    """

    def __init__(self, method: str, template: str, servers: Sequence[Server] = ()) -> None:
        parts = re.split(r"\{([^{}]+)\}", template)
        self.method = method.upper()
        self.names = tuple(parts[1::2])
        self.servers = tuple(servers)
        pattern = "".join(re.escape(p) if i % 2 == 0 else "([^/]*)" for i, p in enumerate(parts))
        self._regex = re.compile(pattern + "/?")
        self._tail = re.compile(pattern + "/?$")
        # captures repeat a handful of URLs: the answer for each, up to CACHED of them
        self._seen: dict[tuple[str, str], tuple[tuple[str, str], ...] | None] = {}

    def match(self, method: str, url: str) -> dict[str, str] | None:
        key = (method, url)
        try:
            found = self._seen[key]
        except KeyError:
            found = self._match(method, url)
            if len(self._seen) < CACHED and short(url) and short(method):
                self._seen[key] = found
        return None if found is None else dict(found)

    def _match(self, method: str, url: str) -> tuple[tuple[str, str], ...] | None:
        if method.upper() != self.method:
            return None
        try:
            parts = split_url(url)
        except ValueError:  # not a URL (``http://[::1/v2/...``, a bad port): not this operation's
            return None
        path = parts.path
        if self.servers:
            under = next((p for s in self.servers if (p := _under(s, parts)) is not None), None)
            if under is None:
                return None
            path = under
        found = self._regex.fullmatch(path)
        if found is None:
            return None
        return tuple(
            (name, unquote(value)) for name, value in zip(self.names, found.groups(), strict=True)
        )

    def near(self, method: str, url: str) -> str | None:
        """For a URL ``match`` refused: the base it was sent to (scheme, host and port, path
        prefix; no user information) when its method is this route's and its path ends in the
        template, else None. What a ``--server`` would have to name for it to be checked."""
        if method.upper() != self.method:
            return None
        try:
            parts = split_url(url)
            port = parts.port
        except ValueError:
            return None
        found = self._tail.search(parts.path)
        if found is None:
            return None
        prefix = parts.path[: found.start()]
        if not parts.hostname:
            return prefix or "/"
        scheme = parts.scheme.lower()
        shown = "" if port is None or _DEFAULT_PORTS.get(scheme) == port else f":{port}"
        return f"{scheme}://{parts.hostname}{shown}{prefix}"


def _under(server: Server, parts: SplitResult) -> str | None:
    """The path of a URL after ``server``'s prefix, or None when it is not under ``server``."""
    if parts.netloc or parts.scheme:
        scheme = parts.scheme.lower()
        try:
            port = parts.port or _DEFAULT_PORTS.get(scheme)
        except ValueError:
            return None
        if scheme != server.scheme or parts.hostname != server.host or port != server.port:
            return None
    path = parts.path
    if not path.startswith(server.prefix):
        return None
    return path[len(server.prefix) :]


def split_url(url: str) -> SplitResult:
    """``urlsplit(url)``; a URL longer than ``short_cache.short`` keeps is split without the cache
    ``urlsplit`` keeps of the URLs it splits (a capture's distinct huge URLs would stay)."""
    return urlsplit(url) if short(url) else _split_uncached(url)


#: ``urlsplit`` itself, without the cache (Python 3.11 caches it with ``lru_cache``).
_split_uncached = getattr(urlsplit, "__wrapped__", urlsplit)


def header(headers: Mapping[str, str], name: str) -> str | None:
    """A header's value by case-insensitive name."""
    value = headers.get(name)
    if value is not None:
        return value
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), None)


@short_cache(maxsize=256)
def parse_media_type(value: str) -> MediaTypeName:
    """``Application/JSON; charset="UTF-8"`` -> ``("application/json", (("charset", "utf-8"),))``."""
    essence, *params = value.split(";")
    pairs = []
    for param in params:
        name, _, arg = param.partition("=")
        name = name.strip().lower()
        if name:
            arg = arg.strip().strip('"')
            pairs.append((name, arg.lower() if name == "charset" else arg))
    return essence.strip().lower(), tuple(sorted(pairs))


def pick_media_type(content: Content, value: str | None) -> MediaType | None:
    """The documented media type a Content-Type header selects, or None when it names none.

    The type and subtype must be a documented one; parameters (``;charset=utf-8``) are
    accepted. A media type documented with exactly those parameters is preferred, then one
    documented without parameters."""
    return None if value is None else _pick(content.media_types, value)


@short_cache(maxsize=1024)
def _pick(media_types: tuple[MediaType, ...], value: str) -> MediaType | None:
    essence, params = parse_media_type(value)
    same = [m for m in media_types if parse_media_type(m.name)[0] == essence]
    exact = [m for m in same if parse_media_type(m.name)[1] == params]
    bare = [m for m in same if not parse_media_type(m.name)[1]]
    best = exact or bare or same
    return best[0] if best else None


def is_json(media_type: MediaType) -> bool:
    essence = parse_media_type(media_type.name)[0]
    return essence == "application/json" or essence.endswith("+json")


def parse_json(body: bytes) -> tuple[Any, str | None]:
    """The parsed body and None, or None and orjson's one-line reason it is not JSON."""
    try:
        return orjson.loads(body), None
    except orjson.JSONDecodeError as error:
        return None, str(error)


_DIGITS = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))


def has_long_integer(body: bytes) -> bool:
    """Whether the body holds a run of 19 or more digits: an integer orjson may not keep exact
    (or a long digit string, which costs only a second, exact parse)."""
    return b"0" * 19 in body.translate(_DIGITS)


class NotJsonConstant(ValueError):
    """``NaN``, ``Infinity`` or ``-Infinity`` in a document: Python's ``json`` reads them, JSON
    has no such values."""


def reject_constant(name: str) -> Any:
    """``parse_constant`` for the ``json`` module: ``NaN`` and ``Infinity`` are not JSON."""
    raise NotJsonConstant(f"{name} is not a JSON value")


#: Digits Python converts to an integer (``sys.get_int_max_str_digits``).
MAX_DIGITS = 4300
#: What a longer integer is read as: a number far beyond any format's range (and small enough for
#: both engines to compare and print), whose range check fails; messages and reports name it by
#: what it stands for (``describe_long``).
TOO_LONG = 10**400


def _exact_int(text: str) -> int:
    if len(text) - text.startswith("-") <= MAX_DIGITS:
        return int(text)
    return -TOO_LONG if text.startswith("-") else TOO_LONG


def describe_long(value: int) -> str | None:
    """How a message names an integer too long to print whole, or None for one to print."""
    size = abs(value)
    if size < 10**40:
        return None
    if size == TOO_LONG:
        return f"an integer of more than {MAX_DIGITS:,} digits"
    return f"an integer of {len(str(size))} digits"


def parse_json_exact(body: bytes) -> Any:
    """Parse JSON keeping every integer exact (one too long to convert as ``TOO_LONG``): for a
    body orjson read inexactly, or refused for a number beyond the range of a double."""
    return json.loads(body.decode("utf-8"), parse_constant=reject_constant, parse_int=_exact_int)


def depth(value: Any) -> int:
    """How many arrays and objects deep a parsed value nests, worked out without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in node if isinstance(child, dict | list))
    return deepest


_BRACKETS = lazy_compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def raw_depth(body: bytes) -> int:
    """How deep the arrays and objects of JSON text nest (strings stepped over), unparsed."""
    deepest = level = 0
    for token in _BRACKETS.findall(body):
        if token in (b"[", b"{"):
            level += 1
            deepest = max(deepest, level)
        elif token in (b"]", b"}"):
            level -= 1
    return deepest


_JSON_TYPES: tuple[tuple[type, str], ...] = ((str, "string"), (dict, "object"), (list, "array"))


def json_type(value: Any) -> str:
    """The JSON Schema type name of a parsed JSON value (an integral float is an integer)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    return next((name for kind, name in _JSON_TYPES if isinstance(value, kind)), "unknown")
