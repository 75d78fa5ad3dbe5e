"""Generate the benchmark's capture: one deterministic traffic log, as HAR and as NDJSON, with a
manifest of its ground truth.

    .venv/bin/python -m benchmarks.capture [--entries 20000] [--seed 7] [--out .bench]

writes ``capture-<N>-s<seed>.har``, ``.ndjson`` (the same exchanges, in the NDJSON shape that
``modelarts-validate`` reads) and ``.manifest.json`` under ``--out``. The same arguments give
byte-identical files.

The traffic is what a project's tooling sends to ModelArts: mostly searches for
``POST /v2/{project_id}/training-job-searches`` (status polls by name, console pages), answered by
fully populated jobs (``values``), plus documented error answers (4XX/5XX with the ModelArts
error body) and other traffic (other ModelArts calls, OBS downloads) that a validator must count as
unmatched. Page sizes run from 1 to 50 jobs: 93% polls of one job, 5% pages of 2-10, 2% of 11-50.
Every job carries every documented field (5.8 KB of compact JSON), so 20,000 entries make about
210 MB of HAR (100 MB would leave 5 KB per entry, less than one fully populated job).

Into a known share of the searches, ``mutations`` injects violations (limit 51, wrong
types, values outside closed enumerations, a broken pattern, wrong Content-Type, truncated JSON,
an undocumented status, an unresolved ``{project_id}``) and drift (undocumented fields,
undocumented values of open enumerations, an int32 overflow). The manifest lists, per entry, its
category (``conforming``, ``violation``: at least one error; ``drift``: drift only;
``unmatched``), what was injected where, and the status of every search not answered 200, so
a tool's verdicts can be checked entry by entry.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import orjson

from .mutations import DRIFTS, VIOLATIONS, Injected, Mutation, Traffic
from .values import ROOT, Bodies

GENERATOR_VERSION = 2
HOST = "https://modelarts.cn-north-4.myhuaweicloud.com"
PROJECT = "0b3c1f9e2d4a45f6a7b8c9d0e1f2a3b4"
SEARCHES = f"{HOST}/v2/{PROJECT}/training-job-searches"
BASE_DATE = datetime(2025, 1, 6, 9, 0, tzinfo=UTC).timestamp()


@dataclass(frozen=True, slots=True)
class Mix:
    """Shares of the traffic: each entry draws its category independently."""

    unmatched: float = 0.05  # of all entries
    errors: float = 0.03  # of searches: a documented 4XX/5XX answer
    violations: float = 0.08  # of searches: at least one violation
    drift: float = 0.10  # of searches: drift (also on top of violations)
    base64: float = 0.01  # of searches: the response body captured base64-encoded


@dataclass(slots=True)
class Capture:
    """Everything written, entry by entry, in the order of the files."""

    traffic: list[Traffic] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    injected: dict[int, list[Injected]] = field(default_factory=dict)
    jobs: list[int] = field(default_factory=list)  # jobs per 200 search page
    statuses: dict[int, int] = field(default_factory=dict)  # searches not answered 200


def page_size(rng: random.Random) -> int:
    draw = rng.random()
    if draw < 0.93:
        return 1
    if draw < 0.98:
        return rng.randint(2, 10)
    return rng.randint(11, 50)


def search_headers(rng: random.Random, body: bytes) -> list[tuple[str, str]]:
    headers = [("Host", HOST.removeprefix("https://"))]
    if rng.random() < 0.5:  # the official SDK: AK/SK signing
        stamp = "20250106T090000Z"
        headers += [
            ("User-Agent", "huaweicloud-usdk-python/3.0"),
            ("Content-Type", "application/json;charset=utf-8"),
            ("X-Project-Id", PROJECT),
            ("X-Sdk-Date", stamp),
            ("Authorization", "SDK-HMAC-SHA256 Access=BENCHFAKEAK0000000000, "
             "SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=" + "0" * 64),
        ]  # fmt: skip
    else:  # a script with an IAM token
        headers += [
            ("User-Agent", "python-httpx/0.28.1"),
            ("Content-Type", "application/json"),
            ("X-Auth-Token", "BENCH-FAKE-TOKEN-" + "x" * 48),
        ]
    headers.append(("Content-Length", str(len(body))))
    return headers


def response_headers(rng: random.Random, content_type: str, body: bytes) -> list[tuple[str, str]]:
    return [
        ("Server", "CloudWAF"),
        ("Date", "Mon, 06 Jan 2025 09:00:00 GMT"),
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("X-Request-Id", f"{rng.getrandbits(128):032x}"),
        ("Strict-Transport-Security", "max-age=31536000; includeSubdomains;"),
    ]


def search(bodies: Bodies, rng: random.Random, created: int, mix: Mix) -> Traffic:
    """A conforming search and its answer: a page of jobs, or a documented error."""
    count = page_size(rng)
    limit = rng.choice([count, count, 10, 50]) if count <= 10 else rng.choice([count, 50])
    request = bodies.request(max(limit, count), rng.randrange(3))
    if rng.random() < mix.errors:
        status, code = rng.choice(
            [(400, "ModelArts.2807"), (401, "ModelArts.0203"), (429, "ModelArts.2799"),
             (500, "ModelArts.2950")]
        )  # fmt: skip
        body: Any = {"error_code": code, "error_msg": "Request failed.", "error_solution": ""}
        return Traffic("POST", SEARCHES, request, status, body)
    return Traffic("POST", SEARCHES, request, 200, bodies.page(request, count, created))


def other(bodies: Bodies, rng: random.Random) -> Traffic:
    """Traffic that is not this operation."""
    draw = rng.random()
    if draw < 0.4:
        job = bodies.job(0)
        url = f"{HOST}/v2/{PROJECT}/training-jobs/{job['metadata']['id']}"
        return Traffic("GET", url, None, 200, job)
    if draw < 0.7:
        url = f"{HOST}/v2/{PROJECT}/training-job-flavors?flavor_type=GPU"
        flavors = {"total_count": 1, "flavors": [{"flavor_id": "modelarts.vm.gpu.p100"}]}
        return Traffic("GET", url, None, 200, flavors)
    url = (
        f"https://ml-data-{rng.randrange(100):02d}.obs.cn-north-4.myhuaweicloud.com/logs/train.log"
    )
    return Traffic("GET", url, None, 200, "epoch 1 loss 0.4211\n" * 20, "text/plain")


def build(entries: int, seed: int, mix: Mix | None = None) -> Capture:
    """The capture's exchanges and ground truth, without writing anything."""
    mix = mix or Mix()
    rng = random.Random(seed)
    bodies = Bodies(rng)
    capture = Capture()
    for index in range(entries):
        created = int(BASE_DATE * 1000) - index * 60_000
        if rng.random() < mix.unmatched:
            capture.traffic.append(other(bodies, rng))
            capture.categories.append("unmatched")
            continue
        traffic = search(bodies, rng, created, mix)
        injected: list[Injected] = []
        if rng.random() < mix.violations:
            injected += inject(traffic, rng, VIOLATIONS, 2 if rng.random() < 0.3 else 1)
        exclusive = any(i.exclusive for i in injected)
        if not exclusive and rng.random() < mix.drift:
            injected += inject(traffic, rng, DRIFTS, rng.randint(1, 3))
        if traffic.status == 200 and not exclusive and rng.random() < mix.base64:
            traffic.base64 = True
        if traffic.status == 200 and isinstance(traffic.response, dict):
            capture.jobs.append(len(traffic.response.get("items", [])))
        capture.traffic.append(traffic)
        if traffic.status != 200:
            capture.statuses[index] = traffic.status
        if any(i.severity == "error" for i in injected):
            capture.categories.append("violation")
        else:
            capture.categories.append("drift" if injected else "conforming")
        if injected:
            capture.injected[index] = injected
    return capture


def inject(
    traffic: Traffic, rng: random.Random, catalogue: list[Mutation], n: int
) -> list[Injected]:
    """Apply up to ``n`` distinct mutations that fit this exchange; an exclusive one alone."""
    fitting = [m for m in catalogue if m.fits(traffic)]
    chosen = rng.sample(fitting, min(n, len(fitting)))
    exclusive = [m for m in chosen if m.exclusive]
    if exclusive:
        chosen = exclusive[:1]
    return [m.apply(traffic, rng) for m in chosen]


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return orjson.dumps(value).decode()


def har_entry(traffic: Traffic, index: int, rng: random.Random) -> dict[str, Any]:
    started = datetime.fromtimestamp(BASE_DATE + index * 0.5, UTC).isoformat(
        timespec="milliseconds"
    )
    request_text = None if traffic.request is None else _text(traffic.request)
    request_bytes = b"" if request_text is None else request_text.encode()
    request: dict[str, Any] = {
        "method": traffic.method,
        "url": traffic.url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": [{"name": n, "value": v} for n, v in search_headers(rng, request_bytes)],
        "queryString": [],
        "headersSize": -1,
        "bodySize": len(request_bytes),
    }
    if request_text is not None:
        request["postData"] = {"mimeType": "application/json", "text": request_text}
    body = traffic.raw if traffic.raw is not None else _text(traffic.response).encode()
    content: dict[str, Any] = {"size": len(body), "mimeType": traffic.content_type}
    if traffic.base64:
        content.update(text=base64.b64encode(body).decode(), encoding="base64")
    elif body:
        content["text"] = body.decode()
    headers = response_headers(rng, traffic.content_type, body)
    wait = round(20 + rng.random() * 200, 3)
    return {
        "startedDateTime": started,
        "time": wait + 1.5,
        "request": request,
        "response": {
            "status": traffic.status,
            "statusText": {200: "OK", 302: "Found"}.get(traffic.status, ""),
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": [{"name": n, "value": v} for n, v in headers],
            "content": content,
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(body),
        },
        "cache": {},
        "timings": {"blocked": 0.5, "dns": -1, "connect": -1, "send": 0.2, "wait": wait,
                    "receive": 0.8, "ssl": -1},
        "serverIPAddress": "100.125.1.250",
    }  # fmt: skip


def ndjson_record(entry: dict[str, Any]) -> dict[str, Any]:
    """The HAR entry's exchange in the NDJSON shape (the docstring of ``modelarts_validators.capture.ndjson``)."""
    request, response = entry["request"], entry["response"]
    content = response["content"]
    out_response: dict[str, Any] = {
        "status": response["status"],
        "headers": [[h["name"], h["value"]] for h in response["headers"]],
    }
    if content.get("encoding") == "base64":
        out_response["body_base64"] = content["text"]
    else:
        out_response["body"] = content.get("text", "")
    out_request: dict[str, Any] = {
        "method": request["method"],
        "url": request["url"],
        "headers": [[h["name"], h["value"]] for h in request["headers"]],
    }
    if "postData" in request:
        out_request["body"] = request["postData"]["text"]
    return {"started": entry["startedDateTime"], "request": out_request, "response": out_response}


def write(capture: Capture, har: IO[bytes], ndjson: IO[bytes], seed: int) -> None:
    rng = random.Random(seed + 1)  # headers and timings: independent of the bodies' stream
    # The creator's name is part of the capture's bytes: changing it would need a new
    # GENERATOR_VERSION, so it keeps the generator's name from before the benchmarks package.
    har.write(b'{"log":{"version":"1.2","creator":{"name":"bench_capture","version":"%d"},'
              b'"pages":[],"entries":[\n' % GENERATOR_VERSION)  # fmt: skip
    for index, traffic in enumerate(capture.traffic):
        entry = har_entry(traffic, index, rng)
        if index:
            har.write(b",\n")
        har.write(orjson.dumps(entry))
        ndjson.write(orjson.dumps(ndjson_record(entry)))
        ndjson.write(b"\n")
    har.write(b"\n]}}\n")


def paths(out: Path, entries: int, seed: int) -> dict[str, Path]:
    stem = out / f"capture-{entries}-s{seed}"
    return {ext: stem.with_suffix(f".{ext}") for ext in ("har", "ndjson", "manifest.json")}


def manifest(capture: Capture, entries: int, seed: int, files: dict[str, Path]) -> dict[str, Any]:
    by_category: dict[str, list[int]] = {
        c: [] for c in ("conforming", "violation", "drift", "unmatched")
    }
    for index, category in enumerate(capture.categories):
        by_category[category].append(index)
    mutations = Counter(i.name for found in capture.injected.values() for i in found)
    jobs = capture.jobs
    return {
        "generator": {"script": "benchmarks/capture.py", "version": GENERATOR_VERSION},
        "seed": seed,
        "entries": entries,
        "files": {
            ext: {
                "path": str(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p),
                "bytes": p.stat().st_size,
                "sha256": _sha256(p),
            }
            for ext, p in files.items()
            if ext != "manifest.json"
        },
        "counts": {category: len(found) for category, found in by_category.items()},
        "pages": {
            "200 pages": len(jobs),
            "jobs": sum(jobs),
            "mean jobs per page": round(sum(jobs) / max(1, len(jobs)), 3),
            "max jobs per page": max(jobs, default=0),
        },
        "mutations": dict(sorted(mutations.items())),
        "categories": by_category,
        "injected": {str(k): [i.as_dict() for i in v] for k, v in sorted(capture.injected.items())},
        "statuses": {str(k): v for k, v in sorted(capture.statuses.items())},
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def generate(entries: int, seed: int, out: Path) -> dict[str, Any]:
    """Write the three files; the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    files = paths(out, entries, seed)
    capture = build(entries, seed)
    with files["har"].open("wb") as har, files["ndjson"].open("wb") as ndjson:
        write(capture, har, ndjson, seed)
    document = manifest(capture, entries, seed, files)
    files["manifest.json"].write_bytes(orjson.dumps(document, option=orjson.OPT_INDENT_2))
    return document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.capture", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--entries", type=int, default=20_000, help="exchanges (default 20000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--out", type=Path, default=ROOT / ".bench", help="folder (default .bench)")
    args = parser.parse_args(argv)
    if args.entries < 1:
        parser.error("--entries must be at least 1")
    started = time.perf_counter()
    document = generate(args.entries, args.seed, args.out)
    seconds = time.perf_counter() - started
    for info in document["files"].values():
        print(f"{info['path']}: {info['bytes'] / 1e6:.1f} MB")
    print(f"counts {document['counts']}, pages {document['pages']} ({seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
