"""The two engines give the same findings, to the last field, on a sweep of mutations of a fully
populated response: every leaf of a job broken in several ways, every object given an extra
field. (The property tests go further; this sweep is deterministic and quick.)"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
from modelarts_validators import Contract, Finding

from tests.support.contract import full_request, full_response
from tests.support.examples import deep

JSON = {"content-type": "application/json"}
Path = tuple[str | int, ...]


@pytest.fixture(scope="module")
def engines() -> tuple[Contract, Contract]:
    return Contract.load(engine="rs"), Contract.load(engine="python")


def leaves(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    if isinstance(value, dict):
        yield path, value
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        yield path, value
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))
    else:
        yield path, value


def replacements(value: Any) -> list[Any]:
    if isinstance(value, bool):
        return ["true", None]
    if isinstance(value, int):
        return ["7", 2**31, -(2**63) - 1, 2**70, 1.5]
    if isinstance(value, str):
        return [5, value + "\n", "x" * 300, "Ascend"]
    if isinstance(value, list):
        return [{}, [None]]
    return [[], "object"]


def mutations(body: dict[str, Any], *, every: bool = True) -> Iterator[dict[str, Any]]:
    """Each leaf replaced by each of its ``replacements``, and each object given an extra field.
    ``every=False``: each leaf replaced once, by its type's replacements in turn (the first
    string leaf by the first, the second by the second, ...), every object's extra field still."""
    turns: dict[type, int] = {}
    for path, value in list(leaves(body)):
        if not path:
            continue
        chosen = replacements(value)
        if not every:
            turn = turns[type(value)] = turns.get(type(value), -1) + 1
            chosen = [chosen[turn % len(chosen)]]
        for replacement in chosen:
            mutated = copy.deepcopy(body)
            node: Any = mutated
            for token in path[:-1]:
                node = node[token]
            node[path[-1]] = replacement
            yield mutated
        if isinstance(value, dict):
            mutated = copy.deepcopy(body)
            target: Any = mutated
            for token in path:
                target = target[token]
            target["zz/undocumented~field"] = 1
            yield mutated


@pytest.mark.deep
def test_the_engines_agree_on_every_response_mutation(engines: tuple[Contract, Contract]) -> None:
    # every mutation (1,578) under make test-deep; make test: every leaf once and every object's
    # extra field (548), the python engine taking ~10 ms a response
    rs, python = engines
    body = full_response(1)
    checked = with_findings = 0
    for mutated in mutations(body, every=deep()):
        raw = json.dumps(mutated).encode()
        found: list[Finding] = rs.check_response(200, JSON, raw)
        assert found == python.check_response(200, JSON, raw), found
        checked += 1
        with_findings += bool(found)
    assert checked > (1000 if deep() else 500)
    assert with_findings > 0.5 * checked


def test_the_engines_agree_on_every_request_mutation(engines: tuple[Contract, Contract]) -> None:
    rs, python = engines
    for mutated in mutations(full_request()):
        raw = json.dumps(mutated).encode()
        assert rs.check_request_body(raw) == python.check_request_body(raw)
        assert rs.check_request_body(mutated) == python.check_request_body(mutated)
