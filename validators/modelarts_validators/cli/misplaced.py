"""What a file given to ``request`` or ``response`` is when it is not a body: a capture (HAR,
NDJSON, gzip) or an OpenAPI document. Judged as a body, a HAR is an object whose keys are all
undocumented fields, which passes with a warning: the user learns nothing and trusts a check
that never ran. Recognised, it is one line naming the command that reads it, exit 2."""

from __future__ import annotations

import re
from typing import Any

from .._deferred import orjson

_GZIP_MAGIC = b"\x1f\x8b"
_BOM = b"\xef\xbb\xbf"
#: A YAML OpenAPI document: a top-level ``openapi:`` or ``swagger:`` key with a version.
_YAML_SPEC = re.compile(rb"^(?:openapi|swagger)[ \t]*:[ \t]*['\"]?\d", re.MULTILINE)


def misplaced_input(name: str, raw: bytes, command: str) -> str | None:
    """The one-line error for a body ``raw`` (read from ``name``, ``<stdin>`` for ``-``) that
    is a capture or a spec, ``None`` for anything else (a body, valid or not, is judged)."""
    argument = "-" if name == "<stdin>" else name
    traffic = f"check it with `modelarts-validate traffic {argument}`"
    if raw.startswith(_GZIP_MAGIC):
        return f"{name}: this is a gzip-compressed file, not a {command} body: {traffic}"
    text = raw.removeprefix(_BOM)
    kind = _kind(text)
    if kind == "spec":
        return (
            f"{name}: this is an OpenAPI document, not a {command} body:"
            f" give it as `--spec {argument}` and the body to check as FILE"
        )
    if kind is not None:
        return f"{name}: this is {kind}, not a {command} body: {traffic}"
    return None


def _kind(text: bytes) -> str | None:
    try:
        document: Any = orjson.loads(text)
    except orjson.JSONDecodeError:
        if _YAML_SPEC.search(text[:65536]):
            return "spec"
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > 1 and all(_is_ndjson_record(line) for line in lines[:2]):
            return "an NDJSON capture"
        return None
    if not isinstance(document, dict):
        return None
    log = document.get("log")
    if isinstance(log, dict) and isinstance(log.get("entries"), list):
        return "a HAR capture"
    version = document.get("openapi", document.get("swagger"))
    if isinstance(version, str) and isinstance(document.get("paths", {}), dict):
        return "spec"
    if _is_record(document):
        return "an NDJSON capture"
    return None


def _is_ndjson_record(line: bytes) -> bool:
    try:
        return _is_record(orjson.loads(line))
    except orjson.JSONDecodeError:
        return False


def _is_record(value: Any) -> bool:
    """An NDJSON capture's record: a ``request`` object with its ``method`` and ``url``."""
    if not isinstance(value, dict):
        return False
    request = value.get("request")
    return isinstance(request, dict) and "method" in request and "url" in request
