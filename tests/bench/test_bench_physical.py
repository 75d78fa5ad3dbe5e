"""The physical reference (benchmarks/physical.py) does the floor's work without building the
parsed values: the same counts as the floor on the same files, whole, streamed and NDJSON; the
benchmark's cases, the lines that compare it, and the check that its counts are the floor's. No
timing here: the benchmark is ``make bench``."""

from __future__ import annotations

import base64
import io
import json
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import msgspec
import orjson
import pytest

from benchmarks import capture as bench_capture
from benchmarks import floor, physical
from benchmarks import run as bench_run
from benchmarks.table import Case, Measurement, aggregate, bounds, physical_lines


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("capture")
    bench_capture.generate(40, 2, folder)
    return bench_capture.paths(folder, 40, 2)


@pytest.mark.parametrize(("fmt", "stream"), [("har", False), ("har", True), ("ndjson", False)])
def test_the_counts_are_the_floors(tiny: dict[str, Path], fmt: str, stream: bool) -> None:
    mine = physical.scan(tiny[fmt], stream=stream)
    theirs = floor.parse(tiny[fmt], stream=stream)
    assert mine["entries"] == 40
    assert {k: mine[k] for k in ("entries", "parsed", "not_json")} == {
        k: theirs[k] for k in ("entries", "parsed", "not_json")
    }


def har_of(entries: list[dict[str, Any]], *, one_per_line: bool = True) -> bytes:
    if not one_per_line:
        return json.dumps({"log": {"version": "1.2", "entries": entries}}, indent=2).encode()
    lines = b",\n".join(orjson.dumps(e) for e in entries)
    return b'{"log":{"version":"1.2","entries":[\n' + lines + b"\n]}}\n"


def entry(request: str | None, response: str | None, encoding: str | None = None) -> Any:
    content: dict[str, Any] = {"mimeType": "application/json", "size": 0}
    if response is not None:
        content["text"] = response
    if encoding:
        content["encoding"] = encoding
    req: dict[str, Any] = {"method": "POST", "url": "https://h/x", "headers": []}
    if request is not None:
        req["postData"] = {"mimeType": "application/json", "text": request}
    return {"request": req, "response": {"status": 200, "headers": [], "content": content}}


def test_bodies_that_are_not_json_and_base64_bodies(tmp_path: Path) -> None:
    entries = [
        entry('{"limit": 1}', '{"items": [1, 2, {"a": null}]}'),
        entry('{"limit": ', "<html>busy</html>"),  # neither is JSON
        entry(None, base64.b64encode(b'{"total": 3}').decode(), "base64"),
        entry("", ""),  # empty: not a body
        entry("[1, 2", base64.b64encode(b"[1, 2]").decode(), "base64"),
    ]
    har = tmp_path / "made.har"
    har.write_bytes(har_of(entries))
    expected = {"entries": 5, "parsed": 4, "not_json": 3}
    for stream in (False, True):
        counted = physical.scan(har, stream=stream)
        assert {k: counted[k] for k in expected} == expected
        assert floor.parse(har, stream=stream)["parsed"] == 4


def test_the_streamed_reader_refuses_another_layout_and_a_cut_file(tmp_path: Path) -> None:
    entries = [entry('{"limit": 1}', "{}")] * 3
    pretty = tmp_path / "pretty.har"
    pretty.write_bytes(har_of(entries, one_per_line=False))
    assert physical.scan(pretty)["entries"] == 3  # read whole, any layout
    with pytest.raises(ValueError, match="not one HAR entry per line"):
        physical.scan(pretty, stream=True)
    cut = tmp_path / "cut.har"
    cut.write_bytes(har_of(entries).removesuffix(b"\n]}}\n"))
    with pytest.raises(ValueError, match="truncated"):
        physical.scan(cut, stream=True)
    with pytest.raises(msgspec.DecodeError):
        physical.scan(cut)
    broken = tmp_path / "broken.har"
    broken.write_bytes(har_of(entries).replace(b'"status":200', b'"status":2OO', 1))
    for stream in (False, True):
        with pytest.raises(msgspec.DecodeError):  # skipped fields are still checked as JSON
            physical.scan(broken, stream=stream)


def test_the_command_prints_the_counts(tiny: dict[str, Path]) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert physical.main([str(tiny["ndjson"])]) == 0
    printed = json.loads(out.getvalue())
    assert printed["tool"] == "msgspec physical"
    assert printed["entries"] == 40
    assert physical.main([]) == 2


def stats_of(walls: dict[str, tuple[float, str | None]]) -> Any:
    cases = [Case(name, name, "har-100", 100, reference) for name, (_, reference) in walls.items()]
    measurements = [Measurement(name, 0, wall, 1024, wall, 0) for name, (wall, _) in walls.items()]
    return aggregate(cases, measurements)


def test_the_distance_to_the_physical_limit_is_printed() -> None:
    stats = stats_of({
        "ours-har": (3.0, None), "floor-har": (2.0, "ours-har"),
        "physical-har": (0.5, "ours-har"), "ours-ndjson": (4.0, None),
        "physical-ndjson": (1.0, "ours-ndjson"),
    })  # fmt: skip
    assert physical_lines(stats) == [
        "physical limit (HAR, 0.50 s): modelarts-validate 6.00x its wall time, "
        "the orjson floor 4.00x its wall time",
        "physical limit (NDJSON, 1.00 s): modelarts-validate 4.00x its wall time",
    ]
    assert bounds(stats) == []  # no other tool measured: nothing to bound
    assert physical_lines(stats_of({"ours-har": (3.0, None)})) == []


def manifest(tmp_path: Path) -> dict[str, Any]:
    return {
        "entries": 10,
        "files": {f: {"path": str(tmp_path / f"c.{f}")} for f in ("har", "ndjson")},
    }


def test_the_benchmark_runs_it_beside_the_floor_unless_skipped(tmp_path: Path) -> None:
    m = manifest(tmp_path)
    cases, argvs = bench_run.build_cases(m, m, {"redocly"}, None, 10, False, tmp_path / "s.yaml")
    names = [c.name for c in cases]
    for name in ("physical-har", "physical-har-stream", "physical-ndjson"):
        assert name in names
        assert argvs[name][1:3] == ["-m", "benchmarks.physical"]
    assert "--stream" in argvs["physical-har-stream"]
    assert physical.DESCRIPTION in next(c.note for c in cases if c.name == "physical-har")
    skipped, _ = bench_run.build_cases(
        m, m, set(), None, 10, False, tmp_path / "s.yaml", physical=False
    )
    assert not [c for c in skipped if c.name.startswith("physical")]


def test_the_counts_are_checked_against_the_floors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench_run, "OUT", tmp_path)
    counts = {"entries": 10, "parsed": 19, "not_json": 1}
    (tmp_path / "floor-har.stdout").write_bytes(orjson.dumps({"tool": "floor", **counts}))
    (tmp_path / "physical-har.stdout").write_bytes(orjson.dumps({"tool": "x", **counts}))
    (tmp_path / "floor-ndjson.stdout").write_bytes(orjson.dumps({**counts, "parsed": 18}))
    (tmp_path / "physical-ndjson.stdout").write_bytes(orjson.dumps(counts))
    cases = [
        Case(n, n, "har-10", 10) for n in ("physical-har", "physical-ndjson", "physical-har-stream")
    ]
    assert bench_run.scan_agreement(cases) == [
        "counts of physical-har: entries 10, parsed 19, not_json 1: the same as floor-har's",
        "counts of physical-ndjson: entries 10, parsed 19, not_json 1: DIFFERENT from "
        "floor-ndjson's",
        "counts of physical-har-stream: not comparable with floor-har-stream's (no output)",
    ]
