"""How much time validation adds to parsing, on the largest responses the API sends.

Not a test: a quick measurement for the validators' speed target (validation adds at most as
much time as orjson parsing of the same bodies). Builds a 200 response with 50 fully populated
jobs (every documented field present), and the same with drift in every job (two undocumented
fields, one undocumented value), then times, per body, the best of several runs (garbage
collector on, as in a real run):

- ``orjson.loads`` of the bytes (the floor: the work any validator must do);
- ``Contract.check_response`` with the rs engine (parsing included);
- the python reference engine, for comparison.

    .venv/bin/python -m benchmarks.check_speed [--jobs 50] [--repeat 7]

Run from the repository root: the bodies come from ``tests.support.contract``.
"""

from __future__ import annotations

import argparse
import gc
import sys
import timeit
from collections.abc import Callable
from typing import Any

import orjson
from modelarts_validators import Contract

from tests.support.contract import full_response

HEADERS = {"content-type": "application/json;charset=UTF-8"}


def best(call: Callable[[], Any], repeat: int) -> float:
    """Seconds per call, the best of ``repeat`` rounds of about 0.2 s each, with the garbage
    collector on, as in a real run (``timeit`` turns it off by default)."""
    timer = timeit.Timer(call, setup="gc.enable()", globals={"gc": gc})
    number, _ = timer.autorange()
    return min(timer.repeat(number=number, repeat=repeat)) / number


def drifted(body: dict[str, Any]) -> dict[str, Any]:
    for job in body["items"]:
        job["train_type"] = "job"
        job["metadata"]["training_experiment_reference"] = {"id": "x"}
        job["spec"]["resource"]["flavor_detail"]["flavor_type"] = "Ascend"
    return body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.check_speed", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--jobs", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    rs = Contract.load(engine="rs")
    python = Contract.load(engine="python")
    print(
        f"{'body':<34}{'bytes':>9}{'orjson':>11}{'check rs':>11}{'x orjson':>10}{'added':>8}{'python':>11}"
    )
    for label, body in [
        (f"{args.jobs} jobs, conforming", full_response(args.jobs)),
        (f"{args.jobs} jobs, drift in every job", drifted(full_response(args.jobs))),
    ]:
        raw = orjson.dumps(body)
        findings = rs.check_response(200, HEADERS, raw)
        assert findings == python.check_response(200, HEADERS, raw), "the engines disagree"

        def parse(raw: bytes = raw) -> Any:
            return orjson.loads(raw)

        def check(contract: Contract, raw: bytes = raw) -> Callable[[], Any]:
            return lambda: contract.check_response(200, HEADERS, raw)

        parse_s = best(parse, args.repeat)
        check_s = best(check(rs), args.repeat)
        reference_s = best(check(python), 1)
        print(
            f"{label:<34}{len(raw):>9}{parse_s * 1e3:>9.2f}ms{check_s * 1e3:>9.2f}ms"
            f"{check_s / parse_s:>9.2f}x{(check_s - parse_s) / parse_s:>7.2f}x{reference_s * 1e3:>9.0f}ms"
            f"   ({len(findings)} findings)"
        )
    print("check rs includes parsing; added = (check rs - orjson) / orjson, the target is <= 1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
