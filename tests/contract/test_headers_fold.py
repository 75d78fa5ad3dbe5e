"""Header lists folded in C (``contract/_headers.c``) are folded exactly as ``redact.header_dict``
folds them in Python; any list the C fold does not decide is left to Python."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from modelarts_validators.capture.ndjson import ndjson_records
from modelarts_validators.contract import redact
from modelarts_validators.contract.model import Exchange
from modelarts_validators.contract.redact import REDACTED, SECRET_HEADERS, header_dict

NAMES = st.sampled_from(["Content-Type", "content-type", "X-Auth-Token", "Cookie", "A", ""])
TEXT = st.one_of(NAMES, st.text(max_size=8), st.just("caf\u00e9"), st.just("\ud800"))
PAIRS = st.lists(
    st.one_of(
        st.tuples(TEXT, TEXT),
        st.tuples(TEXT, TEXT).map(list),
        st.lists(TEXT, max_size=3),
        st.tuples(TEXT, st.one_of(st.integers(), st.none())),
        st.just("ab"),
    ),
    max_size=8,
)


def in_python(pairs: Any, redacting: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patch:
        patch.setattr(redact, "_fold", None)
        try:
            return header_dict(pairs, redact=redacting)
        except (TypeError, ValueError) as error:
            return type(error)


def test_the_validators_here_are_built_with_the_fold() -> None:
    assert redact.NATIVE, "contract/_headers.c was not built: a C compiler is needed"


@given(PAIRS, st.booleans())
def test_a_folded_list_is_what_python_folds(pairs: list[Any], redacting: bool) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        expected = in_python(pairs, redacting, monkeypatch)
    secret = SECRET_HEADERS if redacting else frozenset()
    assert redact._fold is not None
    folded = redact._fold(pairs, secret, REDACTED)
    if folded is not None:
        assert folded == expected
        assert list(folded) == list(expected)  # (in the same order)
    try:
        got: Any = header_dict(pairs, redact=redacting)
    except (TypeError, ValueError) as error:
        got = type(error)
    assert got == expected


def test_plain_pairs_are_folded_in_c() -> None:
    assert redact._fold is not None
    pairs = [["Content-Type", "a"], ("X-Auth-Token", "t"), ["content-type", "b"], ["Ok", "x"]]
    folded = redact._fold(pairs, SECRET_HEADERS, REDACTED)
    assert folded == {"content-type": "a, b", "x-auth-token": REDACTED, "ok": "x"}
    assert redact._fold([["caf\u00e9", "x"]], SECRET_HEADERS, REDACTED) is None
    assert redact._fold([["a", 1]], SECRET_HEADERS, REDACTED) is None
    assert redact._fold([["a", "b", "c"]], SECRET_HEADERS, REDACTED) is None
    with pytest.raises(TypeError):
        redact._fold((("a", "b"),), SECRET_HEADERS, REDACTED)


def test_ndjson_records_read_the_same_with_and_without_the_fold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = [
        b'{"request": {"method": "POST", "url": "https://h/x", "headers": [["A", "1"], '
        b'["Authorization", "s"], ["a", "2"]]}, "response": {"status": 200, "headers": '
        b'[["Set-Cookie", "c"], ["X", "\\u00e9"]]}}\n',
        b'{"request": {"method": "POST", "url": "https://h/x", "headers": [["A", 1]]}}\n',
        b'{"request": {"method": "POST", "url": "https://h/x", "headers": [["A"]]}}\n',
    ]
    native = list(ndjson_records(lines, "n"))
    monkeypatch.setattr(redact, "_fold", None)
    assert list(ndjson_records(lines, "n")) == native
    first = native[0]
    assert isinstance(first, Exchange)
    assert first.request.headers == {"a": "1, 2", "authorization": REDACTED}
