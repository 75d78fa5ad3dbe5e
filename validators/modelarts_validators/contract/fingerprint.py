"""The stable fingerprint of a finding: what the finding is, never where it happened.

Two findings have the same fingerprint when they have the same kind, side, schema pointer, body
pointer with array indices folded to ``*`` (``/items/3/status/phase`` -> ``/items/*/status/phase``)
and, for ``undocumented-value`` only, the same value. Entry numbers, URLs, messages and severity
(which ``--strict`` changes) are left out, so the same drift seen in another capture, on another
day, in another job of a page, has the same fingerprint: a baseline entry, a SARIF
``partialFingerprints`` value and the JSON report's ``fingerprint`` all use it.

The fingerprint is the first 16 hex digits of the SHA-256 of the parts as canonical JSON, with a
version number first: changing what it covers is changing that number, never silently changing
the fingerprints of the same parts. A value is scrubbed of credentials before it is hashed, as it
is before any report shows it.
"""

from __future__ import annotations

import json
from typing import Any

from .digest import sha256_hex
from .findings import Finding, Kind
from .lazy_re import lazy_compile
from .redact import scrub
from .short_cache import short_cache

#: Part of every fingerprint: bumped when what a fingerprint covers changes.
VERSION = 1

_INDEX = lazy_compile(r"/\d+(?=/|$)")


@short_cache(maxsize=4096)
def fold(pointer: str) -> str:
    """``/items/12/status`` -> ``/items/*/status``: the findings of every array item together.

    A token of digits alone is taken for an array index, even where it is an object key (a map
    keyed by numbers folds too: both read the same)."""
    return _INDEX.sub("/*", pointer)


def fingerprint_value(kind: str, value: Any) -> Any:
    """The value a fingerprint covers: the value sent, for ``undocumented-value`` (scrubbed when
    a string); None for every other kind (their values vary from exchange to exchange)."""
    if kind != Kind.UNDOCUMENTED_VALUE:
        return None
    return scrub(value) if isinstance(value, str) else value


def fingerprint_of(
    kind: str, side: str | None, schema_pointer: str | None, pointer: str, value: Any = None
) -> str:
    """The fingerprint of the parts of a finding (``pointer`` folded here; ``value`` is used
    as given: pass it through ``fingerprint_value``)."""
    try:
        return _hashed(str(kind), side, schema_pointer, fold(pointer), value)
    except TypeError:  # a value that cannot be a cache key (a list, an object)
        return _hashed.__wrapped__(str(kind), side, schema_pointer, fold(pointer), value)


@short_cache(maxsize=4096)
def _hashed(
    kind: str, side: str | None, schema_pointer: str | None, pointer: str, value: Any
) -> str:
    parts = [VERSION, kind, side, schema_pointer, pointer, value]
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return sha256_hex(text.encode("utf-8", "surrogatepass"))[:16]


def fingerprint(finding: Finding) -> str:
    """The fingerprint of a finding."""
    kind = str(finding.kind)
    value = fingerprint_value(kind, finding.actual)
    return fingerprint_of(kind, finding.side, finding.schema_pointer, finding.pointer, value)


#: The fingerprint of every unreadable record (they have no side, pointer or schema pointer).
UNREADABLE_FINGERPRINT = fingerprint_of(str(Kind.UNREADABLE), None, None, "")
