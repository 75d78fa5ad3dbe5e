"""``contract.digest``: SHA-256 without hashlib's OpenSSL, the same digests as hashlib's."""

from __future__ import annotations

import hashlib

import pytest
from modelarts_validators.contract import digest


@pytest.mark.parametrize("data", [b"", b"abc", bytes(range(256)) * 300, "é\u2028".encode()])
def test_the_digest_is_hashlibs(data: bytes) -> None:
    assert digest.sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_without_cpythons_own_module_hashlib_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> None:
        raise ImportError(name)

    monkeypatch.setattr(digest, "import_module", missing)
    digest._sha256.cache_clear()
    try:
        assert digest._sha256() is hashlib.sha256
        assert digest.sha256_hex(b"abc") == hashlib.sha256(b"abc").hexdigest()
    finally:
        digest._sha256.cache_clear()
