"""``contract.lazy_re``: a module-level pattern compiled on first use, then the compiled
pattern's own methods."""

from __future__ import annotations

import copy
import re

import pytest
from modelarts_validators.contract.lazy_re import lazy_compile


def test_it_answers_as_the_compiled_pattern() -> None:
    source, flags = r"(?<![^;?#/&=])([^;?#/&=]*)=", re.IGNORECASE
    lazy, eager = lazy_compile(source, flags), re.compile(source, flags)
    text = "a=1&Token=2;x=#y=3"
    assert lazy.findall(text) == eager.findall(text)
    assert lazy.sub("<>", text) == eager.sub("<>", text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert (lazy.pattern, lazy.flags) == (eager.pattern, eager.flags)
    raw = lazy_compile(rb"\A[ \t]*\{")
    assert raw.match(b" {") is not None
    assert raw.match(b"x") is None


def test_it_compiles_once_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    real = re.compile

    def counting(pattern: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(re, "compile", counting)
    lazy = lazy_compile(r"\d+")
    assert compiled == []
    assert lazy.sub("#", "a1b22") == "a#b#"
    assert lazy.sub("", "3") == ""
    assert lazy.search("x9") is not None
    assert lazy.sub("", "4") == ""
    assert compiled == [r"\d+"]


def test_a_bad_pattern_fails_when_used_and_copies_work() -> None:
    broken = lazy_compile("(")
    with pytest.raises(re.error):
        broken.search("x")
    assert copy.copy(lazy_compile("a")).match("a") is not None
    assert repr(lazy_compile("a")) == "lazy_compile('a')"
