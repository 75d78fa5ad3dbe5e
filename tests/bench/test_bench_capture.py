"""Smoke tests of the benchmark's capture generator (benchmarks/capture.py): deterministic,
the HAR and the NDJSON carry the same exchanges, and the manifest's ground truth is what the
validators find, entry by entry and pointer by pointer. No timing here: the benchmark is
``make bench``."""

from __future__ import annotations

import io
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

import orjson
from modelarts_validators.cli import main

from benchmarks import capture as bench_capture
from benchmarks.mutations import DRIFTS, VIOLATIONS, Traffic
from benchmarks.values import Bodies, load_schemas

SCHEMAS = load_schemas()


def written(capture: bench_capture.Capture, seed: int) -> tuple[bytes, bytes]:
    har, ndjson = io.BytesIO(), io.BytesIO()
    bench_capture.write(capture, har, ndjson, seed)
    return har.getvalue(), ndjson.getvalue()


def findings_by_entry(capture: Path, tmp_path: Path) -> tuple[dict[str, Any], dict[int, set[Any]]]:
    out = tmp_path / f"{capture.name}.json"
    stderr = io.StringIO()
    code = main(["traffic", str(capture), "--format", "json", "-q", "-o", str(out)],
                io.StringIO(), stderr)  # fmt: skip
    assert code in (0, 1), stderr.getvalue()
    report = orjson.loads(out.read_bytes())
    found: dict[int, set[Any]] = defaultdict(set)
    for f in report["findings"]:
        found[f["entry"]].add((f["severity"], f["kind"], f["side"], f["pointer"]))
    return report["summary"], found


def test_the_same_arguments_write_the_same_bytes() -> None:
    first = written(bench_capture.build(60, seed=3), seed=3)
    assert first == written(bench_capture.build(60, seed=3), seed=3)
    assert first != written(bench_capture.build(60, seed=4), seed=4)


def test_a_smaller_capture_is_the_prefix_of_a_larger_one() -> None:
    small = orjson.loads(written(bench_capture.build(40, seed=5), seed=5)[0])
    large = orjson.loads(written(bench_capture.build(90, seed=5), seed=5)[0])
    assert small["log"]["entries"] == large["log"]["entries"][:40]


def test_har_and_ndjson_hold_the_same_exchanges() -> None:
    har, ndjson = written(bench_capture.build(120, seed=1), seed=1)
    entries = orjson.loads(har)["log"]["entries"]
    records = [orjson.loads(line) for line in ndjson.splitlines()]
    assert len(entries) == len(records) == 120
    for entry, record in zip(entries, records, strict=True):
        assert record["request"]["url"] == entry["request"]["url"]
        assert record["request"].get("body") == entry["request"].get("postData", {}).get("text")
        content = entry["response"]["content"]
        body = record["response"].get("body_base64", record["response"].get("body"))
        assert body == content.get("text", "")
        assert record["response"]["status"] == entry["response"]["status"]


def test_jobs_carry_every_documented_field() -> None:
    def missing(value: Any, schema: dict[str, Any], where: str) -> list[str]:
        while "$ref" in schema:
            schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[-1]]
        if schema.get("type") == "array":
            assert value, where
            return [
                m for i, v in enumerate(value) for m in missing(v, schema["items"], f"{where}/{i}")
            ]
        properties = schema.get("properties")
        if properties is None:
            return []
        gaps = [f"{where}/{key}" for key in properties if key not in value]
        for key, sub in properties.items():
            if key in value:
                gaps += missing(value[key], sub, f"{where}/{key}")
        return gaps

    bodies = Bodies(random.Random(0), SCHEMAS)
    for _ in range(5):
        assert missing(bodies.job(1_736_000_000_000), SCHEMAS["JobResponse"], "") == []


def test_pages_hold_1_to_50_jobs() -> None:
    capture = bench_capture.build(400, seed=2)
    assert capture.jobs
    assert min(capture.jobs) >= 1
    assert max(capture.jobs) <= 50


def test_the_manifest_is_what_the_validators_find(tmp_path: Path) -> None:
    manifest = bench_capture.generate(300, seed=11, out=tmp_path)
    counts = manifest["counts"]
    assert sum(counts.values()) == 300
    assert all(counts[c] > 0 for c in ("conforming", "violation", "drift", "unmatched"))
    for fmt in ("har", "ndjson"):
        summary, found = findings_by_entry(tmp_path / f"capture-300-s11.{fmt}", tmp_path)
        assert summary["entries"] == 300
        assert summary["unmatched"] == counts["unmatched"]
        assert summary["with_errors"] == counts["violation"]
        assert summary["drift_only"] == counts["drift"]
        assert summary["conforming"] == counts["conforming"]
        for entry, injected in manifest["injected"].items():
            expected = {(i["severity"], i["kind"], i["side"], i["pointer"]) for i in injected}
            assert found[int(entry)] == expected, entry


def test_each_mutation_causes_the_finding_it_declares(tmp_path: Path) -> None:
    """One entry per mutation, alone on a conforming search."""
    rng = random.Random(0)
    bodies = Bodies(rng, SCHEMAS)
    capture = bench_capture.Capture()
    declared = []
    mix = bench_capture.Mix(errors=0.3)
    for mutation in VIOLATIONS + DRIFTS:
        traffic: Traffic = bench_capture.search(bodies, rng, 1_736_000_000_000, mix)
        while not mutation.fits(traffic):
            traffic = bench_capture.search(bodies, rng, 1_736_000_000_000, mix)
        capture.traffic.append(traffic)
        declared.append(mutation.apply(traffic, rng))
    har, _ = written(capture, seed=0)
    (tmp_path / "mutations.har").write_bytes(har)
    _, found = findings_by_entry(tmp_path / "mutations.har", tmp_path)
    for entry, injected in enumerate(declared):
        expected = {(injected.severity, injected.kind, injected.side, injected.pointer)}
        assert found[entry] == expected, injected.name
