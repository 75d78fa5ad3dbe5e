"""The live transport's cost per call, side by side with a plain client.

    python -m benchmarks.transport [--calls 200] [--page 50] [--repeat 5]   (make bench-transport)

``modelarts-mock`` (its own process, no latency, ``--drift`` so that responses carry the fields
the live service adds) serves pages of ``--page`` fully populated jobs. In interleaved rounds,
``--calls`` searches are made with one ``httpx.Client`` each way:

- plain: httpx's own transport;
- ``ContractTransport(mode="collect")``: every exchange checked against the contract;
- ``ContractTransport(mode="collect", record=...)``: checked and recorded as NDJSON.

The table gives the median time per call and its ratio to the plain client (the same run, the
same server); ratios, not absolute times, are the claim. Each checked way must have checked
every call.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import httpx
from modelarts_validators import ContractTransport

from .paging import PROJECT, mock_process


def calls(base_url: str, transport: httpx.BaseTransport, count: int, page: int) -> None:
    url = f"{base_url}/v2/{PROJECT}/training-job-searches"
    with httpx.Client(transport=transport, headers={"X-Auth-Token": "bench-token"}) as client:
        for offset in range(count):
            response = client.post(url, json={"limit": page, "offset": offset % 4})
            response.raise_for_status()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--page", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bench-transport-"))
    checked: dict[str, ContractTransport] = {}

    def plain() -> httpx.BaseTransport:
        return httpx.HTTPTransport()

    def collecting() -> httpx.BaseTransport:
        checked["checked"] = ContractTransport(mode="collect")
        return checked["checked"]

    def recording() -> httpx.BaseTransport:
        record = folder / "record.ndjson"
        record.unlink(missing_ok=True)
        checked["checked and recorded"] = ContractTransport(mode="collect", record=record)
        return checked["checked and recorded"]

    ways: dict[str, Callable[[], httpx.BaseTransport]] = {
        "plain httpx": plain,
        "checked": collecting,
        "checked and recorded": recording,
    }
    with mock_process(200, 0.0, "--drift") as base_url:
        calls(base_url, plain(), 10, args.page)  # warm up the server and the contract
        calls(base_url, collecting(), 10, args.page)
        times: dict[str, list[float]] = {name: [] for name in ways}
        for _ in range(args.repeat):
            for name, make in ways.items():
                transport = make()
                started = time.perf_counter()
                calls(base_url, transport, args.calls, args.page)
                times[name].append((time.perf_counter() - started) / args.calls)
                if name in checked and checked[name].collector.summary.checked != args.calls:
                    raise SystemExit(f"{name}: checked {checked[name].collector.summary.checked}")
    print(
        f"{args.calls} calls a round, pages of {args.page} jobs (--drift), median of "
        f"{args.repeat} interleaved rounds"
    )
    baseline = statistics.median(times["plain httpx"])
    print(f"{'way':<24} {'per call':>10} {'relative to plain':>18}")
    for name, measured in times.items():
        median = statistics.median(measured)
        print(f"{name:<24} {median * 1000:>8.2f}ms {median / baseline:>17.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
