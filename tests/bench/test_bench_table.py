"""Smoke tests of the benchmark's result logic (benchmarks/table.py, benchmarks/verdicts.py) on
made-up figures: medians, ratios per entry, PASS/MISS, and the tools' outputs read back into
verdicts against a manifest. No timing here: the benchmark is ``make bench``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from benchmarks import verdicts as bench_verdicts
from benchmarks.table import (
    Case,
    Measurement,
    aggregate,
    bounds,
    ratio,
    render,
    render_targets,
    targets,
)

MIB = 1024


def stats_of(
    rows: dict[str, tuple[Case, list[tuple[float, float]]]], loops: float | None = None
) -> Any:
    cases = [case for case, _ in rows.values()]
    measurements = [
        Measurement(case.name, i, wall, int(rss * MIB), wall, 0,
                    loops if case.name.startswith("openapi-core") else None)
        for case, runs in rows.values()
        for i, (wall, rss) in enumerate(runs)
    ]  # fmt: skip
    return aggregate(cases, measurements)


def figures(ours_wall: float = 4.0, ours_rss: float = 50.0) -> Any:
    return stats_of(
        {
            "ours-har": (Case("ours-har", "ours", "har-20000", 20_000),
                         [(ours_wall, ours_rss), (ours_wall + 1, ours_rss), (ours_wall - 1, 40)]),
            "ours-har-small": (Case("ours-har-small", "ours", "har-2000", 2000), [(0.6, 48.0)]),
            "floor-har": (Case("floor-har", "floor", "har-20000", 20_000, "ours-har"), [(2.5, 900)]),
            "redocly-har": (Case("redocly-har", "redocly", "har-20000", 20_000, "ours-har"),
                            [(9.0, 880), (8.0, 870), (10.0, 890)]),
            "openapi-core-har": (Case("openapi-core-har", "core", "har-20000", 1000, "ours-har"),
                                 [(12.0, 1000)]),
        },
        loops=10.0,
    )  # fmt: skip


def test_medians_peaks_and_ratios_per_entry() -> None:
    stats = figures()
    assert stats["ours-har"].wall == 4.0
    assert stats["ours-har"].peak_rss_mib == 50.0
    assert stats["redocly-har"].wall == 9.0
    assert ratio(stats, "redocly-har") == 9.0 / 4.0
    assert ratio(stats, "ours-har") is None
    # openapi-core ran 1000 entries: its loop took 10 s, 0.01 s per entry, against 0.0002
    assert round(ratio(stats, "openapi-core-har") or 0, 6) == 50.0
    assert stats["openapi-core-har"].throughput == 100.0


def test_targets_pass_and_miss() -> None:
    verdicts = {t.name: t.passed for t in targets(figures())}
    assert verdicts["faster than Redocly drift (HAR, wall)"] is True
    assert verdicts["peak RSS, ours (har-20000)"] is True
    assert verdicts["RSS flat from 2000 to 20000 entries (HAR)"] is True
    assert verdicts["RSS flat from ? to ? entries (NDJSON)"] is None
    assert verdicts["throughput vs openapi-core"] is False  # 5000/s against 100/s: 50x
    assert verdicts["wall vs orjson floor (HAR)"] is True
    assert verdicts["wall vs orjson floor (NDJSON)"] is None
    slow = {t.name: t.passed for t in targets(figures(ours_wall=6.0, ours_rss=70.0))}
    assert slow["faster than Redocly drift (HAR, wall)"] is False
    assert slow["peak RSS, ours (har-20000)"] is False
    assert slow["RSS flat from 2000 to 20000 entries (HAR)"] is False
    assert slow["wall vs orjson floor (HAR)"] is False


def test_jobs_runs_are_judged_beside_the_single_core_ones() -> None:
    stats = figures(ours_wall=6.0)
    two = Case("ours-har-jobs2", "ours --jobs 2", "har-20000", 20_000, "ours-har")
    stats = stats_of(
        {name: (s.case, list(zip(s.walls, [s.peak_rss_mib] * len(s.walls), strict=True)))
         for name, s in stats.items()} | {"ours-har-jobs2": (two, [(3.5, 120.0)])},
        loops=10.0,
    )  # fmt: skip
    stats["ours-har-jobs2"].pss = [int(61.5 * MIB)]
    verdicts = {t.name: t.passed for t in targets(stats)}
    assert verdicts["peak PSS, ours --jobs 2 (har-20000)"] is True
    assert "peak PSS, ours (har-20000)" not in verdicts  # one process: RSS is judged
    assert verdicts["faster than Redocly drift (HAR, wall)"] is False  # 9.0 / 6.0
    assert verdicts["faster than Redocly drift (HAR, wall, --jobs 2)"] is True  # 9.0 / 3.5
    assert verdicts["wall vs orjson floor (HAR)"] is False  # 6.0 / 2.5
    assert verdicts["wall vs orjson floor (HAR, --jobs 2)"] is True  # 3.5 / 2.5
    assert verdicts["throughput vs openapi-core (--jobs 2)"] is False
    assert verdicts["peak RSS, ours --jobs 2 (har-20000)"] is False  # the workers count
    assert "wall vs orjson floor (NDJSON, --jobs 2)" not in verdicts


def test_the_table_and_the_targets_print() -> None:
    stats = figures()
    table = render(stats, ["ours-har", "redocly-har", "openapi-core-har", "missing"])
    assert "redocly" in table
    assert "2.25" in table  # redocly's x ours
    assert "missing" not in table
    text = render_targets(targets(stats))
    assert "PASS  faster than Redocly drift (HAR, wall): 2.25x (target >= 2x)" in text
    assert "MISS  throughput vs openapi-core: 50.00x (target >= 100x)" in text
    assert "n/a   wall vs orjson floor (NDJSON): not measured" in text


def test_the_floor_bounds_what_any_parsing_tool_can_reach() -> None:
    # the floor: 2.5 s for 20,000 entries (8,000/s); Redocly 9 s; openapi-core 100/s
    assert bounds(figures()) == [
        "bound  floor: 3.60x faster than Redocly drift, 80.0x openapi-core's throughput"
    ]


MANIFEST: dict[str, Any] = {
    "entries": 7,
    "categories": {"conforming": [0], "violation": [1, 2, 3, 6], "drift": [4], "unmatched": [5]},
    "injected": {
        "1": [{"name": "request-limit-51", "severity": "error", "side": "request"}],
        "2": [{"name": "status-302", "severity": "error", "side": "response"}],
        "3": [{"name": "wrong-content-type", "severity": "error", "side": "response"},
              {"name": "job-train-type", "severity": "warning", "side": "response"}],
        "4": [{"name": "exit-code-int32-overflow", "severity": "warning", "side": "response"},
              {"name": "job-train-type", "severity": "warning", "side": "response"}],
        "6": [{"name": "request-order-enum", "severity": "error", "side": "request"}],
    },
    "statuses": {"2": 302, "6": 429},
}  # fmt: skip


def test_our_report_is_read_into_verdicts(tmp_path: Path) -> None:
    report = {
        "summary": {"entries": 7, "unmatched": 1, "with_errors": 4},
        "findings": [
            {"entry": 1, "severity": "error", "kind": "schema-violation"},
            {"entry": 2, "severity": "error", "kind": "undocumented-status"},
            {"entry": 3, "severity": "error", "kind": "wrong-content-type"},
            {"entry": 3, "severity": "warning", "kind": "undocumented-field"},
            {"entry": 4, "severity": "warning", "kind": "integer-out-of-range"},
            {"entry": 6, "severity": "error", "kind": "schema-violation"},
        ],
    }
    (tmp_path / "ours.json").write_bytes(orjson.dumps(report))
    found = bench_verdicts.ours(tmp_path / "ours.json")
    comparison = bench_verdicts.compare(found, MANIFEST)
    assert (comparison["agree"], comparison["missed"], comparison["extra"]) == (4, 0, 0)
    assert comparison["found_drift_only"] == comparison["drift_only_agree"] == 1
    assert comparison["found_unmatched"] == comparison["expected_unmatched"] == 1
    assert bench_verdicts.explain(comparison) == []


def test_redocly_csv_is_read_and_its_differences_explained(tmp_path: Path) -> None:
    header = "run_id,finding_id,exchange_index,severity,category,rule_id,message\n"
    rows = [
        "r,a,0,info,documentation,schema-consistency,Undocumented header",
        "r,b,1,error,schema,schema-consistency,limit must be <= 50",
        "r,c,1,error,schema,schema-consistency,another finding on the same exchange",
        "r,d,4,error,schema,schema-consistency,exit_code must be <= 2147483647",
        "r,e,5,error,endpoint,undocumented-endpoint,Undocumented endpoint",
    ]
    (tmp_path / "drift.csv").write_text(header + "\n".join(rows) + "\n")
    found = bench_verdicts.redocly(tmp_path / "drift.csv", 7)
    assert found.violating == {1, 4}
    assert found.unmatched == 1
    comparison = bench_verdicts.compare(found, MANIFEST)
    assert comparison["missed_by_mutation"] == {
        "status-302": 1,
        "wrong-content-type": 1,
        bench_verdicts.ANSWERED_4XX: 1,  # entry 6: a bad request answered 429
    }
    assert comparison["extra_by_mutation"] == {"exit-code-int32-overflow": 1}  # not job-train-type
    lines = bench_verdicts.explain(comparison)
    assert len(lines) == 4
    assert not any("unexplained" in line for line in lines)


def test_a_prefix_is_compared_on_the_prefix_only(tmp_path: Path) -> None:
    output = {"entries": 3, "unmatched": 0, "with_errors": 2, "violating": [1, 2]}
    (tmp_path / "core.json").write_bytes(orjson.dumps(output))
    comparison = bench_verdicts.compare(
        bench_verdicts.openapi_core(tmp_path / "core.json"), MANIFEST, 3
    )
    assert comparison["expected_violating"] == 2
    assert comparison["agree"] == 2
    assert comparison["expected_unmatched"] == 0
    unknown = bench_verdicts.compare(bench_verdicts.Verdicts("other", 7, {0}), MANIFEST)
    assert unknown["reasons"]["(nothing injected)"] == "unexplained"


def test_the_cost_of_coverage_is_the_median_of_paired_ratios() -> None:
    from benchmarks.run import coverage_lines, paired_ratios

    # (wall, CPU) without, then with: wall ratios 1.10, 1.30, 1.05; CPU 1.10, 1.20, 1.02
    pairs = [(5.0, 4.0, 5.5, 4.4), (4.0, 4.0, 5.2, 4.8), (6.0, 5.0, 6.3, 5.1)]
    wall, cpu = paired_ratios(pairs)
    assert (round(wall, 3), round(cpu, 3)) == (1.1, 1.1)
    stats = stats_of(
        {
            "ours-har": (Case("ours-har", "ours", "har-20000", 20_000), [(4.0, 40), (4.0, 40)]),
            # by the interleaved rounds' medians: 1.25x, missed
            "ours-har-coverage": (
                Case("ours-har-coverage", "ours", "har-20000", 20_000, "ours-har"),
                [(5.0, 40), (5.0, 40)],
            ),
        }
    )
    [rounds] = coverage_lines(stats)
    assert "1.250x" in rounds
    assert "interleaved" in rounds
    assert rounds.endswith("MISSED")
    [paired] = coverage_lines(stats, {"ours-har-coverage": pairs})
    assert "1.100x" in paired
    assert "median of 3 back-to-back pairs; CPU 1.100x" in paired
    assert paired.endswith(": met")
    slow = [(4.0, 4.0, 4.8, 4.8)] * 3  # 1.20x
    assert coverage_lines(stats, {"ours-har-coverage": slow})[0].endswith("MISSED")


def test_against_the_floor_back_to_back_is_the_median_of_paired_ratios() -> None:
    from benchmarks.run import floor_lines

    # (floor wall, CPU, ours wall, CPU): ours over the floor 0.90, 1.10, 0.95
    pairs = [(4.0, 4.0, 3.6, 3.5), (3.0, 3.0, 3.3, 3.2), (2.0, 2.0, 1.9, 1.9)]
    [line] = floor_lines({"ours-ndjson": pairs})
    assert line.startswith("ours-ndjson vs floor-ndjson, back to back: 0.950x wall")
    assert "median of 3 pairs, 0.90x-1.10x" in line
    assert line.endswith(": met")
    [slow] = floor_lines({"ours-har": [(2.0, 2.0, 2.2, 2.2)]})
    assert "1.100x" in slow
    assert slow.endswith("MISSED")
    assert floor_lines({"ours-har": []}) == []


def test_back_to_back_pairs_swap_their_order_and_check_each_exit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from benchmarks import run

    ran: list[str] = []
    walls = {"floor-har": 2.0, "ours-har": 1.5}

    def measure(argv: list[str], *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        ran.append(argv[0])
        return walls[argv[0]], None, walls[argv[0]] - 0.1, 0, None

    monkeypatch.setattr(run, "measure", measure)
    argvs = {"floor-har": ["floor-har"], "ours-har": ["ours-har"], "ours-ndjson": ["x"]}
    cases = [Case(name, name, "har-2", 2) for name in ("floor-har", "ours-har", "ours-ndjson")]
    found = run.floor_pairs(cases, argvs, 3, {})
    assert ran == ["floor-har", "ours-har", "ours-har", "floor-har", "floor-har", "ours-har"]
    assert found == {"ours-har": [(2.0, 1.9, 1.5, 1.4)] * 3}  # (no floor-ndjson: not paired)

    def failing(argv: list[str], *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        return 1.0, None, 1.0, 1, None  # the floor exits 1: it never does

    monkeypatch.setattr(run, "measure", failing)
    with pytest.raises(SystemExit, match="floor-har failed"):
        run.floor_pairs(cases, argvs, 1, {})
