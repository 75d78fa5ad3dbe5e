"""SHA-256 hex digests without OpenSSL's start-up cost.

``hashlib`` loads OpenSSL's libcrypto when it is imported, which takes longer than the rest of
loading the packaged spec: a noticeable part of a short run's start-up (issue 18). CPython's own
SHA-256 module (``_sha2`` from 3.12, ``_sha256`` in 3.11) computes the same digests without it;
``hashlib`` is used where neither is built.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import import_module
from typing import Any


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 lower-case hex digits, as
    ``hashlib.sha256(data).hexdigest()`` gives it."""
    digest: str = _sha256()(data).hexdigest()
    return digest


@cache
def _sha256() -> Callable[[bytes], Any]:
    for name in ("_sha2", "_sha256"):
        try:
            return import_module(name).sha256  # type: ignore[no-any-return]
        except (ImportError, AttributeError):
            continue
    import hashlib

    return hashlib.sha256
