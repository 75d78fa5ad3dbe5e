"""``capture/_scan.c``: where a JSON object or array ends, found without decoding it. Held to
the standard library's parser on any JSON, at every alignment (it reads strings sixteen bytes at
a time), on every prefix (truncated), and on brackets that do not match or nest too deep."""

from __future__ import annotations

import json
import re
from typing import Any

import msgspec
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


# -- string_bytes: a JSON string token's text, as UTF-8 bytes -----------------------------------

STRING_BYTES = settings(max_examples=400)


@STRING_BYTES
@given(st.text(), st.booleans())
@example('"\\/\b\f\n\r\t\x00\x1f\x7f', True)
@example("\U0001f600" * 9, True)
@example("a" * 15 + '"' + "b" * 16 + "\\", False)
def test_the_bytes_of_any_string_are_its_text_encoded(text: str, ascii_only: bool) -> None:
    token = json.dumps(text, ensure_ascii=ascii_only).encode()
    assert _scan.string_bytes(token) == text.encode()
    assert _scan.string_bytes(bytearray(token)) == text.encode()
    assert _scan.string_bytes(memoryview(b"x" + token)[1:]) == text.encode()


@STRING_BYTES
@given(st.binary(max_size=60))
@example(b"\\u12")
@example(b"\\uZZZZ")
@example(b"\\ud83d\\u0041")
@example(b"\\ud83d")
@example(b"\\x")
@example(b"a\x00")
@example(b'a"b')
def test_any_token_is_what_msgspec_reads_or_left_to_it(inner: bytes) -> None:
    # only UTF-8 reaches it (the reader checks the bytes first)
    try:
        inner.decode()
    except UnicodeDecodeError:
        return
    token = b'"' + inner + b'"'
    got = _scan.string_bytes(token)
    try:
        text = msgspec.json.decode(token, type=str)
    except msgspec.DecodeError:
        assert got is None  # msgspec refuses it: so does this
        return
    try:
        expected = text.encode()
    except UnicodeEncodeError:  # a lone surrogate: left to msgspec
        assert got is None
        return
    assert got is None or got == expected
    if b"\\u" not in inner or not re.search(rb"\\u[dD][89abAB]", inner):
        assert got == expected  # only a surrogate escape is ever left undecided


@pytest.mark.parametrize(
    "token", [b"", b'"', b"'a'", b"a", b"null", b'"a', b'a"', b'"\\"', b'"\\ud800"', b'"\\udc00"']
)
def test_tokens_it_does_not_decide(token: bytes) -> None:
    assert _scan.string_bytes(token) is None


def test_string_bytes_takes_a_buffer() -> None:
    with pytest.raises(TypeError):
        _scan.string_bytes('"a"')  # type: ignore[arg-type]


# -- texts_end: value_end, and the string tokens at given paths of keys --------------------------

PATHS = ((b"request", b"postData", b"text"), (b"response", b"content", b"text"))


def spans_of(data: bytes) -> Any:
    found = _scan.texts_end(data, 0, PATHS)
    assert not isinstance(found, int), found
    end, spans = found
    assert end == _scan.value_end(data, 0)
    if spans is None:
        return None
    return [None if s is None else json.loads(data[s[0] : s[1]]) for s in spans]


keys = st.sampled_from(["request", "response", "postData", "content", "text", "x", "headers"])
entries = st.recursive(
    st.none() | st.integers() | tricky_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=25,
)


def expected_texts(value: Any) -> Any:
    found: list[str | None] = []
    for path in (("request", "postData", "text"), ("response", "content", "text")):
        node = value
        for key in path[:-1]:
            node = node.get(key) if isinstance(node, dict) else None
        if not isinstance(node, dict) or path[-1] not in node:
            found.append(None)
        elif not isinstance(node[path[-1]], str):
            return None  # a text that is not a string: left to the decoders
        else:
            found.append(node[path[-1]])
    return found


@SETTINGS
@given(st.dictionaries(keys, entries, max_size=4), st.booleans())
@example({"request": {"postData": {"text": "a"}}, "response": {"content": {"text": "b"}}}, True)
def test_the_texts_found_are_the_ones_at_the_paths(value: dict[str, Any], ascii_only: bool) -> None:
    data = json.dumps(value, ensure_ascii=ascii_only).encode()
    assert spans_of(data) == expected_texts(value)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"request": {"postData": {"text": "a", "text": "b"}}}', None),  # a key twice
        (b'{"request": {"postData": {"text": "a"}, "postData": {}}}', None),
        (b'{"request": {}, "request": {"postData": {"text": "a"}}}', None),
        (b'{"request": {"postData": {"te\\u0078t": "a"}}}', None),  # an escaped key
        (b'{"requ\\u0065st": {"postData": {"text": "a"}}}', None),
        (b'{"request": {"postData": {"text": null}}}', None),  # not a string
        (b'{"request": {"postData": {"text": 1, "x": 2}}}', None),
        (b'{"request": {"postData": {"text": ["a"]}}}', None),
        (b'{"request": {"postData": {"text": {"a": 1}}}}', None),
        (
            b'{"request": {"postData": {"text":"a"}}, "response": {"content": {"text":"b"}}}',
            ["a", "b"],
        ),
        (
            b'{"response": {"content": {"text": "b"}}, "request": {"postData": {"text": "a"}}}',
            ["a", "b"],
        ),
        (b'{"x": {"request": {"postData": {"text": "a"}}}}', [None, None]),  # not at the top
        (b'{"request": [{"postData": {"text": "a"}}]}', [None, None]),  # not an object
        (b'{"request": {"postData": {"x": {"text": "a"}}}}', [None, None]),  # deeper
        (b'{"request": {"headers": [{"text": "a"}], "postData": {"text": "b"}}}', ["b", None]),
        (b'{"x": "\\"request\\": {", "request": {"postData": {"text": "a"}}}', ["a", None]),
        (b'{"request" : { "postData" :{"text"\n:\t"a" } } }', ["a", None]),  # white space
        (b'{"request": {"postData": {"x\\"text": "a"}}}', None),  # an escape in a key
    ],
)
def test_odd_entries_texts(data: bytes, expected: Any) -> None:
    assert spans_of(data) == expected


def test_texts_end_on_what_is_not_a_whole_value() -> None:
    assert _scan.texts_end(b'{"request": {"postData": {"text": "a', 0, PATHS) == _scan.TRUNCATED
    assert _scan.texts_end(b'{"request": ]', 0, PATHS) == _scan.UNDECIDED
    assert _scan.texts_end(b"[1, 2]", 0, PATHS) == (6, (None, None))


@pytest.mark.parametrize(
    "paths",
    [(), ((),), ("text",), ((b"a", "b"),), ((b"a",),) * 5, ((b"a",) * 5,), None],
)
def test_texts_end_refuses_paths_it_cannot_follow(paths: Any) -> None:
    with pytest.raises(TypeError):
        _scan.texts_end(b"{}", 0, paths)
