"""Hypothesis strategies for URLs with credentials planted in every place a URL can carry one,
and for URLs that carry none.

Every planted value starts with ``PLANTED`` and is otherwise made of letters and digits, so a
leak of any part of one (even a part cut off at an ``@`` or a ``;``) shows as ``PLANTED`` in the
output. The places:

- the user-info, after leading whitespace or a control character, with a scheme (tab inside it
  included), scheme-relative or a special scheme without slashes; with raw ``@``, ``:``, ``/``,
  ``?``, ``#`` inside the password (though no ``/``, ``?`` or ``#`` after a raw ``@``: every
  parser ends the authority there, at a well-formed host, and reads the rest as the path);
- ``;`` parameters of a path segment;
- the query: ``&`` or ``;`` separators, names in any case and partly percent-encoded, a redirect
  URL with a secret percent-encoded into a harmless parameter's value;
- the fragment: ``#access_token=...``, ``#/callback?id_token=...``.
"""

from __future__ import annotations

import functools
import string
from urllib.parse import quote

from hypothesis import strategies as st

PLANTED = "PLANTED"
HOST = "modelarts.cn-north-4.myhuaweicloud.com"
PROJECT = "0b3c1f9e2d4a45f6a7b8c9d0e1f2a3b4"
OPERATION = "training-job-searches"

#: Names whose values are credentials: the usual ones and every spelling the redactor is held to.
SECRET_NAMES = (
    "token",
    "access_token",
    "id_token",
    "refresh_token",
    "X-Auth-Token",
    "X-Security-Token",
    "X-Amz-Signature",
    "X-Amz-Credential",
    "X-Amz-Security-Token",
    "x-obs-security-token",
    "jwt",
    "sign",
    "sig",
    "signature",
    "bearer",
    "private_key",
    "privateKey",
    "access_key",
    "AccessKeyId",
    "access-key-id",
    "secret",
    "client_secret",
    "secret_key",
    "password",
    "passwd",
    "pwd",
    "key",
    "apikey",
    "api_key",
    "ak",
    "sk",
    "code",
    "credential",
    "jsessionid",
    "JSESSIONID",
    "sessionid",
    "PHPSESSID",
    "sid",
    "auth",
)
#: Parameter names no one takes for a credential.
PLAIN_NAMES = ("limit", "offset", "page", "lang", "sort_by", "order", "q", "region", "state", "v")
#: Characters a password may hold raw, each a place where a naive reading cuts it short. The last
#: four end the authority: a password holding one reaches no host (what follows the colon is no
#: port), so the user-info is all up to the last "@".
PASSWORD_SEPARATORS = ("@", ":", "%40", "!", "$", "&", "=", ";", ",", "+", "/", "?", "#", "\\")
#: What may precede a URL and is stripped by URL parsers (C0 controls and space).
LEADING = ("", " ", "  ", "\t", "\n", "\x00", "\x01", "\x1f", " \x0b")

_ALNUM = string.ascii_letters + string.digits


# Each strategy below is built once (``functools.cache``) and drawn from many times: building
# and validating Hypothesis strategies on every draw made drawing a URL cost tens of ms.


@functools.cache
def planted() -> st.SearchStrategy[str]:
    return st.text(_ALNUM, min_size=1, max_size=6).map(lambda tail: PLANTED + tail)


@functools.cache
def _either_case(char: str) -> st.SearchStrategy[str]:
    return st.sampled_from((char.lower(), char.upper()))


@functools.cache
def _either_hex_case(code: str) -> st.SearchStrategy[str]:
    return st.sampled_from((code, code.lower()))


_FIFTH = st.integers(0, 4)


@st.composite
def spelled(draw: st.DrawFn, names: tuple[str, ...] = SECRET_NAMES) -> str:
    """A name from ``names`` with each character in either case, and some percent-encoded."""
    name = draw(st.sampled_from(names))
    out = []
    for char in name:
        char = draw(_either_case(char))
        if draw(_FIFTH) == 0:
            code = f"{ord(char):02X}"
            char = "%" + draw(_either_hex_case(code))
        out.append(char)
    return "".join(out)


@functools.cache
def _secret_parameter() -> st.SearchStrategy[str]:
    return st.builds(lambda name, value: f"{name}={value}", spelled(), planted())


@functools.cache
def _plain_parameter() -> st.SearchStrategy[str]:
    return st.builds(
        lambda name, value: f"{name}={value}",
        st.sampled_from(PLAIN_NAMES),
        st.text(_ALNUM, max_size=4),
    )


@functools.cache
def _redirect_parameter() -> st.SearchStrategy[str]:
    """A harmless name whose value is a percent-encoded URL that carries a secret."""
    return st.builds(
        lambda secret: "redirect=" + quote(f"https://h/cb?{secret}", safe=""), _secret_parameter()
    )


@functools.cache
def _parameters(*, at_least_one_secret: bool) -> st.SearchStrategy[str]:
    one = st.one_of(_secret_parameter(), _plain_parameter(), _redirect_parameter())

    @st.composite
    def build(draw: st.DrawFn) -> str:
        items = draw(st.lists(one, max_size=4))
        if at_least_one_secret:
            items.insert(draw(st.integers(0, len(items))), draw(_secret_parameter()))
        text = ""
        for index, item in enumerate(items):
            text += (draw(st.sampled_from("&;")) if index else "") + item
        return text

    return build()


@functools.cache
@st.composite
def _userinfo(draw: st.DrawFn) -> str:
    """``user@``, ``user:password@``: planted, with raw separators inside the password."""
    user = draw(st.one_of(st.just("user"), planted()))
    if draw(st.booleans()) and user != "user":
        return user + "@"
    chunks = draw(st.lists(planted(), min_size=1, max_size=3))
    password = chunks[0]
    for chunk in chunks[1:]:
        # once a raw "@" is in, a "/", "?", "#" or "\\" would end a well-formed authority:
        # every parser would read what precedes it as the host, and the rest as the path
        allowed = PASSWORD_SEPARATORS[:-4] if "@" in password else PASSWORD_SEPARATORS
        password += draw(st.sampled_from(allowed)) + chunk
    return f"{user}:{password}@"


@st.composite
def planted_url(draw: st.DrawFn, *, routable: bool = False) -> str:
    """A URL of the operation with at least one credential planted, anywhere a URL holds one.
    ``routable`` leaves out the one shape (``https:user:pw@host``, a special scheme without
    slashes) whose redacted form Python's ``urlsplit`` reads without a host, so that the
    checks would take it for other traffic and no report would echo it."""
    places = draw(_PLACES)
    leading = draw(st.sampled_from(LEADING))
    scheme = draw(_SCHEMES)
    userinfo = draw(_userinfo()) if "userinfo" in places else ""
    if userinfo and scheme == "https://" and not routable and draw(st.booleans()):
        scheme = "https:"  # a special scheme needs no slashes before its authority
    port = draw(_PORTS)
    project = PROJECT
    if "path" in places:
        parameters = draw(_PATH_PARAMETERS)
        parameters.insert(0, draw(_secret_parameter()))
        project += ";" + ";".join(parameters)
    url = f"{leading}{scheme}{userinfo}{HOST}{port}/v2/{project}/{OPERATION}"
    if "query" in places:
        url += "?" + draw(_parameters(at_least_one_secret=True))
    if "fragment" in places:
        url += "#" + draw(_FRAGMENT_STARTS)
        url += draw(_parameters(at_least_one_secret=True))
    return url


_PLACES = st.sets(st.sampled_from(("userinfo", "path", "query", "fragment")), min_size=1)
_SCHEMES = st.sampled_from(("https://", "HTTPS://", "http://", "//", "ht\ttps://"))
_PORTS = st.sampled_from(("", ":443"))
_PATH_PARAMETERS = st.lists(st.one_of(_secret_parameter(), st.just("v=1")), max_size=2)
_FRAGMENT_STARTS = st.sampled_from(("", "/callback?", "state=x&"))


@st.composite
def plain_url(draw: st.DrawFn) -> str:
    """A URL that carries no credential, with everything that sends a URL down the slow path:
    a query (``&`` and ``;``), a fragment, ``;`` parameters and an ``@`` in the path."""
    port = draw(st.sampled_from(["", ":443", ":8080"]))
    host = draw(st.sampled_from([HOST, "127.0.0.1", "[::1]", "localhost"]))
    segments = draw(
        st.lists(
            st.one_of(
                st.text(_ALNUM + "-._~", min_size=1, max_size=8),
                st.sampled_from(["a@b", "x;v=1", "p;lang=en;q=2", "%40", "user@example.com"]),
            ),
            max_size=4,
        )
    )
    url = f"https://{host}{port}/" + "/".join(segments)
    if draw(st.booleans()):
        url += "?" + draw(st.lists(_plain_parameter(), max_size=3).map("&".join))
        if draw(st.booleans()):
            url = url.replace("&", ";")
    if draw(st.booleans()):
        url += "#" + draw(st.sampled_from(["", "top", "/route?page=2", "section;v=1"]))
    return url
