"""JSON Pointers (RFC 6901): into a body, and into the spec document as URI fragments.

A *location* is a tuple of reference tokens, ``("components", "schemas", "Filter")``; a body
path may hold array indices as integers. Escaping (``~`` as ``~0``, ``/`` as ``~1``) is written
once, here, for every pointer the validators print or read.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote, unquote

#: Where something is written in the spec document (or in the derived schemas).
Location = tuple[str, ...]
#: Where a value is in a body: names and array indices.
BodyPath = tuple[str | int, ...]


def escape(token: str) -> str:
    """One reference token as written in a pointer."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """One reference token of a pointer as the name it stands for."""
    return token.replace("~1", "/").replace("~0", "~")


def pointer(path: Sequence[str | int]) -> str:
    """A body path as a pointer: ``("items", 0, "a/b")`` -> ``/items/0/a~1b``."""
    joined = "/".join(map(str, path))
    if "~" in joined or joined.count("/") >= len(path):  # a token to escape
        return "".join("/" + escape(str(t)) for t in path)
    return "/" + joined if path else ""


def tokens(text: str) -> list[str]:
    """The reference tokens of a pointer (``""`` is the whole document)."""
    return [unescape(t) for t in text.split("/")[1:]] if text else []


def fragment(location: Location) -> str:
    """A location as a URI fragment (RFC 6901, section 6):
    ``("paths", "/v2/{id}")`` -> ``#/paths/~1v2~1%7Bid%7D``."""
    return "#" + "".join(map(_piece, location))


#: Each reference token as ``fragment`` writes it (``/``, then the token escaped and quoted),
#: once worked out: the spec's few hundred tokens are written many times (a coverage plan, the
#: explanations). Bounded: a token from traffic (an undocumented property's name) may be new
#: every time.
_PIECES: dict[str, str] = {}
_MAX_PIECES = 4096


def _piece(token: str) -> str:
    piece = _PIECES.get(token)
    if piece is None:
        piece = "/" + quote(escape(token), safe="!$&'()*+,;=:@-._~")
        if len(_PIECES) < _MAX_PIECES:
            _PIECES[token] = piece
    return piece


def parse_fragment(ref: str) -> Location | None:
    """A URI fragment (``#/components/schemas/Filter``) as a location; None when ``ref`` is not a
    local fragment."""
    if ref == "#":
        return ()
    if not ref.startswith("#/"):
        return None
    return tuple(unescape(unquote(t)) for t in ref[2:].split("/"))
