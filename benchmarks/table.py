"""The benchmark's arithmetic: medians of repeated runs, ratios against ``modelarts-validate``,
the targets (``targets``) as PASS/MISS, and the printed table.

Kept apart from the running (``run``) so that it can be tested on made-up figures.

Ratios are of *time per entry*, against ``modelarts-validate`` on the same file (the HAR, or the
NDJSON for the NDJSON floor), so that a tool run on a prefix of the capture (openapi-core) is
compared at the same rate: a ratio of 3.0 means the tool needs three times as long per exchange.
The openapi-core throughput is taken from its validation loop alone (start-up excluded), which
favours it.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from typing import Any

MB = 1024  # ru_maxrss and /proc are in KiB: figures are printed in MiB
RSS_LIMIT_MIB = 64
FLAT = 1.10  # "flat": the large capture's peak RSS at most 10% above the small one's


@dataclass(frozen=True, slots=True)
class Case:
    """One command measured: ``name`` is its key in results, ``capture`` the file's format and
    size (``har-20000``), ``reference`` the case its ratios are against."""

    name: str
    label: str
    capture: str
    entries: int  # exchanges the command processes
    reference: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Measurement:
    case: str
    round: int
    wall_s: float
    rss_kib: int  # peak resident set: of the process tree (see measure.measure)
    cpu_s: float  # user + system, of the process and the children it waited for
    exit_code: int
    loop_s: float | None = None  # the tool's own timing of its work loop, when it prints one
    pss_kib: int | None = None  # peak proportional set size of the tree, as sampled


@dataclass(slots=True)
class Stats:
    case: Case
    walls: list[float]
    rss: list[int]
    cpus: list[float]
    loops: list[float] = field(default_factory=list)
    pss: list[int] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def peak_rss_mib(self) -> float:
        return max(self.rss) / MB

    @property
    def peak_pss_mib(self) -> float | None:
        return max(self.pss) / MB if self.pss else None

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    @property
    def per_entry(self) -> float:
        """Seconds per exchange: the tool's own loop time when it has one, else wall time."""
        seconds = statistics.median(self.loops) if self.loops else self.wall
        return seconds / self.case.entries

    @property
    def throughput(self) -> float:
        return 1 / self.per_entry

    def as_dict(self) -> dict[str, Any]:
        return {
            **asdict(self.case),
            "wall_s_median": round(self.wall, 3),
            "wall_s_runs": [round(w, 3) for w in self.walls],
            "peak_rss_mib": round(self.peak_rss_mib, 1),
            "rss_mib_runs": [round(r / MB, 1) for r in self.rss],
            "peak_pss_mib": None if self.peak_pss_mib is None else round(self.peak_pss_mib, 1),
            "cpu_s_median": round(self.cpu, 3),
            "loop_s_runs": [round(s, 3) for s in self.loops],
            "entries_per_s": round(self.throughput, 1),
        }


def aggregate(cases: list[Case], measurements: list[Measurement]) -> dict[str, Stats]:
    stats: dict[str, Stats] = {}
    for case in cases:
        runs = [m for m in measurements if m.case == case.name]
        if runs:
            loops = [m.loop_s for m in runs if m.loop_s is not None]
            stats[case.name] = Stats(
                case, [m.wall_s for m in runs], [m.rss_kib for m in runs],
                [m.cpu_s for m in runs], loops, [m.pss_kib for m in runs if m.pss_kib],
            )  # fmt: skip
    return stats


def ratio(stats: dict[str, Stats], name: str) -> float | None:
    """Time per entry of ``name`` over that of its reference (None without one)."""
    case = stats[name].case
    if case.reference is None or case.reference not in stats:
        return None
    return stats[name].per_entry / stats[case.reference].per_entry


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    passed: bool | None  # None: could not be measured
    value: str
    goal: str


def targets(stats: dict[str, Stats]) -> list[Target]:
    """The benchmark's targets, on the medians (peak RSS: the worst run). Each speed target is
    judged on the single-core run (``ours-har``, ``ours-ndjson``) and, when measured, on the run
    with ``--jobs 2`` (``... --jobs 2``): both must meet it. Peak RSS is every process's RSS added
    up, so the ``--jobs`` runs carry their workers."""
    results: list[Target] = []

    def add(name: str, goal: str, value: float | None, passed: bool | None, unit: str) -> None:
        shown = "not measured" if value is None else f"{value:.2f}{unit}"
        results.append(Target(name, passed, shown, goal))

    def at_least(name: str, goal: float, value: float | None) -> None:
        add(name, f">= {goal:g}x", value, None if value is None else value >= goal, "x")

    def variants(fmt: str) -> list[tuple[str, Stats | None]]:
        """The single-core run, and the --jobs 2 run when there is one."""
        found = [("", stats.get(f"ours-{fmt}"))]
        if f"ours-{fmt}-jobs2" in stats:
            found.append((", --jobs 2", stats[f"ours-{fmt}-jobs2"]))
        return found

    redocly = stats.get("redocly-har")
    for suffix, mine in variants("har"):
        speedup = None if mine is None or redocly is None else redocly.wall / mine.wall
        at_least(f"faster than Redocly drift (HAR, wall{suffix})", 2, speedup)
    ours = [s for name, s in stats.items() if name.startswith("ours-")]
    for s in sorted(ours, key=lambda s: s.case.name):
        add(f"peak RSS, {s.case.label} ({s.case.capture})", f"<= {RSS_LIMIT_MIB} MiB", s.peak_rss_mib,
            s.peak_rss_mib <= RSS_LIMIT_MIB, " MiB")  # fmt: skip
        if "--jobs" in s.case.label:  # forked workers share pages: their PSS too
            pss = s.peak_pss_mib
            add(f"peak PSS, {s.case.label} ({s.case.capture})", f"<= {RSS_LIMIT_MIB} MiB", pss,
                None if pss is None else pss <= RSS_LIMIT_MIB, " MiB")  # fmt: skip
    for fmt in ("har", "ndjson"):
        big, small = stats.get(f"ours-{fmt}"), stats.get(f"ours-{fmt}-small")
        growth = None if big is None or small is None else big.peak_rss_mib / small.peak_rss_mib
        flat = None if growth is None else growth <= FLAT
        add(f"RSS flat from {small.case.entries if small else '?'} to "
            f"{big.case.entries if big else '?'} entries ({fmt.upper()})",
            f"<= {FLAT:.2f}x", growth, flat, "x")  # fmt: skip
    core = stats.get("openapi-core-har")
    for suffix, mine in variants("har"):
        factor = None if mine is None or core is None else mine.throughput / core.throughput
        at_least(f"throughput vs openapi-core{f' ({suffix[2:]})' if suffix else ''}", 100, factor)
    for fmt in ("har", "ndjson"):
        floor = stats.get(f"floor-{fmt}")
        for suffix, tool in variants(fmt):
            over = None if floor is None or tool is None else tool.wall / floor.wall
            add(f"wall vs orjson floor ({fmt.upper()}{suffix})", "<= 2x", over,
                None if over is None else over <= 2, "x")  # fmt: skip
    return results


def bounds(stats: dict[str, Stats]) -> list[str]:
    """What the floor itself reaches against the targets that compare with other tools: a tool
    that parses every body cannot beat its floor, so a target beyond these is out of reach for
    any such tool on this capture and machine."""
    lines = []
    redocly = stats.get("redocly-har")
    core = stats.get("openapi-core-har")
    for name in (
        "floor-har", "floor-har-stream", "floor-ndjson",
        "physical-har", "physical-har-stream", "physical-ndjson",
    ):  # fmt: skip
        floor = stats.get(name)
        if floor is None:
            continue
        parts = []
        if redocly is not None and name.startswith("floor-har"):
            parts.append(f"{redocly.wall / floor.wall:.2f}x faster than Redocly drift")
        if core is not None:
            parts.append(f"{floor.throughput / core.throughput:.1f}x openapi-core's throughput")
        if parts:
            lines.append(f"bound  {floor.case.label}: {', '.join(parts)}")
    return lines


def physical_lines(stats: dict[str, Stats]) -> list[str]:
    """How far from the limit: ``modelarts-validate`` and the orjson floor against the physical
    reference on the same file (wall time over its wall time; 1.00x would be the limit)."""
    lines = []
    pairs = (
        ("HAR", "physical-har", "ours-har", "floor-har"),
        ("HAR streamed", "physical-har-stream", "ours-har", "floor-har-stream"),
        ("NDJSON", "physical-ndjson", "ours-ndjson", "floor-ndjson"),
    )
    for label, name, ours_name, floor_name in pairs:
        physical = stats.get(name)
        if physical is None:
            continue
        parts = [
            f"{who} {stats[other].wall / physical.wall:.2f}x its wall time"
            for who, other in (("modelarts-validate", ours_name), ("the orjson floor", floor_name))
            if other in stats
        ]
        if parts:
            lines.append(f"physical limit ({label}, {physical.wall:.2f} s): {', '.join(parts)}")
    return lines


def render(stats: dict[str, Stats], order: list[str]) -> str:
    header = (
        f"{'case':<38}{'capture':<13}{'entries':>8}{'wall s':>8}{'(min-max)':>14}{'peak RSS':>10}"
        f"{'PSS':>8}{'CPU s':>8}{'entries/s':>11}{'x ours':>8}"
    )
    lines = [header, "-" * len(header)]
    for name in order:
        if name not in stats:
            continue
        s = stats[name]
        r = ratio(stats, name)
        pss = "-" if s.peak_pss_mib is None else f"{s.peak_pss_mib:.0f} MB"
        spread = f"({min(s.walls):.2f}-{max(s.walls):.2f})"
        lines.append(
            f"{s.case.label:<38}{s.case.capture:<13}{s.case.entries:>8}{s.wall:>8.2f}{spread:>14}"
            f"{s.peak_rss_mib:>7.0f} MB{pss:>8}{s.cpu:>8.2f}{s.throughput:>11.0f}"
            f"{'' if r is None else f'{r:.2f}':>8}"
        )
        if s.case.note:
            lines.append(f"{'':<4}{s.case.note}")
    lines.append(
        "x ours: time per entry over modelarts-validate's on the same file; peak RSS: worst of "
        "the runs, every process of the tree added up; PSS: the same with shared pages split "
        "between the processes sharing them (sampled every 25 ms)"
    )
    return "\n".join(lines)


def render_targets(results: list[Target]) -> str:
    lines = []
    for t in results:
        verdict = {True: "PASS", False: "MISS", None: "n/a "}[t.passed]
        lines.append(f"{verdict}  {t.name}: {t.value} (target {t.goal})")
    return "\n".join(lines)
