"""``capture/_scan.c``: where a JSON object or array ends, found without decoding it. Held to
the standard library's parser on any JSON, at every alignment (it reads strings sixteen bytes at
a time), on every prefix (truncated), and on brackets that do not match or nest too deep."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from modelarts_validators.capture import _scan, har_typed

from tests.capture.test_fuzz_readers import values

SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)

#: Strings whose quotes and backslashes fall anywhere in a sixteen-byte block, and across blocks.
tricky_text = st.text(alphabet=st.sampled_from('"\\ab/\u00e9\U0001f600{}[]'), max_size=70)


def containers(leaves: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(tricky_text, inner, max_size=4),
        max_leaves=20,
    ).map(lambda value: value if isinstance(value, (list, dict)) else [value])


json_containers = containers(st.none() | st.booleans() | st.integers() | tricky_text)


def test_the_validators_here_are_built_with_the_scanner() -> None:
    # `make setup` builds it (setup.py); without a C compiler the reader asks msgspec instead:
    # never on the machines this project is tested on
    assert har_typed.NATIVE, "capture/_scan.c was not built: a C compiler is needed"


@SETTINGS
@given(json_containers, st.integers(0, 31), st.booleans(), st.sampled_from(["", " ", ",{", "]"]))
@example({"a": '\\"' * 20}, 0, False, ",")
@example(["\\" * 15 + '"'], 3, True, "")
def test_the_end_of_any_json_value_is_where_the_parser_ends_it(
    value: Any, pad: int, ascii_only: bool, after: str
) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    data = bytearray(b"x" * pad + text.encode() + after.encode())
    end = _scan.value_end(data, pad)
    decoded, stop = json.JSONDecoder().raw_decode(data.decode(), pad)
    assert decoded == value
    assert end == len(b"x" * pad + text.encode())
    assert len(data[:end].decode()) == stop  # the parser ends it there too


@SETTINGS
@given(json_containers, st.integers(0, 17))
def test_every_prefix_of_a_value_is_truncated(value: Any, pad: int) -> None:
    data = b" " * pad + json.dumps(value, separators=(",", ":")).encode()
    for cut in range(pad + 1, len(data)):
        assert _scan.value_end(data[:cut], pad) == _scan.TRUNCATED, data[:cut]
    assert _scan.value_end(data, pad) == len(data)


def test_escaped_quotes_and_backslashes_at_every_place_in_a_block() -> None:
    for pad in range(40):
        for slashes in range(6):
            # in the JSON text: "a" * pad, then 2 * slashes backslashes, then \" and \\"
            inner = "a" * pad + "\\" * slashes + '"b' + "\\"
            data = json.dumps([inner, "c"]).encode()
            assert _scan.value_end(data, 0) == len(data), (pad, slashes, data)
            assert _scan.value_end(data[:-1], 0) == _scan.TRUNCATED


@pytest.mark.parametrize(
    ("data", "start", "expected"),
    [
        (b'{"a": [}', 0, "UNDECIDED"),  # brackets that do not match
        (b'{"a": 1]', 0, "UNDECIDED"),
        (b"]", 0, "UNDECIDED"),  # not at a bracket that opens
        (b'"a"', 0, "UNDECIDED"),
        (b"  {}", 0, "UNDECIDED"),  # white space is the caller's
        (b"{}", 3, "UNDECIDED"),  # past the end
        (b"{}", -1, "UNDECIDED"),
        (b"{}", 2, "TRUNCATED"),  # at the end: nothing read yet
        (b"", 0, "TRUNCATED"),
        (b'{"a": "}', 0, "TRUNCATED"),  # inside a string
        (b'{"a": "\\', 0, "TRUNCATED"),  # a backslash that ends the buffer
        (b"[" * 64 + b"]" * 64, 0, 128),  # as deep as it goes
        (b"[" * 65 + b"]" * 65, 0, "UNDECIDED"),  # deeper: the text reader decides
        (b"{} {}", 3, 5),
        (b'{"\\\\": "\\\\"}x', 0, 12),
    ],
)
def test_odd_buffers(data: bytes, start: int, expected: int | str) -> None:
    want = getattr(_scan, expected) if isinstance(expected, str) else expected
    assert _scan.value_end(data, start) == want
    assert _scan.value_end(bytearray(data), start) == want
    assert _scan.value_end(memoryview(data), start) == want


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("{}",), TypeError),  # one argument
        (("{}", 0), TypeError),  # a str is not a buffer
        ((b"{}", "0"), TypeError),
        ((b"{}", 1 << 80), OverflowError),
        ((None, 0), TypeError),
    ],
)
def test_wrong_arguments_raise(args: tuple[Any, ...], error: type[Exception]) -> None:
    with pytest.raises(error):
        _scan.value_end(*args)


def test_a_bytearray_is_not_resized_while_it_is_read_and_stays_usable() -> None:
    data = bytearray(b'{"a": "' + b"x" * 100_000 + b'"}')
    assert _scan.value_end(data, 0) == len(data)
    data += b", {}"  # the buffer export was released
    assert _scan.value_end(data, len(data) - 2) == len(data)


@given(values)
def test_any_value_the_fuzzer_makes(value: Any) -> None:
    text = json.dumps([value])
    assert _scan.value_end(text.encode(), 0) == len(text.encode())
