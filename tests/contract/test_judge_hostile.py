"""A hostile review of the judges (``contract/judge.py``, ``contract/_judge.c``).

The contract under test: a judge says True only for a body the typed decoder accepts and the
engine (``Contract.load(fast=False)``) finds nothing in; False is always safe. It must never
crash, read out of bounds, leak or raise on any bytes, whatever plan it was built from (a plan
is checked when the ``Judge`` is made: a broken one is a clear error then, not a crash later).

Bodies: every leaf of a fully populated body replaced by each of a list of edge tokens (int32
and int64 edges, -0, exponents, escapes, surrogate pairs, lengths at their bounds in multibyte
UTF-8, invalid UTF-8, nulls, duplicate keys, conditions); byte-level mutations; strings built
of mixed pieces around the SIMD block size; every prefix of a body placed just before an
unreadable page; concurrent calls from threads. Plans: cycles, deep chains, out-of-range
kinds, values of the wrong type, and reference cycles through a plan's callable.
"""

from __future__ import annotations

import gc
import itertools
import json
import os
import subprocess
import sys
import textwrap
import threading
import weakref
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.contract.test_judge import ALONE, ERROR, FAST, JSON, REQUEST, RESPONSE
from tests.contract.test_judge import accepted_by_decoder as decoder_accepts
from tests.support.contract import full_request, full_response

ERROR_BODY = {
    "error_code": "ModelArts.0001",
    "error_msg": "m",
    "error_solution": "s",
    "request_id": "r",
}

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))


def engine_findings(location: Any, raw: bytes) -> list[Any]:
    if location == REQUEST:
        return ALONE.check_request_body(raw)
    return ALONE.check_response(400 if location == ERROR else 200, JSON, raw)


def sound(location: Any, raw: bytes) -> bool:
    """The judge's verdict, held to the contract: True only when the decoder accepts the body
    and the engine finds nothing in it."""
    verdict = FAST._judges[location](raw)
    assert type(verdict) is bool
    if verdict:
        assert decoder_accepts(location, raw), raw[:300]
        assert engine_findings(location, raw) == [], raw[:300]
    return verdict


def in_a_child(code: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter (a crash there is a return code, not a lost run)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


# -- every leaf of a full body, replaced by an edge token --------------------------------------

MARK = "\x01hostile-mark\x01"

TOKENS = [
    b"null",
    b"-0",
    b"0",
    b"-0.0",
    b"0.0",
    b"1e0",
    b"1E2",
    b"1.5",
    b"2147483647",
    b"2147483648",
    b"-2147483648",
    b"-2147483649",
    b"9223372036854775807",
    b"9223372036854775808",
    b"-9223372036854775807",
    b"-9223372036854775808",
    b"-9223372036854775809",
    b"18446744073709551616",
    b"1" + b"0" * 70,
    b"1e400",
    b"true",
    b"false",
    b'""',
    b'"a"',
    b'"\\u0000"',
    b'"\\ud83d\\ude00"',
    b'"\xf0\x9f\x98\x80"',
    b'"a\\nb"',
    b'"ab\\n"',
    b'"ab\n"',
    b'"abc-_"',
    b'"a b"',
    b'"\xed\xa0\x80"',
    b'"\xc0\xaf"',
    b'"\\ud800"',
    b'"\\udc00\\ud800"',
    b'"' + b"a" * 64 + b'"',
    b'"' + b"a" * 65 + b'"',
    b'"' + "\u00e9".encode() * 64 + b'"',
    b'"' + "\u00e9".encode() * 65 + b'"',
    b'"' + b"\\u00e9" * 64 + b'"',
    b'"' + b"\\u00e9" * 65 + b'"',
    b'"' + b"\\ud83d\\ude00" * 256 + b'"',
    b'"' + b"\\ud83d\\ude00" * 257 + b'"',
    b'"' + "\U0001f600".encode() * 256 + b'"',
    b'"' + "\U0001f600".encode() * 257 + b'"',
    b"[]",
    b"{}",
    b"[null]",
    b'{"a":null}',
    b'{"a":"b","a":"c"}',
    b'{"":""}',
    b'{"\\u0061":"b"}',
    b'"job"',
    b'"jo\\u0062"',
    b'"hyperinstance"',
    b'"cabinet"',
    b'"CPU"',
    b'"create_time"',
    b'"asc"',
    b'"Running"',
    b"[[]]",
    b"[[1]]",
    b"[[-0]]",
    b"[[1.0]]",
    b'[""]',
    b"[{}]",
    b" 1 ",
    b'\t"x"\r\n',
    b"NaN",
    b"-Infinity",
    b"[1,]",
    b'{"obs_url":"x",}',
]


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Any:
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _paths(child, (*path, i))


def _with_token(body: Any, path: tuple[Any, ...], token: bytes) -> bytes:
    copy = json.loads(json.dumps(body))
    if not path:
        return token
    holder = copy
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = MARK
    return json.dumps(copy).encode().replace(json.dumps(MARK).encode(), token)


CASES = [
    (RESPONSE, full_response(1)),
    (REQUEST, full_request()),
    (ERROR, ERROR_BODY),
]


@pytest.mark.parametrize(("location", "body"), CASES, ids=["response", "request", "error"])
def test_every_leaf_replaced_by_an_edge_token(location: Any, body: Any) -> None:
    differ = []
    for path in list(_paths(body)):
        for token in TOKENS:
            raw = _with_token(body, path, token)
            verdict = sound(location, raw)
            # what the judge leaves to the decoder: escapes compared with strings or a pattern,
            # a key twice; any other body the decoder accepts, the judge accepts too
            left = b"\\" in token or token == b'{"a":"b","a":"c"}'
            if not verdict and not left and decoder_accepts(location, raw):
                differ.append((path, token))
    assert differ == []


def test_every_key_or_pair_of_keys_dropped_from_every_object() -> None:
    # required properties, dependentRequired (code_dir/boot_file, subscription_id/
    # item_version_id, log_type/log_dir) and RequiredAffinity's if/then, each way round
    body = full_response(1)
    objects: list[dict[str, Any]] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            objects.append(value)
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(body)
    differ = []
    for holder in objects:
        for size in (1, 2):
            for dropped in itertools.combinations(list(holder), size):
                saved = {key: holder.pop(key) for key in dropped}
                for affinity in ("hyperinstance", "cabinet"):
                    if "affinity_type" in holder:
                        holder["affinity_type"] = affinity
                    raw = json.dumps(body).encode()
                    if sound(RESPONSE, raw) != decoder_accepts(RESPONSE, raw):
                        differ.append((dropped, affinity))
                holder.update(saved)
    assert differ == []


# -- generated bodies ------------------------------------------------------------------------------

SEEDS = {
    RESPONSE: [
        json.dumps(full_response(n), ensure_ascii=ascii_only, indent=indent).encode()
        for n in (1, 2)
        for ascii_only in (True, False)
        for indent in (None, 1)
    ],
    REQUEST: [json.dumps(full_request()).encode(), json.dumps(full_request(), indent=2).encode()],
    ERROR: [json.dumps(ERROR_BODY).encode()],
}
PIECES = [
    b'"',
    b"\\",
    b"\\u",
    b"\\ud83d",
    b"\\udc00",
    b"\\ud83d\\ude00",
    b"\xf0\x9f\x98",
    b"\xed\xa0\x80",
    b"\xc0\xaf",
    b"\xff",
    b"\x00",
    b"\x1f",
    b"\x7f",
    b"null",
    b"-0",
    b"1e5",
    b"1.0",
    b"-",
    b"9223372036854775808",
    b"-9223372036854775808",
    b"2147483648",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b" ",
    b"\t",
    b"\r\n",
    b"\x0b",
    b"\xc2\xa0",
    b"true",
    b'"hyperinstance"',
    b'"cabinet"',
    b'"affinity_group_size":1,',
    b'"boot_file":"b",',
    b'"code_dir":"c",',
    b'"x":1,',
]


@FUZZ
@given(st.data())
def test_mutated_bodies_are_never_accepted_unsoundly(data: Any) -> None:
    location = data.draw(st.sampled_from([RESPONSE, RESPONSE, REQUEST, ERROR]))
    raw = bytearray(data.draw(st.sampled_from(SEEDS[location])))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw)))
        operation = data.draw(st.sampled_from(["byte", "insert", "delete", "cut"]))
        if operation == "byte" and at < len(raw):
            raw[at] = data.draw(st.integers(0, 255))
        elif operation == "insert":
            raw[at:at] = data.draw(st.sampled_from(PIECES))
        elif operation == "delete":
            del raw[at : at + data.draw(st.integers(1, 8))]
        else:
            del raw[at:]
    sound(location, bytes(raw))


STRING_PIECES = [
    b"a",
    b"\xc3\xa9",
    b"\xe4\xb8\xad",
    b"\xf0\x9f\x98\x80",
    b"\\n",
    b"\\u00e9",
    b"\\ud83d\\ude00",
    b"\\\\",
    b'\\"',
    b"\x7f",
    b"-",
    b"_",
    b" ",
]
BAD_PIECES = [
    b"\x1f",
    b"\xed\xa0\x80",
    b"\xc3",
    b"\xf0\x9f\x98",
    b"\xe0\x80\x80",
    b"\xf4\x90\x80\x80",
    b"\\ud83d",
    b"\\udc00",
    b"\\u",
    b"\\x",
    b"\xff",
    b"\x80",
]


@FUZZ
@given(
    st.sampled_from([b"description", b"name", b"id"]),
    st.lists(
        st.one_of(st.sampled_from(STRING_PIECES), st.sampled_from(BAD_PIECES)),
        min_size=0,
        max_size=80,
    ),
    st.integers(0, 260),
)
def test_strings_at_their_bounds_are_judged_as_the_decoder_judges_them(
    field: bytes, pieces: list[bytes], ascii_run: int
) -> None:
    # a run of plain characters first, so each piece lands at every offset of a 16-byte block
    text = b"a" * ascii_run + b"".join(pieces)
    raw = b'{"items":[{"metadata":{"' + field + b'":"' + text + b'"}}]}'
    verdict = sound(RESPONSE, raw)
    if not (field == b"name" and b"\\" in text):  # an escape beside a pattern: left to the decoder
        assert verdict == decoder_accepts(RESPONSE, raw)


def test_every_prefix_ending_at_an_unreadable_page_is_judged_without_reading_past_it() -> None:
    result = in_a_child(
        """
        import ctypes, json, mmap
        from modelarts_validators import Contract
        from tests.support.contract import full_response
        fast = Contract.load(); fast.fast_path()
        judge = next(j for loc, j in fast._judges.items() if "200" in loc)
        size = 16 * mmap.PAGESIZE
        area = mmap.mmap(-1, size + mmap.PAGESIZE)
        libc = ctypes.CDLL(None, use_errno=True)
        libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        base = ctypes.addressof(ctypes.c_char.from_buffer(area))
        assert libc.mprotect(base + size, mmap.PAGESIZE, 0) == 0  # the last page: PROT_NONE
        view = memoryview(area)
        body = dict(full_response(1), group_by="\\u00e9\\U0001F600 x" * 3)
        raws = [json.dumps(body, separators=(",", ":")).encode(),
                json.dumps(body, ensure_ascii=False).encode()]
        raws += [b'{"total":1e', b'{"total":-', b'{"group_by":"\\\\u12', b'{"group_by":"\\\\ud83d\\\\u',
                 b'{"group_by":"\\xf0\\x9f', b'{"items":[{"kind":"jo', b'{"items":[{"kind":nul', b'{"items":[[' ]
        accepted = 0
        for raw in raws:
            assert len(raw) < size
            for cut in range(len(raw) + 1):
                piece = raw[:cut]
                view[size - len(piece) : size] = piece
                accepted += judge(view[size - len(piece) : size])
        print("ok", accepted)
        """
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("ok")


def test_judges_called_from_many_threads_at_once_say_what_they_say_alone() -> None:
    bodies = [(loc, raw) for loc, raws in SEEDS.items() for raw in raws]
    bodies += [(RESPONSE, raw[: len(raw) // 2]) for _, raw in bodies]
    alone = [FAST._judges[loc](raw) for loc, raw in bodies]
    wrong: list[Any] = []

    def work() -> None:
        for _ in range(200):
            got = [FAST._judges[loc](raw) for loc, raw in bodies]
            if got != alone:
                wrong.append(got)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


# -- hostile plans ---------------------------------------------------------------------------------


def test_a_plan_whose_node_refers_to_itself_never_crashes_the_interpreter() -> None:
    # the header says "the plan has no cycles", but nothing checks it: an array whose items are
    # itself, fed a deep enough body, recursed until the C stack ran out (SIGSEGV)
    result = in_a_child(
        """
        from modelarts_validators.contract import _judge
        try:
            judge = _judge.Judge(((_judge.ARRAY, False, 0, -1, -1),))
        except ValueError:
            print("refused")
        else:
            assert judge(b"[[[]]]") in (True, False)
            assert judge(b"[" * 1_000_000) is False
            print("judged")
        """
    )
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])


def test_judge_of_a_recursive_struct_never_crashes_the_interpreter() -> None:
    # _Planner reuses a Struct's node when the Struct comes again (``_structs``), so a recursive
    # type makes a cyclic plan; the typed decoder refuses the deep body, the judge must not crash
    result = in_a_child(
        """
        from __future__ import annotations
        import msgspec
        from modelarts_validators.contract.judge import judge_of

        class Node(msgspec.Struct, forbid_unknown_fields=True):
            child: Node | None = None

        judge = judge_of(Node)
        if judge is not None:
            assert judge(b'{"child":{"child":null}}') is True
            assert judge(b'{"child":' * 1_000_000) is False
        print("ok")
        """
    )
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])


def test_a_deep_plan_never_crashes_the_interpreter() -> None:
    # an acyclic chain of objects 20,000 deep: each level of the scan holds ~2.3 KB of C stack,
    # so the scan of a body that deep ran out of stack; a body nested deeper than the engine
    # reads (orjson: 1,024; MAX_DEPTH 257) is one the engine never finds nothing in, so a bound
    # on the depth (False beyond it) is both safe and needed
    result = in_a_child(
        """
        from modelarts_validators.contract import _judge
        n = 20_000
        plan = tuple((_judge.OBJECT, False, ((b"a", i + 1, False),), (), None) for i in range(n))
        try:
            judge = _judge.Judge(plan + ((_judge.NULL, True),))
        except ValueError:
            print("refused")
        else:
            assert judge(b'{"a":' * n + b"null" + b"}" * n) is False
            print("judged")
        """
    )
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])


@pytest.mark.parametrize(
    "node",
    [
        ((1 << 32) + 0, False, (), (), None),  # read as OBJECT
        ((1 << 32) + 9, False),  # read as NULL
        (-(1 << 32) + 8, False),  # read as BOOL
        ((1 << 33) + 3, False, -1, -1, None),  # read as STRING
    ],
)
def test_a_kind_beyond_int_is_an_unknown_kind(node: tuple[Any, ...]) -> None:
    # read_node does (int)PyLong_AsLong(kind): the kind was cut to its low 32 bits, so these
    # plans were taken as plans of a known kind instead of refused
    from modelarts_validators.contract._judge import Judge

    with pytest.raises((ValueError, OverflowError)):
        Judge((node,))


def test_an_integer_enum_of_none_is_a_clear_error() -> None:
    # optional_int64(value, 0, ...) for each enum value: None was read as 0, accepting b"0"
    from modelarts_validators.contract import _judge

    with pytest.raises((ValueError, TypeError)):
        _judge.Judge(((_judge.INTENUM, False, (None,)),))


def test_a_search_that_cannot_be_called_is_refused_with_the_plan() -> None:
    # a plan with a search of 5 was accepted, and then every string body raised TypeError
    from modelarts_validators.contract import _judge

    try:
        judge = _judge.Judge(((_judge.STRING, False, -1, -1, 5),))
    except (ValueError, TypeError):
        return
    assert judge(b'"x"') in (True, False)


def test_a_reference_cycle_through_a_plan_is_collected() -> None:
    # a Judge keeps its plan (and so the plan's callables) but is not tracked by the cycle
    # collector (no Py_TPFLAGS_HAVE_GC, no tp_traverse): a cycle through it leaks
    from modelarts_validators.contract import _judge

    class Sentinel:
        pass

    def make() -> weakref.ref[Sentinel]:
        sentinel = Sentinel()
        box: list[Any] = []

        def search(text: str) -> Any:
            return box and sentinel

        box.append(_judge.Judge(((_judge.STRING, False, -1, -1, search),)))
        assert box[0](b'"x"') is True
        return weakref.ref(sentinel)

    alive = make()
    gc.collect()
    assert alive() is None


def test_judge_of_a_struct_with_a_check_it_cannot_read_is_no_judge() -> None:
    # the planner reads a Struct's conditions from CONDITIONS only; a Struct whose
    # __post_init__ refuses more (any other check) was judged as if it had none: True for a
    # body the decoder refuses. (typed.py sets __post_init__ only beside CONDITIONS today.)
    import msgspec
    from modelarts_validators.contract.judge import judge_of

    class Checked(msgspec.Struct, forbid_unknown_fields=True):
        a: int = 0

        def __post_init__(self) -> None:
            if self.a > 5:
                raise ValueError("too big")

    raw = b'{"a":6}'
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(raw, type=Checked)
    judge = judge_of(Checked)
    assert judge is None or judge(raw) is False
